"""Championship standings per class: teams (per car entry), drivers and manufacturers.

Points are never stored: they are worked out from the classifications as they
stand (after corrections and decisions), the poles, the stewards' decisions and
the adjustments, under the scoring rules in force at each round.
"""

from __future__ import annotations

import operator
from typing import NamedTuple

import attrs

from ..events import CarDisqualified, DriveTimeInfringed, PenaltyImposed
from ..rules import Record, counted_total, position_points, rank
from . import calendar
from .classification import classify
from .season import SeasonState

TABLES = ("teams", "drivers", "manufacturers")


class Item(NamedTuple):
    """One source of a car's points at a round, and the event that gave them.

    (The views a replay builds by the thousand are named tuples: immutable, and built
    in one step.)
    """

    what: str  # "P2", "pole", "points penalty", ...
    points: float
    event: str  # the id of the event that gave them
    seq: int
    shaped_by: tuple[str, ...] = ()  # ids of corrections and decisions behind a position
    #: a result's points (best-N may drop them), or a sanction or adjustment (always counts)
    result: bool = True
    car: str | None = None  # the car that earned them (None: an adjustment)


class Standing(NamedTuple):
    """One row of a standings table."""

    position: int | None
    key: str  # car key (teams), driver key (drivers) or make (manufacturers)
    name: str
    total: float
    provisional: bool = False
    car: str | None = None
    team: str | None = None
    nationality: str | None = None
    chassis: tuple[str, ...] = ()
    entries_by_round: tuple[tuple[str, str, str], ...] = ()  # (round, car, team) for drivers
    #: round -> what the row scored there (a CarRound: points, position, items), for the
    #: rounds entered, in order
    played: dict | None = None

    @property
    def by_round(self) -> tuple[tuple[str, float], ...]:
        """(round, points) for the rounds entered, in order; 0 kept."""
        return tuple((r, cr.points) for r, cr in (self.played or {}).items())

    @property
    def items(self) -> tuple[tuple[str, Item], ...]:
        """(round, item) for every point of the row: where each came from."""
        return tuple((r, i) for r, cr in (self.played or {}).items() for i in cr.items)

    def points_at(self, round_key: str) -> float | None:
        cr = (self.played or {}).get(round_key)
        return None if cr is None else cr.points


@attrs.frozen
class Table:
    class_: str
    kind: str
    rounds: tuple[str, ...]
    rows: tuple[Standing, ...]

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.rows)


class CarRound(NamedTuple):
    """What one car (or a driver, or a make) did at one round, in points."""

    points: float
    position: int | None
    provisional: bool
    items: tuple[Item, ...] = ()


_POINTS = operator.itemgetter(0)  # a CarRound's points

#: a named tuple from all its fields, in order, in one step (where rows are built by the
#: thousand: the class's own constructor parses its arguments one by one)
_new = tuple.__new__


def car_rounds(state: SeasonState, class_: str,
               rounds: list[str]) -> dict[str, dict[str, CarRound]]:
    """car -> round -> points and class position, for the cars of a class (do not change it)."""
    key = ("cars", class_, tuple(rounds))
    if key not in state.memo:
        state.memo[key] = _car_rounds(state, class_, rounds)
    return state.memo[key]


def _car_rounds(state: SeasonState, class_: str,
                rounds: list[str]) -> dict[str, dict[str, CarRound]]:
    results = state.results
    seqs = state.seqs
    entries = state.entries.entries
    # the decisions that stand, by round, for cars of the class; rounds with one under appeal
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
    out: dict[str, dict[str, CarRound]] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        if rules is None:
            continue
        standing = standing_at.get(r, ())
        # a result is provisional when declared so, or while a decision about a car of
        # the race is under appeal (its outcome can move every car of the class)
        provisional = results.declared.get((r, class_)) == "provisional" or r in appealed
        race = results.races.get((r, class_))
        if race is not None:
            stopped_short = race.stopped_short
            source = race.corrected_by[-1] if race.corrected_by else race.id
            seq = seqs.get(source, 0)
            shaped = tuple(race.corrected_by[:-1]) + tuple(
                d.id for d in standing if not isinstance(d.payload, DriveTimeInfringed))
            for p in classify(results, r, class_):
                position = p.position
                if position:
                    value = position_points(rules, position, stopped_short=stopped_short)
                    what = f"P{position} (race stopped short)" if stopped_short else f"P{position}"
                else:
                    value, what = 0, p.status
                played = out.get(p.car)
                if played is None:
                    played = out[p.car] = {}
                played[r] = _new(CarRound, (value, position, provisional, (
                    _new(Item, (what, value, source, seq, shaped, True, p.car)),)))
        extra: list[tuple[str, Item]] = []  # points beside the classification's
        pole = results.poles.get((r, class_))
        if pole and not (rules.pole_lost_on_dsq and any(
                d.car == pole[0] and isinstance(d.payload, CarDisqualified) for d in standing)):
            extra.append((pole[0], Item("pole", rules.pole, pole[1], seqs.get(pole[1], 0),
                                        car=pole[0])))
        for d in standing:
            if isinstance(d.payload, PenaltyImposed) and d.payload.kind == "points":
                extra.append((d.car, Item("points penalty", -d.payload.value, d.id, d.seq,
                                          result=False, car=d.car)))
        for car, item in extra:
            played = out.get(car)
            if played is None:
                played = out[car] = {}
            played[r] = _adding(played.get(r), item, provisional)
    return out


