"""``champ timing``: a race from the timing system's lap analysis file.

The read-only commands need no log at all: a results office's first look at a file
(classify, running-order, drivers, fastest). ``import`` appends a file's laps to a
round of the season's log.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import click

from ..errors import UsageError
from . import DateParam, Session, pass_session
from .render import Column, emit
from .writing import writing

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
UP_TO = click.option("--at", "--at-race-time", "at", type=RACE_TIME, metavar="H:MM[:SS]",
                     help="Up to this race time (default: the whole file).")
LAP_FILE = click.Path(dir_okay=False)


@click.group("timing")
def timing() -> None:
    """A race from the timing system's lap analysis file (Al Kamel's CSV): the
    classification, the running order at any race time, drive times, fastest laps;
    read straight from the file, or imported into a round of the log."""


COMMANDS.append(timing)


class Source(NamedTuple):
    """The race a reading command reads, and what its document says that race is."""

    race: object
    head: dict
    what: str
    time_limit: int | None


def file_reading(f):
    """What the reading commands share: the file (or a timed round of the log), the output
    format, the time limit, which classes and cars. The command gets ``src``, a Source."""

    @click.argument("lap_file", metavar="[FILE]", type=LAP_FILE, required=False)
    @click.option("--round", "round_", metavar="R",
                  help="A timed round of the log (--log) instead of a FILE.")
    @click.option("--at-seq", type=click.IntRange(min=0), metavar="N",
                  help="With --round: as the log stood at seq N.")
    @click.option("--known-on", type=DateParam(),
                  help="With --round: as known at the end of DATE (UTC).")
    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                  default="table", show_default=True, help="Output format.")
    @click.option("--time-limit", type=RACE_TIME, metavar="H:MM",
                  help="The race's duration, where the laps do not show the finish.")
    @click.option("--class", "class_", help="Only this class.")
    @click.option("--car", "cars", multiple=True, metavar="N",
                  help="Only this car (repeatable).")
    @pass_session
    @functools.wraps(f)
    def wrapper(session, lap_file, round_, at_seq, known_on, time_limit, **kwargs):
        race, head, what = _source(session, lap_file, round_, at_seq, known_on, time_limit)
        return f(Source(race, head, what, time_limit), **kwargs)

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


def _source(session: Session, lap_file, round_, at_seq, known_on, time_limit):
    """The race to read, and what the document says it is: a file, or a timed round."""
    if lap_file and round_:
        raise UsageError("give a FILE or --round, not both")
    if lap_file:
        return _race(lap_file, time_limit), {"file": lap_file}, lap_file
    if not round_:
        raise UsageError("give a lap analysis FILE, or --round R of the log (--log)")
    from ..projections.timed_race import race_of
    from .writing import round_key

    view = session.view(None, at_seq, known_on)
    state = view.state
    key = round_key(state, round_)
    if not state.timing.timed(key):
        raise UsageError(f"round {key!r} has no timed laps (champ timing import)")
    race = race_of(state.timing, state.entries, key, time_limit=time_limit)
    return race, {"season": state.season, "round": key, "as_of": view.as_of()}, (
        f"{state.season} {key}")


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
def classify_file(src, fmt, class_, cars) -> None:
    """The provisional classification a lap analysis file gives, by the ACO's rules:
    laps, then the time the line was crossed at the finish; a car must take the
    chequered flag and cover 70 % of its class winner's laps. Gaps are within the class.

    \b
    Example:
      champ timing classify ../shared/timing/wec/2025/qatar_1812km.csv --class LMGT3
    """
    from ..projections.provisional import classify, finish_time
    from .timing_rows import FINISHERS, clock, finisher_row, seconds

    race, head, what = src.race, src.head, src.what
    finish = finish_time(race)
    if finish is None:
        if src.time_limit is None:
            raise UsageError(f"{what} shows no finish (no lap under FF): give "
                             "--time-limit H:MM")
        raise UsageError(f"{what} ends at {clock(race.end())}, before the finish of a "
                         f"{clock(src.time_limit)} race")
    rows = _only([finisher_row(f) for f in classify(race, finish=finish)], class_, race, cars)
    doc = {**head, "finish": seconds(finish), "rows": rows}
    _emit(fmt, doc, FINISHERS, f"{what}: provisional classification "
          f"(flag at {clock(finish)})")


@timing.command("running-order")
@file_reading
@click.option("--at", "--at-race-time", "at", type=RACE_TIME, required=True,
              metavar="H:MM[:SS]",
              help="The race time (from the start).")
def running_order_file(src, fmt, class_, cars, at) -> None:
    """The running order at a race time: laps, gap and interval in the class, the
    driver in the car, last lap, pit stops, in the pits or running.

    \b
    Example:
      champ timing running-order ../shared/timing/wec/2025/spa_6h.csv --at 3:00 --class HYPERCAR
    """
    from ..projections.running_order import order
    from .timing_rows import PLACES, clock, place_row, seconds

    race, head, what = src.race, src.head, src.what
    rows = _only([place_row(p) for p in order(race, at)], class_, race, cars)
    doc = {**head, "at": seconds(at), "rows": rows}
    _emit(fmt, doc, PLACES, f"{what}: running order at {clock(at)}")


@timing.command("drivers")
@file_reading
@UP_TO
def drivers_file(src, fmt, class_, cars, at) -> None:
    """Drive time and stints per driver: the sum of the times of the laps the file shows
    him on; a stint ends in the pits or at a change of driver.

    \b
    Example:
      champ timing drivers ../shared/timing/wec/2025/cota_6h.csv --car 6 --car 50
    """
    from ..projections.drive_time import drive_times
    from .timing_rows import DRIVES, drive_row, seconds

    race, head, what = src.race, src.head, src.what
    rows = _only([drive_row(d) for d in drive_times(race, at)], class_, race, cars)
    doc = {**head, "at": seconds(at), "rows": rows}
    _emit(fmt, doc, DRIVES, f"{what}: drive times")


@timing.command("fastest")
@file_reading
@UP_TO
def fastest_file(src, fmt, class_, cars, at) -> None:
    """Each driver's fastest lap, ranked within the class (rank 1: the class's fastest).

    \b
    Example:
      champ timing fastest ../shared/timing/wec/2025/imola_6h.csv --class LMGT3
    """
    from ..projections.fastest_laps import fastest
    from .timing_rows import BESTS, best_row, seconds

    race, head, what = src.race, src.head, src.what
    rows = _only([best_row(b) for b in fastest(race, at)], class_, race, cars)
    doc = {**head, "at": seconds(at), "rows": rows}
    _emit(fmt, doc, BESTS, f"{what}: fastest laps")


@timing.command("import")
@click.option("--round", "round_", required=True, metavar="R", help="The round the laps are of.")
@click.argument("lap_file", metavar="FILE", type=LAP_FILE)
@writing
@pass_session
def import_laps(session: Session, round_, lap_file, actor, note) -> None:
    """Append a lap analysis file's laps to a round, as one batch, each lap checked by the
    season's rules. A later export of the same race appends only its new laps; an export
    that contradicts a lap recorded is refused, naming the first contradiction.

    \b
    Example:
      champ --log wec.log timing import --round qatar ../shared/timing/wec/2025/qatar_1812km.csv
    """
    from ..importers.timed_laps import record_laps
    from ..projections.season import SeasonState, fold
    from .progress import bar
    from .writing import round_key

    store = session.writer()
    season = session.season_of(store)
    state = fold(store.read(season)) if store.last_seq(season) else SeasonState()
    key = round_key(state, round_)
    race = _race(lap_file, None)
    with bar(sum(len(run.laps) for run in race.runs), "checking laps") as progress:
        done = record_laps(store, season, state, key, race, name=lap_file, actor=actor,
                           note=note, on_event=progress.update)
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)
    appended = done.appended
    cars = len({env.payload.car for env in appended})
    span = f" (seq {appended[0].seq} to {appended[-1].seq})" if appended else ""
    click.echo(f"{season} {key}: {len(appended)} new laps of {cars} cars appended{span}; "
               f"{done.known} laps already recorded")
