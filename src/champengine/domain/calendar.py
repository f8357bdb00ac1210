"""Deciders for the calendar: scheduling, moving and cancelling rounds."""

from __future__ import annotations

from .. import errors as E
from ..events import RoundCancelled, RoundRelocated, RoundRescheduled, RoundScheduled
from ..projections.season import SeasonState
from .checks import opened, scheduled
from .decision import Decision, accept


def decide_calendar(state: SeasonState, cmd) -> Decision:
    """Scheduling, moving and cancelling rounds.

    - A round key is scheduled once; a relocation to another country is a
      cancelled round and a new one.
    - Only a round on the calendar and not cancelled can be rescheduled, relocated
      or cancelled.
    - A round that already has results (a classification, a pole, a points
      adjustment) cannot be cancelled.
    """
    opened(state)
    match cmd:
        case RoundScheduled():
            if cmd.round in state.calendar.rounds:
                raise E.Conflict(f"round {cmd.round!r} is already on the calendar")
            return accept(cmd)
        case RoundRescheduled() | RoundRelocated():
            scheduled(state, cmd.round)
            return accept(cmd)
        case RoundCancelled():
            scheduled(state, cmd.round)
            if cmd.round in state.results.scored_rounds():
                raise E.Conflict(f"round {cmd.round!r} already has results")
            return accept(cmd)
    raise TypeError(cmd)


#: the commands this family decides
COMMANDS = {decide_calendar: (RoundScheduled, RoundRescheduled, RoundRelocated, RoundCancelled)}
