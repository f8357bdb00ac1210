"""Query parameters, checked and bounded: the point in time and each route's options.

A bad value is a ``UsageError`` naming the parameter, as the CLI names its option.
"""

from __future__ import annotations

import datetime as dt

from ..errors import UsageError
from ..timeline import Point

#: no query value is longer than this, no query has more parameters than that
MAX_VALUE = 200
MAX_PARAMS = 20
MAX_INT = 10**12


class Query:
    """A request's query parameters, read one by one with their checks."""

    def __init__(self, items: list[tuple[str, str]], allowed: set[str]) -> None:
        if len(items) > MAX_PARAMS:
            raise UsageError(f"too many query parameters ({len(items)}; at most {MAX_PARAMS})")
        self.values: dict[str, str] = {}
        for name, value in items:
            if name not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                raise UsageError(f"unknown query parameter {name!r} (known: {known})")
            if len(value) > MAX_VALUE:
                raise UsageError(f"{name}: too long ({len(value)} characters; at most "
                                 f"{MAX_VALUE})")
            if name in self.values:
                raise UsageError(f"{name}: given twice")
            self.values[name] = value

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return default if value is None or value == "" else value

    def integer(self, name: str, default: int | None = None, *, low: int = 0,
                high: int = MAX_INT) -> int | None:
        value = self.text(name)
        if value is None:
            return default
        if not (value.isascii() and value.isdecimal()):
            raise UsageError(f"{name}: {value!r} is not a whole number")
        number = int(value)
        if not low <= number <= high:
            raise UsageError(f"{name}: {number} is out of range ({low} to {high})")
        return number

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None

    def flag(self, name: str) -> bool:
        value = self.text(name, "false").lower()
        if value not in ("true", "false", "1", "0", "yes", "no"):
            raise UsageError(f"{name}: {value!r} is not true or false")
        return value in ("true", "1", "yes")

    def choice(self, name: str, choices: tuple[str, ...], default: str | None = None):
        value = self.text(name, default)
        if value is not None and value not in choices:
            raise UsageError(f"{name}: {value!r} is not one of {', '.join(choices)}")
        return value

    def race_time(self, name: str) -> int | None:
        """A race time ``H:MM[:SS[.mmm]]`` from the start, in milliseconds."""
        value = self.text(name)
        if value is None:
            return None
        hours, _, rest = value.partition(":")
        minutes, _, secs = rest.partition(":")
        whole, _, frac = secs.partition(".")
        parts = [hours, minutes, whole or "0", frac or "0"]
        if not all(p.isascii() and p.isdecimal() for p in parts) or not minutes or \
                len(minutes) != 2 or len(hours) > 3 or len(frac) > 3 or \
                int(minutes) > 59 or int(whole or 0) > 59:
            raise UsageError(f"{name}: {value!r} is not a race time (H:MM or H:MM:SS)")
        return ((int(hours) * 60 + int(minutes)) * 60 + int(whole or 0)) * 1000 + int(
            frac.ljust(3, "0") if frac else 0)

    def point(self, prefix: str = "") -> Point:
        """The point in time: ``after_round``, ``at_seq``, ``known_on`` (with a prefix:
        ``from_round``, ``from_seq``, ``from_known_on`` for diff)."""
        round_name = f"{prefix}round" if prefix else "after_round"
        return Point(self.text(round_name), self.integer(f"{prefix}{'seq' if prefix else 'at_seq'}"),
                     self.date(f"{prefix}known_on"))


POINT = {"after_round", "at_seq", "known_on"}
