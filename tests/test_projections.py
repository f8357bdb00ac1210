"""The projections on small hand-made seasons: given(events), then(projection).

Every expected figure is worked out by hand from the default scale
25-18-15-12-10-8-6-4-2-1 and a pole point of 1, unless a test adopts other rules.
"""

from __future__ import annotations

import datetime as dt

import pytest

from champengine.events import (
    AppealDecided,
    AppealLodged,
    CarDisqualified,
    ClassAdded,
    ClassDropped,
    ClassificationCorrected,
    DecisionOverturned,
    DriverNominated,
    DriverReleased,
    DriveTimeInfringed,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
    InvitationRuleAdopted,
    PenaltyImposed,
    PointsAdjusted,
    PoleAwarded,
    RaceClassified,
    Ranking,
    ResultsDeclared,
    RoundCancelled,
    RoundRelocated,
    RoundRescheduled,
    RoundScheduled,
    ScoringRules,
    ScoringRulesAdopted,
)
from champengine.projections import calendar as cal
from champengine.projections.classification import classify, parse_time
from champengine.projections.invitations import granted
from champengine.projections.standings import table
from champengine.scoring import Record, rank
from champengine.timeline import Point, view
from given import (
    ROUND_KEYS,
    at,
    by_round,
    calendar,
    given,
    log,
    opened,
    positions,
    race,
    rows,
    season,
    timed,
    totals,
)

D = dt.date


def placed(state, round_key="inje", class_="LMP2"):
    """(car, position, status) of a classification as it stands."""
    return [(p.car, p.position, p.status) for p in classify(state.results, round_key, class_)]


# --- calendar ------------------------------------------------------------------------


def test_rounds_run_in_date_order_undated_last_in_scheduling_order_cancelled_out():
    state = given(*opened(), RoundScheduled("zhuhai", date=D(2013, 11, 10)),
                  RoundScheduled("ordos"), RoundScheduled("inje", date=D(2013, 8, 4)),
                  RoundScheduled("sentul"), RoundScheduled("fuji", date=D(2013, 9, 22)),
                  RoundCancelled("fuji", "typhoon"))
    assert [r.key for r in cal.running(state.calendar)] == ["inje", "zhuhai", "ordos", "sentul"]
    assert cal.numbers(state.calendar) == {"inje": 1, "zhuhai": 2, "ordos": 3, "sentul": 4}


def test_a_rescheduled_round_takes_its_new_place():
    state = given(*opened(), *calendar(), RoundRescheduled("inje", D(2013, 11, 24)))
    assert cal.numbers(state.calendar) == {"fuji": 1, "zhuhai": 2, "inje": 3, "sepang": 4}


def test_a_round_that_loses_its_date_follows_the_dated_ones():
    state = given(*opened(), *calendar(), RoundScheduled("ordos"),
                  RoundRescheduled("inje", None))
    assert cal.numbers(state.calendar) == {
        "fuji": 1, "zhuhai": 2, "sepang": 3, "inje": 4, "ordos": 5}


def test_a_round_keeps_its_history():
    state = given(*opened(),
                  at(RoundScheduled("fuji", "Fuji", date=D(2013, 9, 22)), on=D(2013, 1, 10)),
                  at(RoundRescheduled("fuji", D(2013, 10, 6)), on=D(2013, 3, 1)),
                  RoundRelocated("fuji", "Autopolis"),
                  at(RoundCancelled("fuji", "typhoon"), on=D(2013, 9, 1)))
    history = state.calendar.rounds["fuji"].history
    assert [(c.seq, c.recorded_at.date(), c.what) for c in history] == [
        (5, D(2013, 1, 10), "scheduled: Fuji on 2013-09-22"),
        (6, D(2013, 3, 1), "rescheduled: 2013-09-22 -> 2013-10-06"),
        (7, D(2013, 3, 1), "relocated: ? -> Autopolis"),
        (8, D(2013, 9, 1), "cancelled: typhoon"),
    ]


