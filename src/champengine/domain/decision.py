"""What a decider returns: the events to record and the warnings for the office."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ..projections.season import SeasonState


@attrs.frozen
class Decision:
    """What a command decides: the events to record and what the office should know."""

    events: tuple
    warnings: tuple[str, ...] = ()


Decider = Callable[[SeasonState, object], Decision]


def accept(event: object, *warnings: str) -> Decision:
    """The command is let in as it is, with any warnings."""
    return Decision((event,), tuple(warnings))
