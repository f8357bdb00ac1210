"""Corrections for every kind of fact, as events (given / when / then): a pole revoked or
moved, an entry or a driver amended from a round on, a withdrawal or a class dropped after
results, a time penalty on a race without times, ids by unique prefix and names resolved
the same way on the command line and in files."""

from __future__ import annotations

import json

from champengine import errors as E
from champengine.events import (
    CLASSIFIED,
    AppealLodged,
    ClassDropped,
    DecisionOverturned,
    DriverAmended,
    DriverNominated,
    EntryAmended,
    EntryWithdrawn,
    PenaltyImposed,
    PoleAwarded,
    PoleRevoked,
    RaceClassified,
)
from champengine.names import resolve
from champengine.projections import calendar
from champengine.projections.classification import classify
from given import at, given, race, season, then, then_raises, timed, totals, when
from test_cli import ok, refused

INJE = race("inje", "1", "2", "3")
POLE = PoleAwarded("inje", "LMP2", "3")

# --- poles ------------------------------------------------------------------------------


def test_an_awarded_pole_can_be_revoked():
    cmd = PoleRevoked("inje", "LMP2", "awarded by mistake")
    then(when(given(*season(), INJE, POLE), cmd), cmd)


def test_a_pole_never_awarded_cannot_be_revoked():
    then_raises(E.Conflict, given(*season(), INJE), PoleRevoked("inje", "LMP2"),
                "no pole in LMP2", "champ pole")


def test_a_revoked_pole_scores_nothing_and_a_moved_one_scores_for_its_new_car():
    state = given(*season(), INJE, POLE, PoleRevoked("inje", "LMP2"))
    assert totals(state, "LMP2") == {"1": 25, "2": 18, "3": 15}
    state = given(*season(), INJE, POLE, PoleRevoked("inje", "LMP2"),
                  PoleAwarded("inje", "LMP2", "1"))
    assert totals(state, "LMP2") == {"1": 26, "2": 18, "3": 15}


# --- entries and drivers ---------------------------------------------------------------------


def test_an_entry_is_amended_from_a_round_on():
    cmd = EntryAmended("1", "zhuhai", team="OAK Racing Team Total", team_nationality="FRA")
    then(when(given(*season()), cmd), cmd)


def test_an_amendment_names_an_entry_and_changes_something():
    then_raises(E.UnknownCar, given(*season()), EntryAmended("77", team="X"), "#77")
    then_raises(E.RefusedError, given(*season()), EntryAmended("1", "fuji"), "nothing to amend")
    then_raises(E.RefusedError, given(*season()), EntryAmended("1", team=" "), "blank")
    then_raises(E.UnknownRound, given(*season()), EntryAmended("1", "monza", team="X"), "monza")


def test_an_amended_team_keeps_its_old_name_as_an_alias_and_its_name_by_round():
    state = given(*season(), EntryAmended("1", "zhuhai", team="OAK Racing Team Total"))
    entry = state.entries.entries["1"]
    numbers = calendar.numbers(state.calendar)
    assert entry.team == "OAK Racing Team Total" and "Oak Racing" in entry.team_aliases
    assert entry.team_at(numbers, "fuji") == ("Oak Racing", "FRA")
    assert entry.team_at(numbers, "zhuhai") == ("OAK Racing Team Total", "FRA")


def test_a_driver_is_amended_from_a_round_on():
    cmd = DriverAmended("cheng", "zhuhai", grading="gold")
    then(when(given(*season()), cmd), cmd)


def test_a_driver_amendment_names_a_driver_and_changes_something():
    then_raises(E.UnknownDriver, given(*season()), DriverAmended("nobody", name="X"), "nobody")
    then_raises(E.RefusedError, given(*season()), DriverAmended("cheng"), "nothing to amend")


