"""Writing commands that put a recorded fact right: a pole taken back, an entry or a driver
amended from a round on. Each is an event of its own; nothing recorded is edited."""

from __future__ import annotations

import click

from ..events import DriverAmended, EntryAmended, EntryCarChanged, PoleRevoked
from . import Session, pass_session
from . import class_of as _class
from .writing import append_decided, driver_key, registrar, round_key

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)


@command("revoke-pole")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.option("--reason")
@pass_session
def revoke_pole(session: Session, round_, class_, reason, actor, note) -> None:
    """Take back the pole of a class at a round (to move it: champ pole --move).

    \b
    Example:
      champ --log demo.log revoke-pole --round fuji --class LMP2 --reason "awarded by mistake"
    """
    append_decided(session, lambda s: [PoleRevoked(round_key(s, round_), _class(s, class_),
                                                   reason)], actor, note)


@command("amend-entry")
@click.argument("car")
@click.option("--from-round", metavar="R", help="From this round on (from its first by default).")
@click.option("--team", help="The team's name.")
@click.option("--nationality", help="The team's nationality, e.g. HKG.")
@click.option("--team-alias", "aliases", multiple=True, help="Another name of the team.")
@click.option("--chassis")
@click.option("--engine")
@click.option("--make")
@click.option("--reason")
@pass_session
def amend_entry(session: Session, car, from_round, team, nationality, aliases, chassis, engine,
                make, reason, actor, note) -> None:
    """Put an entry right from a round on: its team's name, nationality or other names,
    its chassis, engine or make. The old team name stays a name the team is found by.

    \b
    Example:
      champ --log demo.log amend-entry 92 --team "AAI-Rstrada" --from-round fuji
      champ --log demo.log amend-entry 18 --make Oreca --chassis "Oreca 03"
    """
    def build(s):
        from ..projections import calendar

        start = round_key(s, from_round) if from_round else None
        out: list = []
        if team is not None or nationality is not None or aliases:
            out.append(EntryAmended(car, start, team, nationality, tuple(aliases), reason))
        if chassis is not None or engine is not None or make is not None:
            entry = s.entries.entries.get(car)
            running = calendar.running(s.calendar)
            first = start or (entry.from_round if entry else None) or (
                running[0].key if running else "")
            spec = entry.spec_at(calendar.numbers(s.calendar), first) if entry else None
            out.append(EntryCarChanged(
                car, first, chassis if chassis is not None else spec and spec.chassis,
                engine if engine is not None else spec and spec.engine,
                make if make is not None else spec and spec.make))
        if not out:
            out.append(EntryAmended(car, start, reason=reason))  # refused: nothing to amend
        return out

    append_decided(session, build, actor, note)


@command("amend-driver")
@click.argument("driver")
@click.option("--from-round", metavar="R", help="From this round on (from the start by default).")
@click.option("--name")
@click.option("--nationality", help="e.g. CHN")
@click.option("--grading", help="e.g. Platinum, Gold, Silver, Bronze")
@click.option("--reason")
@pass_session
def amend_driver(session: Session, driver, from_round, name, nationality, grading, reason,
                 actor, note) -> None:
    """Put a driver right (by key or name) from a round on: his name, nationality or
    grading. The old name stays a name he is found by.

    \b
    Example:
      champ --log demo.log amend-driver "Congfu Cheng" --name "Cong Fu Cheng"
      champ --log demo.log amend-driver david-cheng --grading Gold --from-round zhuhai
    """
    append_decided(session, lambda s: [DriverAmended(
        driver_key(s, driver), round_key(s, from_round) if from_round else None, name,
        nationality, grading, reason)], actor, note)
