"""Who can still win: each competitor's points, the most it can still reach, and
whether it can still take the title or has already clinched it.

The most a car can score at a round still to run is a win from pole; a make, the
best places its cars could take together. Drop scores (best N) apply to the
maximum as to the total. Equal totals go to the table's tie-breaks, so a
competitor that could only draw level is told so rather than counted out.
"""

from __future__ import annotations

from typing import NamedTuple

from ..scoring import counted_total, exact, position_points, shown
from ..scoring.counting import RoundScore
from . import calendar
from .season import SeasonState
from .standings import table


class Scenario(NamedTuple):
    position: int | None
    name: str
    car: str | None
    points: float
    max_points: float
    can_win: bool
    clinched: bool
    conditions: tuple[str, ...]


def remaining_rounds(state: SeasonState, class_: str, upto: int | None) -> list[str]:
    """The running rounds after round ``upto`` (after the last one classified, when None)."""
    running = calendar.running(state.calendar)
    if upto is None:
        raced = [n for n, r in enumerate(running, 1) if (r.key, class_) in state.results.races]
        upto = max(raced, default=0)
    return [r.key for r in running[upto:]]


def _round_max(state: SeasonState, class_: str, kind: str, round_key: str, key: str) -> float:
    rules = state.rules_for(class_, round_key, kind)
    if rules is None:
        return 0
    sessions = {"race", *(s.session for s in rules.sessions)}
    bonus = exact(rules.pole) + exact(rules.fastest_lap)
    spec = state.table_spec(class_, kind)
    if spec is None or spec.competitor != "make":
        return sum(position_points(rules, 1, s) for s in sessions) + bonus
    numbers = calendar.numbers(state.calendar)
    cars = sum(1 for e in state.entries.entries.values()
               if e.class_ == class_ and e.active_at(numbers, round_key)
               and e.spec_at(numbers, round_key).make == key)
    if rules.manufacturer_best_cars is not None:
        cars = min(cars, rules.manufacturer_best_cars)
    return sum(position_points(rules, p, s) for s in sessions
               for p in range(1, cars + 1)) + bonus


def scenarios(state: SeasonState, class_: str, kind: str, upto: int | None = None
              ) -> list[Scenario]:
    standings = table(state, class_, kind, upto)
    rows = [r for r in standings.rows if r.position is not None]
    ahead = remaining_rounds(state, class_, upto)
    if not rows:
        return []
    leader = rows[0]
    rules = state.latest_rules(class_, standings.rounds)
    best: dict[str, float] = {}
    for row in rows:
        numbers = calendar.numbers(state.calendar)
        scores = [RoundScore(numbers.get(r, 0), p) for r, p in row.by_round]
        scores += [RoundScore(numbers.get(r, 0), _round_max(state, class_, kind, r, row.key))
                   for r in ahead]
        best[row.key] = (counted_total(scores, rules) if rules
                         else sum(s.points for s in scores))
    out = []
    for row in rows:
        others = [best[r.key] for r in rows if r.key != row.key]
        can_win = row is leader or best[row.key] >= leader.total
        clinched = row is leader and all(m < row.total for m in others)
        conditions: list[str] = []
        if clinched:
            conditions.append("champion whatever happens in the rounds left")
        elif row is leader:
            chasers = [r.name for r in rows[1:] if best[r.key] >= row.total]
            conditions.append(f"leads; {', '.join(chasers)} can still reach "
                              f"{_num(row.total)} or more" if chasers else "leads")
        elif can_win:
            gap = leader.total - row.total
            conditions.append(f"{_num(gap)} behind {leader.name} with {_rounds(len(ahead))} left"
                              + ("; only level on points at best: the tie-break decides"
                                 if best[row.key] == leader.total else ""))
        else:
            conditions.append(f"out of reach: {_num(best[row.key])} at most against "
                              f"{leader.name}'s {_num(leader.total)}")
        out.append(Scenario(row.position, row.name, row.car, row.total, best[row.key], can_win,
                            clinched, tuple(conditions)))
    return out


def _rounds(n: int) -> str:
    return f"{n} round" if n == 1 else f"{n} rounds"


def _num(x) -> str:
    return f"{shown(x):g}"
