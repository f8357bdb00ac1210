"""The JSON routes: one per reading command, each answering with its CLI document."""

from __future__ import annotations

import attrs
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..documents import audit, class_of, doc, reading
from ..errors import ChampError, UsageError
from ..timeline import check_point
from .http import body, cached
from .library import NotFound
from .params import POINT, Query

#: the log's own events: at most this many a page
EVENTS_PAGE = 1000
#: a what-if body is at most this many bytes
MAX_BODY = 1 << 20


def _query(request: Request, *allowed: str, point: bool = True) -> Query:
    return Query(request.query_params.multi_items(), set(allowed) | (POINT if point else set()))


def _season(request: Request):
    library = request.app.state.library
    return library, library.snapshot(request.path_params["season"])


def tables_of(state, class_: str) -> list[str]:
    """The tables a class has (those the season defines, or the ACO's three)."""
    specs = getattr(state, "table_specs", None)
    if specs is None:
        from ..projections.standings import TABLES

        return list(TABLES)
    return [t.table for t in specs(class_)]


def _class(state, text: str) -> str:
    try:
        return class_of(state, text)
    except UsageError as exc:
        raise NotFound(str(exc)) from None


def _table(state, class_: str, text: str) -> str:
    tables = tables_of(state, class_)
    if text not in tables:
        raise NotFound(f"unknown table {text!r} for {class_} (tables: {', '.join(tables)})")
    return text


def _round(state, text: str) -> str:
    from ..timeline import resolve_round

    try:
        return resolve_round(state, text)[1]
    except ChampError as exc:
        raise NotFound(str(exc)) from None


def _class_table(request: Request, v) -> tuple[str, str]:
    cls = _class(v.state, request.path_params["class"])
    return cls, _table(v.state, cls, request.path_params["table"])


async def seasons(request: Request) -> Response:
    """``champ seasons``: every season of the log, as the log holds it now."""
    from ..documents.overview import seasons as document
    from ..timeline import Point

    _query(request, point=False)
    library = request.app.state.library
    states = [library.view(library.snapshot(s), Point()).state for s in library.seasons()]
    return Response(body(document(states)), media_type="application/json",
                    headers={"Cache-Control": "no-cache"})


def season_doc(v) -> dict:
    """A season's home: its classes with their tables, and its rounds."""
    from ..projections import calendar

    state = v.state
    scored = set(state.scored_classes())
    classes = [{"class": c, "scored": c in scored, "tables": tables_of(state, c)}
               for c in state.classes]
    rounds = [{"round": n, "key": r.key, "name": r.name,
               "date": r.date.isoformat() if r.date else None}
              for n, r in enumerate(calendar.rounds_up_to(state.calendar, v.upto), start=1)]
    return doc(v, classes=classes, rounds=rounds, rows=classes)


def _reading(build, *allowed: str):
    """A GET route over a season at the query's point: ``build(request, query, view)``."""

    async def endpoint(request: Request) -> Response:
        query = _query(request, *allowed)
        library, snap = _season(request)
        point = query.point()
        check_point(snap.events, point)
        return cached(request, snap, lambda: build(request, query, library.view(snap, point),
                                                   snap))

    return endpoint


def _standings(request, q, v, snap):
    cls, table = _class_table(request, v)
    return reading.standings_of(v, cls, table)


def _entries(request, q, v, snap):
    round_ = q.text("round")
    if round_ is not None:
        _round(v.state, round_)
    cls = q.text("class")
    return reading.entries(v, round_, _class(v.state, cls) if cls else None)


def _classification(request, q, v, snap):
    key = _round(v.state, request.path_params["round"])
    text = request.path_params.get("class") or q.text("class")
    return reading.classification(v, key, _class(v.state, text) if text else None)


def _drivers(request, q, v, snap):
    from ..documents.overview import drivers

    cls = q.text("class")
    return drivers(v, _class(v.state, cls) if cls else None)


def _scenarios(request, q, v, snap):
    cls, table = _class_table(request, v)
    return reading.scenarios(v, cls, table)


def _explain(request, q, v, snap):
    cls, table = _class_table(request, v)
    key = request.path_params["key"]
    try:
        return audit.explain(snap.events, v, cls, kind=table, key=key)
    except UsageError as exc:
        raise NotFound(str(exc)) from None


def _history(request, q, v, snap):
    cls, table = _class_table(request, v)
    events = snap.events
    return audit.history(events, v, cls, table, q.choice("by", ("event", "round"), "event"))


async def diff(request: Request) -> Response:
    names = [f"{side}_{what}" for side in ("from", "to") for what in ("round", "seq", "known_on")]
    query = _query(request, *names, "all", point=False)
    library, snap = _season(request)
    points = [query.point(f"{side}_") for side in ("from", "to")]
    for p in points:
        check_point(snap.events, p)
    every_row = query.flag("all")

    def build():
        first, second = (library.view(snap, p) for p in points)
        cls, table = _class_table(request, second)
        return audit.diff(first, second, cls, table, every_row)

    return cached(request, snap, build)