# --- entry list ---------------------------------------------------------------------------


def numbers(state):
    return cal.numbers(state.calendar)


def test_a_car_change_applies_from_its_round():
    state = given(*season(), EntryCarChanged("2", "zhuhai", "Oreca 03R", "Nissan", "Oreca"))
    entry = state.entries.entries["2"]
    assert [entry.spec_at(numbers(state), r).chassis for r in ROUND_KEYS] == [
        "Oreca 03", "Oreca 03", "Oreca 03R", "Oreca 03R"]


def test_the_car_at_a_round_is_the_change_from_the_latest_round_not_after_it():
    """Changes recorded out of round order: the round decides, not the recording order."""
    state = given(*season(), EntryCarChanged("2", "zhuhai", "Oreca 03R"),
                  EntryCarChanged("2", "fuji", "Oreca 03 Evo"))
    entry = state.entries.entries["2"]
    assert [entry.spec_at(numbers(state), r).chassis for r in ROUND_KEYS] == [
        "Oreca 03", "Oreca 03 Evo", "Oreca 03R", "Oreca 03R"]


def test_the_teams_table_lists_each_chassis_a_car_raced():
    state = given(*season(), EntryCarChanged("2", "fuji", "Oreca 03R"),
                  race("inje", "1", "2"), race("fuji", "2", "1"))
    row = next(r for r in table(state, "LMP2", "teams").rows if r.key == "2")
    assert row.chassis == ("Oreca 03", "Oreca 03R")


def test_a_withdrawn_car_stands_until_the_round_it_withdrew_from():
    state = given(*season(with_crews=False), EntryWithdrawn("2", "zhuhai", "budget"))
    entry = state.entries.entries["2"]
    assert [entry.active_at(numbers(state), r) for r in ROUND_KEYS] == [
        True, True, False, False]
    assert entry.withdraw_reason == "budget"


def test_a_car_entered_from_a_round_stands_from_that_round():
    state = given(*season(with_crews=False),
                  EntryRegistered("18", "LMP2", "Craft-Bamboo", from_round="fuji"))
    entry = state.entries.entries["18"]
    assert [entry.active_at(numbers(state), r) for r in ROUND_KEYS] == [
        False, True, True, True]


def test_a_crew_is_its_nominations_less_its_releases():
    state = given(*season(with_crews=False), DriverNominated("inje", "1", "cheng"),
                  DriverNominated("inje", "1", "winslow"), DriverNominated("inje", "1", "lee"),
                  DriverReleased("inje", "1", "winslow"))
    assert state.entries.crew("inje", "1") == ["cheng", "lee"]
    assert state.entries.seat == {("inje", "cheng"): "1", ("inje", "lee"): "1"}


# --- classification -------------------------------------------------------------------------


def test_a_classification_as_published():
    state = given(*season(), race("inje", "2", "1", others=rows("3", status="DNF")))
    assert placed(state) == [("2", 1, "classified"), ("1", 2, "classified"), ("3", None, "DNF")]
    assert totals(state, "LMP2") == {"2": 25, "1": 18, "3": 0}


def test_a_correction_replaces_the_rows():
    state = given(*season(), race("inje", "1", "2", "3"),
                  ClassificationCorrected("inje", "LMP2", rows("1", "3", "2"), "timing loop"))
    assert placed(state) == [("1", 1, "classified"), ("3", 2, "classified"),
                             ("2", 3, "classified")]
    assert totals(state, "LMP2") == {"1": 25, "3": 18, "2": 15}


def test_the_latest_correction_stands():
    state = given(*season(), race("inje", "1", "2", "3"),
                  ClassificationCorrected("inje", "LMP2", rows("1", "3", "2")),
                  ClassificationCorrected("inje", "LMP2", rows("3", "1", "2")))
    assert totals(state, "LMP2") == {"3": 25, "1": 18, "2": 15}


