"""Championship standings per class: teams (per car entry), drivers and manufacturers.

Points are never stored: they are worked out from the classifications as they
stand (after corrections and decisions), the poles, the stewards' decisions and
the adjustments, under the scoring rules in force at each round.
"""

from __future__ import annotations

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


class Standing(NamedTuple):
    """One row of a standings table."""

    position: int | None
    key: str  # car key (teams), driver key (drivers) or make (manufacturers)
    name: str
    total: float
    by_round: tuple[tuple[str, float], ...]  # rounds entered, in order; 0 kept
    provisional: bool = False
    car: str | None = None
    team: str | None = None
    nationality: str | None = None
    chassis: tuple[str, ...] = ()
    entries_by_round: tuple[tuple[str, str, str], ...] = ()  # (round, car, team) for drivers
    #: round -> the items that gave its points (see ``items``)
    itemized: dict | None = None

    @property
    def items(self) -> tuple[tuple[str, Item], ...]:
        """(round, item) for every point of the row: where each came from."""
        itemized = self.itemized or {}
        return tuple((r, i) for r, _ in self.by_round for i in itemized.get(r, ()))

    def points_at(self, round_key: str) -> float | None:
        return dict(self.by_round).get(round_key)


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
    """What one car did at one round, in points."""

    points: float
    position: int | None
    provisional: bool
    items: tuple[Item, ...] = ()


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
    pending = {a.decision for a in results.appeals.values() if a.outcome is None}
    appealed = [d for d in results.decisions.values() if d.id in pending]
    out: dict[str, dict[str, CarRound]] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        if rules is None:
            continue
        placed = classify(results, r, class_) or []
        race = results.races.get((r, class_))
        stopped_short = race.stopped_short if race else False
        standing = [d for d in results.standing(r) if _class_of(state, d.car) == class_]
        items: dict[str, list[Item]] = {}
        pos: dict[str, int | None] = {}
        if race is not None:
            source = race.corrected_by[-1] if race.corrected_by else race.id
            shaped = tuple(race.corrected_by[:-1]) + tuple(
                d.id for d in standing if not isinstance(d.payload, DriveTimeInfringed))
            for p in placed:
                value = (position_points(rules, p.position, stopped_short=stopped_short)
                         if p.position else 0)
                what = f"P{p.position}" if p.position else p.status
                if stopped_short and p.position:
                    what += " (race stopped short)"
                items[p.car] = [Item(what, value, source, state.seqs.get(source, 0), shaped)]
                pos[p.car] = p.position
        dsq = {d.car for d in standing if isinstance(d.payload, CarDisqualified)}
        pole = results.poles.get((r, class_))
        if pole and not (rules.pole_lost_on_dsq and pole[0] in dsq):
            car, event = pole[0], pole[1]
            items.setdefault(car, []).append(Item("pole", rules.pole, event, state.seqs.get(event, 0)))
            pos.setdefault(car, None)
        for d in standing:
            if isinstance(d.payload, PenaltyImposed) and d.payload.kind == "points":
                items.setdefault(d.car, []).append(
                    Item("points penalty", -d.payload.value, d.id, d.seq, result=False))
                pos.setdefault(d.car, None)
        # a result is provisional when declared so, or while a decision about a car of
        # the race is under appeal (its outcome can move every car of the class)
        provisional = results.declared.get((r, class_)) == "provisional" or any(
            d.round == r and _class_of(state, d.car) == class_ for d in appealed)
        for car, its in items.items():
            out.setdefault(car, {})[r] = CarRound(sum(i.points for i in its), pos.get(car),
                                                  provisional, tuple(its))
    return out


def _class_of(state: SeasonState, car: str) -> str | None:
    entry = state.entries.entries.get(car)
    return entry.class_ if entry else None


@attrs.define
class _Row:
    """A standings row while it is being built: its points as items, round by round."""

    name: str
    items: dict[str, list[Item] | tuple[Item, ...]] = attrs.Factory(dict)
    points: dict[str, float] = attrs.Factory(dict)
    positions: dict[str, int | None] = attrs.Factory(dict)
    provisional: bool = False
    car: str | None = None
    team: str | None = None
    nationality: str | None = None
    chassis: list[str] = attrs.Factory(list)
    entries: list[tuple[str, str, str]] = attrs.Factory(list)


def _blank(state: SeasonState, kind: str, key: str) -> _Row:
    """A row with no points yet for a car (teams), a driver or a make."""
    if kind == "teams":
        entry = state.entries.entries[key]
        return _Row(entry.team, car=key, team=entry.team, nationality=entry.nationality)
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


