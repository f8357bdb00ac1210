"""Ergast-compatible routes for the F1 seasons (``f1-YYYY``), under ``/ergast/f1/``.

Ergast's URLs, its ``MRData`` envelope, its field names and its strings for
numbers, so an Ergast client works by changing its base URL: ``{year}.json``
(the races), ``{year}/{round}/results.json``, ``{year}[/{round}]/driverStandings``,
``constructorStandings``, ``drivers`` and ``constructors`` (lower case accepted
too), ``current`` for the latest season and ``last`` for its latest round;
``limit`` (at most 100) and ``offset``. Every figure comes from replaying the log;
``known_on`` and ``at_seq`` ask what was known then, which Ergast never could.
"""

from __future__ import annotations

from starlette.requests import Request

from ..timeline import Point
from .library import NotFound
from .params import Query

MAX_LIMIT = 100
RESOURCES = {"races": "races", "results": "results", "driverstandings": "driverStandings",
             "constructorstandings": "constructorStandings", "drivers": "drivers",
             "constructors": "constructors"}
CLASS = "F1"
#: our row status -> Ergast's status text (a classified row says Finished or +N Laps)
STATUS = {"DNF": "Retired", "DSQ": "Disqualified", "DNS": "Withdrew", "NC": "Not classified"}
POSITION_TEXT = {"DNF": "R", "DSQ": "D", "DNS": "W", "NC": "N"}


class Ask:
    """One Ergast request: the season, the round (None: the whole season), the resource."""

    def __init__(self, request: Request) -> None:
        self.request = request
        rest = request.path_params["rest"]
        if not rest.endswith(".json"):
            raise NotFound(f"no route /ergast/f1/{rest} (Ergast's routes end in .json)")
        parts = rest[:-5].split("/")
        self.library = request.app.state.library
        f1 = sorted(s for s in self.library.seasons() if s.startswith("f1-"))
        year = parts[0]
        if year == "current":
            if not f1:
                raise NotFound("the log holds no F1 season")
            year = f1[-1][3:]
        self.season = f"f1-{year}"
        if self.season not in f1:
            raise NotFound(f"no F1 season {year} in the log")
        self.year = year
        self.round_text = None
        if len(parts) > 1 and (parts[1].isdecimal() or parts[1] == "last"):
            self.round_text = parts.pop(1)
        if len(parts) == 1:
            self.resource = "races"
        elif len(parts) == 2 and parts[1].casefold() in RESOURCES:
            self.resource = RESOURCES[parts[1].casefold()]
        else:
            raise NotFound(f"no route /ergast/f1/{rest} (known: "
                           f"{', '.join(sorted(set(RESOURCES.values())))})")
        query = Query(request.query_params.multi_items(), {"limit", "offset", "at_seq",
                                                           "known_on"})
        self.limit = query.integer("limit", 30, low=1, high=MAX_LIMIT)
        self.offset = query.integer("offset", 0)
        self.snap = self.library.snapshot(self.season)
        self.known = Point(None, query.integer("at_seq"), query.date("known_on"))

    def view(self, round_number: int | None = None):
        point = Point(str(round_number) if round_number else None, self.known.at_seq,
                      self.known.known_on)
        return self.library.view(self.snap, point)

    def envelope(self, table: str, body: dict, total: int) -> dict:
        return {"MRData": {"xmlns": "", "series": "f1", "url": str(self.request.url),
                           "limit": str(self.limit), "offset": str(self.offset),
                           "total": str(total), table: body}}

    def page(self, items: list) -> list:
        return items[self.offset:self.offset + self.limit]


