"""``champ serve``: the reading commands over HTTP; ``champ follow``: the live stream
in a terminal."""

from __future__ import annotations

import click

from . import Session, pass_session


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port, printed on start).")
@click.option("--f1db", metavar="PATH", envvar="F1DB", type=click.Path(file_okay=False),
              help="F1DB's tree: the Ergast routes add what its reference files say beside "
                   "the results (dates of birth, codes, nationalities, circuits).")
@pass_session
def serve(session: Session, host: str, port: int, f1db: str | None) -> None:
    """Serve the log read-only over HTTP: every reading command's JSON (the point in time
    as query parameters), a what-if by POST, Ergast-shaped F1 routes, a live stream per
    season, and the pages.

    \b
    Example:
      champ --log events/aslms-2013.jsonl serve --port 8000
      curl 'http://127.0.0.1:8000/seasons/aslms-2013/standings/LMP2/drivers?after_round=3'
    """
    import uvicorn

    from ..serve.app import make_app

    store = session.reader()
    if session.season:
        session.season_of(store)
    app = make_app(store, store_url=session.store_url, f1db=f1db)
    click.echo(f"champ: serving {session.log or 'the store'} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=1)


@click.command()
@click.option("--after", type=click.IntRange(min=0), metavar="SEQ",
              help="Start after this seq (default: the log's end now).")
@click.option("--count", type=click.IntRange(min=1), metavar="N",
              help="Stop after N messages.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="One line a message: text, or the stream's JSON.")
@pass_session
def follow(session: Session, after, count, fmt) -> None:
    """Print a line each time the season's log grows: its seq, the events' types and the
    standings rows they moved (what ``champ serve`` streams); Ctrl-C stops.

    \b
    Example:
      champ --log season.log follow --after 280 --count 1
    """
    import json
    import time

    from ..serve.library import Library
    from ..serve.stream import POLL_SECONDS
    from ..serve.stream import follow as messages

    store = session.reader()
    season = session.season_of(store)
    wait = _listener(session, store) or (lambda: time.sleep(POLL_SECONDS))
    try:
        for n, message in enumerate(messages(Library(store), season, after, wait), start=1):
            if fmt == "json":
                click.echo(json.dumps(message, ensure_ascii=False))
            else:
                click.echo(_line(message))
            if count is not None and n >= count:
                return
    except KeyboardInterrupt:
        return


def _listener(session: Session, store):
    """For PostgreSQL: a wait that returns at a NOTIFY (or after a second)."""
    if not session.store_url:
        return None
    conn = store._conn
    conn.execute("LISTEN champ_events")
    conn.commit()

    def wait() -> None:
        for _ in conn.notifies(timeout=1.0, stop_after=1):
            pass

    return wait


def _line(message: dict) -> str:
    types = ", ".join(message["types"])
    moved = "; ".join(
        f"{r['class']} {r['table']} {r['name']}: {r['total_before']} -> {r['total_after']}"
        f" (P{r['position_before'] or '-'} -> P{r['position_after'] or '-'})"
        for r in message["moved"])
    return (f"{message['season']} seq {message['from_seq']} -> {message['seq']}: {types}"
            + (f" | {moved}" if moved else ""))


def write_html(session: Session, folder: str, point: tuple) -> None:
    """``champ report --html DIR``: the served pages, written as files; under ``--with``,
    a what-if page too: the branch beside its base."""
    import os

    from ..errors import UsageError
    from ..serve.library import Library
    from ..serve.site import write_site

    if any(p is not None for p in point):
        raise UsageError("report --html writes the log as it stands: it takes no "
                         "--after-round, --at-seq or --known-on")
    store = session.reader()
    seasons = [session.season_of(store)] if session.season or session.with_files else None
    extra = {}
    if session.with_files:
        from ..documents.audit import whatif
        from ..serve.pages import whatif_page
        from ..timeline import Point

        season, base = session.base()
        branch = session.branch()
        doc = whatif(base, branch, Point(), None, None, False, session.with_files)
        extra[f"{season}/whatif.html"] = lambda: whatif_page(base, branch, doc)
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot write into {folder}: {exc.strerror}") from None
    written = write_site(Library(store), folder, seasons, extra)
    click.echo(f"wrote {len(written)} pages to {folder} (open {os.path.join(folder, 'index.html')})")


COMMANDS = [serve, follow]