def test_a_disqualification_removes_the_car_and_promotes_the_cars_behind():
    state = given(*season(), race("inje", "1", "2", "3"),
                  CarDisqualified("inje", "1", "underweight"))
    assert placed(state) == [("2", 1, "classified"), ("3", 2, "classified"), ("1", None, "DSQ")]
    assert classify(state.results, "inje", "LMP2")[2].penalties == ("disqualified: underweight",)


def test_points_are_recomputed_after_a_disqualification():
    state = given(*season(), race("inje", "1", "2", "3"), CarDisqualified("inje", "1"))
    assert totals(state, "LMP2") == {"2": 25, "3": 18, "1": 0}
    assert positions(state, "LMP2") == {"2": 1, "3": 2, "1": None}
    assert totals(state, "LMP2", "drivers") == {
        "ho": 25, "leung": 25, "lee": 18, "cheng": 0, "winslow": 0}
    assert totals(state, "LMP2", "manufacturers") == {"Oreca": 25, "Morgan": 18}


def test_a_time_penalty_reorders_when_the_times_are_known():
    """#1 wins by 20 s, takes 30 s: 6:00'30 puts it behind #2 (6:00'20), ahead of #3."""
    lines = timed(("1", 100, "6:00'00.000"), ("2", 100, "6:00'20.000"),
                  ("3", 100, "6:00'45.000"))
    state = given(*season(), RaceClassified("inje", "LMP2", lines),
                  PenaltyImposed("inje", "1", "time", 30, "speeding under yellow"))
    assert placed(state) == [("2", 1, "classified"), ("1", 2, "classified"),
                             ("3", 3, "classified")]
    assert classify(state.results, "inje", "LMP2")[1].penalties == ("30s penalty",)
    assert totals(state, "LMP2") == {"2": 25, "1": 18, "3": 15}


def test_a_time_penalty_leaves_the_published_order_when_times_are_not_known():
    state = given(*season(), race("inje", "1", "2", "3"), PenaltyImposed("inje", "1", "time", 30))
    assert [car for car, _, _ in placed(state)] == ["1", "2", "3"]


def test_a_laps_penalty_takes_laps_and_reorders():
    """#1 (100 laps) loses 2: its 98 put it behind #3 (99)."""
    lines = timed(("1", 100, "6:00'00.000"), ("2", 100, "6:00'20.000"),
                  ("3", 99, "6:01'45.000"))
    state = given(*season(), RaceClassified("inje", "LMP2", lines),
                  PenaltyImposed("inje", "1", "laps", 2))
    now = classify(state.results, "inje", "LMP2")
    assert [(p.car, p.position, p.laps) for p in now] == [("2", 1, 100), ("3", 2, 99),
                                                          ("1", 3, 98)]
    assert totals(state, "LMP2") == {"2": 25, "3": 18, "1": 15}


@pytest.mark.parametrize("places, order", [(1, ["2", "1", "3"]), (5, ["2", "3", "1"])])
def test_a_positions_penalty_moves_the_car_down(places, order):
    state = given(*season(), race("inje", "1", "2", "3"),
                  PenaltyImposed("inje", "1", "positions", places))
    assert [car for car, _, _ in placed(state)] == order


def test_cars_penalised_positions_each_end_lower_than_they_finished():
    """#1 and #2 both lose a place: #3 wins, #1 is 2nd, #2 is 3rd."""
    state = given(*season(), race("inje", "1", "2", "3"),
                  PenaltyImposed("inje", "1", "positions", 1),
                  PenaltyImposed("inje", "2", "positions", 1))
    assert [car for car, _, _ in placed(state)] == ["3", "1", "2"]


def test_the_pole_point_comes_without_a_classification():
    """#007 scored 1 at Inje from pole and no classification."""
    state = given(*season(), PoleAwarded("inje", "LMP2", "3"),
                  race("inje", "1", "2", others=rows("3", status="DNF")),
                  PoleAwarded("fuji", "LMP2", "3"))
    assert by_round(state, "LMP2", "3") == {"inje": 1, "fuji": 1}
    assert totals(state, "LMP2") == {"1": 25, "2": 18, "3": 2}


