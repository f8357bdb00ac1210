"""The timing views as rows: one shape for JSON, CSV and the table (seconds in JSON);
race times as the user types them; reading a lap file with a progress bar."""

from __future__ import annotations

import re

import click

from ..errors import UsageError
from ..projections.drive_time import DriveTime
from ..projections.fastest_laps import BestLap
from ..projections.provisional import Finisher
from ..projections.running_order import Gap, Place
from .render import Column

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
LAP_FILE = click.Path(dir_okay=False)


def read_race_file(path: str, time_limit: int | None):
    """A lap analysis file as a race, a bar moving on a terminal; one line if unreadable."""
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


def seconds(ms: int | None) -> float | int | None:
    """Milliseconds as JSON seconds: 113136 -> 113.136."""
    if ms is None:
        return None
    return ms // 1000 if ms % 1000 == 0 else ms / 1000


def gap(value: Gap | None):
    """Seconds on the same lap, or ``"2 laps"`` where behind by laps."""
    if value is None:
        return None
    if value.laps:
        return f"{value.laps} lap" + ("s" if value.laps > 1 else "")
    return seconds(value.millis)


def clock(ms: int | None, *, short: bool = False) -> str:
    """Race time or a lap time as the timing sheets print it: 9:59:02.123, 1:53.136;
    ``short``: under a minute as seconds (a gap: 0.493)."""
    if ms is None:
        return ""
    whole, frac = divmod(ms, 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{frac:03d}"
    if short and not minutes:
        return f"{secs}.{frac:03d}"
    return f"{minutes}:{secs:02d}.{frac:03d}"


def _place(p: Place) -> dict:
    return {"overall": p.overall, "class": p.class_, "position": p.position, "car": p.car,
            "team": p.team}


def finisher_row(f: Finisher) -> dict:
    p = f.place
    return {**_place(p), "drivers": list(p.drivers), "laps": p.laps, "time": seconds(p.time),
            "gap": gap(p.gap), "interval": gap(p.interval), "status": f.status}


def place_row(p: Place) -> dict:
    return {**_place(p), "driver": p.driver, "laps": p.laps, "time": seconds(p.time),
            "gap": gap(p.gap), "interval": gap(p.interval),
            "status": "pit" if p.in_pit else "running" if p.laps else "not started",
            "last_lap": seconds(p.last_lap), "pit_stops": p.pit_stops}


def drive_row(d: DriveTime) -> dict:
    return {"car": d.car, "class": d.class_, "team": d.team, "driver": d.driver,
            "drive_time": seconds(d.drive_time), "laps": d.laps, "stints": len(d.stints)}


def best_row(b: BestLap) -> dict:
    return {"class": b.class_, "rank": b.rank, "car": b.car, "team": b.team,
            "driver": b.driver, "lap": b.lap, "time": seconds(b.time),
            "at": seconds(b.elapsed)}


def _t(key: str):
    return lambda r: clock(None if r[key] is None else round(r[key] * 1000))


def _gap(key: str):
    return lambda r: r[key] if isinstance(r[key], str) else (
        "" if r[key] is None else f"+{clock(round(r[key] * 1000), short=True)}")


_HEAD = [Column("POS", "overall", lambda r: r["overall"], ">"),
         Column("CLASS", "class", lambda r: r["class"]),
         Column("PIC", "position", lambda r: r["position"], ">"),
         Column("CAR", "car", lambda r: r["car"], ">"),
         Column("TEAM", "team", lambda r: r["team"])]
_TAIL = [Column("LAPS", "laps", lambda r: r["laps"], ">"),
         Column("TIME", "time", _t("time"), ">"),
         Column("GAP", "gap", _gap("gap"), ">"),
         Column("INT", "interval", _gap("interval"), ">")]

FINISHERS = [*_HEAD, Column("DRIVERS", "drivers", lambda r: " / ".join(r["drivers"])),
             *_TAIL, Column("STATUS", "status", lambda r: r["status"])]
PLACES = [*_HEAD, Column("DRIVER", "driver", lambda r: r["driver"]), *_TAIL,
          Column("LAST LAP", "last_lap", _t("last_lap"), ">"),
          Column("PITS", "pit_stops", lambda r: r["pit_stops"], ">"),
          Column("STATUS", "status", lambda r: r["status"])]
DRIVES = [Column("CAR", "car", lambda r: r["car"], ">"),
          Column("CLASS", "class", lambda r: r["class"]),
          Column("TEAM", "team", lambda r: r["team"]),
          Column("DRIVER", "driver", lambda r: r["driver"]),
          Column("DRIVE TIME", "drive_time", _t("drive_time"), ">"),
          Column("LAPS", "laps", lambda r: r["laps"], ">"),
          Column("STINTS", "stints", lambda r: r["stints"], ">")]
BESTS = [Column("CLASS", "class", lambda r: r["class"]),
         Column("RANK", "rank", lambda r: r["rank"], ">"),
         Column("CAR", "car", lambda r: r["car"], ">"),
         Column("TEAM", "team", lambda r: r["team"]),
         Column("DRIVER", "driver", lambda r: r["driver"]),
         Column("LAP", "lap", lambda r: r["lap"], ">"),
         Column("TIME", "time", _t("time"), ">"),
         Column("AT", "at", _t("at"), ">")]


def timed_rows(state, round_key: str, time_limit: int | None, class_: str | None):
    """A timed round's provisional classification as the catalog's rows, by class."""
    from ..projections.provisional import classify, finish_time, result_rows
    from ..projections.timed_race import race_of

    if not state.timing.timed(round_key):
        raise UsageError(f"round {round_key!r} has no timed laps (champ timing import)")
    race = race_of(state.timing, state.entries, round_key, time_limit=time_limit)
    finish = finish_time(race)
    if finish is None:
        raise UsageError(f"the laps of {round_key!r} show no finish: give --time-limit H:MM")
    by_class = result_rows(classify(race, finish=finish))
    if class_ is not None:
        if class_ not in by_class:
            raise UsageError(f"no car of class {class_} is timed at {round_key!r}")
        return {class_: by_class[class_]}
    return by_class
