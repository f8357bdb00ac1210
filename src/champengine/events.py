"""The event catalog: the envelope, every event type, and their schema versions.

Events are frozen, slotted attrs classes holding only domain data; how they
travel (msgpack, JSON Lines) is the codec's business. Type names are explicit
strings in a plain registry, never Python import paths. An event type whose
schema changes gets a new version and an upcaster from the old one; upcasters
chain, so a log written long ago still replays.

Field names that are Python keywords (``class``) are spelled with a trailing
underscore here (``class_``) and plainly on the wire.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple

import attrs

# --- shared value types -------------------------------------------------------

#: Class keys of the catalog. A class is found by its key or an alias, ignoring case.
CLASS_KEYS = ("LMP2", "LMGTE", "GTC", "GTC Am", "SGT")
CLASS_ALIASES = {"GTE": "LMGTE", "LMGTE AM": "LMGTE", "GTCAM": "GTC Am", "GTC-AM": "GTC Am"}

def class_named(text: str, known=CLASS_KEYS) -> str | None:
    """The class among ``known`` that ``text`` names, by key or alias, ignoring case."""
    wanted = text.strip().casefold()
    for key in known:
        if key.casefold() == wanted:
            return key
    alias = {a.casefold(): k for a, k in CLASS_ALIASES.items()}.get(wanted)
    return alias if alias in known else None


#: Result statuses of a classification row.
CLASSIFIED = "classified"
STATUSES = (CLASSIFIED, "NC", "DNF", "DNS", "DSQ")


@attrs.frozen
class ResultRow:
    """One car's line in a race classification, in finishing order."""

    car: str
    status: str = CLASSIFIED
    laps: int | None = None
    time: str | None = None  # total time (or gap) as the timing sheet prints it


@attrs.frozen
class Ranking:
    """How one kind of table (drivers, teams, manufacturers) turns points into positions.

    style: ``dense`` (tied rows share a position and the next follows: 1, 2, 2, 3),
    ``competition`` (1, 2, 2, 4) or ``unique`` (no sharing: every row its own position).
    tiebreaks: ordered criteria that split equal points: ``countback`` (most wins,
    then most seconds, ...), ``first_best`` (the best result achieved first wins),
    ``last_result`` (the better result at the latest round wins).
    """

    style: str = "dense"
    tiebreaks: tuple[str, ...] = ()


@attrs.frozen
class ScoringRules:
    """A scoring rule set: each field is one named choice (see ``champengine.rules``)."""

    points: tuple[float, ...] = (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)
    points_beyond: float = 0
    pole: float = 1
    pole_lost_on_dsq: bool = False
    short_race_factor: float = 1.0
    best_results: int | None = None
    drive_time_forfeit: bool = True
    manufacturer_best_cars: int | None = None
    drivers: Ranking = Ranking("dense", ())
    teams: Ranking = Ranking("unique", ("countback", "first_best"))
    manufacturers: Ranking = Ranking("unique", ("countback", "first_best"))


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
    classes: tuple[str, ...]
    rules: ScoringRules = ScoringRules()
    from_round: str | None = None


@attrs.frozen
class LineupRulesAdopted:
    """Who may make up a crew: at most ``max_drivers`` a car a round (more is refused);
    ``required_region``: at least one driver of that region (a breach is a warning,
    because the record itself breaks it)."""

    classes: tuple[str, ...]
    max_drivers: int = 3
    required_region: str | None = None


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


