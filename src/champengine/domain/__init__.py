"""Commands and their deciders: what the season's state allows to be recorded.

A command proposes an event (the catalog's types are both the language of the
commands and of the facts): ``decide(state, command)`` checks it against the
season's state and returns the events to record, with any warnings, or raises
a typed ``RefusedError``. One module per family of commands (the season and its
rules, the calendar, the entry list, results, the stewards, timing), each decider
listing in its docstring the rules it enforces, dispatching with ``match``.
Deciders are pure: they read the state, never change it.
"""

from __future__ import annotations

from .. import errors as E
from ..projections.season import SeasonState
from . import calendar, entries, results, season, stewards, timing
from .decision import Decider, Decision, accept

#: the families of deciders, each naming the commands it decides (``COMMANDS``)
FAMILIES = (season, calendar, entries, results, stewards, timing)

#: event type -> the decider of that command: every type of the catalog has one, and one
#: family alone names it (a test holds both)
DECIDERS: dict[type, Decider] = {
    kind: decider
    for family in FAMILIES
    for decider, kinds in family.COMMANDS.items() for kind in kinds
}


def decide(state: SeasonState, command: object) -> Decision:
    """Check a command against the season's state: the events to record, or a RefusedError."""
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise E.UsageError(f"{type(command).__name__} is not a command")
    return decider(state, command)


__all__ = ["DECIDERS", "FAMILIES", "Decider", "Decision", "accept", "decide"]
