"""Classifications as timing systems publish them (Al Kamel's CSV in ACO series).

Semicolon-separated (or plain comma-separated), a header row, columns read by
name: ``POSITION``, ``NUMBER``, ``CLASS``, ``STATUS``, ``LAPS``, ``TOTAL_TIME``
and whatever else the layout carries. One file holds every class of the race;
``read_classification`` splits it by class, each in the order of its rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import NamedTuple

from .errors import DecodeError
from .events import CLASSIFIED, ResultRow

#: timing-sheet statuses -> the catalog's
STATUS_WORDS = {
    "classified": CLASSIFIED, "": CLASSIFIED, "running": CLASSIFIED, "finished": CLASSIFIED,
    "not classified": "NC", "nc": "NC", "notclassified": "NC",
    "retired": "DNF", "dnf": "DNF", "ret": "DNF",
    "did not start": "DNS", "dns": "DNS",
    "disqualified": "DSQ", "dsq": "DSQ", "excluded": "DSQ",
}

REQUIRED = ("NUMBER", "CLASS")
MAX_ROWS = 1000


def _count(text: str) -> bool:
    """Whether a field is a plain count (ASCII digits, at most nine of them)."""
    return text.isascii() and text.isdecimal() and len(text) <= 9


class SheetRow(NamedTuple):
    """A car's line of the timing sheet: its result, and what the sheet says of the car
    (empty where the layout has no such column)."""

    line: int
    row: ResultRow
    team: str
    drivers: tuple[str, ...]  # DRIVER_1, DRIVER_2, ... in order, blanks left out
    vehicle: str
    make: str  # MANUFACTURER (or BRAND) where the layout has it


def read_classification(data: bytes, *, name: str = "classification",
                        class_key: Callable[[str], str | None] = lambda c: c,
                        ) -> dict[str, tuple[ResultRow, ...]]:
    """Parse a timing CSV into class -> rows in finishing order.

    ``class_key`` maps the file's class names to the season's class keys (None: unknown).
    """
    sheet = read_sheet(data, name=name, class_key=class_key)
    return {cls: tuple(r.row for r in rows) for cls, rows in sheet.items()}


def read_sheet(data: bytes, *, name: str = "classification",
               class_key: Callable[[str], str | None] = lambda c: c,
               ) -> dict[str, tuple[SheetRow, ...]]:
    """The whole timing sheet: class -> its lines in finishing order, each with TEAM,
    DRIVER_1..n and VEHICLE as the sheet gives them."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{name}: not UTF-8 (byte {exc.start})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise DecodeError(f"{name}: empty file, expected a header row")
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip().upper() for h in next(reader)]
    except csv.Error as exc:
        raise DecodeError(f"{name} line 1: {exc}") from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DecodeError(f"{name} line 1: missing column(s) {', '.join(missing)} "
                          f"(header: {';'.join(header)!r:.200})")
    col = {h: i for i, h in enumerate(header)}
    driver_columns = sorted((int(h[7:]), i) for h, i in col.items()
                            if h.startswith("DRIVER_") and _count(h[7:]))
    by_class: dict[str, list[tuple[int, SheetRow]]] = {}
    try:
        for line_no, fields in enumerate(reader, start=2):
            if not any(f.strip() for f in fields):
                continue
            if line_no > MAX_ROWS:
                raise DecodeError(f"{name}: more than {MAX_ROWS} rows")
            if len(fields) < len(header):
                raise DecodeError(f"{name} line {line_no}: {len(fields)} fields, "
                                  f"the header has {len(header)}")

            def get(column: str, fields=fields) -> str:
                i = col.get(column)
                return fields[i].strip() if i is not None else ""

            where = f"{name} line {line_no}"
            car = get("NUMBER")
            if not car:
                raise DecodeError(f"{where}: no car NUMBER")
            cls_text = get("CLASS")
            cls = class_key(cls_text)
            if cls is None:
                raise DecodeError(f"{where}: unknown class {cls_text[:40]!r} "
                                  f"(add it with: champ add-class {cls_text[:40]!r})")
            status_text = get("STATUS")
            status = STATUS_WORDS.get(status_text.casefold())
            if status is None:
                raise DecodeError(f"{where}: unknown status {status_text[:40]!r}")
            laps_text = get("LAPS")
            if laps_text and not _count(laps_text):
                raise DecodeError(f"{where}: LAPS {laps_text[:20]!r} is not a number of laps")
            position = get("POSITION")
            if position and not _count(position) and not position.isalpha():  # NC, DSQ: unplaced
                raise DecodeError(f"{where}: POSITION {position[:20]!r} is not a position")
            order = int(position) if _count(position) else 1 << 30
            row = ResultRow(car=car, status=status, laps=int(laps_text) if laps_text else None,
                            time=get("TOTAL_TIME") or None)
            crew = tuple(d for _, i in driver_columns if (d := fields[i].strip()))
            by_class.setdefault(cls, []).append(
                (order, SheetRow(line_no, row, get("TEAM"), crew, get("VEHICLE"),
                                 get("MANUFACTURER") or get("BRAND"))))
    except csv.Error as exc:
        raise DecodeError(f"{name}: {exc}") from None
    if not by_class:
        raise DecodeError(f"{name}: no rows")
    out = {}
    for cls, rows in by_class.items():
        ordered = sorted(enumerate(rows), key=lambda item: (
            item[1][1].row.status != CLASSIFIED, item[1][0], item[0]))
        out[cls] = tuple(row for _, (_, row) in ordered)
    return out
