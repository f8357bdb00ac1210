"""A timed race: each car's laps as the timing system gave them, and the race at a time.

The views over a race (running order, provisional classification, drive times,
fastest laps) read a ``TimedRace``, whether it comes straight from a file or from the
laps a season's log holds (``Timing``, the fold of ``LapTimed``). Race time is in
whole milliseconds from the start; a car has covered the laps whose line it has
crossed by then.
"""

from __future__ import annotations

import bisect

import attrs

from ..events import CLASS_KEYS, TimedLap


@attrs.frozen
class CarRun:
    """One car in a timed race: who it is, and its laps in order."""

    car: str
    class_: str | None
    team: str | None
    manufacturer: str | None
    laps: tuple[TimedLap, ...]
    ends: tuple[int, ...] = attrs.field(eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.ends is None:
            object.__setattr__(self, "ends", tuple(lap.elapsed for lap in self.laps))

    def done_by(self, at: int | None) -> int:
        """How many of its laps the car had completed at race time ``at`` (None: all)."""
        return len(self.laps) if at is None else bisect.bisect_right(self.ends, at)

    def drivers(self) -> tuple[str, ...]:
        """The drivers the file shows in the car, in the order they first drove."""
        return tuple(dict.fromkeys(lap.driver for lap in self.laps if lap.driver))


@attrs.frozen
class TimedRace:
    """Every car's run; ``time_limit``: the race's duration (ms), where known."""

    runs: tuple[CarRun, ...]
    time_limit: int | None = None

    def end(self) -> int:
        """The last crossing of the line the race holds."""
        return max((run.ends[-1] for run in self.runs if run.laps), default=0)

    def finish_shown(self) -> bool:
        """Whether some lap ended under the chequered flag."""
        return any(lap.flag == "FF" for run in self.runs for lap in run.laps[-3:])


def class_order(class_: str | None) -> tuple[int, str]:
    """Classes in the catalog's order (HYPERCAR, LMP2, LMGT3 ...), others after by name."""
    return (CLASS_KEYS.index(class_), "") if class_ in CLASS_KEYS else (
        len(CLASS_KEYS), class_ or "")


def car_order(run: CarRun) -> tuple:
    """Cars by class, then by number as people count (7 before 12; 007 beside 7)."""
    number = run.car.lstrip("0") or "0"
    return (class_order(run.class_), not number.isdecimal(),
            int(number) if number.isdecimal() else 0, run.car)


@attrs.define
class Timing:
    """The laps a season's log holds: (round, session) -> car -> its laps in order."""

    races: dict[tuple[str, str], dict[str, list[TimedLap]]] = attrs.Factory(dict)
    drive_rules: list = attrs.Factory(list)  # the DriveTimeRulesAdopted, in order

    def copy(self) -> Timing:
        return Timing({key: {car: list(laps) for car, laps in cars.items()}
                       for key, cars in self.races.items()}, list(self.drive_rules))

    def laps(self, round_key: str, car: str, session: str = "race") -> list[TimedLap]:
        return self.races.get((round_key, session), {}).get(car, [])

    def timed(self, round_key: str, session: str = "race") -> bool:
        return (round_key, session) in self.races


def evolve(timing: Timing, ev) -> None:
    """Fold a ``LapTimed``: the lap follows the car's laps already held."""
    race = timing.races.get((ev.round, ev.session))
    if race is None:
        race = timing.races[(ev.round, ev.session)] = {}
    laps = race.get(ev.car)
    if laps is None:
        race[ev.car] = [ev.lap]
    else:
        laps.append(ev.lap)


def unfit(timing: Timing, entries, ev) -> str | None:
    """Why a ``LapTimed`` cannot follow the laps held (None: it can): its car is entered,
    its lap comes after the car's last, ends later, and takes some time."""
    if ev.car not in entries.entries:
        return f"car #{ev.car} was never entered"
    lap = ev.lap
    if lap.lap < 1 or lap.time < 0 or lap.elapsed < 0:
        return f"car #{ev.car}: lap {lap.lap} of {lap.time} ms ending at {lap.elapsed} ms"
    held = timing.laps(ev.round, ev.car, ev.session)
    if held and lap.lap <= held[-1].lap:
        return f"car #{ev.car}: lap {lap.lap} is already timed (laps up to {held[-1].lap})"
    if held and lap.elapsed <= held[-1].elapsed:
        return (f"car #{ev.car}: lap {lap.lap} ends at {lap.elapsed} ms, not after lap "
                f"{held[-1].lap} ({held[-1].elapsed} ms)")
    return None


def race_of(timing: Timing, entries, round_key: str, session: str = "race",
            time_limit: int | None = None) -> TimedRace:
    """A round's timed race from the log: cars described by the season's entry list."""
    runs = []
    for car, laps in timing.races.get((round_key, session), {}).items():
        entry = entries.entries.get(car)
        runs.append(CarRun(car, entry.class_ if entry else None, entry.team if entry else None,
                           _make(entry), tuple(laps)))
    return TimedRace(tuple(runs), time_limit)


def _make(entry) -> str | None:
    specs = getattr(entry, "specs", None)
    return specs[-1].make if specs else None
