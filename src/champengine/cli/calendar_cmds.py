"""Writing commands for the calendar: scheduling, moving and cancelling rounds."""

from __future__ import annotations

import datetime as dt

import click

from ..events import (
    RoundCancelled,
    RoundRelocated,
    RoundRescheduled,
    RoundScheduled,
)
from . import DateParam, Session, pass_session
from .writing import append_decided, registrar, round_key

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)

# --- the calendar ---------------------------------------------------------------------


@command("schedule")
@click.argument("round_", metavar="ROUND")
@click.option("--name", help="The race's name.")
@click.option("--circuit")
@click.option("--country", help="Country code, e.g. JPN.")
@click.option("--date", type=DateParam())
@pass_session
def schedule(session: Session, round_: str, name, circuit, country, date, actor, note) -> None:
    """Put a round on the calendar under a stable key.

    \b
    Example:
      champ --log demo.log schedule fuji --name "3 Hours of Fuji" --circuit "Fuji Speedway" \\
            --country JPN --date 2025-09-21
    """
    append_decided(session, lambda s: [RoundScheduled(round_, name, circuit, country, date)], actor, note)


@command("reschedule")
@click.argument("round_", metavar="ROUND")
@click.option("--date", type=DateParam(), required=True)
@pass_session
def reschedule(session: Session, round_: str, date: dt.date, actor, note) -> None:
    """Move a round to another date.

    \b
    Example:
      champ --log demo.log reschedule fuji --date 2025-10-12
    """
    append_decided(session, lambda s: [RoundRescheduled(round_key(s, round_), date)], actor, note)


@command("relocate")
@click.argument("round_", metavar="ROUND")
@click.option("--circuit", required=True)
@pass_session
def relocate(session: Session, round_: str, circuit: str, actor, note) -> None:
    """Move a round to another circuit in the same country (another country is a
    cancelled round and a new one).

    \b
    Example:
      champ --log demo.log relocate fuji --circuit "Fuji Speedway short course"
    """
    append_decided(session, lambda s: [RoundRelocated(round_key(s, round_), circuit)], actor, note)


@command("cancel")
@click.argument("round_", metavar="ROUND")
@click.option("--reason")
@pass_session
def cancel(session: Session, round_: str, reason, actor, note) -> None:
    """Cancel a round.

    \b
    Example:
      champ --log demo.log cancel fuji --reason "typhoon"
    """
    append_decided(session, lambda s: [RoundCancelled(round_key(s, round_), reason)], actor, note)
