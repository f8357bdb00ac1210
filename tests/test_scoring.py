"""The rule dimensions of the scoring core, each given / when / then with numbers worked
by hand, on the hand-made season of ``given`` (LMP2: #1 Morgan cheng+winslow, #2 Oreca
ho+leung, #3 Morgan lee; GTC: #91 Ferrari wyatt+cioci, #92 Ferrari mok, #93 Porsche frey)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given as hypo
from hypothesis import strategies as st

from champengine.events import (
    CarDisqualified,
    CompetitorExcluded,
    CountPeriod,
    DistanceBand,
    DriverNominated,
    EntryRegistered,
    FastestLapSet,
    LapHolder,
    LineupRulesAdopted,
    MakeRegistered,
    PenaltyImposed,
    PoleAwarded,
    RaceClassified,
    Ranking,
    RoundFactor,
    ScoringRules,
    ScoringRulesAdopted,
    SessionScale,
    TableDefined,
)
from champengine.projections.standings import table
from champengine.scoring import counted_total, driver_share, exact, shown
from champengine.scoring.counting import RoundScore
from given import at, by_round, given, positions, race, rows, season, totals

NO_POLE = ScoringRules(pole=0)


def test_points_are_exact_thirds_add_up_to_a_whole():
    third = exact(Fraction(4, 3))
    assert third + third + third == 4
    assert shown(Fraction(25, 3)) == 8.33 and shown(Fraction(8, 1)) == 8 and shown(0.5) == 0.5


class TestScale:
    def test_a_sprint_scores_on_its_own_scale_beside_the_race(self):
        rules = ScoringRules(pole=0, sessions=(SessionScale("sprint", (8, 7, 6)),))
        state = given(*season(rules), race("inje", "1", "2", "3"),
                      RaceClassified("inje", "LMP2", rows("3", "2", "1"), session="sprint"))
        # race 25/18/15, sprint 8/7/6: #1 25+6, #2 18+7, #3 15+8
        assert totals(state, "LMP2") == {"1": 31, "2": 25, "3": 23}

    def test_a_session_kind_without_a_scale_scores_nothing(self):
        state = given(*season(NO_POLE), race("inje", "1", "2", "3"),
                      RaceClassified("inje", "LMP2", rows("3", "2", "1"), session="sprint"))
        assert totals(state, "LMP2") == {"1": 25, "2": 18, "3": 15}

    def test_points_passed_over_a_car_count_for_the_place_they_are_for(self):
        """#2 could not score (1967's Formula 2 cars): #3, 3rd on the road, takes 2nd's
        points, and countback counts a 2nd (``point_places``)."""
        rules = ScoringRules(pole=0, points=(10, 0, 6), point_places=(1, 0, 2))
        state = given(*season(rules), race("inje", "1", "2", "3"))
        got = {r.key: r.played["inje"].items[0] for r in table(state, "LMP2", "teams").rows}
        assert {car: (item.what, item.points, item.place) for car, item in got.items()} == {
            "1": ("P1", 10, 1), "3": ("P3", 6, 2), "2": ("P2", 0, 2)}

    def test_past_the_end_of_the_scale(self):
        rules = ScoringRules(points=(10, 6), points_beyond=0.5, pole=0)
        state = given(*season(rules), race("inje", "1", "2", "3"))
        assert totals(state, "LMP2") == {"1": 10, "2": 6, "3": Fraction(1, 2)}


class TestDistance:
    RULES = ScoringRules(pole=0, distance=(DistanceBand(below_laps=2, factor=0),
                                           DistanceBand(below=0.75, factor=0.5)))

    def test_half_points_under_three_quarters_of_the_distance(self):
        state = given(*season(self.RULES), race("inje", "1", "2", "3", laps=29, scheduled_laps=75))
        assert totals(state, "LMP2") == {"1": Fraction(25, 2), "2": 9, "3": Fraction(15, 2)}

    def test_full_points_at_three_quarters(self):
        state = given(*season(self.RULES), race("inje", "1", "2", laps=45, scheduled_laps=60))
        assert totals(state, "LMP2") == {"1": 25, "2": 18}

    def test_no_points_under_two_laps(self):
        state = given(*season(self.RULES), race("inje", "1", "2", laps=1, scheduled_laps=44))
        assert totals(state, "LMP2") == {"1": 0, "2": 0}

    def test_a_band_with_a_scale_of_its_own(self):
        rules = ScoringRules(pole=0, distance=(DistanceBand(below=0.5, points=(13, 10, 8)),))
        state = given(*season(rules), race("inje", "1", "2", "3", laps=20, scheduled_laps=50))
        assert totals(state, "LMP2") == {"1": 13, "2": 10, "3": 8}


class TestRoundFactor:
    def test_double_points_at_a_round(self):
        rules = ScoringRules(pole=0, factors=(RoundFactor("fuji", 2),))
        state = given(*season(rules), race("inje", "1", "2"), race("fuji", "2", "1"))
        assert by_round(state, "LMP2", "2") == {"inje": 18, "fuji": 50}

    def test_times_one_and_a_half_rounded_as_stated(self):
        up = ScoringRules(pole=0, points=(25, 15, 5), factors=(RoundFactor("inje", 1.5, "up"),))
        down = ScoringRules(pole=0, points=(25, 15, 5),
                            factors=(RoundFactor("inje", 1.5, "down"),))
        # 37.5, 22.5, 7.5
        assert totals(given(*season(up), race("inje", "1", "2", "3")), "LMP2") == {
            "1": 38, "2": 23, "3": 8}
        assert totals(given(*season(down), race("inje", "1", "2", "3")), "LMP2") == {
            "1": 37, "2": 22, "3": 7}


class TestFastestLap:
    def test_a_fastest_lap_scores_for_a_classified_driver_in_the_top_n(self):
        rules = ScoringRules(pole=0, fastest_lap=1, fastest_lap_top=2)
        state = given(*season(rules), race("inje", "1", "2", "3"),
                      FastestLapSet("inje", "LMP2", (LapHolder("1", "winslow"),)))
        assert totals(state, "LMP2", "drivers") == {
            "winslow": 26, "cheng": 25, "ho": 18, "leung": 18, "lee": 15}
        assert totals(state, "LMP2")["1"] == 26  # and for his car

    def test_a_fastest_lap_outside_the_top_n_scores_nothing(self):
        rules = ScoringRules(pole=0, fastest_lap=1, fastest_lap_top=2)
        state = given(*season(rules), race("inje", "1", "2", "3"),
                      FastestLapSet("inje", "LMP2", (LapHolder("3", "lee"),)))
        assert totals(state, "LMP2", "drivers")["lee"] == 15

    def test_a_shared_fastest_lap_is_split_among_its_holders(self):
        rules = ScoringRules(pole=0, fastest_lap=1)
        state = given(*season(rules), race("inje", "1", "2", "3"),
                      FastestLapSet("inje", "LMP2", (LapHolder("1", "cheng"), LapHolder("2", "ho"),
                                                     LapHolder("3", "lee"))))
        got = totals(state, "LMP2", "drivers")
        assert (got["cheng"], got["ho"], got["lee"]) == (
            25 + Fraction(1, 3), 18 + Fraction(1, 3), 15 + Fraction(1, 3))
        assert got["winslow"] == 25


class TestSharedCars:
    def test_a_shared_car_s_points_split_equally(self):
        state = given(*season(ScoringRules(pole=0, shared_car="split")), race("inje", "1", "2", "3"))
        got = totals(state, "LMP2", "drivers")
        assert got["cheng"] == got["winslow"] == Fraction(25, 2) and got["lee"] == 15

    def test_a_shared_car_scores_its_drivers_nothing(self):
        state = given(*season(ScoringRules(pole=0, shared_car="none")), race("inje", "1", "2", "3"))
        got = totals(state, "LMP2", "drivers")
        assert got["cheng"] == 0 and got["lee"] == 15

    def test_each_driver_in_full(self):
        state = given(*season(NO_POLE), race("inje", "1", "2", "3"))
        assert totals(state, "LMP2", "drivers")["cheng"] == 25

    def test_a_driver_in_two_cars_scores_his_share_of_both(self):
        rules = ScoringRules(pole=0, shared_car="split")
        state = given(*season(rules), LineupRulesAdopted(("LMP2",), cars_per_driver=2),
                      DriverNominated("inje", "3", "cheng"), race("inje", "1", "2", "3"))
        assert totals(state, "LMP2", "drivers")["cheng"] == Fraction(25, 2) + Fraction(15, 2)

    @hypo(st.integers(1, 5), st.integers(0, 100))
    def test_the_shares_of_a_split_add_up_to_the_car_s_points(self, crew, points):
        rules = ScoringRules(shared_car="split")
        assert sum([exact(points * driver_share(rules, crew))] * crew) == points


class TestCounting:
    def test_best_n_results(self):
        rules = ScoringRules(pole=0, best_results=2)
        state = given(*season(rules), race("inje", "1", "2"), race("fuji", "2", "1"),
                      race("zhuhai", "1", "2"))
        assert totals(state, "LMP2") == {"1": 50, "2": 43}

    def test_best_of_each_period_of_a_split_season(self):
        rules = ScoringRules(pole=0, periods=(CountPeriod(2, 1), CountPeriod(0, 1)))
        state = given(*season(rules), race("inje", "1", "2"), race("fuji", "2", "1"),
                      race("zhuhai", "2", "1"), race("sepang", "1", "2"))
        # best 1 of inje+fuji (25 each), best 1 of zhuhai+sepang (25 each)
        assert totals(state, "LMP2") == {"1": 50, "2": 50}

    def test_a_disqualification_may_not_be_dropped(self):
        rules = ScoringRules(pole=0, best_results=2, undroppable=("DSQ",))
        state = given(*season(rules), race("inje", "1", "2"), race("fuji", "1", "2"),
                      race("zhuhai", "1", "2"), CarDisqualified("zhuhai", "1"))
        # #1: 25, 25, DSQ 0: the DSQ counts, with the best other result
        assert totals(state, "LMP2")["1"] == 25

    @hypo(st.lists(st.integers(0, 25), max_size=8), st.integers(0, 25), st.integers(1, 6))
    def test_adding_a_result_never_lowers_a_best_n_total(self, scores, more, n):
        rules = ScoringRules(best_results=n)
        before = [RoundScore(i + 1, p) for i, p in enumerate(scores)]
        after = [*before, RoundScore(len(scores) + 1, more)]
        assert counted_total(after, rules) >= counted_total(before, rules)


def _f1_like(rules: ScoringRules) -> list:
    return [*season(rules, with_crews=False),
            TableDefined("drivers", ("LMP2", "GTC"), "driver"),
            TableDefined("constructors", ("LMP2", "GTC"), "make")]


class TestMakes:
    def test_a_make_scores_its_best_placed_car_only(self):
        rules = ScoringRules(pole=0, manufacturer_best_cars=1)
        state = given(*season(rules), race("inje", "1", "3", "2"))
        assert totals(state, "LMP2", "manufacturers") == {"Morgan": 25, "Oreca": 15}

    def test_a_make_keyed_with_its_engine(self):
        rules = ScoringRules(pole=0, make_key="make_engine")
        cars = [EntryRegistered(car, "LMP2", "Cooper Car Co", make="cooper", engine_make=engine)
                for car, engine in (("5", "climax"), ("6", "maserati"))]
        state = given(*season(rules), MakeRegistered("cooper", "Cooper"),
                      MakeRegistered("climax", "Climax"), *cars, RaceClassified("inje", "LMP2", rows("6", "5", "1")))
        got = table(state, "LMP2", "manufacturers").rows
        assert [(r.key, r.name, r.total) for r in got] == [
            ("cooper:maserati", "Cooper maserati", 25), ("cooper:climax", "Cooper Climax", 18),
            ("Morgan", "Morgan", 15)]

    def test_a_private_entry_scores_for_no_make_and_eligible_cars_rank_alone(self):
        rules = ScoringRules(pole=0, make_position="eligible")
        private = EntryRegistered("4", "LMP2", "Privateer", make="Oreca", private=True)
        state = given(*season(rules), private, RaceClassified("inje", "LMP2", rows("4", "1", "2")))
        # #4 (private) won and scores for no make; among the cars that score for a make,
        # #1 (Morgan) is first: 25, and #2 (Oreca) second: 18
        assert totals(state, "LMP2", "manufacturers") == {"Morgan": 25, "Oreca": 18}
        # by class position (the default) #1 is second: 18, and #2 third: 15
        state = given(*season(ScoringRules(pole=0)), private,
                      RaceClassified("inje", "LMP2", rows("4", "1", "2")))
        assert totals(state, "LMP2", "manufacturers") == {"Morgan": 18, "Oreca": 15}
        # and the teams' table keeps class positions whatever the make position
        state = given(*season(rules), private, RaceClassified("inje", "LMP2", rows("4", "1", "2")))
        assert totals(state, "LMP2", "teams")["1"] == 18


class TestEligibility:
    def test_a_round_that_counts_for_one_table_and_not_another(self):
        state = given(*_f1_like(NO_POLE),
                      ScoringRulesAdopted(("LMP2", "GTC"), ScoringRules(
                          pole=0, excluded_rounds=("fuji",)), tables=("constructors",)),
                      *_crews(), race("inje", "1", "2"), race("fuji", "2", "1"))
        assert totals(state, "LMP2", "drivers")["ho"] == 43
        assert totals(state, "LMP2", "constructors") == {"Morgan": 25, "Oreca": 18}

    def test_a_cup_scores_by_position_within_the_cup(self):
        cup = TableDefined("privateers", ("LMP2",), "car", entries="private", cup=True)
        private = EntryRegistered("4", "LMP2", "Privateer", make="Oreca", private=True)
        state = given(*season(NO_POLE, with_crews=False), cup, private,
                      RaceClassified("inje", "LMP2", rows("1", "2", "4")))
        assert totals(state, "LMP2", "privateers") == {"4": 25}

    def test_a_bonus_scores_only_for_a_table_the_car_is_eligible_for(self):
        # given a privateers' table (private entries, class positions) beside the teams'
        # table; factory #1 wins from pole with the fastest lap and a 3-point penalty,
        # private #4 second, #2 third (25-18-15, pole 1, fastest lap 1)
        cup = (TableDefined("teams", ("LMP2",), "car"),
               TableDefined("privateers", ("LMP2",), "car", entries="private"))
        private = EntryRegistered("4", "LMP2", "Privateer", make="Oreca", private=True)
        state = given(*season(ScoringRules(fastest_lap=1), with_crews=False), cup, private,
                      RaceClassified("inje", "LMP2", rows("1", "4", "2")),
                      PoleAwarded("inje", "LMP2", "1"),
                      FastestLapSet("inje", "LMP2", (LapHolder("1"),)),
                      PenaltyImposed("inje", "1", "points", 3))
        # then #1's pole, fastest lap and penalty are the teams' table's: 25 + 1 + 1 - 3
        assert totals(state, "LMP2")["1"] == 24
        # and the privateers' table has #4 alone, on its 18: no row, no bonus for #1
        assert totals(state, "LMP2", "privateers") == {"4": 18}
        # when the pole is #4's, it scores it in both tables: 18 + 1
        state = given(*season(ScoringRules(fastest_lap=1), with_crews=False), cup, private,
                      RaceClassified("inje", "LMP2", rows("1", "4", "2")),
                      PoleAwarded("inje", "LMP2", "4"))
        assert totals(state, "LMP2", "privateers") == {"4": 19}
        assert totals(state, "LMP2")["4"] == 19


def _crews() -> list:
    return [DriverNominated("inje", c, d) for c, d in (("1", "cheng"), ("2", "ho"))] + [
        DriverNominated("fuji", c, d) for c, d in (("1", "cheng"), ("2", "ho"))]


class TestRanking:
    def test_competition_ranking_skips_after_a_tie(self):
        rules = ScoringRules(pole=0, points=(10, 10, 5), drivers=Ranking("competition"))
        state = given(*season(rules), race("inje", "1", "2", "3"))
        got = positions(state, "LMP2", "drivers")
        assert (got["cheng"], got["ho"], got["lee"]) == (1, 1, 5)

    def test_more_poles_split_a_tie(self):
        rules = ScoringRules(pole=0, points=(10, 10), teams=Ranking("competition", ("poles",)))
        state = given(*season(rules), PoleAwarded("inje", "LMP2", "2"), race("inje", "1", "2"))
        assert positions(state, "LMP2") == {"2": 1, "1": 2}

    def test_a_tie_no_criterion_splits_is_shared(self):
        rules = ScoringRules(pole=0, points=(10, 10), teams=Ranking("competition", ("countback",)))
        state = given(*season(rules), race("inje", "1", "2"), race("fuji", "2", "1"))
        assert set(positions(state, "LMP2").values()) == {1}

    def test_zero_points_ranked_by_countback(self):
        rules = ScoringRules(pole=0, points=(10,), teams=Ranking("competition", ("countback",),
                                                                 zero="ranked"))
        state = given(*season(rules), race("inje", "1", "2", "3"), race("fuji", "1", "3", "2"),
                      race("zhuhai", "1", "3", "2"))
        assert positions(state, "LMP2") == {"1": 1, "3": 2, "2": 3}

    def test_countback_points_counts_a_makes_places_in_the_points_that_did_not_count(self):
        """Best car only: Morgan and Oreca each score a win and a 2nd (16); Morgan's #3,
        3rd twice, scored nothing for Morgan: countback over the places that scored leaves
        them tied, countback over the places in the points puts Morgan ahead (F1DB's
        constructors' tables 1958-1978)."""
        def ranked(tiebreak: str) -> dict:
            rules = ScoringRules(pole=0, points=(10, 6, 4), manufacturer_best_cars=1,
                                 manufacturers=Ranking("competition", (tiebreak,)))
            state = given(*season(rules), race("inje", "1", "2", "3"), race("fuji", "2", "1", "3"))
            assert totals(state, "LMP2", "manufacturers") == {"Morgan": 16, "Oreca": 16}
            return positions(state, "LMP2", "manufacturers")

        assert ranked("countback_scoring") == {"Morgan": 1, "Oreca": 1}
        assert ranked("countback_points") == {"Morgan": 1, "Oreca": 2}

    def test_zero_points_unranked(self):
        state = given(*season(ScoringRules(pole=0, points=(10,))), race("inje", "1", "2"))
        assert positions(state, "LMP2") == {"1": 1, "2": None}


class TestExclusion:
    def test_an_excluded_competitor_holds_no_position_and_no_points_from_the_decision_on(self):
        events = [*season(NO_POLE), race("inje", "1", "2", "3")]
        before = given(*events)
        after = given(*events, at(CompetitorExcluded("LMP2", "teams", "1", "spying"), id="x"))
        assert positions(before, "LMP2") == {"1": 1, "2": 2, "3": 3}
        rows_after = {r.key: r for r in table(after, "LMP2", "teams").rows}
        assert (rows_after["1"].position, rows_after["1"].total, rows_after["1"].excluded_by) == (
            None, 0, "x")
        assert positions(after, "LMP2") == {"2": 1, "3": 2, "1": None}
        assert list(rows_after)[-1] == "1"  # listed last


def test_countback_compares_far_places_without_spelling_out_every_place_above():
    from champengine.scoring import Record, rank

    far = [Record(10, (), 0, places=(1, 10**12)), Record(10, (), 1, places=(1,)),
           Record(10, (), 2, places=(2, 3))]
    # a win and a place, however far down, beat a win alone, which beats no win
    assert rank(far, Ranking("competition", ("countback",))) == [1, 2, 3]
