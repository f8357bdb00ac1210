"""The strict converter: cattrs with hooks that refuse rather than coerce.

Valid events never need it (the generated builders read them); it fills the
defaults a hand-written line leaves out, upcasts old versions' fields, and says
in one line what is wrong with a bad one. Imported on first use, so a command
that reads only valid input does not pay for cattrs.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import reprlib
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.v import format_exception

from .bounds import MAX_QUANTITY, sane_quantity
from .limits import INT_MAX, INT_MIN


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




def _strict_scalar_hooks(conv: cattrs.Converter) -> None:
    """Refuse values of the wrong type instead of coercing them (no "3" for an int)."""

    def structure_str(value: Any, _: type) -> str:
        if not isinstance(value, str):
            raise _WrongValue(f"expected text, got {type(value).__name__} {_short(value)}")
        return value

    def structure_int(value: Any, _: type) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _WrongValue(f"expected an integer, got {type(value).__name__} {_short(value)}")
        if not INT_MIN <= value <= INT_MAX:
            raise _WrongValue(f"integer {value} is out of range")
        return value

    def structure_float(value: Any, _: type) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _WrongValue(f"expected a number, got {type(value).__name__} {_short(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            raise _WrongValue(f"expected a finite number, got {_short(value)}")
        if not sane_quantity(value):
            raise _WrongValue(f"number {_short(value)} is out of bounds (at most "
                              f"{MAX_QUANTITY:,} either way)")
        return value

    def structure_bool(value: Any, _: type) -> bool:
        if not isinstance(value, bool):
            raise _WrongValue(f"expected true or false, got {_short(value)}")
        return value

    def structure_date(value: Any, _: type) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _WrongValue(f"expected a date YYYY-MM-DD, got {_short(value)}") from None

    def tuple_factory(cls: type) -> Any:
        """A tuple field takes a list, never a text split into letters."""
        structure_items = homogenous_tuple_structure_factory(cls, conv)

        def structure_tuple(value: Any, t: type) -> tuple:
            if not isinstance(value, list | tuple):
                raise _WrongValue(f"expected a list, got {type(value).__name__} {_short(value)}")
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


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 40, 40


def _short(value: Any) -> str:
    """A value as an error message may quote it: one line, short, however deep."""
    return _REPR.repr(value)


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True)
    _strict_scalar_hooks(conv)
    _rename_keyword_fields(conv)
    return conv



converter = make_converter()


def describe(exc: BaseException) -> str:
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
        return f"unknown field(s) {', '.join(_short(k) for k in sorted(exc.extra_fields))}"
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
