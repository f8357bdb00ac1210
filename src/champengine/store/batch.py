"""What every backend does to a batch before it writes: idempotency, order, stamping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from ..errors import ConcurrencyError, DuplicateIdError, StoreError
from ..events import TYPE_NAMES, Envelope, current_version


@attrs.frozen
class Pending:
    """An event on its way into the log: the store gives it seq, position and, unless
    it carries its own (imported history), recorded_at."""

    id: str
    payload: Any
    recorded_at: dt.datetime | None = None
    actor: str | None = None
    note: str | None = None
    source: str | None = None
    inferred: bool = False

    @classmethod
    def of(cls, event: Envelope | Any) -> Pending:
        """What an envelope, or a line of the text form (``codec.TextEvent``), carries:
        the event again, on its way into a log."""
        return cls(id=event.id, payload=event.payload, recorded_at=event.recorded_at,
                   actor=event.actor, note=event.note, source=event.source,
                   inferred=event.inferred)


#: the longest season key or event id a store keeps (PostgreSQL indexes them: an index
#: entry has a limit of its own, 2,704 bytes, far past any real key)
MAX_KEY = 256


def _text_fault(value: object) -> str | None:
    """Why a text cannot be stored the same way by every backend, if it cannot."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return "holds a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (a lone surrogate)"
    return None


def check_texts(season: str, events: Sequence[Pending]) -> None:
    """Refuse, before anything is written, what one backend could not keep: a NUL or a
    lone surrogate in the season, an id, an actor, a note or a source; a season key or
    an id over ``MAX_KEY`` characters."""
    if len(season) > MAX_KEY:
        raise StoreError(f"a season key of {len(season)} characters is over the limit "
                         f"({MAX_KEY})")
    if fault := _text_fault(season):
        raise StoreError(f"the season key {season[:40]!r} {fault}")
    for pending in events:
        if isinstance(pending.id, str) and len(pending.id) > MAX_KEY:
            raise StoreError(f"an event id of {len(pending.id)} characters is over the limit "
                             f"({MAX_KEY})")
        for field in ("id", "actor", "note", "source"):
            if fault := _text_fault(getattr(pending, field)):
                raise StoreError(f"event {str(pending.id)[:60]!r}: its {field} {fault}")


def same_content(stored: Envelope, season: str, pending: Pending) -> bool:
    """Whether ``pending`` is a retry of ``stored`` (recorded_at only counts if given)."""
    return (stored.season == season and stored.payload == pending.payload
            and stored.actor == pending.actor and stored.note == pending.note
            and stored.source == pending.source and stored.inferred == pending.inferred
            and (pending.recorded_at is None or stored.recorded_at == pending.recorded_at))


def stamp_batch(season: str, events: Sequence[Pending], expected_seq: int | None, *,
                lookup: Callable[[str], Envelope | None], last_seq: int,
                last_recorded_at: dt.datetime | None, next_position: int,
                now: dt.datetime) -> tuple[list[Envelope], list[Envelope]]:
    """Check a batch against the log and return (already stored, to write).

    Raises DuplicateIdError, ConcurrencyError or StoreError; returns nothing to
    write when every event is already stored (an idempotent retry).
    """
    if not isinstance(season, str) or not season:
        raise StoreError("a season key must be a non-empty text")
    check_texts(season, events)
    existing: list[Envelope] = []
    fresh: list[Pending] = []
    seen: set[str] = set()
    for pending in events:
        if not isinstance(pending.id, str) or not pending.id:
            raise StoreError("an event id must be a non-empty text")
        if pending.id in seen:
            raise DuplicateIdError(f"id {pending.id} appears twice in one batch")
        seen.add(pending.id)
        stored = lookup(pending.id)
        if stored is None:
            fresh.append(pending)
        elif same_content(stored, season, pending):
            existing.append(stored)
        else:
            raise DuplicateIdError(f"id {pending.id} is already in the log with other content")
    if not fresh:
        return existing, []
    for pending in fresh:
        opened = getattr(pending.payload, "season", season)
        if type(pending.payload).__name__ == "SeasonOpened" and opened != season:
            raise StoreError(f"SeasonOpened of {opened!r} appended to season {season!r}")
    if expected_seq is not None and expected_seq != last_seq:
        raise ConcurrencyError(
            f"season {season} is at seq {last_seq}, the writer expected {expected_seq}")
    out: list[Envelope] = []
    seq, position, floor = last_seq, next_position, last_recorded_at
    for pending in fresh:
        when = pending.recorded_at
        if when is None:
            when = now if floor is None or now >= floor else floor
        elif when.tzinfo is None:
            raise StoreError(f"event {pending.id}: recorded_at has no time zone")
        if floor is not None and when < floor:
            raise StoreError(
                f"event {pending.id}: recorded_at {when.isoformat()} is before the "
                f"season's last recorded event ({floor.isoformat()})")
        seq += 1
        name = TYPE_NAMES.get(type(pending.payload))
        if name is None:
            raise StoreError(f"event {pending.id}: {type(pending.payload).__name__} is not an event")
        out.append(Envelope(id=pending.id, season=season, seq=seq, position=position,
                            type=name, version=current_version(name), recorded_at=when,
                            payload=pending.payload, actor=pending.actor, note=pending.note,
                            source=pending.source, inferred=pending.inferred))
        position += 1
        floor = when
    return existing, out
