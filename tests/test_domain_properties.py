"""Properties of replay and scoring on random small seasons (hypothesis).

A random season: two classes of 2 to 12 cars, four rounds, each class raced or
not at each round in a random order with a random number of cars classified,
times known or not, a race stopped short now and then, poles, penalties of every
kind, disqualifications and drive-time infringements, under random scoring
rules. Every event goes through ``decide`` first, and the refused ones are left
out, so a generated log is one the engine would have recorded.
"""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from champengine.domain import decide
from champengine.errors import RefusedError
from champengine.events import (
    CLASSIFIED,
    CarDisqualified,
    DecisionOverturned,
    DriverNominated,
    DriverRegistered,
    DriveTimeInfringed,
    EntryRegistered,
    PenaltyImposed,
    PoleAwarded,
    RaceClassified,
    Ranking,
    ResultRow,
    ScoringRules,
)
from champengine.projections.season import SeasonState, evolve, fold
from champengine.projections.standings import TABLES, table
from champengine.scoring.ranking import RANK_STYLES, TIEBREAKS, Record, rank
from given import ROUND_KEYS, at, calendar, log, opened

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLASSES = ("LMP2", "GTC")
MAKES = ("Morgan", "Oreca", "Ferrari", "Porsche")


def cars_of(class_: str, n: int) -> list[str]:
    return [f"{class_[0]}{i}" for i in range(1, n + 1)]


def accepted(payloads) -> list:
    """The payloads ``decide`` accepts, in order, each decided against the ones before it."""
    state, out = SeasonState(), []
    for env in log(*payloads):
        try:
            decide(state, env.payload)
        except RefusedError:
            continue
        evolve(state, env)
        out.append(env.payload)
    return out


def laps_and_time(draw, known: bool) -> tuple[int | None, str | None]:
    if not known:
        return None, None
    seconds = draw(st.integers(6 * 3600 - 300, 6 * 3600 + 300))
    millis = draw(st.integers(0, 999))
    h, rest = divmod(seconds, 3600)
    return draw(st.integers(95, 100)), f"{h}:{rest // 60:02d}'{rest % 60:02d}.{millis:03d}"


@st.composite
def races(draw, class_: str, cars: list[str], round_key: str) -> RaceClassified:
    order = draw(st.permutations(cars))
    n_classified = draw(st.integers(0, len(order)))
    known = draw(st.booleans())
    out = []
    for i, car in enumerate(order):
        status = CLASSIFIED if i < n_classified else draw(st.sampled_from(("NC", "DNF", "DNS")))
        laps, time = laps_and_time(draw, known and status == CLASSIFIED)
        out.append(ResultRow(car, status, laps, time))
    return RaceClassified(round_key, class_, tuple(out), stopped_short=draw(st.integers(0, 5)) == 0)


@st.composite
def decisions(draw, cars: list[str]) -> object:
    round_key = draw(st.sampled_from(ROUND_KEYS))
    car = draw(st.sampled_from(cars))
    kind = draw(st.sampled_from(("dsq", "drive_time", "time", "laps", "positions", "points")))
    if kind == "dsq":
        return CarDisqualified(round_key, car)
    if kind == "drive_time":
        return DriveTimeInfringed(round_key, car, f"{car}a")
    value = draw(st.integers(1, 120 if kind == "time" else 3))
    return PenaltyImposed(round_key, car, kind, value)


@st.composite
def rules(draw, *, drops: bool = True) -> ScoringRules:
    return ScoringRules(
        points_beyond=draw(st.sampled_from((0, 0.5))),
        pole_lost_on_dsq=draw(st.booleans()),
        short_race_factor=draw(st.sampled_from((1.0, 0.5))),
        best_results=draw(st.none() | st.integers(1, 3)) if drops else None,
        drive_time_forfeit=draw(st.booleans()),
        manufacturer_best_cars=draw(st.none() | st.integers(1, 2)),
    )


@st.composite
def seasons(draw, *, drops: bool = True) -> list:
    """The payloads of a random small season, every one accepted by ``decide``."""
    events = [*opened(draw(rules(drops=drops))), *calendar()]
    field = {c: cars_of(c, draw(st.integers(2, 12))) for c in CLASSES}
    for class_, cars in field.items():
        for car in cars:
            events.append(EntryRegistered(car, class_, f"Team {car}",
                                          make=draw(st.sampled_from(MAKES))))
            events += [DriverRegistered(f"{car}a", f"Driver {car}a"),
                       DriverRegistered(f"{car}b", f"Driver {car}b")]
            events += [DriverNominated(r, car, f"{car}{d}") for r in ROUND_KEYS for d in "ab"]
    for round_key in ROUND_KEYS:
        for class_, cars in field.items():
            if draw(st.integers(0, 3)) == 0:
                continue
            events.append(draw(races(class_, cars, round_key)))
            if draw(st.booleans()):
                events.append(PoleAwarded(round_key, class_, draw(st.sampled_from(cars))))
    all_cars = [car for cars in field.values() for car in cars]
    events += draw(st.lists(decisions(all_cars), max_size=6))
    return accepted(events)


def standings(state: SeasonState) -> dict:
    return {(c, k): table(state, c, k) for c in CLASSES for k in TABLES}


# --- replay -------------------------------------------------------------------------


@PROPERTY
@given(seasons())
def test_replay_is_deterministic(payloads):
    events = log(*payloads)
    assert standings(fold(events)) == standings(fold(events))


