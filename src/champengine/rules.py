"""Rules as data: what a season's rules may say, and what makes a rule set unusable.

A season adopts ``ScoringRules`` by an event, per class, per table, from a round on,
so the rules in force are part of the log. Each field is one named choice;
``champengine.scoring`` holds the one function that applies each (its docstring is
the table of dimensions and the questions they answer). Line-up rules (regions,
drivers a car) are here too.
"""

from __future__ import annotations

import math

from .events import (
    Competitor,
    MakeKey,
    MakePosition,
    RankStyle,
    Rounding,
    ScoringRules,
    SharedCar,
    Tiebreak,
    ZeroPoints,
)

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



#: the most points any one figure of a rule set may be (a sanity bound, not a regulation)
MAX_POINTS = 10**6


def _finite(*numbers: float) -> bool:
    return all(math.isfinite(n) and 0 <= n <= MAX_POINTS for n in numbers)


def problem(rules: ScoringRules) -> str | None:
    """What makes a rule set unusable, or None: a choice the engine does not know (rank
    styles, tie-breaks, shared cars, make keys, roundings), points that are not finite or
    are negative, counts below one, a share outside 0..1."""
    rankings = [rules.drivers, rules.teams, rules.manufacturers]
    if rules.ranking is not None:
        rankings.append(rules.ranking)
    for ranking in rankings:
        if ranking.style not in set(RankStyle):
            return f"unknown rank style {ranking.style!r}"
        unknown = [t for t in ranking.tiebreaks if t not in set(Tiebreak)]
        if unknown:
            return f"unknown tie-break {unknown[0]!r}"
        if ranking.zero not in set(ZeroPoints):
            return f"unknown zero-points policy {ranking.zero!r}"
    choices = ((rules.shared_car, SharedCar, "shared-car choice"),
               (rules.make_key, MakeKey, "make key"),
               (rules.make_position, MakePosition, "make position"),
               (rules.fastest_lap_shared, ("split", "full"), "fastest-lap sharing"))
    for value, known, what in choices:
        if value not in set(known):
            return f"unknown {what} {value!r}"
    scales = [rules.points, *(s.points for s in rules.sessions),
              *(b.points for b in rules.distance)]
    beyond = [rules.points_beyond, *(s.points_beyond for s in rules.sessions)]
    if not _finite(*(n for scale in scales for n in scale), *beyond, rules.pole,
                   rules.fastest_lap):
        return "points must be finite, not negative and at most a million"
    shares = [rules.short_race_factor, *(b.below for b in rules.distance)]
    if not all(math.isfinite(x) and 0 <= x <= 1 for x in shares):
        return "a share of the distance or of the points must be between 0 and 1"
    if not _finite(*(b.factor for b in rules.distance), *(f.factor for f in rules.factors)):
        return "a factor must be finite and not negative"
    if any(f.rounding not in set(Rounding) for f in rules.factors):
        bad = next(f.rounding for f in rules.factors if f.rounding not in set(Rounding))
        return f"unknown rounding {bad!r}"
    for name in ("best_results", "manufacturer_best_cars", "fastest_lap_top"):
        if getattr(rules, name) is not None and getattr(rules, name) < 1:
            return f"{name} must be at least 1"
    if any(not isinstance(p, int) or p < 0 for p in rules.point_places):
        return "a point place is a place (a whole number, 0: the car's own)"
    if any(p.rounds < 0 or p.best < 1 for p in rules.periods):
        return "a period counts its best results (at least one) of a number of rounds"
    if any(b.below_laps < 0 for b in rules.distance):
        return "a distance band's laps are not negative"
    return None


#: what a table's competitor kind is called where a rule set names rankings by kind
RANKING_OF_KIND = {Competitor.CAR: "teams", Competitor.DRIVER: "drivers",
                   Competitor.MAKE: "manufacturers"}
