"""What every writing command shares: the --actor and --note options, reading the
season, resolving what the user typed, deciding and appending, printing the outcome.

The commands live in one module per part of the season: season_cmds, calendar_cmds,
entry_cmds, result_cmds, steward_cmds. Each is decided against the season as the log
holds it, prints what it appended (and any warnings), and appends nothing when refused."""

from __future__ import annotations

import getpass
from collections.abc import Callable

import click

from ..errors import RefusedError, UsageError
from ..events import (
    class_named,
)
from . import Session


def writing(f):
    """The options every writing command shares: who records it and why."""
    f = click.option("--note", help="Why it is recorded (the audit text).")(f)
    f = click.option("--actor", default=lambda: getpass.getuser(), show_default="your user name",
                     help="Who records it.")(f)
    return f


def registrar(commands: list):
    """A ``command(name)`` decorator adding writing commands to ``commands``."""
    def command(name: str):
        def register(f):
            cmd = click.command(name)(writing(f))
            commands.append(cmd)
            return cmd
        return register
    return command


def append_decided(session: Session, build: Callable, actor: str, note: str | None,
            *, season: str | None = None) -> None:
    """Read the season, build the commands from its state, decide and append them."""
    from ..projections.season import SeasonState, fold
    from ..recorder import record

    store = session.writer()
    season = season or session.season_of(store)
    state = fold(store.read(season)) if store.last_seq(season) else SeasonState()
    commands = build(state)
    try:
        outcome = record(store, season, commands, actor=actor, note=note, state=state)
    except RefusedError as exc:
        raise type(exc)(in_commands(str(exc), type(exc).__name__)) from None
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    from ..codec import payload_to_dict
    from .render import printable

    for env in outcome.appended:
        fields = " ".join(f"{k}={v}" for k, v in payload_to_dict(env.payload).items()
                          if v not in (None, [], (), False) and k != "rows")
        click.echo(printable(f"appended {env.season} seq {env.seq}: {env.type} {fields} "
                             f"(id {env.id})"))


#: the command that records each event type: refusals name it, never the event type
COMMAND_OF = {
    "SeasonOpened": "open-season", "ClassAdded": "add-class", "ClassDropped": "drop-class",
    "ScoringRulesAdopted": "adopt-rules", "LineupRulesAdopted": "adopt-lineup-rule",
    "InvitationRuleAdopted": "adopt-invitation-rule", "RoundScheduled": "schedule",
    "RoundRescheduled": "reschedule", "RoundRelocated": "relocate", "RoundCancelled": "cancel",
    "EntryRegistered": "register-entry", "EntryCarChanged": "change-car",
    "EntryWithdrawn": "withdraw", "DriverRegistered": "register-driver",
    "DriverNominated": "nominate", "DriverReleased": "release", "PoleAwarded": "pole",
    "RaceClassified": "classify", "ClassificationCorrected": "correct",
    "ResultsDeclared": "declare", "PenaltyImposed": "penalty", "CarDisqualified": "disqualify",
    "DriveTimeInfringed": "drive-time", "AppealLodged": "appeal",
    "AppealDecided": "decide-appeal", "DecisionOverturned": "overturn",
    "PointsAdjusted": "adjust-points", "PoleRevoked": "revoke-pole",
    "EntryAmended": "amend-entry", "DriverAmended": "amend-driver",
}


#: refusal kind -> the command that usually settles it, for refusals that name none
FIX_OF = {
    "UnknownSeason": "open it: champ open-season KEY --series NAME --year YEAR",
    "UnknownRound": "schedule it: champ schedule KEY --date DATE",
    "CancelledRound": "a cancelled round takes nothing: champ schedule a new round",
    "UnknownClass": "champ add-class CLASS",
    "UnknownCar": "enter it: champ register-entry CAR --class CLASS --team TEAM",
    "WrongClass": "correct the file's class, or champ register-entry the car in that class",
    "NotClassified": "classify it first: champ classify --round R FILE",
    "UnknownDriver": "champ register-driver KEY --name NAME",
    "DriverBusy": "release him first: champ release --round R --car CAR DRIVER",
    "CrewFull": "champ release a driver, or champ adopt-lineup-rule --max-drivers N",
    "UnknownDecision": "champ log show --type PenaltyImposed lists the decisions and their ids",
}


def in_commands(message: str, kind: str | None = None) -> str:
    """A refusal as the office reads it: ``champ nominate: ...`` for ``DriverNominated: ...``,
    and any event type it names in parentheses as the command that records it."""
    head, sep, rest = message.partition(": ")
    if sep and head in COMMAND_OF:
        message = f"champ {COMMAND_OF[head]}: {rest}"
    for name, command in COMMAND_OF.items():
        message = message.replace(f"({name})", f"(champ {command})")
    if kind in FIX_OF and "champ " not in message.partition(": ")[2]:
        message += f" ({FIX_OF[kind]})"
    return message


# --- resolving what the user typed ---------------------------------------------------


def round_key(state, text: str) -> str:
    from ..timeline import resolve_round

    if text in state.calendar.rounds:
        return text
    return resolve_round(state, text)[1]


def new_class_key(text: str) -> str:
    """A catalog class by key or alias in its catalog spelling; any other name as given."""
    return class_named(text) or text.strip()


def driver_key(state, text: str) -> str:
    from ..projections.entry_list import find_driver

    driver = find_driver(state.entries, text)
    if driver is None:
        raise UsageError(f"no driver registered as {text!r} (champ register-driver KEY --name NAME; champ drivers lists them)")
    return driver.key


def sheet_rows(state, path: str, class_: str | None):
    """The timing sheet's lines by class (``timing.SheetRow``), or one class of it."""
    from ..timing import read_sheet

    with open(path, "rb") as f:
        data = f.read()
    # with --class, rows of classes the season does not hold are left out, not refused
    by_class = read_sheet(data, name=path, class_key=lambda text: state.class_key(text) or (
        f"?{text}" if class_ is not None else None))
    if class_ is not None:
        if class_ not in by_class:
            raise UsageError(f"{path} has no rows of class {class_}")
        return {class_: by_class[class_]}
    return by_class


def csv_rows(state, path: str, class_: str | None):
    from ..timing import read_classification

    with open(path, "rb") as f:
        data = f.read()
    by_class = read_classification(data, name=path, class_key=state.class_key)
    if class_ is not None:
        if class_ not in by_class:
            raise UsageError(f"{path} has no rows of class {class_}")
        return {class_: by_class[class_]}
    return by_class


CSV_FILE = click.Path(exists=True, dir_okay=False)

