"""The benchmark's figures, each with its target, as one JSON object or as the table
the README shows."""

from __future__ import annotations

import json
import math
import operator

#: figure -> (what it is, comparison, target, unit); a target of None is shown, not judged
FIGURES = {
    "replay_vs_bare": ("full replay into every table / bare msgpack decode", ">=", 0.25, "x"),
    "replay_vs_eventsourcing": ("full replay / eventsourcing SQLite replay", ">=", 3, "x"),
    "query_vs_sqlite": ("standings after round R, SQLite time / ours (p50)", ">", 1, "x"),
    "cli_vs_interpreter": ("champ standings, 2013, process / python -c pass", "<=", 5, "x"),
    "serve_rps": ("champ serve, standings queries", None, None, "req/s"),
    "serve_p50_ms": ("champ serve, p50 latency", None, None, "ms"),
    "serve_p99_ms": ("champ serve, p99 latency", "<", 10, "ms"),
    "update_ms": ("a classification appended, every table current", "<", 5, "ms"),
    "timing_import_s": ("Le Mans 2026 lap file imported", "<", 10, "s"),
    "running_order_ms": ("running order at a random minute", "<", 50, "ms"),
    "pg_append_eps": ("PostgreSQL store append, batched", None, None, "events/s"),
    "pg_replay_eps": ("PostgreSQL store full replay", None, None, "events/s"),
    "pg_replay_vs_eventsourcing": ("PostgreSQL full replay / eventsourcing's", ">=", 3, "x"),
}
COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def met(key: str, value) -> bool | None:
    _, how, target, _ = FIGURES[key]
    if how is None or value is None:
        return None
    return COMPARE[how](value, target)


def as_json(figures: dict) -> str:
    """One JSON object: every figure (None when skipped), and what else was measured."""
    return json.dumps({k: (None if isinstance(v, float) and math.isnan(v) else v)
                       for k, v in figures.items()}, indent=1, sort_keys=False)


def shown(value, unit: str) -> str:
    if value is None:
        return "skipped"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("req/s", "events/s"):
        return f"{value:,.0f} {unit}"
    return f"{value:.1f} {unit}" if unit == "ms" else f"{value:.2f} {unit}"


def table(figures: dict) -> list[str]:
    """The README's table: figure, key, target, measured, and whether it is reached."""
    lines = ["| figure | key | target | measured | |", "|---|---|---|---|---|"]
    for key, (what, how, target, unit) in FIGURES.items():
        value = figures.get(key)
        goal = "" if how is None else f"{how} {target}{'' if unit == 'x' else ' ' + unit}"
        verdict = {True: "reached", False: "**not reached**", None: ""}[met(key, value)]
        lines.append(f"| {what} | `{key}` | {goal} | {shown(value, unit)} | {verdict} |")
    if figures.get("skipped"):
        lines.append(f"\nPostgreSQL figures skipped: {figures['skipped']}")
    return lines