@pytest.mark.parametrize("lost, points", [(False, 1), (True, 0)])
def test_whether_a_disqualification_takes_the_pole_point_is_a_rule(lost, points):
    state = given(*season(ScoringRules(pole_lost_on_dsq=lost)), PoleAwarded("inje", "LMP2", "1"),
                  race("inje", "1", "2", "3"), CarDisqualified("inje", "1"))
    assert by_round(state, "LMP2", "1") == {"inje": points}


def test_a_points_penalty_takes_points_from_the_round():
    state = given(*season(), race("inje", "1", "2", "3"),
                  PenaltyImposed("inje", "2", "points", 5, "unsafe release"))
    assert totals(state, "LMP2") == {"1": 25, "2": 13, "3": 15}
    assert placed(state)[1] == ("2", 2, "classified")  # the classification stands


def test_points_adjusted_add_to_one_table_only():
    state = given(*season(), race("inje", "1", "2", "3"),
                  PointsAdjusted("inje", "LMP2", "teams", "2", -3, "ballast"),
                  PointsAdjusted("inje", "LMP2", "drivers", "ho", 2.5))
    assert totals(state, "LMP2") == {"1": 25, "3": 15, "2": 15}
    assert totals(state, "LMP2", "drivers")["ho"] == 20.5
    assert totals(state, "LMP2", "drivers")["leung"] == 18
    assert totals(state, "LMP2", "manufacturers") == {"Morgan": 40, "Oreca": 18}


def test_points_adjusted_count_for_a_competitor_without_a_result():
    state = given(*season(), race("inje", "1", "2"),
                  PointsAdjusted("inje", "LMP2", "teams", "3", 5, "bonus"),
                  PointsAdjusted("fuji", "LMP2", "drivers", "lee", 1))
    assert totals(state, "LMP2") == {"1": 25, "2": 18, "3": 5}
    assert table(state, "LMP2", "teams").rows[2].team == "Oak Racing"
    assert by_round(state, "LMP2", "lee", "drivers") == {"fuji": 1}


@pytest.mark.parametrize("factor, expected", [(0.5, {"1": 13.5, "2": 9, "3": 7.5}),
                                              (1.0, {"1": 26, "2": 18, "3": 15})])
def test_a_race_stopped_short_scores_its_share_of_the_points(factor, expected):
    """The pole point comes from qualifying: it is never halved."""
    state = given(*season(ScoringRules(short_race_factor=factor)),
                  PoleAwarded("inje", "LMP2", "1"), race("inje", "1", "2", "3", stopped_short=True))
    assert totals(state, "LMP2") == expected


def test_a_car_past_the_scale_scores_points_beyond():
    extra = [EntryRegistered(str(n), "GTC", f"Team {n}") for n in range(101, 110)]
    cars = ["91", "92", "93", *(e.car for e in extra)]  # 12 classified cars
    state = given(*season(ScoringRules(points_beyond=0.5)), *extra, race("inje", *cars))
    points = totals(state, "GTC")
    assert [points[c] for c in cars] == [25, 18, 15, 12, 10, 8, 6, 4, 2, 1, 0.5, 0.5]


def test_only_the_best_results_count_when_scores_are_dropped():
    state = given(*season(ScoringRules(best_results=2)), race("inje", "1", "2", "3"),
                  race("fuji", "2", "3", "1"), race("zhuhai", "1", "3", "2"))
    assert totals(state, "LMP2") == {"1": 25 + 25, "2": 25 + 18, "3": 18 + 18}
    assert by_round(state, "LMP2", "1") == {"inje": 25, "fuji": 15, "zhuhai": 25}


