"""Fast, checked construction of events from the fields of the binary log.

Replay is the hot path: a generic converter walks every field through hooks,
which costs more than decoding the bytes. Here each event type gets one small
function, generated from its attrs fields on first use (as attrs and cattrs
generate theirs), that checks every value's type inline and calls the class
positionally. Anything unexpected (another key set, a wrong type, an old
schema version) raises ``Mismatch`` and the caller falls back on the strict
converter, which gives the one-line error.
"""

from __future__ import annotations

import datetime as dt
import functools
import linecache
import math
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from .bounds import sane_quantity
from .events import EVENT_TYPES, VERSIONS
from .limits import INT_MAX, INT_MIN


class Mismatch(Exception):
    """The fields are not what the fast path expects: use the strict converter."""


Builder = Callable[[dict], Any]
_NONE = type(None)
#: a class's field types, resolved once (each type's builder, decoder and unbuilder read them)
_hints = functools.cache(typing.get_type_hints)


def _check(expr: str, arg: str, tp: Any, env: dict, name: str) -> tuple[str, str]:
    """(condition that ``arg`` is valid, expression converting it) for one field type."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and _NONE in args:
        inner = next(a for a in args if a is not _NONE)
        cond, conv = _check(expr, arg, inner, env, name)
        return f"({arg} is None or {cond})", f"(None if {arg} is None else {conv})"
    if tp is str:
        return f"type({arg}) is str", arg
    if tp is bool:
        return f"({arg} is True or {arg} is False)", arg
    if tp is int:
        return f"(type({arg}) is int and {INT_MIN} <= {arg} <= {INT_MAX})", arg
    if tp is float:  # a quantity: finite and within bounds (``bounds``)
        return f"_quantity({arg})", arg
    if tp is dt.date:
        return f"type({arg}) is str", f"_date({arg})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if item is str:
            return (f"(type({arg}) is list and all(type(x) is str for x in {arg}))",
                    f"tuple({arg})")
        if item is float:
            return (f"(type({arg}) is list and all(map(_quantity, {arg})))", f"tuple({arg})")
        if item is int:
            return (f"(type({arg}) is list and all(type(x) is int and {INT_MIN} <= x <= "
                    f"{INT_MAX} for x in {arg}))", f"tuple({arg})")
        if attrs.has(item):
            env[f"_b_{name}"] = builder(item)
            return f"type({arg}) is list", f"tuple(_b_{name}(x) for x in {arg})"
    if attrs.has(tp):
        env[f"_b_{name}"] = builder(tp)
        return "True", f"_b_{name}({arg})"
    env[f"_slow_{name}"] = tp
    return "True", f"_slow({arg}, _slow_{name})"


def _direct(cls: type) -> bool:
    """Whether instances can be made by setting their slots (no validator, converter or
    post-init hook to run): a frozen class's ``__init__`` sets each field through
    ``object.__setattr__``, which costs more than the rest of decoding a field."""
    return ("__slots__" in cls.__dict__ and not hasattr(cls, "__attrs_post_init__")
            and all(f.init and f.validator is None and f.converter is None
                    for f in attrs.fields(cls)))


def _payload_lines(cls: type, env: dict, *, lenient: bool = False) -> list[str]:
    """Function-body code checking the wire fields in ``d`` and making the object ``o``.
    ``lenient``: a field with a plain default may be missing (text input leaves them out),
    and is given its default, as the strict converter would; the binary log writes every
    field, and its records are held to all of them."""
    hints = _hints(cls)
    fields = attrs.fields(cls)
    optional = {i for i, f in enumerate(fields) if lenient and f.default is not attrs.NOTHING
                and not isinstance(f.default, attrs.Factory)}
    size = f"!= {len(fields)}" if not optional else f"> {len(fields)}"
    lines = [f"if type(d) is not dict or len(d) {size}:", "    raise Mismatch", "try:"]
    if optional:
        lines.append("    present = 0")
    conds, convs = [], []
    for i, field in enumerate(fields):
        wire = field.name[:-1] if field.name.endswith("_") else field.name
        arg = f"a{i}"
        cond, conv = _check(wire, arg, hints[field.name], env, f"{i}")
        if i in optional:
            env[f"_d{i}"] = field.default
            lines += [f"    if {wire!r} in d:", f"        {arg} = d[{wire!r}]",
                      "        present += 1", "    else:", f"        {arg} = _d{i}"]
            cond = f"({arg} is _d{i} or {cond})"
            conv = f"(_d{i} if {arg} is _d{i} else {conv})"
        else:
            lines.append(f"    {arg} = d[{wire!r}]")
        conds.append(cond)
        convs.append(conv)
    lines += ["except KeyError:", "    raise Mismatch from None"]
    if optional:  # every key one of the fields: none unknown
        lines += [f"if len(d) != present + {len(fields) - len(optional)}:", "    raise Mismatch"]
    lines += [f"if not ({' and '.join(conds) or 'True'}):", "    raise Mismatch"]
    env["_cls"] = cls
    if _direct(cls):
        env["_new"] = object.__new__
        lines.append("o = _new(_cls)")
        for i, (field, conv) in enumerate(zip(fields, convs, strict=True)):
            env[f"_set{i}"] = cls.__dict__[field.name].__set__
            lines.append(f"_set{i}(o, {conv})")
    else:
        lines += ["try:", f"    o = _cls({', '.join(convs)})",
                  "except (TypeError, ValueError):", "    raise Mismatch from None"]
    return ["    " + line for line in lines]


def _base_env() -> dict[str, Any]:
    return {"_date": _fromisoformat, "Mismatch": Mismatch, "_slow": _slow_structure,
            "_finite": math.isfinite, "_quantity": sane_quantity}


def _fromisoformat(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Mismatch from None


def _compile(source: str, env: dict, what: str) -> None:
    """Run generated source into ``env``, registered with ``linecache`` under a name of its
    own (as attrs does), so tracebacks and debuggers show the generated lines."""
    filename = f"<champengine generated {what}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), env)  # noqa: S102 - from our own classes


@functools.cache
def builder(cls: type) -> Builder:
    """Generate the fast builder of an attrs class (fields with a plain default may be
    left out, as text input does), once."""
    env = _base_env()
    source = "\n".join(["def build(d):", *_payload_lines(cls, env, lenient=True),
                        "    return o"])
    _compile(source, env, f"build {cls.__name__}")
    return env["build"]


def record_decoder(type_name: str, version: int) -> Callable[[list], Any]:
    """Generate the decoder of a whole binary record of one event type at its current
    version: every envelope field's type and the payload's fields checked inline, the
    payload made, and the record list taken over as the envelope (payload last)."""
    from .events import MAX_MICROS, MIN_MICROS, Envelope

    cls = EVENT_TYPES[type_name]
    env = _base_env()
    env["_envelope"] = Envelope.from_record
    head = [
        "def decode(rec):",
        "    (id_, season, seq, position, type_name, version, micros, actor, note, source,",
        "     inferred, d) = rec",
        "    if not (type(id_) is str and id_ and type(season) is str and season",
        f"            and type(seq) is int and type(position) is int and version == {version}",
        f"            and type(version) is int and type(micros) is int and {MIN_MICROS} <= micros"
        f" <= {MAX_MICROS}",
        "            and (actor is None or type(actor) is str)",
        "            and (note is None or type(note) is str)",
        "            and (source is None or type(source) is str)",
        "            and (inferred is True or inferred is False)):",
        "        raise Mismatch",
    ]
    tail = []
    if type_name == "SeasonOpened":  # the season it opens is the one it is in
        tail = ["    if o.season != season:", "        raise Mismatch"]
    source = "\n".join([*head, *_payload_lines(cls, env), *tail, "    rec[11] = o",
                        "    return _envelope(rec)"])
    _compile(source, env, f"decode {type_name} v{version}")
    return env["decode"]


def _slow_structure(value: Any, tp: Any) -> Any:
    from .strict import converter

    try:
        return converter.structure(value, tp)
    except Exception:  # noqa: BLE001 - any refusal sends the record down the strict path
        raise Mismatch from None


def unbuilder(cls: type) -> Callable[[Any], dict]:
    """Generate the function giving an attrs object's wire fields (what cattrs would)."""
    hints = _hints(cls)
    env: dict[str, Any] = {}
    items = []
    for i, field in enumerate(attrs.fields(cls)):
        wire = field.name[:-1] if field.name.endswith("_") else field.name
        items.append(f"{wire!r}: {_plain(f'o.{field.name}', hints[field.name], env, str(i))}")
    source = "def unbuild(o):\n    return {" + ", ".join(items) + "}"
    _compile(source, env, f"unbuild {cls.__name__}")
    return env["unbuild"]


