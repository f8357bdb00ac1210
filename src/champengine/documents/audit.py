"""Documents of the audit commands: whatif, history, explain, diff."""

from __future__ import annotations

from ..errors import UsageError
from . import class_of, doc, number, table_for, table_of


def _tables(state, class_text: str | None, kind: str | None) -> list[tuple[str, str]]:
    classes = [class_of(state, class_text)] if class_text is not None else state.scored_classes()
    return [(c, k) for c in classes
            for k in ([table_of(state, c, kind)] if kind else
                      [t.table for t in state.table_specs(c)])]


def comparison_rows(before_view, after_view, class_text: str | None, kind: str | None,
                    every_row: bool) -> list[dict]:
    """Rows of the chosen tables whose points or position differ between two views."""
    from ..projections.history import compare
    from ..projections.standings import table

    rows = []
    for c, k in _tables(after_view.state, class_text, kind):
        before = table(before_view.state, c, k, before_view.upto)
        after = table(after_view.state, c, k, after_view.upto)
        rows += [{"class": c, "table": k, "name": ch.name, "car": ch.car,
                  "position_before": ch.position_before, "total_before": number(ch.points_before),
                  "position_after": ch.position_after, "total_after": number(ch.points_after),
                  "change": number(ch.points)}
                 for ch in compare(before, after, every_row=every_row)]
    return rows


def _invitation_changes(before: list[dict], after: list[dict]) -> dict:
    def key(r):
        return (r["event"], r["category"], r["class"], r["team"], r["car"])

    old, new = {key(r) for r in before}, {key(r) for r in after}
    return {"base": before, "branch": after,
            "gained": [r for r in after if key(r) not in old],
            "lost": [r for r in before if key(r) not in new]}


def branch_start(base_events, from_text: str | None) -> int | None:
    """The seq ``--from R|seq:N`` names (None: the log's end)."""
    from ..projections.season import fold
    from ..timeline import branch_point

    if not from_text:
        return None
    if from_text.startswith("seq:"):
        try:
            return int(from_text[4:])
        except ValueError:
            raise UsageError(f"--from {from_text!r}: seq:N takes a number") from None
    return branch_point(base_events, fold(base_events), from_text)


def whatif(base_events, branch, point, class_text: str | None, kind: str | None,
           every_row: bool, sources: list[str]) -> dict:
    """``champ whatif``: a branch beside its base, with the rows and invitations it changes."""
    from ..projections.season import fold
    from ..timeline import at_round, known, view
    from .reading import invitations

    base_view = view(base_events, point)
    branch_view = at_round(fold(known(branch.events, point)), point)
    rows = comparison_rows(base_view, branch_view, class_text, kind, every_row)
    invited = _invitation_changes(invitations(base_view)["rows"],
                                  invitations(branch_view)["rows"])
    return doc(branch_view, branch={
        "season": branch.season, "seq": branch.base_seq, "prefix_hash": branch.prefix_hash,
        "with": list(sources)},
        hypothetical=[{"seq": e.seq, "type": e.type, "id": e.id} for e in branch.hypothetical],
        conflicts=list(branch.conflicts), warnings=list(branch.warnings), rows=rows,
        invitations=invited)


def history(events, v, class_text: str, kind: str, by: str) -> dict:
    """``champ history``: each event (or round) that changed a table, and the rows it moved."""
    from ..projections import history as hist
    from ..timeline import Point, known

    cls = class_of(v.state, class_text)
    kind = table_of(v.state, cls, kind)
    if by == "round":
        steps = hist.by_round(v.state, cls, kind)
        if v.upto is not None:
            steps = steps[: v.upto]
    else:
        rounds = None
        if v.upto is not None:
            from ..projections import calendar

            rounds = {r.key for r in calendar.rounds_up_to(v.state.calendar, v.upto)}
        point = Point(None, v.point.at_seq, v.point.known_on)
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
    return doc(v, **{"class": cls, "table": kind, "by": by}, rows=rows)


def explained_row(v, class_text: str, *, driver=None, team=None, car=None, make=None,
                  kind: str | None = None, key: str | None = None):
    """(class, table, row) of the one competitor named: by name (driver, team and car,
    make) as the CLI asks, or by table and stable key as the server's route does."""
    from ..projections.entry_list import find_driver, fold_name, team_matches
    from ..projections.standings import table

    state = v.state
    cls = class_of(state, class_text)
    if key is not None:
        kind = table_of(state, cls, kind)
        rows = [r for r in table(state, cls, kind, v.upto).rows if r.key == key]
        if not rows:
            raise UsageError(f"no {kind} row keyed {key!r} in the {cls} standings")
        return cls, kind, rows[0]
    chosen = [x for x in (driver, team, make) if x]
    if len(chosen) != 1:
        raise UsageError("explain one competitor: --driver, --team or --make")
    if car and not team:
        raise UsageError("--car goes with --team")
    if driver:
        kind = table_for(state, cls, "driver", kind)
        found = find_driver(state.entries, driver)
        rows = [r for r in table(state, cls, kind, v.upto).rows if found and r.key == found.key]
        wanted = driver
    elif team:
        kind = table_for(state, cls, "car", kind)
        rows = [r for r in table(state, cls, kind, v.upto).rows
                if team_matches(state.entries.entries[r.key], team) and (car is None or r.car == car)]
        wanted = team + (f" #{car}" if car else "")
        if len(rows) > 1:
            raise UsageError(f"{team} has several cars in {cls} "
                             f"({', '.join(r.car for r in rows)}): choose one with --car")
    else:
        kind = table_for(state, cls, "make", kind)
        rows = [r for r in table(state, cls, kind, v.upto).rows
                if fold_name(make) in (fold_name(r.name), fold_name(r.key))]
        wanted = make
    if not rows:
        raise UsageError(f"no {wanted!r} in the {cls} {kind} standings")
    return cls, kind, rows[0]


def explain(events, v, class_text: str, **named) -> dict:
    """``champ explain``: a total broken into the events that gave each point."""
    from ..projections.standings import table

    cls, kind, row = explained_row(v, class_text, **named)
    types = {e.id: e.type for e in events}
    # a make's points come from its cars: say which car earned each
    made = table(v.state, cls, kind, v.upto).competitor == "make"
    items = [{"round": r, "what": f"#{i.car} {i.what}" if made and i.car
              else i.what, "points": number(i.points), "event": i.event,
              "seq": i.seq, "type": types.get(i.event), "shaped_by": list(i.shaped_by)}
             for r, i in row.items]
    return doc(v, **{"class": cls, "table": kind}, name=row.name, position=row.position,
               total=number(row.total), rows=items)


def diff(first, second, class_text: str | None, kind: str | None, every_row: bool) -> dict:
    """``champ diff``: the standings at two points, the rows that differ."""
    rows = comparison_rows(first, second, class_text, kind, every_row)
    return {"season": second.state.season, "from": first.as_of(), "to": second.as_of(),
            "rows": rows}