@pytest.mark.parametrize("forfeit, cheng", [(True, 0), (False, 25)])
def test_a_driver_who_broke_the_minimum_drive_time_forfeits_his_points(forfeit, cheng):
    state = given(*season(ScoringRules(drive_time_forfeit=forfeit)), race("inje", "1", "2", "3"),
                  DriveTimeInfringed("inje", "1", "cheng"))
    drivers = totals(state, "LMP2", "drivers")
    assert (drivers["cheng"], drivers["winslow"]) == (cheng, 25)
    assert totals(state, "LMP2")["1"] == 25


@pytest.mark.parametrize("best, morgan", [(None, 43), (1, 25)])
def test_a_make_scores_all_its_cars_or_its_best_n(best, morgan):
    state = given(*season(ScoringRules(manufacturer_best_cars=best)), race("inje", "1", "3", "2"))
    assert totals(state, "LMP2", "manufacturers") == {"Morgan": morgan, "Oreca": 15}


def test_a_make_scores_the_car_as_it_was_at_each_round():
    state = given(*season(), EntryCarChanged("3", "fuji", "Oreca 03", "Nissan", "Oreca"),
                  race("inje", "1", "3", "2"), race("fuji", "1", "3", "2"))
    makes = table(state, "LMP2", "manufacturers").rows
    assert {r.key: dict(r.by_round) for r in makes} == {
        "Morgan": {"inje": 43, "fuji": 25}, "Oreca": {"inje": 15, "fuji": 33}}


def test_teams_score_per_car_entry():
    state = given(*season(), race("inje", "1", "2", "3"))
    rows_ = table(state, "LMP2", "teams").rows
    assert [(r.key, r.team, r.total) for r in rows_] == [
        ("1", "Oak Racing", 25), ("2", "KCMG", 18), ("3", "Oak Racing", 15)]


def test_drivers_score_the_rounds_they_were_nominated_for():
    state = given(*season(with_crews=False), DriverNominated("inje", "1", "cheng"),
                  DriverNominated("fuji", "2", "cheng"), DriverNominated("zhuhai", "2", "ho"),
                  race("inje", "1", "2", "3"), race("fuji", "2", "1", "3"),
                  race("zhuhai", "2", "1", "3"))
    rows_ = {r.key: r for r in table(state, "LMP2", "drivers").rows}
    assert set(rows_) == {"cheng", "ho"}
    cheng = rows_["cheng"]
    assert (cheng.total, cheng.by_round) == (50, (("inje", 25), ("fuji", 25)))
    assert cheng.entries_by_round == (("inje", "1", "Oak Racing"), ("fuji", "2", "KCMG"))
    assert cheng.team == "Oak Racing / KCMG"


# --- provisional, appeals, overturns ---------------------------------------------------------

RACED = (*season(), race("inje", "1", "2", "3"), race("inje", "91", "92", "93"))


def provisional(state, class_="LMP2"):
    return {r.key: r.provisional for r in table(state, class_, "teams").rows}


def test_standings_resting_on_a_result_under_appeal_are_provisional():
    state = given(*RACED, at(PenaltyImposed("inje", "2", "time", 30), id="pen"),
                  AppealLodged("pen", "KCMG"))
    assert provisional(state) == {"1": True, "2": True, "3": True}
    assert provisional(state, "GTC") == {"91": False, "92": False, "93": False}


def test_standings_are_final_again_once_the_appeal_is_decided():
    state = given(*RACED, at(PenaltyImposed("inje", "2", "time", 30), id="pen"),
                  at(AppealLodged("pen"), id="appeal"), AppealDecided("appeal", "dismissed"))
    assert not table(state, "LMP2", "teams").provisional


def test_results_declared_provisional_are_provisional_until_declared_final():
    declared = given(*RACED, ResultsDeclared("inje", "LMP2", "provisional"))
    assert table(declared, "LMP2", "teams").provisional
    assert not table(declared, "GTC", "teams").provisional
    final = given(*RACED, ResultsDeclared("inje", "LMP2", "provisional"),
                  ResultsDeclared("inje", "LMP2", "final"))
    assert not table(final, "LMP2", "teams").provisional


