"""Commands on the log itself: init, import, log show|export|verify|repair."""

from __future__ import annotations

import sys

import click

from . import Session, pass_session


@click.command()
@pass_session
def init(session: Session) -> None:
    """Create an empty log file.

    \b
    Example:
      champ --log season.log init
    """
    if session.store_url:
        session.writer()  # opening a store creates its table
        click.echo(f"ready: {session.where}")
        return
    from ..store.file import create_log

    path = session.need_log()
    create_log(path)
    click.echo(f"created {path}")


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@pass_session
def import_(session: Session, file: str) -> None:
    """Import a JSON Lines file of events into the log: every event is checked as a
    command would be, and the whole file lands or nothing does. Importing the same
    file again changes nothing.

    \b
    Example:
      champ --log season.log import events/aslms-2013.jsonl
    """
    from ..recorder import import_text
    from .progress import bar

    data = _read_input(file)
    store = session.writer()
    with bar(data.count(b"\n"), f"importing {file}") as progress:
        outcome = import_text(store, data, name=file, default_season=session.season,
                              on_event=progress.update)
    for warning in outcome.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"imported {len(outcome.appended)} events"
               + (f", {outcome.skipped} already in the log" if outcome.skipped else ""))


def _read_input(file: str) -> bytes:
    from ..inputs import read_input

    return read_input(file)


@click.group()
def log() -> None:
    """Look at, export, verify and repair the log file."""


@log.command()
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N events.")
@click.option("--type", "types", multiple=True, metavar="TYPE",
              help="Only events of this type (repeatable), e.g. PenaltyImposed.")
@pass_session
def show(session: Session, limit: int | None, types: tuple[str, ...]) -> None:
    """List the log's events, one a line: seq, recorded_at, id (what an appeal or an
    overturn names), type, its fields.

    \b
    Example:
      champ --log events/aslms-2013.jsonl log show --limit 3
    """
    from ..codec import format_time, payload_to_dict
    from .render import printable

    store = session.reader()
    seasons = [session.season_of(store)] if session.season else store.seasons()
    shown = 0
    for env in store.read_all():
        if env.season not in seasons or (types and env.type not in types):
            continue
        fields = " ".join(f"{k}={v}" for k, v in payload_to_dict(env.payload).items()
                          if v not in (None, [], (), False))
        click.echo(printable(f"{env.season} #{env.seq:<4} {format_time(env.recorded_at)}  "
                             f"{env.id}  {env.type}  {fields}"))
        shown += 1
        if limit and shown >= limit:
            break


@log.command()
@pass_session
def export(session: Session) -> None:
    """Write the log as JSON Lines to stdout: every field of every event, in log order.

    \b
    Example:
      champ --log season.log log export > season.jsonl
    """
    from ..codec import envelope_to_line

    store = session.reader()
    season = session.season_of(store) if session.season else None
    out = sys.stdout
    for env in store.read_all():
        if season is None or env.season == season:
            out.write(envelope_to_line(env) + "\n")


@log.command()
@pass_session
def verify(session: Session) -> None:
    """Check every frame of the log file; exit 1 with the offset of any damage. On a store
    (``--store``): positions gapless, seqs contiguous, every body decoding.

    \b
    Example:
      champ --log season.log log verify
      champ --store postgresql://postgres@127.0.0.1/test log verify
    """
    import os

    if session.store_url:
        ok, line = session.reader().verify()
        if ok:
            click.echo(line)
            return
        click.echo(f"champ: {line}", err=True)
        sys.exit(1)

    from ..store.check import verify as verify_file
    from .progress import bar

    path = session.need_log()
    size = os.path.getsize(path) if os.path.exists(path) else 0
    with bar(size // 100, f"verifying {path}") as progress:
        verdict = verify_file(path, on_bytes=lambda n: progress.update(n // 100))
    if verdict.ok:
        click.echo(verdict.describe())
        return
    click.echo(f"champ: {verdict.describe()}", err=True)
    sys.exit(1)


@log.command()
@pass_session
def repair(session: Session) -> None:
    """Cut a torn tail (an append cut short) off the log, keeping the cut bytes in a
    side file. Refuses to cut anything else.

    \b
    Example:
      champ --log season.log log repair
    """
    from ..store.check import repair as repair_file

    result = repair_file(session.need_log())
    if result.side_file is None:
        click.echo("nothing to repair: the log is whole")
    else:
        click.echo(f"cut {result.cut_bytes} bytes at byte {result.cut_at}; "
                   f"kept in {result.side_file}")


COMMANDS = [init, import_, log]
