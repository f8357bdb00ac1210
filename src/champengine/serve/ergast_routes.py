"""The Ergast routes' answers: races, results, standings, drivers and constructors."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .ergast import CLASS, Ask, Season, _num
from .http import cached


def _races(ask: Ask) -> dict:
    s = Season(ask, ask.view())
    n = s.round_number(ask.round_text)
    races = [s.race(k) for k in ([n] if n else range(1, len(s.running) + 1))]
    table = {"season": ask.year, **({"round": str(n)} if n else {}), "Races": ask.page(races)}
    return ask.envelope("RaceTable", table, len(races))


def _results(ask: Ask) -> dict:
    s = Season(ask, ask.view())
    n = s.round_number(ask.round_text)
    rows = [(k, r) for k in ([n] if n else s.raced) for r in s.results(k)]
    races: dict[int, dict] = {}
    for k, r in ask.page(rows):
        races.setdefault(k, {**s.race(k), "Results": []})["Results"].append(r)
    table = {"season": ask.year, **({"round": str(n)} if n else {}),
             "Races": list(races.values())}
    return ask.envelope("RaceTable", table, len(rows))


def _standings(ask: Ask, kind: str) -> dict:
    from ..documents.reading import standings_of

    first = Season(ask, ask.view())
    n = first.round_number(ask.round_text) or (first.raced[-1] if first.raced else None)
    v = ask.view(n)
    s = Season(ask, v)
    doc = standings_of(v, CLASS, "drivers" if kind == "driverStandings" else "constructors")
    wins = s.wins()
    rows = []
    for r in doc["rows"]:
        row = {"position": str(r["position"])} if r["position"] is not None else {}
        row.update(positionText=str(r["position"]) if r["position"] is not None else "-",
                   points=_num(r["total"]), wins=str(wins.get(r["key"], 0)))
        if kind == "driverStandings":
            makes = []
            for round_key, at in r.get("entries_by_round", {}).items():
                make = s.make_of(at["car"], round_key)
                if make not in makes:
                    makes.append(make)
            row.update(Driver=s.driver(r["key"]),
                       Constructors=[s.constructor(m) for m in makes])
        else:
            row["Constructor"] = s.constructor(r["key"], r["name"])
        rows.append(row)
    name = "DriverStandings" if kind == "driverStandings" else "ConstructorStandings"
    lists = [{"season": ask.year, "round": str(n or 0), name: ask.page(rows)}] if rows else []
    return ask.envelope("StandingsTable", {"season": ask.year, "StandingsLists": lists},
                        len(rows))


def _crews(s: Season, n: int | None) -> list[tuple[str, str]]:
    """(round key, car) of every car that had a crew, at round ``n`` or all season."""
    keys = [s.running[n - 1].key] if n else [r.key for r in s.running]
    return [(rk, car) for (rk, car), crew in s.state.entries.crews.items()
            if rk in keys and crew]


def _drivers(ask: Ask) -> dict:
    s = Season(ask, ask.view())
    n = s.round_number(ask.round_text)
    keys = sorted({d for rk, car in _crews(s, n) for d in s.state.entries.crew(rk, car)})
    table = {"season": ask.year, **({"round": str(n)} if n else {}),
             "Drivers": [s.driver(k) for k in ask.page(keys)]}
    return ask.envelope("DriverTable", table, len(keys))


def _constructors(ask: Ask) -> dict:
    s = Season(ask, ask.view())
    n = s.round_number(ask.round_text)
    makes = sorted({s.make_of(car, rk) for rk, car in _crews(s, n)},
                   key=lambda k: s.makes().get(k, k))
    table = {"season": ask.year, **({"round": str(n)} if n else {}),
             "Constructors": [s.constructor(k) for k in ask.page(makes)]}
    return ask.envelope("ConstructorTable", table, len(makes))


ANSWERS = {"races": _races, "results": _results, "drivers": _drivers,
           "constructors": _constructors,
           "driverStandings": lambda ask: _standings(ask, "driverStandings"),
           "constructorStandings": lambda ask: _standings(ask, "constructorStandings")}


async def ergast(request: Request) -> Response:
    ask = Ask(request)
    return cached(request, ask.snap, lambda: ANSWERS[ask.resource](ask))


ROUTES = [Route("/ergast/f1/{rest:path}", ergast)]