async def events(request: Request) -> Response:
    """The log itself, a page at a time: events after seq ``after``, at most ``limit``."""
    from ..codec import envelope_to_json

    query = _query(request, "after", "limit", point=False)
    library, snap = _season(request)
    after = query.integer("after", 0)
    limit = query.integer("limit", 100, low=1, high=EVENTS_PAGE)

    def build():
        page = snap.events[after:after + limit]
        last = page[-1].seq if page else after
        return {"season": snap.season, "seq": snap.seq, "after": after, "limit": limit,
                "next": last if last < snap.seq else None,
                "rows": [envelope_to_json(e) for e in page]}

    return cached(request, snap, build)


async def whatif(request: Request) -> Response:
    """A branch beside the log from a JSON Lines body, as ``champ whatif`` prints it;
    nothing is written."""
    from ..codec import read_lines
    from ..timeline import make_branch

    query = _query(request, "class", "table", "from", "all")
    library, snap = _season(request)
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdecimal() or int(declared) > MAX_BODY):
        raise UsageError(f"the body is too large (at most {MAX_BODY} bytes)")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > MAX_BODY:
            raise UsageError(f"the body is too large (at most {MAX_BODY} bytes)")
    if not data.strip():
        raise UsageError("whatif needs a branch: send its events as JSON Lines in the body")
    events = snap.events
    check_point(events, query.point())
    base = library.view(snap, query.point())
    cls = query.text("class")
    cls = _class(base.state, cls) if cls else None
    table = query.text("table")
    if table is not None:
        table = _table(base.state, cls or base.state.scored_classes()[0], table)
    lines = [attrs.evolve(te, line=f"body line {te.line}")
             for te in read_lines(bytes(data), default_season=snap.season, name="body")]
    branch = make_branch(events, lines, season=snap.season,
                         at_seq=audit.branch_start(events, query.text("from")))
    doc_ = audit.whatif(events, branch, query.point(), cls, table, query.flag("all"), ["body"])
    return Response(body(doc_), media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def running_order_doc(v, round_text: str, at: int, class_text: str | None = None) -> dict:
    """``champ timing running-order --round R --at T``: a timed round as it stood at T."""
    from ..cli.timing_rows import place_row, seconds
    from ..projections.running_order import order
    from ..projections.timed_race import race_of

    state = v.state
    key = _round(state, round_text)
    if not state.timing.timed(key):
        raise NotFound(f"round {key!r} has no timed laps (champ timing import)")
    rows = [place_row(p) for p in order(race_of(state.timing, state.entries, key), at)]
    if class_text:
        cls = _class(state, class_text)
        rows = [r for r in rows if r["class"] == cls]
    return {"season": state.season, "round": key, "as_of": v.as_of(), "at": seconds(at),
            "rows": rows}


def _running_order(request, q, v, snap):
    at = q.race_time("at")
    at = q.race_time("at_race_time") if at is None else at
    if at is None:
        raise UsageError("at: required, a race time H:MM[:SS] (or at_race_time)")
    return running_order_doc(v, request.path_params["round"], at, q.text("class"))


def _season_home(request, q, v, snap):
    return season_doc(v)


ROUTES = [
    Route("/seasons", seasons),
    Route("/seasons/{season}", _reading(_season_home)),
    Route("/seasons/{season}/standings/{class}/{table}", _reading(_standings)),
    Route("/seasons/{season}/entries", _reading(_entries, "round", "class")),
    Route("/seasons/{season}/drivers", _reading(_drivers, "class")),
    Route("/seasons/{season}/calendar", _reading(lambda r, q, v, s: reading.calendar(v))),
    Route("/seasons/{season}/classification/{round}", _reading(_classification, "class")),
    Route("/seasons/{season}/classification/{round}/{class}", _reading(_classification)),
    Route("/seasons/{season}/invitations",
          _reading(lambda r, q, v, s: reading.invitations(v))),
    Route("/seasons/{season}/report", _reading(lambda r, q, v, s: reading.report(v))),
    Route("/seasons/{season}/scenarios/{class}/{table}", _reading(_scenarios)),
    Route("/seasons/{season}/explain/{class}/{table}/{key}", _reading(_explain)),
    Route("/seasons/{season}/history/{class}/{table}", _reading(_history, "by")),
    Route("/seasons/{season}/diff/{class}/{table}", diff),
    Route("/seasons/{season}/events", events),
    Route("/seasons/{season}/running-order/{round}",
          _reading(_running_order, "at", "at_race_time", "class")),
    Route("/seasons/{season}/whatif", whatif, methods=["POST"]),
]