def test_a_result_never_declared_counts_as_final():
    assert not table(given(*RACED), "LMP2", "drivers").provisional


def test_an_appeal_upheld_cancels_the_decision():
    state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                  at(AppealLodged("dsq", "Oak Racing"), id="appeal"),
                  AppealDecided("appeal", "upheld"))
    assert totals(state, "LMP2") == {"1": 25, "2": 18, "3": 15}
    assert placed(state)[0] == ("1", 1, "classified")


def test_an_appeal_dismissed_keeps_the_decision():
    state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                  at(AppealLodged("dsq", "Oak Racing"), id="appeal"),
                  AppealDecided("appeal", "dismissed"))
    assert totals(state, "LMP2") == {"2": 25, "3": 18, "1": 0}


def test_a_decision_overturned_no_longer_counts():
    state = given(*RACED, at(PenaltyImposed("inje", "1", "points", 10), id="pen"),
                  at(CarDisqualified("inje", "2"), id="dsq"), DecisionOverturned("dsq", "error"))
    assert totals(state, "LMP2") == {"2": 18, "3": 15, "1": 15}


# --- invitations ----------------------------------------------------------------------------

LE_MANS = "Le Mans 2014"


def invited(state, upto=None):
    return [(i.team, i.car, i.position) for i in granted(state, upto)]


def test_invitations_go_per_team_skipping_a_teams_second_car():
    state = given(*RACED, InvitationRuleAdopted(LE_MANS, "LMP2", "teams", 2, "LMP2"))
    assert invited(state) == [("Oak Racing", "1", 1), ("KCMG", "2", 2)]


def test_invitations_go_per_car():
    state = given(*season(), race("inje", "1", "3", "2"),
                  InvitationRuleAdopted(LE_MANS, "LMP2", "teams", 2, "LMP2", per="car"))
    assert invited(state) == [("Oak Racing", "1", 1), ("Oak Racing", "3", 2)]


def test_an_invitation_names_its_event_category_and_class():
    state = given(*RACED, InvitationRuleAdopted(LE_MANS, "GTC", "teams", 1, "LMGTE Am"))
    [invitation] = granted(state)
    assert (invitation.event, invitation.category, invitation.class_, invitation.team) == (
        LE_MANS, "LMGTE Am", "GTC", "AF Corse")


def test_invitations_can_require_every_round_entered():
    """#1 missed Fuji: it leads on 50, yet #3 (61) and #2 (48) are invited."""
    state = given(*season(), race("inje", "1", "3", "2"), race("fuji", "3", "2"),
                  race("zhuhai", "1", "3", "2"), race("sepang", "3", "2", "1"),
                  InvitationRuleAdopted(LE_MANS, "LMP2", "teams", 2, "LMP2", per="car",
                                        conditions=("entered_every_round",)))
    assert totals(state, "LMP2") == {"3": 18 + 25 + 18 + 25, "1": 25 + 25 + 15, "2": 66}
    assert invited(state) == [("Oak Racing", "3", 1), ("KCMG", "2", 2)]


def test_every_round_entered_means_every_round_raced_so_far():
    """Mid-season, rounds still to come exclude nobody; nor does a round the class did not run."""
    state = given(*season(), race("inje", "1", "3", "2"), race("fuji", "91", "92"),
                  race("zhuhai", "3", "2"),
                  InvitationRuleAdopted(LE_MANS, "LMP2", "teams", 2, "LMP2", per="car",
                                        conditions=("entered_every_round",)))
    assert invited(state) == [("Oak Racing", "3", 1), ("KCMG", "2", 2)]
    assert invited(state, upto=1) == [("Oak Racing", "1", 1), ("Oak Racing", "3", 2)]


