"""Deciders for the season itself: opening it, its classes, its rules and its tables."""

from __future__ import annotations

from .. import errors as E
from ..events import (
    ClassAdded,
    ClassDropped,
    Competitor,
    EntryScope,
    InvitationBasis,
    InvitationCondition,
    InvitationRuleAdopted,
    LineupRulesAdopted,
    ScoringRulesAdopted,
    SeasonOpened,
    TableDefined,
)
from ..projections import calendar
from ..projections.season import SeasonState
from ..rules import REGIONS
from ..rules import problem as rules_problem
from .checks import active_class, opened, scheduled, table_of
from .decision import Decision, accept


def decide_season(state: SeasonState, cmd) -> Decision:
    """Opening the season, its classes and its rules.

    - A season is opened once, before anything else.
    - A class is added when it is not active; a dropped class can be added again.
    - Only an active class can be dropped.
    - Scoring, line-up and invitation rules name active classes, a known round to start
      from, and choices the engine knows (rank styles, tie-breaks, regions, finite points).
    """
    if isinstance(cmd, SeasonOpened):
        if state.season is not None:
            raise E.Conflict(f"season {state.season!r} is already open")
        return accept(cmd)
    opened(state)
    match cmd:
        case ClassAdded():
            info = state.classes.get(cmd.class_)
            if info is not None and info.active:
                raise E.Conflict(f"class {cmd.class_!r} is already part of the season")
            return accept(cmd)
        case ClassDropped():
            return _class_dropped(state, cmd)
        case ScoringRulesAdopted():
            for c in cmd.classes:
                active_class(state, c)
                for t in cmd.tables:
                    table_of(state, c, t)
            if cmd.from_round is not None:
                scheduled(state, cmd.from_round)
            wrong = rules_problem(cmd.rules)
            if wrong:
                raise E.RefusedError(f"scoring rules: {wrong}")
            return accept(cmd)
        case LineupRulesAdopted():
            return _lineup_rules(state, cmd)
        case TableDefined():
            return _table_defined(state, cmd)
        case InvitationRuleAdopted():
            return _invitation_rule(state, cmd)
    raise TypeError(cmd)


def _class_dropped(state: SeasonState, cmd: ClassDropped) -> Decision:
    """- A class with results keeps them and its standings: the office is told so."""
    active_class(state, cmd.class_)
    raced = sorted({k[0] for k in state.results.races if k[1] == cmd.class_},
                   key=lambda r: calendar.numbers(state.calendar).get(r, 0))
    if raced:
        return accept(cmd, f"{cmd.class_} has results at {', '.join(raced)}: they and its "
                      "standings stay as recorded; no more results can be recorded in it "
                      f"until champ add-class {cmd.class_}")
    return accept(cmd)


def _lineup_rules(state: SeasonState, cmd: LineupRulesAdopted) -> Decision:
    """- A line-up rule allows at least one driver a car and one car a driver, and names a
      known region."""
    for c in cmd.classes:
        active_class(state, c)
    if cmd.max_drivers < 1:
        raise E.RefusedError("a line-up rule allows at least one driver a car")
    if cmd.required_region not in (None, *REGIONS):
        raise E.RefusedError(f"unknown region {cmd.required_region!r} "
                             f"(known: {', '.join(REGIONS)})")
    if cmd.cars_per_driver < 1:
        raise E.RefusedError("a line-up rule lets a driver drive at least one car a round")
    return accept(cmd)


def _table_defined(state: SeasonState, cmd: TableDefined) -> Decision:
    """- A table is defined once, for active classes, ranking a known kind of competitor
      (car, driver, make), admitting a known scope of entries (all, private, factory),
      before any result is recorded."""
    if cmd.table in state.tables:
        raise E.Conflict(f"table {cmd.table!r} is already defined")
    for c in cmd.classes:
        active_class(state, c)
    if cmd.competitor not in set(Competitor):
        raise E.RefusedError(f"unknown competitor kind {cmd.competitor!r} "
                             f"(one of {', '.join(Competitor)})")
    if cmd.entries not in set(EntryScope):
        raise E.RefusedError(f"unknown entry scope {cmd.entries!r} "
                             f"(one of {', '.join(EntryScope)})")
    if state.results.races:
        raise E.Conflict(f"table {cmd.table!r} comes too late: results are already recorded")
    return accept(cmd)


def _invitation_rule(state: SeasonState, cmd: InvitationRuleAdopted) -> Decision:
    """- An invitation rule names a table of an active class, invites at least one, per team
      or per car, on conditions the engine knows."""
    active_class(state, cmd.class_)
    table_of(state, cmd.class_, cmd.table)
    if cmd.top_n < 1:
        raise E.RefusedError("an invitation rule invites at least one")
    if cmd.per not in set(InvitationBasis):
        raise E.RefusedError(f"invitations go per team or per car, not {cmd.per!r}")
    unknown = [c for c in cmd.conditions if c not in set(InvitationCondition)]
    if unknown:
        raise E.RefusedError(f"unknown invitation condition {unknown[0]!r}")
    return accept(cmd)


#: the commands this family decides
COMMANDS = {decide_season: (SeasonOpened, ClassAdded, ClassDropped, ScoringRulesAdopted,
                           LineupRulesAdopted, TableDefined, InvitationRuleAdopted)}
