"""Writing commands for results: poles, classifications from timing CSVs, corrections, declarations."""

from __future__ import annotations

import click

from ..errors import UsageError
from ..events import (
    ClassificationCorrected,
    PoleAwarded,
    RaceClassified,
    ResultsDeclared,
    ResultsStatus,
)
from . import Session, pass_session
from . import class_of as _class
from .writing import CSV_FILE, append_decided, csv_rows, registrar, round_key, sheet_rows

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)

# --- results --------------------------------------------------------------------------------


@command("pole")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.option("--car", required=True)
@click.option("--move", is_flag=True, help="Take the pole from the car that has it first.")
@pass_session
def pole(session: Session, round_, class_, car, move, actor, note) -> None:
    """Award pole position in a class (``--move``: from the car awarded it by mistake).

    \b
    Example:
      champ --log demo.log pole --round fuji --class LMP2 --car 24
      champ --log demo.log pole --round fuji --class LMP2 --car 18 --move
    """
    def build(s):
        from ..events import PoleRevoked

        r, c = round_key(s, round_), _class(s, class_)
        moved = [PoleRevoked(r, c, f"moved to #{car}")] if move else []
        return [*moved, PoleAwarded(r, c, car)]

    append_decided(session, build, actor, note)


@command("classify")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", help="Only this class of the file.")
@click.option("--partial", is_flag=True, help="Only the rows given are known.")
@click.option("--stopped-short", is_flag=True, help="The race was stopped short of its distance.")
@click.option("--register", is_flag=True,
              help="Record what the sheet holds and the season lacks (entries, drivers, "
                   "nominations) in the same batch.")
@click.option("--from-timing", is_flag=True,
              help="From the round's timed laps (champ timing import), by the ACO's rules, "
                   "instead of a FILE.")
@click.option("--time-limit", metavar="H:MM", help="With --from-timing: the race's duration, "
              "where the laps do not show the finish.")
@click.argument("csv_file", metavar="[FILE]", type=CSV_FILE, required=False)
@pass_session
def classify_(session: Session, round_, class_, partial, stopped_short, register, from_timing,
              time_limit, csv_file, actor, note) -> None:
    """Record a race's classification from a timing CSV (Al Kamel layout: POSITION;NUMBER;
    TEAM;DRIVER_1..n;VEHICLE;CLASS;STATUS;LAPS;TOTAL_TIME;...), one event per class in the
    file. TEAM, DRIVER_n and VEHICLE are checked against the entries and crews: every
    difference is listed, with the command that settles it; ``--register`` records the
    entries, drivers and nominations the season lacks from the sheet, in the same batch.
    A car with no crew at the round keeps the crew it last had. ``--from-timing``
    classifies from the round's timed laps instead (``champ timing import``).

    \b
    Example:
      champ --log demo.log classify --round fuji results/fuji.csv
      champ --log demo.log classify --round r1 --register examples/demo-r1.csv
    """
    if bool(csv_file) == bool(from_timing):
        raise UsageError("give a classification FILE or --from-timing (one of them)")
    if from_timing:
        return _from_timing(session, round_, class_, partial, stopped_short, time_limit,
                            actor, note)

    def build(s):
        from ..errors import RefusedError
        from ..sheet import reconcile

        r = round_key(s, round_)
        sheet = sheet_rows(s, csv_file, _class(s, class_) if class_ else None)
        found = reconcile(s, r, sheet, path=csv_file)
        refusals = found.refusals(register)
        if refusals:
            hint = ""
            if not register and any(d.missing for d in refusals):
                hint = (f"; or record what is missing from the sheet: champ classify --round "
                        f"{r} --register {csv_file}")
            raise RefusedError(f"{csv_file} differs from the season at {r} in "
                               f"{len(refusals)} place{'s' if len(refusals) > 1 else ''}: "
                               + "; ".join(f"({n}) {d}" for n, d in enumerate(refusals, 1))
                               + hint)
        races = [RaceClassified(r, c, tuple(line.row for line in rows), partial, stopped_short)
                 for c, rows in sheet.items()]
        return [*(found.missing if register else ()), *found.standing, *races]

    append_decided(session, build, actor, note)


def _from_timing(session, round_, class_, partial, stopped_short, time_limit, actor, note):
    from .timing_rows import RACE_TIME, timed_rows

    limit = RACE_TIME.convert(time_limit, None, None) if time_limit else None

    def build(s):
        r = round_key(s, round_)
        by_class = timed_rows(s, r, limit, _class(s, class_) if class_ else None)
        return [RaceClassified(r, c, rows, partial, stopped_short) for c, rows in by_class.items()]

    append_decided(session, build, actor, note)


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
        return [ClassificationCorrected(round_key(s, round_), c, csv_rows(s, csv_file, c)[c], reason)]

    append_decided(session, build, actor, note)


@command("declare")
@click.option("--round", "round_", required=True, metavar="R")
@click.option("--class", "class_", required=True)
@click.argument("status", type=click.Choice([v.value for v in ResultsStatus]))
@pass_session
def declare(session: Session, round_, class_, status, actor, note) -> None:
    """Declare a race's results provisional or final.

    \b
    Example:
      champ --log demo.log declare --round fuji --class LMP2 final
    """
    append_decided(session, lambda s: [ResultsDeclared(round_key(s, round_), _class(s, class_), status)],
            actor, note)
