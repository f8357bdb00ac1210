"""The season's state: every fold together, as one replay builds them.

``evolve`` folds one event into the state it is given and returns it: the fold
owns its state, so replay does no copying per event. A caller that keeps a
state while folding further (a branch, a checkpoint) takes ``copy()`` first.
The state depends only on the events folded, in order: the fold does no I/O.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable

import attrs

from ..errors import InconsistentLog
from ..events import (
    CLASS_KEYS,
    TYPE_NAMES,
    ClassAdded,
    ClassDropped,
    ClassificationCorrected,
    CompetitorExcluded,
    DriveTimeRulesAdopted,
    Envelope,
    InvitationBasis,
    InvitationRuleAdopted,
    LapTimed,
    LineupRulesAdopted,
    PoleAwarded,
    RaceClassified,
    ScoringRules,
    ScoringRulesAdopted,
    SeasonOpened,
    TableDefined,
    class_named,
    micros_to_time,
)
from ..rules import REGIONS
from ..rules import problem as rules_problem
from . import calendar, classification, entry_list, timed_race

#: the tables of a season that defines none: (name, competitor kind)
DEFAULT_TABLES = (("teams", "car"), ("drivers", "driver"), ("manufacturers", "make"))

#: the names of the events that change the calendar
CALENDAR_TYPES = frozenset(TYPE_NAMES[t] for t in calendar.FOLDS)


@attrs.define
class ClassInfo:
    key: str
    name: str | None
    active: bool
    history: list[str] = attrs.Factory(list)


@attrs.define
class SeasonState:
    season: str | None = None
    series: str | None = None
    year: int | None = None
    seq: int = 0
    recorded_micros: int | None = None  # when the last event folded was recorded
    classes: dict[str, ClassInfo] = attrs.Factory(dict)
    #: (classes, from round, rules, tables) in the order adopted
    rules: list[tuple[tuple[str, ...], str | None, ScoringRules, tuple[str, ...]]] = attrs.Factory(
        list)
    tables: dict[str, TableDefined] = attrs.Factory(dict)  # table name -> its definition
    #: (class, table, competitor) -> the exclusion's (event id, seq, reason)
    exclusions: dict[tuple[str, str, str], tuple[str, int, str | None]] = attrs.Factory(dict)
    invitation_rules: list[InvitationRuleAdopted] = attrs.Factory(list)
    lineup_rules: dict[str, LineupRulesAdopted] = attrs.Factory(dict)  # class -> in force
    calendar: calendar.Calendar = attrs.Factory(calendar.Calendar)
    entries: entry_list.EntryList = attrs.Factory(entry_list.EntryList)
    results: classification.Results = attrs.Factory(classification.Results)
    #: event id -> seq, for the events points are traced to (results and decisions)
    seqs: dict[str, int] = attrs.Factory(dict)
    timing: timed_race.Timing = attrs.Factory(timed_race.Timing)  # the laps of timed rounds
    #: views derived from the state (rules in force, points per car), kept until the next event
    memo: dict = attrs.field(factory=dict, eq=False, repr=False)

    def copy(self) -> SeasonState:
        """A copy to fold further without changing this one: every field by name, so a new
        field is never dropped (a test compares a copy with its original)."""
        return SeasonState(
            season=self.season, series=self.series, year=self.year, seq=self.seq,
            recorded_micros=self.recorded_micros,
            classes={k: attrs.evolve(c, history=list(c.history)) for k, c in self.classes.items()},
            rules=list(self.rules), tables=dict(self.tables), exclusions=dict(self.exclusions),
            invitation_rules=list(self.invitation_rules), lineup_rules=dict(self.lineup_rules),
            calendar=self.calendar.copy(), entries=self.entries.copy(),
            results=self.results.copy(), seqs=dict(self.seqs),
            timing=self.timing.copy())

    @property
    def recorded_at(self) -> dt.datetime | None:
        """When the last event folded was recorded."""
        return None if self.recorded_micros is None else micros_to_time(self.recorded_micros)

    def class_key(self, text: str) -> str | None:
        """A class of the season by key or alias, ignoring case."""
        return class_named(text, self.classes)

    def scored_classes(self) -> list[str]:
        """The classes some scoring rules apply to, in the catalog's order."""
        order = {key: n for n, key in enumerate(CLASS_KEYS)}
        scored = {c for classes, _, _, _ in self.rules for c in classes if c in self.classes}
        return sorted(scored, key=lambda c: (order.get(c, len(order)), c))

    def table_specs(self, class_: str) -> list[TableDefined]:
        """The tables of a class: those the season defines, or the ACO's three (teams per
        car, drivers, manufacturers) when it defines none."""
        if self.tables:
            return [t for t in self.tables.values() if class_ in t.classes]
        return [TableDefined(name, (class_,), kind) for name, kind in DEFAULT_TABLES]

    def table_spec(self, class_: str, table: str) -> TableDefined | None:
        return next((t for t in self.table_specs(class_) if t.table == table), None)

    def latest_rules(self, class_: str, rounds, table: str | None = None) -> ScoringRules | None:
        """The rules in force at the last of ``rounds`` that has any: what totals and
        rankings over those rounds go by."""
        return next((rules for r in reversed(rounds)
                     if (rules := self.rules_for(class_, r, table)) is not None), None)

    def rules_for(self, class_: str, round_key: str,
                  table: str | None = None) -> ScoringRules | None:
        """The scoring rules in force for a class (and a table) at a round: the latest
        adopted that applies."""
        key = ("rules", class_, round_key, table)
        if key in self.memo:
            return self.memo[key]
        numbers = calendar.numbers(self.calendar)
        at = numbers.get(round_key, 0)
        chosen = None
        for classes, from_round, rules, tables in self.rules:
            if (class_ in classes and (not tables or table is None or table in tables)
                    and (from_round is None or numbers.get(from_round, 1 << 30) <= at)):
                chosen = rules
        self.memo[key] = chosen
        return chosen


