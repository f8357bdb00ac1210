"""Deciders for the stewards and the federation: penalties, disqualifications, drive-time
infringements, appeals, overturns, points adjustments and exclusions from a table."""

from __future__ import annotations

import math

from .. import errors as E
from ..events import (
    CLASSIFIED,
    AppealDecided,
    AppealLodged,
    AppealOutcome,
    CarDisqualified,
    CompetitorExcluded,
    DecisionOverturned,
    DriveTimeInfringed,
    PenaltyImposed,
    PenaltyKind,
    PointsAdjusted,
)
from ..projections.classification import parse_time, session_key
from ..projections.season import SeasonState
from .checks import active_class, competes, entry_of, opened, raced, scheduled, table_of
from .decision import Decision, accept


def decide_stewards(state: SeasonState, cmd) -> Decision:
    """Penalties, disqualifications, drive-time infringements, appeals and overturns.

    - A decision names a car classified in its race at a running round.
    - A penalty is of a known kind with a positive value.
    - A car is disqualified from a race once (while the first disqualification stands).
    - A drive-time infringement names a driver of that car at that round.
    - An appeal names a decision in the log, not already under appeal.
    - An appeal is decided once, upheld or dismissed.
    - Only a decision that stands can be overturned.
    - A points adjustment names a running round, an active class, a table and a
      competitor of that table.
    - An exclusion from a table names a competitor of that table, once.
    """
    opened(state)
    results = state.results
    match cmd:
        case PenaltyImposed():
            raced(state, cmd.round, cmd.car)
            if cmd.kind not in set(PenaltyKind):
                raise E.RefusedError(f"unknown penalty kind {cmd.kind!r} "
                                     f"(one of {', '.join(PenaltyKind)})")
            if not (math.isfinite(cmd.value) and cmd.value > 0):
                raise E.RefusedError("a penalty's value must be a positive number")
            if cmd.kind == PenaltyKind.TIME:
                _times_known(state, cmd)
        case CarDisqualified():
            raced(state, cmd.round, cmd.car)
            if any(isinstance(d.payload, CarDisqualified) and d.car == cmd.car
                   for d in results.standing(cmd.round)):
                raise E.Conflict(f"car #{cmd.car} is already disqualified at {cmd.round!r}")
        case DriveTimeInfringed():
            raced(state, cmd.round, cmd.car)
            if cmd.driver not in state.entries.crew(cmd.round, cmd.car):
                raise E.UnknownDriver(f"{cmd.driver} did not drive car #{cmd.car} "
                                      f"at {cmd.round!r}")
        case AppealLodged():
            if cmd.decision not in results.decisions:
                raise E.UnknownDecision(f"no decision {cmd.decision} in the log")
            if results.pending_appeal(cmd.decision):
                raise E.Conflict(f"decision {cmd.decision} is already under appeal")
        case AppealDecided():
            appeal = results.appeals.get(cmd.appeal)
            if appeal is None:
                raise E.UnknownDecision(f"no appeal {cmd.appeal} in the log")
            if appeal.outcome is not None:
                raise E.Conflict(f"appeal {cmd.appeal} was already {appeal.outcome}")
            if cmd.outcome not in set(AppealOutcome):
                raise E.RefusedError(f"an appeal is upheld or dismissed, not {cmd.outcome!r}")
        case DecisionOverturned():
            if cmd.decision not in results.decisions:
                raise E.UnknownDecision(f"no decision {cmd.decision} in the log")
            if cmd.decision in results.fallen:
                raise E.Conflict(f"decision {cmd.decision} no longer stands")
        case PointsAdjusted():
            if not math.isfinite(cmd.points):
                raise E.RefusedError("points adjusted must be a finite number")
            scheduled(state, cmd.round)
            _table_competitor(state, cmd)
        case CompetitorExcluded():
            _table_competitor(state, cmd)
            if (cmd.class_, cmd.table, cmd.competitor) in state.exclusions:
                raise E.Conflict(f"{cmd.competitor!r} is already excluded from the {cmd.class_} "
                                 f"{cmd.table} table")
        case _:
            raise TypeError(cmd)
    return accept(cmd)


def _table_competitor(state: SeasonState, cmd: PointsAdjusted | CompetitorExcluded) -> None:
    active_class(state, cmd.class_)
    spec = table_of(state, cmd.class_, cmd.table)
    if not competes(state, spec, cmd.class_, cmd.competitor):
        raise E.RefusedError(f"{cmd.competitor!r} is not in the {cmd.class_} {cmd.table} table")


def _times_known(state: SeasonState, cmd: PenaltyImposed) -> None:
    """- A time penalty needs the race's times: every finisher's total time, so that the
      penalised time can place the car (a race recorded without times is refused)."""
    entry = entry_of(state, cmd.car)
    race = state.results.races.get(session_key(cmd.round, entry.class_, cmd.session))
    if race is None:
        return
    untimed = [row.car for row in race.rows if row.status == CLASSIFIED
               and parse_time(row.time) is None]
    if untimed:
        raise E.RefusedError(
            f"the {entry.class_} race at {cmd.round!r} was recorded without times (car "
            f"#{untimed[0]} has none): a time penalty cannot place car #{cmd.car}; give it in "
            "positions or laps (champ penalty --kind positions), or record the times first "
            "(champ correct with the timing sheet)")


#: the commands this family decides
COMMANDS = {decide_stewards: (PenaltyImposed, CarDisqualified, DriveTimeInfringed, AppealLodged,
                              AppealDecided, DecisionOverturned, PointsAdjusted,
                              CompetitorExcluded)}
