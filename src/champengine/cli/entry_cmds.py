"""Writing commands for entries, cars, drivers and their nominations."""

from __future__ import annotations

import click

from ..events import (
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
)
from . import Session, pass_session
from . import class_of as _class
from .writing import append_decided, driver_key, registrar, round_key

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)

# --- entries and drivers ----------------------------------------------------------------


@command("register-entry")
@click.argument("car")
@click.option("--class", "class_", required=True)
@click.option("--team", required=True)
@click.option("--nationality", help="The team's nationality, e.g. HKG.")
@click.option("--chassis")
@click.option("--engine")
@click.option("--make")
@click.option("--tyres")
@click.option("--from-round", metavar="R")
@click.option("--team-alias", "aliases", multiple=True, help="Another name of the team.")
@pass_session
def register_entry(session: Session, car, class_, team, nationality, chassis, engine, make,
                   tyres, from_round, aliases, actor, note) -> None:
    """Enter a car (keyed by its number as text: "007" is not "7").

    \b
    Example:
      champ --log demo.log register-entry 24 --class LMP2 --team "OAK Racing" \\
            --chassis "Morgan LMP2" --engine "Judd HK 3.6 L V8" --make Morgan
    """
    append_decided(session, lambda s: [EntryRegistered(
        car, _class(s, class_), team, nationality, chassis, engine, make, tyres,
        round_key(s, from_round) if from_round else None, tuple(aliases))], actor, note)


@command("change-car")
@click.argument("car")
@click.option("--from-round", metavar="R", required=True)
@click.option("--chassis")
@click.option("--engine")
@click.option("--make")
@pass_session
def change_car(session: Session, car, from_round, chassis, engine, make, actor, note) -> None:
    """Change an entry's car from a round on.

    \b
    Example:
      champ --log demo.log change-car 18 --from-round zhuhai --chassis "Oreca 03" --make Oreca
    """
    append_decided(session, lambda s: [EntryCarChanged(car, round_key(s, from_round), chassis, engine,
                                                make)], actor, note)


@command("withdraw")
@click.argument("car")
@click.option("--from-round", metavar="R", required=True)
@click.option("--reason")
@pass_session
def withdraw(session: Session, car, from_round, reason, actor, note) -> None:
    """Withdraw an entry from a round on.

    \b
    Example:
      champ --log demo.log withdraw 92 --from-round sepang
    """
    append_decided(session, lambda s: [EntryWithdrawn(car, round_key(s, from_round), reason)], actor, note)


@command("register-driver")
@click.argument("driver")
@click.option("--name", required=True)
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@click.option("--nationality", help="e.g. CHN")
@click.option("--grading", help="e.g. Platinum, Gold, Silver, Bronze")
@pass_session
def register_driver(session: Session, driver, name, aliases, nationality, grading, actor,
                    note) -> None:
    """Register a driver under a key.

    \b
    Example:
      champ --log demo.log register-driver david-cheng --name "David Cheng" --nationality CHN
    """
    append_decided(session, lambda s: [DriverRegistered(driver, name, tuple(aliases), nationality,
                                                 grading)], actor, note)


@command("nominate")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--car", required=True)
@click.argument("drivers", nargs=-1, required=True)
@pass_session
def nominate(session: Session, round_, car, drivers, actor, note) -> None:
    """Nominate drivers (keys or names) to a car for a round.

    \b
    Example:
      champ --log demo.log nominate --round fuji --car 24 david-cheng "Ho-Pin Tung"
    """
    append_decided(session, lambda s: [DriverNominated(round_key(s, round_), car, driver_key(s, d))
                                for d in drivers], actor, note)


@command("release")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--car", required=True)
@click.argument("driver")
@pass_session
def release(session: Session, round_, car, driver, actor, note) -> None:
    """Release a driver from a car for a round.

    \b
    Example:
      champ --log demo.log release --round fuji --car 24 "Ho-Pin Tung"
    """
    append_decided(session, lambda s: [DriverReleased(round_key(s, round_), car, driver_key(s, driver))],
            actor, note)
