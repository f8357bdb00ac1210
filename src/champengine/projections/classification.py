"""Race classifications after corrections and stewards' decisions.

The log keeps the classification as published and every decision taken about
it; the classification a standings table rests on is computed here: the latest
clerical correction replaces the rows, a disqualified car is removed and the
cars behind it are promoted, time and laps penalties reorder the finishers,
position penalties move a car down. Decisions overturned (or whose appeal was
upheld) no longer count.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import attrs

from ..events import (
    CLASSIFIED,
    RACE,
    AppealDecided,
    AppealLodged,
    AppealOutcome,
    CarDisqualified,
    ClassificationCorrected,
    DecisionOverturned,
    DriveTimeInfringed,
    Envelope,
    FastestLapSet,
    LapHolder,
    PenaltyImposed,
    PenaltyKind,
    PointsAdjusted,
    PoleAwarded,
    PoleRevoked,
    RaceClassified,
    ResultRow,
    ResultsDeclared,
)


@attrs.define
class Race:
    round: str
    class_: str
    rows: tuple[ResultRow, ...]
    partial: bool
    stopped_short: bool
    id: str
    seq: int
    corrected_by: list[str] = attrs.Factory(list)  # ids of corrections, in order
    session: str = RACE
    laps: int | None = None  # the distance run, in laps
    scheduled_laps: int | None = None


def session_key(round_key: str, class_: str, session: str = RACE) -> tuple[str, ...]:
    """The key of a scored session's results: (round, class) for the race, the session's
    kind added for any other (a sprint)."""
    return (round_key, class_) if session == RACE else (round_key, class_, session)


@attrs.frozen
class Decision:
    """A stewards' decision about one car at one round."""

    id: str
    seq: int
    round: str
    car: str
    payload: PenaltyImposed | CarDisqualified | DriveTimeInfringed


@attrs.define
class Appeal:
    id: str
    decision: str
    by: str | None
    outcome: str | None = None


@attrs.define
class Results:
    races: dict[tuple[str, str], Race] = attrs.Factory(dict)
    poles: dict[tuple[str, str], tuple[str, str]] = attrs.Factory(dict)  # -> (car, event id)
    decisions: dict[str, Decision] = attrs.Factory(dict)
    fallen: dict[str, str] = attrs.Factory(dict)  # decision id -> id of what cancelled it
    appeals: dict[str, Appeal] = attrs.Factory(dict)
    declared: dict[tuple[str, str], str] = attrs.Factory(dict)
    adjustments: list[tuple[str, int, PointsAdjusted]] = attrs.Factory(list)
    #: session key -> (holders of the fastest lap, the event's id)
    fastest: dict[tuple[str, ...], tuple[tuple[LapHolder, ...], str]] = attrs.Factory(dict)

    def copy(self) -> Results:
        return Results(
            {k: attrs.evolve(r, corrected_by=list(r.corrected_by)) for k, r in self.races.items()},
            dict(self.poles), dict(self.decisions), dict(self.fallen),
            {k: attrs.evolve(a) for k, a in self.appeals.items()}, dict(self.declared),
            list(self.adjustments), dict(self.fastest))

    def sessions(self, round_key: str, class_: str) -> list[Race]:
        """The scored sessions of a class at a round, in the order they were classified."""
        return [race for key, race in self.races.items()
                if key[0] == round_key and key[1] == class_]

    def standing(self, round_key: str) -> list[Decision]:
        """The decisions of a round that still stand, in the order they were taken."""
        return [d for d in self.decisions.values()
                if d.round == round_key and d.id not in self.fallen]

    def scored_rounds(self) -> set[str]:
        """Rounds holding anything that scores: a classification, a pole, a points adjustment."""
        return ({k[0] for k in self.races} | {r for r, _ in self.poles}
                | {adj.round for _, _, adj in self.adjustments})

    def pending_appeal(self, decision_id: str) -> bool:
        return any(a.decision == decision_id and a.outcome is None for a in self.appeals.values())


