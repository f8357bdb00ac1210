"""The F1DB importer on a small tree of its layout: what each file becomes, car keys,
knowledge-time order, and every malformed tree refused in one line, nothing written."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from champengine.importers.f1db import season_events
from champengine.importers.f1db_cars import car_base
from champengine.importers.f1db_load import project_lines
from champengine.importers.f1db_tree import Ids, TreeError, read_season
from f1db_tree import dump, make_tree

ANN = "scuderia/rossa:rossa/ann-alpha"
BOB = "scuderia/rossa:rossa/bob-beta"
CY = "verde-team/verde:motor/cy-gamma"
DI = "verde-team/verde:motor/di-delta"


@pytest.fixture
def tree(tmp_path):
    return make_tree(tmp_path)


def mapped(tree, year=1999):
    data, rules_dir = tree
    rules, decisions = project_lines(str(rules_dir), year)
    items = season_events(read_season(str(data), year), Ids(str(data)), str(data), rules,
                          decisions)
    return [p for _, p in items]


def of(events, name):
    return [p.payload for p in events if type(p.payload).__name__ == name]


def test_the_calendar_is_keyed_by_grand_prix_in_f1db_round_order(tree):
    rounds = of(mapped(tree), "RoundScheduled")
    assert [(r.round, r.name, r.circuit, r.country, str(r.date)) for r in rounds] == [
        ("italy", "Italian Grand Prix", "The Ring", "ITA", "1999-04-04"),
        ("britain", "British Grand Prix", "Park Circuit", "GBR", "1999-05-02")]


def test_a_car_keeps_its_key_all_season_and_shared_rows_crew_the_car_above(tree):
    events = mapped(tree)
    nominated = [(n.round, n.car, n.driver) for n in of(events, "DriverNominated")]
    assert ("italy", ANN, "ann-alpha") in nominated
    assert ("italy", ANN, "bob-beta") in nominated  # sharedCar: true
    assert ("italy", BOB, "bob-beta") in nominated  # and his own car: two cars, one race
    assert ("britain", BOB, "bob-beta") in nominated
    entries = {e.car: e for e in of(events, "EntryRegistered")}
    assert set(entries) == {ANN, BOB, CY, DI, "scuderia/rossa:rossa/di-delta"}
    assert (entries[ANN].team, entries[ANN].make, entries[ANN].engine_make,
            entries[ANN].chassis, entries[ANN].engine, entries[ANN].tyres,
            entries[ANN].team_nationality) == (
        "Scuderia Rossa", "rossa", "rossa", "Rossa 1", "Rossa V12", "Gomma", "ITA")
    assert entries[DI].from_round == "britain"


def test_rows_in_finishing_order_non_starters_left_out_excluded_as_disqualified(tree):
    races = {(r.round, r.session): r for r in of(mapped(tree), "RaceClassified")}
    italy = races["italy", "race"]
    assert [(r.car, r.status, r.laps) for r in italy.rows] == [
        (ANN, "classified", 10), (CY, "classified", 9), (BOB, "DNF", 3)]
    assert (italy.laps, italy.scheduled_laps) == (10, 12)
    britain = races["britain", "race"]
    assert [(r.car, r.status) for r in britain.rows] == [
        (BOB, "classified"), (CY, "classified"), (ANN, "DNF"), (DI, "DSQ")]
    assert (britain.laps, britain.scheduled_laps) == (10, 10)
    sprint = races["britain", "sprint"]
    assert [r.car for r in sprint.rows] == [CY, BOB]
    assert (sprint.laps, sprint.scheduled_laps) == (5, 5)


def test_a_shared_fastest_lap_has_every_holder_and_the_grid_gives_the_pole(tree):
    events = mapped(tree)
    (lap,) = of(events, "FastestLapSet")
    assert [(h.car, h.driver) for h in lap.holders] == [(ANN, "ann-alpha"), (CY, "cy-gamma")]
    assert [(p.round, p.car) for p in of(events, "PoleAwarded")] == [("italy", CY)]


def test_drivers_and_makes_once_each_with_nationality_codes(tree):
    events = mapped(tree)
    drivers = {d.driver: d.nationality for d in of(events, "DriverRegistered")}
    assert drivers == {"ann-alpha": "ITA", "bob-beta": "GBR", "cy-gamma": "ITA",
                       "di-delta": "GBR"}
    assert sorted(m.make for m in of(events, "MakeRegistered")) == ["motor", "rossa", "verde"]


def test_knowledge_time_never_goes_back_and_a_decision_lands_at_its_date(tree):
    events = mapped(tree)
    times = [p.recorded_at for p in events]
    assert times == sorted(times)
    kinds = [type(p.payload).__name__ for p in events]
    assert kinds[:3] == ["SeasonOpened", "ClassAdded", "RoundScheduled"]
    adjusted = kinds.index("PointsAdjusted")
    assert kinds.index("RaceClassified") < adjusted < len(kinds) - 1 - kinds[::-1].index(
        "DriverNominated")
    assert len({p.id for p in events}) == len(events)


def test_the_same_tree_maps_to_the_same_ids(tree):
    assert [p.id for p in mapped(tree)] == [p.id for p in mapped(tree)]


def test_a_car_key_names_entrant_constructor_engine_and_driver(tree):
    data, _ = tree
    season = read_season(str(data), 1999)
    from champengine.importers.f1db_cars import seats

    (seat,) = seats(season.entrants, "entrants.yml")[("ann-alpha", "rossa", "rossa")]
    assert car_base(seat, "ann-alpha") == ANN


def test_one_driver_heading_two_cars_of_one_entrant_gives_the_second_its_own_key(tree):
    data, _ = tree
    path = data / "seasons" / "1999" / "races" / "01-italy" / "race-results.yml"
    from f1db_tree import RACES, ROSSA, row

    rows = [*RACES["01-italy"]["race-results.yml"], row("DNF", "ann-alpha", *ROSSA, laps=1)]
    dump(path, rows)
    cars = [r.car for r in of(mapped(tree), "RaceClassified")[0].rows]
    assert cars.count(ANN) == 1 and f"{ANN}~2" in cars


def _broken(tree, how):
    data, rules = tree
    race = data / "seasons" / "1999" / "races" / "01-italy"
    if how == "missing":
        os.remove(race / "race.yml")
        return "race.yml: missing"
    if how == "yaml":
        (race / "race-results.yml").write_text("- position: 1\n  driverId: [x\n")
        return "race-results.yml: YAML error"
    if how == "unknown id":
        os.remove(data / "drivers" / "cy-gamma.yml")
        return "drivers id 'cy-gamma' is defined by no file"
    if how == "round numbers":
        os.rename(race, race.parent / "03-italy")
        return "out of order"
    if how == "round dates":
        dump(race / "race.yml", {"round": 1, "date": dt.date(1999, 6, 1), "grandPrixId": "italy",
                                 "circuitId": "ring", "laps": 10})
        return "round 2 out of order"
    if how == "results gap":
        os.remove(race / "race-results.yml")
        return "missing, though a later race has results"
    if how == "no rules":
        os.remove(rules / "rules" / "1990-1999.jsonl")
        return "no rules file covers 1999"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["missing", "yaml", "unknown id", "round numbers",
                                 "round dates", "results gap", "no rules"])
def test_a_malformed_tree_is_one_line_naming_the_file_and_nothing_is_written(tree, tmp_path,
                                                                             how):
    expected = _broken(tree, how)
    with pytest.raises(TreeError, match=expected):
        mapped(tree)
    log = tmp_path / "f1.log"
    runner = CliRunner()
    assert runner.invoke(cli, ["--log", str(log), "init"]).exit_code == 0
    before = log.read_bytes()
    data, rules = tree
    result = runner.invoke(cli, ["--log", str(log), "import-f1db", str(data.parent),
                                 "--rules", str(rules)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("champ: error")]
    assert len(errors) == 1 and expected in errors[0], result.output
    assert "Traceback" not in result.output
    assert log.read_bytes() == before


def test_a_season_the_tree_does_not_hold_is_refused(tree, tmp_path):
    data, rules = tree
    log = tmp_path / "f1.log"
    runner = CliRunner()
    runner.invoke(cli, ["--log", str(log), "init"])
    result = runner.invoke(cli, ["--log", str(log), "import-f1db", str(data), "--rules",
                                 str(rules), "--season", "1998"])
    assert result.exit_code == 1 and "no season 1998" in result.output


def test_every_event_is_decided_and_the_same_tree_imported_again_changes_nothing(tree,
                                                                                  tmp_path):
    data, rules = tree
    log = tmp_path / "f1.log"
    runner = CliRunner()
    runner.invoke(cli, ["--log", str(log), "init"])
    args = ["--log", str(log), "import-f1db", str(data.parent), "--rules", str(rules)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "imported 1 seasons" in first.output
    size = log.stat().st_size
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and ", 0 events" in again.output, again.output
    assert "already in the log" in again.output and log.stat().st_size == size
    shown = runner.invoke(cli, ["--log", str(log), "--season", "f1-1999", "calendar"])
    assert "italy" in shown.output and "britain" in shown.output
