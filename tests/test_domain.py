"""The deciders: one test per rule of each decider's docstring, given / when / then."""

from __future__ import annotations

import datetime as dt

import pytest

from champengine import errors as E
from champengine.events import (
    AppealDecided,
    AppealLodged,
    CarDisqualified,
    ClassAdded,
    ClassDropped,
    ClassificationCorrected,
    DecisionOverturned,
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    DriveTimeInfringed,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
    InvitationRuleAdopted,
    LineupRulesAdopted,
    PenaltyImposed,
    PointsAdjusted,
    PoleAwarded,
    RaceClassified,
    Ranking,
    ResultRow,
    ResultsDeclared,
    RoundCancelled,
    RoundRelocated,
    RoundRescheduled,
    RoundScheduled,
    ScoringRules,
    ScoringRulesAdopted,
    SeasonOpened,
)
from given import (
    CREWS,
    DRIVERS,
    ENTRIES,
    at,
    calendar,
    given,
    opened,
    race,
    rows,
    season,
    then,
    then_raises,
    when,
)

INJE_LMP2 = race("inje", "1", "2", "3")
INJE_GTC = race("inje", "91", "92", "93")
RACED = (*season(), INJE_LMP2, INJE_GTC)


def test_a_command_is_an_event_of_the_catalog():
    with pytest.raises(E.UsageError, match="str is not a command"):
        when(given(), "open the season")


# --- decide_season -------------------------------------------------------------------


class TestSeason:
    def test_a_season_is_opened(self):
        cmd = SeasonOpened("test-2013", "Test Le Mans Series", 2013)
        then(when(given(), cmd), cmd)

    def test_a_season_is_opened_once(self):
        then_raises(E.Conflict, given(*opened()), SeasonOpened("other", "Other", 2014),
                    "test-2013")

    def test_nothing_comes_before_the_season_is_opened(self):
        then_raises(E.UnknownSeason, given(), ClassAdded("LMP2"), "SeasonOpened")

    def test_a_class_is_added_when_not_active(self):
        cmd = ClassAdded("GTC Am", "GTC Amateur")
        then(when(given(*opened()), cmd), cmd)

    def test_an_active_class_cannot_be_added_again(self):
        then_raises(E.Conflict, given(*opened()), ClassAdded("LMP2"), "LMP2")

    def test_a_dropped_class_can_be_added_again(self):
        state = given(*opened(), ClassDropped("GTC", reason="too few entries"))
        cmd = ClassAdded("GTC", reason="it ran after all")
        then(when(state, cmd), cmd)

    def test_an_active_class_can_be_dropped(self):
        cmd = ClassDropped("GTC", reason="considered, then dropped")
        then(when(given(*opened()), cmd), cmd)

    def test_an_unknown_class_cannot_be_dropped(self):
        then_raises(E.UnknownClass, given(*opened()), ClassDropped("SGT"), "SGT")

    def test_a_dropped_class_cannot_be_dropped_again(self):
        state = given(*opened(), ClassDropped("GTC"))
        then_raises(E.UnknownClass, state, ClassDropped("GTC"), "GTC")

    def test_scoring_rules_are_adopted_for_active_classes_from_a_known_round(self):
        cmd = ScoringRulesAdopted(("LMP2",), ScoringRules(pole=0), from_round="fuji")
        then(when(given(*opened(), *calendar()), cmd), cmd)

    def test_scoring_rules_name_active_classes(self):
        state = given(*opened(), ClassDropped("GTC"))
        then_raises(E.UnknownClass, state, ScoringRulesAdopted(("LMP2", "GTC")), "GTC")

    def test_scoring_rules_start_from_a_round_on_the_calendar(self):
        then_raises(E.UnknownRound, given(*opened(), *calendar()),
                    ScoringRulesAdopted(("LMP2",), from_round="ordos"), "ordos")

    def test_scoring_rules_do_not_start_from_a_cancelled_round(self):
        state = given(*opened(), *calendar(), RoundCancelled("fuji"))
        then_raises(E.CancelledRound, state,
                    ScoringRulesAdopted(("LMP2",), from_round="fuji"), "fuji")

    def test_scoring_rules_use_rank_styles_the_engine_knows(self):
        rules = ScoringRules(teams=Ranking("olympic"))
        then_raises(E.RefusedError, given(*opened()), ScoringRulesAdopted(("LMP2",), rules),
                    "olympic")

    def test_scoring_rules_use_tiebreaks_the_engine_knows(self):
        rules = ScoringRules(drivers=Ranking("dense", ("countback", "coin_toss")))
        then_raises(E.RefusedError, given(*opened()), ScoringRulesAdopted(("LMP2",), rules),
                    "coin_toss")

    def test_scoring_rules_point_places_are_places(self):
        rules = ScoringRules(points=(10, 0, 6), point_places=(1, 0, -2))
        then_raises(E.RefusedError, given(*opened()), ScoringRulesAdopted(("LMP2",), rules),
                    "point place")

    def test_an_invitation_rule_is_adopted(self):
        cmd = InvitationRuleAdopted("Le Mans 2014", "GTC", "teams", 2, "LMGTE Am",
                                    conditions=("entered_every_round",))
        then(when(given(*opened()), cmd), cmd)

    def test_an_invitation_rule_names_an_active_class(self):
        then_raises(E.UnknownClass, given(*opened()),
                    InvitationRuleAdopted("Le Mans 2014", "SGT", "teams", 1, "LMGTE Am"), "SGT")

    def test_an_invitation_rule_names_a_table(self):
        then_raises(E.RefusedError, given(*opened()),
                    InvitationRuleAdopted("Le Mans 2014", "LMP2", "nations", 1, "LMP2"),
                    "nations")

    def test_an_invitation_rule_invites_at_least_one(self):
        then_raises(E.RefusedError, given(*opened()),
                    InvitationRuleAdopted("Le Mans 2014", "LMP2", "teams", 0, "LMP2"),
                    "at least one")

    def test_invitations_go_per_team_or_per_car(self):
        then_raises(E.RefusedError, given(*opened()),
                    InvitationRuleAdopted("Le Mans 2014", "LMP2", "teams", 1, "LMP2",
                                          per="driver"), "driver")

    def test_invitation_conditions_are_ones_the_engine_knows(self):
        then_raises(E.RefusedError, given(*opened()),
                    InvitationRuleAdopted("Le Mans 2014", "LMP2", "teams", 1, "LMP2",
                                          conditions=("asian_team",)), "asian_team")


