"""What one result earns: the scale, partial distance, a round's factor, the pole, the
fastest lap, and each driver's share of a car's points."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from numbers import Rational

from ..events import RACE, Rounding, ScoringRules, SharedCar

Points = int | Fraction


def exact(value: float | Fraction) -> Points:
    """A number of points, exactly: an ``int`` when whole, else a ``Fraction`` (a float is
    read as the decimal it was written as: 0.1 is 1/10)."""
    if isinstance(value, int):
        return value
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else value
    if float(value).is_integer():
        return int(value)
    return Fraction(repr(float(value)))


def shown(value: Points | float) -> int | float:
    """Points as people read them: 87, not 87.0; anything else rounded to 2 places."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, Rational) and value.denominator == 1:
        return int(value.numerator)
    number = float(value)
    if not math.isfinite(number):
        return number
    rounded = round(number, 2)
    return int(rounded) if rounded.is_integer() else rounded


def _scale(rules: ScoringRules, session: str) -> tuple[Sequence[float], float] | None:
    if session == RACE:
        return rules.points, rules.points_beyond
    for scale in rules.sessions:
        if scale.session == session:
            return scale.points, scale.points_beyond
    return None


def position_points(rules: ScoringRules, position: int, session: str = RACE) -> Points:
    """Scale: what does a classified car's class position earn in a session of this kind,
    and past the end of the scale? (A session kind without a scale earns nothing.)"""
    scale = _scale(rules, session)
    if scale is None:
        return 0
    points, beyond = scale
    return exact(points[position - 1] if position <= len(points) else beyond)


def point_place(rules: ScoringRules, position: int | None,
                session: str = RACE) -> int | None:
    """Scale: for which place are a class position's points (what countback counts)? Its
    own, unless the race's points passed over cars that could not score (``point_places``)."""
    places = rules.point_places
    if not position or session != RACE or position > len(places) or not places[position - 1]:
        return position
    return places[position - 1]


def distance_factor(rules: ScoringRules, laps: int | None, scheduled: int | None,
                    stopped_short: bool = False) -> tuple[Points, tuple[float, ...]]:
    """Distance: what share of its scale does a race cut short give? (the first band that
    the distance run falls under; a band may give a scale of its own instead). Returns
    (factor, the band's own scale or ())."""
    if laps is not None:
        share = Fraction(laps, scheduled) if scheduled else None
        for band in rules.distance:
            if laps < band.below_laps or (share is not None and share < exact(band.below)):
                return exact(band.factor), band.points
    if stopped_short:
        return exact(rules.short_race_factor), ()
    return 1, ()


def round_factor(rules: ScoringRules, round_key: str, session: str,
                 value: Points) -> Points:
    """Round factor: is this round (or this session of it) worth more or less than the
    others (double points, x1.5), and how is the product rounded?"""
    for factor in rules.factors:
        if factor.round == round_key and factor.session in (None, session):
            product = value * exact(factor.factor)
            rounding = factor.rounding
            if rounding == Rounding.DOWN:
                return math.floor(product)
            if rounding == Rounding.UP:
                return math.ceil(product)
            if rounding == Rounding.NEAREST:
                return math.floor(product + Fraction(1, 2))
            return exact(product)
    return value


def pole_points(rules: ScoringRules, disqualified: bool) -> Points | None:
    """Pole: what does pole position earn, whatever the race result, and does a
    disqualification from the race take it away? (None: taken away, no pole to score.)"""
    if disqualified and rules.pole_lost_on_dsq:
        return None
    return exact(rules.pole)


def fastest_lap_awards(rules: ScoringRules, holders: Sequence[tuple[str, str | None]],
                       position_of: dict[str, int | None]) -> list[tuple[str, str | None, Points]]:
    """Fastest lap: who gets its points (a classified car, one in the top N, when the rules
    say so), and how is a lap set by several drivers shared (split equally, or each in
    full)? Returns (car, driver, points) for each holder that scores."""
    if not rules.fastest_lap or not holders:
        return []
    each = exact(rules.fastest_lap)
    if rules.fastest_lap_shared == "split" and len(holders) > 1:
        each = exact(Fraction(each) / len(holders))
    out = []
    for car, driver in holders:
        position = position_of.get(car)
        if rules.fastest_lap_classified and position is None:
            continue
        if rules.fastest_lap_top is not None and (position is None
                                                  or position > rules.fastest_lap_top):
            continue
        out.append((car, driver, each))
    return out


def driver_share(rules: ScoringRules, crew_size: int) -> Points:
    """Shared cars: what share of a car's points does each of the drivers who shared it
    get: all of them, an equal share, or none when the car was shared?"""
    if crew_size <= 1 or rules.shared_car == SharedCar.FULL:
        return 1
    if rules.shared_car == SharedCar.SPLIT:
        return Fraction(1, crew_size)
    return 0


def counts_for(rules: ScoringRules, round_key: str, session: str = RACE) -> bool:
    """Eligibility: does this round, and this session of it, count for the table the rules
    were adopted for?"""
    return round_key not in rules.excluded_rounds and session not in rules.excluded_sessions
