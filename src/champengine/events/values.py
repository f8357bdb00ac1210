"""The value types events carry: classes, result rows, and the scoring rules.

Each field of ``ScoringRules`` is one named choice; ``champengine.scoring``
holds the one function that applies each. The vocabularies (rank styles,
tie-breaks, competitor kinds, ...) are named once, here, as enums; events
carry their values as plain strings.
"""

from __future__ import annotations

import enum

import attrs

#: Class keys of the catalog. A class is found by its key or an alias, ignoring case.
CLASS_KEYS = ("LMP2", "LMGTE", "GTC", "GTC Am", "SGT", "HYPERCAR", "LMGT3", "F1")
CLASS_ALIASES = {"GTE": "LMGTE", "LMGTE AM": "LMGTE", "GTCAM": "GTC Am", "GTC-AM": "GTC Am",
                 "HY": "HYPERCAR", "LMH": "HYPERCAR", "GT3": "LMGT3"}


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


class Competitor(enum.StrEnum):
    """Who a table ranks."""

    CAR = "car"  # a car entry (the ACO's team tables score per car)
    DRIVER = "driver"
    MAKE = "make"


class RankStyle(enum.StrEnum):
    """How tied rows are numbered."""

    DENSE = "dense"  # 1, 2, 2, 3
    COMPETITION = "competition"  # 1, 2, 2, 4
    UNIQUE = "unique"  # never shared


class Tiebreak(enum.StrEnum):
    """What splits equal totals, in the order a ranking lists them."""

    COUNTBACK = "countback"  # most wins, then most seconds, ... (every place)
    COUNTBACK_SCORING = "countback_scoring"  # the same over the places that scored points
    #: the same over the places in the points, a make's every car's (counted for it or not)
    COUNTBACK_POINTS = "countback_points"
    FIRST_BEST = "first_best"  # the best result achieved first
    LAST_RESULT = "last_result"  # the better result at the latest round
    POLES = "poles"  # more poles


class ZeroPoints(enum.StrEnum):
    """What becomes of competitors on zero points."""

    UNRANKED = "unranked"  # listed without a position
    RANKED = "ranked"  # ranked after the scorers, by the tie-breaks


class SharedCar(enum.StrEnum):
    """What the drivers who shared a car score of its points."""

    FULL = "full"  # each the car's points in full (endurance crews)
    SPLIT = "split"  # equal shares (F1 1950-1957)
    NONE = "none"  # a shared car scores no driver anything (F1 from 1958)


class MakeKey(enum.StrEnum):
    """What a make of a manufacturers' table is."""

    MAKE = "make"  # the chassis make alone
    MAKE_ENGINE = "make_engine"  # the make and its engine's make (F1: Cooper-Climax)


class MakePosition(enum.StrEnum):
    """Which position a make's car scores by."""

    CLASS = "class"  # its class position
    ELIGIBLE = "eligible"  # its rank among the cars eligible for the table


class Rounding(enum.StrEnum):
    """How a factor's product is rounded (to whole points)."""

    EXACT = "exact"
    DOWN = "down"
    UP = "up"
    NEAREST = "nearest"  # halves up


class EntryScope(enum.StrEnum):
    """Which entries a table admits."""

    ALL = "all"
    PRIVATE = "private"
    FACTORY = "factory"


class PenaltyKind(enum.StrEnum):
    """What a stewards' penalty takes: the value's unit."""

    TIME = "time"  # seconds added to the total time
    LAPS = "laps"  # laps taken away
    POSITIONS = "positions"  # places down the classification
    POINTS = "points"  # points taken from the car's round


class AppealOutcome(enum.StrEnum):
    """What an appeal court decides."""

    UPHELD = "upheld"  # the decision appealed falls
    DISMISSED = "dismissed"  # it stands


class ResultsStatus(enum.StrEnum):
    """What a session's results are, as declared."""

    PROVISIONAL = "provisional"
    FINAL = "final"


