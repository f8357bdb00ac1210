"""The write path: check commands against the season as the log holds it, then append.

Everything that enters a log goes through ``domain.decide`` first, whether it
comes from a command of the CLI, an imported file or a what-if file; a batch is
appended whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import attrs

from . import codec
from .bounds import quantity_fault
from .domain import decide
from .errors import (
    ChampError,
    ConcurrencyError,
    DuplicateIdError,
    RefusedError,
    StoreError,
    UsageError,
)
from .events import Envelope
from .names import resolve
from .projections.season import SeasonState, evolve, fold
from .store import EventStore, Pending
from .store.batch import same_content

RETRIES = 20


@attrs.frozen
class Outcome:
    appended: tuple[Envelope, ...]
    skipped: int  # events already in the log (idempotent retries)
    warnings: tuple[str, ...]


def season_state(store: EventStore, season: str) -> SeasonState:
    return fold(store.read(season))


class Checked(NamedTuple):
    pending: list[Pending]  # the events decide let in, in order
    envelopes: list[Envelope]  # the same, as folded into the state
    warnings: list[str]


#: how a refusal reads: where the event came from, and why decide refused it
REFUSAL = "{where}: {reason}"


def check(state: SeasonState, season: str, items: Iterable[tuple[str, Pending]],
          on_event=None, *, refusal: str = REFUSAL) -> Checked:
    """Decide each pending event in turn against ``state`` (which it folds them into).

    ``items`` pairs each event with where it came from ("line 12"), for messages.
    Returns the events, as given and as folded, and the warnings; raises the first
    refusal, naming where (``refusal`` is the form of its message).
    """
    checked = Checked([], [], [])
    for where, pending in items:
        if fault := quantity_fault(pending.payload):  # what no decoder would read back
            raise RefusedError(refusal.format(where=where, reason=fault))
        try:
            payload = resolve(state, pending.payload)
            if payload is not pending.payload:
                pending = attrs.evolve(pending, payload=payload)
            decision = decide(state, pending.payload)
        except (RefusedError, UsageError) as exc:
            raise type(exc)(refusal.format(where=where, reason=exc)) from None
        checked.warnings.extend(f"{where}: {w}" for w in decision.warnings)
        when = pending.recorded_at or state.recorded_at or dt.datetime.now(dt.UTC)
        if when.tzinfo is None:
            raise StoreError(f"{where}: event {pending.id}: recorded_at has no time zone")
        env = Envelope.of(pending.payload, id=pending.id, season=season, seq=state.seq + 1,
                          recorded_at=when, actor=pending.actor, note=pending.note,
                          source=pending.source, inferred=pending.inferred)
        evolve(state, env)
        checked.pending.append(pending)
        checked.envelopes.append(env)
        if on_event is not None:
            on_event(1)
    return checked


def record(store: EventStore, season: str, commands: Sequence[object], *,
           actor: str | None = None, note: str | None = None,
           source: str | None = None, state: SeasonState | None = None) -> Outcome:
    """Decide commands against the season and append what they decide, as one batch.

    ``state``: the season as the caller just read it (it is folded further here).
    On a concurrent append (someone else wrote first) the season is read again and
    the commands decided again, so a refusal always reflects the log as it is.
    """
    ids = [str(uuid.uuid4()) for _ in commands]
    for _ in range(RETRIES):
        if state is None:
            state = season_state(store, season)
        expected = state.seq
        pending = [Pending(id=i, payload=c, actor=actor, note=note, source=source)
                   for i, c in zip(ids, commands, strict=True)]
        events, _, warnings = check(state, season, [
            (type(c).__name__, p) for c, p in zip(commands, pending, strict=True)])
        try:
            appended = store.append(season, events, expected_seq=expected)
        except ConcurrencyError:
            state = None
            continue
        return Outcome(tuple(appended), 0, tuple(warnings))
    raise StoreError(f"gave up after {RETRIES} concurrent appends to {season}")


def import_text(store: EventStore, data: bytes, *, name: str = "input",
                default_season: str | None = None, on_event=None) -> Outcome:
    """Import a JSON Lines file: every event checked as ``decide`` would, all or nothing.

    Events whose id is already in the log are skipped (importing a file twice
    changes nothing); a line that gives ``seq`` must land at that seq. A file may
    hold several seasons (an export does): every season is checked before any is
    written, then all are appended in one step (``append_batches``): every season, or
    none of them.
    """
    by_season: dict[str, list[codec.TextEvent]] = {}
    for te in codec.read_lines(data, default_season=default_season, name=name):
        by_season.setdefault(te.season, []).append(te)
    batches: list[tuple[str, int, list[Pending]]] = []
    warnings: list[str] = []
    skipped = 0
    for season, items in by_season.items():
        known = {e.id: e for e in store.read(season)}
        state = fold(known.values())
        fresh = []
        for te in items:
            pending = Pending.of(te)
            if te.id in known:
                if not same_content(known[te.id], season, pending) and not same_content(
                        known[te.id], season,
                        attrs.evolve(pending, payload=resolve(state, pending.payload))):
                    raise DuplicateIdError(f"{name} line {te.line}: id {te.id} is already in "
                                           "the log with other content")
                skipped += 1
                continue
            if te.seq is not None and te.seq != state.seq + len(fresh) + 1:
                raise ChampError(f"{name} line {te.line}: seq {te.seq}, but it would land at "
                                 f"seq {state.seq + len(fresh) + 1} of {season}")
            fresh.append((f"{name} line {te.line}", pending))
        expected = state.seq
        events, _, warns = check(state, season, fresh, on_event)
        warnings += warns
        if events:
            batches.append((season, expected, events))
    appended: list[Envelope] = []
    append_batches = getattr(store, "append_batches", None)
    if append_batches is not None:  # every season in one step: all of them, or none
        for envs in append_batches([(season, events, expected)
                                    for season, expected, events in batches]):
            appended += envs
    else:
        for season, expected, events in batches:
            appended += store.append(season, events, expected_seq=expected)
    return Outcome(tuple(appended), skipped, tuple(warnings))
