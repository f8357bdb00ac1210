"""The event types of the stewards' and the federation's decisions about a car at a
round: penalties, disqualifications, drive-time infringements, appeals, overturns and
points adjustments."""

from __future__ import annotations

import attrs


@attrs.frozen
class PenaltyImposed:
    round: str
    car: str
    kind: str  # a PenaltyKind: "time" (seconds) | "laps" | "positions" | "points"
    value: float
    reason: str | None = None
    session: str = "race"


@attrs.frozen
class CarDisqualified:
    round: str
    car: str
    reason: str | None = None
    session: str | None = None  # None: every session of the round


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
    outcome: str  # an AppealOutcome: "upheld" (the decision falls) | "dismissed" (it stands)


@attrs.frozen
class DecisionOverturned:
    decision: str
    reason: str | None = None


@attrs.frozen
class PointsAdjusted:
    round: str
    class_: str
    table: str  # a table of the season ("teams", "drivers", ...)
    competitor: str  # a car key, a driver key or a make
    points: float
    reason: str | None = None
