"""The event types of the catalog and their registry: explicit type names, never Python
import paths. Field names that are Python keywords (``class``) are spelled with a trailing
underscore here (``class_``) and plainly on the wire."""

from __future__ import annotations

import datetime as dt

import attrs

from .stewards import (
    AppealDecided,
    AppealLodged,
    CarDisqualified,
    DecisionOverturned,
    DriveTimeInfringed,
    PenaltyImposed,
    PointsAdjusted,
)
from .timing import DriveTimeRulesAdopted, GradedMinimum, LapTimed, TimedLap
from .values import ResultRow, ScoringRules

# --- event types --------------------------------------------------------------


@attrs.frozen
class SeasonOpened:
    season: str
    series: str
    year: int


@attrs.frozen
class ClassAdded:
    class_: str
    name: str | None = None
    reason: str | None = None


@attrs.frozen
class ClassDropped:
    class_: str
    name: str | None = None
    reason: str | None = None


@attrs.frozen
class ScoringRulesAdopted:
    """Rules in force for ``classes`` from ``from_round`` on (None: the first), for the
    tables named (none named: every table of those classes)."""

    classes: tuple[str, ...]
    rules: ScoringRules = ScoringRules()
    from_round: str | None = None
    tables: tuple[str, ...] = ()


@attrs.frozen
class TableDefined:
    """A championship table of the season, as data: its name, the classes it spans, who it
    ranks (``Competitor``), and who is eligible: drivers of the gradings named (none
    named: all), entries of a scope (``EntryScope``). ``cup``: cars score by their
    position among the table's eligible cars, not in the class."""

    table: str
    classes: tuple[str, ...]
    competitor: str
    name: str | None = None
    gradings: tuple[str, ...] = ()
    entries: str = "all"
    cup: bool = False


@attrs.frozen
class CompetitorExcluded:
    """A competitor excluded from a table of the season by a decision (a federation's):
    from its recording on it holds no position and no points there."""

    class_: str
    table: str
    competitor: str
    reason: str | None = None


@attrs.frozen
class LineupRulesAdopted:
    """Who may make up a crew: at most ``max_drivers`` a car a round (more is refused);
    ``required_region``: at least one driver of that region (a breach is a warning,
    because the record itself breaks it)."""

    classes: tuple[str, ...]
    max_drivers: int = 3
    required_region: str | None = None
    cars_per_driver: int = 1  # how many cars one driver may drive at a round (F1 1950s: 2+)


@attrs.frozen
class RoundScheduled:
    round: str
    name: str | None = None
    circuit: str | None = None
    country: str | None = None
    date: dt.date | None = None


@attrs.frozen
class RoundRescheduled:
    round: str
    date: dt.date | None


@attrs.frozen
class RoundRelocated:
    round: str
    circuit: str


@attrs.frozen
class RoundCancelled:
    round: str
    reason: str | None = None


@attrs.frozen
class EntryRegistered:
    car: str
    class_: str
    team: str
    team_nationality: str | None = None
    chassis: str | None = None
    engine: str | None = None
    make: str | None = None
    tyres: str | None = None
    from_round: str | None = None
    team_aliases: tuple[str, ...] = ()
    engine_make: str | None = None  # the engine's make, where a make is keyed with it
    private: bool = False  # a private entry scores for no make


@attrs.frozen
class MakeRegistered:
    """A make (a constructor, an engine maker) known by a stable key and a name."""

    make: str
    name: str
    nationality: str | None = None


@attrs.frozen
class EntryCarChanged:
    car: str
    from_round: str
    chassis: str | None = None
    engine: str | None = None
    make: str | None = None
    engine_make: str | None = None


@attrs.frozen
class EntryWithdrawn:
    car: str
    from_round: str
    reason: str | None = None


@attrs.frozen
class DriverRegistered:
    driver: str
    name: str
    aliases: tuple[str, ...] = ()
    nationality: str | None = None
    grading: str | None = None


@attrs.frozen
class DriverNominated:
    round: str
    car: str
    driver: str


@attrs.frozen
class DriverReleased:
    round: str
    car: str
    driver: str


@attrs.frozen
class PoleAwarded:
    round: str
    class_: str
    car: str


