"""Deciders for race timing: laps from the timing system, and the drive-time rules they
are checked by."""

from __future__ import annotations

from .. import errors as E
from ..events import DriveTimeRulesAdopted, LapTimed
from ..projections import calendar, timed_race
from ..projections.season import SeasonState
from .checks import active_class, entry_of, opened, scheduled
from .decision import Decision, accept


def decide_timing(state: SeasonState, cmd) -> Decision:
    """Laps from the timing system, and the drive-time rules they are checked by.

    - A lap goes to a round on the calendar and not cancelled, for a car entered there.
    - A car's laps come in order: each after the car's last lap timed, ending later.
    - A lap takes no negative time; laps count from 1.
    - Drive-time rules name active classes and rounds on the calendar; their limits are
      positive, a minimum never above the maximum, a graded minimum names gradings.
    """
    opened(state)
    match cmd:
        case DriveTimeRulesAdopted():
            return _drive_time_rules(state, cmd)
        case LapTimed():
            scheduled(state, cmd.round)
            entry = entry_of(state, cmd.car)
            if not entry.active_at(calendar.numbers(state.calendar), cmd.round):
                raise E.UnknownCar(f"car #{cmd.car} is not entered at {cmd.round!r}")
            problem = timed_race.unfit(state.timing, state.entries, cmd)
            if problem:
                raise E.Conflict(f"{cmd.round!r}: {problem}")
            return accept(cmd)
    raise TypeError(cmd)


def _drive_time_rules(state: SeasonState, cmd: DriveTimeRulesAdopted) -> Decision:
    for c in cmd.classes:
        active_class(state, c)
    for r in cmd.rounds:
        scheduled(state, r)
    lows = [cmd.minimum, *(g.minimum for g in cmd.graded)]
    if any(x is not None and x <= 0 for x in [*lows, cmd.maximum]):
        raise E.RefusedError("drive-time limits are positive")
    if cmd.maximum is not None and any(x is not None and x > cmd.maximum for x in lows):
        raise E.RefusedError("a minimum drive time above the maximum")
    if any(not g.gradings or not all(g.gradings) for g in cmd.graded):
        raise E.RefusedError("a graded minimum names its gradings")
    return accept(cmd)


#: the commands this family decides
COMMANDS = {decide_timing: (DriveTimeRulesAdopted, LapTimed)}
