"""Writing commands: one per command of the catalog. Each is decided against the
season as the log holds it, prints what it appended (and any warnings), and
appends nothing when refused."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable

import click

from ..errors import UsageError
from ..events import (
    AppealDecided,
    AppealLodged,
    CarDisqualified,
    ClassAdded,
    ClassDropped,
    ClassificationCorrected,
    DecisionOverturned,
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    DriveTimeInfringed,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
    InvitationRuleAdopted,
    PenaltyImposed,
    PointsAdjusted,
    PoleAwarded,
    RaceClassified,
    Ranking,
    ResultsDeclared,
    RoundCancelled,
    RoundRelocated,
    RoundRescheduled,
    RoundScheduled,
    ScoringRules,
    ScoringRulesAdopted,
    SeasonOpened,
    class_named,
)
from . import DateParam, Session, pass_session
from . import class_of as _class

COMMANDS: list[click.Command] = []


def writing(f):
    """The options every writing command shares: who records it and why."""
    f = click.option("--note", help="Why it is recorded (the audit text).")(f)
    f = click.option("--actor", default=lambda: getpass.getuser(), show_default="your user name",
                     help="Who records it.")(f)
    return f


def command(name: str):
    def register(f):
        cmd = click.command(name)(writing(f))
        COMMANDS.append(cmd)
        return cmd
    return register


def _record(session: Session, build: Callable, actor: str, note: str | None,
            *, season: str | None = None) -> None:
    """Read the season, build the commands from its state, decide and append them."""
    from ..projections.season import SeasonState, fold
    from ..recorder import record

    store = session.writer()
    season = season or session.season_of(store)
    state = fold(store.read(season)) if store.last_seq(season) else SeasonState()
    commands = build(state)
    outcome = record(store, season, commands, actor=actor, note=note, state=state)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    from ..codec import payload_to_dict

    for env in outcome.appended:
        fields = " ".join(f"{k}={v}" for k, v in payload_to_dict(env.payload).items()
                          if v not in (None, [], (), False) and k != "rows")
        click.echo(f"appended {env.season} seq {env.seq}: {env.type} {fields} (id {env.id})")


# --- resolving what the user typed ---------------------------------------------------


def _round(state, text: str) -> str:
    from ..timeline import resolve_round

    if text in state.calendar.rounds:
        return text
    return resolve_round(state, text)[1]


def _new_class_key(text: str) -> str:
    """A catalog class by key or alias in its catalog spelling; any other name as given."""
    return class_named(text) or text.strip()


def _driver(state, text: str) -> str:
    from ..projections.entry_list import find_driver

    driver = find_driver(state.entries, text)
    if driver is None:
        raise UsageError(f"no driver registered as {text!r}")
    return driver.key


def _csv(state, path: str, class_: str | None):
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
    _record(session, lambda s: [SeasonOpened(season, series, year)], actor, note, season=season)


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
    _record(session, lambda s: [ClassAdded(_new_class_key(class_), name, reason)], actor, note)


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
    _record(session, lambda s: [ClassDropped(_class(s, class_), None, reason)], actor, note)


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
    _record(session, lambda s: [ScoringRulesAdopted(
        tuple(_class(s, c) for c in classes), rules,
        _round(s, from_round) if from_round else None)], actor, note)


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
              type=click.Choice(["entered_every_round"]), help="A condition (repeatable).")
@pass_session
def adopt_invitation_rule(session: Session, event, class_, table, top_n, category, per,
                          conditions, actor, note) -> None:
    """Adopt a rule that invites the top of a standings table to an event.

    \b
    Example:
      champ --log demo.log adopt-invitation-rule --event "24 Hours of Le Mans" \\
            --class LMP2 --top 1 --category LMP2
    """
    _record(session, lambda s: [InvitationRuleAdopted(
        event, _class(s, class_), table, top_n, category, per, tuple(conditions))], actor, note)


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
    _record(session, lambda s: [RoundScheduled(round_, name, circuit, country, date)], actor, note)


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
    _record(session, lambda s: [RoundRescheduled(_round(s, round_), date)], actor, note)


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
    _record(session, lambda s: [RoundRelocated(_round(s, round_), circuit)], actor, note)


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
    _record(session, lambda s: [RoundCancelled(_round(s, round_), reason)], actor, note)


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
    _record(session, lambda s: [EntryRegistered(
        car, _class(s, class_), team, nationality, chassis, engine, make, tyres,
        _round(s, from_round) if from_round else None, tuple(aliases))], actor, note)


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
    _record(session, lambda s: [EntryCarChanged(car, _round(s, from_round), chassis, engine,
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
    _record(session, lambda s: [EntryWithdrawn(car, _round(s, from_round), reason)], actor, note)


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
    _record(session, lambda s: [DriverRegistered(driver, name, tuple(aliases), nationality,
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
    _record(session, lambda s: [DriverNominated(_round(s, round_), car, _driver(s, d))
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
    _record(session, lambda s: [DriverReleased(_round(s, round_), car, _driver(s, driver))],
            actor, note)


# --- results --------------------------------------------------------------------------------


@command("pole")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.option("--car", required=True)
@pass_session
def pole(session: Session, round_, class_, car, actor, note) -> None:
    """Award pole position in a class.

    \b
    Example:
      champ --log demo.log pole --round fuji --class LMP2 --car 24
    """
    _record(session, lambda s: [PoleAwarded(_round(s, round_), _class(s, class_), car)],
            actor, note)


@command("classify")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", help="Only this class of the file.")
@click.option("--partial", is_flag=True, help="Only the rows given are known.")
@click.option("--stopped-short", is_flag=True, help="The race was stopped short of its distance.")
@click.argument("csv_file", metavar="FILE", type=CSV_FILE)
@pass_session
def classify_(session: Session, round_, class_, partial, stopped_short, csv_file, actor,
              note) -> None:
    """Record a race's classification from a timing CSV (Al Kamel layout: POSITION;NUMBER;
    ...;CLASS;...;STATUS;LAPS;TOTAL_TIME;...), one event per class in the file.

    \b
    Example:
      champ --log demo.log classify --round fuji results/fuji.csv
    """
    def build(s):
        r = _round(s, round_)
        by_class = _csv(s, csv_file, _class(s, class_) if class_ else None)
        return [RaceClassified(r, c, rows, partial, stopped_short) for c, rows in by_class.items()]

    _record(session, build, actor, note)


@command("correct")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.option("--reason")
@click.argument("csv_file", metavar="FILE", type=CSV_FILE)
@pass_session
def correct(session: Session, round_, class_, reason, csv_file, actor, note) -> None:
    """Correct a classification (a clerical fix) from a timing CSV.

    \b
    Example:
      champ --log demo.log correct --round fuji --class GTC --reason "car 7 missed" fixed.csv
    """
    def build(s):
        c = _class(s, class_)
        return [ClassificationCorrected(_round(s, round_), c, _csv(s, csv_file, c)[c], reason)]

    _record(session, build, actor, note)


@command("declare")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.argument("status", type=click.Choice(["provisional", "final"]))
@pass_session
def declare(session: Session, round_, class_, status, actor, note) -> None:
    """Declare a race's results provisional or final.

    \b
    Example:
      champ --log demo.log declare --round fuji --class LMP2 final
    """
    _record(session, lambda s: [ResultsDeclared(_round(s, round_), _class(s, class_), status)],
            actor, note)


# --- stewards ------------------------------------------------------------------------------


@command("penalty")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--car", required=True)
@click.option("--kind", type=click.Choice(["time", "laps", "positions", "points"]), required=True)
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
    _record(session, lambda s: [PenaltyImposed(_round(s, round_), car, kind, value, reason)],
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
    _record(session, lambda s: [CarDisqualified(_round(s, round_), car, reason)], actor, note)


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
    _record(session, lambda s: [DriveTimeInfringed(_round(s, round_), car, _driver(s, driver))],
            actor, note)


@command("appeal")
@click.argument("decision")
@click.option("--by", help="Who appeals.")
@pass_session
def appeal(session: Session, decision, by, actor, note) -> None:
    """Lodge an appeal against a decision (its event id).

    \b
    Example:
      champ --log demo.log appeal 5f0c... --by "OAK Racing"
    """
    _record(session, lambda s: [AppealLodged(decision, by)], actor, note)


@command("decide-appeal")
@click.argument("appeal_id", metavar="APPEAL")
@click.argument("outcome", type=click.Choice(["upheld", "dismissed"]))
@pass_session
def decide_appeal(session: Session, appeal_id, outcome, actor, note) -> None:
    """Decide an appeal: upheld (the decision falls) or dismissed (it stands).

    \b
    Example:
      champ --log demo.log decide-appeal 7a1b... upheld
    """
    _record(session, lambda s: [AppealDecided(appeal_id, outcome)], actor, note)


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
    _record(session, lambda s: [DecisionOverturned(decision, reason)], actor, note)


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
        who = _driver(s, competitor) if table == "drivers" else competitor
        return [PointsAdjusted(_round(s, round_), _class(s, class_), table, who, points, reason)]

    _record(session, build, actor, note)