# --- decide_calendar --------------------------------------------------------------------


class TestCalendar:
    def test_a_round_is_scheduled(self):
        cmd = RoundScheduled("ordos", "Ordos", "Ordos International Circuit", "CHN", None)
        then(when(given(*opened(), *calendar()), cmd), cmd)

    def test_a_round_is_scheduled_before_the_season_is_opened_never(self):
        then_raises(E.UnknownSeason, given(), RoundScheduled("inje"))

    def test_a_round_key_is_scheduled_once(self):
        then_raises(E.Conflict, given(*opened(), *calendar()), RoundScheduled("fuji"), "fuji")

    def test_a_cancelled_round_key_is_not_scheduled_again(self):
        """A relocation to another country is a cancelled round and a new one, with a new key."""
        state = given(*opened(), *calendar(), RoundCancelled("fuji"))
        then_raises(E.Conflict, state, RoundScheduled("fuji"), "fuji")

    @pytest.mark.parametrize("cmd", [
        RoundRescheduled("zhuhai", dt.date(2013, 11, 17)),
        RoundRelocated("zhuhai", "Zhuhai International Circuit"),
        RoundCancelled("zhuhai", "no promoter"),
    ], ids=type)
    def test_a_round_on_the_calendar_is_rescheduled_relocated_or_cancelled(self, cmd):
        then(when(given(*opened(), *calendar()), cmd), cmd)

    @pytest.mark.parametrize("cmd", [
        RoundRescheduled("ordos", dt.date(2013, 9, 1)),
        RoundRelocated("ordos", "Ordos International Circuit"),
        RoundCancelled("ordos"),
    ], ids=type)
    def test_a_round_not_on_the_calendar_cannot_be_changed(self, cmd):
        then_raises(E.UnknownRound, given(*opened(), *calendar()), cmd, "ordos")

    @pytest.mark.parametrize("cmd", [
        RoundRescheduled("fuji", dt.date(2013, 10, 6)),
        RoundRelocated("fuji", "Autopolis"),
        RoundCancelled("fuji"),
    ], ids=type)
    def test_a_cancelled_round_cannot_be_changed(self, cmd):
        state = given(*opened(), *calendar(), RoundCancelled("fuji"))
        then_raises(E.CancelledRound, state, cmd, "fuji")

    def test_a_round_with_results_cannot_be_cancelled(self):
        then_raises(E.Conflict, given(*RACED), RoundCancelled("inje"), "inje")

    def test_a_round_with_a_pole_cannot_be_cancelled(self):
        """Qualifying is a result: the pole point would be lost with the round."""
        state = given(*season(), PoleAwarded("fuji", "LMP2", "2"))
        then_raises(E.Conflict, state, RoundCancelled("fuji"), "fuji")

    def test_a_round_with_a_points_adjustment_cannot_be_cancelled(self):
        state = given(*season(), PointsAdjusted("fuji", "LMP2", "teams", "2", 3))
        then_raises(E.Conflict, state, RoundCancelled("fuji"), "fuji")


