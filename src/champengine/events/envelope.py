"""The envelope: an event as the log holds it, with what is known of its recording."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from .catalog import TYPE_NAMES
from .versions import current_version

# --- the envelope -------------------------------------------------------------


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def time_to_micros(when: dt.datetime) -> int:
    """Microseconds since the epoch (UTC) of an aware date-time."""
    if when.tzinfo is None:
        raise ValueError(f"recorded_at {when.isoformat()} has no time zone")
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


#: the microseconds a date-time can be (years 1 to 9999)
MIN_MICROS = -62_135_596_800_000_000
MAX_MICROS = 253_402_300_799_999_999


def micros_to_time(micros: int) -> dt.datetime:
    """The UTC date-time of microseconds since the epoch."""
    if 0 <= micros < 1 << 52:  # until 2112 the float is exact to the microsecond
        return dt.datetime.fromtimestamp(micros / 1e6, dt.UTC)
    return _EPOCH + dt.timedelta(microseconds=micros)


class _Recorded(NamedTuple):
    """The envelope's fields, in the order of a binary log record (payload last)."""

    id: str
    season: str
    seq: int
    position: int
    type: str
    version: int
    recorded_micros: int  # when it was recorded: microseconds since the epoch, UTC
    actor: str | None
    note: str | None
    source: str | None
    inferred: bool
    payload: Any


class Envelope(_Recorded):
    """An event as the log holds it: the payload and what is known about its recording.

    Immutable like the events; a tuple rather than an attrs class because replay builds
    one per event, and a tuple in the order of the log's record is built from the
    decoded record in one step (``Envelope.from_record``). The recording time is kept as
    microseconds since the epoch and ``recorded_at`` gives it as a UTC date-time: replay
    compares and stores times, and makes a date-time only where one is shown.

    Build one by keyword (``Envelope(id=..., recorded_at=...)`` or ``Envelope.of``): as a
    tuple its fields are in record order (``_fields`` says ``recorded_micros``, the
    payload is last), not in the order of the constructor's arguments.
    """

    __slots__ = ()

    def __new__(cls, id: str, season: str, seq: int, position: int, type: str, version: int,
                recorded_at: dt.datetime, payload: Any, actor: str | None = None,
                note: str | None = None, source: str | None = None,
                inferred: bool = False) -> Envelope:
        return tuple.__new__(cls, (id, season, seq, position, type, version,
                                   time_to_micros(recorded_at), actor, note, source, inferred,
                                   payload))

    #: an envelope from a checked record list [id, ..., inferred, payload] (no copying)
    from_record = classmethod(tuple.__new__)

    @property
    def recorded_at(self) -> dt.datetime:
        return micros_to_time(self[6])

    def _replace(self, **changes: Any) -> Envelope:
        if "recorded_at" in changes:
            changes["recorded_micros"] = time_to_micros(changes.pop("recorded_at"))
        replaced = tuple.__new__(type(self), map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)}")
        return replaced

    def __reduce__(self):
        return (_envelope_of, (tuple(self),))

    def __repr__(self) -> str:
        return (f"Envelope(id={self.id!r}, season={self.season!r}, seq={self.seq}, "
                f"position={self.position}, type={self.type!r}, version={self.version}, "
                f"recorded_at={self.recorded_at.isoformat()!r}, payload={self.payload!r}, "
                f"actor={self.actor!r}, note={self.note!r}, source={self.source!r}, "
                f"inferred={self.inferred!r})")

    @classmethod
    def of(cls, payload: Any, *, id: str, season: str, seq: int = 0, position: int = 0,
           recorded_at: dt.datetime, actor: str | None = None, note: str | None = None,
           source: str | None = None, inferred: bool = False) -> Envelope:
        """Wrap a payload, filling type and version from the registry."""
        name = TYPE_NAMES[type(payload)]
        return cls(id=id, season=season, seq=seq, position=position, type=name,
                   version=current_version(name), recorded_at=recorded_at, payload=payload,
                   actor=actor, note=note, source=source, inferred=inferred)


ENVELOPE_FIELDS = ("id", "season", "seq", "position", "type", "version", "recorded_at",
                   "actor", "note", "source", "inferred")


def _envelope_of(fields: tuple) -> Envelope:
    """Unpickle an envelope (its fields in record order)."""
    return Envelope.from_record(fields)