def evolve(state: SeasonState, env: Envelope) -> SeasonState:
    """Fold one event into the season state.

    Every event in a log went through ``decide``; one that could not have (a crafted or
    foreign log) raises InconsistentLog, naming it, instead of breaking a projection.
    """
    try:
        return _evolve(state, env)
    except _UNFIT as exc:
        raise _inconsistent(env, exc) from None


_UNFIT = (KeyError, ValueError, TypeError, AttributeError, IndexError)


def _inconsistent(env: Envelope, exc: Exception) -> InconsistentLog:
    return InconsistentLog(f"seq {env.seq} {env.type} does not fit the season "
                           f"({type(exc).__name__}: {str(exc)[:80]})")


# --- the folds: one registry from event type to what folding it does -------------------

Fold = Callable[[SeasonState, Envelope], None]


def _opened(state: SeasonState, env: Envelope) -> None:
    ev = env.payload
    state.season, state.series, state.year = ev.season, ev.series, ev.year


def _class_added(state: SeasonState, env: Envelope) -> None:
    ev = env.payload
    info = state.classes.get(ev.class_)
    if info is None:
        info = state.classes[ev.class_] = ClassInfo(ev.class_, ev.name, True)
    info.active = True
    info.name = ev.name or info.name
    info.history.append("added" + (f": {ev.reason}" if ev.reason else ""))


def _class_dropped(state: SeasonState, env: Envelope) -> None:
    ev = env.payload
    info = state.classes[ev.class_]
    info.active = False
    info.history.append("dropped" + (f": {ev.reason}" if ev.reason else ""))


def _scoring_rules(state: SeasonState, env: Envelope) -> None:
    ev = env.payload
    state.rules.append((ev.classes, ev.from_round, ev.rules, ev.tables))


def _table(state: SeasonState, env: Envelope) -> None:
    state.tables[env.payload.table] = env.payload


def _excluded(state: SeasonState, env: Envelope) -> None:
    ev = env.payload
    state.exclusions[(ev.class_, ev.table, ev.competitor)] = (env.id, env.seq, ev.reason)


def _invitation_rule(state: SeasonState, env: Envelope) -> None:
    state.invitation_rules.append(env.payload)


def _lineup_rules(state: SeasonState, env: Envelope) -> None:
    state.lineup_rules.update(dict.fromkeys(env.payload.classes, env.payload))


def _drive_rules(state: SeasonState, env: Envelope) -> None:
    state.timing.drive_rules.append(env.payload)


# What would break a projection later in an event no decider let in: each check says why
# (None: the event fits), and the fold refuses the event before folding it.

def _cars_entered(state: SeasonState, ev) -> str | None:
    unknown = [row.car for row in ev.rows if row.car not in state.entries.entries]
    return f"car #{unknown[0]} was never entered" if unknown else None


def _pole_car_entered(state: SeasonState, ev) -> str | None:
    return None if ev.car in state.entries.entries else f"car #{ev.car} was never entered"


def _lap_fits(state: SeasonState, ev) -> str | None:
    return timed_race.unfit(state.timing, state.entries, ev)


