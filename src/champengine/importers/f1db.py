"""F1DB's tree into events: one season at a time, every event on its way to ``decide``.

A season ``f1-YYYY`` of class ``F1``: the calendar (rounds keyed by F1DB's grand prix
id, in F1DB's round order), the season's rules (the era's file of ``events/f1/rules``),
the makes, drivers and cars, then race by race the crews, the pole, the sprint and race
classifications and the fastest lap, and the season's decisions
(``events/f1/decisions/YYYY.jsonl``) where their dates put them. Knowledge time never
goes back: the calendar, rules and entries are recorded the day before the first race
(or at the first decision, if earlier), each race's results on its date, each decision
at its ``recorded_at``. Published points and standings are never read.

Car keys: see ``f1db_cars``. Ids are derived from the season and what an event is about
(uuid5), so importing the same tree again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from collections.abc import Iterable

import attrs

from ..codec import read_lines
from ..events import (
    ClassAdded,
    DriverNominated,
    DriverRegistered,
    EntryRegistered,
    FastestLapSet,
    LapHolder,
    MakeRegistered,
    PoleAwarded,
    RaceClassified,
    ResultRow,
    RoundScheduled,
    SeasonOpened,
)
from ..store import Pending
from .f1db_cars import Car, cars_of, seats, starters
from .f1db_tree import Ids, SeasonFiles, TreeError, field

SERIES = "Formula One World Championship"
CLASS = "F1"
ACTOR = "champengine f1db import"
NAMESPACE = uuid.UUID("0f1db000-5eed-5a1e-b0a7-c4a3f10e0001")
#: results are recorded at this time (UTC) of the race's date
RESULTS_AT = dt.time(18, 0)
RULES_FILE = re.compile(r"^(\d{4})(?:-(\d{4}))?\.jsonl$")


def season_key(year: int) -> str:
    return f"f1-{year}"


# --- the project's own files: rules and decisions -------------------------------------


def rules_file(rules_dir: str, year: int) -> str:
    """The era file of ``rules_dir/rules`` whose years span ``year`` (YYYY-YYYY.jsonl or
    YYYY.jsonl): exactly one."""
    folder = os.path.join(rules_dir, "rules")
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        raise TreeError(f"{folder}: missing (the rules of each era: give --rules)") from None
    found = []
    for name in names:
        m = RULES_FILE.match(name)
        if m and int(m.group(1)) <= year <= int(m.group(2) or m.group(1)):
            found.append(os.path.join(folder, name))
    if len(found) != 1:
        raise TreeError(f"{folder}: {'no' if not found else 'more than one'} rules file "
                        f"covers {year}" + (f" ({', '.join(found)})" if found else ""))
    return found[0]


def _lines(path: str, season: str) -> list:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise TreeError(f"{path}: cannot read ({exc.strerror})") from None
    return [attrs.evolve(te, line=f"{path} line {te.line}")
            for te in read_lines(data, default_season=season, name=path)]


def project_lines(rules_dir: str, year: int) -> tuple[list, list]:
    """(the era's rules lines, the season's decisions) as text events of the season."""
    season = season_key(year)
    rules = _lines(rules_file(rules_dir, year), season)
    for te in rules:
        if te.season != season:
            raise TreeError(f"{te.line}: an era file names no season")
    path = os.path.join(rules_dir, "decisions", f"{year}.jsonl")
    decisions = _lines(path, season) if os.path.exists(path) else []
    for te in decisions:
        if te.season != season:
            raise TreeError(f"{te.line}: season {te.season}, not {season}")
        if te.recorded_at is None:
            raise TreeError(f"{te.line}: a decision needs its recorded_at")
    return rules, decisions


# --- the season ---------------------------------------------------------------------------


class _Season:
    """What one season's mapping collects before it orders it."""

    def __init__(self, files: SeasonFiles, ids: Ids, data: str):
        self.files, self.ids, self.data = files, ids, data
        self.season = season_key(files.year)
        self.entrants_path = os.path.join(files.directory, "entrants.yml")
        self.index = seats(files.entrants, self.entrants_path)
        self.makes: dict[str, MakeRegistered] = {}
        self.drivers: dict[str, DriverRegistered] = {}
        self.entries: dict[str, EntryRegistered] = {}
        self.races: list[tuple[dt.datetime, list[tuple[str, Pending]]]] = []

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.data)

    def pending(self, event, about: str, source: str, when: dt.datetime | None = None
                ) -> tuple[str, Pending]:
        name = type(event).__name__
        id_ = str(uuid.uuid5(NAMESPACE, f"{self.season}\n{name}\n{about}"))
        return (f"{source} ({name} {about})",
                Pending(id=id_, payload=event, recorded_at=when, actor=ACTOR,
                        source=f"f1db:{source}"))

    # makes, drivers, entries

    def make(self, kind: str, id_: str, where: str) -> None:
        if id_ not in self.makes:
            doc = self.ids.get(kind, id_, where)
            self.makes[id_] = MakeRegistered(
                id_, field(doc, "name", f"{kind} {id_}"),
                self.ids.alpha3(doc.get("countryId"), f"{kind} {id_}"))

    def driver(self, id_: str, where: str) -> None:
        if id_ not in self.drivers:
            doc = self.ids.get("drivers", id_, where)
            path = f"drivers {id_}"
            self.drivers[id_] = DriverRegistered(
                id_, field(doc, "name", path),
                nationality=self.ids.alpha3(doc.get("nationalityCountryId"), path))

    def entry(self, car: Car, round_key: str) -> None:
        if car.key in self.entries:
            return
        entrant, block = car.seat.entrant, car.seat.block
        where = f"{self.rel(self.entrants_path)}: entrant {entrant['entrantId']}"
        self.make("constructors", block["constructorId"], where)
        self.make("engine-manufacturers", block["engineManufacturerId"], where)
        self.entries[car.key] = EntryRegistered(
            car=car.key, class_=CLASS,
            team=self.ids.name("entrants", entrant["entrantId"], where),
            team_nationality=self.ids.alpha3(entrant.get("countryId"), where),
            chassis=self._names(block, "chassisId", "chassis", "chassis", where),
            engine=self._names(block, "engineId", "engines", "engines", where),
            make=block["constructorId"], tyres=self._names(
                block, "tyreManufacturerId", "tyreManufacturers", "tyre-manufacturers",
                where, key="name"),
            from_round=round_key, engine_make=block["engineManufacturerId"])

    def _names(self, block: dict, one: str, many: str, kind: str, where: str,
               key: str = "fullName") -> str | None:
        ids = [block[one]] if block.get(one) else [
            x.get(one) for x in block.get(many) or () if isinstance(x, dict)]
        names = []
        for id_ in ids:
            doc = self.ids.get(kind, id_, where)
            names.append(doc.get(key) or field(doc, "name", f"{kind} {id_}"))
        return " / ".join(names) or None

    # one race

    def race(self, race, number: int) -> None:
        doc, rel = race.race, self.rel(race.directory)
        race_path = f"{rel}/race.yml"
        date = field(doc, "date", race_path, dt.date)
        round_key = field(doc, "grandPrixId", race_path)
        when = dt.datetime.combine(date, RESULTS_AT, dt.UTC)
        out: list[tuple[str, Pending]] = []
        where = f"{rel}/race-results.yml"
        cars = cars_of(race.results, self.index, number, where)
        by_driver = {c.rows[0]["driverId"]: c for c in cars}
        sprint = (cars_of(race.sprint, self.index, number, f"{rel}/sprint-race-results.yml",
                          taken=by_driver) if race.sprint else [])
        crews: dict[str, tuple[Car, str]] = {}
        for car in [*cars, *sprint]:
            self.entry(car, round_key)
            for driver in car.drivers:
                self.driver(driver, where)
                crews.setdefault(f"{car.key}\n{driver}", (car, driver))
        for car, driver in crews.values():
            out.append(self.pending(DriverNominated(round_key, car.key, driver),
                                    f"{round_key}\n{car.key}\n{driver}", where, when))
        pole = self._pole(race, cars, round_key, rel, when)
        if pole:
            out.append(pole)
        if race.sprint:
            out.append(self._classified(sprint, "sprint", doc.get("sprintRaceLaps"),
                                        doc.get("sprintRaceScheduledLaps"), round_key,
                                        f"{rel}/sprint-race-results.yml", when))
        out.append(self._classified(cars, "race", doc.get("laps"), doc.get("scheduledLaps"),
                                    round_key, where, when))
        fastest = self._fastest(race, cars, round_key, rel, when)
        if fastest:
            out.append(fastest)
        self.races.append((when, out))

    def _classified(self, cars: list[Car], session: str, laps, scheduled, round_key: str,
                    where: str, when: dt.datetime) -> tuple[str, Pending]:
        rows = tuple(ResultRow(car.key, status, _int(car.rows[0].get("laps")),
                               _text(car.rows[0].get("time") or car.rows[0].get("gap")))
                     for car, status in starters(cars, where))
        laps = _int(laps)
        event = RaceClassified(round_key, CLASS, rows, session=session, laps=laps,
                               scheduled_laps=_int(scheduled) or laps)
        return self.pending(event, f"{round_key}\n{session}", where, when)

    def _pole(self, race, cars, round_key, rel, when):
        if not race.grid:
            return None
        where = f"{rel}/starting-grid-positions.yml"
        first = [r for r in race.grid if r.get("position") == 1]
        if not first:
            return None
        car = _car_of(cars, first[0], where)
        return self.pending(PoleAwarded(round_key, CLASS, car.key), round_key, where, when)

    def _fastest(self, race, cars, round_key, rel, when):
        if not race.fastest_laps:
            return None
        where = f"{rel}/fastest-laps.yml"
        best = [r for r in race.fastest_laps if r.get("position") == 1]
        if not best:
            return None
        holders = tuple(LapHolder(_car_of(cars, r, where).key, r["driverId"]) for r in best)
        event = FastestLapSet(round_key, CLASS, holders, time=_text(best[0].get("time")))
        return self.pending(event, f"{round_key}\nrace", where, when)


