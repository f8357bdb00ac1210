"""The running order of a timed race at any race time, overall and per class.

Cars are ordered by laps completed, then by the time they crossed the line at the
end of their last lap (the earlier first); a car with no lap yet comes last, by
number. Gaps and intervals are taken within the class: in time where the cars
have covered the same laps, in laps where they have not.
"""

from __future__ import annotations

import attrs

from .timed_race import CarRun, TimedRace

NEVER = 1 << 62  # a crossing time after every real one


@attrs.frozen
class Gap:
    """How far behind: ``laps`` laps, or (on the same lap) ``millis``."""

    laps: int = 0
    millis: int = 0


@attrs.frozen
class Place:
    """A car's place at a race time: overall, in its class, and what the timing shows."""

    overall: int
    class_: str | None
    position: int
    car: str
    team: str | None
    driver: str | None  # the driver in the car (on its last lap)
    laps: int
    time: int | None  # race time at the line, end of its last lap (ms)
    gap: Gap | None  # to the class leader (None: the leader)
    interval: Gap | None  # to the car ahead in the class
    last_lap: int | None  # its last lap's time (ms)
    pit_stops: int
    in_pit: bool  # its last lap ended in the pit lane
    run: CarRun = attrs.field(eq=False, repr=False)

    @property
    def drivers(self) -> tuple[str, ...]:
        return self.run.drivers()


def behind(ahead: tuple[int, int], car: tuple[int, int]) -> Gap:
    """The gap from (laps, crossing) ``ahead`` to ``car``."""
    if car[0] < ahead[0]:
        return Gap(laps=ahead[0] - car[0])
    return Gap(millis=car[1] - ahead[1])


def _key(run: CarRun, done: int) -> tuple[int, int, str]:
    if not done:
        return (0, NEVER, run.car)
    last = run.laps[done - 1]
    return (-last.lap, last.elapsed, run.car)


def laps_of(run: CarRun, done: int) -> int:
    """The laps a car has covered when ``done`` of its laps are in: its last lap's number."""
    return run.laps[done - 1].lap if done else 0


def order(race: TimedRace, at: int | None = None, counted: dict[str, int] | None = None,
          last: frozenset[str] = frozenset()) -> tuple[Place, ...]:
    """Every car's place at race time ``at`` (None: at the end of what the race holds).

    ``counted``: car -> how many of its laps count (the provisional classification's
    laps up to the flag), instead of the laps done by ``at``; the cars in ``last`` are
    placed after all others (the unclassified), in the same order among themselves.
    """
    done = {run.car: (counted[run.car] if counted is not None else run.done_by(at))
            for run in race.runs}
    ranked = sorted(race.runs, key=lambda run: (run.car in last, _key(run, done[run.car])))
    places = []
    leaders: dict[str | None, tuple[int, int]] = {}
    ahead: dict[str | None, tuple[int, int]] = {}
    in_class: dict[str | None, int] = {}
    for overall, run in enumerate(ranked, start=1):
        n = done[run.car]
        last = run.laps[n - 1] if n else None
        mark = (last.lap, last.elapsed) if last else (0, NEVER)
        cls = run.class_
        in_class[cls] = position = in_class.get(cls, 0) + 1
        leader = leaders.setdefault(cls, mark)
        gap = None if position == 1 or not last else behind(leader, mark)
        interval = None if position == 1 or not last else behind(ahead[cls], mark)
        ahead[cls] = mark
        places.append(Place(
            overall=overall, class_=cls, position=position, car=run.car, team=run.team,
            driver=last.driver if last else None, laps=mark[0],
            time=last.elapsed if last else None, gap=gap, interval=interval,
            last_lap=last.time if last else None,
            pit_stops=sum(1 for lap in run.laps[:n] if lap.pit_in),
            in_pit=bool(last and last.pit_in), run=run))
    return tuple(places)