def _table(state: SeasonState, class_: str, kind: str, upto: int | None) -> Table:
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, upto)]
    builders = {"teams": _teams, "drivers": _drivers, "manufacturers": _makes}
    if kind not in builders:
        raise ValueError(f"unknown table {kind!r}")
    rules = state.latest_rules(class_, rounds)
    if rules is None:
        return Table(class_, kind, tuple(rounds), ())
    rows = builders[kind](state, class_, rounds, car_rounds(state, class_, rounds))
    for event, seq, adj in state.results.adjustments:
        if adj.class_ == class_ and adj.table == kind and adj.round in rounds:
            # an adjustment counts even for a competitor with no result of its own
            row = rows.setdefault(adj.competitor, _blank(state, kind, adj.competitor))
            what = "points adjusted" + (f": {adj.reason}" if adj.reason else "")
            row.items[adj.round] = [*row.items.get(adj.round, ()), Item(what, adj.points, event, seq,
                                                                     result=False)]
            row.points[adj.round] = row.points.get(adj.round, 0) + adj.points
    order = {r: i for i, r in enumerate(rounds)}
    built = []
    for n, (key, row) in enumerate(rows.items()):
        points = row.points
        # builders add rounds in order; only an adjustment can add one out of order
        keys = list(points)
        if len(keys) > 1 and any(order[a] > order[b] for a, b in zip(keys, keys[1:], strict=False)):
            keys.sort(key=order.__getitem__)
        by_round = tuple(zip(keys, map(points.__getitem__, keys), strict=True))
        if rules.best_results is None:
            total = sum(map(points.__getitem__, keys))
        else:  # best-N drops results, never a sanction or an adjustment
            fixed = {r: sum(i.points for i in row.items.get(r, ()) if not i.result) for r in keys}
            total = counted_total([points[r] - fixed[r] for r in keys], rules) + sum(
                fixed.values())
        results = tuple(map(row.positions.get, rounds))
        built.append((key, row, by_round, total, Record(total, results, n)))
    positions = rank([b[4] for b in built], getattr(rules, kind))
    standings = [
        Standing(position=pos, key=key, name=row.name, total=total, by_round=by_round,
                 provisional=row.provisional, car=row.car, team=row.team,
                 nationality=row.nationality, chassis=tuple(row.chassis),
                 entries_by_round=tuple(row.entries),
                 itemized=row.items)
        for (key, row, by_round, total, _), pos in zip(built, positions, strict=True)
    ]
    standings.sort(key=lambda s: (s.position is None, s.position or 0, -s.total))
    return Table(class_, kind, tuple(rounds), tuple(standings))


def _teams(state, class_, rounds, cars) -> dict[str, _Row]:
    numbers = calendar.numbers(state.calendar)
    rows: dict[str, _Row] = {}
    for car, entry in state.entries.entries.items():
        if entry.class_ != class_ or car not in cars:
            continue
        played = cars[car]
        row = rows[car] = _blank(state, "teams", car)
        for r in rounds:
            if r in played:
                spec = entry.spec_at(numbers, r)
                if spec.chassis and spec.chassis not in row.chassis:
                    row.chassis.append(spec.chassis)
                row.items[r] = played[r].items
                row.points[r] = played[r].points
                row.positions[r] = played[r].position
                row.provisional |= played[r].provisional
    return rows


def _drivers(state, class_, rounds, cars) -> dict[str, _Row]:
    entries = state.entries
    forfeits = {(d.round, d.car, d.payload.driver): d
                for d in state.results.decisions.values()
                if isinstance(d.payload, DriveTimeInfringed) and d.id not in state.results.fallen}
    rows: dict[str, _Row] = {}
    teams: dict[str, list[str]] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        for car, played in cars.items():
            if r not in played:
                continue
            entry = entries.entries[car]
            for key in entries.crew(r, car):
                row = rows.get(key)
                if row is None:
                    row = rows[key] = _blank(state, "drivers", key)
                items = played[r].items
                points = played[r].points
                infringement = forfeits.get((r, car, key))
                if rules.drive_time_forfeit and infringement is not None:
                    items = (*items, Item("drive-time infringement", -points,
                                          infringement.id, infringement.seq))
                    points = 0
                row.items[r] = items
                row.points[r] = points
                row.positions[r] = played[r].position
                row.entries.append((r, car, entry.team))
                row.provisional |= played[r].provisional
                if entry.team not in teams.setdefault(key, []):
                    teams[key].append(entry.team)
    for key, row in rows.items():
        row.team = " / ".join(teams[key])
    return rows


def _makes(state, class_, rounds, cars) -> dict[str, _Row]:
    numbers = calendar.numbers(state.calendar)
    rows: dict[str, _Row] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        scored: dict[str, list[tuple[str, CarRound]]] = {}
        for car, played in cars.items():
            make = state.entries.entries[car].spec_at(numbers, r).make if r in played else None
            if make is not None:
                scored.setdefault(make, []).append((car, played[r]))
        for make, results in scored.items():
            results.sort(key=lambda cr: -cr[1].points)
            if rules.manufacturer_best_cars is not None:
                results = results[: rules.manufacturer_best_cars]
            row = rows.get(make)
            if row is None:
                row = rows[make] = _blank(state, "manufacturers", make)
            row.items[r] = [Item(f"#{car} {i.what}", i.points, i.event, i.seq, i.shaped_by,
                                 i.result)
                            for car, cr in results for i in cr.items]
            row.points[r] = sum(cr.points for _, cr in results)
            placed = [cr.position for _, cr in results if cr.position]
            row.positions[r] = min(placed) if placed else None
            row.provisional |= any(cr.provisional for _, cr in results)
    return rows
