"""Ranking: how totals become positions: a rank style, ordered tie-breaks, and what
becomes of competitors on zero points."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..events import Ranking, RankStyle, Tiebreak, ZeroPoints

RANK_STYLES = tuple(RankStyle)
TIEBREAKS = tuple(Tiebreak)
ZERO_POINTS = tuple(ZeroPoints)


class Record(NamedTuple):
    """What ranking needs to know of a competitor."""

    total: object  # int | Fraction
    results: tuple[int | None, ...]  # class position at each round in order (None: no result)
    order: int = 0  # stable fallback for ``unique`` ranking (e.g. entry order)
    poles: int = 0
    #: every place countback counts (a make's: each of its counted cars'), and those of
    #: them that scored points; () means ``results``
    places: tuple[int, ...] = ()
    scoring: tuple[int, ...] = ()
    #: the places in the points: ``scoring`` and a make's places in the points by cars of
    #: its that did not count for it; () means ``scoring``
    in_points: tuple[int, ...] = ()


def _countback(rec: Record) -> tuple[float, ...]:
    """Most wins, then most seconds, ...: the places held, best first, closed by a mark
    past every place. Compared in turn, the first place where two differ is the better
    one's to hold more often (the other holds the next place down, or none: the mark), so
    that holding one more place (anywhere) compares better and a key's size follows the
    places held, not how far down they are."""
    return _counted(rec.places or rec.results)


def _counted(places) -> tuple[float, ...]:
    key = [p for p in places if p is not None and p > 0]
    key.sort()
    key.append(math.inf)
    return tuple(key)


def _first_best(rec: Record) -> tuple[int, int]:
    """The best place held, and how early it was first held."""
    best = at = 1 << 30
    for i, p in enumerate(rec.results):
        if p and p < best:
            best, at = p, i
    return (best, at)


def _last_result(rec: Record) -> tuple[int, ...]:
    return tuple(p if p else 1 << 30 for p in reversed(rec.results))


def _countback_scoring(rec: Record) -> tuple[float, ...]:
    return _counted(rec.scoring)  # the places that scored (none: no place held)


def _countback_points(rec: Record) -> tuple[float, ...]:
    return _counted(rec.in_points or rec.scoring)


def _poles(rec: Record) -> tuple[int]:
    return (-rec.poles,)


_CRITERIA: dict[str, Callable[[Record], tuple]] = {
    Tiebreak.COUNTBACK: _countback,
    Tiebreak.COUNTBACK_SCORING: _countback_scoring,
    Tiebreak.COUNTBACK_POINTS: _countback_points,
    Tiebreak.FIRST_BEST: _first_best,
    Tiebreak.LAST_RESULT: _last_result,
    Tiebreak.POLES: _poles,
}


def rank(records: Sequence[Record], ranking: Ranking,
         results_of: Callable[[int], Record] | None = None) -> list[int | None]:
    """Ranking: how do totals become positions? Positions for ``records`` (same order as
    given); competitors on no points get None unless the ranking ranks them (``zero``).

    Rows are ordered by total, then by each tie-break criterion in turn. Rows
    that are still equal share a position under ``dense`` (1, 2, 2, 3) and
    ``competition`` (1, 2, 2, 4); ``unique`` never shares, falling back on ``order``.
    Tie-breaks are worked out only among rows on equal totals; ``results_of(i)``, when
    given, gives record i whole then (results and poles: records need not carry them).
    """
    style = ranking.style
    if style not in RANK_STYLES:
        raise ValueError(f"unknown rank style {style!r}")
    if ranking.zero not in ZERO_POINTS:
        raise ValueError(f"unknown zero-points policy {ranking.zero!r}")
    totals = [r.total for r in records]
    order = [(-r.total, r.order) for r in records]
    if ranking.zero == ZeroPoints.RANKED:
        ranked = list(range(len(records)))
    else:
        ranked = [i for i, total in enumerate(totals) if total > 0]
    ranked.sort(key=order.__getitem__)
    positions: list[int | None] = [None] * len(records)
    criteria = [_CRITERIA[name] for name in ranking.tiebreaks]
    dense = style == RankStyle.DENSE
    pos = n = start = 0
    size = len(ranked)
    while start < size:
        total = totals[ranked[start]]
        end = start + 1
        while end < size and totals[ranked[end]] == total:
            end += 1
        if end == start + 1:  # alone on its points: the next position
            n += 1
            pos = pos + 1 if dense else n
            positions[ranked[start]] = pos
            start = end
            continue
        group = ranked[start:end]
        keys: dict[int, tuple] = dict.fromkeys(group, ())
        if len(group) > 1 and criteria:
            keys = _keys(group, criteria, records if results_of is None else None, results_of)
            group.sort(key=lambda i: (keys[i], records[i].order))
        previous = None
        for i in group:
            n += 1
            if style == RankStyle.UNIQUE or previous is None or keys[i] != keys[previous]:
                pos = pos + 1 if dense else n
            positions[i] = pos
            previous = i
        start = end
    return positions


def _keys(group: list[int], criteria, records, results_of) -> dict[int, tuple]:
    """Each row's tie-break key among rows level on points: each criterion in turn, worked
    out only for rows still level on every criterion before it (a key stops at the
    criterion that sets its row apart)."""
    recs = {i: records[i] if records is not None else results_of(i) for i in group}
    first = criteria[0]
    keys: dict[int, tuple] = {i: (first(rec),) for i, rec in recs.items()}
    level = [group]
    for criterion in criteria[1:]:
        by: dict[tuple, list[int]] = {}
        for rows in level:
            for i in rows:
                by.setdefault(keys[i], []).append(i)
        level = [same for same in by.values() if len(same) > 1]
        for rows in level:  # the rows level on every criterion so far: the next one
            for i in rows:
                keys[i] += (criterion(recs[i]),)
    return keys
