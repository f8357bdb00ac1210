"""What-if and audit commands: whatif, history, explain, diff."""

from __future__ import annotations

import click

from ..errors import UsageError
from . import DateParam, Session, pass_session, reading
from .reading_cmds import TABLE_CHOICE
from .render import Column, emit, number, point_words

COMPARISON_COLUMNS = [
    Column("Class", "class", lambda r: r["class"]), Column("Table", "table", lambda r: r["table"]),
    Column("Name", "name", lambda r: r["name"]), Column("Car", "car", lambda r: r["car"]),
    Column("Pos", "position_before", lambda r: r["position_before"], ">"),
    Column("Pts", "total_before", lambda r: r["total_before"], ">"),
    Column("->", "arrow", lambda r: "->"),
    Column("Pos", "position_after", lambda r: r["position_after"], ">"),
    Column("Pts", "total_after", lambda r: r["total_after"], ">"),
    Column("Change", "change",
           lambda r: f"{'+' if r['change'] > 0 else ''}{r['change']}" if r["change"] else "", ">"),
]


@click.command()
@click.option("--class", "class_", metavar="CLASS", help="Only this class.")
@click.option("--table", "kind", type=TABLE_CHOICE, help="Only this table.")
@click.option("--from", "from_", metavar="R|seq:N",
              help="Start the branch after round R (key or number), or at seq N (seq:N); "
                   "the log's end by default.")
@click.option("--all", "every_row", is_flag=True, help="List unchanged rows too.")
@reading
@pass_session
def whatif(session: Session, class_, kind, from_, every_row, fmt, after_round, at_seq,
           known_on) -> None:
    """Show a what-if branch (--with files) beside the log: points and positions
    before and after, who gains and loses, invitations that change hands.

    \b
    Example:
      champ --log events/aslms-2013.jsonl --with examples/dsq-oak-sepang.jsonl whatif --class LMP2
    """
    from ..documents.audit import branch_start
    from ..documents.audit import whatif as document
    from ..timeline import Point

    if not session.with_files:
        raise UsageError("whatif needs a branch: give it with --with FILE before the subcommand")
    season, base_events = session.base()
    branch = session.branch(branch_start(base_events, from_))
    doc = document(base_events, branch, Point(after_round, at_seq, known_on), class_, kind,
                   every_row, session.with_files)
    invitations = doc["invitations"]
    title = (f"what-if on {season} from seq {branch.base_seq} (prefix {branch.prefix_hash[:12]}): "
             f"{len(branch.hypothetical)} hypothetical events applied"
             + point_words(doc["as_of"]))
    footer = []
    for c in branch.conflicts:
        footer.append(f"conflict: base event left out of the branch: {c}")
    for inv in invitations["gained"]:
        footer.append(f"invitation gained: {inv['event']} {inv['category']}: {inv['team']} "
                      f"#{inv['car']} (P{inv['position']} {inv['class']})")
    for inv in invitations["lost"]:
        footer.append(f"invitation lost: {inv['event']} {inv['category']}: {inv['team']} "
                      f"#{inv['car']} (P{inv['position']} {inv['class']})")
    if not invitations["gained"] and not invitations["lost"]:
        footer.append("invitations: unchanged")
    emit(fmt, doc, COMPARISON_COLUMNS, title=title, footer="\n".join(footer))


@click.command()
@click.option("--class", "class_", required=True, metavar="CLASS")
@click.option("--table", "kind", type=TABLE_CHOICE, default="drivers", show_default=True)
@click.option("--by", type=click.Choice(["event", "round"]), default="event", show_default=True,
              help="Event by event (knowledge time) or round by round (season time).")
@reading
@pass_session
def history(session: Session, class_, kind, by, fmt, after_round, at_seq, known_on) -> None:
    """How a standings table came to be: each event (or round) that changed it, with the
    rows it moved, their points and positions before and after.

    \b
    Example:
      champ --log events/aslms-2013.jsonl history --class LMP2 --table drivers --by round
    """
    from ..documents.audit import history as document

    v = session.view(after_round, at_seq, known_on)
    doc = document(session.events(), v, class_, kind, by)
    cls = doc["class"]
    cols = ([Column("Seq", "seq", lambda r: r["seq"], ">"), Column("Event", "type", lambda r: r["type"]),
             Column("Recorded", "recorded_at", lambda r: (r["recorded_at"] or "")[:10])]
            if by == "event" else [])
    cols += [Column("Round", "round", lambda r: r["round"]), Column("Name", "name", lambda r: r["name"]),
             Column("Pts", "points_before", lambda r: r["points_before"], ">"),
             Column("->", "arrow", lambda r: "->"),
             Column("Pts", "points_after", lambda r: r["points_after"], ">"),
             Column("Pos", "position_before", lambda r: r["position_before"], ">"),
             Column("->", "arrow2", lambda r: "->"),
             Column("Pos", "position_after", lambda r: r["position_after"], ">")]
    if by == "event":
        cols += [Column("Actor", "actor", lambda r: r["actor"]),
                 Column("Note", "note", lambda r: r["note"])]
    emit(fmt, doc, cols, title=f"{v.state.season} {cls} {kind}: history by {by}"
         + point_words(doc["as_of"]))


