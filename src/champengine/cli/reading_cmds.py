"""Reading commands: standings, entries, calendar, classification, invitations, report."""

from __future__ import annotations

import click

from ..errors import UsageError
from . import Session, pass_session, reading
from . import class_of as _class
from .render import Column, emit, number

TABLE_CHOICE = click.Choice(["teams", "drivers", "manufacturers"])


def _abbrev(round_key: str) -> str:
    return round_key[:3].upper()


def _doc(view, **extra) -> dict:
    return {"season": view.state.season, "as_of": view.as_of(), **extra}


# --- standings ----------------------------------------------------------------------


def standings_doc(view, class_: str, kind: str) -> dict:
    from ..projections.standings import table

    t = table(view.state, class_, kind, view.upto)
    rows = []
    for s in t.rows:
        row: dict = {"position": s.position, "name": s.name, "total": number(s.total),
                     "by_round": {r: number(p) for r, p in s.by_round}}
        if kind == "teams":
            row.update(car=s.car, team=s.team, nationality=s.nationality,
                       chassis=list(s.chassis))
        elif kind == "drivers":
            row.update(nationality=s.nationality, team=s.team,
                       entries_by_round={r: {"car": c, "team": tm}
                                         for r, c, tm in s.entries_by_round})
        row["provisional"] = s.provisional
        rows.append(row)
    return _doc(view, **{"class": class_, "table": kind, "rounds": list(t.rounds),
                         "provisional": t.provisional, "rows": rows})


def standings_columns(doc: dict) -> list[Column]:
    kind = doc["table"]
    cols = [Column("Pos", "position", lambda r: r["position"], ">")]
    if kind == "teams":
        cols += [Column("Car", "car", lambda r: r["car"]),
                 Column("Team", "name", lambda r: r["name"]),
                 Column("Chassis", "chassis", lambda r: " / ".join(r["chassis"]))]
    elif kind == "drivers":
        cols += [Column("Driver", "name", lambda r: r["name"]),
                 Column("Nat", "nationality", lambda r: r["nationality"]),
                 Column("Team", "team", lambda r: r["team"])]
    else:
        cols += [Column("Make", "name", lambda r: r["name"])]
    for rk in doc["rounds"]:
        cols.append(Column(_abbrev(rk), rk, lambda r, rk=rk: r["by_round"].get(rk), ">"))
    cols.append(Column("Total", "total",
                       lambda r: f"{number(r['total'])}{'*' if r['provisional'] else ''}", ">"))
    return cols


def _csv_columns(cols: list[Column]) -> list[Column]:
    """CSV keeps totals as plain numbers and says provisional in its own column."""
    out = [c if c.key != "total" else Column("Total", "total", lambda r: r["total"]) for c in cols]
    return out + [Column("Provisional", "provisional", lambda r: r.get("provisional", False))]


def _standings_title(doc: dict) -> str:
    as_of = doc["as_of"]
    when = f" after round {as_of['round_number']} ({as_of['after_round']})" if as_of[
        "after_round"] else ""
    known = f", as known on {as_of['known_on']}" if as_of["known_on"] else ""
    return f"{doc['season']} {doc['class']} {doc['table']}{when}{known}"


def print_standings(doc: dict, fmt: str) -> None:
    cols = standings_columns(doc)
    footer = "* provisional: rests on a result under appeal or not yet final" \
        if doc["provisional"] else ""
    if fmt == "csv":
        cols = _csv_columns(cols)
    emit(fmt, doc, cols, title=_standings_title(doc), footer=footer)


@click.command()
@click.option("--class", "class_", required=True, metavar="CLASS",
              help="The class: LMP2, LMGTE (or GTE), GTC, GTC Am, SGT.")
@click.option("--table", "kind", type=TABLE_CHOICE, default="teams", show_default=True,
              help="Which championship.")