def _car_of(cars: list[Car], row: dict, where: str) -> Car:
    """The car of the race a driver drove (the one of his constructor, when two)."""
    driver = field(row, "driverId", where)
    driven = [c for c in cars if driver in c.drivers]
    for car in driven:
        if car.seat.block["constructorId"] == row.get("constructorId"):
            return car
    if driven:
        return driven[0]
    raise TreeError(f"{where}: {driver} drove no car of the race's results")


def _int(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value) -> str | None:
    return None if value is None else str(value)


def season_events(files: SeasonFiles, ids: Ids, data: str, rules: list, decisions: list
                  ) -> list[tuple[str, Pending]]:
    """The season's events in the order they are recorded, each with where it came from."""
    s = _Season(files, ids, data)
    year = files.year
    previous = None
    for number, race in enumerate(files.races, start=1):
        path = f"{s.rel(race.directory)}/race.yml"
        date = field(race.race, "date", path, dt.date)
        if previous is not None and date < previous:
            raise TreeError(f"{path}: round {number} out of order (dated {date}, before "
                            f"round {number - 1} on {previous})")
        previous = date
        if race.results is not None:
            s.race(race, number)
    first = field(files.races[0].race, "date", "race.yml", dt.date)
    opening = dt.datetime.combine(first - dt.timedelta(days=1), dt.time(12), dt.UTC)
    if decisions:
        opening = min(opening, min(te.recorded_at for te in decisions))
    head = [s.pending(SeasonOpened(s.season, SERIES, year), s.season,
                      s.rel(files.directory), opening),
            s.pending(ClassAdded(CLASS, "Formula One"), CLASS, s.rel(files.directory),
                      opening)]
    for race in files.races:
        head.append(_scheduled(s, race, opening))
    head += [(te.line, attrs.evolve(Pending.of(te), recorded_at=opening)) for te in rules]
    entrants = s.rel(s.entrants_path)
    head += [s.pending(m, m.make, entrants, opening) for m in s.makes.values()]
    head += [s.pending(d, d.driver, entrants, opening) for d in s.drivers.values()]
    head += [s.pending(e, e.car, entrants, opening) for e in s.entries.values()]
    return head + _merged(s.races, decisions)


def _scheduled(s: _Season, race, opening: dt.datetime) -> tuple[str, Pending]:
    doc, path = race.race, f"{s.rel(race.directory)}/race.yml"
    gp = field(doc, "grandPrixId", path)
    circuit = s.ids.get("circuits", field(doc, "circuitId", path), path)
    name = s.ids.get("grands-prix", gp, path)
    event = RoundScheduled(gp, name.get("fullName") or name.get("name"),
                           circuit.get("fullName") or circuit.get("name"),
                           s.ids.alpha3(circuit.get("countryId"), path),
                           field(doc, "date", path, dt.date))
    return s.pending(event, gp, path, opening)


def _merged(races: Iterable, decisions: list) -> list[tuple[str, Pending]]:
    """Race days and decisions in knowledge-time order (a decision recorded at the same
    instant as a race's results comes after them)."""
    timed = [(when, 0, n, items) for n, (when, items) in enumerate(races)]
    timed += [(te.recorded_at, 1, n, [(te.line, Pending.of(te))])
              for n, te in enumerate(decisions)]
    timed.sort(key=lambda t: (t[0], t[1], t[2]))
    return [item for *_, items in timed for item in items]
