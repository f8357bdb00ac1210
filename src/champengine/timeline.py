"""Points in time: (rounds up to R, knowledge up to K).

R is season time: a round key or number, read from the calendar as it was
known at K. K is knowledge time: a seq, or a date (what had been recorded by
the end of that day, UTC), or both (the earlier wins). Projections keep their
figures per round, so R filters rounds of the state at K; it never filters
the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs

from .errors import UnknownRound, UsageError
from .events import Envelope
from .projections import calendar
from .projections.season import SeasonState, evolve


@attrs.frozen
class Point:
    after_round: str | None = None  # a round key or number, as given
    at_seq: int | None = None
    known_on: dt.date | None = None

    @property
    def knowledge_cutoff(self) -> dt.datetime | None:
        """The first instant not known any more: the end of ``known_on``, UTC."""
        if self.known_on is None:
            return None
        return dt.datetime.combine(self.known_on + dt.timedelta(days=1), dt.time(), dt.UTC)

    def knows(self, env: Envelope) -> bool:
        if self.at_seq is not None and env.seq > self.at_seq:
            return False
        cutoff = self.knowledge_cutoff
        return cutoff is None or env.recorded_at < cutoff


def known(events: Iterable[Envelope], point: Point) -> Iterator[Envelope]:
    """The prefix of a season's events that ``point`` knows (recorded_at never decreases)."""
    for env in events:
        if not point.knows(env):
            return
        yield env


@attrs.frozen
class View:
    """A season's state at a point, and the rounds it covers."""

    state: SeasonState
    point: Point
    upto: int | None  # round number R, None for every round
    round_key: str | None  # R's key

    def as_of(self) -> dict:
        return {
            "after_round": self.round_key, "round_number": self.upto,
            "seq": self.state.seq, "known_on": self.point.known_on.isoformat()
            if self.point.known_on else None,
        }


def resolve_round(state: SeasonState, text: str) -> tuple[int, str]:
    """A round given by key or number -> (number, key), on the calendar as the state knows it."""
    ordered = calendar.running(state.calendar)
    text = str(text).strip()
    if text.isdigit():
        n = int(text)
        if not 1 <= n <= len(ordered):
            raise UsageError(f"there is no round {n}: the calendar has {len(ordered)} rounds")
        return n, ordered[n - 1].key
    wanted = text.casefold()
    for n, rnd in enumerate(ordered, start=1):
        if rnd.key.casefold() == wanted or (rnd.name or "").casefold() == wanted:
            return n, rnd.key
    if any(r.key.casefold() == wanted for r in state.calendar.rounds.values()):
        raise UnknownRound(f"round {text!r} was cancelled")
    keys = ", ".join(r.key for r in ordered)
    raise UnknownRound(f"round {text!r} is not on the calendar (rounds: {keys})")


def view(events: Iterable[Envelope], point: Point = Point(),
         state: SeasonState | None = None) -> View:
    """Replay the events ``point`` knows and fix the rounds it covers."""
    state = SeasonState() if state is None else state
    for env in known(events, point):
        evolve(state, env)
    return at_round(state, point)


def at_round(state: SeasonState, point: Point) -> View:
    if point.after_round is None:
        return View(state, point, None, None)
    number, key = resolve_round(state, point.after_round)
    return View(state, point, number, key)