# --- decide_entry -------------------------------------------------------------------------


class TestEntry:
    def test_a_car_is_entered(self):
        cmd = EntryRegistered("18", "LMP2", "Craft-Bamboo", "HKG", "Oreca 03", "Nissan",
                              "Oreca", "Michelin", from_round="fuji")
        then(when(given(*opened(), *calendar()), cmd), cmd)

    def test_a_car_key_is_registered_once(self):
        state = given(*opened(), *calendar(), *ENTRIES)
        then_raises(E.Conflict, state, EntryRegistered("2", "LMP2", "Other"), "#2")

    def test_a_car_is_entered_in_an_active_class(self):
        state = given(*opened(), *calendar(), ClassDropped("GTC"))
        then_raises(E.UnknownClass, state, EntryRegistered("99", "GTC", "Team"), "GTC")

    def test_a_car_is_entered_from_a_round_on_the_calendar(self):
        then_raises(E.UnknownRound, given(*opened(), *calendar()),
                    EntryRegistered("99", "GTC", "Team", from_round="ordos"), "ordos")

    @pytest.mark.parametrize("cmd", [
        EntryCarChanged("2", "fuji", "Oreca 03R", "Nissan", "Oreca"),
        EntryWithdrawn("2", "zhuhai", "budget"),
    ], ids=type)
    def test_a_registered_car_changes_or_withdraws_from_a_round(self, cmd):
        then(when(given(*opened(), *calendar(), *ENTRIES), cmd), cmd)

    @pytest.mark.parametrize("cmd", [
        EntryCarChanged("7", "fuji", "Oreca 03"),
        EntryWithdrawn("7", "fuji"),
    ], ids=type)
    def test_a_car_change_or_withdrawal_names_a_registered_car(self, cmd):
        then_raises(E.UnknownCar, given(*opened(), *calendar(), *ENTRIES), cmd, "#7")

    @pytest.mark.parametrize("cmd", [
        EntryCarChanged("2", "ordos", "Oreca 03"),
        EntryWithdrawn("2", "ordos"),
    ], ids=type)
    def test_a_car_change_or_withdrawal_names_a_round_on_the_calendar(self, cmd):
        then_raises(E.UnknownRound, given(*opened(), *calendar(), *ENTRIES), cmd, "ordos")


# --- decide_driver ------------------------------------------------------------------------


