"""``champ timing``: a race from the timing system's lap analysis file.

The read-only commands need no log at all: a results office's first look at a file
(classify, running-order, drivers, fastest). ``import`` appends a file's laps to a
round of the season's log.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import click

from ..errors import UsageError
from . import DateParam, Session, pass_session
from .render import Column, emit
from .timing_rows import LAP_FILE, RACE_TIME, read_race_file

COMMANDS: list[click.Command] = []

UP_TO = click.option("--at", "--at-race-time", "at", type=RACE_TIME, metavar="H:MM[:SS]",
                     help="Up to this race time (default: the whole file).")


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
    state: object = None  # the season, for a round of the log
    session: object = None

    def race_class(self, car: str) -> str | None:
        return next((run.class_ for run in self.race.runs if run.car == car), None)


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
        race, head, what, state = _source(session, lap_file, round_, at_seq, known_on,
                                          time_limit)
        return f(Source(race, head, what, time_limit, state, session), **kwargs)

    return wrapper


def _source(session: Session, lap_file, round_, at_seq, known_on, time_limit):
    """The race to read, and what the document says it is: a file, or a timed round."""
    if lap_file and round_:
        raise UsageError("give a FILE or --round, not both")
    if lap_file:
        return read_race_file(lap_file, time_limit), {"file": lap_file}, lap_file, None
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
        f"{state.season} {key}"), state


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
@click.option("--record", is_flag=True,
              help="With --round: record each minimum drive-time breach as DriveTimeInfringed.")
@click.option("--actor", default=lambda: __import__("getpass").getuser(),
              show_default="your user name", help="Who records it (with --record).")
@click.option("--note", help="Why it is recorded (with --record).")
def drivers_file(src, fmt, class_, cars, at, record, actor, note) -> None:
    """Drive time and stints per driver: the sum of the times of the laps the timing shows
    him on; a stint ends in the pits or at a change of driver. On a round of the log, each
    driver is checked by the season's drive-time rules: a breach is a warning with the
    figures, and ``--record`` records the minimum breaches as DriveTimeInfringed.

    \b
    Example:
      champ timing drivers ../shared/timing/wec/2025/cota_6h.csv --car 6 --car 50
    """
    from ..projections.drive_time import drive_times
    from .timing_rows import DRIVES, clock, drive_row, seconds

    drives = drive_times(src.race, at)
    found = _breaches(src, drives) if src.state is not None else []
    by_driver = {(b.car, b.driver): b for b in found}
    rows = []
    for d in drives:
        row = drive_row(d)
        b = by_driver.get((d.car, d.driver))
        row["breach"] = b.text(clock) if b else None
        rows.append(row)
    rows += [{"car": b.car, "class": src.race_class(b.car), "team": None, "driver": b.driver,
              "drive_time": 0, "laps": 0, "stints": 0, "breach": b.text(clock)}
             for b in found if b.drive_time == 0 and (b.car, b.driver) not in
             {(d.car, d.driver) for d in drives}]
    rows = _only(rows, class_, src.race, cars)
    shown = {(r["car"], r["driver"]) for r in rows}
    for b in found:
        if (b.car, b.driver) in shown:
            click.echo(f"warning: {src.what}: {b.text(clock)}", err=True)
    doc = {**src.head, "at": seconds(at), "rows": rows}
    columns = [*DRIVES, Column("BREACH", "breach", lambda r: r["breach"])] if found else DRIVES
    _emit(fmt, doc, columns, f"{src.what}: drive times")
    if record:
        _record_breaches(src, [b for b in found if (b.car, b.driver) in shown], actor, note)


def _breaches(src, drives):
    from ..projections.drive_rules import breaches, limits
    from ..projections.entry_list import find_driver

    state, key = src.state, src.head["round"]

    def driver_of(name):
        driver = find_driver(state.entries, name) if name else None
        return (driver.key, driver.grading) if driver else (None, None)

    crews = {}
    for run in src.race.runs:
        crew = state.entries.crew(key, run.car)
        crews[run.car] = tuple((k, state.entries.drivers[k].name,
                                state.entries.drivers[k].grading) for k in crew)
    return breaches(drives, lambda c: limits(state.timing.drive_rules, c, key), driver_of,
                    crews)


def _record_breaches(src, found, actor, note) -> None:
    from ..events import DriveTimeInfringed
    from .writing import append_decided

    if src.state is None:
        raise UsageError("--record needs a round of the log (--round R)")
    lows = [b for b in found if b.kind == "minimum"]
    unknown = [b for b in lows if b.key is None]
    if unknown:
        raise UsageError(f"{unknown[0].driver} (car #{unknown[0].car}) is not a registered "
                         "driver: register and nominate him to record his infringement")
    append_decided(src.session, lambda s: [DriveTimeInfringed(src.head["round"], b.car, b.key)
                                           for b in lows], actor, note)


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


def _writing_commands() -> None:
    from .timing_writing import COMMANDS as WRITING

    for command in WRITING:
        timing.add_command(command)


_writing_commands()