def _rules_usable(state: SeasonState, ev) -> str | None:
    return rules_problem(ev.rules)


def _lineup_usable(state: SeasonState, ev) -> str | None:
    if ev.max_drivers < 1 or ev.required_region not in (None, *REGIONS):
        return f"unusable line-up rule ({ev.max_drivers}, {ev.required_region})"
    return None


def _invitation_usable(state: SeasonState, ev) -> str | None:
    if (ev.table not in {t.table for t in state.table_specs(ev.class_)}
            or ev.per not in set(InvitationBasis)):
        return f"unknown invitation table or basis ({ev.table}, {ev.per})"
    return None


def _on(part: str, fold) -> Fold:
    """A fold of one part of the state (the entry list, the calendar, the results)."""
    def run(state: SeasonState, env: Envelope) -> None:
        fold(getattr(state, part), env)
    return run


def _on_entries(fold) -> Fold:
    """An entry-list fold, which takes the event alone (the most frequent: kept lean)."""
    def run(state: SeasonState, env: Envelope) -> None:
        fold(state.entries, env.payload)
    return run


def _traced(fold: Fold) -> Fold:
    """A fold of an event points or history are traced to: its seq is kept by its id."""
    def run(state: SeasonState, env: Envelope) -> None:
        state.seqs[env.id] = env.seq
        fold(state, env)
    return run


def _checked(check, fold: Fold) -> Fold:
    """A fold that first refuses an event that would break a projection later."""
    def run(state: SeasonState, env: Envelope) -> None:
        problem = check(state, env.payload)
        if problem:
            raise InconsistentLog(f"seq {env.seq} {env.type}: {problem}")
        fold(state, env)
    return run


def _registry() -> dict[str, Fold]:
    folds: dict[type, Fold] = {
        SeasonOpened: _opened, ClassAdded: _class_added, ClassDropped: _class_dropped,
        ScoringRulesAdopted: _scoring_rules, TableDefined: _table, CompetitorExcluded: _excluded,
        InvitationRuleAdopted: _invitation_rule, LineupRulesAdopted: _lineup_rules,
    }
    folds.update({t: _on("calendar", f) for t, f in calendar.FOLDS.items()})
    folds.update({t: _on("results", f) for t, f in classification.FOLDS.items()})
    folds = {t: _traced(f) for t, f in folds.items()}
    # laps are many, and nothing is traced to one lap or to a drive-time rule
    folds[LapTimed] = lambda state, env: timed_race.evolve(state.timing, env.payload)
    folds[DriveTimeRulesAdopted] = _drive_rules
    for kind, check in ((RaceClassified, _cars_entered), (ClassificationCorrected, _cars_entered),
                        (PoleAwarded, _pole_car_entered), (LapTimed, _lap_fits),
                        (ScoringRulesAdopted, _rules_usable), (LineupRulesAdopted, _lineup_usable),
                        (InvitationRuleAdopted, _invitation_usable)):
        folds[kind] = _checked(check, folds[kind])
    named = {TYPE_NAMES[t]: f for t, f in folds.items()}
    named.update({name: _on_entries(f) for name, f in entry_list.FOLDS.items()})
    return named


#: event type name -> its fold into the season state: every type in the catalog has one,
#: or is named in FOLDED_BY_NONE (a test holds the two to the catalog)
FOLDS: dict[str, Fold] = _registry()
#: event types no projection folds (recorded for the audit alone)
FOLDED_BY_NONE: frozenset[str] = frozenset()


def _evolve(state: SeasonState, env: Envelope) -> SeasonState:
    state.seq = env.seq
    state.recorded_micros = env.recorded_micros
    if state.memo:
        state.memo.clear()
    fold = FOLDS.get(env.type)
    if fold is not None:
        fold(state, env)
    return state


@contextlib.contextmanager
def replaying():
    """Pause the cyclic garbage collector while a replay builds its state.

    A replay allocates many objects that all live on, and no cycles: each collection
    would walk every object made so far, for nothing. Reference counting still frees
    what dies; the collector resumes (if it ran before) when the replay ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fold(events, state: SeasonState | None = None) -> SeasonState:
    """Replay events into a state (a new one unless given): ``evolve`` for each, in one
    loop (replay's hot path)."""
    state = SeasonState() if state is None else state
    with replaying():
        for env in events:
            try:  # around the fold only: what reading the events raises is not theirs
                _evolve(state, env)
            except _UNFIT as exc:
                raise _inconsistent(env, exc) from None
    return state
