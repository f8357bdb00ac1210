"""The FIA WEC 2024, 2025 and 2026 seasons built from the timing files
(tools/wec_seasons.py): each log is what the tool builds, and its standings match the
published ones row by row where a source gives them (events/README.md lists the sources
and the rows that do not match)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from champengine.cli import cli

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "events" / "wec-2025.jsonl"
TIMING = ROOT.parent / "shared" / "timing" / "wec" / "2025"
SEASONS = [2024, 2025, 2026]


def tool():
    spec = importlib.util.spec_from_file_location("wec_seasons", ROOT / "tools" / "wec_seasons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not TIMING.exists(), reason="the shared timing files are not here")
@pytest.mark.parametrize("year", SEASONS)
def test_the_season_log_is_what_the_tool_builds_from_the_files(year):
    built = tool().build(year)
    log = ROOT / "events" / f"wec-{year}.jsonl"
    shipped = [json.loads(line) for line in log.read_text().splitlines()]
    assert built == shipped


def totals(table: str, class_: str, after: str, log: Path = LOG) -> dict[str, float]:
    result = CliRunner().invoke(cli, ["--log", str(log), "standings", "--class", class_,
                                      "--table", table, "--after-round", after,
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {row["name"]: row["total"] for row in json.loads(result.stdout)["rows"]}


#: (after round, driver, total) as published
PUBLISHED = [
    # speedweek.com/fiawec/news/235907 (after Spa): 75, 57, 39, 37
    ("spa", "Alessandro PIER GUIDI", 75), ("spa", "James CALADO", 75),
    ("spa", "Antonio FUOCO", 57), ("spa", "Miguel MOLINA", 57),
    ("spa", "Robert KUBICA", 39), ("spa", "Sébastien BUEMI", 37),
    # speedweek.com/fiawec/news/237506 (after Le Mans, #50 disqualified): 105, 89, 57, 44, 42
    ("le-mans", "James CALADO", 105), ("le-mans", "Robert KUBICA", 89),
    ("le-mans", "Nicklas NIELSEN", 57), ("le-mans", "Mike CONWAY", 44),
    ("le-mans", "Kévin ESTRE", 42),
    # speedweek.com/fiawec/news/238651 (after Sao Paulo): 105, 93, 68 (with its pole), 57, 54
    ("sao-paulo", "Alessandro PIER GUIDI", 105), ("sao-paulo", "Robert KUBICA", 93),
    ("sao-paulo", "Alex LYNN", 68), ("sao-paulo", "Antonio FUOCO", 57),
    ("sao-paulo", "Kévin ESTRE", 54),
    # europesays.com/it/97510 (after COTA): #51 115, #83 100 (its pole with it), #6 79, #50 75
    ("cota", "James CALADO", 115), ("cota", "Robert KUBICA", 100),
    ("cota", "Laurens VANTHOOR", 79), ("cota", "Miguel MOLINA", 75),
    # speedweek.com/fiawec/news/241711 (after Fuji, round 7): 115, 102, 94, 75; #83's 102
    # with its COTA pole and the place #94's post-race penalty gave it at Fuji
    ("fuji", "Antonio GIOVINAZZI", 115), ("fuji", "Philip HANSON", 102),
    ("fuji", "Norman NATO", 81),
    ("fuji", "Yifei YE", 102), ("fuji", "Kévin ESTRE", 94),
    ("fuji", "Laurens VANTHOOR", 94), ("fuji", "Nicklas NIELSEN", 75),
]


@pytest.mark.parametrize(("after", "driver", "total"), PUBLISHED)
def test_hypercar_drivers_match_the_published_standings(after, driver, total):
    assert totals("drivers", "HYPERCAR", after)[driver] == total


#: (table, class, after round, name, total) as published, other tables than Hypercar drivers
PUBLISHED_TABLES = [
    # the factory cars score by their order among the factory cars (events/README.md)
    # speedweek.com/fiawec/news/237506 (after Le Mans): Ferrari 172
    ("manufacturers", "HYPERCAR", "le-mans", "Ferrari", 172),
    # motorsport7.com, lautomobile.aci.it (after Sao Paulo): Ferrari 175, Cadillac 120;
    # lautomobile.aci.it and racingshoots.com: Porsche 111
    ("manufacturers", "HYPERCAR", "sao-paulo", "Ferrari", 175),
    ("manufacturers", "HYPERCAR", "sao-paulo", "Cadillac", 120),
    ("manufacturers", "HYPERCAR", "sao-paulo", "Porsche", 111),
    # franceracing.fr (before Fuji): Ferrari 65 ahead of Porsche, Cadillac 4 behind it,
    # Toyota 99; endurance24.fr: Ferrari scored 1 at Fuji, Porsche 27
    ("manufacturers", "HYPERCAR", "cota", "Ferrari", 203),
    ("manufacturers", "HYPERCAR", "cota", "Porsche", 138),
    ("manufacturers", "HYPERCAR", "cota", "Cadillac", 134),
    ("manufacturers", "HYPERCAR", "cota", "Toyota", 99),
    # speedweek.com/fiawec/news/241711 (after Fuji): Ferrari 204; automobilemagazine.com.tr:
    # Porsche 39 behind; endurance24.fr: Cadillac 61 behind
    ("manufacturers", "HYPERCAR", "fuji", "Ferrari", 204),
    ("manufacturers", "HYPERCAR", "fuji", "Porsche", 165),
    ("manufacturers", "HYPERCAR", "fuji", "Cadillac", 143),
]


@pytest.mark.parametrize(("table", "class_", "after", "name", "total"), PUBLISHED_TABLES)
def test_other_tables_match_the_published_standings(table, class_, after, name, total):
    assert totals(table, class_, after)[name] == total


#: (after round, car, total) as published, the LMGT3 teams (the FIA Endurance Trophy for LMGT3
#: Teams; a crew's drivers' total is its car's)
LMGT3_TEAMS = [
    # gpkingdom.it/72615: after Le Mans #27 fourth, 34 behind #92 (81)
    ("le-mans", "27", 47), ("le-mans", "92", 81),
    # gpkingdom.it/72615 (after Sao Paulo): #33 66, #87 57, #81 56, #78 48
    # oasport.it (2025-09-02, before COTA): #92 89, #21 76
    ("sao-paulo", "92", 89), ("sao-paulo", "21", 76),
    ("sao-paulo", "33", 66), ("sao-paulo", "87", 57), ("sao-paulo", "81", 56),
    ("sao-paulo", "78", 48),
    # gpkingdom.it/72615: within reach of #85, Ford #88 20, BMW #46 22 (its Imola pole), BMW #31
    # 23, Ford #77 25 (seventh at Le Mans, the place its total needs)
    ("sao-paulo", "88", 20), ("sao-paulo", "46", 22), ("sao-paulo", "31", 23),
    ("sao-paulo", "77", 25),
    # automobilemagazine.com.tr/?p=92284, endurance24.fr (after Fuji): #21 94, #81 81
    ("fuji", "21", 94), ("fuji", "81", 81),
]


@pytest.mark.parametrize(("after", "car", "total"), LMGT3_TEAMS)
def test_lmgt3_teams_match_the_published_standings(after, car, total):
    result = CliRunner().invoke(cli, ["--log", str(LOG), "standings", "--class", "LMGT3",
                                      "--table", "teams", "--after-round", after,
                                      "--format", "json"], catch_exceptions=False)
    assert {r["car"]: r["total"] for r in json.loads(result.stdout)["rows"]}[car] == total


def test_lmgt3_drivers_score_their_cars_totals():
    drivers = totals("drivers", "LMGT3", "fuji")
    assert (drivers["Alessio ROVERA"], drivers["Tom VAN ROMPUY"]) == (94, 81)


def test_round_seven_is_fuji_and_the_leaders_are_the_51s_crew():
    by_number = totals("drivers", "HYPERCAR", "7")
    assert by_number == totals("drivers", "HYPERCAR", "fuji")
    assert max(by_number.values()) == 115


#: 2024: only Fuji (7) and Bahrain (8) have lap files, so a total after them is what the
#: published totals gained since the last round before them (Lone Star Le Mans, 6):
#: (after round, table, competitor, published then, published after round 6)
PUBLISHED_2024 = [
    # speedweek.com/fiawec/news/227826 (after Fuji): 150, 115, 113;
    # pledgetimes.com (2024-09-02, after Austin): 125, 113, 113
    ("fuji", "drivers", "Kévin ESTRE", 150, 125),
    ("fuji", "drivers", "André LOTTERER", 150, 125),
    ("fuji", "drivers", "Antonio FUOCO", 115, 113),
    ("fuji", "drivers", "Nyck DE VRIES", 113, 113),
    # speedweek.com/fiawec/news/229525 (final): 152, 115, 113, 109 (after Austin: 69)
    ("bahrain", "drivers", "Laurens VANTHOOR", 152, 125),
    ("bahrain", "drivers", "Nicklas NIELSEN", 115, 113),
    ("bahrain", "drivers", "Kamui KOBAYASHI", 113, 113),
    ("bahrain", "drivers", "Sébastien BUEMI", 109, 69),
    ("bahrain", "drivers", "Ryo HIRAKAWA", 109, 69),
    # speedweek.com/fiawec/news/229621 (final) less pledgetimes.com (after Austin)
    ("bahrain", "manufacturers", "Toyota", 190, 147),
    ("bahrain", "manufacturers", "Porsche", 188, 136),
    ("bahrain", "manufacturers", "Ferrari", 137, 128),
    ("bahrain", "manufacturers", "Alpine", 70, 37),
    ("bahrain", "manufacturers", "BMW", 64, 31),
    ("bahrain", "manufacturers", "Peugeot", 57, 22),
]


@pytest.mark.parametrize(("after", "table", "name", "published", "before"), PUBLISHED_2024)
def test_2024_gains_at_fuji_and_bahrain_match_the_published_standings(
        after, table, name, published, before):
    log = ROOT / "events" / "wec-2024.jsonl"
    assert totals(table, "HYPERCAR", after, log)[name] == published - before


def test_2024_bahrain_the_51_is_second_until_its_penalty():
    """#51 crossed the line second; the stewards added 4:55 that evening (PenaltyImposed,
    the log's last event): before it the #51 is second, after it the #5 Porsche is, and
    the #51 is behind the #50 (out of the points either way)."""
    log = ROOT / "events" / "wec-2024.jsonl"

    def cars(*point):
        result = CliRunner().invoke(cli, ["--log", str(log), "classification", "--round",
                                          "bahrain", "--class", "HYPERCAR", "--format",
                                          "json", *point])
        assert result.exit_code == 0, result.output
        return [row["car"] for row in json.loads(result.stdout)["rows"]]

    last = sum(1 for _ in log.open())
    assert cars("--at-seq", str(last - 1))[:2] == ["8", "51"]
    after = cars()
    assert after[:2] == ["8", "5"] and after.index("51") > after.index("50")