class TestDriver:
    base = (*opened(), *calendar(), *ENTRIES, *DRIVERS)

    def test_a_driver_is_registered(self):
        cmd = DriverRegistered("kc", "Kevin Pu Junjin", ("Jun Jin Pu",), "CHN", "bronze")
        then(when(given(*self.base), cmd), cmd)

    def test_a_driver_key_is_registered_once(self):
        then_raises(E.Conflict, given(*self.base), DriverRegistered("ho", "Someone"), "ho")

    def test_a_driver_is_nominated(self):
        cmd = DriverNominated("inje", "2", "ho")
        then(when(given(*self.base), cmd), cmd)

    def test_a_nomination_names_a_round_on_the_calendar(self):
        then_raises(E.UnknownRound, given(*self.base), DriverNominated("ordos", "2", "ho"),
                    "ordos")

    def test_a_nomination_names_a_running_round(self):
        state = given(*self.base, RoundCancelled("fuji"))
        then_raises(E.CancelledRound, state, DriverNominated("fuji", "2", "ho"), "fuji")

    def test_a_nomination_names_an_entered_car(self):
        then_raises(E.UnknownCar, given(*self.base), DriverNominated("inje", "7", "ho"), "#7")

    def test_a_nomination_names_a_car_entered_at_that_round(self):
        state = given(*self.base, EntryRegistered("18", "LMP2", "Craft", from_round="zhuhai"))
        then_raises(E.UnknownCar, state, DriverNominated("fuji", "18", "ho"), "#18", "fuji")

    def test_a_withdrawn_car_takes_no_nomination(self):
        state = given(*self.base, EntryWithdrawn("2", "zhuhai"))
        then_raises(E.UnknownCar, state, DriverNominated("sepang", "2", "ho"), "#2", "sepang")

    def test_a_nomination_names_a_registered_driver(self):
        then_raises(E.UnknownDriver, given(*self.base), DriverNominated("inje", "2", "senna"),
                    "senna")

    def test_a_driver_drives_one_car_a_round(self):
        state = given(*self.base, DriverNominated("inje", "2", "ho"))
        then_raises(E.DriverBusy, state, DriverNominated("inje", "1", "ho"), "ho", "#2", "inje")

    def test_a_driver_drives_other_cars_at_other_rounds(self):
        state = given(*self.base, DriverNominated("inje", "2", "ho"))
        cmd = DriverNominated("fuji", "1", "ho")
        then(when(state, cmd), cmd)

    def test_a_driver_is_nominated_in_a_car_once(self):
        state = given(*self.base, DriverNominated("inje", "2", "ho"))
        then_raises(E.Conflict, state, DriverNominated("inje", "2", "ho"), "ho", "#2")

    def test_a_car_has_at_most_three_drivers_a_round(self):
        state = given(*self.base, *(DriverNominated("inje", "1", d)
                                    for d in ("cheng", "winslow", "lee")))
        then_raises(E.CrewFull, state, DriverNominated("inje", "1", "ho"), "#1", "3")

    def test_a_released_seat_can_be_taken(self):
        state = given(*self.base, *(DriverNominated("inje", "1", d)
                                    for d in ("cheng", "winslow", "lee")),
                      DriverReleased("inje", "1", "lee"))
        cmd = DriverNominated("inje", "1", "ho")
        then(when(state, cmd), cmd)

    def test_a_nominated_driver_is_released(self):
        state = given(*self.base, DriverNominated("inje", "2", "ho"))
        cmd = DriverReleased("inje", "2", "ho")
        then(when(state, cmd), cmd)

    def test_only_a_nominated_driver_can_be_released(self):
        state = given(*self.base, DriverNominated("inje", "2", "ho"))
        then_raises(E.Conflict, state, DriverReleased("inje", "1", "ho"), "ho", "#1")


# --- decide_result --------------------------------------------------------------------------


