"""A timing sheet against the season: what the sheet says of each car (TEAM, DRIVER_1..n,
VEHICLE) checked against the entries and the crews nominated, every difference at once.

``reconcile`` is pure: it reads the season's state and returns the differences, each
with the ``champ`` command that fixes it, and the events that record from the sheet
what the season is missing (entries, drivers, nominations: what ``classify --register``
adds to its batch). A car with no crew at the round keeps the crew it last had (a crew
nominated from a round on stays until changed): those nominations are recorded with
the classification whenever the sheet does not name another crew.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence

import attrs

from .events import DriverNominated, DriverRegistered, EntryRegistered
from .projections import calendar
from .projections.entry_list import find_driver, fold_name, team_matches
from .projections.season import SeasonState
from .rules import DEFAULT_MAX_DRIVERS
from .timing import SheetRow


@attrs.frozen
class Difference:
    """Where the sheet and the season disagree, and the command that settles it.
    ``missing``: something the season lacks, which ``--register`` records from the sheet."""

    car: str
    text: str
    fix: str
    missing: bool = False

    def __str__(self) -> str:
        return f"{self.text} ({self.fix})"


@attrs.frozen
class Reconciled:
    differences: tuple[Difference, ...]
    missing: tuple[object, ...]  # entries, drivers and nominations the sheet gives
    standing: tuple[DriverNominated, ...]  # crews carried to the round from their last round

    def refusals(self, register: bool) -> list[Difference]:
        """What stops the classification: every difference, or with ``register`` only
        those the sheet cannot settle."""
        return [d for d in self.differences if not (register and d.missing)]


def q(text: str) -> str:
    return shlex.quote(text)


def driver_key_for(name: str, taken) -> str:
    """A new driver's key from his name: ``james-winslow``; a suffix when it is taken."""
    base = re.sub(r"[^a-z0-9]+", "-", fold_name(name)).strip("-") or "driver"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _same_vehicle(sheet: str, chassis: str | None) -> bool:
    if not sheet or not chassis:
        return True  # nothing to compare
    a, b = fold_name(sheet), fold_name(chassis)
    return a == b or a.startswith(b) or b.startswith(a)


def standing_crew(state: SeasonState, round_key: str, car: str) -> list[str]:
    """The crew a car last had before a round (none: it never had one)."""
    at = calendar.numbers(state.calendar).get(round_key, 0)
    for rnd in reversed(calendar.running(state.calendar)[:max(at - 1, 0)]):
        crew = state.entries.crew(rnd.key, car)
        if crew:
            return list(crew)
    return []


def reconcile(state: SeasonState, round_key: str, sheet: Mapping[str, Sequence[SheetRow]],
              *, path: str = "FILE") -> Reconciled:
    """Check each car of the sheet against the season at ``round_key``."""
    entries = state.entries
    numbers = calendar.numbers(state.calendar)
    diffs: list[Difference] = []
    missing: list[object] = []
    standing: list[DriverNominated] = []
    new_drivers: dict[str, str] = {}  # folded name -> key given in this batch
    taken = set(entries.drivers)
    seated: dict[str, str] = {}  # driver -> car, this batch
    r = round_key
    for class_, rows in sheet.items():
        rule = state.lineup_rules.get(class_)
        most = rule.max_drivers if rule else DEFAULT_MAX_DRIVERS
        for line in rows:
            car = line.row.car
            entry = entries.entries.get(car)
            if entry is None:
                if not line.team:
                    diffs.append(Difference(car, f"car #{car} is not entered and the sheet "
                                            "names no TEAM", f"champ register-entry {q(car)} "
                                            f"--class {q(class_)} --team NAME"))
                    continue
                make = line.make or None
                missing.append(EntryRegistered(car, class_, line.team, chassis=line.vehicle or None,
                                               make=make, from_round=r))
                fix = (f"champ register-entry {q(car)} --class {q(class_)} --team {q(line.team)}"
                       + (f" --chassis {q(line.vehicle)}" if line.vehicle else "")
                       + (f" --make {q(make)}" if make else " --make MAKE")
                       + f" --from-round {q(r)}")
                diffs.append(Difference(car, f"car #{car} ({line.team}) is not entered", fix, True))
                crew_now: list[str] = []
            else:
                if entry.class_ != class_:
                    diffs.append(Difference(car, f"car #{car} is entered in {entry.class_}, "
                                            f"the sheet has it in {class_}",
                                            f"correct the sheet's CLASS, or enter the car "
                                            f"anew: champ register-entry NEW --class {q(class_)}"))
                    continue
                if not entry.active_at(numbers, r):
                    why = (f"withdrawn from {entry.withdrawn_from}" if entry.withdrawn_from
                           else f"entered from {entry.from_round}")
                    diffs.append(Difference(car, f"car #{car} is not entered at {r} ({why})",
                                            "correct the sheet, or enter the car anew: champ "
                                            f"register-entry NEW --class {q(class_)} "
                                            f"--from-round {q(r)}"))
                    continue
                if line.team and not team_matches(entry, line.team):
                    diffs.append(Difference(
                        car, f"car #{car}: the sheet's team is {line.team!r}, the entry's "
                        f"{entry.team!r}", f"champ amend-entry {q(car)} --team-alias "
                        f"{q(line.team)}, or from this round on: champ amend-entry {q(car)} "
                        f"--from-round {q(r)} --team {q(line.team)}"))
                chassis = entry.spec_at(numbers, r).chassis
                if not _same_vehicle(line.vehicle, chassis):
                    diffs.append(Difference(
                        car, f"car #{car}: the sheet's vehicle is {line.vehicle!r}, the entry's "
                        f"{chassis!r}", f"champ change-car {q(car)} --from-round {q(r)} "
                        f"--chassis {q(line.vehicle)}"))
                crew_now = list(entries.crew(r, car))
            _crew(state, r, car, class_, line, crew_now, most, diffs, missing, standing,
                  new_drivers, taken, seated, path)
    return Reconciled(tuple(diffs), tuple(missing), tuple(standing))


