"""The provisional classification of a timed race, by the ACO's rules as data.

The chequered flag is shown to the leader as he first crosses the line once the time
limit is up (the timing file marks the laps that ended under it ``FF``); every other
car finishes as it next crosses the line. Cars are classified by laps, then by the
time they crossed the line at the finish; a car must have taken the flag and covered
a share of its class winner's distance to be classified (FIA WEC Sporting
Regulations: 70 %). A car that took the flag short of that share is not classified
(``NC``); one that did not take it retired (``DNF``).
"""

from __future__ import annotations

import bisect

import attrs

from ..events import CLASSIFIED, ResultRow
from .running_order import Place, laps_of, order
from .timed_race import TimedRace


@attrs.frozen
class FinishRules:
    """What it takes to be classified: each field one named choice."""

    share: float = 0.7  # of the class winner's laps, at least
    flag: bool = True  # the car must take the chequered flag
    share_of: str = "class"  # whose distance the share is of: "class" winner or "overall"
    #: as it stands (a race read as if it ended now): a car seen at the line this recently
    #: is still running, and takes the flag (the engine's choice, not the ACO's)
    running_within: int = 15 * 60_000


#: FIA WEC Sporting Regulations (2024-2026), "Classification": 70 % of the class winner's
#: distance, and the car must cross the line at the chequered flag
ACO = FinishRules()


@attrs.frozen
class Finisher:
    """A car's line in the provisional classification."""

    place: Place
    status: str  # "classified", "NC", "DNF"
    flagged: bool  # took the chequered flag


def finish_time(race: TimedRace) -> int | None:
    """When the chequered flag fell (ms): the first lap ended under ``FF``, or else the
    leader's first crossing once ``race.time_limit`` is up; None: not in the race yet."""
    flagged = [lap.elapsed for run in race.runs for lap in run.laps if lap.flag == "FF"]
    if flagged:
        return min(flagged)
    if race.time_limit is None:
        return None
    best = None
    for run in race.runs:
        i = bisect.bisect_left(run.ends, race.time_limit)
        if i < len(run.laps):
            key = (-run.laps[i].lap, run.laps[i].elapsed)
            best = key if best is None or key < best else best
    return None if best is None else best[1]


def classify(race: TimedRace, rules: FinishRules = ACO, finish: int | None = None,
             *, ended: bool = True) -> tuple[Finisher, ...]:
    """The classification with the flag at race time ``finish`` (None: ``finish_time``).

    ``ended`` False reads the race as if it ended at ``finish`` ("as it stands"): the
    laps done by then count, and a car takes the flag if it was still running (it
    crossed the line again later, or within ``rules.running_within`` before).
    """
    if finish is None:
        finish = finish_time(race)
        if finish is None:
            raise ValueError("the race shows no finish")
    counted: dict[str, int] = {}
    flagged: set[str] = set()
    for run in race.runs:
        if ended:
            i = bisect.bisect_left(run.ends, finish)
            took = i < len(run.laps)
            counted[run.car] = i + 1 if took else len(run.laps)
        else:
            n = counted[run.car] = run.done_by(finish)
            took = n < len(run.laps) or bool(
                n and finish - run.laps[n - 1].elapsed <= rules.running_within)
        if took and counted[run.car]:
            flagged.add(run.car)
    runs = {run.car: run for run in race.runs}
    laps = {car: laps_of(runs[car], n) for car, n in counted.items()}
    best: dict[str | None, int] = {}
    for car in flagged if rules.flag else counted:
        key = runs[car].class_ if rules.share_of == "class" else None
        best[key] = max(best.get(key, 0), laps[car])
    status = {}
    for car, n in laps.items():
        winner = best.get(runs[car].class_ if rules.share_of == "class" else None, 0)
        took = car in flagged or not rules.flag
        enough = n > 0 and n >= rules.share * winner
        status[car] = CLASSIFIED if took and enough else "NC" if took else "DNF"
    places = order(race, counted=counted,
                   last=frozenset(car for car, s in status.items() if s != CLASSIFIED))
    return tuple(Finisher(p, status[p.car], p.car in flagged) for p in places)


def sheet_time(ms: int | None) -> str | None:
    """A total time as the classification sheets print it: 10:01'39.098."""
    if ms is None:
        return None
    whole, frac = divmod(ms, 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}'{secs:02d}.{frac:03d}"


def result_rows(rows: tuple[Finisher, ...]) -> dict[str | None, tuple[ResultRow, ...]]:
    """The classification as the catalog's rows, class by class in finishing order."""
    out: dict[str | None, list[ResultRow]] = {}
    for f in rows:
        out.setdefault(f.place.class_, []).append(
            ResultRow(f.place.car, f.status, f.place.laps, sheet_time(f.place.time)))
    return {c: tuple(r) for c, r in out.items()}