@PROPERTY
@given(seasons(), st.data())
def test_folding_a_prefix_then_the_rest_equals_folding_the_whole(payloads, data):
    events = log(*payloads)
    cut = data.draw(st.integers(0, len(events)))
    whole = fold(events)
    halves = fold(events[cut:], fold(events[:cut]))
    assert halves == whole
    assert standings(halves) == standings(whole)


@PROPERTY
@given(seasons())
def test_folding_into_a_copy_leaves_the_original_as_it_was(payloads):
    events = log(*payloads)
    cut = len(events) // 2
    prefix = fold(events[:cut])
    before = standings(prefix)
    fold(events[cut:], prefix.copy())
    assert standings(prefix) == before


# --- scoring --------------------------------------------------------------------------


@PROPERTY
@given(seasons(drops=False))
def test_a_total_is_the_sum_of_its_rounds_without_drop_scores(payloads):
    for t in standings(fold(log(*payloads))).values():
        for row in t.rows:
            assert row.total == sum(points for _, points in row.by_round)


@PROPERTY
@given(seasons(), st.data())
def test_a_cars_points_never_depend_on_the_order_of_the_cars_behind_it(payloads, data):
    races_ = [i for i, p in enumerate(payloads) if isinstance(p, RaceClassified)]
    if not races_:
        return
    at_ = data.draw(st.sampled_from(races_))
    race = payloads[at_]
    i = data.draw(st.integers(0, len(race.rows) - 1))
    behind = race.rows[i + 1:]
    classified = [r for r in behind if r.status == CLASSIFIED]
    others = [r for r in behind if r.status != CLASSIFIED]
    shuffled = (*data.draw(st.permutations(classified)), *data.draw(st.permutations(others)))
    moved = [*payloads[:at_], attrs.evolve(race, rows=race.rows[: i + 1] + shuffled),
             *payloads[at_ + 1:]]
    car = race.rows[i].car

    def row(events):
        t = table(fold(log(*events)), race.class_, "teams")
        return next(((r.total, r.by_round) for r in t.rows if r.key == car), None)

    assert row(moved) == row(payloads)


@PROPERTY
@given(seasons(), st.data())
def test_a_disqualification_then_its_overturn_gives_back_the_standings_before_it(payloads, data):
    before = fold(log(*payloads))
    candidates = [(r, row.car) for (r, _), race in before.results.races.items()
                  for row in race.rows
                  if not any(isinstance(d.payload, CarDisqualified) and d.car == row.car
                             for d in before.results.standing(r))]
    if not candidates:
        return
    round_key, car = data.draw(st.sampled_from(candidates))
    after = fold(log(*payloads, at(CarDisqualified(round_key, car), id="dsq"),
                     DecisionOverturned("dsq")))
    assert standings(after) == standings(before)


# --- ranking ----------------------------------------------------------------------------

records = st.lists(
    st.builds(Record, st.sampled_from((0, 1, 2, 10, 10.5, 18, 25, 43, -3)),
              st.lists(st.none() | st.integers(1, 6), min_size=3, max_size=3).map(tuple)),
    max_size=12,
).map(lambda rs: [r._replace(order=n) for n, r in enumerate(rs)])
rankings = st.builds(Ranking, st.sampled_from(RANK_STYLES),
                     st.lists(st.sampled_from(TIEBREAKS), unique=True, max_size=3).map(tuple))


@PROPERTY
@given(records, rankings)
def test_only_competitors_with_points_have_a_position(recs, ranking):
    positions = rank(recs, ranking)
    assert [p is not None for p in positions] == [r.total > 0 for r in recs]


@PROPERTY
@given(records, rankings)
def test_results_given_only_for_ties_rank_as_results_given_with_every_record(recs, ranking):
    asked: list[int] = []

    def results_of(i: int) -> Record:
        asked.append(i)
        return recs[i]

    bare = [r._replace(results=()) for r in recs]
    assert rank(bare, ranking, results_of) == rank(recs, ranking)
    totals = [r.total for r in recs]
    assert all(totals.count(recs[i].total) > 1 for i in asked)  # only rows on equal points


@PROPERTY
@given(records, rankings)
def test_positions_are_monotone_in_points(recs, ranking):
    ranked = [(r.total, p) for r, p in zip(recs, rank(recs, ranking), strict=True) if p]
    for total_a, pos_a in ranked:
        for total_b, pos_b in ranked:
            if total_a > total_b:
                assert pos_a < pos_b


@PROPERTY
@given(records, rankings)
def test_rank_follows_its_style(recs, ranking):
    positions = [p for p in rank(recs, ranking) if p is not None]
    if ranking.style == "unique":
        assert sorted(positions) == list(range(1, len(positions) + 1))
    elif ranking.style == "dense":
        assert sorted(set(positions)) == list(range(1, len(set(positions)) + 1))
    else:  # competition: a position is one more than the rows strictly ahead
        for p in positions:
            assert p == 1 + sum(1 for q in positions if q < p)


@PROPERTY
@given(records, st.sampled_from(RANK_STYLES))
def test_without_tiebreaks_equal_points_share_a_position_unless_unique(recs, style):
    positions = rank(recs, Ranking(style))
    ranked = [(r.total, p) for r, p in zip(recs, positions, strict=True) if p]
    totals = sorted({t for t, _ in ranked}, reverse=True)
    for total, p in ranked:
        ahead = sum(1 for t, _ in ranked if t > total)
        if style == "dense":
            assert p == totals.index(total) + 1
        elif style == "competition":
            assert p == ahead + 1
        else:
            assert ahead < p <= ahead + sum(1 for t, _ in ranked if t == total)
