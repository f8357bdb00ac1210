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
import math
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from .events import EVENT_TYPES

INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1


class Mismatch(Exception):
    """The fields are not what the fast path expects: use the strict converter."""


Builder = Callable[[dict], Any]
_NONE = type(None)


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
    if tp is float:
        return f"(type({arg}) is int or (type({arg}) is float and _finite({arg})))", arg
    if tp is dt.date:
        return f"type({arg}) is str", f"_date({arg})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if item is str:
            return (f"(type({arg}) is list and all(type(x) is str for x in {arg}))",
                    f"tuple({arg})")
        if item is float:
            return (f"(type({arg}) is list and all(type(x) is int or (type(x) is float "
                    f"and _finite(x)) for x in {arg}))", f"tuple({arg})")
        if attrs.has(item):
            env[f"_b_{name}"] = builder(item)
            return f"type({arg}) is list", f"tuple(_b_{name}(x) for x in {arg})"
    if attrs.has(tp):
        env[f"_b_{name}"] = builder(tp)
        return "True", f"_b_{name}({arg})"
    env[f"_slow_{name}"] = tp
    return "True", f"_slow({arg}, _slow_{name})"


def builder(cls: type) -> Builder:
    """Generate the fast builder of an attrs class."""
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    env: dict[str, Any] = {"_cls": cls, "_date": dt.date.fromisoformat, "Mismatch": Mismatch,
                           "_slow": _slow_structure, "_finite": math.isfinite}
    lines = ["def build(d):", f"    if type(d) is not dict or len(d) != {len(fields)}:",
             "        raise Mismatch", "    try:"]
    conds, convs = [], []
    for i, field in enumerate(fields):
        wire = field.name[:-1] if field.name.endswith("_") else field.name
        arg = f"a{i}"
        lines.append(f"        {arg} = d[{wire!r}]")
        cond, conv = _check(wire, arg, hints[field.name], env, f"{i}")
        conds.append(cond)
        convs.append(conv)
    lines += ["    except KeyError:", "        raise Mismatch from None",
              f"    if not ({' and '.join(conds) or 'True'}):", "        raise Mismatch",
              "    try:", f"        return _cls({', '.join(convs)})",
              "    except (TypeError, ValueError):", "        raise Mismatch from None"]
    exec("\n".join(lines), env)  # noqa: S102 - generated from our own class definitions
    return env["build"]


def _slow_structure(value: Any, tp: Any) -> Any:
    from .strict import converter

    try:
        return converter.structure(value, tp)
    except Exception:  # noqa: BLE001 - any refusal sends the record down the strict path
        raise Mismatch from None


def unbuilder(cls: type) -> Callable[[Any], dict]:
    """Generate the function giving an attrs object's wire fields (what cattrs would)."""
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {}
    items = []
    for i, field in enumerate(attrs.fields(cls)):
        wire = field.name[:-1] if field.name.endswith("_") else field.name
        items.append(f"{wire!r}: {_plain(f'o.{field.name}', hints[field.name], env, str(i))}")
    source = "def unbuild(o):\n    return {" + ", ".join(items) + "}"
    exec(source, env)  # noqa: S102 - generated from our own class definitions
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

    def __init__(self, make: Callable[[type], Callable]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, name: str) -> Callable:
        cls = EVENT_TYPES.get(name)
        if cls is None:
            raise KeyError(name)
        self[name] = made = self.make(cls)
        return made


#: type name -> builder from wire fields; type name -> wire fields from an event
BUILDERS: dict[str, Builder] = _Generated(builder)
UNBUILDERS: dict[str, Callable[[Any], dict]] = _Generated(unbuilder)
