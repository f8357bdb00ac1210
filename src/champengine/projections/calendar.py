"""The calendar: each round with its place, date and history of changes.

A round's number is derived, never stored: its rank by date among the rounds
not cancelled; rounds without a date follow, in the order they were scheduled.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ..events import Envelope, RoundCancelled, RoundRelocated, RoundRescheduled, RoundScheduled


@attrs.frozen
class Change:
    """One line of a round's history."""

    seq: int
    recorded_at: dt.datetime
    what: str


@attrs.define
class Round:
    key: str
    name: str | None
    circuit: str | None
    country: str | None
    date: dt.date | None
    scheduled_order: int
    cancelled: bool = False
    cancel_reason: str | None = None
    history: list[Change] = attrs.Factory(list)


@attrs.define
class Calendar:
    rounds: dict[str, Round] = attrs.Factory(dict)
    #: the running order, worked out once per change of the calendar
    order: list[Round] | None = attrs.field(default=None, eq=False, repr=False)
    number_of: dict[str, int] | None = attrs.field(default=None, eq=False, repr=False)

    def copy(self) -> Calendar:
        return Calendar({k: attrs.evolve(r, history=list(r.history)) for k, r in self.rounds.items()})


def evolve(cal: Calendar, env: Envelope) -> Calendar:
    """Fold one calendar event into the calendar (which the fold owns)."""
    ev = env.payload
    if isinstance(ev, RoundScheduled):
        cal.rounds[ev.round] = Round(ev.round, ev.name, ev.circuit, ev.country, ev.date,
                                     scheduled_order=len(cal.rounds))
        what = f"scheduled: {ev.name or ev.round}" + (f" on {ev.date}" if ev.date else ", no date yet")
    elif isinstance(ev, RoundRescheduled):
        rnd = cal.rounds[ev.round]
        what = f"rescheduled: {rnd.date or 'no date'} -> {ev.date or 'no date'}"
        rnd.date = ev.date
    elif isinstance(ev, RoundRelocated):
        rnd = cal.rounds[ev.round]
        what = f"relocated: {rnd.circuit or '?'} -> {ev.circuit}"
        rnd.circuit = ev.circuit
    elif isinstance(ev, RoundCancelled):
        rnd = cal.rounds[ev.round]
        rnd.cancelled, rnd.cancel_reason = True, ev.reason
        what = "cancelled" + (f": {ev.reason}" if ev.reason else "")
    else:
        return cal
    cal.rounds[ev.round].history.append(Change(env.seq, env.recorded_at, what))
    cal.order = cal.number_of = None
    return cal


#: event type -> its fold into the calendar
FOLDS = dict.fromkeys((RoundScheduled, RoundRescheduled, RoundRelocated, RoundCancelled), evolve)


def running(cal: Calendar) -> list[Round]:
    """The rounds not cancelled, in season order (by date, undated ones last)."""
    if cal.order is None:
        live = [r for r in cal.rounds.values() if not r.cancelled]
        cal.order = sorted(live, key=lambda r: (r.date is None, r.date or dt.date.min,
                                                r.scheduled_order))
    return list(cal.order)


def numbers(cal: Calendar) -> dict[str, int]:
    """Round key -> round number, for the rounds not cancelled (do not change the dict)."""
    if cal.number_of is None:
        cal.number_of = {r.key: i for i, r in enumerate(running(cal), start=1)}
    return cal.number_of


def rounds_up_to(cal: Calendar, number: int | None) -> list[Round]:
    """The running rounds with a number up to ``number`` (all when None)."""
    ordered = running(cal)
    return ordered if number is None else ordered[:number]