def test_an_invitation_needs_a_position():
    state = given(*season(), race("inje", "1", others=rows("2", "3", status="DNF")),
                  InvitationRuleAdopted(LE_MANS, "LMP2", "teams", 2, "LMP2", per="car"))
    assert invited(state) == [("Oak Racing", "1", 1)]


# --- ranking ----------------------------------------------------------------------------------


def rec(total, *results, order=0):
    return Record(total, results, order)


TOTALS = [rec(10, order=0), rec(25, order=1), rec(10, order=2), rec(0, order=3),
          rec(18, order=4), rec(10, order=5)]


@pytest.mark.parametrize("style, expected", [
    ("dense", [3, 1, 3, None, 2, 3]),
    ("competition", [3, 1, 3, None, 2, 3]),
    ("unique", [3, 1, 4, None, 2, 5]),
])
def test_rank_styles(style, expected):
    assert rank(TOTALS, Ranking(style)) == expected


def test_competition_ranking_skips_the_positions_a_tie_shares():
    records = [rec(10), rec(10), rec(8), rec(10), rec(5)]
    assert rank(records, Ranking("competition")) == [1, 1, 4, 1, 5]
    assert rank(records, Ranking("dense")) == [1, 1, 2, 1, 3]


def test_countback_ranks_most_wins_then_most_seconds_first():
    records = [rec(26, 2, 5), rec(26, 3, 3), rec(26, 1, None)]
    assert rank(records, Ranking("dense", ("countback",))) == [2, 3, 1]


def test_first_best_ranks_the_best_result_achieved_first_ahead():
    records = [rec(20, None, 2, 3), rec(20, 2, 4, None)]
    assert rank(records, Ranking("dense", ("first_best",))) == [2, 1]


def test_last_result_ranks_the_better_result_at_the_latest_round_ahead():
    records = [rec(20, 1, 3), rec(20, 3, 2)]
    assert rank(records, Ranking("dense", ("last_result",))) == [2, 1]


def test_tiebreaks_apply_in_order():
    """Countback cannot split one 2nd and one 4th each; first_best can (GTC #92 and #009)."""
    records = [rec(10, 4, 2), rec(10, 2, 4)]
    assert rank(records, Ranking("dense", ("countback",))) == [1, 1]
    assert rank(records, Ranking("dense", ("countback", "first_best"))) == [2, 1]


def test_a_tie_no_criterion_splits_is_shared_unless_unique():
    records = [rec(10, 2, None, order=0), rec(10, None, 2, order=1), rec(10, 2, None, order=2)]
    assert rank(records, Ranking("competition", ("countback",))) == [1, 1, 1]
    assert rank(records, Ranking("unique", ("countback", "first_best"))) == [1, 3, 2]


def test_competitors_without_points_have_no_position():
    assert rank([rec(0, 11), rec(-5, 1), rec(1, 12)], Ranking("dense")) == [None, None, 1]
    state = given(*season(), race("inje", "91", others=rows("92", "93", status="DNF")))
    assert positions(state, "GTC") == {"91": 1, "92": None, "93": None}


def test_tied_teams_are_split_and_tied_drivers_share_a_position():
    """#1 won Inje and #2 won Fuji: 43 each, one win and one 2nd each; #1 won first."""
    state = given(*season(), race("inje", "1", "2", "3"), race("fuji", "2", "1", "3"))
    assert positions(state, "LMP2") == {"1": 1, "2": 2, "3": 3}
    assert positions(state, "LMP2", "drivers") == {
        "cheng": 1, "winslow": 1, "ho": 1, "leung": 1, "lee": 2}


# --- timing sheets ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, seconds", [
    ("5:44'41.101", 5 * 3600 + 44 * 60 + 41.101), ("1'58.056", 118.056),
    ("3:01:22.4", 3 * 3600 + 82.4), ("98.7", 98.7), (None, None), ("1 lap", None)])