class TestResult:
    def test_a_race_is_classified(self):
        cmd = race("inje", "2", "1", others=rows("3", status="DNF"))
        then(when(given(*season()), cmd), cmd)

    def test_a_result_goes_to_a_round_on_the_calendar(self):
        then_raises(E.UnknownRound, given(*season()), race("ordos", "1"), "ordos")

    def test_a_result_for_a_cancelled_round_is_refused(self):
        state = given(*season(), RoundCancelled("fuji"))
        then_raises(E.CancelledRound, state, race("fuji", "1", "2"), "fuji")

    def test_a_result_goes_to_an_active_class(self):
        state = given(*season(), ClassDropped("GTC"))
        then_raises(E.UnknownClass, state, race("inje", "91"), "GTC")

    def test_every_car_of_a_classification_is_entered(self):
        then_raises(E.UnknownCar, given(*season()),
                    RaceClassified("inje", "LMP2", rows("1", "7")), "#7")

    def test_a_car_of_another_class_in_a_classification_is_refused(self):
        then_raises(E.WrongClass, given(*season()),
                    RaceClassified("inje", "LMP2", rows("1", "91")), "#91", "GTC")

    def test_a_car_twice_in_a_classification_is_refused(self):
        then_raises(E.DuplicateCar, given(*season()),
                    RaceClassified("inje", "LMP2", rows("1", "2", "1")), "#1")

    def test_classified_cars_come_first(self):
        bad = RaceClassified("inje", "LMP2", (ResultRow("1", "DNF"), ResultRow("2")))
        then_raises(E.RefusedError, given(*season()), bad, "classified")

    def test_a_row_has_a_known_status(self):
        bad = RaceClassified("inje", "LMP2", (ResultRow("1", "retired"),))
        then_raises(E.RefusedError, given(*season()), bad, "#1", "retired")

    def test_a_classification_has_a_row(self):
        then_raises(E.RefusedError, given(*season()), RaceClassified("inje", "LMP2", ()),
                    "at least one row")

    def test_a_race_is_classified_once(self):
        then_raises(E.AlreadyClassified, given(*RACED), race("inje", "2", "1"),
                    "LMP2", "inje", "ClassificationCorrected")

    def test_a_pole_goes_to_a_car_of_the_class(self):
        cmd = PoleAwarded("inje", "LMP2", "2")
        then(when(given(*season()), cmd), cmd)

    def test_a_pole_for_a_car_of_another_class_is_refused(self):
        then_raises(E.WrongClass, given(*season()), PoleAwarded("inje", "LMP2", "91"), "#91")

    def test_a_pole_for_an_unknown_car_is_refused(self):
        then_raises(E.UnknownCar, given(*season()), PoleAwarded("inje", "LMP2", "7"), "#7")

    def test_a_pole_goes_once_a_race(self):
        state = given(*season(), PoleAwarded("inje", "LMP2", "2"))
        then_raises(E.Conflict, state, PoleAwarded("inje", "LMP2", "1"), "#2")

    def test_a_classification_is_corrected(self):
        cmd = ClassificationCorrected("inje", "LMP2", rows("1", "3", "2"), "timing error")
        then(when(given(*RACED), cmd), cmd)

    def test_a_correction_needs_the_race_classified(self):
        then_raises(E.NotClassified, given(*RACED),
                    ClassificationCorrected("fuji", "LMP2", rows("1")), "fuji")

    def test_a_correction_is_checked_like_a_classification(self):
        then_raises(E.WrongClass, given(*RACED),
                    ClassificationCorrected("inje", "LMP2", rows("1", "92")), "#92")

    def test_results_are_declared(self):
        cmd = ResultsDeclared("inje", "LMP2", "final")
        then(when(given(*RACED), cmd), cmd)

    def test_a_declaration_needs_the_race_classified(self):
        then_raises(E.NotClassified, given(*RACED), ResultsDeclared("fuji", "GTC", "final"),
                    "fuji")

    def test_results_are_declared_provisional_or_final(self):
        then_raises(E.RefusedError, given(*RACED), ResultsDeclared("inje", "LMP2", "official"),
                    "official")

    def test_a_crew_without_a_driver_of_the_required_region_gives_a_warning_not_a_refusal(self):
        cmd = race("inje", "92", "91", "93")
        state = given(*season(), LineupRulesAdopted(("LMP2", "GTC"), 3, "Asia"))
        then(when(state, cmd), cmd, warnings=(
            "inje: car #91 has no driver from Asia (Steve Wyatt, Andrea Cioci)",))

    def test_without_a_line_up_rule_no_region_is_required(self):
        cmd = race("inje", "92", "91", "93")
        then(when(given(*season()), cmd), cmd)

    def test_a_crew_of_unknown_nationality_is_not_warned_of(self):
        state = given(*season(with_crews=False), DriverRegistered("x", "Mr X"),
                      DriverNominated("inje", "91", "x"))
        cmd = race("inje", "91")
        then(when(state, cmd), cmd)


# --- decide_stewards ------------------------------------------------------------------------


