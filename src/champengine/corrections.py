"""The checks of the corrections: a pole taken back, an entry or a driver put right from a
round on. A fact recorded wrong is never edited: the correction is an event of its own,
checked here like every other command (``domain.decide_correction`` records it when
``check`` lets it in). Pure: reads the state, raises a ``RefusedError`` or returns the
warnings."""

from __future__ import annotations

from . import errors as E
from .events import DriverAmended, EntryAmended, PoleRevoked
from .projections.season import SeasonState


def _opened(state: SeasonState) -> None:
    if state.season is None:
        raise E.UnknownSeason("the season has not been opened (champ open-season first)")


def _round(state: SeasonState, key: str) -> None:
    rnd = state.calendar.rounds.get(key)
    if rnd is None:
        raise E.UnknownRound(f"round {key!r} is not on the calendar")
    if rnd.cancelled:
        raise E.CancelledRound(f"round {key!r} was cancelled")


def _class(state: SeasonState, key: str) -> None:
    info = state.classes.get(key)
    if info is None or not info.active:
        raise E.UnknownClass(f"class {key!r} is not part of the season")


def _car(state: SeasonState, car: str) -> None:
    if car not in state.entries.entries:
        raise E.UnknownCar(f"no entry for car #{car}")


def pole_revoked(state: SeasonState, cmd: PoleRevoked) -> tuple[str, ...]:
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
    return ()


def entry_amended(state: SeasonState, cmd: EntryAmended) -> tuple[str, ...]:
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
    return ()


def driver_amended(state: SeasonState, cmd: DriverAmended) -> tuple[str, ...]:
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
    return ()


CHECKS = {PoleRevoked: pole_revoked, EntryAmended: entry_amended,
          DriverAmended: driver_amended}


def check(state: SeasonState, cmd) -> tuple[str, ...]:
    """The warnings of a correction the season lets in (a RefusedError when it does not)."""
    return CHECKS[type(cmd)](state, cmd)