def _classified(state: Results, env: Envelope) -> None:
    ev = env.payload
    state.races[session_key(ev.round, ev.class_, ev.session)] = Race(
        ev.round, ev.class_, ev.rows, ev.partial, ev.stopped_short, env.id, env.seq,
        [], ev.session, ev.laps, ev.scheduled_laps)


def _corrected(state: Results, env: Envelope) -> None:
    ev = env.payload
    race = state.races[session_key(ev.round, ev.class_, ev.session)]
    race.corrected_by.append(env.id)
    race.rows = ev.rows


def _pole(state: Results, env: Envelope) -> None:
    ev = env.payload
    state.poles[(ev.round, ev.class_)] = (ev.car, env.id)


def _pole_revoked(state: Results, env: Envelope) -> None:
    ev = env.payload
    state.poles.pop((ev.round, ev.class_), None)


def _declared(state: Results, env: Envelope) -> None:
    ev = env.payload
    state.declared[session_key(ev.round, ev.class_, ev.session)] = ev.status


def _fastest(state: Results, env: Envelope) -> None:
    ev = env.payload
    state.fastest[session_key(ev.round, ev.class_, ev.session)] = (ev.holders, env.id)


def _decision(state: Results, env: Envelope) -> None:
    ev = env.payload
    state.decisions[env.id] = Decision(env.id, env.seq, ev.round, ev.car, ev)


def _appeal(state: Results, env: Envelope) -> None:
    state.appeals[env.id] = Appeal(env.id, env.payload.decision, env.payload.by)


def _appeal_decided(state: Results, env: Envelope) -> None:
    ev = env.payload
    appeal = state.appeals[ev.appeal]
    appeal.outcome = ev.outcome
    if ev.outcome == AppealOutcome.UPHELD:
        state.fallen[appeal.decision] = env.id


def _overturned(state: Results, env: Envelope) -> None:
    state.fallen[env.payload.decision] = env.id


def _adjusted(state: Results, env: Envelope) -> None:
    state.adjustments.append((env.id, env.seq, env.payload))


#: event type -> its fold into the results (which the fold owns)
FOLDS = {
    RaceClassified: _classified, ClassificationCorrected: _corrected, PoleAwarded: _pole,
    PoleRevoked: _pole_revoked, ResultsDeclared: _declared, FastestLapSet: _fastest,
    PenaltyImposed: _decision, CarDisqualified: _decision, DriveTimeInfringed: _decision,
    AppealLodged: _appeal, AppealDecided: _appeal_decided, DecisionOverturned: _overturned,
    PointsAdjusted: _adjusted,
}


# --- the computed classification ----------------------------------------------------


class Placed(NamedTuple):
    """A car's line in a classification as it stands."""

    car: str
    position: int | None  # class position; None when not classified
    status: str
    laps: int | None
    time: str | None
    penalties: tuple[str, ...] = ()


_TIME = re.compile(r"^(?:(\d+):)?(?:(\d+)')?(\d+(?:\.\d+)?)$")


def parse_time(text: str | None) -> float | None:
    """Seconds from a timing-sheet time: ``5:44'41.101``, ``1'58.056``, ``3:01:22.4``, ``98.7``."""
    if not text:
        return None
    text = text.strip().replace('"', "")
    parts = text.split(":")
    if len(parts) == 3:  # h:mm:ss.fff
        try:
            return int(parts[0]) * 3600 + int(parts[1]) * 60 + float(parts[2])
        except ValueError:
            return None
    m = _TIME.match(text)
    if not m:
        return None
    hours, minutes, seconds = m.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)


