"""The deciders of the scoring core's events: tables, makes, sessions, fastest laps,
exclusions, drivers in two cars. One test per rule, given / when / then."""

from __future__ import annotations

from champengine import errors as E
from champengine.events import (
    CompetitorExcluded,
    DriverNominated,
    DriverReleased,
    EntryRegistered,
    FastestLapSet,
    LapHolder,
    LineupRulesAdopted,
    MakeRegistered,
    PointsAdjusted,
    RaceClassified,
    ScoringRules,
    ScoringRulesAdopted,
    TableDefined,
)
from given import given, opened, race, rows, season, then, then_raises, when

DRIVERS_TABLE = TableDefined("drivers", ("LMP2",), "driver")


class TestTables:
    def test_a_table_is_defined_for_active_classes(self):
        then(when(given(*opened()), DRIVERS_TABLE), DRIVERS_TABLE)

    def test_a_table_is_defined_once(self):
        then_raises(E.Conflict, given(*opened(), DRIVERS_TABLE), DRIVERS_TABLE, "drivers")

    def test_a_table_ranks_a_known_kind_of_competitor(self):
        then_raises(E.RefusedError, given(*opened()),
                    TableDefined("cups", ("LMP2",), "horse"), "horse", "car, driver, make")

    def test_a_table_admits_a_known_scope_of_entries(self):
        then_raises(E.RefusedError, given(*opened()),
                    TableDefined("cups", ("LMP2",), "car", entries="some"), "some")

    def test_a_table_names_active_classes(self):
        then_raises(E.UnknownClass, given(*opened()),
                    TableDefined("cups", ("SGT",), "car"), "SGT")

    def test_a_table_comes_before_results(self):
        state = given(*season(), race("inje", "1", "2"))
        then_raises(E.Conflict, state, DRIVERS_TABLE, "too late")

    def test_rules_for_a_table_name_a_table_of_the_class(self):
        state = given(*opened(), DRIVERS_TABLE)
        cmd = ScoringRulesAdopted(("LMP2",), ScoringRules(pole=0), tables=("drivers",))
        then(when(state, cmd), cmd)
        then_raises(E.RefusedError, state,
                    ScoringRulesAdopted(("LMP2",), ScoringRules(), tables=("teams",)),
                    "no table 'teams'", "drivers")

    def test_a_season_defining_no_table_has_the_three_of_the_aco(self):
        state = given(*opened())
        assert [t.table for t in state.table_specs("LMP2")] == [
            "teams", "drivers", "manufacturers"]


class TestMakes:
    def test_a_make_is_registered_once(self):
        cmd = MakeRegistered("cooper", "Cooper", "GBR")
        then(when(given(*opened()), cmd), cmd)
        then_raises(E.Conflict, given(*opened(), cmd), cmd, "cooper")


class TestSessions:
    def test_a_round_holds_a_sprint_beside_its_race(self):
        state = given(*season(), race("inje", "1", "2", "3"))
        cmd = RaceClassified("inje", "LMP2", rows("2", "1", "3"), session="sprint")
        then(when(state, cmd), cmd)

    def test_each_session_is_classified_once(self):
        sprint = RaceClassified("inje", "LMP2", rows("2", "1", "3"), session="sprint")
        state = given(*season(), sprint)
        then_raises(E.AlreadyClassified, state, sprint, "LMP2 sprint", "inje")

    def test_a_race_s_laps_are_not_negative(self):
        then_raises(E.RefusedError, given(*season()),
                    race("inje", "1", laps=-1, scheduled_laps=10), "negative")


class TestFastestLaps:
    def test_a_fastest_lap_goes_to_cars_of_the_classification(self):
        state = given(*season(), race("inje", "1", "2"))
        cmd = FastestLapSet("inje", "LMP2", (LapHolder("2", "ho"),))
        then(when(state, cmd), cmd)

    def test_a_fastest_lap_needs_the_session_classified(self):
        then_raises(E.NotClassified, given(*season()),
                    FastestLapSet("inje", "LMP2", (LapHolder("2"),)), "inje")

    def test_a_fastest_lap_holder_is_in_the_classification(self):
        state = given(*season(), race("inje", "1", "2"))
        then_raises(E.UnknownCar, state, FastestLapSet("inje", "LMP2", (LapHolder("3"),)),
                    "#3")

    def test_a_fastest_lap_holder_is_a_registered_driver(self):
        state = given(*season(), race("inje", "1", "2"))
        then_raises(E.UnknownDriver, state,
                    FastestLapSet("inje", "LMP2", (LapHolder("2", "nobody"),)), "nobody")

    def test_a_fastest_lap_is_set_once_a_session(self):
        lap = FastestLapSet("inje", "LMP2", (LapHolder("2"), LapHolder("1")))
        then_raises(E.Conflict, given(*season(), race("inje", "1", "2"), lap), lap, "already")


class TestTwoCars:
    def test_a_driver_drives_one_car_a_round_unless_the_line_up_rule_allows_more(self):
        then_raises(E.DriverBusy, given(*season()), DriverNominated("inje", "3", "cheng"),
                    "#1")
        state = given(*season(), LineupRulesAdopted(("LMP2",), cars_per_driver=2))
        cmd = DriverNominated("inje", "3", "cheng")
        then(when(state, cmd), cmd)

    def test_a_driver_in_two_cars_is_released_from_either(self):
        state = given(*season(), LineupRulesAdopted(("LMP2",), cars_per_driver=2),
                      DriverNominated("inje", "3", "cheng"))
        assert state.entries.cars_of("inje", "cheng") == ["1", "3"]
        cmd = DriverReleased("inje", "3", "cheng")
        then(when(state, cmd), cmd)
        after = given(*season(), LineupRulesAdopted(("LMP2",), cars_per_driver=2),
                      DriverNominated("inje", "3", "cheng"), DriverReleased("inje", "1", "cheng"))
        assert after.entries.cars_of("inje", "cheng") == ["3"]


class TestExclusions:
    def test_a_competitor_of_a_table_is_excluded_once(self):
        cmd = CompetitorExcluded("LMP2", "drivers", "cheng", "a federation's decision")
        then(when(given(*season()), cmd), cmd)
        then_raises(E.Conflict, given(*season(), cmd), cmd, "already excluded")

    def test_an_exclusion_names_a_competitor_of_the_table(self):
        then_raises(E.RefusedError, given(*season()),
                    CompetitorExcluded("LMP2", "manufacturers", "Ferrari"), "'Ferrari'")

    def test_a_make_keyed_with_its_engine_is_a_competitor(self):
        entry = EntryRegistered("7", "LMP2", "Cooper Car Co", make="cooper",
                                engine_make="climax")
        state = given(*season(), entry)
        cmd = CompetitorExcluded("LMP2", "manufacturers", "cooper:climax")
        then(when(state, cmd), cmd)

    def test_a_points_adjustment_names_a_table_the_season_defines(self):
        then_raises(E.RefusedError, given(*season()),
                    PointsAdjusted("inje", "LMP2", "cups", "1", 5), "no table 'cups'")