@attrs.frozen
class EntryCarChanged:
    car: str
    from_round: str
    chassis: str | None = None
    engine: str | None = None
    make: str | None = None


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
    ``stopped_short``: the race was stopped before its distance (rules may halve points).
    """

    round: str
    class_: str
    rows: tuple[ResultRow, ...]
    partial: bool = False
    stopped_short: bool = False


@attrs.frozen
class ResultsDeclared:
    round: str
    class_: str
    status: str  # "provisional" | "final"


@attrs.frozen
class ClassificationCorrected:
    round: str
    class_: str
    rows: tuple[ResultRow, ...]
    reason: str | None = None


@attrs.frozen
class PenaltyImposed:
    round: str
    car: str
    kind: str  # "time" (seconds) | "laps" | "positions" | "points"
    value: float
    reason: str | None = None


@attrs.frozen
class CarDisqualified:
    round: str
    car: str
    reason: str | None = None


@attrs.frozen
class DriveTimeInfringed:
    round: str
    car: str
    driver: str


@attrs.frozen
class AppealLodged:
    decision: str  # id of the PenaltyImposed / CarDisqualified / DriveTimeInfringed appealed
    by: str | None = None


@attrs.frozen
class AppealDecided:
    appeal: str  # id of the AppealLodged
    outcome: str  # "upheld" (the decision falls) | "dismissed" (it stands)


@attrs.frozen
class DecisionOverturned:
    decision: str
    reason: str | None = None


@attrs.frozen
class PointsAdjusted:
    round: str
    class_: str
    table: str  # "teams" | "drivers" | "manufacturers"
    competitor: str  # a car key, a driver key or a make
    points: float
    reason: str | None = None


@attrs.frozen
class InvitationRuleAdopted:
    event: str
    class_: str
    table: str
    top_n: int
    category: str
    per: str = "team"  # "team" | "car"
    conditions: tuple[str, ...] = ()


Event = (
    SeasonOpened | ClassAdded | ClassDropped | ScoringRulesAdopted | LineupRulesAdopted
    | RoundScheduled | RoundRescheduled | RoundRelocated | RoundCancelled
    | EntryRegistered | EntryCarChanged | EntryWithdrawn
    | DriverRegistered | DriverNominated | DriverReleased
    | PoleAwarded | RaceClassified | ResultsDeclared | ClassificationCorrected
    | PenaltyImposed | CarDisqualified | DriveTimeInfringed
    | AppealLodged | AppealDecided | DecisionOverturned | PointsAdjusted
    | InvitationRuleAdopted
)

#: The registry: explicit type name -> class. Names are the contract; never rename one.
EVENT_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        SeasonOpened, ClassAdded, ClassDropped, ScoringRulesAdopted, LineupRulesAdopted,
        RoundScheduled, RoundRescheduled, RoundRelocated, RoundCancelled,
        EntryRegistered, EntryCarChanged, EntryWithdrawn,
        DriverRegistered, DriverNominated, DriverReleased,
        PoleAwarded, RaceClassified, ResultsDeclared, ClassificationCorrected,
        PenaltyImposed, CarDisqualified, DriveTimeInfringed,
        AppealLodged, AppealDecided, DecisionOverturned, PointsAdjusted,
        InvitationRuleAdopted,
    )
}
TYPE_NAMES: dict[type, str] = {cls: name for name, cls in EVENT_TYPES.items()}

# --- schema versions and upcasters ---------------------------------------------

#: Current schema version of each type (1 unless listed).
VERSIONS: dict[str, int] = {"RaceClassified": 3, "PenaltyImposed": 2}

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


#: (type, from version) -> function turning that version's fields into the next one's.
UPCASTERS: dict[tuple[str, int], Upcaster] = {
    ("RaceClassified", 1): _race_classified_v1_to_v2,
    ("RaceClassified", 2): _race_classified_v2_to_v3,
    ("PenaltyImposed", 1): _penalty_v1_to_v2,
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


# --- the envelope -------------------------------------------------------------


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def time_to_micros(when: dt.datetime) -> int:
    """Microseconds since the epoch (UTC) of an aware date-time."""
    if when.tzinfo is None:
        raise ValueError(f"recorded_at {when.isoformat()} has no time zone")
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


#: the microseconds a date-time can be (years 1 to 9999)
MIN_MICROS = -62_135_596_800_000_000
MAX_MICROS = 253_402_300_799_999_999


def micros_to_time(micros: int) -> dt.datetime:
    """The UTC date-time of microseconds since the epoch."""
    if 0 <= micros < 1 << 52:  # until 2112 the float is exact to the microsecond
        return dt.datetime.fromtimestamp(micros / 1e6, dt.UTC)
    return _EPOCH + dt.timedelta(microseconds=micros)


class _Recorded(NamedTuple):
    """The envelope's fields, in the order of a binary log record (payload last)."""

    id: str
    season: str
    seq: int
    position: int
    type: str
    version: int
    recorded_micros: int  # when it was recorded: microseconds since the epoch, UTC
    actor: str | None
    note: str | None
    source: str | None
    inferred: bool
    payload: Any


class Envelope(_Recorded):
    """An event as the log holds it: the payload and what is known about its recording.

    Immutable like the events; a tuple rather than an attrs class because replay builds
    one per event, and a tuple in the order of the log's record is built from the
    decoded record in one step (``Envelope.from_record``). The recording time is kept as
    microseconds since the epoch and ``recorded_at`` gives it as a UTC date-time: replay
    compares and stores times, and makes a date-time only where one is shown.

    Build one by keyword (``Envelope(id=..., recorded_at=...)`` or ``Envelope.of``): as a
    tuple its fields are in record order (``_fields`` says ``recorded_micros``, the
    payload is last), not in the order of the constructor's arguments.
    """

    __slots__ = ()

    def __new__(cls, id: str, season: str, seq: int, position: int, type: str, version: int,
                recorded_at: dt.datetime, payload: Any, actor: str | None = None,
                note: str | None = None, source: str | None = None,
                inferred: bool = False) -> Envelope:
        return tuple.__new__(cls, (id, season, seq, position, type, version,
                                   time_to_micros(recorded_at), actor, note, source, inferred,
                                   payload))

    #: an envelope from a checked record list [id, ..., inferred, payload] (no copying)
    from_record = classmethod(tuple.__new__)

    @property
    def recorded_at(self) -> dt.datetime:
        return micros_to_time(self[6])

    def _replace(self, **changes: Any) -> Envelope:
        if "recorded_at" in changes:
            changes["recorded_micros"] = time_to_micros(changes.pop("recorded_at"))
        replaced = tuple.__new__(type(self), map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)}")
        return replaced

    def __reduce__(self):
        return (_envelope_of, (tuple(self),))

    def __repr__(self) -> str:
        return (f"Envelope(id={self.id!r}, season={self.season!r}, seq={self.seq}, "
                f"position={self.position}, type={self.type!r}, version={self.version}, "
                f"recorded_at={self.recorded_at.isoformat()!r}, payload={self.payload!r}, "
                f"actor={self.actor!r}, note={self.note!r}, source={self.source!r}, "
                f"inferred={self.inferred!r})")

    @classmethod
    def of(cls, payload: Any, *, id: str, season: str, seq: int = 0, position: int = 0,
           recorded_at: dt.datetime, actor: str | None = None, note: str | None = None,
           source: str | None = None, inferred: bool = False) -> Envelope:
        """Wrap a payload, filling type and version from the registry."""
        name = TYPE_NAMES[type(payload)]
        return cls(id=id, season=season, seq=seq, position=position, type=name,
                   version=current_version(name), recorded_at=recorded_at, payload=payload,
                   actor=actor, note=note, source=source, inferred=inferred)


ENVELOPE_FIELDS = ("id", "season", "seq", "position", "type", "version", "recorded_at",
                   "actor", "note", "source", "inferred")


def _envelope_of(fields: tuple) -> Envelope:
    """Unpickle an envelope (its fields in record order)."""
    return Envelope.from_record(fields)
