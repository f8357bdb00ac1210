"""A seeded generator of realistic synthetic season logs, for benchmarks and soak tests.

Each season has a calendar with a change or two, four classes, entries with car
changes and withdrawals, regular crews with drivers swapped in from a pool of
reserves, poles, full classifications with laps and times, and the stewards' work:
penalties, disqualifications, appeals, overturns, declarations. Every season obeys the
domain's rules (``tests/test_bench.py`` checks a sample through ``decide``).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator

from ..events import (
    AppealDecided,
    AppealLodged,
    CarDisqualified,
    ClassAdded,
    DecisionOverturned,
    DriverNominated,
    DriverRegistered,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
    InvitationRuleAdopted,
    PenaltyImposed,
    PoleAwarded,
    RaceClassified,
    ResultRow,
    ResultsDeclared,
    RoundCancelled,
    RoundRescheduled,
    RoundScheduled,
    ScoringRulesAdopted,
    SeasonOpened,
)
from ..store import Pending

CLASSES = ("LMP2", "LMGTE", "GTC", "GTC Am")
MAKES = {"LMP2": ("Oreca", "Ligier", "Morgan"), "LMGTE": ("Ferrari", "Porsche", "Aston Martin"),
         "GTC": ("Ferrari", "Porsche", "Lamborghini", "McLaren", "BMW"),
         "GTC Am": ("Lamborghini", "Porsche")}
NATIONS = ("CHN", "HKG", "JPN", "TPE", "MYS", "SGP", "THA", "GBR", "FRA", "ITA", "DEU", "AUS")
NAMESPACE = uuid.UUID("8d7e3c1a-9b2f-4d6e-a1c3-5f7b9d0e2a4c")


def season_events(season: str, rng: random.Random, *, rounds: int = 10,
                  cars_per_class: int = 12) -> Iterator[object]:
    """The events of one synthetic season, in the order a results office records them."""
    year = 2000 + rng.randrange(0, 40)
    yield SeasonOpened(season, "Synthetic Endurance Series", year)
    for c in CLASSES:
        yield ClassAdded(c, None, None)
    yield ScoringRulesAdopted(CLASSES)
    yield InvitationRuleAdopted("24 Hours of Le Mans", "LMP2", "teams", 1, "LMP2")
    yield InvitationRuleAdopted("24 Hours of Le Mans", "GTC", "teams", 2, "LMGTE Am")
    start = dt.date(year, 3, 1)
    keys = [f"r{n}" for n in range(1, rounds + 1)]
    for n, key in enumerate(keys):
        yield RoundScheduled(key, f"Race {n + 1}", f"Circuit {n + 1}", rng.choice(NATIONS),
                             start + dt.timedelta(days=21 * n))
    # a calendar change: one round moves, one is replaced by a new one elsewhere
    moved = rng.choice(keys[1:])
    yield RoundRescheduled(moved, start + dt.timedelta(days=21 * keys.index(moved) + 7))
    dropped = rng.choice(keys[2:])
    yield RoundCancelled(dropped, "promoter withdrew")
    replacement = f"{dropped}b"
    yield RoundScheduled(replacement, "Replacement race", "Circuit X", rng.choice(NATIONS),
                         start + dt.timedelta(days=21 * keys.index(dropped) + 3))
    running = [k if k != dropped else replacement for k in keys]
    cars: dict[str, list[str]] = {}
    car_no = 1
    for c in CLASSES:
        for _ in range(cars_per_class):
            car = str(car_no)
            car_no += 1
            cars.setdefault(c, []).append(car)
            make = rng.choice(MAKES[c])
            yield EntryRegistered(car, c, f"Team {car}", rng.choice(NATIONS), f"{make} chassis",
                                  f"{make} engine", make, "Michelin")
    drivers = [f"d{n}" for n in range(car_no * 3)]
    for d in drivers:
        yield DriverRegistered(d, f"Driver {d[1:]} {season}", (), rng.choice(NATIONS), None)
    # each car's regular crew of two or three; the rest are reserves, swapped in now and then
    pool = drivers[:]
    rng.shuffle(pool)
    crews = {car: [pool.pop() for _ in range(rng.choice((2, 2, 3)))]
             for c in CLASSES for car in cars[c]}
    reserves = pool
    withdrawn: set[str] = set()
    for n, rnd in enumerate(running):
        if n == len(running) // 2:
            for c in CLASSES:
                changer = rng.choice(cars[c])
                make = rng.choice(MAKES[c])
                yield EntryCarChanged(changer, rnd, f"{make} chassis", f"{make} engine", make)
            out = rng.choice(cars["GTC"])
            if out not in withdrawn:
                withdrawn.add(out)
                yield EntryWithdrawn(out, rnd, "budget")
        for c in CLASSES:
            for car in cars[c]:
                if car in withdrawn:
                    continue
                crew = crews[car]
                if n and reserves and rng.random() < 0.15:  # a driver swap
                    out_at = rng.randrange(len(crew))
                    swapped_in = reserves.pop(rng.randrange(len(reserves)))
                    reserves.append(crew[out_at])
                    crew[out_at] = swapped_in
                for driver in crew:
                    yield DriverNominated(rnd, car, driver)
        for c in CLASSES:
            field = [car for car in cars[c] if car not in withdrawn]
            rng.shuffle(field)
            yield PoleAwarded(rnd, c, field[0])
            laps = 100 + rng.randrange(10)
            rows = []
            seconds = 3 * 3600.0
            for i, car in enumerate(field):
                status = "classified" if i < len(field) - 2 else rng.choice(("NC", "DNF"))
                seconds += rng.uniform(0.5, 40)
                h, rest = divmod(seconds, 3600)
                m, s = divmod(rest, 60)
                rows.append(ResultRow(car, status, laps - i // 4,
                                      f"{int(h)}:{int(m):02d}'{s:06.3f}"))
            yield RaceClassified(rnd, c, tuple(rows))
        # the stewards' work, with ids to refer to
        c = rng.choice(CLASSES)
        field = [car for car in cars[c] if car not in withdrawn]
        yield ("penalty", PenaltyImposed(rnd, rng.choice(field), rng.choice(("time", "positions")),
                                         rng.choice((5, 10, 30, 60)), "track limits"))
        if rng.random() < 0.5:
            yield ("dsq", CarDisqualified(rnd, rng.choice(field), "technical"))
        for c in CLASSES:
            yield ResultsDeclared(rnd, c, "final")


def generate(n_events: int, *, seed: int = 2013, season_prefix: str = "syn") -> Iterator[
        tuple[str, list[Pending]]]:
    """Yield (season, batch) until ``n_events`` events: one batch per round or setup step."""
    rng = random.Random(seed)
    produced = 0
    number = 0
    when = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    while produced < n_events:
        number += 1
        season = f"{season_prefix}-{number:05d}"
        batch: list[Pending] = []
        decisions: list[str] = []
        seq = 0
        for item in season_events(season, rng):
            tag = None
            if isinstance(item, tuple):
                tag, item = item
            seq += 1
            when += dt.timedelta(minutes=7)
            id_ = str(uuid.uuid5(NAMESPACE, f"{season}/{seq}"))
            batch.append(Pending(id_, item, when, "generator"))
            if tag:
                decisions.append(id_)
                if tag == "penalty" and rng.random() < 0.3:
                    seq += 1
                    appeal = str(uuid.uuid5(NAMESPACE, f"{season}/{seq}"))
                    batch.append(Pending(appeal, AppealLodged(id_, "the team"), when, "generator"))
                    seq += 1
                    batch.append(Pending(str(uuid.uuid5(NAMESPACE, f"{season}/{seq}")),
                                         AppealDecided(appeal, rng.choice(("upheld", "dismissed"))),
                                         when, "generator"))
                elif tag == "dsq" and rng.random() < 0.2:
                    seq += 1
                    batch.append(Pending(str(uuid.uuid5(NAMESPACE, f"{season}/{seq}")),
                                         DecisionOverturned(id_, "new evidence"), when, "generator"))
            if len(batch) >= 200 or isinstance(item, ResultsDeclared) and item.class_ == "GTC Am":
                yield season, batch
                produced += len(batch)
                batch = []
                if produced >= n_events:
                    return
        if batch:
            yield season, batch
            produced += len(batch)


def main(argv: list[str] | None = None) -> int:
    """``python -m champengine.bench.generate --events N --out PATH``: write a synthetic log."""
    import argparse

    from ..store.file import FileStore

    parser = argparse.ArgumentParser(prog="python -m champengine.bench.generate")
    parser.add_argument("--events", type=int, required=True, help="about how many events")
    parser.add_argument("--out", required=True, help="the log file to create")
    parser.add_argument("--seed", type=int, default=2013)
    args = parser.parse_args(argv)
    store = FileStore(args.out, create=True)
    if store.seasons():
        parser.error(f"{args.out} already holds events")
    n = 0
    for season, batch in generate(args.events, seed=args.seed):
        store.append(season, batch)
        n += len(batch)
    print(f"wrote {n} events in {len(store.seasons())} seasons to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