def test_parse_time_reads_the_timing_sheet(text, seconds):
    got = parse_time(text)
    assert got == pytest.approx(seconds) if seconds is not None else got is None


# --- points in time ------------------------------------------------------------------------------


def history():
    """Inje, then Fuji, then a correction of Inje (1 October), then Zhuhai; each with its date."""
    return log(*season(),
               at(race("inje", "1", "2", "3"), on=D(2013, 8, 4)),
               at(race("fuji", "2", "1", "3"), on=D(2013, 9, 22)),
               at(ClassificationCorrected("inje", "LMP2", rows("2", "1", "3")), on=D(2013, 10, 1)),
               at(race("zhuhai", "3", "1", "2"), on=D(2013, 11, 10)))


def at_point(point, kind="teams"):
    v = view(history(), point)
    return totals(v.state, "LMP2", kind, v.upto)


SEQ_OF_FUJI = len(season()) + 2


def test_after_a_round_given_by_key():
    assert at_point(Point(after_round="fuji")) == {"2": 50, "1": 36, "3": 30}


def test_after_a_round_given_by_number():
    assert at_point(Point(after_round="1")) == {"2": 25, "1": 18, "3": 15}
    assert view(history(), Point(after_round="1")).round_key == "inje"


def test_at_a_seq():
    assert at_point(Point(at_seq=SEQ_OF_FUJI)) == {"1": 43, "2": 43, "3": 30}
    assert at_point(Point(at_seq=SEQ_OF_FUJI - 1)) == {"1": 25, "2": 18, "3": 15}


def test_known_on_a_date_is_what_was_recorded_by_the_end_of_that_day():
    assert at_point(Point(known_on=D(2013, 9, 30))) == {"1": 43, "2": 43, "3": 30}
    assert at_point(Point(known_on=D(2013, 10, 1))) == {"2": 50, "1": 36, "3": 30}
    assert at_point(Point(known_on=D(2013, 8, 3))) == {}


def test_after_a_round_as_known_on_a_date():
    """What was known of Inje before its correction, and after it."""
    assert at_point(Point(after_round="inje", known_on=D(2013, 9, 30))) == {
        "1": 25, "2": 18, "3": 15}
    assert at_point(Point(after_round="inje")) == {"2": 25, "1": 18, "3": 15}


def test_a_seq_and_a_date_together_the_earlier_wins():
    assert at_point(Point(at_seq=SEQ_OF_FUJI, known_on=D(2013, 12, 31))) == {
        "1": 43, "2": 43, "3": 30}
    assert at_point(Point(at_seq=SEQ_OF_FUJI + 5, known_on=D(2013, 8, 4))) == {
        "1": 25, "2": 18, "3": 15}


def test_a_round_number_is_read_from_the_calendar_as_known_then():
    """Ordos, scheduled on 1 October between Fuji and Zhuhai, is round 3 from then on."""
    events = log(*season(), at(race("inje", "1", "2", "3"), on=D(2013, 8, 4)),
                 at(RoundScheduled("ordos", date=D(2013, 10, 20)), on=D(2013, 10, 1)))
    assert view(events, Point(after_round="3", known_on=D(2013, 9, 30))).round_key == "zhuhai"
    assert view(events, Point(after_round="3")).round_key == "ordos"
    assert view(events, Point(after_round="zhuhai")).upto == 4


def test_a_class_dropped_and_added_again_keeps_its_results():
    state = given(*RACED, ClassDropped("GTC"), ClassAdded("GTC"))
    assert totals(state, "GTC") == {"91": 25, "92": 18, "93": 15}


def test_rules_adopted_from_a_round_apply_from_that_round():
    state = given(*season(), ScoringRulesAdopted(("LMP2",), ScoringRules(pole=3), "fuji"),
                  PoleAwarded("inje", "LMP2", "2"), PoleAwarded("fuji", "LMP2", "2"))
    assert by_round(state, "LMP2", "2") == {"inje": 1, "fuji": 3}