@reading
@pass_session
def standings(session: Session, class_: str, kind: str, fmt: str, after_round, at_seq,
              known_on) -> None:
    """Championship standings of a class: points per round, total, position.

    \b
    Example:
      champ --log events/aslms-2013.jsonl standings --class GTC --table manufacturers
      champ --log events/aslms-2013.jsonl standings --class LMP2 --table drivers --after-round 3
    """
    view = session.view(after_round, at_seq, known_on)
    print_standings(standings_doc(view, _class(view.state, class_), kind), fmt)


# --- entries --------------------------------------------------------------------------


@click.command()
@click.option("--round", "round_", metavar="R",
              help="The round (key or number); the last round of the point by default.")
@click.option("--class", "class_", metavar="CLASS", help="Only this class.")
@reading
@pass_session
def entries(session: Session, round_: str | None, class_: str | None, fmt: str, after_round,
            at_seq, known_on) -> None:
    """The entry list of a round: car, class, team, chassis, engine, make, tyres, crew.

    \b
    Example:
      champ --log events/aslms-2013.jsonl entries --round zhuhai --class LMP2
    """
    from ..projections import calendar
    from ..timeline import resolve_round

    view = session.view(after_round, at_seq, known_on)
    state = view.state
    if round_ is not None:
        _, key = resolve_round(state, round_)
    else:
        ordered = calendar.rounds_up_to(state.calendar, view.upto)
        if not ordered:
            raise UsageError("the calendar has no rounds yet")
        key = ordered[-1].key
    wanted = _class(state, class_) if class_ else None
    numbers = calendar.numbers(state.calendar)
    rows = []
    for car, entry in state.entries.entries.items():
        if wanted and entry.class_ != wanted or not entry.active_at(numbers, key):
            continue
        spec = entry.spec_at(numbers, key)
        crew = [state.entries.drivers[d] for d in state.entries.crew(key, car)]
        rows.append({"car": car, "class": entry.class_, "team": entry.team,
                     "nationality": entry.nationality, "chassis": spec.chassis,
                     "engine": spec.engine, "make": spec.make, "tyres": entry.tyres,
                     "drivers": [{"key": d.key, "name": d.name, "nationality": d.nationality}
                                 for d in crew]})
    doc = _doc(view, round=key, **{"class": wanted}, rows=rows)
    cols = [Column("Car", "car", lambda r: r["car"]), Column("Class", "class", lambda r: r["class"]),
            Column("Team", "team", lambda r: r["team"]),
            Column("Chassis", "chassis", lambda r: r["chassis"]),
            Column("Engine", "engine", lambda r: r["engine"]),
            Column("Make", "make", lambda r: r["make"]),
            Column("Drivers", "drivers", lambda r: ", ".join(d["name"] for d in r["drivers"]))]
    emit(fmt, doc, cols, title=f"{view.state.season} entry list, {key}"
         + (f", {wanted}" if wanted else ""))


# --- calendar -----------------------------------------------------------------------------


@click.command("calendar")
@reading
@pass_session
def calendar_(session: Session, fmt: str, after_round, at_seq, known_on) -> None:
    """The calendar: rounds in order, dates, circuits, and each round's history of changes.

    \b
    Example:
      champ --log events/aslms-2013.jsonl calendar --known-on 2012-12-31
    """
    from ..projections import calendar

    view = session.view(after_round, at_seq, known_on)
    numbers = calendar.numbers(view.state.calendar)
    ordered = sorted(view.state.calendar.rounds.values(),
                     key=lambda r: (numbers.get(r.key, 1 << 20), r.scheduled_order))
    rows = [{"round": numbers.get(r.key), "key": r.key, "name": r.name, "circuit": r.circuit,
             "country": r.country, "date": r.date.isoformat() if r.date else None,
             "status": "cancelled" if r.cancelled else "scheduled",
             "history": [{"seq": c.seq, "recorded_at": c.recorded_at.isoformat(),
                          "change": c.what} for c in r.history]}
            for r in ordered
            if view.upto is None or (numbers.get(r.key) or 1 << 20) <= view.upto]
    doc = _doc(view, rows=rows)
    cols = [Column("Rnd", "round", lambda r: r["round"], ">"), Column("Key", "key", lambda r: r["key"]),
            Column("Race", "name", lambda r: r["name"]),
            Column("Circuit", "circuit", lambda r: r["circuit"]),
            Column("Date", "date", lambda r: r["date"]),
            Column("Status", "status", lambda r: r["status"]),
            Column("Changes", "history",
                   lambda r: "; ".join(c["change"] for c in r["history"][1:]))]
    emit(fmt, doc, cols, title=f"{view.state.season} calendar")


