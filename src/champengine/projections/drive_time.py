"""Drive time and stints per driver of a timed race.

A driver's drive time is the sum of the times of the laps the timing shows him on
(the lap into the pits is the outgoing driver's, the lap out of them the incoming
one's). A stint is a run of laps by one driver that ends in the pit lane, at a
change of driver, or where the car's laps end.
"""

from __future__ import annotations

import attrs

from .timed_race import CarRun, TimedRace, car_order


@attrs.frozen
class Stint:
    driver: str | None
    first_lap: int
    last_lap: int
    laps: int
    time: int  # ms


@attrs.frozen
class DriveTime:
    """One driver's share of a car's race."""

    car: str
    class_: str | None
    team: str | None
    driver: str | None
    drive_time: int  # ms
    laps: int
    stints: tuple[Stint, ...]


def stints(run: CarRun, done: int | None = None) -> list[Stint]:
    """The car's stints over its first ``done`` laps (None: all of them)."""
    laps = run.laps if done is None else run.laps[:done]
    out: list[Stint] = []
    start = 0
    for i, lap in enumerate(laps):
        nxt = laps[i + 1] if i + 1 < len(laps) else None
        if lap.pit_in or nxt is None or nxt.driver != lap.driver:
            chunk = laps[start:i + 1]
            out.append(Stint(lap.driver, chunk[0].lap, lap.lap, len(chunk),
                             sum(x.time for x in chunk)))
            start = i + 1
    return out


def drive_times(race: TimedRace, at: int | None = None) -> tuple[DriveTime, ...]:
    """Each driver of each car, cars by class and number, drivers in the order they first
    drove, over the laps done by race time ``at`` (None: all)."""
    rows = []
    for run in sorted(race.runs, key=car_order):
        by_driver: dict[str | None, list[Stint]] = {}
        for stint in stints(run, run.done_by(at)):
            by_driver.setdefault(stint.driver, []).append(stint)
        for driver, own in by_driver.items():
            rows.append(DriveTime(run.car, run.class_, run.team, driver,
                                  sum(s.time for s in own), sum(s.laps for s in own),
                                  tuple(own)))
    return tuple(rows)
