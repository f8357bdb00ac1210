"""Drive-time rules as data, and the breaches of them a timed race shows.

A season adopts drive-time rules per class (``DriveTimeRulesAdopted``), for every
round or for the rounds it names (the limits of a 6-hour race are not those of a
24-hour one): a minimum per driver, which a driver's grading may change (Bronze
drivers drive longer in the FIA WEC's LMGT3 class), and a maximum per driver. A
driver's drive time is the sum of the times of the laps the timing shows him on; a
breach is a warning with the figures, never a refusal: the log keeps what
happened, and the stewards record ``DriveTimeInfringed`` where they so decide.
"""

from __future__ import annotations

import attrs

from .drive_time import DriveTime


@attrs.frozen
class Limits:
    """The limits in force for one class at one round (ms; None: no such limit)."""

    minimum: int | None = None
    maximum: int | None = None
    graded: dict[str, int] = attrs.field(factory=dict)  # grading -> its minimum

    def minimum_for(self, grading: str | None) -> int | None:
        if grading is not None and grading.casefold() in self.graded:
            return self.graded[grading.casefold()]
        return self.minimum


def limits(adopted, class_: str | None, round_key: str) -> Limits | None:
    """The limits for a class at a round: the latest rules adopted that apply."""
    chosen = None
    for ev in adopted:
        if class_ in ev.classes and (not ev.rounds or round_key in ev.rounds):
            chosen = ev
    if chosen is None:
        return None
    return Limits(chosen.minimum, chosen.maximum,
                  {g.casefold(): m.minimum for m in chosen.graded for g in m.gradings})


@attrs.frozen
class Breach:
    """A driver outside his limits: what he drove and the limit, in ms."""

    car: str
    driver: str | None  # the name the timing shows
    key: str | None  # the registered driver, where known
    grading: str | None
    drive_time: int
    limit: int
    kind: str  # "minimum" | "maximum"

    def text(self, clock) -> str:
        who = f"{self.driver} ({self.grading})" if self.grading else f"{self.driver}"
        side = "under the minimum" if self.kind == "minimum" else "over the maximum"
        return (f"car #{self.car}: {who} drove {clock(self.drive_time)}, {side} of "
                f"{clock(self.limit)}")


def breaches(drives: tuple[DriveTime, ...], limits_of, driver_of,
             crews: dict[str, tuple[tuple[str, str, str | None], ...]] | None = None,
             ) -> list[Breach]:
    """The drivers of ``drives`` outside the limits of their class.

    ``limits_of(class) -> Limits | None``; ``driver_of(name) -> (key, grading)``, both
    None for a driver the season does not know; ``crews``: car -> (key, name, grading)
    of the drivers nominated, so that one the timing never shows in the car (who drove
    nothing) breaches the minimum too.
    """
    out = []
    seen: dict[str, set[str]] = {}
    classes = {}
    for d in drives:
        key, grading = driver_of(d.driver)
        if key is not None:
            seen.setdefault(d.car, set()).add(key)
        classes[d.car] = d.class_
        out += _check(d.car, d.class_, d.driver, key, grading, d.drive_time, limits_of)
    for car, crew in (crews or {}).items():
        for key, name, grading in crew:
            if key not in seen.get(car, set()):
                out += _check(car, classes.get(car), name, key, grading, 0, limits_of)
    return out


def _check(car, class_, driver, key, grading, drove, limits_of) -> list[Breach]:
    lim = limits_of(class_)
    if lim is None:
        return []
    low = lim.minimum_for(grading)
    if low is not None and drove < low:
        return [Breach(car, driver, key, grading, drove, low, "minimum")]
    if lim.maximum is not None and drove > lim.maximum:
        return [Breach(car, driver, key, grading, drove, lim.maximum, "maximum")]
    return []
