"""Drive-time rules as data: their decider, the breaches a timed race shows, warnings with
the figures, DriveTimeInfringed recorded; the official classification from timed laps."""

from __future__ import annotations

import json

from champengine import errors as E
from champengine.events import DriveTimeRulesAdopted, GradedMinimum
from champengine.projections.drive_rules import Limits, breaches, limits
from champengine.projections.drive_time import DriveTime
from given import given, season, then, then_raises, when
from test_timing_log import exported, run, season_for, small_file

H = 3600_000
MIN = 60_000
SEASON = season()

# --- the decider -------------------------------------------------------------------------


def test_drive_time_rules_name_active_classes():
    then_raises(E.UnknownClass, given(*SEASON), DriveTimeRulesAdopted(("LMGT3",), 40 * MIN),
                "LMGT3")


def test_drive_time_rules_name_rounds_on_the_calendar():
    then_raises(E.UnknownRound, given(*SEASON),
                DriveTimeRulesAdopted(("GTC",), 40 * MIN, rounds=("monza",)), "monza")


def test_drive_time_limits_are_positive():
    then_raises(E.RefusedError, given(*SEASON), DriveTimeRulesAdopted(("GTC",), 0), "positive")
    then_raises(E.RefusedError, given(*SEASON), DriveTimeRulesAdopted(("GTC",), maximum=-1),
                "positive")


def test_a_minimum_is_never_above_the_maximum():
    then_raises(E.RefusedError, given(*SEASON), DriveTimeRulesAdopted(
        ("GTC",), 40 * MIN, 3 * H, (GradedMinimum(("bronze",), 4 * H),)), "above the maximum")


def test_a_graded_minimum_names_its_gradings():
    then_raises(E.RefusedError, given(*SEASON), DriveTimeRulesAdopted(
        ("GTC",), graded=(GradedMinimum((), H),)), "gradings")


def test_drive_time_rules_that_fit_are_adopted_and_the_latest_applies():
    first = DriveTimeRulesAdopted(("GTC",), 45 * MIN, 3 * H + 30 * MIN,
                                  (GradedMinimum(("bronze", "silver"), 105 * MIN),))
    then(when(given(*SEASON), first), first)
    later = DriveTimeRulesAdopted(("GTC",), 2 * H, rounds=("sepang",))
    state = given(*SEASON, first, later)
    assert limits(state.timing.drive_rules, "GTC", "inje") == Limits(
        45 * MIN, 3 * H + 30 * MIN, {"bronze": 105 * MIN, "silver": 105 * MIN})
    assert limits(state.timing.drive_rules, "GTC", "sepang") == Limits(2 * H)
    assert limits(state.timing.drive_rules, "LMP2", "inje") is None


# --- breaches ------------------------------------------------------------------------------


def drove(car: str, driver: str, ms: int) -> DriveTime:
    return DriveTime(car, "LMGT3", "T", driver, ms, 10, ())


RULES = Limits(45 * MIN, 3 * H + 30 * MIN, {"bronze": 105 * MIN})
GRADES = {"Ben KEATING": ("keating", "bronze"), "Jonny EDGAR": ("edgar", "silver"),
          "Daniel JUNCADELLA": ("juncadella", "platinum")}


def test_a_driver_under_his_gradings_minimum_or_over_the_maximum_is_a_breach_with_figures():
    found = breaches((drove("33", "Ben KEATING", 100 * MIN), drove("33", "Jonny EDGAR", 46 * MIN),
                      drove("33", "Daniel JUNCADELLA", 3 * H + 31 * MIN)),
                     lambda c: RULES, lambda name: GRADES[name])
    assert [(b.driver, b.kind, b.drive_time, b.limit) for b in found] == [
        ("Ben KEATING", "minimum", 100 * MIN, 105 * MIN),
        ("Daniel JUNCADELLA", "maximum", 3 * H + 31 * MIN, 3 * H + 30 * MIN)]
    from champengine.cli.timing_rows import clock

    assert found[0].text(clock) == (
        "car #33: Ben KEATING (bronze) drove 1:40:00.000, under the minimum of 1:45:00.000")


