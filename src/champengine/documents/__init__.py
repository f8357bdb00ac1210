"""The JSON document of every reading command, built from (state, point, options).

One serializer for the command line (``--format json``) and the server: both print
the very document these functions return. Nothing here does I/O or imports click;
a malformed option raises the engine's own errors, which each shell turns into its
one-line message.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import UsageError
from ..scoring import shown


def number(value):
    """Points as people write them: 87, not 87.0; 0.5 stays 0.5; 8 1/7 is 8.14 (exact
    inside, rounded to 2 places here, at the edge)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        return value
    return shown(value)


def class_of(state, text: str) -> str:
    """The season's class that ``text`` names, or a usage error listing them."""
    key = state.class_key(text)
    if key is None:
        raise UsageError(f"unknown class {text!r} (classes: {', '.join(state.classes) or 'none'})")
    return key


def table_of(state, class_: str, text: str) -> str:
    """The table of a class that ``text`` names (ignoring case), or a usage error listing
    the class's tables."""
    names = [t.table for t in state.table_specs(class_)]
    for name in names:
        if name.casefold() == text.strip().casefold():
            return name
    raise UsageError(f"{class_} has no table {text!r} (tables: {', '.join(names) or 'none'})")


def table_for(state, class_: str, competitor: str, text: str | None = None) -> str:
    """The table ranking ``competitor``s (car, driver, make) in a class: the one named, or
    the first the season defines for them."""
    if text is not None:
        return table_of(state, class_, text)
    for spec in state.table_specs(class_):
        if spec.competitor == competitor:
            return spec.table
    raise UsageError(f"{class_} has no table of {competitor}s")


def doc(view, **extra) -> dict:
    """A document's head: the season and the point it answers."""
    return {"season": view.state.season, "as_of": view.as_of(), **extra}
