"""Schema versions and upcasters: an event type whose schema changes gets a new version
and an upcaster from the old one; upcasters chain, so a log written long ago still
replays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .values import CLASSIFIED

# --- schema versions and upcasters ---------------------------------------------

#: Current schema version of each type (1 unless listed).
VERSIONS: dict[str, int] = {
    "RaceClassified": 4, "PenaltyImposed": 3, "ScoringRulesAdopted": 2, "EntryRegistered": 2,
    "ResultsDeclared": 2, "ClassificationCorrected": 2, "CarDisqualified": 2,
    "LineupRulesAdopted": 2, "EntryCarChanged": 2,
}

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


def _race_classified_v1_to_v2(fields: dict[str, Any]) -> dict[str, Any]:
    """v1 listed the classified cars' numbers in order (``cars``); v2 has result rows."""
    out = {k: v for k, v in fields.items() if k != "cars"}
    out["rows"] = [{"car": str(car), "status": CLASSIFIED} for car in fields.get("cars", ())]
    return out


def _race_classified_v2_to_v3(fields: dict[str, Any]) -> dict[str, Any]:
    """v3 added ``partial`` and ``stopped_short``; a v2 classification was neither."""
    return {**fields, "partial": False, "stopped_short": False}


def _penalty_v1_to_v2(fields: dict[str, Any]) -> dict[str, Any]:
    """v1 penalties were time penalties in ``seconds``; v2 has a kind and a value."""
    out = {k: v for k, v in fields.items() if k != "seconds"}
    out["kind"] = "time"
    out["value"] = fields.get("seconds", 0)
    return out


def _adding(**defaults: Any) -> Upcaster:
    """An upcaster for a version that only added fields: the new fields' defaults."""

    def upcaster(fields: dict[str, Any]) -> dict[str, Any]:
        return {**defaults, **fields}

    upcaster.__doc__ = f"the next version added {', '.join(defaults)}"
    return upcaster


#: (type, from version) -> function turning that version's fields into the next one's.
UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("RaceClassified", 1): _race_classified_v1_to_v2,
    ("RaceClassified", 2): _race_classified_v2_to_v3,
    ("PenaltyImposed", 1): _penalty_v1_to_v2,
    # the scoring core: sessions, partial distance, tables per rule set, makes with engines
    ("RaceClassified", 3): _adding(session="race", laps=None, scheduled_laps=None),
    ("PenaltyImposed", 2): _adding(session="race"),
    ("ScoringRulesAdopted", 1): _adding(tables=[]),
    ("EntryRegistered", 1): _adding(engine_make=None, private=False),
    ("ResultsDeclared", 1): _adding(session="race"),
    ("ClassificationCorrected", 1): _adding(session="race"),
    ("CarDisqualified", 1): _adding(session=None),
    ("LineupRulesAdopted", 1): _adding(cars_per_driver=1),
    ("EntryCarChanged", 1): _adding(engine_make=None),
}


def current_version(type_name: str) -> int:
    return VERSIONS.get(type_name, 1)


def upcast(type_name: str, version: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Bring ``fields`` written at ``version`` up to the current schema, one step at a time."""
    target = current_version(type_name)
    if version > target:
        raise ValueError(f"{type_name} version {version} is newer than this engine knows ({target})")
    while version < target:
        fields = UPCASTERS[(type_name, version)](fields)
        version += 1
    return fields