def _plain(expr: str, tp: Any, env: dict, name: str) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType) and _NONE in args:
        inner = next(a for a in args if a is not _NONE)
        plain = _plain(expr, inner, env, name)
        return expr if plain == expr else f"(None if {expr} is None else {plain})"
    if tp is dt.date:
        return f"{expr}.isoformat()"
    if origin is tuple:
        item = args[0]
        if attrs.has(item):
            env[f"_u_{name}"] = unbuilder(item)
            return f"[_u_{name}(x) for x in {expr}]"
        return f"list({expr})"
    if attrs.has(tp):
        env[f"_u_{name}"] = unbuilder(tp)
        return f"_u_{name}({expr})"
    return expr


class _Generated(dict):
    """Type name -> generated function, made on first use (import stays cheap)."""

    def __init__(self, make: Callable[[str], Callable]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> Callable:
        if name not in EVENT_TYPES:
            raise KeyError(name)
        self[name] = made = self.make(name)
        return made


#: type name -> builder from wire fields; type name -> wire fields from an event
BUILDERS: dict[str, Builder] = _Generated(lambda name: builder(EVENT_TYPES[name]))
UNBUILDERS: dict[str, Callable[[Any], dict]] = _Generated(
    lambda name: unbuilder(EVENT_TYPES[name]))
#: type name -> decoder of a whole record at the type's current version (see record_decoder)
RECORD_DECODERS: dict[str, Callable[[list], Any]] = _Generated(
    lambda name: record_decoder(name, VERSIONS.get(name, 1)))
