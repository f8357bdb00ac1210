"""A table's rows folded round by round: the rows the season's table (every round) built,
each kept with its running figures after each round it played (its points, its results'
points and sanctions apart for counting, when it turned provisional), so that the table
after round R takes each row's prefix at R instead of building every row again from the
car rounds. A row's round depends on that round and the season's state alone (the rules
in force there, its classifications), never on the rounds after it, which is what makes
the row after R a prefix of the row after every round; adjustments, exclusions, drops
and the ranking are the table's, worked out for R as for any table."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import NamedTuple

from ..events import RACE
from ..scoring import Record, counted_total, exact
from ..scoring.counting import RoundScore
from . import calendar
from .season import SeasonState
from .table_rows import Row

_NEVER = 1 << 30
_new = tuple.__new__


class RowAfter(NamedTuple):
    """A row of the table after some round, as the fold gives it (a ``Row``'s fields; its
    rounds' dict its own, for adjustments to add to)."""

    name: str
    played: dict
    provisional: bool
    car: str | None
    team: str | None
    nationality: str | None
    chassis: tuple[str, ...]
    entries: tuple[tuple[str, str, str], ...]
    uncounted: tuple[tuple[str, int], ...]


class Folded(NamedTuple):
    """One row of the season's table, with what it was after each round it played."""

    key: str
    name: str
    car: str | None
    team: str | None  # after every round
    nationality: str | None
    at: list[int]  # the calendar index of each round it played, in order
    played: list[tuple]  # (round, CarRound) for those rounds, before any adjustment
    sums: list  # its points after each of those rounds, exactly
    provisional_from: int  # how many of its rounds it takes to be provisional
    entries: tuple  # its entries (a driver's: round, car, team), in order
    #: the calendar index of each of its entries (a driver's; None: one a round it played)
    entries_at: list[int] | None
    teams: bool  # whether it drove for more than one team (a driver's)
    chassis: tuple[str, ...]
    #: how many of its rounds it takes to have each chassis (None: all from its first)
    chassis_from: list[int] | None
    scores: list[RoundScore] | None  # its results' points, sanctions apart (counting)
    fixed: list | None  # its sanctions after each of those rounds (counting)
    results: list  # its position at each round of the season (None: no result)
    poles: list[int]  # its poles after each of its rounds
    places: list[int]  # the places of its race results, round by round (countback)
    places_n: list[int]  # how many of them after each of its rounds
    scoring: list[int]  # those of them that scored points
    scoring_n: list[int]
    #: a make's places in the points by cars that did not count for it (round, place),
    #: and the calendar index of each
    uncounted: tuple[tuple[str, int], ...]
    uncounted_at: list[int]


class Fold(NamedTuple):
    rows: tuple[Folded, ...]
    competitor: str


def fold(state: SeasonState, class_: str, kind: str, rounds: list[str], spec,
         rows: dict[str, Row]) -> Fold:
    """The fold of the rows a builder made for every round of the season (``rounds``) of
    the table ``kind``, before any adjustment."""
    counting = any(rules is not None and (rules.best_results is not None or rules.periods)
                   for rules in (state.rules_for(class_, r, kind) for r in rounds))
    index = {r: i for i, r in enumerate(rounds)}
    numbers = calendar.numbers(state.calendar)
    entries = state.entries.entries
    out = []
    for key, row in rows.items():
        played = list(row.played.items())
        at = [index[r] for r, _ in played]
        provisional_from = _NEVER
        if row.provisional:
            provisional_from = next(k for k, (_, cr) in enumerate(played, 1) if cr.provisional)
        chassis_from = None  # its chassis from its first round
        if len(row.chassis) > 1 or (row.chassis and len(entries[row.car].specs) > 1):
            chassis_from = _chassis_from(entries[row.car], numbers, played, row.chassis)
        results: list = [None] * len(rounds)
        poles, places, places_n, scoring, scoring_n, sanctions = [], [], [], [], [], []
        n_poles = n_places = n_scoring = 0
        for i, (_, cr) in zip(at, played, strict=True):
            results[i] = cr.position
            sanction = 0
            for what, points, _, _, _, result, _, session, _, place in cr.items:
                if not result:  # a sanction or an adjustment: never dropped
                    sanction += points
                elif place and session == RACE:
                    places.append(place)
                    n_places += 1
                    if points > 0:
                        scoring.append(place)
                        n_scoring += 1
                elif what == "pole":
                    n_poles += 1
            poles.append(n_poles)
            places_n.append(n_places)
            scoring_n.append(n_scoring)
            sanctions.append(sanction)
        scores = fixed = None
        if counting:  # drops apply to results, never to a sanction or an adjustment
            scores = [_new(RoundScore, (numbers.get(r, 0), cr.points - s, False))
                      for (r, cr), s in zip(played, sanctions, strict=True)]
            fixed = list(accumulate(sanctions))
        sums = list(accumulate([cr.points for _, cr in played]))
        if not all(type(x) is int for x in sums):
            sums = [exact(x) for x in sums]
        out.append(Folded(
            key, row.name, row.car, row.team, row.nationality, at, played, sums,
            provisional_from, tuple(row.entries), None if len(row.entries) == len(at) else [
                index[e[0]] for e in row.entries],
            len({e[2] for e in row.entries}) > 1, tuple(row.chassis),
            chassis_from, scores, fixed, results, poles, places, places_n, scoring, scoring_n,
            tuple(row.uncounted), [index[r] for r, _ in row.uncounted]))
    return Fold(tuple(out), spec.competitor)


def _chassis_from(entry, numbers, played, chassis) -> list[int]:
    seen: dict[str, int] = {}
    for k, (r, _) in enumerate(played, 1):
        at = entry.spec_at(numbers, r)
        if at.chassis:
            seen.setdefault(at.chassis, k)
    return [seen[c] for c in chassis]


def after(folded: Fold, n: int, rules) -> tuple[dict[str, RowAfter], dict[str, tuple]]:
    """The rows after the first ``n`` rounds of the season, in the table's order, and for
    each (k, its fold, its total unadjusted under ``rules``), k the number of its rounds
    among those ``n``."""
    rows: dict[str, RowAfter] = {}
    running: dict[str, tuple] = {}
    driver = folded.competitor == "driver"
    most = _undropped(rules)
    for f in folded.rows:
        (key, name, car, team, nationality, at, played, sums, provisional_from, entries,
         entries_at, teams, chassis, chassis_from, scores, fixed, _, _, _, _, _, _,
         uncounted, uncounted_at) = f
        if at[0] >= n:
            continue
        if at[-1] < n:
            k = len(at)
            played = dict(played)
        else:
            k = bisect_left(at, n)
            played = dict(played[:k])
        if chassis_from is not None:
            chassis = tuple(c for c, m in zip(chassis, chassis_from, strict=True) if m <= k)
        if driver:
            entries = entries[:k if entries_at is None else bisect_left(entries_at, n)]
            if teams:
                team = " / ".join(dict.fromkeys(e[2] for e in entries))
        if uncounted:
            uncounted = uncounted[:bisect_left(uncounted_at, n)]
        rows[key] = _new(RowAfter, (name, played, provisional_from <= k, car, team,
                                    nationality, chassis, entries, uncounted))
        running[key] = (k, f, sums[k - 1] if k <= most else
                        exact(counted_total(scores[:k], rules) + fixed[k - 1]))
    return rows, running


def whole(folded: Fold, rules) -> dict[str, tuple]:
    """(k, fold, total) for each row after every round (``after``'s, for the season)."""
    most = _undropped(rules)
    return {f.key: (len(f.at), f, f.sums[-1] if len(f.at) <= most else
                    exact(counted_total(f.scores, rules) + f.fixed[-1]))
            for f in folded.rows}


def _undropped(rules) -> int:
    """The most rounds a row may hold under ``rules`` with none of its results dropped."""
    if rules.periods:
        return min([p.best for p in rules.periods if p.best is not None] or [_NEVER])
    return _NEVER if rules.best_results is None else rules.best_results


def record(k: int, f: Folded, total, n: int, order: int) -> Record:
    """What ranking reads of a row after its first ``k`` rounds, the season's first ``n``:
    its position at each of those rounds, its poles, its places for countback."""
    scoring = tuple(f.scoring[:f.scoring_n[k - 1]])
    in_points = scoring
    if f.uncounted:
        in_points += tuple(p for _, p in f.uncounted[:bisect_left(f.uncounted_at, n)])
    return _new(Record, (total, tuple(f.results[:n]), order, f.poles[k - 1],
                         tuple(f.places[:f.places_n[k - 1]]), scoring, in_points))
