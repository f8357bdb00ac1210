"""Deciders of the corrections: a pole taken back, an entry or a driver put right from a
round on. A fact recorded wrong is never edited: the correction is an event of its own,
checked here like every other command (``domain.decide`` dispatches to these)."""

from __future__ import annotations

from . import errors as E
from .domain import Decision, _car, _class, _opened, _round, accept
from .events import DriverAmended, EntryAmended, PoleRevoked
from .projections.season import SeasonState


def decide_pole_revoked(state: SeasonState, cmd: PoleRevoked) -> Decision:
    """Taking a pole back.

    - The round is on the calendar and not cancelled, the class active.
    - The class has a pole at that round: only an awarded pole can be revoked.
    """
    _opened(state)
    _round(state, cmd.round)
    _class(state, cmd.class_)
    if (cmd.round, cmd.class_) not in state.results.poles:
        raise E.Conflict(f"no pole in {cmd.class_} at {cmd.round!r} to revoke "
                         "(award one with champ pole)")
    return accept(cmd)


def decide_entry_amended(state: SeasonState, cmd: EntryAmended) -> Decision:
    """Putting an entry right.

    - The car is entered; the round it applies from is on the calendar.
    - It changes something: a team name (not blank), a nationality or a name to find the
      team by.
    """
    _opened(state)
    _car(state, cmd.car)
    if cmd.from_round is not None:
        _round(state, cmd.from_round)
    if cmd.team is not None and not cmd.team.strip():
        raise E.RefusedError("a team's name cannot be blank")
    if cmd.team is None and cmd.team_nationality is None and not cmd.team_aliases:
        raise E.RefusedError(f"nothing to amend for car #{cmd.car}: give --team, "
                             "--nationality or --team-alias")
    return accept(cmd)


def decide_driver_amended(state: SeasonState, cmd: DriverAmended) -> Decision:
    """Putting a driver right.

    - The driver is registered; the round it applies from is on the calendar.
    - It changes something: a name (not blank), a nationality or a grading.
    """
    _opened(state)
    if cmd.driver not in state.entries.drivers:
        raise E.UnknownDriver(f"no driver registered as {cmd.driver!r}")
    if cmd.from_round is not None:
        _round(state, cmd.from_round)
    if cmd.name is not None and not cmd.name.strip():
        raise E.RefusedError("a driver's name cannot be blank")
    if cmd.name is None and cmd.nationality is None and cmd.grading is None:
        raise E.RefusedError(f"nothing to amend for {cmd.driver}: give --name, --nationality "
                             "or --grading")
    return accept(cmd)


DECIDERS = {PoleRevoked: decide_pole_revoked, EntryAmended: decide_entry_amended,
            DriverAmended: decide_driver_amended}
