"""Deciders for the entry list: makes, entries and their cars, drivers and their
nominations, and the corrections of an entry or a driver from a round on."""

from __future__ import annotations

from .. import errors as E
from ..events import (
    DriverAmended,
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    EntryAmended,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
    MakeRegistered,
)
from ..projections import calendar
from ..projections.season import SeasonState
from ..rules import DEFAULT_MAX_DRIVERS
from .checks import active_class, entry_of, opened, scheduled
from .decision import Decision, accept


def decide_entry(state: SeasonState, cmd) -> Decision:
    """Entries, their cars and makes.

    - A make key is registered once.
    - A car key is registered once, in an active class, from a round on the calendar.
    - A car change or a withdrawal names a registered car and a round on the calendar.
    - A correction of an entry names an entered car, a round on the calendar, and changes
      something: a team name (not blank), a nationality or a name to find the team by.
    """
    opened(state)
    match cmd:
        case MakeRegistered():
            if cmd.make in state.entries.makes:
                raise E.Conflict(f"make {cmd.make!r} is already registered")
        case EntryRegistered():
            if cmd.car in state.entries.entries:
                raise E.Conflict(f"car #{cmd.car} is already entered")
            active_class(state, cmd.class_)
            if cmd.from_round is not None:
                scheduled(state, cmd.from_round)
        case EntryCarChanged():
            entry_of(state, cmd.car)
            scheduled(state, cmd.from_round)
        case EntryWithdrawn():
            entry_of(state, cmd.car)
            scheduled(state, cmd.from_round)
            _withdrawal_leaves_no_results(state, cmd)
        case EntryAmended():
            entry_of(state, cmd.car)
            if cmd.from_round is not None:
                scheduled(state, cmd.from_round)
            if cmd.team is not None and not cmd.team.strip():
                raise E.RefusedError("a team's name cannot be blank")
            if cmd.team is None and cmd.team_nationality is None and not cmd.team_aliases:
                raise E.RefusedError(f"nothing to amend for car #{cmd.car}: give --team, "
                                     "--nationality or --team-alias")
        case _:
            raise TypeError(cmd)
    return accept(cmd)


def _withdrawal_leaves_no_results(state: SeasonState, cmd: EntryWithdrawn) -> None:
    """- A car is withdrawn only from a round after its last result: a withdrawal would
      otherwise leave results of a car no longer entered, which no table could rank."""
    numbers = calendar.numbers(state.calendar)
    start = numbers.get(cmd.from_round, 0)
    results = state.results
    held = sorted({k[0] for k, race in results.races.items()
                   if any(row.car == cmd.car for row in race.rows)}
                  | {r for (r, _), (car, _) in results.poles.items() if car == cmd.car},
                  key=lambda r: numbers.get(r, 0))
    later = [r for r in held if numbers.get(r, 0) >= start]
    if later:
        raise E.Conflict(
            f"car #{cmd.car} has results at {', '.join(later)}: a withdrawal from "
            f"{cmd.from_round!r} would leave them to a car no longer entered; withdraw it from "
            f"the round after {later[-1]!r}, or take a result away with champ disqualify or "
            "champ revoke-pole")


def decide_driver(state: SeasonState, cmd) -> Decision:
    """Drivers and their nominations.

    - A driver key is registered once.
    - A nomination names a running round, a car entered at that round and a
      registered driver.
    - A driver drives one car a round (or as many as the line-up rule allows); a car has
      at most the drivers its class's line-up rule allows a round (three when no rule says).
    - Only a nominated driver can be released.
    - A correction of a driver names a registered driver, a round on the calendar, and
      changes something: a name (not blank), a nationality or a grading.
    """
    opened(state)
    entries = state.entries
    match cmd:
        case DriverRegistered():
            if cmd.driver in entries.drivers:
                raise E.Conflict(f"driver {cmd.driver!r} is already registered")
            return accept(cmd)
        case DriverAmended():
            return _driver_amended(state, cmd)
        case DriverNominated() | DriverReleased():
            pass
        case _:
            raise TypeError(cmd)
    scheduled(state, cmd.round)
    entry = entry_of(state, cmd.car)
    if cmd.driver not in entries.drivers:
        raise E.UnknownDriver(f"no driver registered as {cmd.driver!r}")
    seats = entries.cars_of(cmd.round, cmd.driver)
    if isinstance(cmd, DriverReleased):
        if cmd.car not in seats:
            raise E.Conflict(f"{cmd.driver} is not nominated in car #{cmd.car} at {cmd.round!r}")
        return accept(cmd)
    if not entry.active_at(calendar.numbers(state.calendar), cmd.round):
        raise E.UnknownCar(f"car #{cmd.car} is not entered at {cmd.round!r}")
    if cmd.car in seats:
        raise E.Conflict(f"{cmd.driver} is already nominated in car #{cmd.car} at {cmd.round!r}")
    rule = state.lineup_rules.get(entry.class_)
    if len(seats) >= (rule.cars_per_driver if rule else 1):
        raise E.DriverBusy(f"{cmd.driver} already drives car #{seats[0]} at {cmd.round!r}")
    most = rule.max_drivers if rule else DEFAULT_MAX_DRIVERS
    if len(entries.crew(cmd.round, cmd.car)) >= most:
        raise E.CrewFull(f"car #{cmd.car} already has {most} drivers at {cmd.round!r}")
    return accept(cmd)


def _driver_amended(state: SeasonState, cmd: DriverAmended) -> Decision:
    if cmd.driver not in state.entries.drivers:
        raise E.UnknownDriver(f"no driver registered as {cmd.driver!r}")
    if cmd.from_round is not None:
        scheduled(state, cmd.from_round)
    if cmd.name is not None and not cmd.name.strip():
        raise E.RefusedError("a driver's name cannot be blank")
    if cmd.name is None and cmd.nationality is None and cmd.grading is None:
        raise E.RefusedError(f"nothing to amend for {cmd.driver}: give --name, --nationality "
                             "or --grading")
    return accept(cmd)


#: the commands each decider of this family decides
COMMANDS = {
    decide_entry: (MakeRegistered, EntryRegistered, EntryCarChanged, EntryWithdrawn,
                   EntryAmended),
    decide_driver: (DriverRegistered, DriverNominated, DriverReleased, DriverAmended),
}
