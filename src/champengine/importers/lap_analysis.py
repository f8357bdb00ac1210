"""The timing system's lap-by-lap analysis file (Al Kamel Systems, the ACO's series).

One row per lap of each car, semicolon-separated (a plain comma-separated file works
too), a header row whose names carry stray spaces, often a trailing empty column, and
layouts that differ between events: every column is read by its name. The file is
read as a stream, row by row, so a 24-hour race costs no more memory than its laps.
A bad row is refused with one line naming the file and the line.

Times look like ``35.849``, ``1:53.136`` or ``1:02:21.627``; they become whole
milliseconds.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

import attrs

from ..errors import DecodeError
from ..events import TimedLap
from ..projections.timed_race import CarRun, TimedRace

#: the columns a lap cannot do without
REQUIRED = ("NUMBER", "LAP_NUMBER", "LAP_TIME", "ELAPSED")
#: no real race comes near these: a file beyond them is not a lap analysis
MAX_LAPS_A_CAR = 10_000
MAX_ROWS = 2_000_000
MAX_FIELD = 1_000
MAX_MILLIS = 7 * 24 * 3600 * 1000  # a week of racing


@attrs.frozen
class FileLap:
    """A row of the file: the car as the row describes it, and its lap."""

    car: str
    class_: str | None
    team: str | None
    manufacturer: str | None
    lap: TimedLap


_TIME = re.compile(r"(?:(?:([0-9]{1,3}):)?([0-9]{1,3}):)?([0-9]{1,3})(?:\.([0-9]{1,3}))?")


def millis(text: str) -> int:
    """``1:02:21.627`` -> 3741627; ValueError for anything else."""
    m = _TIME.fullmatch(text)
    if m is None:
        raise ValueError(text)
    hours, minutes, seconds, fraction = m.groups()
    if minutes is not None and int(seconds) >= 60 or hours is not None and int(minutes) >= 60:
        raise ValueError(text)
    return (((int(hours or 0) * 60 + int(minutes or 0)) * 60 + int(seconds)) * 1000
            + (int(fraction.ljust(3, "0")) if fraction else 0))


def _delimiter(header: str) -> str:
    return ";" if header.count(";") >= header.count(",") else ","


def read_laps(stream: BinaryIO, *, name: str = "laps",
              progress: Callable[[int], None] | None = None) -> Iterator[FileLap]:
    """The laps of a lap analysis file, row by row, checked as they come.

    ``progress`` is told how many bytes were read, now and then (a progress bar).
    Each car's laps must come in increasing order of lap and of race time.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    line_no = 1
    try:
        first = text.readline()
        if not first.strip():
            raise DecodeError(f"{name}: empty file, expected a header row")
        header = [h.strip().upper() for h in next(csv.reader([first],
                                                            delimiter=_delimiter(first)))]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise DecodeError(f"{name} line 1: missing column(s) {', '.join(missing)} "
                              f"(header: {';'.join(header)!r:.200})")
        col = {h: i for i, h in reversed(list(enumerate(header))) if h}
        width = max(col.values()) + 1
        reader = csv.reader(text, delimiter=_delimiter(first))
        last: dict[str, TimedLap] = {}
        told = 0
        for line_no, fields in enumerate(reader, start=2):
            if not any(fields):
                continue
            if line_no > MAX_ROWS:
                raise DecodeError(f"{name}: more than {MAX_ROWS} rows")
            row = _row(fields, col, width, f"{name} line {line_no}")
            before = last.get(row.car)
            if before is not None:
                where = f"{name} line {line_no}: car #{row.car}"
                if row.lap.lap <= before.lap:
                    raise DecodeError(f"{where}: lap {row.lap.lap} comes after lap {before.lap}")
                if row.lap.elapsed <= before.elapsed:
                    raise DecodeError(f"{where}: lap {row.lap.lap} ends at ELAPSED "
                                      f"{row.lap.elapsed / 1000}s, not after lap {before.lap}")
            last[row.car] = row.lap
            if progress is not None and line_no % 2000 == 0:
                done = stream.tell()
                progress(done - told)
                told = done
            yield row
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{name} line {line_no + 1}: not UTF-8 (byte {exc.start})") from None
    except csv.Error as exc:
        raise DecodeError(f"{name} line {line_no + 1}: {exc}") from None