def classify(results: Results, round_key: str, class_: str,
             session: str = RACE) -> list[Placed] | None:
    """The session's classification as it stands, or None when the session has none."""
    race = results.races.get(session_key(round_key, class_, session))
    if race is None:
        return None
    cars = {row.car for row in race.rows}
    time_pen: dict[str, float] = {}
    laps_pen: dict[str, int] = {}
    pos_pen: dict[str, int] = {}
    notes: dict[str, list[str]] = {}
    dsq: set[str] = set()
    for d in results.standing(round_key):
        if d.car not in cars:
            continue
        p = d.payload
        if getattr(p, "session", None) not in (None, session):
            continue  # a decision about another session of the round
        if isinstance(p, CarDisqualified):
            dsq.add(d.car)
            notes.setdefault(d.car, []).append("disqualified" + (f": {p.reason}" if p.reason else ""))
        elif isinstance(p, PenaltyImposed):
            if p.kind == PenaltyKind.TIME:
                time_pen[d.car] = time_pen.get(d.car, 0) + p.value
            elif p.kind == PenaltyKind.LAPS:
                laps_pen[d.car] = laps_pen.get(d.car, 0) + int(p.value)
            elif p.kind == PenaltyKind.POSITIONS:
                pos_pen[d.car] = pos_pen.get(d.car, 0) + int(p.value)
            value = f"{p.value:g}"
            unit = {PenaltyKind.TIME: "s", PenaltyKind.LAPS: " laps",
                    PenaltyKind.POSITIONS: " places", PenaltyKind.POINTS: " points"}
            notes.setdefault(d.car, []).append(f"{value}{unit.get(p.kind, '')} penalty")
    finishers = [r for r in race.rows if r.status == CLASSIFIED and r.car not in dsq]
    others = [r for r in race.rows if r.status != CLASSIFIED or r.car in dsq]
    if time_pen or laps_pen:
        finishers = _reorder(finishers, time_pen, laps_pen)
    # back of the field first: front first, two neighbours losing a place each would swap back
    for car in [r.car for r in reversed(finishers) if r.car in pos_pen]:
        idx = next(i for i, r in enumerate(finishers) if r.car == car)
        row = finishers.pop(idx)
        finishers.insert(min(idx + pos_pen[car], len(finishers)), row)
    new = tuple.__new__  # each Placed in one step, every field given (standings' hot path)
    out = [new(Placed, (r.car, i, CLASSIFIED, _laps(r, laps_pen),
                        _timed(r.time, time_pen[r.car]) if r.car in time_pen else r.time,
                        tuple(notes.get(r.car, ()))))
           for i, r in enumerate(finishers, start=1)]
    out += [new(Placed, (r.car, None, "DSQ" if r.car in dsq else r.status, r.laps, r.time,
                         tuple(notes.get(r.car, ())))) for r in others]
    return out


def _timed(time: str | None, penalty: float) -> str | None:
    """A total time with a time penalty added, written as timing sheets write it
    (``3:01'01.500``); a time that does not read as one stays as published."""
    seconds = parse_time(time)
    if seconds is None:
        return time
    total = round((seconds + penalty) * 1000)
    hours, rest = divmod(total, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}'{rest // 1000:02d}.{rest % 1000:03d}"


def _laps(row: ResultRow, laps_pen: dict[str, int]) -> int | None:
    return None if row.laps is None else row.laps - laps_pen.get(row.car, 0)


def _reorder(rows: list[ResultRow], time_pen: dict[str, float],
             laps_pen: dict[str, int]) -> list[ResultRow]:
    """Order finishers by laps (most first) then total time with penalties added.

    Laps count only when every finisher has them, times only when every finisher
    has one; otherwise the published order stands for that criterion.
    """
    laps_known = all(r.laps is not None for r in rows)
    times = {r.car: parse_time(r.time) for r in rows}
    times_known = all(t is not None for t in times.values())

    def key(item: tuple[int, ResultRow]) -> tuple[float, float, int]:
        index, row = item
        laps = -(row.laps - laps_pen.get(row.car, 0)) if laps_known else 0
        time = times[row.car] + time_pen.get(row.car, 0) if times_known else 0
        return (laps, time, index)

    return [row for _, row in sorted(enumerate(rows), key=key)]