def _adding(was: CarRound | None, item: Item, provisional: bool) -> CarRound:
    """A round's score with one more item: the item alone (``provisional`` as given), or
    added to what the round already had."""
    if was is None:
        return CarRound(item.points, None, provisional, (item,))
    return CarRound(was.points + item.points, was.position, was.provisional, (*was.items, item))


def _class_of(state: SeasonState, car: str) -> str | None:
    entry = state.entries.entries.get(car)
    return entry.class_ if entry else None


class _Row:
    """A standings row while it is being built: what it scored, round by round
    (rounds in order, except where an adjustment adds one)."""

    __slots__ = ("name", "played", "provisional", "car", "team", "nationality", "chassis",
                 "entries")

    def __init__(self, name: str, car: str | None = None, team: str | None = None,
                 nationality: str | None = None) -> None:
        self.name = name
        self.played: dict[str, CarRound] = {}
        self.provisional = False
        self.car = car
        self.team = team
        self.nationality = nationality
        self.chassis: list[str] = []
        self.entries: list[tuple[str, str, str]] = []


def _blank(state: SeasonState, kind: str, key: str) -> _Row:
    """A row with no points yet for a car (teams), a driver or a make."""
    if kind == "teams":
        entry = state.entries.entries[key]
        return _Row(entry.team, key, entry.team, entry.nationality)
    if kind == "drivers":
        driver = state.entries.drivers[key]
        return _Row(driver.name, nationality=driver.nationality)
    return _Row(key)


def table(state: SeasonState, class_: str, kind: str, upto: int | None = None) -> Table:
    """The standings of one class and table after round number ``upto`` (all rounds: None)."""
    key = ("table", class_, kind, upto)
    if key not in state.memo:
        state.memo[key] = _table(state, class_, kind, upto)
    return state.memo[key]


_BUILDERS = {}  # kind -> the function building its rows (filled below)


def _table(state: SeasonState, class_: str, kind: str, upto: int | None) -> Table:
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, upto)]
    build = _BUILDERS.get(kind)
    if build is None:
        raise ValueError(f"unknown table {kind!r}")
    rules = state.latest_rules(class_, rounds)
    if rules is None:
        return Table(class_, kind, tuple(rounds), ())
    rows = build(state, class_, rounds, car_rounds(state, class_, rounds))
    adjusted = set()
    for event, seq, adj in state.results.adjustments:
        if adj.class_ == class_ and adj.table == kind and adj.round in rounds:
            # an adjustment counts even for a competitor with no result of its own
            row = rows.get(adj.competitor)
            if row is None:
                row = rows[adj.competitor] = _blank(state, kind, adj.competitor)
            what = "points adjusted" + (f": {adj.reason}" if adj.reason else "")
            item = Item(what, adj.points, event, seq, result=False)
            row.played[adj.round] = _adding(row.played.get(adj.round), item, False)
            adjusted.add(adj.competitor)
    order = {r: i for i, r in enumerate(rounds)}
    best_n = rules.best_results is not None
    built = []
    records = []
    for n, (key, row) in enumerate(rows.items()):
        played = row.played
        if key in adjusted:  # an adjustment may have added a round out of order
            played = row.played = dict(sorted(played.items(), key=lambda kv: order[kv[0]]))
        if not best_n:
            total = sum(map(_POINTS, played.values()))
        else:  # best-N drops results, never a sanction or an adjustment
            points = list(map(_POINTS, played.values()))
            fixed = [sum(i.points for i in cr.items if not i.result) for cr in played.values()]
            total = counted_total(list(map(operator.sub, points, fixed)), rules) + sum(fixed)
        built.append((key, row, total))
        records.append(_new(Record, (total, (), n)))

    def results_of(i: int) -> tuple[int | None, ...]:  # class positions, round by round
        played = built[i][1].played
        return tuple(played[r].position if r in played else None for r in rounds)

    positions = rank(records, getattr(rules, kind), results_of)
    placed = sorted((i for i, p in enumerate(positions) if p is not None),
                    key=positions.__getitem__)
    unplaced = sorted((i for i, p in enumerate(positions) if p is None),
                      key=lambda i: -built[i][2])
    standings = []
    for i in placed + unplaced:
        key, row, total = built[i]
        standings.append(_new(Standing, (
            positions[i], key, row.name, total, row.provisional, row.car, row.team,
            row.nationality, tuple(row.chassis), tuple(row.entries), row.played)))
    return Table(class_, kind, tuple(rounds), tuple(standings))


