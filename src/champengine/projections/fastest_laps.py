"""Fastest laps of a timed race: each driver's best lap, ranked within the class.

The first row of a class is the class's fastest lap. Equal times go to the lap set
first (the earlier crossing of the line).
"""

from __future__ import annotations

import attrs

from .timed_race import TimedRace, class_order


@attrs.frozen
class BestLap:
    class_: str | None
    rank: int  # within the class
    car: str
    team: str | None
    driver: str | None
    lap: int
    time: int  # ms
    elapsed: int  # race time when it was set (ms)


def fastest(race: TimedRace, at: int | None = None) -> tuple[BestLap, ...]:
    """Each driver's best lap over the laps done by race time ``at`` (None: all), by
    class (the catalog's order), then by time."""
    best: dict[tuple[str, str | None], tuple] = {}
    classes: dict[str | None, None] = {}
    for run in race.runs:
        classes.setdefault(run.class_)
        for lap in run.laps[:run.done_by(at)]:
            key = (run.car, lap.driver)
            held = best.get(key)
            if held is None or (lap.time, lap.elapsed) < (held[1].time, held[1].elapsed):
                best[key] = (run, lap)
    rows = []
    for cls in sorted(classes, key=class_order):
        mine = sorted((v for v in best.values() if v[0].class_ == cls),
                      key=lambda v: (v[1].time, v[1].elapsed, v[0].car))
        rows += [BestLap(cls, rank, run.car, run.team, lap.driver, lap.lap, lap.time,
                         lap.elapsed) for rank, (run, lap) in enumerate(mine, start=1)]
    return tuple(rows)
