"""References as people write them, as the log keeps them: a class by an alias, a round by
its number or name, a driver by his name, a decision or an appeal by a unique prefix of its
id. One resolution for every way in (a command of the CLI, ``import``, ``--with``), applied
before ``decide``; a reference it cannot resolve is left for ``decide`` to refuse."""

from __future__ import annotations

import attrs

from . import errors as E
from .projections import calendar
from .projections.entry_list import find_driver
from .projections.season import SeasonState

#: event types whose key field names something new (never resolved to something known)
NAMING = {"RoundScheduled": "round", "DriverRegistered": "driver", "ClassAdded": "class_",
          "EntryRegistered": "car", "MakeRegistered": "make"}


def by_prefix(known, text: str, what: str) -> str:
    """The one id of ``known`` that ``text`` begins (an id in full is itself)."""
    if text in known:
        return text
    hits = [i for i in known if i.startswith(text)] if len(text) >= 4 else []
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise E.UsageError(f"{what} id {text!r} is ambiguous: {', '.join(sorted(hits)[:4])}"
                           f"{', ...' if len(hits) > 4 else ''} (give more of it)")
    return text


def _round(state: SeasonState, text: str) -> str:
    """A round by key, number or name on the calendar as the state knows it (as
    ``timeline.resolve_round`` reads it; anything else as given)."""
    if text in state.calendar.rounds:
        return text
    ordered = calendar.running(state.calendar)
    text = text.strip()
    if text.isascii() and text.isdecimal():
        n = int(text)
        return ordered[n - 1].key if 1 <= n <= len(ordered) else text
    wanted = text.casefold()
    return next((r.key for r in ordered
                 if wanted in (r.key.casefold(), (r.name or "").casefold())), text)


def resolve(state: SeasonState, payload: object) -> object:
    """The payload with its references resolved against ``state`` (itself when none)."""
    fields = attrs.fields_dict(type(payload))
    new = NAMING.get(type(payload).__name__)
    changes: dict = {}
    for name in ("round", "from_round"):
        value = getattr(payload, name, None) if name in fields else None
        if isinstance(value, str) and name != new:
            key = _round(state, value)
            if key != value:
                changes[name] = key
    if "class_" in fields and new != "class_":
        value = payload.class_
        key = state.class_key(value) if isinstance(value, str) else None
        if key is not None and key != value:
            changes["class_"] = key
    if "classes" in fields and isinstance(payload.classes, tuple):
        keys = tuple(state.class_key(c) or c if isinstance(c, str) else c
                     for c in payload.classes)
        if keys != payload.classes:
            changes["classes"] = keys
    if "driver" in fields and new != "driver" and isinstance(payload.driver, str) \
            and payload.driver not in state.entries.drivers:
        driver = find_driver(state.entries, payload.driver)
        if driver is not None:
            changes["driver"] = driver.key
    if "decision" in fields and isinstance(payload.decision, str):
        key = by_prefix(state.results.decisions, payload.decision, "decision")
        if key != payload.decision:
            changes["decision"] = key
    if "appeal" in fields and isinstance(payload.appeal, str):
        key = by_prefix(state.results.appeals, payload.appeal, "appeal")
        if key != payload.appeal:
            changes["appeal"] = key
    return attrs.evolve(payload, **changes) if changes else payload
