"""How events travel: one cattrs converter, msgpack records for the binary log,
JSON Lines for the text form.

Text form: one JSON object a line, the envelope's fields and the event's own
fields side by side at the top level. A line without an id gets a
deterministic one (UUIDv5 of season, line number and the line's canonical
content), so importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import msgpack

from .builders import BUILDERS, RECORD_DECODERS, UNBUILDERS, Mismatch  # noqa: F401
from .errors import DecodeError
from .events import (
    ENVELOPE_FIELDS,
    EVENT_TYPES,
    MAX_MICROS,
    MIN_MICROS,
    TYPE_NAMES,
    VERSIONS,
    Envelope,
    current_version,
    upcast,
)
from .limits import INT_MAX, INT_MIN  # noqa: F401

ID_NAMESPACE = uuid.UUID("6b1f3a52-3c1e-5a0e-9a57-2f0c1c9a7e13")


# --- payloads -------------------------------------------------------------------


def payload_to_dict(payload: Any) -> dict[str, Any]:
    return UNBUILDERS[TYPE_NAMES[type(payload)]](payload)


def payload_from_dict(type_name: str, version: int, fields: dict[str, Any]) -> Any:
    """Build the event of ``type_name`` from wire fields written at ``version``."""
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise DecodeError(f"unknown event type {type_name!r}")
    try:
        if version != VERSIONS.get(type_name, 1):  # an older schema: upcast, then build
            fields = upcast(type_name, version, fields)
        try:
            return BUILDERS[type_name](fields)
        except Mismatch:
            pass  # the strict converter says what is wrong (imported only then)
        from .strict import converter

        return converter.structure(fields, cls)
    except DecodeError:
        raise
    except Exception as exc:  # cattrs raises nested groups; we want one line
        from .strict import describe

        raise DecodeError(f"{type_name}: {describe(exc)}") from None


# --- time -------------------------------------------------------------------------


def format_time(when: dt.datetime) -> str:
    text = when.astimezone(dt.UTC).isoformat(timespec="microseconds")
    text = text.replace("+00:00", "Z")
    return text.replace(".000000Z", "Z")


def parse_time(text: Any) -> dt.datetime:
    if not isinstance(text, str):
        raise DecodeError(f"recorded_at must be an ISO date-time text, got {text!r}")
    try:
        when = dt.datetime.fromisoformat(text)
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return when.astimezone(dt.UTC)
    except ValueError:
        raise DecodeError(f"recorded_at {text[:40]!r} is not an ISO date-time") from None
    except OverflowError:
        raise DecodeError(f"recorded_at {text[:40]!r} is out of range in UTC") from None


# --- binary records (msgpack) --------------------------------------------------------
# A record is a msgpack array: [id, season, seq, position, type, version,
# recorded_at (microseconds since the epoch, UTC), actor, note, source,
# inferred, payload fields (a map)].


def envelope_to_record(env: Envelope) -> list[Any]:
    return [*env[:11], payload_to_dict(env.payload)]  # the envelope is in record order


def record_to_envelope(rec: Any) -> Envelope:
    """An envelope from a binary record, which it takes over: the record decoder of its
    type first (generated, every field checked inline), the careful path when it does
    not fit (an older schema version, values of unexpected types, not a record)."""
    try:
        return RECORD_DECODERS[rec[4]](rec)
    except (Mismatch, KeyError, IndexError, TypeError, ValueError):
        return _record_to_envelope(rec)


def _record_to_envelope(rec: Any) -> Envelope:
    """The careful path: each field checked in turn, the strict converter for a payload
    the builders refuse, an old schema version upcast; one clear message when it fails."""
    if type(rec) is not list or len(rec) != 12:
        raise DecodeError("a log record is not a 12-field array")
    (id_, season, seq, position, type_name, version, micros, actor, note, source,
     inferred, fields) = rec
    if not (type(id_) is str and type(season) is str and type(seq) is int
            and type(position) is int and type(type_name) is str and type(version) is int
            and type(micros) is int and type(fields) is dict
            and (actor is None or type(actor) is str) and (note is None or type(note) is str)
            and (source is None or type(source) is str)
            and (inferred is True or inferred is False) and id_ and season
            and MIN_MICROS <= micros <= MAX_MICROS):
        raise DecodeError("a log record has fields of the wrong type")
    payload = payload_from_dict(type_name, version, fields)
    rec[5] = VERSIONS.get(type_name, 1)
    if type_name == "SeasonOpened" and payload.season != season:
        raise DecodeError(f"SeasonOpened of {payload.season!r} in season {season!r}")
    rec[11] = payload
    return _from_record(rec)


_from_record = Envelope.from_record


def pack_records(envs: Iterable[Envelope]) -> bytes:
    packer = msgpack.Packer(use_bin_type=True)
    out = []
    for env in envs:
        try:
            out.append(packer.pack(envelope_to_record(env)))
        except (OverflowError, TypeError, ValueError) as exc:
            raise DecodeError(f"{env.type} {env.id} cannot be encoded: {exc}") from None
    return b"".join(out)


#: bounds for decoding untrusted msgpack: no field may make us allocate past these
UNPACK_LIMITS = dict(max_str_len=1 << 20, max_bin_len=1 << 20, max_array_len=1 << 16,
                     max_map_len=1 << 16, max_ext_len=1 << 10)


def unpack_records(body: bytes, count: int) -> list[Envelope]:
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=True, max_buffer_size=len(body) or 1,
                                **UNPACK_LIMITS)
    unpacker.feed(body)
    try:
        out = list(map(record_to_envelope, unpacker))
    except DecodeError:
        raise
    except Exception as exc:
        raise DecodeError(f"undecodable record: {exc}") from None
    if len(out) != count:
        raise DecodeError(f"frame announces {count} records, holds {len(out)}")
    return out


# --- text form (JSON Lines) --------------------------------------------------------------


def envelope_to_json(env: Envelope) -> dict[str, Any]:
    """The flat text form of an event: every envelope field, then the event's own."""
    doc: dict[str, Any] = {
        "id": env.id, "season": env.season, "seq": env.seq, "position": env.position,
        "type": env.type, "version": env.version, "recorded_at": format_time(env.recorded_at),
        "actor": env.actor, "note": env.note, "source": env.source, "inferred": env.inferred,
    }
    for key, value in payload_to_dict(env.payload).items():
        if key in doc:
            if doc[key] != value:
                raise DecodeError(f"{env.type}: field {key!r} clashes with the envelope")
            continue
        doc[key] = value
    return doc


