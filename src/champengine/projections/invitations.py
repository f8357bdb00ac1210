"""Invitations earned through the standings (the 24 Hours of Le Mans, in the ACO's series)."""

from __future__ import annotations

import attrs

from ..events import InvitationBasis, InvitationCondition
from . import calendar
from .season import SeasonState
from .standings import table

CONDITIONS = {InvitationCondition.ENTERED_EVERY_ROUND: "entered every round of the season"}


@attrs.frozen
class Invitation:
    event: str
    category: str
    class_: str
    team: str
    car: str | None
    position: int
    provisional: bool


def in_force(state: SeasonState) -> list:
    """The invitation rules in force: a rule adopted again for the same event, class,
    table and category replaces the earlier one."""
    latest = {(r.event, r.class_, r.table, r.category): r for r in state.invitation_rules}
    return list(latest.values())


def granted(state: SeasonState, upto: int | None = None) -> list[Invitation]:
    """The invitations the rules in force give on the standings after round ``upto``."""
    out: list[Invitation] = []
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, upto)]
    for rule in in_force(state):
        standings = table(state, rule.class_, rule.table, upto)
        # "every round": every round the class has raced so far, not rounds still to come
        held = {r for r in rounds if (r, rule.class_) in state.results.races}
        teams_seen: set[str] = set()
        invited = 0
        for row in standings.rows:
            if invited >= rule.top_n:
                break
            if row.position is None:
                continue
            if InvitationCondition.ENTERED_EVERY_ROUND in rule.conditions and not held <= dict(row.by_round).keys():
                continue
            team = row.team or row.name
            if rule.per == InvitationBasis.TEAM:
                if team in teams_seen:
                    continue
                teams_seen.add(team)
            out.append(Invitation(rule.event, rule.category, rule.class_, team, row.car,
                                  row.position, row.provisional))
            invited += 1
    return out
