"""The entry list: cars, their specification round by round, drivers and crews."""

from __future__ import annotations

import unicodedata

import attrs

from ..events import (
    TYPE_NAMES,
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    EntryCarChanged,
    EntryRegistered,
    EntryWithdrawn,
    MakeRegistered,
)


@attrs.frozen
class Spec:
    """What a car is from a round on."""

    from_round: str | None
    chassis: str | None
    engine: str | None
    make: str | None
    engine_make: str | None = None


@attrs.define
class Entry:
    car: str
    class_: str
    team: str
    nationality: str | None
    tyres: str | None
    team_aliases: tuple[str, ...]
    from_round: str | None
    specs: list[Spec]
    withdrawn_from: str | None = None
    withdraw_reason: str | None = None
    private: bool = False

    def spec_at(self, number: dict[str, int], round_key: str) -> Spec:
        """The car's specification at a round: the change from the latest round not after it.

        Changes from the same round: the one recorded last. A change from a round
        cancelled since no longer applies.
        """
        at = number.get(round_key, 0)
        chosen, chosen_from = self.specs[0], 0
        for spec in self.specs[1:]:
            n = number.get(spec.from_round) if spec.from_round else 0
            if n is not None and chosen_from <= n <= at:
                chosen, chosen_from = spec, n
        return chosen

    def active_at(self, number: dict[str, int], round_key: str) -> bool:
        """Whether the entry stands at a round (registered from it, not withdrawn before it)."""
        at = number.get(round_key)
        if at is None:
            return False
        start = number.get(self.from_round) if self.from_round else 0
        if start is None or at < start:
            return False
        if self.withdrawn_from is not None:
            stop = number.get(self.withdrawn_from)
            if stop is not None and at >= stop:
                return False
        return True


@attrs.define
class Driver:
    key: str
    name: str
    aliases: tuple[str, ...]
    nationality: str | None
    grading: str | None


@attrs.define
class EntryList:
    entries: dict[str, Entry] = attrs.Factory(dict)
    drivers: dict[str, Driver] = attrs.Factory(dict)
    crews: dict[tuple[str, str], list[str]] = attrs.Factory(dict)  # (round, car) -> drivers
    seat: dict[tuple[str, str], str] = attrs.Factory(dict)  # (round, driver) -> first car
    makes: dict[str, MakeRegistered] = attrs.Factory(dict)  # make key -> its registration

    def copy(self) -> EntryList:
        return EntryList(
            {k: attrs.evolve(e, specs=list(e.specs)) for k, e in self.entries.items()},
            dict(self.drivers), {k: list(v) for k, v in self.crews.items()}, dict(self.seat),
            dict(self.makes))

    def cars_of(self, round_key: str, driver: str) -> list[str]:
        """The cars a driver is nominated in at a round (more than one: the 1950s)."""
        first = self.seat.get((round_key, driver))
        if first is None:
            return []
        return [car for (r, car), crew in self.crews.items() if r == round_key and driver in crew]

    def make_name(self, key: str) -> str:
        """A make's name: as registered, else the key itself (the key is the name)."""
        make = self.makes.get(key)
        return make.name if make is not None else key

    def crew(self, round_key: str, car: str) -> list[str]:
        return self.crews.get((round_key, car), [])


def _registered(state: EntryList, ev: EntryRegistered) -> None:
    state.entries[ev.car] = Entry(
        ev.car, ev.class_, ev.team, ev.team_nationality, ev.tyres, ev.team_aliases,
        ev.from_round, [Spec(ev.from_round, ev.chassis, ev.engine, ev.make, ev.engine_make)],
        private=ev.private)


def _car_changed(state: EntryList, ev: EntryCarChanged) -> None:
    state.entries[ev.car].specs.append(
        Spec(ev.from_round, ev.chassis, ev.engine, ev.make, ev.engine_make))


def _make(state: EntryList, ev: MakeRegistered) -> None:
    state.makes[ev.make] = ev


def _withdrawn(state: EntryList, ev: EntryWithdrawn) -> None:
    entry = state.entries[ev.car]
    entry.withdrawn_from, entry.withdraw_reason = ev.from_round, ev.reason


def _driver(state: EntryList, ev: DriverRegistered) -> None:
    state.drivers[ev.driver] = Driver(ev.driver, ev.name, ev.aliases, ev.nationality, ev.grading)


def _nominated(state: EntryList, ev: DriverNominated) -> None:
    if ev.driver not in state.drivers or ev.car not in state.entries:
        raise KeyError(f"{ev.driver} or #{ev.car} was never registered")
    crew = state.crews.get((ev.round, ev.car))
    if crew is None:
        state.crews[(ev.round, ev.car)] = [ev.driver]
    else:
        crew.append(ev.driver)
    state.seat.setdefault((ev.round, ev.driver), ev.car)


def _released(state: EntryList, ev: DriverReleased) -> None:
    state.crews[(ev.round, ev.car)].remove(ev.driver)
    if state.seat.get((ev.round, ev.driver)) == ev.car:
        del state.seat[(ev.round, ev.driver)]
        other = next((car for (r, car), crew in state.crews.items()
                      if r == ev.round and ev.driver in crew), None)
        if other is not None:
            state.seat[(ev.round, ev.driver)] = other


#: event type name -> its fold into the entry list (which the fold owns)
FOLDS = {TYPE_NAMES[cls]: fold for cls, fold in (
    (EntryRegistered, _registered), (EntryCarChanged, _car_changed),
    (EntryWithdrawn, _withdrawn), (DriverRegistered, _driver), (DriverNominated, _nominated),
    (DriverReleased, _released), (MakeRegistered, _make))}


# --- names -------------------------------------------------------------------------


def fold_name(text: str) -> str:
    """A name as look-ups compare it: no case, no accents, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().replace("-", " ").split())


def find_driver(state: EntryList, text: str) -> Driver | None:
    """A driver by key, name or alias, ignoring case and accents."""
    if text in state.drivers:
        return state.drivers[text]
    wanted = fold_name(text)
    for driver in state.drivers.values():
        if wanted in (fold_name(driver.key), fold_name(driver.name),
                      *(fold_name(a) for a in driver.aliases)):
            return driver
    return None


def team_matches(entry: Entry, text: str) -> bool:
    wanted = fold_name(text)
    return wanted in (fold_name(entry.team), *(fold_name(a) for a in entry.team_aliases))
