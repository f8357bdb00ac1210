"""How large a number an event may carry: points, penalties, adjustments, factors and
every other quantity of a float field are within ``MAX_QUANTITY`` either way, so no
total is ever infinite and every JSON document stays valid JSON."""

from __future__ import annotations

import math
import typing
from functools import cache

import attrs

from .limits import MAX_QUANTITY


def sane_quantity(value: object) -> bool:
    """Whether a float field's value is a finite number within the bound."""
    return (type(value) in (int, float) and math.isfinite(value)
            and -MAX_QUANTITY <= value <= MAX_QUANTITY)


@cache
def _plan(cls: type) -> tuple[tuple[str, str], ...]:
    """(field, how to check it) for the fields of ``cls`` that hold quantities:
    "q" a quantity, "qs" a tuple of them, "o" an attrs value, "os" a tuple of those."""
    hints = typing.get_type_hints(cls)
    plan = []
    for field in attrs.fields(cls):
        tp = hints[field.name]
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) in (typing.Union, __import__("types").UnionType) and args:
            tp = args[0]
        origin, inner = typing.get_origin(tp), typing.get_args(tp)
        if tp is float:
            plan.append((field.name, "q"))
        elif origin is tuple and inner[:1] == (float,):
            plan.append((field.name, "qs"))
        elif attrs.has(tp):
            plan.append((field.name, "o"))
        elif origin is tuple and inner and attrs.has(inner[0]):
            plan.append((field.name, "os"))
    return tuple(plan)


def quantity_fault(obj: object, where: str = "") -> str | None:
    """The first quantity of ``obj`` (an event, or a value it holds) out of bounds,
    named by its field path, or None."""
    if not attrs.has(type(obj)):
        return None
    for name, how in _plan(type(obj)):
        value = getattr(obj, name)
        path = f"{where}{name.rstrip('_')}"
        if value is None:
            continue
        if how == "q" and not sane_quantity(value):
            return f"{path} {value!r} is out of bounds (at most {MAX_QUANTITY:,} either way)"
        if how == "qs":
            for i, item in enumerate(value):
                if not sane_quantity(item):
                    return (f"{path}[{i}] {item!r} is out of bounds (at most "
                            f"{MAX_QUANTITY:,} either way)")
        if how == "o" and (fault := quantity_fault(value, f"{path}.")):
            return fault
        if how == "os":
            for i, item in enumerate(value):
                if fault := quantity_fault(item, f"{path}[{i}]."):
                    return fault
    return None
