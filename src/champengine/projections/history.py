"""The audit trail of a standings table: which rows each event (or round) changed.

Built on demand, by folding the log one event at a time and comparing the
table before and after each; never part of the replay hot path.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from ..events import Envelope
from . import calendar
from .season import SeasonState, evolve
from .standings import Standing, Table, table


@attrs.frozen
class RowChange:
    """One row of a table moved: its points and position before and after."""

    key: str
    name: str
    car: str | None
    points_before: float
    points_after: float
    position_before: int | None
    position_after: int | None

    @property
    def points(self) -> float:
        return self.points_after - self.points_before


@attrs.frozen
class Step:
    """What one event (or one round) changed in a table."""

    seq: int | None
    type: str | None
    recorded_at: str | None
    actor: str | None
    note: str | None
    round: str | None
    changes: tuple[RowChange, ...]


def compare(before: Table | None, after: Table, *,
            every_row: bool = False) -> tuple[RowChange, ...]:
    """The rows whose points or position differ between two versions of a table
    (every row of either, changed or not, with ``every_row``)."""
    old: dict[str, Standing] = {r.key: r for r in before.rows} if before else {}
    new = {r.key: r for r in after.rows}
    out = []
    for key in list(new) + [k for k in old if k not in new]:
        a, b = old.get(key), new.get(key)
        pa, pb = (a.total if a else 0), (b.total if b else 0)
        qa, qb = (a.position if a else None), (b.position if b else None)
        if every_row or pa != pb or qa != qb:
            row = b or a
            out.append(RowChange(key, row.name, row.car, pa, pb, qa, qb))
    return tuple(out)


def by_event(events: Iterable[Envelope], class_: str, kind: str,
             rounds: set[str] | None = None) -> list[Step]:
    """Fold the log event by event; list the events that changed the table (counting
    only ``rounds``, when given: the rounds up to R of the season as it stands)."""
    state = SeasonState()
    before: Table | None = None
    steps = []
    for env in events:
        evolve(state, env)
        if class_ not in state.classes:
            continue
        upto = None
        if rounds is not None:
            running = calendar.running(state.calendar)
            upto = max((n for n, r in enumerate(running, 1) if r.key in rounds), default=0)
        after = table(state, class_, kind, upto)
        changes = compare(before, after)
        if changes:
            steps.append(Step(env.seq, env.type, env.recorded_at.isoformat(), env.actor,
                              env.note, getattr(env.payload, "round", None), changes))
        before = after
    return steps


def by_round(state: SeasonState, class_: str, kind: str) -> list[Step]:
    """The table after each round against the table after the round before."""
    steps = []
    before: Table | None = None
    for number, rnd in enumerate(calendar.running(state.calendar), start=1):
        after = table(state, class_, kind, number)
        steps.append(Step(None, None, None, None, None, rnd.key, compare(before, after)))
        before = after
    return steps