def log_seq(kind: str, round_key: str) -> int:
    """The seq of the first event of a type for a round in the shipped log."""
    lines = [json.loads(line) for line in LOG.read_text().splitlines()]
    return next(n for n, x in enumerate(lines, start=1)
                if x["type"] == kind and x.get("round") == round_key)


def test_fuji_lmgt3_reads_as_finished_before_the_stewards_and_as_decided_after():
    # the lap file puts #21 first, 1.990 s ahead of #81; a 5 s penalty (a pit-stop
    # infringement, decided after the finish, 28 September) makes #81 the winner
    first_penalty = log_seq("PenaltyImposed", "fuji")
    before = CliRunner().invoke(cli, ["--log", str(LOG), "standings", "--class", "LMGT3",
                                      "--table", "teams", "--after-round", "fuji",
                                      "--at-seq", str(first_penalty - 1), "--format", "json"])
    fuji = {r["car"]: r["by_round"].get("fuji") for r in json.loads(before.stdout)["rows"]}
    assert (fuji["21"], fuji["81"]) == (25, 18)
    after = CliRunner().invoke(cli, ["--log", str(LOG), "standings", "--class", "LMGT3",
                                     "--table", "teams", "--after-round", "fuji",
                                     "--known-on", "2025-09-28", "--format", "json"])
    fuji = {r["car"]: r["by_round"].get("fuji") for r in json.loads(after.stdout)["rows"]}
    assert (fuji["81"], fuji["21"]) == (25, 18)


