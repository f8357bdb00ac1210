"""Writing commands for results: poles, classifications from timing CSVs, corrections, declarations."""

from __future__ import annotations

import click

from ..events import (
    ClassificationCorrected,
    PoleAwarded,
    RaceClassified,
    ResultsDeclared,
)
from . import Session, pass_session
from . import class_of as _class
from .writing import CSV_FILE, append_decided, csv_rows, registrar, round_key

COMMANDS: list[click.Command] = []
command = registrar(COMMANDS)

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
    append_decided(session, lambda s: [PoleAwarded(round_key(s, round_), _class(s, class_), car)],
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
        r = round_key(s, round_)
        by_class = csv_rows(s, csv_file, _class(s, class_) if class_ else None)
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
@click.argument("status", type=click.Choice(["provisional", "final"]))
@pass_session
def declare(session: Session, round_, class_, status, actor, note) -> None:
    """Declare a race's results provisional or final.

    \b
    Example:
      champ --log demo.log declare --round fuji --class LMP2 final
    """
    append_decided(session, lambda s: [ResultsDeclared(round_key(s, round_), _class(s, class_), status)],
            actor, note)
