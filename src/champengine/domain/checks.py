"""The checks every family of deciders shares: the season is open, a round is on the
calendar and not cancelled, a class active, a car entered, a race classified with the car
in it, a table defined. Each raises the typed refusal that names what is missing;
``competes`` answers whether a key can be a table's competitor."""

from __future__ import annotations

from .. import errors as E
from ..events import Competitor, TableDefined
from ..projections.season import SeasonState


def opened(state: SeasonState) -> None:
    """The season is open (SeasonOpened comes first)."""
    if state.season is None:
        raise E.UnknownSeason("the season has not been opened (SeasonOpened first: champ open-season)")


def scheduled(state: SeasonState, key: str) -> None:
    """The round is on the calendar and not cancelled."""
    rnd = state.calendar.rounds.get(key)
    if rnd is None:
        raise E.UnknownRound(f"round {key!r} is not on the calendar")
    if rnd.cancelled:
        raise E.CancelledRound(f"round {key!r} was cancelled")


def active_class(state: SeasonState, key: str) -> None:
    """The class is part of the season now."""
    info = state.classes.get(key)
    if info is None or not info.active:
        raise E.UnknownClass(f"class {key!r} is not part of the season")


def entry_of(state: SeasonState, car: str):
    """The car's entry."""
    entry = state.entries.entries.get(car)
    if entry is None:
        raise E.UnknownCar(f"no entry for car #{car}")
    return entry


def raced(state: SeasonState, round_key: str, car: str) -> None:
    """A decision about a car at a round needs that race classified with the car in it."""
    scheduled(state, round_key)
    entry = entry_of(state, car)
    race = state.results.races.get((round_key, entry.class_))
    if race is None:
        raise E.NotClassified(f"{entry.class_} at {round_key!r} has no classification yet")
    if car not in {row.car for row in race.rows}:
        raise E.UnknownCar(f"car #{car} is not in the {entry.class_} classification at {round_key!r}")


def table_of(state: SeasonState, class_: str, table: str) -> TableDefined:
    """The class's table of that name."""
    spec = state.table_spec(class_, table)
    if spec is None:
        known = ", ".join(t.table for t in state.table_specs(class_)) or "none"
        raise E.RefusedError(f"{class_} has no table {table!r} (tables: {known})")
    return spec


def competes(state: SeasonState, spec: TableDefined, class_: str, key: str) -> bool:
    """Whether ``key`` can be a competitor of a table: a car of the class, a registered
    driver, or a make of a car of the class (keyed with its engine's make, or not)."""
    entries = state.entries
    if spec.competitor == Competitor.DRIVER:
        return key in entries.drivers
    cars = [e for e in entries.entries.values() if e.class_ == class_]
    if spec.competitor == Competitor.CAR:
        return any(e.car == key for e in cars)
    return any(key in (s.make, f"{s.make}:{s.engine_make}") for e in cars for s in e.specs)