def _teams(state, class_, rounds, cars) -> dict[str, _Row]:
    numbers = calendar.numbers(state.calendar)
    rows: dict[str, _Row] = {}
    for car, entry in state.entries.entries.items():
        played = cars.get(car)
        if played is None or entry.class_ != class_:
            continue
        row = rows[car] = _Row(entry.team, car, entry.team, entry.nationality)
        several = len(entry.specs) > 1
        for r in rounds:
            cr = played.get(r)
            if cr is None:
                continue
            spec = entry.spec_at(numbers, r) if several else entry.specs[0]
            if spec.chassis and spec.chassis not in row.chassis:
                row.chassis.append(spec.chassis)
            row.played[r] = cr
            if cr.provisional:
                row.provisional = True
    return rows


def _drivers(state, class_, rounds, cars) -> dict[str, _Row]:
    entries = state.entries
    crews = entries.crews
    drivers = entries.drivers
    forfeits = {(d.round, d.car, d.payload.driver): d
                for d in state.results.decisions.values()
                if isinstance(d.payload, DriveTimeInfringed) and d.id not in state.results.fallen}
    rows: dict[str, _Row] = {}
    teams: dict[str, list[str]] = {}
    team_of = {car: entries.entries[car].team for car in cars}
    for r in rounds:
        rules = state.rules_for(class_, r)
        forfeit = bool(forfeits) and rules is not None and rules.drive_time_forfeit
        for car, played in cars.items():
            cr = played.get(r)
            if cr is None:
                continue
            team = team_of[car]
            for key in crews.get((r, car), ()):
                row = rows.get(key)
                if row is None:
                    driver = drivers[key]
                    row = rows[key] = _Row(driver.name, nationality=driver.nationality)
                    teams[key] = [team]
                elif team not in teams[key]:
                    teams[key].append(team)
                infringement = forfeits.get((r, car, key)) if forfeit else None
                if infringement is None:
                    row.played[r] = cr
                else:
                    row.played[r] = CarRound(0, cr.position, cr.provisional, (
                        *cr.items, Item("drive-time infringement", -cr.points, infringement.id,
                                        infringement.seq, car=car)))
                row.entries.append((r, car, team))
                if cr.provisional:
                    row.provisional = True
    for key, row in rows.items():
        row.team = " / ".join(teams[key])
    return rows


def _makes(state, class_, rounds, cars) -> dict[str, _Row]:
    numbers = calendar.numbers(state.calendar)
    entries = state.entries.entries
    # the make of each car that never changed it; the others are looked up round by round
    fixed = {car: entries[car].specs[0].make for car in cars if len(entries[car].specs) == 1}
    rows: dict[str, _Row] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        if rules is None:
            continue
        best_cars = rules.manufacturer_best_cars
        scored: dict[str, list[CarRound]] = {}
        for car, played in cars.items():
            cr = played.get(r)
            if cr is None:
                continue
            make = fixed[car] if car in fixed else entries[car].spec_at(numbers, r).make
            if make is not None:
                scored.setdefault(make, []).append(cr)
        for make, results in scored.items():
            row = rows.get(make)
            if row is None:
                row = rows[make] = _Row(make)
            if len(results) == 1:  # one car: the make scored what it scored
                row.played[r] = cr = results[0]
                if cr.provisional:
                    row.provisional = True
                continue
            results.sort(key=_POINTS, reverse=True)  # stable: ties keep the entry order
            if best_cars is not None:
                results = results[:best_cars]
            placed = [cr.position for cr in results if cr.position]
            provisional = any(cr.provisional for cr in results)
            row.played[r] = _new(CarRound, (sum([cr.points for cr in results]),
                                            min(placed) if placed else None, provisional,
                                            tuple([i for cr in results for i in cr.items])))
            if provisional:
                row.provisional = True
    return rows


_BUILDERS.update(teams=_teams, drivers=_drivers, manufacturers=_makes)
