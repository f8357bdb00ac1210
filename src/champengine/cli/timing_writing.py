"""``champ timing`` writing commands: laps into a round, drive-time rules into the season."""

from __future__ import annotations

import click

from . import Session, pass_session
from .timing_rows import LAP_FILE, RACE_TIME, read_race_file
from .writing import writing

COMMANDS: list[click.Command] = []


@click.command("import")
@click.option("--round", "round_", required=True, metavar="R", help="The round the laps are of.")
@click.option("--entered-only", is_flag=True,
              help="Skip the cars the season has not entered at the round (a race's guests, "
                   "such as Le Mans' one-off entries and LMP2), naming them, instead of "
                   "refusing.")
@click.argument("lap_file", metavar="FILE", type=LAP_FILE)
@writing
@pass_session
def import_laps(session: Session, round_, entered_only, lap_file, actor, note) -> None:
    """Append a lap analysis file's laps to a round, as one batch, each lap checked by the
    season's rules. A later export of the same race appends only its new laps; an export
    that contradicts a lap recorded is refused, naming the first contradiction. A car the
    season has not entered at the round is refused, or with ``--entered-only`` skipped.

    \b
    Example:
      champ --log wec.log timing import --round qatar ../shared/timing/wec/2025/qatar_1812km.csv
    """
    from ..importers.timed_laps import record_laps, skip_guests
    from ..projections.season import SeasonState, fold
    from .progress import bar
    from .writing import round_key

    store = session.writer()
    season = session.season_of(store)
    state = fold(store.read(season)) if store.last_seq(season) else SeasonState()
    key = round_key(state, round_)
    race = read_race_file(lap_file, None)
    if entered_only:
        race, guests = skip_guests(state, key, race)
        if guests:
            cars = "1 car" if len(guests) == 1 else f"{len(guests)} cars"
            click.echo(f"{lap_file}: {cars} not entered, skipped: "
                       + ", ".join(f"#{car}" for car in guests), err=True)
    with bar(sum(len(run.laps) for run in race.runs), "checking laps") as progress:
        done = record_laps(store, season, state, key, race, name=lap_file, actor=actor,
                           note=note, on_event=progress.update)
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)
    appended = done.appended
    cars = len({env.payload.car for env in appended})
    span = f" (seq {appended[0].seq} to {appended[-1].seq})" if appended else ""
    click.echo(f"{season} {key}: {len(appended)} new laps of {cars} cars appended{span}; "
               f"{done.known} laps already recorded")


COMMANDS.append(import_laps)


class GradedParam(click.ParamType):
    """``bronze,silver=1:45``: gradings and their minimum drive time."""

    name = "GRADING[,GRADING]=H:MM"

    def convert(self, value, param, ctx):
        from ..events import GradedMinimum

        if isinstance(value, GradedMinimum):
            return value
        gradings, sep, limit = value.partition("=")
        names = tuple(g.strip().casefold() for g in gradings.split(",") if g.strip())
        if not sep or not names:
            self.fail(f"{value!r} is not GRADING[,GRADING]=H:MM", param, ctx)
        return GradedMinimum(names, RACE_TIME.convert(limit, param, ctx))


@click.command("adopt-drive-rules")
@click.option("--class", "classes", required=True, multiple=True,
              help="A class the rules are for (repeatable).")
@click.option("--min", "minimum", type=RACE_TIME, metavar="H:MM",
              help="The minimum drive time of every driver.")
@click.option("--graded", multiple=True, type=GradedParam(),
              help="The minimum of drivers of some gradings, e.g. bronze,silver=1:45 "
                   "(repeatable).")
@click.option("--max", "maximum", type=RACE_TIME, metavar="H:MM",
              help="The maximum drive time of every driver.")
@click.option("--round", "rounds", multiple=True, metavar="R",
              help="Only at this round (repeatable; none: every round).")
@writing
@pass_session
def adopt_drive_rules(session: Session, classes, minimum, graded, maximum, rounds, actor,
                      note) -> None:
    """Adopt drive-time rules for classes: a minimum per driver (by grading where given)
    and a maximum; ``champ timing drivers --round R`` then warns of each breach.

    \b
    Example:
      champ --log wec.log timing adopt-drive-rules --class LMGT3 --min 0:45 --graded bronze,silver=1:45 --max 3:30
    """
    from ..events import DriveTimeRulesAdopted
    from . import class_of
    from .writing import append_decided, round_key

    append_decided(session, lambda s: [DriveTimeRulesAdopted(
        tuple(class_of(s, c) for c in classes), minimum, maximum, tuple(graded),
        tuple(round_key(s, r) for r in rounds))], actor, note)


COMMANDS.append(adopt_drive_rules)