class InvitationBasis(enum.StrEnum):
    """Who an invitation goes to."""

    TEAM = "team"  # the team of a car ranked in the table
    CAR = "car"  # the car entry itself


class InvitationCondition(enum.StrEnum):
    """What a competitor must also have done to be invited."""

    ENTERED_EVERY_ROUND = "entered_every_round"


#: the session kind a round's main classification is
RACE = "race"


@attrs.frozen
class ResultRow:
    """One car's line in a race classification, in finishing order."""

    car: str
    status: str = CLASSIFIED
    laps: int | None = None
    time: str | None = None  # total time (or gap) as the timing sheet prints it


@attrs.frozen
class Ranking:
    """How a table turns points into positions: a rank style, ordered tie-breaks, and what
    becomes of competitors on zero points (see ``RankStyle``, ``Tiebreak``, ``ZeroPoints``)."""

    style: str = "dense"
    tiebreaks: tuple[str, ...] = ()
    zero: str = "unranked"


@attrs.frozen
class SessionScale:
    """The points scale of one kind of session other than the race (a sprint)."""

    session: str
    points: tuple[float, ...] = ()
    points_beyond: float = 0


@attrs.frozen
class DistanceBand:
    """Partial points: when less than ``below`` of the scheduled distance was completed
    (a share, 0 to 1), or fewer than ``below_laps`` laps, a race's points are its scale
    times ``factor``, or ``points`` where given."""

    below: float = 0
    below_laps: int = 0
    factor: float = 1
    points: tuple[float, ...] = ()


@attrs.frozen
class RoundFactor:
    """A round worth more or less than others (double points, x1.5), its product rounded
    as stated; ``session`` limits it to one session of the round."""

    round: str
    factor: float
    rounding: str = "exact"
    session: str | None = None


@attrs.frozen
class CountPeriod:
    """A period of a split season: of its next ``rounds`` rounds, the best ``best`` count
    (``rounds`` 0: every round left)."""

    rounds: int
    best: int


@attrs.frozen
class ScoringRules:
    """A scoring rule set: each field is one named choice (see ``champengine.scoring``)."""

    points: tuple[float, ...] = (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)
    points_beyond: float = 0
    #: the place whose points each class position earns, for countback, where a round's
    #: points passed over cars that could not score (0 or past the end: its own place)
    point_places: tuple[int, ...] = ()
    pole: float = 1
    pole_lost_on_dsq: bool = False
    short_race_factor: float = 1.0
    best_results: int | None = None
    drive_time_forfeit: bool = True
    manufacturer_best_cars: int | None = None
    drivers: Ranking = Ranking("dense", ())
    teams: Ranking = Ranking("unique", ("countback", "first_best"))
    manufacturers: Ranking = Ranking("unique", ("countback", "first_best"))
    sessions: tuple[SessionScale, ...] = ()
    distance: tuple[DistanceBand, ...] = ()
    factors: tuple[RoundFactor, ...] = ()
    fastest_lap: float = 0
    fastest_lap_top: int | None = None
    fastest_lap_classified: bool = False
    fastest_lap_shared: str = "split"
    shared_car: str = "full"
    periods: tuple[CountPeriod, ...] = ()
    undroppable: tuple[str, ...] = ()
    make_key: str = "make"
    make_position: str = "class"
    excluded_rounds: tuple[str, ...] = ()
    excluded_sessions: tuple[str, ...] = ()
    ranking: Ranking | None = None


__all__ = [
    "CLASS_ALIASES", "CLASS_KEYS", "CLASSIFIED", "RACE", "STATUSES", "AppealOutcome",
    "Competitor", "CountPeriod", "DistanceBand", "EntryScope", "InvitationBasis",
    "InvitationCondition", "MakeKey", "MakePosition", "PenaltyKind", "RankStyle", "Ranking",
    "ResultRow", "ResultsStatus", "RoundFactor", "Rounding", "ScoringRules", "SessionScale",
    "SharedCar", "Tiebreak", "ZeroPoints", "class_named",
]
