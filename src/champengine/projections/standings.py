"""Championship standings: a table of a class (teams per car, drivers, makes, or any table
the season defines) assembled from what each car scored, with drops, adjustments,
exclusions and ranking.

Points are never stored: ``scored`` works them out from the classifications as they
stand, under the rules in force for the table at each round; the rule dimensions are
``champengine.scoring``'s.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from ..events import RACE, Competitor
from ..rules import RANKING_OF_KIND
from ..scoring import Record, counted_total, exact, rank
from ..scoring.counting import RoundScore
from . import calendar, table_fold
from .scored import CarRound, Item, car_rounds
from .season import SeasonState
from .table_rows import BUILDERS, Row, blank

#: the tables of a season that defines none
TABLES = ("teams", "drivers", "manufacturers")

__all__ = ["TABLES", "CarRound", "Item", "Standing", "Table", "car_rounds", "table"]


class Standing(NamedTuple):
    """One row of a standings table."""

    position: int | None
    key: str  # car key (teams), driver key (drivers) or make (manufacturers)
    name: str
    total: object  # int | Fraction
    provisional: bool = False
    car: str | None = None
    team: str | None = None
    nationality: str | None = None
    chassis: tuple[str, ...] = ()
    entries_by_round: tuple[tuple[str, str, str], ...] = ()  # (round, car, team) for drivers
    #: round -> what the row scored there (a CarRound: points, position, items), for the
    #: rounds entered, in order
    played: dict | None = None
    #: the id of the decision that excluded the competitor from the table, if one did
    excluded_by: str | None = None

    @property
    def by_round(self) -> tuple[tuple[str, object], ...]:
        """(round, points) for the rounds entered, in order; 0 kept."""
        return tuple((r, cr.points) for r, cr in (self.played or {}).items())

    @property
    def items(self) -> tuple[tuple[str, Item], ...]:
        """(round, item) for every point of the row: where each came from."""
        return tuple((r, i) for r, cr in (self.played or {}).items() for i in cr.items)

    @property
    def excluded(self) -> bool:
        return self.excluded_by is not None

    def points_at(self, round_key: str):
        cr = (self.played or {}).get(round_key)
        return None if cr is None else cr.points


@attrs.frozen
class Table:
    class_: str
    kind: str  # the table's name
    rounds: tuple[str, ...]
    rows: tuple[Standing, ...]
    competitor: str = Competitor.CAR

    @property
    def provisional(self) -> bool:
        return any(r.provisional for r in self.rows)


_new = tuple.__new__


def table(state: SeasonState, class_: str, kind: str, upto: int | None = None) -> Table:
    """The standings of one table of a class after round number ``upto`` (all: None)."""
    key = ("table", class_, kind, upto)
    if key not in state.memo:
        state.memo[key] = _table(state, class_, kind, upto)
    return state.memo[key]


def _table(state: SeasonState, class_: str, kind: str, upto: int | None) -> Table:
    spec = state.table_spec(class_, kind)
    if spec is None:
        raise ValueError(f"unknown table {kind!r}")
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, upto)]
    rules = state.latest_rules(class_, rounds, kind)
    if rules is None:
        return Table(class_, kind, tuple(rounds), (), spec.competitor)
    folded = state.memo.get(("fold", class_, kind)) if upto is not None else None
    running: dict = {}  # key -> (its rounds, its fold, its total), from the fold
    if folded is not None:  # the season's rows, each as it stood after these rounds
        rows, running = table_fold.after(folded, len(rounds), rules)
    else:
        rows = BUILDERS[spec.competitor](state, class_, rounds, spec,
                                         car_rounds(state, class_, rounds, spec))
        if upto is None:
            folded = state.memo[("fold", class_, kind)] = table_fold.fold(
                state, class_, kind, rounds, spec, rows)
            running = table_fold.whole(folded, rules)
    adjusted = _adjust(state, class_, kind, spec, rounds, rows)
    undroppable = set(rules.undroppable)
    excluded = {c: e for (cl, t, c), e in state.exclusions.items() if cl == class_ and t == kind}
    if adjusted or undroppable:  # the fold's totals are those of rows not adjusted
        running = {} if undroppable else {
            k: v for k, v in running.items() if k not in adjusted}
    order = {r: i for i, r in enumerate(rounds)} if adjusted else {}
    for key in adjusted:  # an adjustment may have added a round out of order
        played = rows[key].played
        ordered = sorted(played.items(), key=lambda kv: order[kv[0]])
        played.clear()
        played.update(ordered)
    if not excluded and len(running) == len(rows):  # every total the fold's
        built = [(key, row, running[key][2]) for key, row in rows.items()]
    else:
        numbers = calendar.numbers(state.calendar)
        built = [(key, row, 0 if key in excluded else running[key][2] if key in running
                  else _total(row.played, rules, numbers, undroppable))
                 for key, row in rows.items()]
    records = [_new(Record, (total, (), n, 0, (), (), ()))
               for n, (_, _, total) in enumerate(built)]

    def detail(i: int) -> Record:  # results round by round and poles, for tie-breaks
        key, row, total = built[i]
        folded_row = running.get(key)
        if folded_row is not None:
            return table_fold.record(*folded_row, len(rounds), i)
        played = row.played
        poles = sum(1 for cr in played.values() for it in cr.items if it.what == "pole")
        results = tuple(played[r].position if r in played else None for r in rounds)
        placed = [it for cr in played.values() for it in cr.items
                  if it.place and it.session == RACE and it.result]
        scoring = tuple(it.place for it in placed if it.points > 0)
        return _new(Record, (total, results, i, poles, tuple(it.place for it in placed),
                             scoring, scoring + tuple(p for _, p in row.uncounted)))

    ranking = rules.ranking or getattr(rules, RANKING_OF_KIND[spec.competitor])
    if excluded:
        eligible = [i for i, (key, _, _) in enumerate(built) if key not in excluded]
        positions: list[int | None] = [None] * len(built)
        for i, p in zip(eligible, rank([records[i] for i in eligible], ranking,
                                       lambda j: detail(eligible[j])), strict=True):
            positions[i] = p
    else:
        positions = rank(records, ranking, detail)
    placed = sorted([i for i, p in enumerate(positions) if p is not None],
                    key=positions.__getitem__)
    unplaced = sorted([i for i, p in enumerate(positions)
                       if p is None and built[i][0] not in excluded],
                      key=lambda i: -built[i][2])
    out = [i for i in range(len(built)) if built[i][0] in excluded] if excluded else []
    standings = tuple([_new(Standing, (
        positions[i], key, row.name, total, row.provisional, row.car, row.team,
        row.nationality, tuple(row.chassis), tuple(row.entries), row.played,
        excluded[key][0] if key in excluded else None))
        for i in placed + unplaced + out for key, row, total in (built[i],)])
    return Table(class_, kind, tuple(rounds), standings, spec.competitor)


def _total(played: dict, rules, numbers: dict, undroppable: set):
    """A row's total from its rounds: drops (if the rules drop any) apply to results,
    never to a sanction or an adjustment."""
    if rules.best_results is None and not rules.periods:
        return exact(sum([cr.points for cr in played.values()]))
    scores, fixed = [], 0
    for r, cr in played.items():
        sanction = sum([i.points for i in cr.items if not i.result])
        fixed += sanction
        scores.append(RoundScore(numbers.get(r, 0), cr.points - sanction, bool(
            undroppable) and any(i.what in undroppable for i in cr.items)))
    return exact(counted_total(scores, rules) + fixed)


def _adjust(state: SeasonState, class_: str, kind: str, spec, rounds: list[str],
            rows: dict[str, Row]) -> set[str]:
    """Apply the points adjustments of a table (they count even for a competitor with no
    result of its own); the competitors adjusted."""
    adjusted = set()
    for event, seq, adj in state.results.adjustments:
        if adj.class_ == class_ and adj.table == kind and adj.round in rounds:
            row = rows.get(adj.competitor)
            if row is None:
                row = rows[adj.competitor] = blank(state, spec.competitor, adj.competitor)
            what = "points adjusted" + (f": {adj.reason}" if adj.reason else "")
            item = Item(what, exact(adj.points), event, seq, result=False)
            row.played[adj.round] = adding(row.played.get(adj.round), item, False)
            adjusted.add(adj.competitor)
    return adjusted


def adding(was: CarRound | None, item: Item, provisional: bool) -> CarRound:
    """A round's score with one more item: the item alone (``provisional`` as given), or
    added to what the round already had."""
    if was is None:
        return CarRound(item.points, None, provisional, (item,))
    return CarRound(exact(was.points + item.points), was.position, was.provisional,
                    (*was.items, item))
