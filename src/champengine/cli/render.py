"""Output: the same rows as an aligned table, a JSON document or CSV."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ..documents import number


@attrs.frozen
class Column:
    """A column: its table header, its CSV header, and how to read it from a JSON row."""

    title: str
    key: str
    get: Callable[[dict], Any]
    align: str = "<"


def printable(text: str) -> str:
    """Text from the log as a terminal may be sent it: every control, escape or other
    unprintable character (ESC, a line break, a bidi override) shown as its escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return printable(str(number(value)))


def emit(fmt: str, doc: dict, columns: Sequence[Column], *, title: str = "",
         footer: str = "", out=None) -> None:
    out = out or sys.stdout
    rows = doc.get("rows", [])
    if fmt == "json":
        out.write(json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.key for c in columns])
        for row in rows:
            writer.writerow([cell(c.get(row)) for c in columns])
    else:
        out.write(table(rows, columns, title=title, footer=footer))


def table(rows: Sequence[dict], columns: Sequence[Column], *, title: str = "",
          footer: str = "") -> str:
    grid = [[c.title for c in columns]] + [[cell(c.get(r)) for c in columns] for r in rows]
    widths = [max(len(line[i]) for line in grid) for i in range(len(columns))]
    lines = []
    if title:
        lines.extend(map(printable, title.split("\n")))
    for n, line in enumerate(grid):
        parts = [f"{text:{c.align}{w}}" for text, c, w in zip(line, columns, widths, strict=True)]
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if not rows:
        lines.append("(none)")
    if footer:
        lines.extend(map(printable, footer.split("\n")))
    return "\n".join(lines) + "\n"


def point_words(as_of: dict) -> str:
    """The point a document answers, as its header says it: after round R, at seq N, as
    known on D (nothing for the whole log as it stands)."""
    parts = []
    if as_of.get("after_round"):
        parts.append(f" after round {as_of['round_number']} ({as_of['after_round']})")
    if as_of.get("at_seq") is not None:
        parts.append(f"at seq {as_of['at_seq']}")
    if as_of.get("known_on"):
        parts.append(f"as known on {as_of['known_on']}")
    if not parts:
        return ""
    text = ", ".join(p.strip() for p in parts)
    return (" " if as_of.get("after_round") else ", ") + text
