"""Commands and their deciders: what the season's state allows to be recorded.

A command proposes an event (the catalog's types are both the language of the
commands and of the facts): ``decide(state, command)`` checks it against the
season's state and returns the events to record, with any warnings, or raises
a typed ``RefusedError``. Each decider below handles one command or a small
family and lists, in its docstring, the rules it enforces. Deciders are pure:
they read the state, never change it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

from . import errors as E
from .events import (
    CLASSIFIED,
    RACE,
    STATUSES,
    AppealDecided,
    AppealLodged,
    CarDisqualified,
    ClassAdded,
    ClassDropped,
    ClassificationCorrected,
    Competitor,
    CompetitorExcluded,
    DecisionOverturned,
    DriverAmended,
    DriverNominated,
    DriverRegistered,
    DriverReleased,
    DriveTimeInfringed,
    DriveTimeRulesAdopted,
    EntryAmended,
    EntryCarChanged,
    EntryRegistered,
    EntryScope,
    EntryWithdrawn,
    FastestLapSet,
    InvitationRuleAdopted,
    LapTimed,
    LineupRulesAdopted,
    MakeRegistered,
    PenaltyImposed,
    PointsAdjusted,
    PoleAwarded,
    PoleRevoked,
    RaceClassified,
    ResultRow,
    ResultsDeclared,
    RoundCancelled,
    RoundRelocated,
    RoundRescheduled,
    RoundScheduled,
    ScoringRulesAdopted,
    SeasonOpened,
    TableDefined,
)
from .projections import calendar, timed_race
from .projections.classification import session_key
from .projections.season import SeasonState
from .rules import DEFAULT_MAX_DRIVERS, REGIONS
from .rules import problem as rules_problem


@attrs.frozen
class Decision:
    """What a command decides: the events to record and what the office should know."""

    events: tuple
    warnings: tuple[str, ...] = ()


Decider = Callable[[SeasonState, object], Decision]


def accept(event: object, *warnings: str) -> Decision:
    return Decision((event,), tuple(warnings))


# --- shared checks -----------------------------------------------------------------


def _opened(state: SeasonState) -> None:
    if state.season is None:
        raise E.UnknownSeason("the season has not been opened (SeasonOpened comes first)")


def _round(state: SeasonState, key: str, *, running: bool = True) -> None:
    rnd = state.calendar.rounds.get(key)
    if rnd is None:
        raise E.UnknownRound(f"round {key!r} is not on the calendar")
    if running and rnd.cancelled:
        raise E.CancelledRound(f"round {key!r} was cancelled")


def _class(state: SeasonState, key: str) -> None:
    info = state.classes.get(key)
    if info is None or not info.active:
        raise E.UnknownClass(f"class {key!r} is not part of the season")


def _car(state: SeasonState, car: str):
    entry = state.entries.entries.get(car)
    if entry is None:
        raise E.UnknownCar(f"no entry for car #{car}")
    return entry


def _raced(state: SeasonState, round_key: str, car: str) -> None:
    """A decision about a car at a round needs that race classified with the car in it."""
    _round(state, round_key)
    entry = _car(state, car)
    race = state.results.races.get((round_key, entry.class_))
    if race is None:
        raise E.NotClassified(f"{entry.class_} at {round_key!r} has no classification yet")
    if car not in {row.car for row in race.rows}:
        raise E.UnknownCar(f"car #{car} is not in the {entry.class_} classification at {round_key!r}")


def _times_known(state: SeasonState, cmd: PenaltyImposed) -> None:
    """- A time penalty needs the race's times: every finisher's total time, so that the
      penalised time can place the car (a race recorded without times is refused)."""
    from .projections.classification import parse_time

    entry = _car(state, cmd.car)
    race = state.results.races.get(session_key(cmd.round, entry.class_, cmd.session))
    if race is None:
        return
    untimed = [row.car for row in race.rows if row.status == CLASSIFIED
               and parse_time(row.time) is None]
    if untimed:
        raise E.RefusedError(
            f"the {entry.class_} race at {cmd.round!r} was recorded without times (car "
            f"#{untimed[0]} has none): a time penalty cannot place car #{cmd.car}; give it in "
            "positions or laps (champ penalty --kind positions), or record the times first "
            "(champ correct with the timing sheet)")


def _rows(state: SeasonState, round_key: str, class_: str, rows: tuple[ResultRow, ...]) -> None:
    if not rows:
        raise E.RefusedError("a classification needs at least one row")
    seen: set[str] = set()
    for row in rows:
        entry = _car(state, row.car)
        if entry.class_ != class_:
            raise E.WrongClass(f"car #{row.car} runs in {entry.class_}, not {class_}")
        if row.car in seen:
            raise E.DuplicateCar(f"car #{row.car} appears twice in the classification")
        if row.status not in STATUSES:
            raise E.RefusedError(f"car #{row.car}: unknown status {row.status!r}")
        seen.add(row.car)
    statuses = [row.status == CLASSIFIED for row in rows]
    if statuses != sorted(statuses, reverse=True):
        raise E.RefusedError("classified cars must come before the cars not classified")


def _lineup_warnings(state: SeasonState, round_key: str, class_: str, rows) -> list[str]:
    """A crew without a driver of the region its class's line-up rule requires: a warning,
    not a refusal (the record itself breaks line-up rules; the log keeps what happened)."""
    rule = state.lineup_rules.get(class_)
    if rule is None or rule.required_region is None:
        return []
    region = REGIONS[rule.required_region]
    out = []
    for row in rows:
        crew = state.entries.crew(round_key, row.car)
        if not crew:
            continue
        nations = {state.entries.drivers[d].nationality for d in crew}
        if None not in nations and not nations & region:
            names = ", ".join(state.entries.drivers[d].name for d in crew)
            out.append(f"{round_key}: car #{row.car} has no driver from "
                       f"{rule.required_region} ({names})")
    return out


# --- deciders ----------------------------------------------------------------------


def decide_season(state: SeasonState, cmd) -> Decision:
    """Opening the season, its classes and its rules.

    - A season is opened once, before anything else.
    - A class is added when it is not active; a dropped class can be added again.
    - Only an active class can be dropped.
    - Scoring, line-up and invitation rules name active classes, a known round to start
      from, and choices the engine knows (rank styles, tie-breaks, regions, finite points).
    """
    if isinstance(cmd, SeasonOpened):
        if state.season is not None:
            raise E.Conflict(f"season {state.season!r} is already open")
        return accept(cmd)
    _opened(state)
    if isinstance(cmd, ClassAdded):
        info = state.classes.get(cmd.class_)
        if info is not None and info.active:
            raise E.Conflict(f"class {cmd.class_!r} is already part of the season")
        return accept(cmd)
    if isinstance(cmd, ClassDropped):
        _class(state, cmd.class_)
        raced = sorted({k[0] for k in state.results.races if k[1] == cmd.class_},
                       key=lambda r: calendar.numbers(state.calendar).get(r, 0))
        if raced:
            return accept(cmd, f"{cmd.class_} has results at {', '.join(raced)}: they and its "
                          "standings stay as recorded; no more results can be recorded in it "
                          f"until champ add-class {cmd.class_}")
        return accept(cmd)
    if isinstance(cmd, ScoringRulesAdopted):
        for c in cmd.classes:
            _class(state, c)
            for t in cmd.tables:
                _table(state, c, t)
        if cmd.from_round is not None:
            _round(state, cmd.from_round)
        wrong = rules_problem(cmd.rules)
        if wrong:
            raise E.RefusedError(f"scoring rules: {wrong}")
        return accept(cmd)
    if isinstance(cmd, LineupRulesAdopted):
        for c in cmd.classes:
            _class(state, c)
        if cmd.max_drivers < 1:
            raise E.RefusedError("a line-up rule allows at least one driver a car")
        if cmd.required_region not in (None, *REGIONS):
            raise E.RefusedError(f"unknown region {cmd.required_region!r} "
                                 f"(known: {', '.join(REGIONS)})")
        if cmd.cars_per_driver < 1:
            raise E.RefusedError("a line-up rule lets a driver drive at least one car a round")
        return accept(cmd)
    if isinstance(cmd, TableDefined):
        return _table_defined(state, cmd)
    if isinstance(cmd, InvitationRuleAdopted):
        _class(state, cmd.class_)
        _table(state, cmd.class_, cmd.table)
        if cmd.top_n < 1:
            raise E.RefusedError("an invitation rule invites at least one")
        if cmd.per not in ("team", "car"):
            raise E.RefusedError(f"invitations go per team or per car, not {cmd.per!r}")
        unknown = [c for c in cmd.conditions if c != "entered_every_round"]
        if unknown:
            raise E.RefusedError(f"unknown invitation condition {unknown[0]!r}")
        return accept(cmd)
    raise TypeError(cmd)


def _table(state: SeasonState, class_: str, table: str) -> TableDefined:
    spec = state.table_spec(class_, table)
    if spec is None:
        known = ", ".join(t.table for t in state.table_specs(class_)) or "none"
        raise E.RefusedError(f"{class_} has no table {table!r} (tables: {known})")
    return spec


def _table_defined(state: SeasonState, cmd: TableDefined) -> Decision:
    """- A table is defined once, for active classes, ranking a known kind of competitor
      (car, driver, make), admitting a known scope of entries (all, private, factory)."""
    if cmd.table in state.tables:
        raise E.Conflict(f"table {cmd.table!r} is already defined")
    for c in cmd.classes:
        _class(state, c)
    if cmd.competitor not in set(Competitor):
        raise E.RefusedError(f"unknown competitor kind {cmd.competitor!r} "
                             f"(one of {', '.join(Competitor)})")
    if cmd.entries not in set(EntryScope):
        raise E.RefusedError(f"unknown entry scope {cmd.entries!r} "
                             f"(one of {', '.join(EntryScope)})")
    if state.results.races:
        raise E.Conflict(f"table {cmd.table!r} comes too late: results are already recorded")
    return accept(cmd)


def decide_calendar(state: SeasonState, cmd) -> Decision:
    """Scheduling, moving and cancelling rounds.

    - A round key is scheduled once; a relocation to another country is a
      cancelled round and a new one.
    - Only a round on the calendar and not cancelled can be rescheduled, relocated
      or cancelled.
    - A round that already has results (a classification, a pole, a points
      adjustment) cannot be cancelled.
    """
    _opened(state)
    if isinstance(cmd, RoundScheduled):
        if cmd.round in state.calendar.rounds:
            raise E.Conflict(f"round {cmd.round!r} is already on the calendar")
        return accept(cmd)
    _round(state, cmd.round)
    if isinstance(cmd, RoundCancelled):
        if cmd.round in state.results.scored_rounds():
            raise E.Conflict(f"round {cmd.round!r} already has results")
    return accept(cmd)


def decide_entry(state: SeasonState, cmd) -> Decision:
    """Entries, their cars and makes.

    - A make key is registered once.
    - A car key is registered once, in an active class, from a round on the calendar.
    - A car change or a withdrawal names a registered car and a round on the calendar.
    """
    _opened(state)
    if isinstance(cmd, MakeRegistered):
        if cmd.make in state.entries.makes:
            raise E.Conflict(f"make {cmd.make!r} is already registered")
        return accept(cmd)
    if isinstance(cmd, EntryRegistered):
        if cmd.car in state.entries.entries:
            raise E.Conflict(f"car #{cmd.car} is already entered")
        _class(state, cmd.class_)
        if cmd.from_round is not None:
            _round(state, cmd.from_round)
        return accept(cmd)
    _car(state, cmd.car)
    _round(state, cmd.from_round)
    if isinstance(cmd, EntryWithdrawn):
        _withdrawal_leaves_no_results(state, cmd)
    return accept(cmd)


def _withdrawal_leaves_no_results(state: SeasonState, cmd: EntryWithdrawn) -> None:
    """- A car is withdrawn only from a round after its last result: a withdrawal would
      otherwise leave results of a car no longer entered, which no table could rank."""
    numbers = calendar.numbers(state.calendar)
    start = numbers.get(cmd.from_round, 0)
    results = state.results
    held = sorted({k[0] for k, race in results.races.items()
                   if any(row.car == cmd.car for row in race.rows)}
                  | {r for (r, _), (car, _) in results.poles.items() if car == cmd.car},
                  key=lambda r: numbers.get(r, 0))
    later = [r for r in held if numbers.get(r, 0) >= start]
    if later:
        raise E.Conflict(
            f"car #{cmd.car} has results at {', '.join(later)}: a withdrawal from "
            f"{cmd.from_round!r} would leave them to a car no longer entered; withdraw it from "
            f"the round after {later[-1]!r}, or take a result away with champ disqualify or "
            "champ revoke-pole")


def decide_driver(state: SeasonState, cmd) -> Decision:
    """Drivers and their nominations.

    - A driver key is registered once.
    - A nomination names a running round, a car entered at that round and a
      registered driver.
    - A driver drives one car a round (or as many as the line-up rule allows); a car has at most the drivers its class's line-up
      rule allows a round (three when no rule says).
    - Only a nominated driver can be released.
    """
    _opened(state)
    entries = state.entries
    if isinstance(cmd, DriverRegistered):
        if cmd.driver in entries.drivers:
            raise E.Conflict(f"driver {cmd.driver!r} is already registered")
        return accept(cmd)
    _round(state, cmd.round)
    entry = _car(state, cmd.car)
    if cmd.driver not in entries.drivers:
        raise E.UnknownDriver(f"no driver registered as {cmd.driver!r}")
    seats = entries.cars_of(cmd.round, cmd.driver)
    if isinstance(cmd, DriverReleased):
        if cmd.car not in seats:
            raise E.Conflict(f"{cmd.driver} is not nominated in car #{cmd.car} at {cmd.round!r}")
        return accept(cmd)
    if not entry.active_at(calendar.numbers(state.calendar), cmd.round):
        raise E.UnknownCar(f"car #{cmd.car} is not entered at {cmd.round!r}")
    if cmd.car in seats:
        raise E.Conflict(f"{cmd.driver} is already nominated in car #{cmd.car} at {cmd.round!r}")
    rule = state.lineup_rules.get(entry.class_)
    if len(seats) >= (rule.cars_per_driver if rule else 1):
        raise E.DriverBusy(f"{cmd.driver} already drives car #{seats[0]} at {cmd.round!r}")
    most = rule.max_drivers if rule else DEFAULT_MAX_DRIVERS
    if len(entries.crew(cmd.round, cmd.car)) >= most:
        raise E.CrewFull(f"car #{cmd.car} already has {most} drivers at {cmd.round!r}")
    return accept(cmd)


def decide_result(state: SeasonState, cmd) -> Decision:
    """Poles, classifications and their declaration.

    - Results go to a round on the calendar and not cancelled, in an active class.
    - Every car of a classification is entered, in that class, once; classified
      cars come first.
    - A race is classified once: a clerical fix is ``ClassificationCorrected``, a
      sporting one a penalty or a disqualification.
    - A pole goes to a car of the class, once a race.
    - A round may hold several scored sessions (race, sprint), each classified once.
    - A fastest lap is set once a session, by cars of its classification and registered
      drivers; several holders share it.
    - A correction or a declaration needs the race classified.
    - Crews breaking their class's line-up rule (no driver of the region it requires,
      such as Asia in the Asian Le Mans Series) are warned of.
    """
    _opened(state)
    _round(state, cmd.round)
    _class(state, cmd.class_)
    session = getattr(cmd, "session", RACE)
    key = session_key(cmd.round, cmd.class_, session)
    results = state.results
    named = cmd.class_ if session == RACE else f"{cmd.class_} {session}"
    if isinstance(cmd, PoleAwarded):
        entry = _car(state, cmd.car)
        if entry.class_ != cmd.class_:
            raise E.WrongClass(f"car #{cmd.car} runs in {entry.class_}, not {cmd.class_}")
        if key in results.poles:
            raise E.Conflict(f"pole in {cmd.class_} at {cmd.round!r} already went to "
                             f"#{results.poles[key][0]}")
        return accept(cmd)
    if isinstance(cmd, RaceClassified):
        if key in results.races:
            raise E.AlreadyClassified(
                f"{named} at {cmd.round!r} is already classified: correct it "
                "(ClassificationCorrected) or decide a penalty or disqualification")
        if not cmd.session or not cmd.session.isprintable():
            raise E.RefusedError(f"a session needs a name, not {cmd.session!r}")
        for laps in (cmd.laps, cmd.scheduled_laps):
            if laps is not None and laps < 0:
                raise E.RefusedError("a race's laps are not negative")
        _rows(state, cmd.round, cmd.class_, cmd.rows)
        return accept(cmd, *_lineup_warnings(state, cmd.round, cmd.class_, cmd.rows))
    if key not in results.races:
        raise E.NotClassified(f"{named} at {cmd.round!r} has no classification yet")
    if isinstance(cmd, FastestLapSet):
        if key in results.fastest:
            raise E.Conflict(f"the fastest lap of {named} at {cmd.round!r} is already set")
        if not cmd.holders:
            raise E.RefusedError("a fastest lap needs at least one holder")
        cars = {row.car for row in results.races[key].rows}
        for holder in cmd.holders:
            if holder.car not in cars:
                raise E.UnknownCar(f"car #{holder.car} is not in the {named} classification "
                                   f"at {cmd.round!r}")
            if holder.driver is not None and holder.driver not in state.entries.drivers:
                raise E.UnknownDriver(f"no driver registered as {holder.driver!r}")
        return accept(cmd)
    if isinstance(cmd, ClassificationCorrected):
        _rows(state, cmd.round, cmd.class_, cmd.rows)
        return accept(cmd)
    if isinstance(cmd, ResultsDeclared):
        if cmd.status not in ("provisional", "final"):
            raise E.RefusedError(f"results are provisional or final, not {cmd.status!r}")
        return accept(cmd)
    raise TypeError(cmd)


PENALTY_KINDS = ("time", "laps", "positions", "points")


def decide_stewards(state: SeasonState, cmd) -> Decision:
    """Penalties, disqualifications, drive-time infringements, appeals and overturns.

    - A decision names a car classified in its race at a running round.
    - A penalty is of a known kind with a positive value.
    - A car is disqualified from a race once (while the first disqualification stands).
    - A drive-time infringement names a driver of that car at that round.
    - An appeal names a decision in the log, not already under appeal.
    - An appeal is decided once, upheld or dismissed.
    - Only a decision that stands can be overturned.
    - A points adjustment names a running round, an active class, a table and a
      competitor of that table.
    - An exclusion from a table names a competitor of that table, once.
    """
    _opened(state)
    results = state.results
    if isinstance(cmd, PenaltyImposed | CarDisqualified | DriveTimeInfringed):
        _raced(state, cmd.round, cmd.car)
        if isinstance(cmd, PenaltyImposed):
            if cmd.kind not in PENALTY_KINDS:
                raise E.RefusedError(f"unknown penalty kind {cmd.kind!r} "
                                     f"(one of {', '.join(PENALTY_KINDS)})")
            if not (math.isfinite(cmd.value) and cmd.value > 0):
                raise E.RefusedError("a penalty's value must be a positive number")
            if cmd.kind == "time":
                _times_known(state, cmd)
        if isinstance(cmd, CarDisqualified) and any(
                isinstance(d.payload, CarDisqualified) and d.car == cmd.car
                for d in results.standing(cmd.round)):
            raise E.Conflict(f"car #{cmd.car} is already disqualified at {cmd.round!r}")
        if isinstance(cmd, DriveTimeInfringed) and cmd.driver not in state.entries.crew(
                cmd.round, cmd.car):
            raise E.UnknownDriver(f"{cmd.driver} did not drive car #{cmd.car} at {cmd.round!r}")
        return accept(cmd)
    if isinstance(cmd, AppealLodged):
        if cmd.decision not in results.decisions:
            raise E.UnknownDecision(f"no decision {cmd.decision} in the log")
        if results.pending_appeal(cmd.decision):
            raise E.Conflict(f"decision {cmd.decision} is already under appeal")
        return accept(cmd)
    if isinstance(cmd, AppealDecided):
        appeal = results.appeals.get(cmd.appeal)
        if appeal is None:
            raise E.UnknownDecision(f"no appeal {cmd.appeal} in the log")
        if appeal.outcome is not None:
            raise E.Conflict(f"appeal {cmd.appeal} was already {appeal.outcome}")
        if cmd.outcome not in ("upheld", "dismissed"):
            raise E.RefusedError(f"an appeal is upheld or dismissed, not {cmd.outcome!r}")
        return accept(cmd)
    if isinstance(cmd, DecisionOverturned):
        if cmd.decision not in results.decisions:
            raise E.UnknownDecision(f"no decision {cmd.decision} in the log")
        if cmd.decision in results.fallen:
            raise E.Conflict(f"decision {cmd.decision} no longer stands")
        return accept(cmd)
    if isinstance(cmd, PointsAdjusted | CompetitorExcluded):
        if isinstance(cmd, PointsAdjusted):
            if not math.isfinite(cmd.points):
                raise E.RefusedError("points adjusted must be a finite number")
            _round(state, cmd.round)
        _class(state, cmd.class_)
        spec = _table(state, cmd.class_, cmd.table)
        if not _competes(state, spec, cmd.class_, cmd.competitor):
            raise E.RefusedError(f"{cmd.competitor!r} is not in the {cmd.class_} {cmd.table} table")
        if isinstance(cmd, CompetitorExcluded) and (
                (cmd.class_, cmd.table, cmd.competitor) in state.exclusions):
            raise E.Conflict(f"{cmd.competitor!r} is already excluded from the {cmd.class_} "
                             f"{cmd.table} table")
        return accept(cmd)
    raise TypeError(cmd)


def _competes(state: SeasonState, spec: TableDefined, class_: str, key: str) -> bool:
    """Whether ``key`` can be a competitor of a table: a car of the class, a registered
    driver, or a make of a car of the class (keyed with its engine's make, or not)."""
    entries = state.entries
    if spec.competitor == Competitor.DRIVER:
        return key in entries.drivers
    cars = [e for e in entries.entries.values() if e.class_ == class_]
    if spec.competitor == Competitor.CAR:
        return any(e.car == key for e in cars)
    return any(key in (s.make, f"{s.make}:{s.engine_make}") for e in cars for s in e.specs)


def decide_timing(state: SeasonState, cmd) -> Decision:
    """Laps from the timing system, and the drive-time rules they are checked by.

    - A lap goes to a round on the calendar and not cancelled, for a car entered there.
    - A car's laps come in order: each after the car's last lap timed, ending later.
    - A lap takes no negative time; laps count from 1.
    - Drive-time rules name active classes and rounds on the calendar; their limits are
      positive, a minimum never above the maximum, a graded minimum names gradings.
    """
    _opened(state)
    if isinstance(cmd, DriveTimeRulesAdopted):
        for c in cmd.classes:
            _class(state, c)
        for r in cmd.rounds:
            _round(state, r)
        lows = [cmd.minimum, *(g.minimum for g in cmd.graded)]
        if any(x is not None and x <= 0 for x in [*lows, cmd.maximum]):
            raise E.RefusedError("drive-time limits are positive")
        if cmd.maximum is not None and any(x is not None and x > cmd.maximum for x in lows):
            raise E.RefusedError("a minimum drive time above the maximum")
        if any(not g.gradings or not all(g.gradings) for g in cmd.graded):
            raise E.RefusedError("a graded minimum names its gradings")
        return accept(cmd)
    _round(state, cmd.round)
    entry = _car(state, cmd.car)
    if not entry.active_at(calendar.numbers(state.calendar), cmd.round):
        raise E.UnknownCar(f"car #{cmd.car} is not entered at {cmd.round!r}")
    problem = timed_race.unfit(state.timing, state.entries, cmd)
    if problem:
        raise E.Conflict(f"{cmd.round!r}: {problem}")
    return accept(cmd)


DECIDERS: dict[type, Decider] = {
    SeasonOpened: decide_season, ClassAdded: decide_season, ClassDropped: decide_season,
    ScoringRulesAdopted: decide_season, InvitationRuleAdopted: decide_season,
    LineupRulesAdopted: decide_season,
    RoundScheduled: decide_calendar, RoundRescheduled: decide_calendar,
    RoundRelocated: decide_calendar, RoundCancelled: decide_calendar,
    EntryRegistered: decide_entry, EntryCarChanged: decide_entry, EntryWithdrawn: decide_entry,
    DriverRegistered: decide_driver, DriverNominated: decide_driver,
    DriverReleased: decide_driver,
    PoleAwarded: decide_result, RaceClassified: decide_result, ResultsDeclared: decide_result,
    ClassificationCorrected: decide_result,
    PenaltyImposed: decide_stewards, CarDisqualified: decide_stewards,
    DriveTimeInfringed: decide_stewards, AppealLodged: decide_stewards,
    AppealDecided: decide_stewards, DecisionOverturned: decide_stewards,
    PointsAdjusted: decide_stewards, CompetitorExcluded: decide_stewards,
    TableDefined: decide_season, MakeRegistered: decide_entry, FastestLapSet: decide_result,
    LapTimed: decide_timing, DriveTimeRulesAdopted: decide_timing,
}


def decide_correction(state: SeasonState, cmd) -> Decision:
    """A pole taken back, an entry or a driver put right from a round on: the rules are
    listed in ``corrections``, one function each."""
    from . import corrections

    return accept(cmd, *corrections.check(state, cmd))


DECIDERS.update(dict.fromkeys((PoleRevoked, EntryAmended, DriverAmended), decide_correction))


def decide(state: SeasonState, command: object) -> Decision:
    """Check a command against the season's state: the events to record, or a RefusedError."""
    decider = DECIDERS.get(type(command))
    if decider is None:
        raise E.UsageError(f"{type(command).__name__} is not a command")
    return decider(state, command)