def test_an_amended_driver_is_found_by_his_old_name_and_graded_by_round():
    state = given(*season(), DriverAmended("cheng", "zhuhai", name="Cong Fu Cheng",
                                           grading="gold"))
    driver = state.entries.drivers["cheng"]
    numbers = calendar.numbers(state.calendar)
    assert driver.name == "Cong Fu Cheng" and "David Cheng" in driver.aliases
    assert driver.at(numbers, "fuji") == ("David Cheng", "CHN", "silver")
    assert driver.at(numbers, "sepang") == ("Cong Fu Cheng", "CHN", "gold")
    assert resolve(state, DriverNominated("inje", "1", "David Cheng")).driver == "cheng"


def test_a_copy_of_the_state_is_not_changed_by_a_later_amendment():
    from champengine.projections.season import fold
    from given import log

    events = log(*season(), DriverAmended("cheng", name="X"), EntryAmended("1", team="Y"))
    state = fold(events[:-2])
    copy = state.copy()
    fold(events[-2:], state)
    assert state.entries.drivers["cheng"].name == "X" and state.entries.entries["1"].team == "Y"
    assert copy.entries.drivers["cheng"].name == "David Cheng"
    assert copy.entries.entries["1"].team == "Oak Racing"


# --- withdrawals and classes after results -------------------------------------------------


def test_a_withdrawal_from_a_round_the_car_raced_is_refused_saying_why():
    then_raises(E.Conflict, given(*season(), INJE), EntryWithdrawn("2", "inje"),
                "#2 has results at inje", "the round after 'inje'", "champ disqualify")


def test_a_withdrawal_after_the_last_result_is_recorded():
    cmd = EntryWithdrawn("2", "fuji", "no budget")
    then(when(given(*season(), INJE), cmd), cmd)


def test_a_class_dropped_after_results_keeps_them_and_says_so():
    cmd = ClassDropped("LMP2", reason="too few entries")
    then(when(given(*season(), INJE), cmd), cmd, warnings=(
        "LMP2 has results at inje: they and its standings stay as recorded; no more results "
        "can be recorded in it until champ add-class LMP2",))
    assert totals(given(*season(), INJE, cmd), "LMP2") == {"1": 25, "2": 18, "3": 15}


def test_a_class_dropped_before_results_warns_of_nothing():
    cmd = ClassDropped("LMP2")
    then(when(given(*season()), cmd), cmd)


# --- time penalties -------------------------------------------------------------------------------


def test_a_time_penalty_on_a_race_without_times_is_refused_saying_so():
    then_raises(E.RefusedError, given(*season(), INJE), PenaltyImposed("inje", "2", "time", 30),
                "recorded without times", "champ penalty --kind positions", "champ correct")


def test_a_time_penalty_on_a_timed_race_shows_the_penalised_time_and_reorders():
    timed_race = RaceClassified("inje", "LMP2", timed(("1", 100, "3:00'00.000"),
                                                      ("2", 100, "3:00'20.000"),
                                                      ("3", 100, "3:00'40.000")))
    cmd = PenaltyImposed("inje", "1", "time", 30)
    state = given(*season(), timed_race)
    then(when(state, cmd), cmd)
    placed = classify(given(*season(), timed_race, cmd).results, "inje", "LMP2")
    assert [(p.car, p.time) for p in placed] == [
        ("2", "3:00'20.000"), ("1", "3:00'30.000"), ("3", "3:00'40.000")]
    assert placed[1].status == CLASSIFIED


# --- ids by prefix, names in files -------------------------------------------------------------


def test_a_decision_is_named_by_a_unique_prefix_of_its_id():
    penalty = at(PenaltyImposed("inje", "2", "positions", 1), id="5f0c1234-aaaa")
    state = given(*season(), INJE, penalty)
    assert resolve(state, AppealLodged("5f0c")).decision == "5f0c1234-aaaa"
    assert resolve(state, DecisionOverturned("5f0c12", "x")).decision == "5f0c1234-aaaa"


def test_an_ambiguous_prefix_is_a_usage_error_listing_the_ids():
    import pytest

    state = given(*season(), INJE, at(PenaltyImposed("inje", "2", "positions", 1), id="abcd-1"),
                  at(PenaltyImposed("inje", "3", "positions", 1), id="abcd-2"))
    with pytest.raises(E.UsageError, match="ambiguous: abcd-1, abcd-2"):
        resolve(state, AppealLodged("abcd"))


