"""What each car scored, round by round, for one table: the sessions' classifications as
they stand, under the rules in force for that table at each round, with the pole, the
fastest lap and the points sanctions; every point traced to the event that gave it.

The rule dimensions themselves are ``champengine.scoring``'s; this module only walks
the season's results and asks them.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from ..events import (
    RACE,
    CarDisqualified,
    Competitor,
    DriveTimeInfringed,
    EntryScope,
    PenaltyImposed,
    PenaltyKind,
    ResultsStatus,
)
from ..scoring import (
    counts_for,
    distance_factor,
    exact,
    fastest_lap_awards,
    point_place,
    pole_points,
    position_points,
    ranks_among_makes,
    round_factor,
    shown,
)
from .classification import classify, session_key
from .season import SeasonState


class Item(NamedTuple):
    """One source of a car's points at a round, and the event that gave them.

    (The views a replay builds by the thousand are named tuples: immutable, and built
    in one step.)
    """

    what: str  # "P2", "pole", "points penalty", ...
    points: object  # int | Fraction
    event: str  # the id of the event that gave them
    seq: int
    shaped_by: tuple[str, ...] = ()  # ids of corrections and decisions behind a position
    #: a result's points (best-N may drop them), or a sanction or adjustment (always counts)
    result: bool = True
    car: str | None = None  # the car that earned them (None: an adjustment)
    session: str = RACE
    driver: str | None = None  # a fastest lap's driver: his alone, not his crew's
    place: int | None = None  # the class place a result's points are for


class CarRound(NamedTuple):
    """What one car (or a driver, or a make) did at one round, in points."""

    points: object  # int | Fraction
    position: int | None
    provisional: bool
    items: tuple[Item, ...] = ()


_new = tuple.__new__  # a named tuple from all its fields in one step


def eligible_cars(state: SeasonState, spec, class_: str) -> set[str] | None:
    """The cars of a class a table admits by its entry scope (None: every car)."""
    if spec.entries == EntryScope.ALL:
        return None
    private = spec.entries == EntryScope.PRIVATE
    return {car for car, e in state.entries.entries.items()
            if e.class_ == class_ and e.private == private}


def car_rounds(state: SeasonState, class_: str, rounds: list[str],
               spec=None) -> dict[str, dict[str, CarRound]]:
    """car -> round -> what it scored, for the cars of a class under the rules of the table
    ``spec`` (None: the class's rules for any table). Do not change what it returns.

    What a car scored at a round depends on that round and the season's state alone,
    never on the other rounds asked for: each round is scored once per state, and a
    table after round R reuses the rounds the season's table already scored."""
    key = ("cars", class_, tuple(rounds), spec)
    if key not in state.memo:
        out: dict[str, dict[str, CarRound]] = {}
        for r in rounds:
            for car, cr in round_scores(state, class_, r, spec).items():
                played = out.get(car)
                if played is None:
                    played = out[car] = {}
                played[r] = cr
        state.memo[key] = out
    return state.memo[key]


#: the rules' dimensions only a table's assembly reads (a driver's share, a make's key and
#: cars, drops, the ranking): two tables whose rules differ in these alone score each car's
#: round alike, and share it
TABLE_ONLY = frozenset({"shared_car", "make_key", "make_position", "manufacturer_best_cars",
                        "best_results", "periods", "undroppable", "ranking", "drivers",
                        "teams", "manufacturers", "drive_time_forfeit"})


def round_scores(state: SeasonState, class_: str, r: str, spec=None) -> dict[str, CarRound]:
    """car -> what it scored at round ``r`` (memoised until the state's next event), shared
    by the tables whose rules score a car alike and which admit the same cars."""
    rules = state.rules_for(class_, r, spec.table if spec is not None else None)
    key = ("round", class_, r, _scoring(state, rules),
           spec.entries if spec is not None else None, spec is not None and spec.cup,
           _among_makes(spec, rules))
    scores = state.memo.get(key)
    if scores is None:
        scores = state.memo[key] = _round_scores(state, class_, r, spec)
    return scores


def _among_makes(spec, rules) -> bool:
    """Whether a make table's cars score by their rank among the cars that score for a make."""
    return spec is not None and spec.competitor == Competitor.MAKE and ranks_among_makes(rules)


def _scoring(state: SeasonState, rules) -> int:
    """The identity of what in ``rules`` scores a car's round (``TABLE_ONLY`` left out):
    the same for rules equal in all else."""
    key = ("scoring of", id(rules))
    found = state.memo.get(key)
    if found is None:
        dims = None if rules is None else tuple(
            getattr(rules, f.name) for f in attrs.fields(type(rules))
            if f.name not in TABLE_ONLY)
        found = state.memo[key] = id(state.memo.setdefault(("scoring", dims), dims))
    return found


def _standing_decisions(state: SeasonState, class_: str):
    """The decisions that stand, by round, for cars of the class; rounds with one under
    appeal (memoised until the state's next event)."""
    key = ("standing", class_)
    found = state.memo.get(key)
    if found is None:
        found = state.memo[key] = _standing(state, class_)
    return found


def _standing(state: SeasonState, class_: str):
    results = state.results
    entries = state.entries.entries
    pending = {a.decision for a in results.appeals.values() if a.outcome is None}
    standing_at: dict[str, list] = {}
    appealed: set[str] = set()
    for d in results.decisions.values():
        entry = entries.get(d.car)
        if entry is None or entry.class_ != class_:
            continue
        if d.id in pending:
            appealed.add(d.round)
        if d.id not in results.fallen:
            standing_at.setdefault(d.round, []).append(d)
    return standing_at, appealed


def _round_scores(state: SeasonState, class_: str, r: str, spec) -> dict[str, CarRound]:
    results = state.results
    table = spec.table if spec is not None else None
    rules = state.rules_for(class_, r, table)
    if rules is None:
        return {}
    eligible = eligible_cars(state, spec, class_) if spec is not None else None
    cup = spec is not None and spec.cup
    if _among_makes(spec, rules):  # the cars that score for a make, ranked among themselves
        factory = {car for car, e in state.entries.entries.items()
                   if e.class_ == class_ and not e.private}
        eligible, cup = factory if eligible is None else eligible & factory, True
    standing_at, appealed = _standing_decisions(state, class_)
    standing = standing_at.get(r, ())
    items: dict[str, list[Item]] = {}
    positions: dict[str, int | None] = {}
    provisional = r in appealed
    for race in results.sessions(r, class_):
        session = race.session
        if not counts_for(rules, r, session):
            continue
        # a result is provisional when declared so, or while a decision about a car of
        # the race is under appeal (its outcome can move every car of the class)
        if results.declared.get(session_key(r, class_, session)) == ResultsStatus.PROVISIONAL:
            provisional = True
        _session_items(state, rules, r, race, standing, eligible, cup, items, positions)
    _round_extras(state, rules, r, class_, standing, eligible, items)
    return {car: _new(CarRound, (exact(sum([i.points for i in its])), positions.get(car),
                                 provisional, tuple(its)))
            for car, its in items.items()}


def _session_items(state, rules, r, race, standing, eligible, cup, items, positions) -> None:
    """The items a session's classification gives its cars (and its fastest lap)."""
    results = state.results
    session = race.session
    placed = classify(results, r, race.class_, session)
    if eligible is not None:
        placed = [p for p in placed if p.car in eligible]
    factor, band_scale = distance_factor(rules, race.laps, race.scheduled_laps,
                                         race.stopped_short)
    source = race.corrected_by[-1] if race.corrected_by else race.id
    seq = state.seqs.get(source, 0)
    shaped = tuple(race.corrected_by[:-1]) + tuple(
        d.id for d in standing if not isinstance(d.payload, DriveTimeInfringed))
    label = "" if session == RACE else f" {session}"
    if factor != 1 or band_scale:
        label += (" (race stopped short)" if race.stopped_short and not race.laps
                  else f" (x{shown(factor)}: distance run)" if not band_scale
                  else " (distance scale)")
    n = 0
    placed_at: dict[str, int | None] = {}
    for p in placed:
        position = p.position
        if position and cup:
            n += 1
            position = n
        placed_at[p.car] = position
        if position:
            if band_scale:
                value = exact(band_scale[position - 1]) if position <= len(band_scale) else 0
            else:
                value = exact(position_points(rules, position, session) * factor)
            value = round_factor(rules, r, session, value)
            what = f"P{position}{label}"
        else:
            value, what = 0, p.status
        items.setdefault(p.car, []).append(_new(Item, (
            what, value, source, seq, shaped, True, p.car, session, None,
            point_place(rules, position, session))))
    if session == RACE:  # a round's position (countback, the classification) is the race's
        positions.update(placed_at)
    else:
        for car, position in placed_at.items():
            positions.setdefault(car, position)
    fastest = results.fastest.get(session_key(r, race.class_, session))
    if fastest is not None:
        holders, event = fastest
        awards = fastest_lap_awards(rules, [(h.car, h.driver) for h in holders
                                            if eligible is None or h.car in eligible],
                                    placed_at)
        for car, driver, points in awards:
            items.setdefault(car, []).append(_new(Item, (
                f"fastest lap{label}" + (" (shared)" if len(holders) > 1 else ""), points,
                event, state.seqs.get(event, 0), (), True, car, session, driver, None)))


def _round_extras(state, rules, r, class_, standing, eligible, items) -> None:
    """Points beside the classifications: the pole, points sanctions; each for a car the
    table admits (``eligible``, None: every car), as its results are."""
    pole = state.results.poles.get((r, class_))
    if pole and counts_for(rules, r, RACE) and (eligible is None or pole[0] in eligible):
        disqualified = any(d.car == pole[0] and isinstance(d.payload, CarDisqualified)
                           for d in standing)
        value = pole_points(rules, disqualified)
        if value is not None:
            items.setdefault(pole[0], []).append(Item(
                "pole", value, pole[1], state.seqs.get(pole[1], 0), car=pole[0]))
    for d in standing:
        if (isinstance(d.payload, PenaltyImposed) and d.payload.kind == PenaltyKind.POINTS
                and (eligible is None or d.car in eligible)):
            items.setdefault(d.car, []).append(Item(
                "points penalty", -exact(d.payload.value), d.id, d.seq, result=False,
                car=d.car, session=d.payload.session))
