"""``champ timing``: a race from the timing system's lap analysis file.

The read-only commands need no log at all: a results office's first look at a file
(classify, running-order, drivers, fastest). ``import`` appends a file's laps to a
round of the season's log.
"""

from __future__ import annotations

import functools
import re

import click

from ..errors import UsageError
from .render import Column, emit

COMMANDS: list[click.Command] = []

_RACE_TIME = re.compile(r"([0-9]{1,3}):([0-5][0-9])(?::([0-5][0-9])(?:\.([0-9]{1,3}))?)?")


class RaceTime(click.ParamType):
    """A race time ``H:MM[:SS[.mmm]]`` from the start, in milliseconds."""

    name = "H:MM[:SS]"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        m = _RACE_TIME.fullmatch(value.strip())
        if m is None:
            self.fail(f"{value!r} is not a race time (H:MM or H:MM:SS)", param, ctx)
        hours, minutes, secs, frac = m.groups()
        return ((int(hours) * 60 + int(minutes)) * 60 + int(secs or 0)) * 1000 + int(
            (frac or "").ljust(3, "0") or 0)


RACE_TIME = RaceTime()
UP_TO = click.option("--at", "at", type=RACE_TIME, metavar="H:MM[:SS]",
                     help="Up to this race time (default: the whole file).")
LAP_FILE = click.Path(dir_okay=False)


@click.group("timing")
def timing() -> None:
    """A race from the timing system's lap analysis file (Al Kamel's CSV): the
    classification, the running order at any race time, drive times, fastest laps;
    read straight from the file, or imported into a round of the log."""


COMMANDS.append(timing)


def file_reading(f):
    """What the read-only commands share: the file, the output format, the time limit."""

    @click.argument("lap_file", metavar="FILE", type=LAP_FILE)
    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                  default="table", show_default=True, help="Output format.")
    @click.option("--time-limit", type=RACE_TIME, metavar="H:MM",
                  help="The race's duration, where the file does not show the finish.")
    @click.option("--class", "class_", help="Only this class.")
    @click.option("--car", "cars", multiple=True, metavar="N",
                  help="Only this car (repeatable).")
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


def _race(path: str, time_limit: int | None):
    import os

    from ..importers.lap_analysis import open_race
    from .progress import bar

    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with bar(size // 50, "reading") as progress:
        return open_race(path, time_limit=time_limit,
                         progress=lambda n: progress.update(n // 50))


def _only(rows: list[dict], class_: str | None, race, cars: tuple[str, ...] = ()) -> list[dict]:
    if cars:
        known = {run.car for run in race.runs}
        missing = [c for c in cars if c not in known]
        if missing:
            raise UsageError(f"the file has no car #{missing[0]}")
        rows = [r for r in rows if r["car"] in cars]
    if class_ is None:
        return rows
    from ..events import class_named

    known = {run.class_ for run in race.runs if run.class_}
    key = class_named(class_, known) or next((c for c in known if c.casefold() ==
                                              class_.casefold()), None)
    if key is None:
        raise UsageError(f"the file has no class {class_!r} (classes: "
                         f"{', '.join(sorted(known)) or 'none'})")
    return [r for r in rows if r["class"] == key]


def _emit(fmt: str, doc: dict, columns: list[Column], title: str) -> None:
    if fmt == "csv":
        columns = [Column(c.key, c.key, lambda r, k=c.key: " / ".join(r[k])
                          if isinstance(r[k], list) else r[k]) for c in columns]
    emit(fmt, doc, columns, title=title)


@timing.command("classify")
@file_reading
def classify_file(lap_file, fmt, time_limit, class_, cars) -> None:
    """The provisional classification a lap analysis file gives, by the ACO's rules:
    laps, then the time the line was crossed at the finish; a car must take the
    chequered flag and cover 70 % of its class winner's laps. Gaps are within the class.

    \b
    Example:
      champ timing classify ../shared/timing/wec/2025/qatar_1812km.csv --class LMGT3
    """
    from ..projections.provisional import classify, finish_time
    from .timing_rows import FINISHERS, clock, finisher_row, seconds

    race = _race(lap_file, time_limit)
    finish = finish_time(race)
    if finish is None:
        if time_limit is None:
            raise UsageError(f"{lap_file} shows no finish (no lap under FF): give "
                             "--time-limit H:MM")
        raise UsageError(f"{lap_file} ends at {clock(race.end())}, before the finish of a "
                         f"{clock(time_limit)} race")
    rows = _only([finisher_row(f) for f in classify(race, finish=finish)], class_, race, cars)
    doc = {"file": lap_file, "finish": seconds(finish), "rows": rows}
    _emit(fmt, doc, FINISHERS, f"{lap_file}: provisional classification "
          f"(flag at {clock(finish)})")


@timing.command("running-order")
@file_reading
@click.option("--at", "at", type=RACE_TIME, required=True, metavar="H:MM[:SS]",
              help="The race time (from the start).")
def running_order_file(lap_file, fmt, time_limit, class_, cars, at) -> None:
    """The running order at a race time: laps, gap and interval in the class, the
    driver in the car, last lap, pit stops, in the pits or running.

    \b
    Example:
      champ timing running-order ../shared/timing/wec/2025/spa_6h.csv --at 3:00 --class HYPERCAR
    """
    from ..projections.running_order import order
    from .timing_rows import PLACES, clock, place_row, seconds

    race = _race(lap_file, time_limit)
    rows = _only([place_row(p) for p in order(race, at)], class_, race, cars)
    doc = {"file": lap_file, "at": seconds(at), "rows": rows}
    _emit(fmt, doc, PLACES, f"{lap_file}: running order at {clock(at)}")


@timing.command("drivers")
@file_reading
@UP_TO
def drivers_file(lap_file, fmt, time_limit, class_, cars, at) -> None:
    """Drive time and stints per driver: the sum of the times of the laps the file shows
    him on; a stint ends in the pits or at a change of driver.

    \b
    Example:
      champ timing drivers ../shared/timing/wec/2025/cota_6h.csv --car 6 --car 50
    """
    from ..projections.drive_time import drive_times
    from .timing_rows import DRIVES, drive_row, seconds

    race = _race(lap_file, time_limit)
    rows = _only([drive_row(d) for d in drive_times(race, at)], class_, race, cars)
    doc = {"file": lap_file, "at": seconds(at), "rows": rows}
    _emit(fmt, doc, DRIVES, f"{lap_file}: drive times")


@timing.command("fastest")
@file_reading
@UP_TO
def fastest_file(lap_file, fmt, time_limit, class_, cars, at) -> None:
    """Each driver's fastest lap, ranked within the class (rank 1: the class's fastest).

    \b
    Example:
      champ timing fastest ../shared/timing/wec/2025/imola_6h.csv --class LMGT3
    """
    from ..projections.fastest_laps import fastest
    from .timing_rows import BESTS, best_row, seconds

    race = _race(lap_file, time_limit)
    rows = _only([best_row(b) for b in fastest(race, at)], class_, race, cars)
    doc = {"file": lap_file, "at": seconds(at), "rows": rows}
    _emit(fmt, doc, BESTS, f"{lap_file}: fastest laps")