def _office(tmp_path) -> str:
    log = str(tmp_path / "o.log")
    for step in (["init"], ["open-season", "o-2025", "--series", "O", "--year", "2025"],
                 ["add-class", "LMP2"], ["adopt-rules", "--class", "LMP2"],
                 ["schedule", "r1", "--date", "2025-05-01"],
                 ["schedule", "r2", "--date", "2025-06-01"]):
        ok(*step, log=log)
    sheet = tmp_path / "r1.csv"
    sheet.write_text("POSITION;NUMBER;TEAM;DRIVER_1;CLASS;STATUS;LAPS;TOTAL_TIME\n"
                     "1;1;Alpha;Ann Lee;LMP2;Classified;100;3:00'00.000\n"
                     "2;2;Beta;Bob Ong;LMP2;Classified;100;3:00'20.000\n")
    ok("classify", "--round", "r1", "--register", str(sheet), log=log)
    return log


def test_the_command_line_takes_a_prefix_and_a_file_takes_names(tmp_path):
    log = _office(tmp_path)
    out = ok("penalty", "--round", "r1", "--car", "1", "--kind", "time", "--value", "30",
             log=log)
    penalty_id = out.split("(id ")[1].rstrip(")\n")
    ok("appeal", penalty_id[:8], "--by", "Alpha", log=log)
    doc = json.loads(ok("classification", "--round", "r1", "--class", "LMP2", "--format",
                        "json", log=log))
    assert [(r["car"], r["time"]) for r in doc["rows"]] == [("2", "3:00'20.000"),
                                                            ("1", "3:00'30.000")]
    lines = tmp_path / "more.jsonl"
    lines.write_text(json.dumps({"type": "DriverNominated", "round": "2", "car": "2",
                                 "driver": "Bob Ong"}) + "\n"
                     + json.dumps({"type": "DecisionOverturned", "decision": penalty_id[:8],
                                   "reason": "appeal upheld"}) + "\n")
    assert "2 hypothetical events applied" in ok("--with", str(lines), "whatif", log=log)
    ok("--season", "o-2025", "import", str(lines), log=log)
    assert "already in the log" in ok("--season", "o-2025", "import", str(lines), log=log)
    out = ok("log", "show", "--type", "DriverNominated", log=log)
    assert "round=r2 car=2 driver=bob-ong" in out


def test_the_correction_commands_end_to_end(tmp_path):
    log = _office(tmp_path)
    ok("pole", "--round", "r1", "--class", "LMP2", "--car", "2", log=log)
    assert "already went to #2" in refused(1, "pole", "--round", "r1", "--class", "LMP2",
                                           "--car", "1", log=log)
    out = ok("pole", "--round", "r1", "--class", "LMP2", "--car", "1", "--move", log=log)
    assert "PoleRevoked" in out and "PoleAwarded" in out
    doc = json.loads(ok("standings", "--class", "LMP2", "--format", "json", log=log))
    assert {r["car"]: r["total"] for r in doc["rows"]} == {"1": 26, "2": 18}
    ok("revoke-pole", "--round", "r1", "--class", "LMP2", log=log)
    ok("amend-entry", "1", "--team", "Alpha Racing", "--from-round", "r2", "--make", "Oreca",
       log=log)
    ok("amend-driver", "Ann Lee", "--nationality", "JPN", "--grading", "Gold", log=log)
    drivers = json.loads(ok("drivers", "--format", "json", log=log))["rows"]
    assert {(d["name"], d["nationality"], d["grading"]) for d in drivers} >= {
        ("Ann Lee", "JPN", "Gold")}
    assert "nothing to amend" in refused(1, "amend-entry", "1", log=log)
    assert "has results at r1" in refused(1, "withdraw", "2", "--from-round", "r1", log=log)
    ok("withdraw", "2", "--from-round", "r2", log=log)