def envelope_to_line(env: Envelope) -> str:
    return json.dumps(envelope_to_json(env), ensure_ascii=False, separators=(", ", ": "))


@attrs.frozen
class TextEvent:
    """An event read from a text line: the envelope fields it gave, and its payload."""

    line: int | str  # the line number, or a text naming file and line
    id: str
    season: str
    seq: int | None
    type: str
    recorded_at: dt.datetime | None
    actor: str | None
    note: str | None
    source: str | None
    inferred: bool
    payload: Any

    def envelope(self, *, seq: int, position: int, recorded_at: dt.datetime) -> Envelope:
        return Envelope(id=self.id, season=self.season, seq=seq, position=position,
                        type=self.type, version=current_version(self.type),
                        recorded_at=recorded_at, payload=self.payload, actor=self.actor,
                        note=self.note, source=self.source, inferred=self.inferred)


def derived_id(season: str, line_no: int, doc: dict[str, Any]) -> str:
    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return str(uuid.uuid5(ID_NAMESPACE, f"{season}\n{line_no}\n{canonical}"))


#: no event nests deeper than this (an envelope, rules, a ranking, its tie-breaks)
MAX_DEPTH = 8


def _sound(doc: Any) -> str | None:
    """What makes a parsed line unusable whatever its type: nesting too deep for any
    event, or text that is not Unicode (a lone surrogate from a \\ud800 escape)."""
    stack = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "text with a lone surrogate escape"
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                stack.append((key, depth))
                stack.append((item, depth + 1))
    return None


def parse_line(text: str, line_no: int, *, default_season: str | None = None) -> TextEvent:
    """Read one text line (already decoded) into a TextEvent; raise DecodeError naming the line."""
    where = f"line {line_no}"
    try:
        doc = json.loads(text)
    except RecursionError:
        raise DecodeError(f"{where}: nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, or an integer of too many digits
        raise DecodeError(f"{where}: not valid JSON ({getattr(exc, 'msg', exc)})") from None
    if not isinstance(doc, dict):
        raise DecodeError(f"{where}: an event must be a JSON object")
    problem = _sound(doc)
    if problem:
        raise DecodeError(f"{where}: {problem}")
    type_name = doc.get("type")
    if not isinstance(type_name, str):
        raise DecodeError(f"{where}: missing \"type\"")
    if type_name not in EVENT_TYPES:
        raise DecodeError(f"{where}: unknown event type {type_name!r}")
    season = doc.get("season", default_season)
    if not isinstance(season, str) or not season:
        raise DecodeError(f"{where}: missing \"season\" (give it on the line or with --season)")
    version = doc.get("version", current_version(type_name))
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise DecodeError(f"{where}: version must be a positive integer")
    fields = {k: v for k, v in doc.items() if k not in ENVELOPE_FIELDS}
    if type_name == "SeasonOpened":
        fields["season"] = season
    try:
        payload = payload_from_dict(type_name, version, fields)
    except DecodeError as exc:
        raise DecodeError(f"{where}: {exc}") from None
    id_ = doc.get("id")
    if id_ is None:
        id_ = derived_id(season, line_no, {k: v for k, v in doc.items() if k != "id"})
    elif not isinstance(id_, str) or not id_:
        raise DecodeError(f"{where}: id must be text")
    seq = doc.get("seq")
    if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int) or seq < 1):
        raise DecodeError(f"{where}: seq must be a positive integer")
    recorded_at = doc.get("recorded_at")
    try:
        when = parse_time(recorded_at) if recorded_at is not None else None
    except DecodeError as exc:
        raise DecodeError(f"{where}: {exc}") from None
    for key in ("actor", "note", "source"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise DecodeError(f"{where}: {key} must be text")
    inferred = doc.get("inferred", False)
    if not isinstance(inferred, bool):
        raise DecodeError(f"{where}: inferred must be true or false")
    return TextEvent(line=line_no, id=id_, season=season, seq=seq, type=type_name,
                     recorded_at=when, actor=doc.get("actor"), note=doc.get("note"),
                     source=doc.get("source"), inferred=inferred, payload=payload)


def read_lines(data: bytes, *, default_season: str | None = None,
               name: str = "input") -> Iterator[TextEvent]:
    """Parse a JSON Lines document; blank lines and lines starting with # are skipped."""
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"{name} line {line_no}: not UTF-8 (byte {exc.start})") from None
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            yield parse_line(stripped, line_no, default_season=default_season)
        except DecodeError as exc:
            raise DecodeError(f"{name} {exc}") from None
