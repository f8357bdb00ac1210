"""Counting: which of a competitor's round scores make its total."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..events import ScoringRules


class RoundScore(NamedTuple):
    """One round's score as counting sees it."""

    number: int  # the round's number in the season
    points: object  # int | Fraction: the result's points (sanctions kept apart)
    undroppable: bool = False  # a result the rules say may not be dropped


def counted_total(scores: Sequence[RoundScore], rules: ScoringRules):
    """Counting: which round scores count: all, the best N, or the best N of each period
    of a split season (best 5 of the first 6, best 4 of the rest), results that may not
    be dropped always among them?"""
    if rules.periods:
        total = 0
        start = 0
        for period in rules.periods:
            stop = start + period.rounds if period.rounds else 1 << 30
            total += _best([s for s in scores if start < s.number <= stop], period.best)
            start = stop
        return total + sum(s.points for s in scores if s.number > start)
    return _best(scores, rules.best_results)


def _best(scores: Sequence[RoundScore], n: int | None):
    if n is None or len(scores) <= n:
        return sum(s.points for s in scores)
    kept = [s.points for s in scores if s.undroppable]
    free = sorted((s.points for s in scores if not s.undroppable), reverse=True)
    return sum(kept) + sum(free[:max(n - len(kept), 0)])
