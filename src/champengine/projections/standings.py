"""Championship standings per class: teams (per car entry), drivers and manufacturers.

Points are never stored: they are worked out from the classifications as they
stand (after corrections and decisions), the poles, the stewards' decisions and
the adjustments, under the scoring rules in force at each round.
"""

from __future__ import annotations

import attrs

from ..events import CarDisqualified, DriveTimeInfringed, PenaltyImposed
from ..rules import Record, counted_total, position_points, rank
from . import calendar
from .classification import classify
from .season import SeasonState

TABLES = ("teams", "drivers", "manufacturers")


@attrs.frozen
class Standing:
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


@attrs.frozen
class CarRound:
    """What one car did at one round, in points."""

    points: float
    position: int | None
    provisional: bool


def car_rounds(state: SeasonState, class_: str,
               rounds: list[str]) -> dict[str, dict[str, CarRound]]:
    """car -> round -> points and class position, for the cars of a class."""
    results = state.results
    out: dict[str, dict[str, CarRound]] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        if rules is None:
            continue
        placed = classify(results, r, class_) or []
        race = results.races.get((r, class_))
        stopped_short = race.stopped_short if race else False
        pts: dict[str, float] = {}
        pos: dict[str, int | None] = {}
        for p in placed:
            pts[p.car] = (position_points(rules, p.position, stopped_short=stopped_short)
                          if p.position else 0)
            pos[p.car] = p.position
        standing = [d for d in results.standing(r) if _class_of(state, d.car) == class_]
        dsq = {d.car for d in standing if isinstance(d.payload, CarDisqualified)}
        pole = results.poles.get((r, class_))
        if pole and not (rules.pole_lost_on_dsq and pole[0] in dsq):
            pts[pole[0]] = pts.get(pole[0], 0) + rules.pole
            pos.setdefault(pole[0], None)
        for d in standing:
            if isinstance(d.payload, PenaltyImposed) and d.payload.kind == "points":
                pts[d.car] = pts.get(d.car, 0) - d.payload.value
                pos.setdefault(d.car, None)
        # a result is provisional when declared so, or while a decision about a car of
        # the race is under appeal (its outcome can move every car of the class)
        provisional = results.declared.get((r, class_)) == "provisional" or any(
            d.round == r and _class_of(state, d.car) == class_ and results.pending_appeal(d.id)
            for d in results.decisions.values())
        for car, value in pts.items():
            out.setdefault(car, {})[r] = CarRound(value, pos.get(car), provisional)
    return out


def _class_of(state: SeasonState, car: str) -> str | None:
    entry = state.entries.entries.get(car)
    return entry.class_ if entry else None


def _adjustments(state: SeasonState, class_: str, kind: str,
                 rounds: list[str]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for _, _, adj in state.results.adjustments:
        if adj.class_ == class_ and adj.table == kind and adj.round in rounds:
            row = out.setdefault(adj.competitor, {})
            row[adj.round] = row.get(adj.round, 0) + adj.points
    return out


def table(state: SeasonState, class_: str, kind: str, upto: int | None = None) -> Table:
    """The standings of one class and table after round number ``upto`` (all rounds: None)."""
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, upto)]
    cars = car_rounds(state, class_, rounds)
    if kind == "teams":
        rows = _teams(state, class_, rounds, cars)
    elif kind == "drivers":
        rows = _drivers(state, class_, rounds, cars)
    elif kind == "manufacturers":
        rows = _makes(state, class_, rounds, cars)
    else:
        raise ValueError(f"unknown table {kind!r}")
    rules = next((state.rules_for(class_, r) for r in reversed(rounds)
                  if state.rules_for(class_, r)), None)
    if rules is None:
        return Table(class_, kind, tuple(rounds), ())
    for key, by_round in _adjustments(state, class_, kind, rounds).items():
        if key not in rows:
            continue
        for r, value in by_round.items():
            rows[key]["points"][r] = rows[key]["points"].get(r, 0) + value
    order = {r: i for i, r in enumerate(rounds)}
    built = []
    for n, (key, row) in enumerate(rows.items()):
        by_round = tuple(sorted(row["points"].items(), key=lambda kv: order[kv[0]]))
        total = counted_total([v for _, v in by_round], rules)
        results = tuple(row["positions"].get(r) for r in rounds)
        built.append((key, row, by_round, total, Record(total, results, n)))
    ranking = getattr(rules, kind)
    positions = rank([b[4] for b in built], ranking)
    standings = [
        Standing(position=pos, key=key, name=row["name"], total=total, by_round=by_round,
                 provisional=row["provisional"], car=row.get("car"), team=row.get("team"),
                 nationality=row.get("nationality"), chassis=tuple(row.get("chassis", ())),
                 entries_by_round=tuple(row.get("entries", ())))
        for (key, row, by_round, total, _), pos in zip(built, positions, strict=True)
    ]
    standings.sort(key=lambda s: (s.position is None, s.position or 0, -s.total))
    return Table(class_, kind, tuple(rounds), tuple(standings))


