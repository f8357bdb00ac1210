"""Writing commands for the stewards' work: penalties, disqualifications, drive-time infringements, appeals, overturns, points adjustments."""

from __future__ import annotations

import click

from ..events import (
    AppealDecided,
    AppealLodged,
    AppealOutcome,
    CarDisqualified,
    DecisionOverturned,
    DriveTimeInfringed,
    PenaltyImposed,
    PenaltyKind,
    PointsAdjusted,
)
from . import Session, pass_session
from . import class_of as _class
from .writing import append_decided, driver_key, registrar, round_key

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)

# --- stewards ------------------------------------------------------------------------------


@command("penalty")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--car", required=True)
@click.option("--kind", type=click.Choice([v.value for v in PenaltyKind]), required=True)
@click.option("--value", type=float, required=True,
              help="Seconds, laps, places or points.")
@click.option("--reason")
@pass_session
def penalty(session: Session, round_, car, kind, value, reason, actor, note) -> None:
    """Impose a penalty on a car for a race.

    \b
    Example:
      champ --log demo.log penalty --round fuji --car 24 --kind time --value 60 \\
            --reason "pit lane speeding"
    """
    append_decided(session, lambda s: [PenaltyImposed(round_key(s, round_), car, kind, value, reason)],
            actor, note)


@command("disqualify")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--car", required=True)
@click.option("--reason")
@pass_session
def disqualify(session: Session, round_, car, reason, actor, note) -> None:
    """Disqualify a car from a race (the cars behind are promoted).

    \b
    Example:
      champ --log demo.log disqualify --round fuji --car 24 --reason "ride height"
    """
    append_decided(session, lambda s: [CarDisqualified(round_key(s, round_), car, reason)], actor, note)


@command("drive-time")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--car", required=True)
@click.argument("driver")
@pass_session
def drive_time(session: Session, round_, car, driver, actor, note) -> None:
    """Record a driver's minimum drive-time infringement.

    \b
    Example:
      champ --log demo.log drive-time --round fuji --car 24 "Ho-Pin Tung"
    """
    append_decided(session, lambda s: [DriveTimeInfringed(round_key(s, round_), car, driver_key(s, driver))],
            actor, note)


@command("appeal")
@click.argument("decision")
@click.option("--by", help="Who appeals.")
@pass_session
def appeal(session: Session, decision, by, actor, note) -> None:
    """Lodge an appeal against a decision (its event id, or a unique prefix of it).

    \b
    Example:
      champ --log demo.log appeal 5f0c... --by "OAK Racing"
    """
    append_decided(session, lambda s: [AppealLodged(decision, by)], actor, note)


@command("decide-appeal")
@click.argument("appeal_id", metavar="APPEAL")
@click.argument("outcome", type=click.Choice([v.value for v in AppealOutcome]))
@pass_session
def decide_appeal(session: Session, appeal_id, outcome, actor, note) -> None:
    """Decide an appeal: upheld (the decision falls) or dismissed (it stands).

    \b
    Example:
      champ --log demo.log decide-appeal 7a1b... upheld
    """
    append_decided(session, lambda s: [AppealDecided(appeal_id, outcome)], actor, note)


@command("overturn")
@click.argument("decision")
@click.option("--reason")
@pass_session
def overturn(session: Session, decision, reason, actor, note) -> None:
    """Overturn a penalty or disqualification (its event id).

    \b
    Example:
      champ --log demo.log overturn 5f0c... --reason "wrong car identified"
    """
    append_decided(session, lambda s: [DecisionOverturned(decision, reason)], actor, note)


@command("adjust-points")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.option("--table", type=click.Choice(["teams", "drivers", "manufacturers"]), required=True)
@click.option("--competitor", required=True, help="A car (teams), driver or make.")
@click.option("--points", type=float, required=True, help="Points to add (negative to take).")
@click.option("--reason")
@pass_session
def adjust_points(session: Session, round_, class_, table, competitor, points, reason, actor,
                  note) -> None:
    """Add or take points in one table at one round.

    \b
    Example:
      champ --log demo.log adjust-points --round fuji --class LMP2 --table teams \\
            --competitor 24 --points -5 --reason "late to scrutineering"
    """
    def build(s):
        who = driver_key(s, competitor) if table == "drivers" else competitor
        return [PointsAdjusted(round_key(s, round_), _class(s, class_), table, who, points, reason)]

    append_decided(session, build, actor, note)
