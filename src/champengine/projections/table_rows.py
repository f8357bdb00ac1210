"""The rows of a table before ranking, one builder per kind of competitor: a car (the
ACO's teams tables), a driver (his cars' points, shared as the rules say), a make (its
cars, the best N of a session as the rules say)."""

from __future__ import annotations

from ..events import RACE, DriveTimeInfringed
from ..scoring import best_cars, driver_share, exact, make_key
from . import calendar
from .scored import CarRound, Item
from .season import SeasonState

_new = tuple.__new__


class Row:
    """A standings row while it is being built: what it scored, round by round
    (rounds in order, except where an adjustment adds one)."""

    __slots__ = ("name", "played", "provisional", "car", "team", "nationality", "chassis",
                 "entries", "uncounted")

    def __init__(self, name: str, car: str | None = None, team: str | None = None,
                 nationality: str | None = None) -> None:
        self.name = name
        self.played: dict[str, CarRound] = {}
        self.provisional = False
        self.car = car
        self.team = team
        self.nationality = nationality
        self.chassis: list[str] = []
        self.entries: list[tuple[str, str, str]] = []
        #: a make's places in the points by cars of its that did not count (best N only),
        #: as (round, place), in order
        self.uncounted: list[tuple[str, int]] = []


def make_name(state: SeasonState, key: str) -> str:
    """A make's name: its registered name, or both names for a make keyed with its
    engine's ("McLaren Mercedes")."""
    names = state.entries.make_name
    if key in state.entries.makes or ":" not in key:
        return names(key)
    make, engine = key.split(":", 1)
    return names(make) if engine == make else f"{names(make)} {names(engine)}"


def blank(state: SeasonState, competitor: str, key: str) -> Row:
    """A row with no points yet for a car, a driver or a make."""
    if competitor == "car":
        entry = state.entries.entries[key]
        return Row(entry.team, key, entry.team, entry.nationality)
    if competitor == "driver":
        driver = state.entries.drivers[key]
        return Row(driver.name, nationality=driver.nationality)
    return Row(make_name(state, key))


def _cars(state: SeasonState, class_, rounds, spec, cars) -> dict[str, Row]:
    numbers = calendar.numbers(state.calendar)
    rows: dict[str, Row] = {}
    for car, entry in state.entries.entries.items():
        played = cars.get(car)
        if played is None or entry.class_ != class_:
            continue
        row = rows[car] = Row(entry.team, car, entry.team, entry.nationality)
        several = len(entry.specs) > 1
        for r in rounds:
            cr = played.get(r)
            if cr is None:
                continue
            spec_at = entry.spec_at(numbers, r) if several else entry.specs[0]
            if spec_at.chassis and spec_at.chassis not in row.chassis:
                row.chassis.append(spec_at.chassis)
            row.played[r] = cr
            if cr.provisional:
                row.provisional = True
    return rows


def _shared(cr: CarRound, share, crew_size: int, driver: str) -> CarRound:
    """A driver's part of what his car scored: its points times his share; a fastest lap
    set by a named driver is his alone."""
    if share == 1 and not any(i.driver for i in cr.items):
        return cr
    items = []
    for i in cr.items:
        if i.driver is not None:
            if i.driver == driver:
                items.append(i)
            continue
        if share != 1:
            what = f"{i.what} (1/{crew_size} of a shared car)" if share else (
                f"{i.what} (shared car: no points)")
            i = i._replace(points=exact(i.points * share), what=what)
        items.append(i)
    return CarRound(exact(sum([i.points for i in items])), cr.position, cr.provisional,
                    tuple(items))


def _joined(a: CarRound, b: CarRound) -> CarRound:
    """A driver's round in two cars (the 1950s): both cars' points."""
    placed = [p for p in (a.position, b.position) if p]
    return CarRound(exact(a.points + b.points), min(placed) if placed else None,
                    a.provisional or b.provisional, a.items + b.items)


def _drivers(state: SeasonState, class_, rounds, spec, cars) -> dict[str, Row]:
    """Each driver's rounds, folded round by round from what each round gave its drivers
    (``_driver_round``, scored once per state)."""
    rows: dict[str, Row] = {}
    teams: dict[str, list[str]] = {}
    for r in rounds:
        for key, car, team, mine, provisional in _driver_round(state, class_, r, spec, cars):
            row = rows.get(key)
            if row is None:
                driver = state.entries.drivers[key]
                row = rows[key] = Row(driver.name, nationality=driver.nationality)
                teams[key] = [team]
            elif team not in teams[key]:
                teams[key].append(team)
            was = row.played.get(r)
            row.played[r] = mine if was is None else _joined(was, mine)
            row.entries.append((r, car, team))
            if provisional:
                row.provisional = True
    for key, row in rows.items():
        row.team = " / ".join(teams[key])
    return rows


