"""A lap analysis file into ``LapTimed`` commands for a round of the season.

The timing system publishes its file hour by hour during a race and whole at the
end: each export repeats the laps of the one before. Importing a later export adds
only the laps the round does not hold yet; a lap the round holds must be in the
file exactly as recorded, or the export contradicts the log and is refused, naming
the first contradiction. Each lap's id is derived from where it belongs (season,
round, session, car, lap), so two imports of one lap are one event.
"""

from __future__ import annotations

import uuid

import attrs

from ..domain.checks import scheduled
from ..errors import Conflict, UnknownCar, WrongClass
from ..events import LapTimed, TimedLap
from ..projections import calendar
from ..projections.timed_race import TimedRace

#: the namespace of lap ids (UUIDv5)
LAP_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://champengine/laps")

#: what a contradiction names a field of a lap by: the file's column
COLUMNS = {"time": "LAP_TIME", "elapsed": "ELAPSED", "driver": "DRIVER_NAME",
           "driver_number": "DRIVER_NUMBER", "pit_in": "CROSSING_FINISH_LINE_IN_PIT",
           "pit_time": "PIT_TIME", "flag": "FLAG_AT_FL", "hour": "HOUR", "s1": "S1",
           "s2": "S2", "s3": "S3"}


def lap_id(season: str, ev: LapTimed) -> str:
    """The id a lap has in any log: the same lap imported twice is the same event."""
    return str(uuid.uuid5(LAP_IDS, f"{season}/{ev.round}/{ev.session}/{ev.car}/{ev.lap.lap}"))


def skip_guests(state, round_key: str, race: TimedRace) -> tuple[TimedRace, tuple[str, ...]]:
    """The race without the cars the season has not entered at the round (a race's
    guests, such as Le Mans' one-off entries, or a car entered from a later round), and
    those cars, in the file's order. Refused: a round not on the calendar or cancelled (no
    car is entered there, and none is a guest), a file none of whose cars is entered."""
    scheduled(state, round_key)
    numbers = calendar.numbers(state.calendar)
    entries = state.entries.entries

    def entered(car: str) -> bool:
        entry = entries.get(car)
        return entry is not None and entry.active_at(numbers, round_key)

    kept = tuple(run for run in race.runs if entered(run.car))
    guests = tuple(run.car for run in race.runs if not entered(run.car))
    if race.runs and not kept:
        raise UnknownCar(f"none of the {len(guests)} cars of the file is entered at "
                         f"{round_key!r}: is it the file of another round or season?")
    return attrs.evolve(race, runs=kept), guests


@attrs.frozen
class NewLaps:
    """What a file adds to a round: the laps to record, and how many it repeats."""

    laps: tuple[LapTimed, ...]
    known: int


def new_laps(state, round_key: str, race: TimedRace, *, name: str,
             session: str = "race") -> NewLaps:
    """The file's laps the round does not hold yet, in the order they were run (by the
    race time they ended at): an export cut at any time, then the whole, makes the same
    log as the whole at once.

    Refused (nothing to record): a car not entered, a car of another class than its
    entry's, a lap the round holds that the file gives otherwise.
    """
    out: list[LapTimed] = []
    known = 0
    for run in race.runs:
        entry = state.entries.entries.get(run.car)
        if entry is None:
            raise UnknownCar(f"{name}: car #{run.car} ({run.team or 'no team'}) is not "
                             "entered: register it first")
        if run.class_ and state.class_key(run.class_) not in (None, entry.class_):
            raise WrongClass(f"{name}: car #{run.car} runs in {entry.class_}, the file says "
                             f"{run.class_}")
        held = state.timing.laps(round_key, run.car, session)
        last = held[-1].lap if held else 0
        by_number = {lap.lap: lap for lap in held} if held else {}
        for lap in run.laps:
            if lap.lap > last:
                out.append(LapTimed(round_key, run.car, lap, session))
                continue
            recorded = by_number.get(lap.lap)
            if recorded is None:
                raise Conflict(f"{name}: car #{run.car} lap {lap.lap} is in the file but not "
                               f"in {round_key!r}, which holds its laps up to {last}")
            if recorded != lap:
                raise Conflict(f"{name}: car #{run.car} lap {lap.lap} contradicts the lap "
                               f"recorded at {round_key!r}: {difference(recorded, lap)}")
            known += 1
    out.sort(key=lambda ev: (ev.lap.elapsed, ev.car))  # as the laps were run
    return NewLaps(tuple(out), known)


TIMES = {"time", "elapsed", "pit_time", "s1", "s2", "s3"}


def difference(recorded: TimedLap, given: TimedLap) -> str:
    """The first field two versions of a lap differ in, as the file names it."""
    for field in attrs.fields(TimedLap):
        was, now = getattr(recorded, field.name), getattr(given, field.name)
        if was != now:
            if field.name in TIMES:
                was, now = (None if v is None else f"{v / 1000:.3f} s" for v in (was, now))
            return f"{COLUMNS.get(field.name, field.name)} {now} in the file, {was} recorded"
    return "no difference"


@attrs.frozen
class Imported:
    appended: tuple  # the envelopes appended
    known: int  # laps the file repeats
    warnings: tuple[str, ...]


def record_laps(store, season: str, state, round_key: str, race: TimedRace, *, name: str,
                actor: str | None = None, note: str | None = None,
                on_event=None) -> Imported:
    """Decide the file's new laps against ``state`` (the season as just read from
    ``store``, folded further here) and append them as one batch."""
    from ..recorder import check
    from ..store import Pending

    fresh = new_laps(state, round_key, race, name=name)
    expected = state.seq
    pending = [(f"{name}: car #{ev.car} lap {ev.lap.lap}",
                Pending(id=lap_id(season, ev), payload=ev, actor=actor, note=note, source=name))
               for ev in fresh.laps]
    events, _, warnings = check(state, season, pending, on_event)
    appended = store.append(season, events, expected_seq=expected) if events else []
    return Imported(tuple(appended), fresh.known, tuple(warnings))
