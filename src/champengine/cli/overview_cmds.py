"""Overviews: the seasons a log holds, the drivers, the entry list (a round, or the whole
season a column per round), a round's classification (one class, or every class)."""

from __future__ import annotations

import click

from . import Session, pass_session, reading
from .reading_cmds import _abbrev
from .render import Column, emit, point_words

# --- seasons ----------------------------------------------------------------------------


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="Output format.")
@pass_session
def seasons(session: Session, fmt: str) -> None:
    """The seasons the log holds: series, year, events, classes, rounds run and left.

    \b
    Example:
      champ --log events/aslms-2013.jsonl seasons
    """
    from ..documents.overview import seasons as document
    from ..projections.season import fold

    store = session.reader()
    doc = document(fold(store.read(key)) for key in store.seasons())
    cols = [Column("Season", "season", lambda r: r["season"]),
            Column("Series", "series", lambda r: r["series"]),
            Column("Year", "year", lambda r: r["year"], ">"),
            Column("Events", "events", lambda r: r["events"], ">"),
            Column("Rounds", "rounds", lambda r: r["rounds"], ">"),
            Column("Classified", "rounds_classified", lambda r: r["rounds_classified"], ">"),
            Column("Entries", "entries", lambda r: r["entries"], ">"),
            Column("Drivers", "drivers", lambda r: r["drivers"], ">"),
            Column("Classes", "classes", lambda r: ", ".join(r["classes"])),
            Column("Last recorded", "last_recorded", lambda r: (r["last_recorded"] or "")[:10])]
    emit(fmt, doc, cols, title="seasons in the log")


# --- drivers ----------------------------------------------------------------------------


@click.command()
@click.option("--class", "class_", metavar="CLASS", help="Only drivers of cars of this class.")
@reading
@pass_session
def drivers(session: Session, class_: str | None, fmt: str, after_round, at_seq,
            known_on) -> None:
    """Every registered driver: key, name, nationality, grading, aliases, and the car he
    drove at each round.

    \b
    Example:
      champ --log events/aslms-2013.jsonl drivers --class LMP2
    """
    from ..documents.overview import drivers as document

    view = session.view(after_round, at_seq, known_on)
    doc = document(view, class_)
    state, wanted, rounds = view.state, doc["class"], doc["rounds"]
    cols = [Column("Key", "key", lambda r: r["key"]), Column("Name", "name", lambda r: r["name"]),
            Column("Nat", "nationality", lambda r: r["nationality"]),
            Column("Grading", "grading", lambda r: r["grading"])]
    cols += [Column(_abbrev(rk), rk, lambda r, rk=rk: r["cars_by_round"].get(rk))
             for rk in rounds]
    cols.append(Column("Aliases", "aliases", lambda r: ", ".join(r["aliases"])))
    emit(fmt, doc, cols, title=f"{state.season} drivers" + (f", {wanted}" if wanted else "")
         + point_words(doc["as_of"]))


# --- entries ----------------------------------------------------------------------------


def _surnames(at: dict | None) -> str:
    if at is None:
        return "-"
    return "/".join(d["name"].split()[-1] for d in at["drivers"]) or "entered"


@click.command()
@click.option("--round", "round_", metavar="R",
              help="One round (key or number); the whole season, a column per round, "
                   "by default.")
@click.option("--class", "class_", metavar="CLASS", help="Only this class.")
@reading
@pass_session
def entries(session: Session, round_: str | None, class_: str | None, fmt: str, after_round,
            at_seq, known_on) -> None:
    """The entry list: of one round (car, class, team, chassis, engine, make, crew), or of
    the whole season with each round's crew in a column ("-": not entered).

    \b
    Example:
      champ --log events/aslms-2013.jsonl entries --round zhuhai --class LMP2
      champ --log events/aslms-2013.jsonl entries --class LMP2
    """
    from ..documents.reading import entries as document

    view = session.view(after_round, at_seq, known_on)
    state = view.state
    doc = document(view, round_, class_)
    tail = f", {doc['class']}" if doc["class"] else ""
    if round_ is None:
        rounds = doc["rounds"]
        cols = [Column("Car", "car", lambda r: r["car"]),
                Column("Class", "class", lambda r: r["class"]),
                Column("Team", "team", lambda r: r["team"])]
        cols += [Column(_abbrev(rk), rk, lambda r, rk=rk: _surnames(r["by_round"].get(rk)))
                 for rk in rounds]
        emit(fmt, doc, cols, title=f"{state.season} entry list, whole season{tail}"
             + point_words(doc["as_of"]))
        return
    key = doc["round"]
    cols = [Column("Car", "car", lambda r: r["car"]), Column("Class", "class", lambda r: r["class"]),
            Column("Team", "team", lambda r: r["team"]),
            Column("Chassis", "chassis", lambda r: r["chassis"]),
            Column("Engine", "engine", lambda r: r["engine"]),
            Column("Make", "make", lambda r: r["make"]),
            Column("Drivers", "drivers", lambda r: ", ".join(d["name"] for d in r["drivers"]))]
    emit(fmt, doc, cols, title=f"{state.season} entry list, {key}{tail}"
         + point_words(doc["as_of"]))


# --- classification ---------------------------------------------------------------------


CLASSIFICATION_COLUMNS = [
    Column("Pos", "position", lambda r: r["position"], ">"),
    Column("Car", "car", lambda r: r["car"]), Column("Team", "team", lambda r: r["team"]),
    Column("Drivers", "drivers", lambda r: ", ".join(r["drivers"])),
    Column("Status", "status", lambda r: r["status"]),
    Column("Laps", "laps", lambda r: r["laps"], ">"), Column("Time", "time", lambda r: r["time"]),
    Column("Pole", "pole", lambda r: r["pole"]),
    Column("Pts", "points", lambda r: r["points"], ">"),
    Column("Penalties", "penalties", lambda r: "; ".join(r["penalties"]))]


def _classification_title(doc: dict) -> str:
    return (f"{doc['season']} {doc['class']} classification, {doc['round']}"
            + (" (partial: only the rows published)" if doc["partial"] else "")
            + point_words(doc["as_of"]))


@click.command()
@click.option("--round", "round_", required=True, metavar="R", help="The round (key or number).")
@click.option("--class", "class_", metavar="CLASS", help="One class (every class by default).")
@reading
@pass_session
def classification(session: Session, round_: str, class_: str | None, fmt: str, after_round,
                   at_seq, known_on) -> None:
    """A race's classification, after corrections and stewards' decisions, with the points
    each car scored: one class, or every class classified at the round.

    \b
    Example:
      champ --log events/aslms-2013.jsonl classification --round sepang --class GTC
      champ --log events/aslms-2013.jsonl classification --round inje
    """
    from ..documents.reading import classification as document

    view = session.view(after_round, at_seq, known_on)
    doc = document(view, round_, class_)
    if class_ is not None:
        emit(fmt, doc, CLASSIFICATION_COLUMNS, title=_classification_title(doc))
        return
    if fmt == "table":
        for n, one in enumerate(doc["classes"]):
            if n:
                click.echo()
            one = {"season": doc["season"], "as_of": doc["as_of"], "round": doc["round"], **one}
            emit(fmt, one, CLASSIFICATION_COLUMNS, title=_classification_title(one))
        return
    emit(fmt, doc, [Column("Class", "class", lambda r: r["class"]), *CLASSIFICATION_COLUMNS])


COMMANDS = [seasons, drivers, entries, classification]