# --- classification ---------------------------------------------------------------------


@click.command()
@click.option("--round", "round_", required=True, metavar="R", help="The round (key or number).")
@click.option("--class", "class_", required=True, metavar="CLASS", help="The class.")
@reading
@pass_session
def classification(session: Session, round_: str, class_: str, fmt: str, after_round, at_seq,
                   known_on) -> None:
    """A race's classification in one class, after corrections and stewards' decisions,
    with the points each car scored.

    \b
    Example:
      champ --log events/aslms-2013.jsonl classification --round sepang --class GTC
    """
    from ..projections.classification import classify
    from ..projections.standings import car_rounds
    from ..timeline import resolve_round

    view = session.view(after_round, at_seq, known_on)
    state = view.state
    _, key = resolve_round(state, round_)
    cls = _class(state, class_)
    placed = classify(state.results, key, cls)
    if placed is None:
        raise UsageError(f"{cls} at {key} has no classification")
    scored = car_rounds(state, cls, [key])
    pole = state.results.poles.get((key, cls))
    rows = []
    for p in placed:
        entry = state.entries.entries[p.car]
        cr = scored.get(p.car, {}).get(key)
        rows.append({"position": p.position, "car": p.car, "team": entry.team,
                     "drivers": [state.entries.drivers[d].name
                                 for d in state.entries.crew(key, p.car)],
                     "status": p.status, "laps": p.laps, "time": p.time,
                     "pole": bool(pole and pole[0] == p.car),
                     "points": number(cr.points) if cr else 0, "penalties": list(p.penalties)})
    race = state.results.races[(key, cls)]
    doc = _doc(view, round=key, **{"class": cls}, partial=race.partial, rows=rows)
    cols = [Column("Pos", "position", lambda r: r["position"], ">"),
            Column("Car", "car", lambda r: r["car"]), Column("Team", "team", lambda r: r["team"]),
            Column("Drivers", "drivers", lambda r: ", ".join(r["drivers"])),
            Column("Status", "status", lambda r: r["status"]),
            Column("Laps", "laps", lambda r: r["laps"], ">"), Column("Time", "time", lambda r: r["time"]),
            Column("Pole", "pole", lambda r: r["pole"]),
            Column("Pts", "points", lambda r: r["points"], ">"),
            Column("Penalties", "penalties", lambda r: "; ".join(r["penalties"]))]
    emit(fmt, doc, cols, title=f"{state.season} {cls} classification, {key}"
         + (" (partial: only the rows published)" if race.partial else ""))


# --- invitations ----------------------------------------------------------------------------


def invitations_doc(view) -> dict:
    from ..projections.invitations import granted

    rows = [{"event": i.event, "category": i.category, "class": i.class_, "team": i.team,
             "car": i.car, "position": i.position, "provisional": i.provisional}
            for i in granted(view.state, view.upto)]
    return _doc(view, rows=rows)


INVITATION_COLUMNS = [
    Column("Event", "event", lambda r: r["event"]),
    Column("Category", "category", lambda r: r["category"]),
    Column("Class", "class", lambda r: r["class"]),
    Column("Pos", "position", lambda r: r["position"], ">"),
    Column("Car", "car", lambda r: r["car"]), Column("Team", "team", lambda r: r["team"]),
    Column("Provisional", "provisional", lambda r: r["provisional"]),
]


@click.command()
@reading
@pass_session
def invitations(session: Session, fmt: str, after_round, at_seq, known_on) -> None:
    """The invitations the standings earn (the 24 Hours of Le Mans, by the season's rules).

    \b
    Example:
      champ --log events/aslms-2013.jsonl invitations
    """
    view = session.view(after_round, at_seq, known_on)
    emit(fmt, invitations_doc(view), INVITATION_COLUMNS,
         title=f"{view.state.season} invitations")