def _teams(state, class_, rounds, cars) -> dict[str, dict]:
    numbers = calendar.numbers(state.calendar)
    rows: dict[str, dict] = {}
    for car, entry in state.entries.entries.items():
        if entry.class_ != class_ or car not in cars:
            continue
        played = cars[car]
        chassis: list[str] = []
        for r in rounds:
            if r in played:
                spec = entry.spec_at(numbers, r)
                if spec.chassis and spec.chassis not in chassis:
                    chassis.append(spec.chassis)
        rows[car] = {
            "name": entry.team, "car": car, "team": entry.team, "nationality": entry.nationality,
            "chassis": chassis,
            "points": {r: cr.points for r, cr in played.items()},
            "positions": {r: cr.position for r, cr in played.items()},
            "provisional": any(cr.provisional for cr in played.values()),
        }
    return rows


def _drivers(state, class_, rounds, cars) -> dict[str, dict]:
    entries = state.entries
    forfeits = {(d.round, d.car, d.payload.driver)
                for d in state.results.decisions.values()
                if isinstance(d.payload, DriveTimeInfringed) and d.id not in state.results.fallen}
    rows: dict[str, dict] = {}
    for r in rounds:
        for car, played in cars.items():
            if r not in played:
                continue
            entry = entries.entries[car]
            rules = state.rules_for(class_, r)
            for key in entries.crew(r, car):
                driver = entries.drivers[key]
                row = rows.setdefault(key, {
                    "name": driver.name, "nationality": driver.nationality, "points": {},
                    "positions": {}, "entries": [], "provisional": False, "teams": []})
                lost = rules.drive_time_forfeit and (r, car, key) in forfeits
                row["points"][r] = 0 if lost else played[r].points
                row["positions"][r] = played[r].position
                row["entries"].append((r, car, entry.team))
                row["provisional"] |= played[r].provisional
                if entry.team not in row["teams"]:
                    row["teams"].append(entry.team)
    for row in rows.values():
        row["team"] = " / ".join(row["teams"])
    return rows


def _makes(state, class_, rounds, cars) -> dict[str, dict]:
    numbers = calendar.numbers(state.calendar)
    rows: dict[str, dict] = {}
    for r in rounds:
        rules = state.rules_for(class_, r)
        scored: dict[str, list[tuple[float, int | None]]] = {}
        provisional: dict[str, bool] = {}
        for car, played in cars.items():
            if r not in played:
                continue
            make = state.entries.entries[car].spec_at(numbers, r).make
            if make is None:
                continue
            scored.setdefault(make, []).append((played[r].points, played[r].position))
            provisional[make] = provisional.get(make, False) or played[r].provisional
        for make, results in scored.items():
            results.sort(key=lambda pr: -pr[0])
            if rules.manufacturer_best_cars is not None:
                results = results[: rules.manufacturer_best_cars]
            row = rows.setdefault(make, {"name": make, "points": {}, "positions": {},
                                         "provisional": False})
            row["points"][r] = sum(p for p, _ in results)
            placed = [pos for _, pos in results if pos]
            row["positions"][r] = min(placed) if placed else None
            row["provisional"] |= provisional[make]
    return rows
