"""What-if and audit commands: whatif, history, explain, diff."""

from __future__ import annotations

import click

from ..errors import UsageError
from . import DateParam, Session, pass_session, reading
from .reading_cmds import TABLE_CHOICE, _class, _doc, invitations_doc
from .render import Column, emit, number


def _tables(state, class_: str | None, kind: str | None) -> list[tuple[str, str]]:
    from ..projections.standings import TABLES

    classes = [_class(state, class_)] if class_ is not None else state.scored_classes()
    return [(c, k) for c in classes for k in ([kind] if kind else TABLES)]


def comparison_rows(before_view, after_view, class_: str | None, kind: str | None,
                    every_row: bool) -> list[dict]:
    """Rows of the chosen tables whose points or position differ between two views."""
    from ..projections.history import compare
    from ..projections.standings import table

    rows = []
    for c, k in _tables(after_view.state, class_, kind):
        before = table(before_view.state, c, k, before_view.upto)
        after = table(after_view.state, c, k, after_view.upto)
        rows += [{"class": c, "table": k, "name": ch.name, "car": ch.car,
                  "position_before": ch.position_before, "total_before": number(ch.points_before),
                  "position_after": ch.position_after, "total_after": number(ch.points_after),
                  "change": number(ch.points)}
                 for ch in compare(before, after, every_row=every_row)]
    return rows


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


def _invitation_changes(before: list[dict], after: list[dict]) -> dict:
    def key(r):
        return (r["event"], r["category"], r["class"], r["team"], r["car"])

    old, new = {key(r) for r in before}, {key(r) for r in after}
    return {"base": before, "branch": after,
            "gained": [r for r in after if key(r) not in old],
            "lost": [r for r in before if key(r) not in new]}


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
    from ..projections.season import fold
    from ..timeline import Point, at_round, branch_point, known, view

    if not session.with_files:
        raise UsageError("whatif needs a branch: give it with --with FILE before the subcommand")
    season, base_events = session.base()
    at = None
    if from_:
        if from_.startswith("seq:"):
            try:
                at = int(from_[4:])
            except ValueError:
                raise UsageError(f"--from {from_!r}: seq:N takes a number") from None
        else:
            at = branch_point(base_events, fold(base_events), from_)
    branch = session.branch(at)
    point = Point(after_round, at_seq, known_on)
    base_view = view(base_events, point)
    branch_state = fold(known(branch.events, point))
    branch_view = at_round(branch_state, point)
    rows = comparison_rows(base_view, branch_view, class_, kind, every_row)
    invitations = _invitation_changes(invitations_doc(base_view)["rows"],
                                      invitations_doc(branch_view)["rows"])
    doc = _doc(branch_view, branch={
        "season": season, "seq": branch.base_seq, "prefix_hash": branch.prefix_hash,
        "with": list(session.with_files)},
        hypothetical=[{"seq": e.seq, "type": e.type, "id": e.id} for e in branch.hypothetical],
        conflicts=list(branch.conflicts), warnings=list(branch.warnings), rows=rows,
        invitations=invitations)
    title = (f"what-if on {season} from seq {branch.base_seq} (prefix {branch.prefix_hash[:12]}): "
             f"{len(branch.hypothetical)} hypothetical events applied")
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
    from ..projections import history as hist
    from ..timeline import Point, known

    events = session.events()
    point = Point(None, at_seq, known_on)
    v = session.view(after_round, at_seq, known_on)
    cls = _class(v.state, class_)
    if by == "round":
        steps = hist.by_round(v.state, cls, kind)
        if v.upto is not None:
            steps = steps[: v.upto]
    else:
        rounds = None
        if v.upto is not None:
            from ..projections import calendar

            rounds = {r.key for r in calendar.rounds_up_to(v.state.calendar, v.upto)}
        steps = hist.by_event(known(events, point), cls, kind, rounds)
    rows = []
    for step in steps:
        for ch in step.changes:
            rows.append({"seq": step.seq, "type": step.type, "recorded_at": step.recorded_at,
                         "actor": step.actor, "note": step.note, "round": step.round,
                         "name": ch.name, "car": ch.car,
                         "points_before": number(ch.points_before),
                         "points_after": number(ch.points_after), "change": number(ch.points),
                         "position_before": ch.position_before,
                         "position_after": ch.position_after})
    doc = _doc(v, **{"class": cls, "table": kind, "by": by}, rows=rows)
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
    emit(fmt, doc, cols, title=f"{v.state.season} {cls} {kind}: history by {by}")


