"""import-f1db: every Formula One season from F1DB's tree, decided like any import."""

from __future__ import annotations

import os
import sys

import click

from ..errors import UsageError
from . import Session, pass_session


def _years(text: str | None) -> list[int] | None:
    if not text:
        return None
    years = []
    for part in text.split(","):
        part = part.strip()
        if not (part.isdecimal() and len(part) == 4):
            raise UsageError(f"--season {text!r}: years are YYYY[,YYYY...]")
        years.append(int(part))
    return years


@click.command("import-f1db")
@click.argument("path", type=click.Path(file_okay=False))
@click.option("--season", "season_text", metavar="YEAR[,YEAR...]",
              help="Only these seasons (default: every season of the tree).")
@click.option("--rules", "rules_dir", default="events/f1", show_default=True,
              type=click.Path(file_okay=False),
              help="The project's F1 files: rules/ (one file per era) and decisions/.")
@pass_session
def import_f1db(session: Session, path: str, season_text: str | None, rules_dir: str) -> None:
    """Import Formula One seasons from an F1DB source tree (PATH: the tree, or its data
    directory): each season f1-YYYY with its calendar, entries, crews, classifications,
    fastest laps and poles, and the rules and decisions of --rules. Every event is
    decided as a command would be; one batch per season; a malformed tree writes
    nothing. Importing the same tree again changes nothing.

    \b
    Example:
      champ --log f1.log import-f1db ../shared/f1db --season 1988
    """
    from ..importers.f1db_load import import_tree, years_of

    data = os.path.join(path, "data") if os.path.isdir(os.path.join(path, "data")) else path
    years = years_of(data, _years(season_text))
    store = session.writer()
    with click.progressbar(length=len(years), label="importing F1DB", file=sys.stderr,
                           show_pos=True, item_show_func=lambda s: s) as progress:
        def step(season: str) -> None:
            progress.update(1, season)

        done = import_tree(store, data, rules_dir, years, on_season=step)
    appended = sum(d.appended for d in done)
    skipped = sum(d.skipped for d in done)
    click.echo(f"imported {len(done)} seasons, {appended} events"
               + (f", {skipped} already in the log" if skipped else ""))


COMMANDS = [import_f1db]