def _crew(state, r, car, class_, line: SheetRow, crew_now, most, diffs, missing, standing,
          new_drivers, taken, seated, path) -> None:
    """The sheet's drivers against the crew of ``car`` at ``r``."""
    entries = state.entries
    if not line.drivers:
        if not crew_now:
            for d in standing_crew(state, r, car):
                standing.append(DriverNominated(r, car, d))
        return
    keys: list[str] = []
    for name in line.drivers:
        driver = find_driver(entries, name)
        if driver is not None:
            keys.append(driver.key)
            continue
        folded = fold_name(name)
        if folded not in new_drivers:
            key = driver_key_for(name, taken)
            taken.add(key)
            new_drivers[folded] = key
            missing.append(DriverRegistered(key, name))
            diffs.append(Difference(car, f"driver {name!r} (car #{car}) is not registered",
                                    f"champ register-driver {q(key)} --name {q(name)}", True))
        keys.append(new_drivers[folded])
    if not crew_now and keys == standing_crew(state, r, car):
        standing.extend(DriverNominated(r, car, k) for k in keys)
        return
    if len(set(keys) | set(crew_now)) > most:
        diffs.append(Difference(car, f"car #{car} would have {len(set(keys) | set(crew_now))} "
                                f"drivers at {r}, {class_} allows {most}",
                                f"champ adopt-lineup-rule --class {q(class_)} --max-drivers "
                                f"{len(set(keys) | set(crew_now))}"))
        return
    to_nominate = []
    for key in keys:
        if key in crew_now:
            continue
        if seated.get(key, car) != car:
            diffs.append(Difference(car, f"{key} is on the sheet in car #{seated[key]} and in "
                                    f"car #{car}", "correct the sheet: a driver drives one car"))
            continue
        seat = entries.seat.get((r, key))
        if seat is not None and seat != car:
            diffs.append(Difference(car, f"{key} is on the sheet in car #{car} but nominated in "
                                    f"car #{seat} at {r}",
                                    f"champ release --round {q(r)} --car {q(seat)} {q(key)}"))
            continue
        seated[key] = car
        to_nominate.append(key)
    if to_nominate:
        missing.extend(DriverNominated(r, car, k) for k in to_nominate)
        diffs.append(Difference(car, f"car #{car} at {r}: {', '.join(to_nominate)} not nominated",
                                f"champ nominate --round {q(r)} --car {q(car)} "
                                + " ".join(q(k) for k in to_nominate), True))
    for key in crew_now:
        if key not in keys:
            diffs.append(Difference(car, f"{key} is nominated in car #{car} at {r} but not on "
                                    "the sheet", f"champ release --round {q(r)} --car {q(car)} "
                                    f"{q(key)}"))