# --- the season report (make run) ------------------------------------------------------------


@click.command()
@click.option("--class", "class_", required=True, metavar="CLASS", help="The class.")
@click.option("--table", "kind", type=TABLE_CHOICE, default="drivers", show_default=True)
@reading
@pass_session
def scenarios(session: Session, class_: str, kind: str, fmt: str, after_round, at_seq,
              known_on) -> None:
    """Who can still win: points, the most each can still reach in the rounds left,
    whether the title is still open to them or already clinched.

    \b
    Example:
      champ --log events/aslms-2013.jsonl scenarios --class LMP2 --after-round 3
    """
    from ..projections.scenarios import remaining_rounds
    from ..projections.scenarios import scenarios as work_out

    view = session.view(after_round, at_seq, known_on)
    cls = _class(view.state, class_)
    rows = [{"position": s.position, "name": s.name, "car": s.car, "points": number(s.points),
             "max_points": number(s.max_points), "can_win": s.can_win, "clinched": s.clinched,
             "conditions": list(s.conditions)}
            for s in work_out(view.state, cls, kind, view.upto)]
    left = remaining_rounds(view.state, cls, view.upto)
    doc = _doc(view, **{"class": cls, "table": kind, "rounds_left": left}, rows=rows)
    cols = [Column("Pos", "position", lambda r: r["position"], ">"),
            Column("Name", "name", lambda r: r["name"]), Column("Car", "car", lambda r: r["car"]),
            Column("Pts", "points", lambda r: r["points"], ">"),
            Column("Max", "max_points", lambda r: r["max_points"], ">"),
            Column("Can win", "can_win", lambda r: r["can_win"]),
            Column("Clinched", "clinched", lambda r: r["clinched"]),
            Column("Conditions", "conditions", lambda r: "; ".join(r["conditions"]))]
    emit(fmt, doc, cols, title=f"{view.state.season} {cls} {kind}: "
         f"{len(left)} round{'' if len(left) == 1 else 's'} left"
         + (f" ({', '.join(left)})" if left else ""))


REPORT_COLUMNS = [
    Column("Class", "class", lambda r: r["class"]), Column("Table", "table", lambda r: r["table"]),
    Column("Pos", "position", lambda r: r["position"], ">"), Column("Name", "name", lambda r: r["name"]),
    Column("Car", "car", lambda r: r.get("car")), Column("Total", "total", lambda r: r["total"], ">"),
    Column("Provisional", "provisional", lambda r: r["provisional"]),
]


@click.command()
@reading
@pass_session
def report(session: Session, fmt: str, after_round, at_seq, known_on) -> None:
    """Every class's standings (teams, drivers, manufacturers) and the invitations: the
    season's tables as published. JSON holds each table whole; CSV one line per row.

    \b
    Example:
      champ --log events/aslms-2013.jsonl report
      champ --log events/aslms-2013.jsonl report --after-round 3 --format json
    """
    from ..projections.standings import TABLES

    view = session.view(after_round, at_seq, known_on)
    docs = [doc for class_ in view.state.scored_classes() for kind in TABLES
            if (doc := standings_doc(view, class_, kind))["rows"]]
    invited = invitations_doc(view)
    if fmt == "table":
        for doc in docs:
            print_standings(doc, "table")
            click.echo()
        emit("table", invited, INVITATION_COLUMNS, title=f"{view.state.season} invitations")
        return
    strip = ("season", "as_of")
    rows = [{"class": d["class"], "table": d["table"], **r} for d in docs for r in d["rows"]]
    emit(fmt, _doc(view, tables=[{k: v for k, v in d.items() if k not in strip} for d in docs],
                   invitations=invited["rows"], rows=rows),
         REPORT_COLUMNS)


COMMANDS = [standings, entries, calendar_, classification, invitations, report, scenarios]
