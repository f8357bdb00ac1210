"""Reading commands: standings, entries, calendar, classification, invitations, report."""

from __future__ import annotations

import click

from . import Session, pass_session, reading
from .render import Column, emit, number, point_words

#: a table of the season: the ACO's teams, drivers, manufacturers, or any the season defines
TABLE_CHOICE = click.STRING


def _abbrev(round_key: str) -> str:
    return round_key[:3].upper()


def standings_columns(doc: dict) -> list[Column]:
    kind = doc.get("competitor", "car")
    cols = [Column("Pos", "position",
                   lambda r: "EX" if r.get("excluded") else r["position"], ">")]
    if kind == "car":
        cols += [Column("Car", "car", lambda r: r["car"]),
                 Column("Team", "name", lambda r: r["name"]),
                 Column("Chassis", "chassis", lambda r: " / ".join(r["chassis"]))]
    elif kind == "driver":
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
    return f"{doc['season']} {doc['class']} {doc['table']}{point_words(doc['as_of'])}"


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
    from ..documents.reading import standings as document

    view = session.view(after_round, at_seq, known_on)
    print_standings(document(view, class_, kind), fmt)


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
    from ..documents.reading import calendar as document

    view = session.view(after_round, at_seq, known_on)
    doc = document(view)
    cols = [Column("Rnd", "round", lambda r: r["round"], ">"), Column("Key", "key", lambda r: r["key"]),
            Column("Race", "name", lambda r: r["name"]),
            Column("Circuit", "circuit", lambda r: r["circuit"]),
            Column("Date", "date", lambda r: r["date"]),
            Column("Status", "status", lambda r: r["status"]),
            Column("Changes", "history",
                   lambda r: "; ".join(c["change"] for c in r["history"][1:]))]
    emit(fmt, doc, cols, title=f"{view.state.season} calendar{point_words(doc['as_of'])}")


# --- invitations ----------------------------------------------------------------------------


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
    from ..documents.reading import invitations as document

    view = session.view(after_round, at_seq, known_on)
    doc = document(view)
    emit(fmt, doc, INVITATION_COLUMNS,
         title=f"{view.state.season} invitations{point_words(doc['as_of'])}")


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
    from ..documents.reading import scenarios as document

    view = session.view(after_round, at_seq, known_on)
    doc = document(view, class_, kind)
    cls, left = doc["class"], doc["rounds_left"]
    cols = [Column("Pos", "position", lambda r: r["position"], ">"),
            Column("Name", "name", lambda r: r["name"]), Column("Car", "car", lambda r: r["car"]),
            Column("Pts", "points", lambda r: r["points"], ">"),
            Column("Max", "max_points", lambda r: r["max_points"], ">"),
            Column("Can win", "can_win", lambda r: r["can_win"]),
            Column("Clinched", "clinched", lambda r: r["clinched"]),
            Column("Conditions", "conditions", lambda r: "; ".join(r["conditions"]))]
    if any("invitation" in r for r in doc["rows"]):
        cols.insert(-1, Column("Invitation", "invitation", lambda r: r.get("invitation")))
    emit(fmt, doc, cols, title=f"{view.state.season} {cls} {kind}: "
         f"{len(left)} round{'' if len(left) == 1 else 's'} left"
         + (f" ({', '.join(left)})" if left else "") + point_words(doc["as_of"]))


REPORT_COLUMNS = [
    Column("Class", "class", lambda r: r["class"]), Column("Table", "table", lambda r: r["table"]),
    Column("Pos", "position", lambda r: r["position"], ">"), Column("Name", "name", lambda r: r["name"]),
    Column("Car", "car", lambda r: r.get("car")), Column("Total", "total", lambda r: r["total"], ">"),
    Column("Provisional", "provisional", lambda r: r["provisional"]),
]


@click.command()
@click.option("--html", "html_dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Write the season's pages (the log as it stands) as a static offline "
                   "site into DIR instead.")
@reading
@pass_session
def report(session: Session, fmt: str, after_round, at_seq, known_on, html_dir) -> None:
    """Every class's standings (teams, drivers, manufacturers) and the invitations: the
    season's tables as published. JSON holds each table whole; CSV one line per row;
    --html DIR writes the pages, charts and all, as a site that opens offline.

    \b
    Example:
      champ --log events/aslms-2013.jsonl report
      champ --log events/aslms-2013.jsonl report --after-round 3 --format json
      champ --log events/aslms-2013.jsonl report --html site/
    """
    from ..documents import reading as documents

    if html_dir is not None:
        from .serve_cmds import write_html

        return write_html(session, html_dir, (after_round, at_seq, known_on))
    view = session.view(after_round, at_seq, known_on)
    if fmt == "table":
        for doc in documents.report_tables(view):
            print_standings(doc, "table")
            click.echo()
        invited = documents.invitations(view)
        emit("table", invited, INVITATION_COLUMNS,
             title=f"{view.state.season} invitations{point_words(invited['as_of'])}")
        return
    emit(fmt, documents.report(view), REPORT_COLUMNS)


COMMANDS = [standings, calendar_, invitations, report, scenarios]