def test_a_driver_nominated_who_never_drove_breaches_the_minimum():
    found = breaches((drove("33", "Ben KEATING", 2 * H),), lambda c: RULES,
                     lambda name: GRADES[name],
                     crews={"33": (("keating", "Ben Keating", "bronze"),
                                   ("edgar", "Jonny Edgar", "silver"))})
    assert [(b.key, b.drive_time) for b in found] == [("edgar", 0)]


def test_no_rules_no_breach():
    assert breaches((drove("33", "Ben KEATING", 1),), lambda c: None, lambda n: GRADES[n]) == []


# --- the commands ----------------------------------------------------------------------------


def timed_season(tmp_path):
    path = small_file(tmp_path)
    log = season_for(path, tmp_path)
    for key, name, grading in (("conway", "Mike Conway", "platinum"),
                               ("kobayashi", "Kamui Kobayashi", "platinum"),
                               ("bachler", "Klaus Bachler", "bronze")):
        assert run("--log", log, "register-driver", key, "--name", name, "--grading",
                   grading).exit_code == 0
    for car, key in (("7", "conway"), ("7", "kobayashi"), ("92", "bachler")):
        assert run("--log", log, "nominate", "--round", "r1", "--car", car, key).exit_code == 0
    assert run("--log", log, "timing", "import", "--round", "r1", str(path)).exit_code == 0
    return log


def test_the_drivers_of_a_round_are_checked_by_the_seasons_rules(tmp_path):
    log = timed_season(tmp_path)
    adopted = run("--log", log, "timing", "adopt-drive-rules", "--class", "HYPERCAR",
                  "--class", "LMGT3", "--min", "2:30", "--graded", "bronze=0:05")
    assert adopted.exit_code == 0, adopted.output
    result = run("--log", log, "timing", "drivers", "--round", "r1", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["driver"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows["Mike CONWAY"]["breach"] == (
        "car #7: Mike CONWAY (platinum) drove 3:30.000, under the minimum of 2:30:00.000")
    assert rows["Klaus BACHLER"]["breach"] is None  # a bronze's minimum is 5 minutes
    assert result.stderr.count("warning: ") == 2


def test_breaches_are_recorded_as_drive_time_infringements_once_the_race_is_classified(tmp_path):
    log = timed_season(tmp_path)
    run("--log", log, "timing", "adopt-drive-rules", "--class", "HYPERCAR", "--min", "2:30")
    early = run("--log", log, "timing", "drivers", "--round", "r1", "--record")
    assert early.exit_code == 1 and "no classification yet" in early.stderr
    classified = run("--log", log, "classify", "--round", "r1", "--from-timing")
    assert classified.exit_code == 0, classified.output
    recorded = run("--log", log, "timing", "drivers", "--round", "r1", "--record")
    assert recorded.exit_code == 0, recorded.output
    infringed = [(e["car"], e["driver"]) for e in exported(log)
                 if e["type"] == "DriveTimeInfringed"]
    assert infringed == [("7", "conway"), ("7", "kobayashi")]


def test_the_official_classification_is_recorded_from_the_timed_laps(tmp_path):
    log = timed_season(tmp_path)
    result = run("--log", log, "classify", "--round", "r1", "--from-timing")
    assert result.exit_code == 0, result.output
    races = {e["class"]: e["rows"] for e in exported(log) if e["type"] == "RaceClassified"}
    assert races["HYPERCAR"] == [{"car": "7", "status": "classified", "laps": 3,
                                  "time": "0:05'30.000"}]
    assert races["LMGT3"][0]["car"] == "92"
    neither = run("--log", log, "classify", "--round", "r1")
    assert neither.exit_code == 2 and "--from-timing" in neither.stderr
