"""Deciders for results: poles, classifications, fastest laps, corrections and the
declaration of a session's results."""

from __future__ import annotations

from .. import errors as E
from ..events import (
    CLASSIFIED,
    RACE,
    STATUSES,
    ClassificationCorrected,
    FastestLapSet,
    PoleAwarded,
    PoleRevoked,
    RaceClassified,
    ResultRow,
    ResultsDeclared,
    ResultsStatus,
)
from ..projections.classification import session_key
from ..projections.season import SeasonState
from ..rules import REGIONS
from .checks import active_class, entry_of, opened, scheduled
from .decision import Decision, accept


def decide_result(state: SeasonState, cmd) -> Decision:
    """Poles, classifications and their declaration.

    - Results go to a round on the calendar and not cancelled, in an active class.
    - Every car of a classification is entered, in that class, once; classified
      cars come first.
    - A race is classified once: a clerical fix is ``ClassificationCorrected``, a
      sporting one a penalty or a disqualification.
    - A pole goes to a car of the class, once a race; only an awarded pole is revoked.
    - A round may hold several scored sessions (race, sprint), each classified once.
    - A fastest lap is set once a session, by cars of its classification and registered
      drivers; several holders share it.
    - A correction or a declaration needs the race classified.
    - Crews breaking their class's line-up rule (no driver of the region it requires,
      such as Asia in the Asian Le Mans Series) are warned of.
    """
    opened(state)
    scheduled(state, cmd.round)
    active_class(state, cmd.class_)
    session = getattr(cmd, "session", RACE)
    key = session_key(cmd.round, cmd.class_, session)
    results = state.results
    named = cmd.class_ if session == RACE else f"{cmd.class_} {session}"
    match cmd:
        case PoleAwarded():
            entry = entry_of(state, cmd.car)
            if entry.class_ != cmd.class_:
                raise E.WrongClass(f"car #{cmd.car} runs in {entry.class_}, not {cmd.class_}")
            if key in results.poles:
                raise E.Conflict(f"pole in {cmd.class_} at {cmd.round!r} already went to "
                                 f"#{results.poles[key][0]}")
            return accept(cmd)
        case PoleRevoked():
            if key not in results.poles:
                raise E.Conflict(f"no pole in {cmd.class_} at {cmd.round!r} to revoke "
                                 "(award one with champ pole)")
            return accept(cmd)
        case RaceClassified():
            return _classified(state, cmd, named)
    if key not in results.races:
        raise E.NotClassified(f"{named} at {cmd.round!r} has no classification yet")
    match cmd:
        case FastestLapSet():
            return _fastest_lap(state, cmd, named)
        case ClassificationCorrected():
            _rows(state, cmd.class_, cmd.rows)
            return accept(cmd)
        case ResultsDeclared():
            if cmd.status not in set(ResultsStatus):
                raise E.RefusedError(f"results are provisional or final, not {cmd.status!r}")
            return accept(cmd)
    raise TypeError(cmd)


def _classified(state: SeasonState, cmd: RaceClassified, named: str) -> Decision:
    if session_key(cmd.round, cmd.class_, cmd.session) in state.results.races:
        raise E.AlreadyClassified(
            f"{named} at {cmd.round!r} is already classified: correct it "
            "(ClassificationCorrected) or decide a penalty or disqualification")
    if not cmd.session or not cmd.session.isprintable():
        raise E.RefusedError(f"a session needs a name, not {cmd.session!r}")
    for laps in (cmd.laps, cmd.scheduled_laps):
        if laps is not None and laps < 0:
            raise E.RefusedError("a race's laps are not negative")
    _rows(state, cmd.class_, cmd.rows)
    return accept(cmd, *_lineup_warnings(state, cmd.round, cmd.class_, cmd.rows))


def _fastest_lap(state: SeasonState, cmd: FastestLapSet, named: str) -> Decision:
    key = session_key(cmd.round, cmd.class_, cmd.session)
    if key in state.results.fastest:
        raise E.Conflict(f"the fastest lap of {named} at {cmd.round!r} is already set")
    if not cmd.holders:
        raise E.RefusedError("a fastest lap needs at least one holder")
    cars = {row.car for row in state.results.races[key].rows}
    for holder in cmd.holders:
        if holder.car not in cars:
            raise E.UnknownCar(f"car #{holder.car} is not in the {named} classification "
                               f"at {cmd.round!r}")
        if holder.driver is not None and holder.driver not in state.entries.drivers:
            raise E.UnknownDriver(f"no driver registered as {holder.driver!r}")
    return accept(cmd)


def _rows(state: SeasonState, class_: str, rows: tuple[ResultRow, ...]) -> None:
    if not rows:
        raise E.RefusedError("a classification needs at least one row")
    seen: set[str] = set()
    for row in rows:
        entry = entry_of(state, row.car)
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


#: the commands this family decides
COMMANDS = {decide_result: (PoleAwarded, PoleRevoked, RaceClassified, FastestLapSet,
                            ClassificationCorrected, ResultsDeclared)}