@click.command()
@click.option("--class", "class_", required=True, metavar="CLASS")
@click.option("--driver", help="A driver's name, alias or key.")
@click.option("--team", help="A team's name (or alias).")
@click.option("--car", help="The car, when the team has several in the class.")
@click.option("--make", help="A manufacturer.")
@reading
@pass_session
def explain(session: Session, class_, driver, team, car, make, fmt, after_round, at_seq,
            known_on) -> None:
    """Break a total into the events that gave each point: classification positions,
    poles, penalties, adjustments, with their ids and seqs.

    \b
    Example:
      champ --log events/aslms-2013.jsonl explain --class LMP2 --driver "David Cheng"
    """
    from ..projections.entry_list import find_driver, fold_name, team_matches
    from ..projections.standings import table

    chosen = [x for x in (driver, team, make) if x]
    if len(chosen) != 1:
        raise UsageError("explain one competitor: --driver, --team or --make")
    if car and not team:
        raise UsageError("--car goes with --team")
    events = session.events()
    v = session.view(after_round, at_seq, known_on)
    state = v.state
    cls = _class(state, class_)
    if driver:
        kind = "drivers"
        found = find_driver(state.entries, driver)
        rows = [r for r in table(state, cls, kind, v.upto).rows if found and r.key == found.key]
        wanted = driver
    elif team:
        kind = "teams"
        rows = [r for r in table(state, cls, kind, v.upto).rows
                if team_matches(state.entries.entries[r.key], team) and (car is None or r.car == car)]
        wanted = team + (f" #{car}" if car else "")
        if len(rows) > 1:
            raise UsageError(f"{team} has several cars in {cls} "
                             f"({', '.join(r.car for r in rows)}): choose one with --car")
    else:
        kind = "manufacturers"
        rows = [r for r in table(state, cls, kind, v.upto).rows if fold_name(r.name) == fold_name(make)]
        wanted = make
    if not rows:
        raise UsageError(f"no {kind[:-1]} {wanted!r} in the {cls} standings")
    row = rows[0]
    types = {e.id: e.type for e in events}
    # a make's points come from its cars: say which car earned each
    items = [{"round": r, "what": f"#{i.car} {i.what}" if kind == "manufacturers" and i.car
              else i.what, "points": number(i.points), "event": i.event,
              "seq": i.seq, "type": types.get(i.event), "shaped_by": list(i.shaped_by)}
             for r, i in row.items]
    doc = _doc(v, **{"class": cls, "table": kind}, name=row.name, position=row.position,
               total=number(row.total), rows=items)
    cols = [Column("Round", "round", lambda r: r["round"]), Column("What", "what", lambda r: r["what"]),
            Column("Pts", "points", lambda r: r["points"], ">"),
            Column("Seq", "seq", lambda r: r["seq"], ">"), Column("Event", "type", lambda r: r["type"]),
            Column("Id", "event", lambda r: r["event"]),
            Column("Shaped by", "shaped_by", lambda r: ", ".join(r["shaped_by"]))]
    summed = sum(i.points for _, i in row.items)
    footer = f"total {number(row.total)}" + (
        f" (best results only; all rounds give {number(summed)})" if summed != row.total else "")
    emit(fmt, doc, cols, title=f"{state.season} {cls} {kind}: {row.name}"
         + (f", P{row.position}" if row.position else ""), footer=footer)


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
    from ..timeline import Point, view

    events = session.events()
    first = view(events, Point(from_round, from_seq, from_known_on))
    second = view(events, Point(to_round, to_seq, to_known_on))
    rows = comparison_rows(first, second, class_, kind, every_row)
    doc = {"season": second.state.season, "from": first.as_of(), "to": second.as_of(),
           "rows": rows}
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
