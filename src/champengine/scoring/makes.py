"""Makes: which make a car scores for, and how many of a make's cars count."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..events import MakeKey, MakePosition, ScoringRules

T = TypeVar("T")


def make_key(rules: ScoringRules, make: str | None, engine_make: str | None,
             private: bool = False) -> str | None:
    """Makes: which make does a car score for: its make, or its make and its engine's make
    (F1: Cooper-Climax and Cooper-Maserati are two); a private entry scores for none."""
    if make is None or private:
        return None
    if rules.make_key == MakeKey.MAKE_ENGINE and engine_make:
        return f"{make}:{engine_make}"
    return make


def best_cars(rules: ScoringRules, cars: Sequence[T], points: Callable[[T], object]) -> list[T]:
    """Makes: of a make's cars in one session, which count: all of them, or its best N
    (best first; equal points keep the entry order)?"""
    ranked = sorted(cars, key=points, reverse=True)
    n = rules.manufacturer_best_cars
    return ranked if n is None else ranked[:n]


def ranks_among_makes(rules: ScoringRules | None) -> bool:
    """Makes: does a make's car score by its class position, or by its rank among the cars
    that score for a make (private entries taken out of the order, the cars behind them
    moved up)?"""
    return rules is not None and rules.make_position == MakePosition.ELIGIBLE
