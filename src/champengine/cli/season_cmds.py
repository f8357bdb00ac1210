"""Writing commands for the season itself: opening it, its classes and its rules."""

from __future__ import annotations

import click

from ..errors import UsageError
from ..events import (
    ClassAdded,
    ClassDropped,
    InvitationCondition,
    InvitationRuleAdopted,
    LineupRulesAdopted,
    Ranking,
    ScoringRules,
    ScoringRulesAdopted,
    SeasonOpened,
)
from . import Session, pass_session
from . import class_of as _class
from .writing import append_decided, new_class_key, registrar, round_key

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)

# --- the season ------------------------------------------------------------------------


@command("open-season")
@click.argument("season")
@click.option("--series", required=True, help="The series' name.")
@click.option("--year", required=True, type=int, help="The season's year.")
@pass_session
def open_season(session: Session, season: str, series: str, year: int, actor, note) -> None:
    """Open a season in the log.

    \b
    Example:
      champ --log demo.log open-season demo-2025 --series "Demo Series" --year 2025
    """
    append_decided(session, lambda s: [SeasonOpened(season, series, year)], actor, note, season=season)


@command("add-class")
@click.argument("class_", metavar="CLASS")
@click.option("--name", help="The class's full name.")
@click.option("--reason")
@pass_session
def add_class(session: Session, class_: str, name, reason, actor, note) -> None:
    """Add a class to the season (a dropped class can be added again).

    \b
    Example:
      champ --log demo.log add-class LMP2 --name "Le Mans Prototype 2"
    """
    append_decided(session, lambda s: [ClassAdded(new_class_key(class_), name, reason)], actor, note)


@command("drop-class")
@click.argument("class_", metavar="CLASS")
@click.option("--reason")
@pass_session
def drop_class(session: Session, class_: str, reason, actor, note) -> None:
    """Drop a class from the season.

    \b
    Example:
      champ --log demo.log drop-class LMGTE --reason "too few entries"
    """
    append_decided(session, lambda s: [ClassDropped(_class(s, class_), None, reason)], actor, note)


def _numbers(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(x) for x in text.split(","))
    except ValueError:
        raise UsageError(f"--points takes numbers separated by commas, not {text!r}") from None


def _ranking(text: str) -> Ranking:
    style, _, tiebreaks = text.partition(":")
    return Ranking(style, tuple(t for t in tiebreaks.split(",") if t))


@command("adopt-rules")
@click.option("--class", "classes", multiple=True, required=True, help="A class (repeatable).")
@click.option("--from-round", metavar="R", help="The first round they apply to.")
@click.option("--points", default="25,18,15,12,10,8,6,4,2,1", show_default=True,
              help="Points by class position.")
@click.option("--points-beyond", type=float, default=0, show_default=True,
              help="Points for each classified car past the scale.")
@click.option("--pole", type=float, default=1, show_default=True, help="Points for pole.")
@click.option("--pole-lost-on-dsq", is_flag=True, help="A disqualification takes the pole point.")
@click.option("--short-race-factor", type=float, default=1.0, show_default=True,
              help="Share of points for a race stopped short (0.5: half points).")
@click.option("--best-results", type=int, help="Only the best N round scores count.")
@click.option("--drive-time-forfeit/--no-drive-time-forfeit", default=True, show_default=True,
              help="A driver who broke the minimum drive time scores nothing that round.")
@click.option("--manufacturer-best-cars", type=int, help="A make scores its best N cars a race.")
@click.option("--drivers-rank", default="dense", show_default=True,
              help="STYLE[:TIEBREAK,...] for drivers (styles dense, competition, unique; "
                   "tie-breaks countback, first_best, last_result).")
@click.option("--teams-rank", default="unique:countback,first_best", show_default=True)
@click.option("--manufacturers-rank", default="unique:countback,first_best", show_default=True)
@pass_session
def adopt_rules(session: Session, classes, from_round, points, points_beyond, pole,
                pole_lost_on_dsq, short_race_factor, best_results, drive_time_forfeit,
                manufacturer_best_cars, drivers_rank, teams_rank, manufacturers_rank,
                actor, note) -> None:
    """Adopt scoring rules for classes (from a round on, or the whole season).

    \b
    Example:
      champ --log demo.log adopt-rules --class LMP2 --class GTC --pole 1
    """
    rules = ScoringRules(
        points=_numbers(points), points_beyond=points_beyond, pole=pole,
        pole_lost_on_dsq=pole_lost_on_dsq, short_race_factor=short_race_factor,
        best_results=best_results, drive_time_forfeit=drive_time_forfeit,
        manufacturer_best_cars=manufacturer_best_cars, drivers=_ranking(drivers_rank),
        teams=_ranking(teams_rank), manufacturers=_ranking(manufacturers_rank))
    append_decided(session, lambda s: [ScoringRulesAdopted(
        tuple(_class(s, c) for c in classes), rules,
        round_key(s, from_round) if from_round else None)], actor, note)


@command("adopt-invitation-rule")
@click.option("--event", required=True, help="The event invited to.")
@click.option("--class", "class_", required=True, help="The class whose standings count.")
@click.option("--table", type=click.Choice(["teams", "drivers", "manufacturers"]),
              default="teams", show_default=True)
@click.option("--top", "top_n", type=click.IntRange(min=1), required=True,
              help="How many are invited.")
@click.option("--category", required=True, help="The category they are invited into.")
@click.option("--per", type=click.Choice(["team", "car"]), default="team", show_default=True)
@click.option("--condition", "conditions", multiple=True,
              type=click.Choice([v.value for v in InvitationCondition]), help="A condition (repeatable).")
@pass_session
def adopt_invitation_rule(session: Session, event, class_, table, top_n, category, per,
                          conditions, actor, note) -> None:
    """Adopt a rule that invites the top of a standings table to an event.

    \b
    Example:
      champ --log demo.log adopt-invitation-rule --event "24 Hours of Le Mans" \\
            --class LMP2 --top 1 --category LMP2
    """
    append_decided(session, lambda s: [InvitationRuleAdopted(
        event, _class(s, class_), table, top_n, category, per, tuple(conditions))], actor, note)


@command("adopt-lineup-rule")
@click.option("--class", "classes", multiple=True, required=True, help="A class (repeatable).")
@click.option("--max-drivers", type=click.IntRange(min=1), default=3, show_default=True,
              help="The most drivers a car may have at a round (more are refused).")
@click.option("--required-region", help="A region a crew needs a driver from, e.g. Asia "
                                        "(a crew without one is warned of, not refused).")
@pass_session
def adopt_lineup_rule(session: Session, classes, max_drivers, required_region, actor,
                      note) -> None:
    """Adopt line-up rules for classes: the crew cap and a region a crew needs a driver from.

    \b
    Example:
      champ --log demo.log adopt-lineup-rule --class LMP2 --class GTC --required-region Asia
    """
    append_decided(session, lambda s: [LineupRulesAdopted(
        tuple(_class(s, c) for c in classes), max_drivers, required_region)], actor, note)