@click.command()
@click.option("--class", "class_", required=True, metavar="CLASS")
@click.option("--driver", help="A driver's name, alias or key.")
@click.option("--team", help="A team's name (or alias).")
@click.option("--car", help="The car, when the team has several in the class.")
@click.option("--make", help="A manufacturer (its name or key).")
@click.option("--table", "kind", type=TABLE_CHOICE,
              help="The table, when the class has several of that competitor's kind.")
@reading
@pass_session
def explain(session: Session, class_, driver, team, car, make, kind, fmt, after_round, at_seq,
            known_on) -> None:
    """Break a total into the events that gave each point: classification positions,
    poles, penalties, adjustments, with their ids and seqs.

    \b
    Example:
      champ --log events/aslms-2013.jsonl explain --class LMP2 --driver "David Cheng"
    """
    from ..documents.audit import explain as document

    events = session.events()
    v = session.view(after_round, at_seq, known_on)
    doc = document(events, v, class_, driver=driver, team=team, car=car, make=make, kind=kind)
    state, cls, kind = v.state, doc["class"], doc["table"]
    cols = [Column("Round", "round", lambda r: r["round"]), Column("What", "what", lambda r: r["what"]),
            Column("Pts", "points", lambda r: r["points"], ">"),
            Column("Seq", "seq", lambda r: r["seq"], ">"), Column("Event", "type", lambda r: r["type"]),
            Column("Id", "event", lambda r: r["event"]),
            Column("Shaped by", "shaped_by", lambda r: ", ".join(r["shaped_by"]))]
    summed = sum(r["points"] for r in doc["rows"])
    footer = f"total {doc['total']}" + (
        f" (best results only; all rounds give {number(summed)})" if summed != doc["total"] else "")
    emit(fmt, doc, cols, title=f"{state.season} {cls} {kind}: {doc['name']}"
         + (f", P{doc['position']}" if doc["position"] else "") + point_words(doc["as_of"]),
         footer=footer)


@click.command()
@click.option("--class", "class_", metavar="CLASS", help="Only this class.")
@click.option("--table", "kind", type=TABLE_CHOICE, help="Only this table.")
@click.option("--from-round", metavar="R", help="First point: after round R.")
@click.option("--from-seq", type=click.IntRange(min=0), metavar="N", help="First point: at seq N.")
@click.option("--from-known-on", type=DateParam(), help="First point: as known on DATE.")
@click.option("--to-round", metavar="R", help="Second point: after round R.")
@click.option("--to-seq", type=click.IntRange(min=0), metavar="N", help="Second point: at seq N.")
@click.option("--to-known-on", type=DateParam(), help="Second point: as known on DATE.")
@click.option("--all", "every_row", is_flag=True, help="List unchanged rows too.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@pass_session
def diff(session: Session, class_, kind, from_round, from_seq, from_known_on, to_round, to_seq,
         to_known_on, every_row, fmt) -> None:
    """Compare the standings at two points in time.

    \b
    Example:
      champ --log events/aslms-2013.jsonl diff --class LMP2 --from-round 2 --to-round 3
      champ --log events/aslms-2013.jsonl diff --from-known-on 2013-10-01 --to-known-on 2013-10-20
    """
    from ..documents.audit import diff as document
    from ..timeline import Point, check_point, view

    if all(p is None for p in (from_round, from_seq, from_known_on, to_round, to_seq,
                               to_known_on)):
        raise UsageError("diff compares two points: give --from-round, --from-seq or "
                         "--from-known-on, and --to-... (the log as it stands by default)")
    events = session.events()
    points = Point(from_round, from_seq, from_known_on), Point(to_round, to_seq, to_known_on)
    for point in points:
        check_point(events, point)
    first, second = (view(events, point) for point in points)
    doc = document(first, second, class_, kind, every_row)
    emit(fmt, doc, COMPARISON_COLUMNS,
         title=f"{second.state.season}: standings from {_describe(first)} to {_describe(second)}")


def _describe(v) -> str:
    parts = []
    if v.round_key:
        parts.append(f"after round {v.upto} ({v.round_key})")
    if v.point.known_on:
        parts.append(f"as known on {v.point.known_on}")
    if v.point.at_seq is not None:
        parts.append(f"at seq {v.point.at_seq}")
    return ", ".join(parts) or "now"


COMMANDS = [whatif, history, explain, diff]
