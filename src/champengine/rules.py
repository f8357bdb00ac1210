"""Scoring rules as data, and what each choice means.

A season adopts a ``ScoringRules`` (an event, so the rules in force are part
of the log); each field of it is one named choice answering one question:

- ``points``: how many points does each class position earn a classified car?
- ``points_beyond``: what does a classified car past the end of the scale earn (0.5 in some series)?
- ``pole``: what does pole position in qualifying earn, whatever the race result?
- ``pole_lost_on_dsq``: does a disqualification from the race also take the pole point away?
- ``short_race_factor``: what share of the points does a race stopped short give (0.5: half points)?
- ``best_results``: do only a competitor's best N round scores count (drop scores)?
- ``drive_time_forfeit``: does a driver who broke the minimum drive time lose his points of that round?
- ``manufacturer_best_cars``: does a make score all its cars in a race, or only its best N?
- ``drivers`` / ``teams`` / ``manufacturers``: how are equal totals ranked in each table
  (rank style, then tie-break criteria in order)?
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .events import Ranking, ScoringRules

#: The ACO's 2013 Asian Le Mans Series rules, as the seed's tables show them.
ASIAN_LE_MANS_2013 = ScoringRules()

#: regions a line-up rule can require a driver of, by nationality code (IOC or ISO, as printed)
REGIONS = {
    "Asia": frozenset(
        "AFG BHR BAN BGD BRN BRU CHN HKG IND IDN INA IRI IRN IRQ JPN JOR KAZ KOR KUW KWT KGZ "
        "LAO LIB LBN MAC MAS MYS MDV MGL MNG MYA MMR NEP NPL OMA OMN PAK PHI PHL PLE PSE QAT "
        "KSA SAU SGP SIN SRI LKA SYR TPE TWN TJK THA TLS TKM UAE ARE UZB VIE VNM YEM".split()),
}

#: the most drivers a car may have at a round when no line-up rule says otherwise
DEFAULT_MAX_DRIVERS = 3

RANK_STYLES = ("dense", "competition", "unique")
TIEBREAKS = ("countback", "first_best", "last_result")


def problem(rules: ScoringRules) -> str | None:
    """What makes a rule set unusable, or None: unknown rank styles or tie-breaks,
    points that are not finite, counts below one, a short-race share outside 0..1."""
    for ranking in (rules.drivers, rules.teams, rules.manufacturers):
        if ranking.style not in RANK_STYLES:
            return f"unknown rank style {ranking.style!r}"
        unknown = [t for t in ranking.tiebreaks if t not in TIEBREAKS]
        if unknown:
            return f"unknown tie-break {unknown[0]!r}"
    numbers = (*rules.points, rules.points_beyond, rules.pole)
    if not all(math.isfinite(n) and n >= 0 for n in numbers):
        return "points must be finite and not negative"
    if not (math.isfinite(rules.short_race_factor) and 0 <= rules.short_race_factor <= 1):
        return "the short-race share must be between 0 and 1"
    for name in ("best_results", "manufacturer_best_cars"):
        if getattr(rules, name) is not None and getattr(rules, name) < 1:
            return f"{name} must be at least 1"
    return None


def position_points(rules: ScoringRules, position: int, *, stopped_short: bool = False) -> float:
    """Points for a classified car at a class position."""
    if position <= len(rules.points):
        pts = rules.points[position - 1]
    else:
        pts = rules.points_beyond
    return pts * rules.short_race_factor if stopped_short else pts


def counted_total(scores: Sequence[float], rules: ScoringRules) -> float:
    """A competitor's total from its round scores: all of them, or the best N."""
    if rules.best_results is None or len(scores) <= rules.best_results:
        return sum(scores)
    return sum(sorted(scores, reverse=True)[: rules.best_results])


# --- ranking -------------------------------------------------------------------------


class Record(NamedTuple):
    """What ranking needs to know of a competitor."""

    total: float
    results: tuple[int | None, ...]  # class position at each round in order (None: no result)
    order: int = 0  # stable fallback for ``unique`` ranking (e.g. entry order)


def _countback(rec: Record) -> tuple[int, ...]:
    counts = Counter(p for p in rec.results if p)
    depth = max(counts, default=0)
    return tuple(-counts[k] for k in range(1, depth + 1))


def _first_best(rec: Record) -> tuple[int, int]:
    placed = [(p, i) for i, p in enumerate(rec.results) if p]
    if not placed:
        return (1 << 30, 1 << 30)
    best = min(p for p, _ in placed)
    return (best, min(i for p, i in placed if p == best))


def _last_result(rec: Record) -> tuple[int, ...]:
    return tuple(p if p else 1 << 30 for p in reversed(rec.results))


_CRITERIA: dict[str, Callable[[Record], tuple]] = {
    "countback": _countback,
    "first_best": _first_best,
    "last_result": _last_result,
}


def _pad(key: tuple, width: int) -> tuple:
    return key + (0,) * (width - len(key))


def rank(records: Sequence[Record], ranking: Ranking,
         results_of: Callable[[int], tuple[int | None, ...]] | None = None) -> list[int | None]:
    """Positions for ``records`` (same order as given); None for competitors on no points.

    Rows are ordered by total, then by each tie-break criterion in turn. Rows
    that are still equal share a position under ``dense`` (1, 2, 2, 3) and
    ``competition`` (1, 2, 2, 4); ``unique`` never shares, falling back on ``order``.
    Tie-breaks are worked out only among rows on equal totals; ``results_of(i)``, when
    given, gives record i's results then (records need not carry them).
    """
    style = ranking.style
    if style not in RANK_STYLES:
        raise ValueError(f"unknown rank style {style!r}")
    totals = [r.total for r in records]
    order = [(-r.total, r.order) for r in records]
    ranked = [i for i, total in enumerate(totals) if total > 0]
    ranked.sort(key=order.__getitem__)
    positions: list[int | None] = [None] * len(records)
    criteria = [_CRITERIA[name] for name in ranking.tiebreaks]
    countback = ranking.tiebreaks.index("countback") if "countback" in ranking.tiebreaks else -1
    dense = style == "dense"
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
            for i in group:
                rec = records[i] if results_of is None else records[i]._replace(
                    results=results_of(i))
                keys[i] = tuple(criterion(rec) for criterion in criteria)
            if countback >= 0:  # countback keys differ in length: pad so they compare fairly
                width = max(len(keys[i][countback]) for i in group)
                for i in group:
                    k = list(keys[i])
                    k[countback] = _pad(k[countback], width)
                    keys[i] = tuple(k)
            group.sort(key=lambda i: (keys[i], records[i].order))
        previous = None
        for i in group:
            n += 1
            if style == "unique" or previous is None or keys[i] != keys[previous]:
                pos = pos + 1 if dense else n
            positions[i] = pos
            previous = i
        start = end
    return positions
