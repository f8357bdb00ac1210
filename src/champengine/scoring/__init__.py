"""What a car, a driver and a make score in one session of one round, and how totals
become positions: one named function per rule dimension, each answering one question.

| dimension | function | the question it answers |
|---|---|---|
| scale | ``points.position_points``, ``points.point_place`` | what does a class position earn in this kind of session? past the end? for which place are its points? |
| distance | ``points.distance_factor`` | what share of the points does a race cut short give? |
| round factor | ``points.round_factor`` | is this round worth more or less, and how is it rounded? |
| pole | ``points.pole_points`` | what does pole earn, and does a disqualification take it away? |
| fastest lap | ``points.fastest_lap_awards`` | who gets the fastest lap's points, on what conditions, shared how? |
| shared cars | ``points.driver_share`` | what share of a car's points does each of its drivers get? |
| eligibility | ``points.counts_for`` | does this round, this session, count for this table? |
| makes | ``makes.make_key``, ``makes.best_cars``, ``makes.ranks_among_makes`` | which make does a car score for, how many of its cars count, by which position? |
| counting | ``counting.counted_total`` | which round scores count (best N, per period, never dropped)? |
| ranking | ``ranking.rank`` | how do totals become positions (style, tie-breaks, zero points)? |

Points are exact: whole numbers stay ``int``, anything else is a ``Fraction``
(``4/3 + 4/3 + 4/3 == 4``); ``points.shown`` rounds to 2 places at the edge only.
"""

from .counting import counted_total
from .makes import best_cars, make_key, ranks_among_makes
from .points import (
    counts_for,
    distance_factor,
    driver_share,
    exact,
    fastest_lap_awards,
    point_place,
    pole_points,
    position_points,
    round_factor,
    shown,
)
from .ranking import Record, rank

__all__ = [
    "Record", "best_cars", "counted_total", "counts_for", "distance_factor", "driver_share",
    "exact", "fastest_lap_awards", "make_key", "point_place", "pole_points", "position_points",
    "rank", "ranks_among_makes", "round_factor", "shown",
]
