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
import math
import re
import uuid
from collections.abc import Iterable, Iterator
from typing import Any, get_args, get_origin

import attrs
import cattrs
import msgpack
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception

from .errors import DecodeError
from .events import ENVELOPE_FIELDS, EVENT_TYPES, Envelope, current_version, upcast

ID_NAMESPACE = uuid.UUID("6b1f3a52-3c1e-5a0e-9a57-2f0c1c9a7e13")


def _rename_keyword_fields(conv: cattrs.Converter) -> None:
    """``class_`` in Python is ``class`` on the wire; unknown keys are refused."""

    def is_attrs(cls: type) -> bool:
        return attrs.has(cls)

    def unstructure_factory(cls: type) -> Any:
        renames = {a.name: override(rename=a.name[:-1]) for a in attrs.fields(cls)
                   if a.name.endswith("_")}
        return make_dict_unstructure_fn(cls, conv, **renames)

    def structure_factory(cls: type) -> Any:
        renames = {a.name: override(rename=a.name[:-1]) for a in attrs.fields(cls)
                   if a.name.endswith("_")}
        return make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **renames)

    conv.register_unstructure_hook_factory(is_attrs, unstructure_factory)
    conv.register_structure_hook_factory(is_attrs, structure_factory)


class _WrongValue(TypeError):
    """A value refused by a strict hook; its message is already the one to show."""


#: the integers a msgpack record can hold (and any sane field needs)
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1


def _strict_scalar_hooks(conv: cattrs.Converter) -> None:
    """Refuse values of the wrong type instead of coercing them (no "3" for an int)."""

    def structure_str(value: Any, _: type) -> str:
        if not isinstance(value, str):
            raise _WrongValue(f"expected text, got {type(value).__name__} {value!r}")
        return value

    def structure_int(value: Any, _: type) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _WrongValue(f"expected an integer, got {type(value).__name__} {value!r}")
        if not INT_MIN <= value <= INT_MAX:
            raise _WrongValue(f"integer {value} is out of range")
        return value

    def structure_float(value: Any, _: type) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _WrongValue(f"expected a number, got {type(value).__name__} {value!r}")
        if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            raise _WrongValue(f"number {value} is out of range")
        if isinstance(value, float) and not math.isfinite(value):
            raise _WrongValue(f"expected a finite number, got {value!r}")
        return value

    def structure_bool(value: Any, _: type) -> bool:
        if not isinstance(value, bool):
            raise _WrongValue(f"expected true or false, got {value!r}")
        return value

    def structure_date(value: Any, _: type) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _WrongValue(f"expected a date YYYY-MM-DD, got {value!r}") from None

    def tuple_factory(cls: type) -> Any:
        """A tuple field takes a list, never a text split into letters."""
        structure_items = homogenous_tuple_structure_factory(cls, conv)

        def structure_tuple(value: Any, t: type) -> tuple:
            if not isinstance(value, list | tuple):
                raise _WrongValue(f"expected a list, got {type(value).__name__} {value!r}")
            return structure_items(value, t)

        return structure_tuple

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(dt.date, structure_date)
    conv.register_structure_hook_factory(
        lambda t: get_origin(t) is tuple and get_args(t)[1:] == (...,), tuple_factory)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    _strict_scalar_hooks(conv)
    _rename_keyword_fields(conv)
    return conv


converter = make_converter()


# --- payloads -------------------------------------------------------------------


def payload_to_dict(payload: Any) -> dict[str, Any]:
    return converter.unstructure(payload)


def payload_from_dict(type_name: str, version: int, fields: dict[str, Any]) -> Any:
    """Build the event of ``type_name`` from wire fields written at ``version``."""
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise DecodeError(f"unknown event type {type_name!r}")
    try:
        fields = upcast(type_name, version, fields)
        return converter.structure(fields, cls)
    except DecodeError:
        raise
    except Exception as exc:  # cattrs raises nested groups; we want one line
        raise DecodeError(f"{type_name}: {_describe(exc)}") from None


def _describe(exc: BaseException) -> str:
    """One line for what cattrs found, naming fields as they are spelled on the wire."""
    if isinstance(exc, cattrs.ClassValidationError | cattrs.IterableValidationError):
        return "; ".join(_wire_note(note)
                         for note in cattrs.transform_error(exc, "", _format_error))
    if isinstance(exc, cattrs.ForbiddenExtraKeysError | _WrongValue):
        return _format_error(exc, None)
    return str(exc) or type(exc).__name__


def _format_error(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError):
        return "missing field"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, _WrongValue):
        return str(exc)
    if type_ is not None and attrs.has(type_):
        return "expected an object"
    return format_exception(exc, type_)


def _wire_note(note: str) -> str:
    """``"missing field @ .class_"`` -> ``"missing field class"``."""
    text, _, path = note.rpartition(" @ ")
    path = re.sub(r"_(?=$|[.\[])", "", path.lstrip("."))  # class_ is class on the wire
    if not path:
        return text
    if text == "missing field":
        return f"missing field {path}"
    return f"{path}: {text}"


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
    except ValueError:
        raise DecodeError(f"recorded_at {text!r} is not an ISO date-time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def time_to_micros(when: dt.datetime) -> int:
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def micros_to_time(micros: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=micros)


# --- binary records (msgpack) --------------------------------------------------------
# A record is a msgpack array: [id, season, seq, position, type, version,
# recorded_at (microseconds since the epoch, UTC), actor, note, source,
# inferred, payload fields (a map)].


def envelope_to_record(env: Envelope) -> list[Any]:
    return [env.id, env.season, env.seq, env.position, env.type, env.version,
            time_to_micros(env.recorded_at), env.actor, env.note, env.source, env.inferred,
            payload_to_dict(env.payload)]


def record_to_envelope(rec: Any) -> Envelope:
    if not isinstance(rec, list) or len(rec) != 12:
        raise DecodeError("a log record is not a 12-field array")
    (id_, season, seq, position, type_name, version, micros, actor, note, source,
     inferred, fields) = rec
    if not isinstance(fields, dict) or not isinstance(version, int) or not isinstance(micros, int):
        raise DecodeError("a log record has fields of the wrong type")
    payload = payload_from_dict(type_name, version, fields)
    return Envelope(id=id_, season=season, seq=seq, position=position, type=type_name,
                    version=current_version(type_name), recorded_at=micros_to_time(micros),
                    payload=payload, actor=actor, note=note, source=source,
                    inferred=bool(inferred))


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
    out = []
    try:
        for rec in unpacker:
            out.append(record_to_envelope(rec))
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


def parse_line(text: str, line_no: int, *, default_season: str | None = None) -> TextEvent:
    """Read one text line (already decoded) into a TextEvent; raise DecodeError naming the line."""
    where = f"line {line_no}"
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise DecodeError(f"{where}: not valid JSON ({exc.msg})") from None
    if not isinstance(doc, dict):
        raise DecodeError(f"{where}: an event must be a JSON object")
    type_name = doc.get("type")
    if not isinstance(type_name, str):
        raise DecodeError(f"{where}: missing \"type\"")
    if type_name not in EVENT_TYPES:
        raise DecodeError(f"{where}: unknown event type {type_name!r}")
    season = doc.get("season", default_season)
    if type_name == "SeasonOpened" and season is None:
        season = doc.get("season")
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
