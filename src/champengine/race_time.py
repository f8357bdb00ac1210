"""Race time, the third axis of a point: the championship as if the running race had
ended at a race time ("as it stands").

The running race is the latest timed round (by the calendar) that some class of it has
no classification for yet. Its provisional classification at race time T (the laps
done by T, then the time the line was crossed; a car still running takes the flag)
is laid over the log as hypothetical ``RaceClassified`` events, decided like any
other; every reading command then answers as if they had been recorded. Nothing is
written.
"""

from __future__ import annotations

import uuid

from .errors import UsageError
from .events import RaceClassified
from .projections import calendar
from .projections.provisional import classify, result_rows
from .projections.season import fold
from .projections.timed_race import race_of

#: the namespace of the hypothetical events' ids
AS_IT_STANDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://champengine/as-it-stands")


def running_round(state) -> str | None:
    """The latest timed round with a class not classified yet (None: none)."""
    numbers = calendar.numbers(state.calendar)
    open_rounds = []
    for (round_key, session), cars in state.timing.races.items():
        classes = {state.entries.entries[c].class_ for c in cars if c in state.entries.entries}
        if session == "race" and any((round_key, c) not in state.results.races for c in classes):
            open_rounds.append((numbers.get(round_key, 0), round_key))
    return max(open_rounds)[1] if open_rounds else None


def as_it_stands(events: list, season: str, at: int) -> tuple[list, str]:
    """The events with the running race classified as it stood at race time ``at`` (ms),
    and that round's key."""
    from .recorder import check
    from .store import Pending

    state = fold(events)
    round_key = running_round(state)
    if round_key is None:
        raise UsageError("--at-race-time: no timed round is running (every class of every "
                         "timed round is classified)")
    race = race_of(state.timing, state.entries, round_key)
    rows = result_rows(classify(race, finish=at, ended=False))
    commands = [RaceClassified(round_key, class_, class_rows)
                for class_, class_rows in rows.items()
                if class_ is not None and (round_key, class_) not in state.results.races]
    checked = check(state, season, [
        (f"as it stands at {at} ms", Pending(
            id=str(uuid.uuid5(AS_IT_STANDS, f"{season}/{round_key}/{cmd.class_}/{at}")),
            payload=cmd, actor="as it stands")) for cmd in commands])
    return [*events, *checked.envelopes], round_key