def _num(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class Season:
    """One F1 season at a point, in Ergast's words."""

    def __init__(self, ask: Ask, v) -> None:
        from ..projections import calendar

        self.ask, self.v, self.state = ask, v, v.state
        self.ref = ask.request.app.state.f1ref
        self.numbers = calendar.numbers(self.state.calendar)
        self.running = calendar.running(self.state.calendar)
        self.raced = [n for n, r in enumerate(self.running, start=1)
                      if (r.key, CLASS) in self.state.results.races]
        self._makes = None

    def round_number(self, text: str | None) -> int | None:
        """The round asked (``last``: the latest raced), checked against the calendar."""
        if text is None:
            return None
        if text == "last":
            if not self.raced:
                raise NotFound(f"no race of {self.ask.year} has a result yet")
            return self.raced[-1]
        n = int(text)
        if not 1 <= n <= len(self.running):
            raise NotFound(f"there is no round {n} in {self.ask.year}: the calendar has "
                           f"{len(self.running)} rounds")
        return n

    def driver(self, key: str) -> dict:
        d = self.state.entries.drivers.get(key)
        name = d.name if d else key
        given, _, family = name.partition(" ")
        out = {"driverId": key, "givenName": given, "familyName": family or given}
        if d and d.nationality:
            out["nationality"] = self.ref.nationality(d.nationality)
        out.update(self.ref.driver(key))
        return out

    def makes(self) -> dict[str, str]:
        """Our constructors key (``constructor:engine``) -> Ergast's constructorId: the
        constructor alone, or with its engine where it raced with more than one."""
        if self._makes is None:
            from ..documents.reading import standings_of

            keys = [r["key"] for r in standings_of(self.ask.view(), CLASS, "constructors")["rows"]]
            firsts = [k.split(":")[0] for k in keys]
            self._makes = {k: (f if firsts.count(f) == 1 else k.replace(":", "-"))
                           for k, f in zip(keys, firsts, strict=True)}
        return self._makes

    def make_of(self, car: str, round_key: str) -> str:
        entry = self.state.entries.entries[car]
        spec = entry.spec_at(self.numbers, round_key)
        engine = getattr(spec, "engine_make", None)
        return f"{spec.make}:{engine}" if engine else spec.make

    def constructor(self, key: str, name: str | None = None) -> dict:
        ergast_id = self.makes().get(key, key.replace(":", "-"))
        constructor = key.split(":")[0]
        known = self.ref.constructor_name(constructor) if ergast_id == constructor else None
        out = {"constructorId": ergast_id, "name": known or name or key}
        out.update(self.ref.constructor(constructor))
        return out

    def race(self, number: int) -> dict:
        r = self.running[number - 1]
        circuit = self.ref.circuit(self.ref.race(int(self.ask.year), number).get("circuitId"))
        if not circuit:
            circuit = {"circuitId": "".join(c if c.isalnum() else "_" for c in
                                            (r.circuit or r.key).casefold()),
                       "circuitName": r.circuit, "Location": {"country": r.country}}
        out = {"season": self.ask.year, "round": str(number), "raceName": r.name or r.key,
               "Circuit": circuit}
        if r.date:
            out["date"] = r.date.isoformat()
        return out

    def results(self, number: int) -> list[dict]:
        from ..documents.reading import classification

        key = self.running[number - 1].key
        doc = classification(self.v, key, CLASS)
        leader_laps = doc["rows"][0]["laps"] if doc["rows"] else None
        rows = []
        for n, row in enumerate(doc["rows"], start=1):
            crew = self.state.entries.crew(key, row["car"]) or [None]
            for driver in crew:
                rows.append(self._result(n, row, driver, key, leader_laps, len(crew)))
        return rows

    def _result(self, n, row, driver, round_key, leader_laps, sharing) -> dict:
        from ..projections.classification import parse_time

        status = row["status"]
        if status == "classified":
            behind = (leader_laps or 0) - (row["laps"] or 0)
            text = "Finished" if not behind or row["laps"] is None else \
                f"+{behind} Lap{'s' if behind > 1 else ''}"
        else:
            text = STATUS.get(status, status)
        out = {"position": str(n),
               "positionText": str(row["position"]) if row["position"] is not None
               else POSITION_TEXT.get(status, "R"),
               "points": _num(row["points"] if sharing == 1 else self._driver_points(
                   driver, round_key)),
               "Driver": self.driver(driver) if driver else {},
               "Constructor": self.constructor(self.make_of(row["car"], round_key)),
               "status": text}
        if row["laps"] is not None:
            out["laps"] = str(row["laps"])
        seconds = parse_time(row["time"]) if row["time"] else None
        if seconds is not None:
            out["Time"] = {"millis": str(round(seconds * 1000)), "time": row["time"]}
        return out

    def _driver_points(self, driver: str | None, round_key: str):
        from ..projections.standings import table

        for r in table(self.state, CLASS, "drivers", self.v.upto).rows:
            if r.key == driver:
                return r.points_at(round_key) or 0
        return 0

    def wins(self) -> dict[str, int]:
        """Wins of each driver and constructor key up to the point."""
        counted: dict[str, int] = {}
        upto = self.v.upto or len(self.running)
        for number in (n for n in self.raced if n <= upto):
            key = self.running[number - 1].key
            from ..projections.classification import classify

            placed = classify(self.state.results, key, CLASS) or []
            for p in placed[:1]:
                if p.position != 1:
                    continue
                for who in [*self.state.entries.crew(key, p.car), self.make_of(p.car, key)]:
                    counted[who] = counted.get(who, 0) + 1
        return counted
