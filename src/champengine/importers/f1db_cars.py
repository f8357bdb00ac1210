"""F1DB's cars: which entry of ``entrants.yml`` a result row is, and the car keys.

F1DB's results name a driver, a constructor and an engine maker, not the car; the
entrants file names who entered which constructor and engine with which drivers, round
by round. A car here is one driver's seat at one entrant:

    car key = ENTRANT/CONSTRUCTOR:ENGINE_MAKER/DRIVER     (F1DB ids)

e.g. ``honda-marlboro-mclaren/mclaren:honda/ayrton-senna``. The driver is the one a
result row names first for the car (F1DB's ``sharedCar: true`` rows follow the row of
the car they shared). So the same driver in the same entrant's car keeps one key all
season; a driver who changes team, constructor or engine maker has a new car; and two
cars of one race never share a key: when one driver heads two cars of the same entrant
in one race (1952 French GP, Fischer), the second is ``KEY~2`` (the third ``KEY~3``).

When two entrants list the same driver, constructor and engine maker at a round (a
double entry in the file), the entrant listed first in ``entrants.yml`` is taken.
"""

from __future__ import annotations

from typing import NamedTuple

from .f1db_tree import TreeError, field, rounds_of

#: positions of drivers who never started: left out of a classification
NOT_STARTERS = ("DNQ", "DNPQ", "DNP")
#: F1DB's statuses -> the engine's (EX: excluded from the results, a disqualification)
STATUS = {"DNF": "DNF", "DNS": "DNS", "DSQ": "DSQ", "NC": "NC", "EX": "DSQ"}


class Seat(NamedTuple):
    """An entrant's constructor and engine for a driver, as entrants.yml lists it."""

    entrant: dict
    block: dict  # the entrant itself, or one of its ``constructors``
    rounds: frozenset[int]


class Car(NamedTuple):
    """One car at one race: its key, what it is, and the rows that name it."""

    key: str
    seat: Seat
    rows: tuple[dict, ...]  # the car's first row, then the rows that shared it

    @property
    def drivers(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for row in self.rows:
            seen.setdefault(row["driverId"], None)
        return tuple(seen)

    @property
    def position(self):
        return self.rows[0]["position"]


def seats(entrants: list[dict], path: str) -> dict[tuple[str, str, str], list[Seat]]:
    """(driver, constructor, engine maker) -> the seats entrants.yml lists, in file order."""
    index: dict[tuple[str, str, str], list[Seat]] = {}
    for entrant in entrants:
        field(entrant, "entrantId", path)
        blocks = entrant.get("constructors") or [entrant]
        if not isinstance(blocks, list):
            raise TreeError(f"{path}: constructors of {entrant['entrantId']} is not a list")
        for block in blocks:
            where = f"{path}: entrant {entrant['entrantId']}"
            constructor = field(block, "constructorId", where)
            engine = field(block, "engineManufacturerId", where)
            drivers = block.get("drivers")
            if drivers is None:
                drivers = [block] if "driverId" in block else []
            for driver in drivers:
                if not isinstance(driver, dict):
                    raise TreeError(f"{where}: a driver is not a mapping")
                driver_id = field(driver, "driverId", where)
                seat = Seat(entrant, block, rounds_of(driver.get("rounds"),
                                                       f"{where}, driver {driver_id}"))
                index.setdefault((driver_id, constructor, engine), []).append(seat)
    return index


def seat_of(index, row: dict, round_: int, where: str) -> Seat:
    """The seat a result row was in at a round: the entrant listing its driver,
    constructor and engine maker at that round (or, failing the round, at any)."""
    key = (field(row, "driverId", where), field(row, "constructorId", where),
           field(row, "engineManufacturerId", where))
    listed = index.get(key, ())
    for seat in listed:
        if round_ in seat.rounds:
            return seat
    if listed:
        return listed[0]
    raise TreeError(f"{where}: {key[0]} ({key[1]}:{key[2]}) is entered by no entrant of "
                    "entrants.yml")


def car_base(seat: Seat, driver: str) -> str:
    block = seat.block
    return (f"{seat.entrant['entrantId']}/{block['constructorId']}:"
            f"{block['engineManufacturerId']}/{driver}")


def cars_of(rows: list[dict], index, round_: int, where: str,
            taken: dict[str, Car] | None = None) -> list[Car]:
    """The cars of a results file, in its order: a row and the ``sharedCar`` rows after it.

    ``taken``: the cars of another session of the round, by first driver: a sprint's
    cars are the race's cars again.
    """
    groups: list[list[dict]] = []
    for row in rows:
        if "position" not in row:
            raise TreeError(f"{where}: a row without position ({_who(row)})")
        if row.get("sharedCar"):
            if not groups:
                raise TreeError(f"{where}: the first row shares a car with none above it")
            groups[-1].append(row)
        else:
            groups.append([row])
    cars: list[Car] = []
    used: set[str] = set()
    for group in groups:
        first = group[0]
        driver = field(first, "driverId", where)
        prior = (taken or {}).get(driver)
        if prior is not None and prior.key not in used:
            key, seat = prior.key, prior.seat
        else:
            seat = seat_of(index, first, round_, where)
            base = car_base(seat, driver)
            key, n = base, 1
            while key in used:
                n += 1
                key = f"{base}~{n}"
        used.add(key)
        cars.append(Car(key, seat, tuple(group)))
    return cars


def _who(row: dict) -> str:
    return f"driver {row.get('driverId')!r}"


def starters(cars: list[Car], where: str) -> list[tuple[Car, str]]:
    """The cars that started, each with the engine's status, in finishing order: the
    classified by position (F1DB lists them so, but for a few stray rows), then the
    rest as listed. DNQ, DNPQ and DNP are no starters."""
    classified: list[tuple[int, int, Car]] = []
    rest: list[tuple[Car, str]] = []
    for n, car in enumerate(cars):
        position = car.position
        if isinstance(position, int) and not isinstance(position, bool):
            classified.append((position, n, car))
        elif position in NOT_STARTERS:
            continue
        elif position in STATUS:
            rest.append((car, STATUS[position]))
        else:
            raise TreeError(f"{where}: unknown position {position!r} ({_who(car.rows[0])})")
    classified.sort(key=lambda t: (t[0], t[1]))
    return [(car, "classified") for _, _, car in classified] + rest