def _driver_round(state: SeasonState, class_, r, spec, cars) -> list[tuple]:
    """(driver, car, team, his part of what the car scored, provisional) for each driver of
    each car scored at round ``r``, in the order of ``cars``. ``cars`` holds what
    ``car_rounds`` gives for a prefix of the calendar that reaches ``r``: its round ``r``
    and its order of the cars that ran there are the same for every such prefix, so the
    answer is kept for the state (until its next event)."""
    memo_key = ("driver round", class_, r, spec)
    found = state.memo.get(memo_key)
    if found is not None:
        return found
    out: list[tuple] = []
    rules = state.rules_for(class_, r, spec.table)
    if rules is None:
        state.memo[memo_key] = out
        return out
    entries = state.entries
    crews = entries.crews
    drivers = entries.drivers
    gradings = set(spec.gradings)
    forfeit = rules.drive_time_forfeit and _forfeits(state)
    for car, played in cars.items():
        cr = played.get(r)
        if cr is None:
            continue
        team = entries.entries[car].team
        crew = crews.get((r, car), ())
        share = driver_share(rules, len(crew))
        for key in crew:
            if gradings and drivers[key].grading not in gradings:
                continue
            mine = _shared(cr, share, len(crew), key)
            infringement = forfeit.get((r, car, key)) if forfeit else None
            if infringement is not None:
                mine = CarRound(0, mine.position, mine.provisional, (
                    *mine.items, Item("drive-time infringement", -mine.points,
                                      infringement.id, infringement.seq, car=car)))
            out.append((key, car, team, mine, cr.provisional))
    state.memo[memo_key] = out  # kept once whole: a projection that raised keeps nothing
    return out


def _forfeits(state: SeasonState) -> dict:
    """(round, car, driver) -> the drive-time infringement that stands against him."""
    found = state.memo.get("forfeits")
    if found is None:
        found = state.memo["forfeits"] = {
            (d.round, d.car, d.payload.driver): d for d in state.results.decisions.values()
            if isinstance(d.payload, DriveTimeInfringed) and d.id not in state.results.fallen}
    return found


def _makes(state: SeasonState, class_, rounds, spec, cars) -> dict[str, Row]:
    numbers = calendar.numbers(state.calendar)
    entries = state.entries.entries
    rows: dict[str, Row] = {}
    for r in rounds:
        rules = state.rules_for(class_, r, spec.table)
        if rules is None:
            continue
        scored: dict[str, list[CarRound]] = {}
        for car, played in cars.items():
            cr = played.get(r)
            if cr is None:
                continue
            entry = entries[car]
            at = entry.spec_at(numbers, r) if len(entry.specs) > 1 else entry.specs[0]
            make = make_key(rules, at.make, at.engine_make, entry.private)
            if make is not None:
                scored.setdefault(make, []).append(cr)
        for make, results in scored.items():
            row = rows.get(make)
            if row is None:
                row = rows[make] = Row(make_name(state, make))
            if len(results) == 1:  # one car: the make scored what it scored
                row.played[r] = cr = results[0]
            else:
                row.played[r] = cr = _best_of(rules, results)
                row.uncounted += [(r, place) for place in _uncounted(results, cr)]
            if cr.provisional:
                row.provisional = True
    return rows


def _uncounted(results: list[CarRound], counted: CarRound) -> list[int]:
    """The places in the points (places that scored the car itself) of a make's cars
    whose results did not count for the make."""
    kept = set(counted.items)
    return [i.place for cr in results for i in cr.items
            if i.place and i.result and i.session == RACE and i.points > 0 and i not in kept]


def _points(cr: CarRound):
    return cr.points


def _best_of(rules, results: list[CarRound]) -> CarRound:
    """A make's round from its cars: per session, the cars that count (all, or the best N
    of that session), every item of theirs in that session."""
    sessions = dict.fromkeys(i.session for cr in results for i in cr.items)
    items: list[Item] = []
    placed = []
    if len(sessions) == 1:  # one session: a car's points there are its round's points
        for cr in best_cars(rules, results, _points):
            items += cr.items
            if cr.position:
                placed.append(cr.position)
    else:
        for session in sessions:
            def points(cr: CarRound, session=session):
                return sum([i.points for i in cr.items if i.session == session])
            for cr in best_cars(rules, results, points):
                items += [i for i in cr.items if i.session == session]
                if cr.position:
                    placed.append(cr.position)
    return _new(CarRound, (exact(sum([i.points for i in items])),
                           min(placed) if placed else None,
                           any(cr.provisional for cr in results), tuple(items)))


BUILDERS = {"car": _cars, "driver": _drivers, "make": _makes}