class TestStewards:
    def test_a_penalty_is_imposed(self):
        cmd = PenaltyImposed("inje", "2", "positions", 1, "jump start")
        then(when(given(*RACED), cmd), cmd)

    def test_a_decision_names_a_classified_race(self):
        then_raises(E.NotClassified, given(*RACED), CarDisqualified("fuji", "2"), "fuji")

    def test_a_decision_names_a_car_of_the_race(self):
        state = given(*season(), race("inje", "1", "2"))
        then_raises(E.UnknownCar, state, PenaltyImposed("inje", "3", "time", 30), "#3", "inje")

    def test_a_decision_names_an_entered_car(self):
        then_raises(E.UnknownCar, given(*RACED), CarDisqualified("inje", "7"), "#7")

    def test_a_decision_names_a_running_round(self):
        state = given(*RACED, RoundCancelled("fuji"))
        then_raises(E.CancelledRound, state, CarDisqualified("fuji", "2"), "fuji")

    def test_a_decision_names_a_round_on_the_calendar(self):
        then_raises(E.UnknownRound, given(*RACED), CarDisqualified("ordos", "2"), "ordos")

    def test_a_penalty_is_of_a_known_kind(self):
        then_raises(E.RefusedError, given(*RACED), PenaltyImposed("inje", "2", "grid", 3),
                    "grid")

    @pytest.mark.parametrize("value", [0, -5])
    def test_a_penalty_has_a_positive_value(self, value):
        then_raises(E.RefusedError, given(*RACED), PenaltyImposed("inje", "2", "points", value),
                    "positive")

    def test_a_car_is_disqualified(self):
        cmd = CarDisqualified("inje", "1", "underweight")
        then(when(given(*RACED), cmd), cmd)

    def test_a_car_is_disqualified_once(self):
        state = given(*RACED, CarDisqualified("inje", "1"))
        then_raises(E.Conflict, state, CarDisqualified("inje", "1"), "#1", "inje")

    def test_a_car_is_disqualified_again_once_the_first_disqualification_falls(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                      DecisionOverturned("dsq"))
        cmd = CarDisqualified("inje", "1", "fuel capacity")
        then(when(state, cmd), cmd)

    def test_a_drive_time_infringement_names_a_driver_of_the_car(self):
        cmd = DriveTimeInfringed("inje", "1", "cheng")
        then(when(given(*RACED), cmd), cmd)

    def test_a_drive_time_infringement_of_another_cars_driver_is_refused(self):
        then_raises(E.UnknownDriver, given(*RACED), DriveTimeInfringed("inje", "1", "ho"),
                    "ho", "#1")

    def test_an_appeal_names_a_decision_in_the_log(self):
        state = given(*RACED, at(PenaltyImposed("inje", "2", "time", 60), id="pen"))
        cmd = AppealLodged("pen", "KCMG")
        then(when(state, cmd), cmd)

    def test_an_appeal_of_an_unknown_decision_is_refused(self):
        then_raises(E.UnknownDecision, given(*RACED), AppealLodged("nope"), "nope")

    def test_an_appeal_of_an_event_that_is_not_a_decision_is_refused(self):
        state = given(*season(), at(INJE_LMP2, id="race"))
        then_raises(E.UnknownDecision, state, AppealLodged("race"), "race")

    def test_a_decision_is_not_appealed_twice_at_once(self):
        state = given(*RACED, at(PenaltyImposed("inje", "2", "time", 60), id="pen"),
                      AppealLodged("pen"))
        then_raises(E.Conflict, state, AppealLodged("pen"), "pen")

    def test_a_decision_whose_appeal_was_dismissed_can_be_appealed_again(self):
        state = given(*RACED, at(PenaltyImposed("inje", "2", "time", 60), id="pen"),
                      at(AppealLodged("pen"), id="appeal"), AppealDecided("appeal", "dismissed"))
        cmd = AppealLodged("pen", "KCMG, to the court of appeal")
        then(when(state, cmd), cmd)

    @pytest.mark.parametrize("outcome", ["upheld", "dismissed"])
    def test_an_appeal_is_upheld_or_dismissed(self, outcome):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                      at(AppealLodged("dsq"), id="appeal"))
        cmd = AppealDecided("appeal", outcome)
        then(when(state, cmd), cmd)

    def test_an_appeal_has_no_other_outcome(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                      at(AppealLodged("dsq"), id="appeal"))
        then_raises(E.RefusedError, state, AppealDecided("appeal", "withdrawn"), "withdrawn")

    def test_a_decided_appeal_names_an_appeal_in_the_log(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"))
        then_raises(E.UnknownDecision, state, AppealDecided("dsq", "upheld"), "dsq")

    def test_an_appeal_is_decided_once(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                      at(AppealLodged("dsq"), id="appeal"), AppealDecided("appeal", "upheld"))
        then_raises(E.Conflict, state, AppealDecided("appeal", "dismissed"), "appeal", "upheld")

    def test_a_standing_decision_is_overturned(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"))
        cmd = DecisionOverturned("dsq", "new evidence")
        then(when(state, cmd), cmd)

    def test_an_overturn_of_an_unknown_decision_is_refused(self):
        then_raises(E.UnknownDecision, given(*RACED), DecisionOverturned("nope"), "nope")

    def test_a_decision_is_overturned_once(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                      DecisionOverturned("dsq"))
        then_raises(E.Conflict, state, DecisionOverturned("dsq"), "dsq")

    def test_a_decision_that_fell_on_appeal_cannot_be_overturned(self):
        state = given(*RACED, at(CarDisqualified("inje", "1"), id="dsq"),
                      at(AppealLodged("dsq"), id="appeal"), AppealDecided("appeal", "upheld"))
        then_raises(E.Conflict, state, DecisionOverturned("dsq"), "dsq")

    @pytest.mark.parametrize("table, competitor", [
        ("teams", "2"), ("drivers", "ho"), ("manufacturers", "Oreca")])
    def test_points_are_adjusted_for_a_competitor_of_the_table(self, table, competitor):
        cmd = PointsAdjusted("inje", "LMP2", table, competitor, -5, "ballast")
        then(when(given(*RACED), cmd), cmd)

    def test_a_points_adjustment_names_a_running_round(self):
        state = given(*RACED, RoundCancelled("fuji"))
        then_raises(E.CancelledRound, state,
                    PointsAdjusted("fuji", "LMP2", "teams", "2", 5), "fuji")

    def test_a_points_adjustment_names_an_active_class(self):
        state = given(*RACED, ClassDropped("GTC"))
        then_raises(E.UnknownClass, state, PointsAdjusted("inje", "GTC", "teams", "91", 5),
                    "GTC")

    def test_a_points_adjustment_names_a_table(self):
        then_raises(E.RefusedError, given(*RACED),
                    PointsAdjusted("inje", "LMP2", "nations", "FRA", 5), "nations")

    @pytest.mark.parametrize("table, competitor", [
        ("teams", "91"), ("teams", "7"), ("drivers", "senna"), ("manufacturers", "Ferrari")])
    def test_a_points_adjustment_names_a_competitor_of_the_table(self, table, competitor):
        then_raises(E.RefusedError, given(*RACED),
                    PointsAdjusted("inje", "LMP2", table, competitor, 5), competitor, table)


def test_the_hand_made_season_is_accepted_by_the_deciders():
    """Every event of ``given.season()`` passes ``decide`` in order (the helper obeys the rules)."""
    from champengine.projections.season import SeasonState, evolve
    from given import log

    state = SeasonState()
    for env in log(*season(), INJE_LMP2, INJE_GTC):
        assert when(state, env.payload).events == (env.payload,)
        evolve(state, env)
    assert set(CREWS) == set(state.entries.entries)


class TestLineupRules:
    def test_a_line_up_rule_is_adopted(self):
        cmd = LineupRulesAdopted(("LMP2",), 2, "Asia")
        then(when(given(*opened()), cmd), cmd)

    def test_a_line_up_rule_names_a_known_region(self):
        then_raises(E.RefusedError, given(*opened()), LineupRulesAdopted(("LMP2",), 3, "Mars"),
                    "Mars")

    def test_a_line_up_rule_allows_at_least_one_driver(self):
        then_raises(E.RefusedError, given(*opened()), LineupRulesAdopted(("LMP2",), 0))

    def test_a_line_up_rule_names_active_classes(self):
        then_raises(E.UnknownClass, given(*opened()), LineupRulesAdopted(("LMP3",)), "LMP3")

    def test_a_crew_is_capped_by_its_classs_line_up_rule(self):
        state = given(*season(with_crews=False), LineupRulesAdopted(("LMP2",), 1),
                      DriverNominated("inje", "1", DRIVERS[0].driver))
        then_raises(E.CrewFull, state, DriverNominated("inje", "1", DRIVERS[1].driver), "#1")
