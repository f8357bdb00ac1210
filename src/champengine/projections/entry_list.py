"""The entry list: cars, their specification round by round, drivers and crews."""

from __future__ import annotations

import unicodedata

import attrs

from ..events import (
    TYPE_NAMES,
    DriverAmended,
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    EntryAmended,
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
    #: the team as registered (name, nationality), then each amendment in the order
    #: recorded (from round, name, nationality); empty until the first amendment
    team_changes: tuple[tuple[str | None, str | None, str | None], ...] = ()

    def team_at(self, number: dict[str, int], round_key: str) -> tuple[str, str | None]:
        """The team's name and nationality at a round: as registered, amended by every
        amendment from a round not after it (``team`` is the latest name)."""
        if not self.team_changes:
            return self.team, self.nationality
        at = number.get(round_key, 0)
        _, team, nationality = self.team_changes[0]
        for from_round, new_team, new_nat in self.team_changes[1:]:
            n = number.get(from_round) if from_round else 0
            if n is not None and n <= at:
                team, nationality = new_team or team, new_nat or nationality
        return team, nationality

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
    #: as registered (None, name, nationality, grading), then each amendment recorded
    #: (from round, name, nationality, grading); empty until the first amendment
    changes: tuple[tuple[str | None, str | None, str | None, str | None], ...] = ()

    def at(self, number: dict[str, int], round_key: str) -> tuple[str, str | None, str | None]:
        """(name, nationality, grading) at a round, amendments from later rounds left out."""
        if not self.changes:
            return self.name, self.nationality, self.grading
        at = number.get(round_key, 0)
        _, name, nationality, grading = self.changes[0]
        for from_round, new_name, new_nat, new_grading in self.changes[1:]:
            n = number.get(from_round) if from_round else 0
            if n is not None and n <= at:
                name = new_name or name
                nationality, grading = new_nat or nationality, new_grading or grading
        return name, nationality, grading


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


def _entry_amended(state: EntryList, ev: EntryAmended) -> None:
    entry = state.entries[ev.car]
    changes = entry.team_changes or ((None, entry.team, entry.nationality),)
    entry.team_changes = (*changes, (ev.from_round, ev.team, ev.team_nationality))
    aliases = [*entry.team_aliases, *ev.team_aliases]
    if ev.team and ev.team != entry.team:
        aliases.append(entry.team)
        entry.team = ev.team
    entry.nationality = ev.team_nationality or entry.nationality
    entry.team_aliases = tuple(dict.fromkeys(a for a in aliases if a != entry.team))


def _driver_amended(state: EntryList, ev: DriverAmended) -> None:
    old = state.drivers[ev.driver]  # replaced, never changed: copies share Driver objects
    changes = old.changes or ((None, old.name, old.nationality, old.grading),)
    aliases = old.aliases + ((old.name,) if ev.name and ev.name != old.name else ())
    state.drivers[ev.driver] = attrs.evolve(
        old, name=ev.name or old.name, nationality=ev.nationality or old.nationality,
        grading=ev.grading or old.grading, aliases=aliases,
        changes=(*changes, (ev.from_round, ev.name, ev.nationality, ev.grading)))


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
    (DriverReleased, _released), (MakeRegistered, _make),
    (EntryAmended, _entry_amended), (DriverAmended, _driver_amended))}


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