@attrs.frozen
class RaceClassified:
    """A race's classification for one class, rows in finishing order.

    ``partial``: only the rows given are known (a winner and nothing else, say);
    ``stopped_short``: the race was stopped before its distance (rules may halve points);
    ``session``: which of the round's scored sessions (``race``, ``sprint``, ...);
    ``laps`` / ``scheduled_laps``: the distance run and the distance scheduled (partial
    points by distance).
    """

    round: str
    class_: str
    rows: tuple[ResultRow, ...]
    partial: bool = False
    stopped_short: bool = False
    session: str = "race"
    laps: int | None = None
    scheduled_laps: int | None = None


@attrs.frozen
class LapHolder:
    """Who set a fastest lap: the car and the driver in it."""

    car: str
    driver: str | None = None


@attrs.frozen
class FastestLapSet:
    """The fastest lap of a session of a class; several holders: a lap shared (equal
    times)."""

    round: str
    class_: str
    holders: tuple[LapHolder, ...]
    session: str = "race"
    time: str | None = None


@attrs.frozen
class ResultsDeclared:
    round: str
    class_: str
    status: str  # a ResultsStatus: "provisional" | "final"
    session: str = "race"


@attrs.frozen
class ClassificationCorrected:
    round: str
    class_: str
    rows: tuple[ResultRow, ...]
    reason: str | None = None
    session: str = "race"


@attrs.frozen
class InvitationRuleAdopted:
    event: str
    class_: str
    table: str
    top_n: int
    category: str
    per: str = "team"  # "team" | "car"
    conditions: tuple[str, ...] = ()


# --- corrections: a fact recorded wrong is put right by a new event -----------------


@attrs.frozen
class PoleRevoked:
    """The pole of a class at a round taken back (awarded by mistake, or to move it)."""

    round: str
    class_: str
    reason: str | None = None


@attrs.frozen
class EntryAmended:
    """An entry's team name, its nationality or its names put right, from a round on
    (None: from its first round). The old name stays a name the team is found by."""

    car: str
    from_round: str | None = None
    team: str | None = None
    team_nationality: str | None = None
    team_aliases: tuple[str, ...] = ()  # names added
    reason: str | None = None


@attrs.frozen
class DriverAmended:
    """A driver's name, nationality or grading put right, from a round on (None: from the
    start). The old name stays a name he is found by."""

    driver: str
    from_round: str | None = None
    name: str | None = None
    nationality: str | None = None
    grading: str | None = None
    reason: str | None = None


Event = (
    SeasonOpened | ClassAdded | ClassDropped | ScoringRulesAdopted | LineupRulesAdopted
    | TableDefined | CompetitorExcluded | MakeRegistered | FastestLapSet
    | RoundScheduled | RoundRescheduled | RoundRelocated | RoundCancelled
    | EntryRegistered | EntryCarChanged | EntryWithdrawn
    | DriverRegistered | DriverNominated | DriverReleased
    | PoleAwarded | RaceClassified | ResultsDeclared | ClassificationCorrected
    | PenaltyImposed | CarDisqualified | DriveTimeInfringed
    | AppealLodged | AppealDecided | DecisionOverturned | PointsAdjusted
    | InvitationRuleAdopted
    | PoleRevoked | EntryAmended | DriverAmended | LapTimed | DriveTimeRulesAdopted
)

#: The registry: explicit type name -> class. Names are the contract; never rename one.
EVENT_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        SeasonOpened, ClassAdded, ClassDropped, ScoringRulesAdopted, LineupRulesAdopted,
        TableDefined, CompetitorExcluded, MakeRegistered, FastestLapSet,
        RoundScheduled, RoundRescheduled, RoundRelocated, RoundCancelled,
        EntryRegistered, EntryCarChanged, EntryWithdrawn,
        DriverRegistered, DriverNominated, DriverReleased,
        PoleAwarded, RaceClassified, ResultsDeclared, ClassificationCorrected,
        PenaltyImposed, CarDisqualified, DriveTimeInfringed,
        AppealLodged, AppealDecided, DecisionOverturned, PointsAdjusted,
        InvitationRuleAdopted,
        PoleRevoked, EntryAmended, DriverAmended, LapTimed, DriveTimeRulesAdopted,
    )
}
TYPE_NAMES: dict[type, str] = {cls: name for name, cls in EVENT_TYPES.items()}


__all__ = [*EVENT_TYPES, "GradedMinimum", "LapHolder", "TimedLap", "Event", "EVENT_TYPES", "TYPE_NAMES"]