def _row(fields: list[str], col: dict[str, int], width: int, where: str) -> FileLap:
    if len(fields) < width and len(fields) <= max(col[c] for c in REQUIRED):
        raise DecodeError(f"{where}: {len(fields)} fields, the header names {width}")

    def get(column: str) -> str:
        i = col.get(column)
        if i is None or i >= len(fields):
            return ""
        value = fields[i]
        if len(value) > MAX_FIELD:
            raise DecodeError(f"{where}: {column} is {len(value)} characters long")
        if not value.isprintable():
            raise DecodeError(f"{where}: {column} holds a control character")
        return value.strip()

    def time(column: str, *, required: bool = False) -> int | None:
        value = get(column)
        if not value:
            if required:
                raise DecodeError(f"{where}: no {column}")
            return None
        try:
            ms = millis(value)
        except ValueError:
            raise DecodeError(f"{where}: {column} {value[:20]!r} is not a time") from None
        if ms > MAX_MILLIS:
            raise DecodeError(f"{where}: {column} {value[:20]!r} is longer than a week")
        return ms

    def count(column: str, *, required: bool = False, most: int = MAX_LAPS_A_CAR) -> int | None:
        value = get(column)
        if not value:
            if required:
                raise DecodeError(f"{where}: no {column}")
            return None
        if not (value.isascii() and value.isdecimal() and len(value) <= 6) or int(value) > most:
            raise DecodeError(f"{where}: {column} {value[:20]!r} is not a number up to {most}")
        return int(value)

    car = get("NUMBER")
    if not car:
        raise DecodeError(f"{where}: no car NUMBER")
    lap_no = count("LAP_NUMBER", required=True)
    if lap_no == 0:
        raise DecodeError(f"{where}: LAP_NUMBER 0 (laps count from 1)")
    pit = get("CROSSING_FINISH_LINE_IN_PIT")
    if pit not in ("", "B"):
        raise DecodeError(f"{where}: CROSSING_FINISH_LINE_IN_PIT {pit[:20]!r} is not B or empty")
    lap = TimedLap(
        lap=lap_no, time=time("LAP_TIME", required=True), elapsed=time("ELAPSED", required=True),
        driver=get("DRIVER_NAME") or None, driver_number=count("DRIVER_NUMBER", most=99),
        pit_in=pit == "B", pit_time=time("PIT_TIME"), flag=get("FLAG_AT_FL") or None,
        hour=get("HOUR") or None, s1=time("S1"), s2=time("S2"), s3=time("S3"))
    return FileLap(car, get("CLASS") or None, get("TEAM") or None,
                   get("MANUFACTURER") or None, lap)


def read_race(stream: BinaryIO, *, name: str = "laps", time_limit: int | None = None,
              progress: Callable[[int], None] | None = None) -> TimedRace:
    """A whole file as a race: each car's laps in order, and the car as the file
    describes it (the class, team and manufacturer of its first row)."""
    cars: dict[str, tuple[FileLap, list[TimedLap]]] = {}
    for row in read_laps(stream, name=name, progress=progress):
        got = cars.get(row.car)
        if got is None:
            cars[row.car] = (row, [row.lap])
        else:
            got[1].append(row.lap)
    if not cars:
        raise DecodeError(f"{name}: no laps")
    runs = tuple(CarRun(car, first.class_, first.team, first.manufacturer, tuple(laps))
                 for car, (first, laps) in cars.items())
    return TimedRace(runs, time_limit)


def open_race(path: str, *, time_limit: int | None = None,
              progress: Callable[[int], None] | None = None) -> TimedRace:
    """``read_race`` of a file by its path; a file that cannot be read is one line."""
    try:
        with open(path, "rb") as f:
            return read_race(f, name=path, time_limit=time_limit, progress=progress)
    except OSError as exc:
        raise DecodeError(f"cannot read {path}: {exc.strerror}") from None
