"""Points in time: (rounds up to R, knowledge up to K).

R is season time: a round key or number, read from the calendar as it was
known at K. K is knowledge time: a seq, or a date (what had been recorded by
the end of that day, UTC), or both (the earlier wins). Projections keep their
figures per round, so R filters rounds of the state at K; it never filters
the log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

import attrs

from .errors import UnknownRound, UsageError
from .events import Envelope
from .projections import calendar
from .projections.season import CALENDAR_TYPES, SeasonState, evolve, fold, replaying


@attrs.frozen
class Point:
    after_round: str | None = None  # a round key or number, as given
    at_seq: int | None = None
    known_on: dt.date | None = None

    @property
    def knowledge_cutoff(self) -> dt.datetime | None:
        """The first instant not known any more: the end of ``known_on``, UTC."""
        if self.known_on is None or self.known_on == dt.date.max:
            return None  # the end of the last day there is: everything is known
        return dt.datetime.combine(self.known_on + dt.timedelta(days=1), dt.time(), dt.UTC)

    def knows(self, env: Envelope) -> bool:
        if self.at_seq is not None and env.seq > self.at_seq:
            return False
        cutoff = self.knowledge_cutoff
        return cutoff is None or env.recorded_at < cutoff


def known(events: Iterable[Envelope], point: Point) -> Iterator[Envelope]:
    """The prefix of a season's events that ``point`` knows (recorded_at never decreases)."""
    for env in events:
        if not point.knows(env):
            return
        yield env


@attrs.frozen
class View:
    """A season's state at a point, and the rounds it covers."""

    state: SeasonState
    point: Point
    upto: int | None  # round number R, None for every round
    round_key: str | None  # R's key

    def as_of(self) -> dict:
        return {
            "after_round": self.round_key, "round_number": self.upto,
            "seq": self.state.seq, "at_seq": self.point.at_seq,
            "known_on": self.point.known_on.isoformat() if self.point.known_on else None,
        }


def resolve_round(state: SeasonState, text: str) -> tuple[int, str]:
    """A round given by key or number -> (number, key), on the calendar as the state knows it."""
    ordered = calendar.running(state.calendar)
    text = str(text).strip()
    if text.isascii() and text.isdecimal():
        n = int(text)
        if not 1 <= n <= len(ordered):
            raise UsageError(f"there is no round {n}: the calendar has {len(ordered)} rounds")
        return n, ordered[n - 1].key
    wanted = text.casefold()
    for n, rnd in enumerate(ordered, start=1):
        if rnd.key.casefold() == wanted or (rnd.name or "").casefold() == wanted:
            return n, rnd.key
    if any(r.key.casefold() == wanted for r in state.calendar.rounds.values()):
        raise UnknownRound(f"round {text!r} was cancelled")
    keys = ", ".join(r.key for r in ordered)
    raise UnknownRound(f"round {text!r} is not on the calendar (rounds: {keys})")


def check_point(events: Sequence[Envelope], point: Point) -> None:
    """A point past the end of the log is a usage error: no state answers it."""
    last = events[-1].seq if events else 0
    if point.at_seq is not None and point.at_seq > last:
        raise UsageError(f"--at-seq {point.at_seq} is past the end of the log "
                         f"(its last seq is {last})")


def view(events: Iterable[Envelope], point: Point = Point(),
         state: SeasonState | None = None) -> View:
    """Replay the events ``point`` knows and fix the rounds it covers."""
    state = SeasonState() if state is None else state
    with replaying():
        for env in known(events, point):
            evolve(state, env)
    return at_round(state, point)


def at_round(state: SeasonState, point: Point) -> View:
    if point.after_round is None:
        return View(state, point, None, None)
    number, key = resolve_round(state, point.after_round)
    return View(state, point, number, key)


# --- branches (what-if) -----------------------------------------------------------------


def prefix_hash(events: Iterable[Envelope]) -> str:
    """A digest of a log prefix: two branches of the same base share it."""
    import hashlib

    from .codec import pack_records

    digest = hashlib.sha256()
    for env in events:
        digest.update(pack_records([env]))
    return digest.hexdigest()


def branch_point(events: Sequence[Envelope], state: SeasonState, round_text: str) -> int:
    """The seq a branch "from round R" starts at: the log as it stood before anything
    about a round after R was recorded."""
    number, _ = resolve_round(state, round_text)
    later = {r.key for r in calendar.running(state.calendar)[number:]}
    for env in events:
        if env.type in CALENDAR_TYPES:
            continue
        about = getattr(env.payload, "round", None) or getattr(env.payload, "from_round", None)
        if about in later:
            return env.seq - 1
    return events[-1].seq if events else 0


@attrs.frozen
class Branch:
    """A base (season, seq, prefix hash) plus hypothetical events, as one season's log."""

    season: str
    base_seq: int
    prefix_hash: str
    events: tuple[Envelope, ...]
    hypothetical: tuple[Envelope, ...]
    conflicts: tuple[str, ...]
    warnings: tuple[str, ...]


def make_branch(base: Sequence[Envelope], hypothetical: Sequence, *, season: str,
                at_seq: int | None = None) -> Branch:
    """Lay hypothetical events (``codec.TextEvent``) over the base at ``at_seq`` (its end by
    default). They go through ``decide`` against the branch state: the first refusal
    refuses them all. Base events after the point are decided again on the branch; those
    it refuses are left out and reported as conflicts."""
    from .domain import decide
    from .errors import Conflict, RefusedError
    from .recorder import check
    from .store import Pending

    point = base[-1].seq if at_seq is None and base else (at_seq or 0)
    prefix = [e for e in base if e.seq <= point]
    rest = [e for e in base if e.seq > point]
    state = fold(prefix)
    known_ids = {e.id for e in base}

    def lines():  # each line as check decides it, after its own checks, in order
        for te in hypothetical:
            where = te.line if isinstance(te.line, str) else f"line {te.line}"
            if te.season != season:
                raise Conflict(f"{where}: season {te.season!r}, but the branch is of {season!r}")
            if te.id in known_ids:
                raise Conflict(f"{where}: id {te.id} is already in the log")
            known_ids.add(te.id)
            yield where, Pending.of(te)

    checked = check(state, season, lines(),
                    refusal="{where}: refused: {reason} (nothing of the what-if is applied)")
    added = checked.envelopes
    warnings = checked.warnings
    events = [*prefix, *added]
    seq = state.seq
    conflicts = []
    for env in rest:
        try:
            decide(state, env.payload)
        except RefusedError as exc:
            conflicts.append(f"seq {env.seq} {env.type}: {exc}")
            continue
        seq += 1
        env = env._replace(seq=seq)
        evolve(state, env)
        events.append(env)
    return Branch(season, point, prefix_hash(prefix), tuple(events), tuple(added),
                  tuple(conflicts), tuple(warnings))
