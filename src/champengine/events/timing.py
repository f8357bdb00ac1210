"""The event types of race timing: a lap as the timing system gives it, and the
drive-time rules the laps are checked by."""

from __future__ import annotations

import attrs


@attrs.frozen
class TimedLap:
    """One lap of a car as the timing system gives it (Al Kamel's lap analysis). Times are
    whole milliseconds: ``time`` the lap's, ``elapsed`` the race time as the car crossed
    the line; ``driver`` the name the file shows in the car; ``pit_in``: the lap ended in
    the pit lane; ``pit_time``: the stop before this lap; ``flag`` as the lap ended
    (``GF``, ``FCY``, ``SF``, ``RF``, ``FF``); ``hour``: the time of day at the line."""

    lap: int
    time: int
    elapsed: int
    driver: str | None = None
    driver_number: int | None = None
    pit_in: bool = False
    pit_time: int | None = None
    flag: str | None = None
    hour: str | None = None
    s1: int | None = None
    s2: int | None = None
    s3: int | None = None


@attrs.frozen
class LapTimed:
    """A lap of a car in a timed session, as the timing system exported it. A car's laps
    are recorded in order; a later export of the same race adds only the laps after."""

    round: str
    car: str
    lap: TimedLap
    session: str = "race"


@attrs.frozen
class GradedMinimum:
    """A minimum drive time (ms) for the drivers of the gradings named."""

    gradings: tuple[str, ...]
    minimum: int


@attrs.frozen
class DriveTimeRulesAdopted:
    """Drive-time rules of classes at the rounds named (none named: every round): a
    minimum per driver (ms), another for the gradings ``graded`` names, a maximum per
    driver. A breach is a warning with the figures; the stewards decide what follows."""

    classes: tuple[str, ...]
    minimum: int | None = None
    maximum: int | None = None
    graded: tuple[GradedMinimum, ...] = ()
    rounds: tuple[str, ...] = ()