def classified(log: Path, round_: str, class_: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--log", str(log), "classification", "--round", round_,
                                      "--class", class_, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


def test_2026_le_mans_guests_are_invisible_to_the_championship():
    """Only full-season entrants score (fiawec.com/en/points/70): Le Mans' one-off entries
    (#101 Cadillac WTR ninth in Hypercar on the line; seven LMGT3 cars) and LMP2 are not in
    the season's log, and the cars behind them take their places and points."""
    log = ROOT / "events" / "wec-2026.jsonl"
    hypercar = classified(log, "le-mans", "HYPERCAR")
    assert "101" not in [row["car"] for row in hypercar]
    by_car = {row["car"]: row for row in hypercar}
    assert (by_car["36"]["position"], by_car["36"]["points"]) == (9, 4)
    assert (by_car["94"]["position"], by_car["94"]["points"]) == (10, 2)
    lmgt3 = {row["car"] for row in classified(log, "le-mans", "LMGT3")}
    assert not lmgt3 & {"13", "150", "2", "57", "59", "62", "74"}
    result = CliRunner().invoke(cli, ["--log", str(log), "standings", "--class", "LMP2"])
    assert result.exit_code != 0


def test_2026_qatar_postponed_to_october_is_round_seven():
    log = ROOT / "events" / "wec-2026.jsonl"
    result = CliRunner().invoke(cli, ["--log", str(log), "calendar", "--format", "json"])
    assert result.exit_code == 0, result.output
    rounds = json.loads(result.stdout)["rows"]
    assert [r["key"] for r in rounds][:4] == ["imola", "spa", "le-mans", "sao-paulo"]
    qatar = next(r for r in rounds if r["key"] == "qatar")
    assert (qatar["round"], qatar["date"]) == (7, "2026-10-24")


@pytest.mark.skipif(not TIMING.exists(), reason="the shared timing files are not here")
def test_2026_le_mans_laps_import_into_the_season_skipping_its_guests(tmp_path):
    """The season does not enter Le Mans' guests: a lap import refuses them, or with
    --entered-only skips them, naming them, and imports the championship's cars."""
    lap_file = TIMING.parent / "2026" / "le_mans_24h.csv"
    log = str(tmp_path / "wec.log")
    runner = CliRunner()
    assert runner.invoke(cli, ["--log", log, "init"]).exit_code == 0
    assert runner.invoke(cli, ["--log", log, "import",
                               str(ROOT / "events" / "wec-2026.jsonl")]).exit_code == 0
    refused = runner.invoke(cli, ["--log", log, "timing", "import", "--round", "le-mans",
                                  str(lap_file)])
    assert refused.exit_code != 0 and "is not entered" in refused.output
    done = runner.invoke(cli, ["--log", log, "timing", "import", "--round", "le-mans",
                               "--entered-only", str(lap_file)])
    assert done.exit_code == 0, done.output
    assert "27 cars not entered, skipped: " in done.stderr and "#101" in done.stderr
    assert "laps of 35 cars appended" in done.stdout


#: 2024: (round, class, car, position) as published
CLASSIFIED_2024 = [
    ("fuji", "HYPERCAR", "6", 1),  # motorsport-magazin.com news-290527
    ("fuji", "LMGT3", "54", 1),  # ferrari.com (the 296 LMGT3's first win)
    ("fuji", "LMGT3", "55", 6),  # same (from pole, sixth)
    ("bahrain", "HYPERCAR", "8", 1),  # racefans.net 2024-11-02
    ("bahrain", "HYPERCAR", "5", 2),  # same (promoted after the #51's penalty)
    ("bahrain", "HYPERCAR", "93", 3),  # same
    ("bahrain", "HYPERCAR", "6", 10),  # same (tenth: the title)
    ("bahrain", "HYPERCAR", "50", 11),  # racing.porsche.com / speedweek.com 229525
    ("bahrain", "LMGT3", "55", 1),  # ferrari.com 2024-11-02
    ("bahrain", "LMGT3", "54", 7),  # same
]


@pytest.mark.parametrize(("round_", "class_", "car", "position"), CLASSIFIED_2024)
def test_2024_classifications_from_the_laps_match_the_published_results(
        round_, class_, car, position):
    rows = classified(ROOT / "events" / "wec-2024.jsonl", round_, class_)
    assert {row["car"]: row["position"] for row in rows}[car] == position


def test_le_mans_reads_as_finished_before_the_50s_disqualification():
    # the #50 was disqualified late on Monday 16 June; published on the 15th (inkl.com,
    # sportscar365.com "provisionally"): the #50 crew 81, Ferrari 202, Toyota 91
    def known_on(day: str, table: str) -> dict:
        result = CliRunner().invoke(cli, ["--log", str(LOG), "standings", "--class", "HYPERCAR",
                                          "--table", table, "--after-round", "le-mans",
                                          "--known-on", day, "--format", "json"])
        return {row["name"]: row["total"] for row in json.loads(result.stdout)["rows"]}
    before, after = known_on("2025-06-15", "drivers"), known_on("2025-06-16", "drivers")
    assert (before["Antonio FUOCO"], after["Antonio FUOCO"]) == (81, 57)
    makes = known_on("2025-06-15", "manufacturers")
    assert (makes["Ferrari"], makes["Toyota"]) == (202, 91)
    assert known_on("2025-06-16", "manufacturers")["Ferrari"] == 172


def test_the_hypercar_teams_cup_has_the_private_cars_alone_with_their_own_poles():
    # the World Cup for Hypercar teams (private entries): factory #51's poles score nothing
    # there; #83 214 (its COTA pole with it), #99 135, out of reach with Bahrain's 38 + 1 left
    # (automobilemagazine.com.tr/?p=92284: the Hypercar teams' cup decided before Bahrain)
    result = CliRunner().invoke(cli, ["--log", str(LOG), "standings", "--class", "HYPERCAR",
                                      "--table", "teams", "--after-round", "fuji",
                                      "--format", "json"], catch_exceptions=False)
    cup = {r["car"]: r["total"] for r in json.loads(result.stdout)["rows"]}
    assert cup == {"83": 214, "99": 135}
    assert cup["83"] - cup["99"] > 38 + 1
