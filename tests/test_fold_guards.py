"""The season fold's guards and its tracing (projections/season.FOLDS): a log holding an
event no decider would have let in (a crafted or foreign log) stops the replay with
InconsistentLog, naming the event's seq and type, before a projection breaks on it; the
events points and history are traced to keep their seq, laps and entry-list events none.

Given a log, when it is folded, then the state or the refusal."""

from __future__ import annotations

import pytest

from champengine.errors import InconsistentLog
from champengine.events import (
    ClassDropped,
    ClassificationCorrected,
    DriveTimeRulesAdopted,
    InvitationRuleAdopted,
    LapTimed,
    LineupRulesAdopted,
    PenaltyImposed,
    PoleAwarded,
    RaceClassified,
    Ranking,
    RoundScheduled,
    ScoringRules,
    ScoringRulesAdopted,
    TimedLap,
)
from champengine.projections.season import fold
from given import ROUND_KEYS, SEASON, log, race, rows, season

INJE = ROUND_KEYS[0]


def then_inconsistent(events: list, *names: str) -> None:
    """Folding ``events`` stops at the last one, naming its seq, its type and ``names``."""
    with pytest.raises(InconsistentLog) as info:
        fold(events)
    message = str(info.value)
    assert message.startswith(f"seq {events[-1].seq} {events[-1].type}"), message
    for name in names:
        assert name in message, message


def test_a_classification_of_a_car_never_entered_stops_the_replay():
    then_inconsistent(log(*season(), RaceClassified(INJE, "LMP2", rows("1", "7"))),
                      "car #7 was never entered")


def test_a_correction_naming_a_car_never_entered_stops_the_replay():
    then_inconsistent(log(*season(), race(INJE, "1", "2"),
                          ClassificationCorrected(INJE, "LMP2", rows("2", "7"))),
                      "car #7 was never entered")


def test_a_pole_of_a_car_never_entered_stops_the_replay():
    then_inconsistent(log(*season(), PoleAwarded(INJE, "LMP2", "7")),
                      "car #7 was never entered")


def test_a_lap_of_a_car_never_entered_or_out_of_order_stops_the_replay():
    then_inconsistent(log(*season(), LapTimed(INJE, "7", TimedLap(1, 90_000, 90_000))),
                      "car #7 was never entered")
    then_inconsistent(log(*season(), LapTimed(INJE, "1", TimedLap(2, 90_000, 180_000)),
                          LapTimed(INJE, "1", TimedLap(2, 90_000, 270_000))),
                      "lap 2 is already timed")


def test_scoring_rules_the_engine_cannot_use_stop_the_replay():
    unknown = ScoringRules(drivers=Ranking(style="lottery"))
    then_inconsistent(log(*season(), ScoringRulesAdopted(("LMP2",), unknown)),
                      "unknown rank style 'lottery'")


def test_a_line_up_rule_allowing_no_driver_or_an_unknown_region_stops_the_replay():
    then_inconsistent(log(*season(), LineupRulesAdopted(("LMP2",), max_drivers=0)),
                      "unusable line-up rule (0, None)")
    then_inconsistent(log(*season(), LineupRulesAdopted(("LMP2",), required_region="Mars")),
                      "unusable line-up rule (3, Mars)")


def test_an_invitation_rule_naming_an_unknown_table_or_basis_stops_the_replay():
    then_inconsistent(log(*season(), InvitationRuleAdopted("le-mans", "LMP2", "cups", 1,
                                                           "LMP2")),
                      "unknown invitation table or basis (cups, team)")
    then_inconsistent(log(*season(), InvitationRuleAdopted("le-mans", "LMP2", "teams", 1,
                                                           "LMP2", per="make")),
                      "unknown invitation table or basis (teams, make)")


def test_an_event_its_fold_cannot_take_stops_the_replay_naming_what_broke():
    """No guard for it: the fold's own error, turned into InconsistentLog."""
    then_inconsistent(log(*season(), ClassDropped("LMP3")), "does not fit the season",
                      "KeyError")


def test_results_decisions_and_the_calendar_keep_their_seq_laps_and_entries_none():
    events = log(*season(), race(INJE, "1", "2"), PenaltyImposed(INJE, "2", "points", 1),
                 RoundScheduled("ordos", "Ordos", None, None, None),
                 LapTimed(INJE, "1", TimedLap(1, 90_000, 90_000)),
                 DriveTimeRulesAdopted(("LMP2",), minimum=1))
    state = fold(events)
    assert state.season == SEASON
    traced = {env.id: env.seq for env in events
              if env.type not in {"LapTimed", "DriveTimeRulesAdopted", "EntryRegistered",
                                  "DriverRegistered", "DriverNominated"}}
    assert state.seqs == traced
    assert {"RaceClassified", "PenaltyImposed", "RoundScheduled", "SeasonOpened"} <= {
        env.type for env in events if env.id in state.seqs}
