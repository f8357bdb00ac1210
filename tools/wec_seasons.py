"""Build the FIA WEC seasons' logs (events/wec-YYYY.jsonl) from the timing files.

    .venv/bin/python tools/wec_seasons.py [2024 2025 2026]

What a season is made of, in order:

- ``events/wec/YYYY.jsonl``, written by hand with a source on every line: the season,
  its classes, calendar, scoring rules, tables, private entries, poles and decisions;
- for a round without one (lines "_crews"), the entries and crews of the summary's
  starting grid, and the classification as published (written by hand);
- from each round's lap analysis file (``../shared/timing/wec/YYYY/<file>.csv``):
  the entries (car, class, team, make; at the first round a car runs), the drivers
  (keyed by name), each car's crew at the round (the drivers the laps show), and the
  provisional classification by the ACO's rules (``projections.provisional``), for the
  season's classes only (Le Mans' LMP2 is not the championship's); a "_timed" or
  "_crews" line may name the round's guests (cars off the season's entry list, such as
  Le Mans' one-off entries): they get no entry and are left out of the classification,
  so the cars behind them take their places, as the championship scores.

Every event is checked by ``decide`` on the way (``recorder.check``); ids are derived
(UUIDv5 of season, line and content), so running the tool again changes nothing. Bad
input (a line that cannot be read, a file missing, a guest not in its round's file or
entered by the season, an event the season refuses) is one line on stderr naming the
hand-written line, exit 1, and that season's log is not written.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import unicodedata
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMING = ROOT.parent / "shared" / "timing" / "wec"
IDS = uuid.uuid5(uuid.NAMESPACE_URL, "https://champengine/wec-seasons")
ACTOR = "tools/wec_seasons.py"


def driver_key(name: str) -> str:
    """``Sébastien BOURDAIS`` -> ``sebastien-bourdais``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


def from_file(round_key: str, path: Path, classes: set, guests: set, seen_cars: set,
              seen_drivers: set, private: set, on: str) -> list[dict]:
    """The events one round's lap file gives, for the season's classes. A guest (a car at
    this round only, off the season's entry list) is invisible: no entry, and out of the
    classification, so the cars behind it take its place, as the championship scores."""
    from champengine.importers.lap_analysis import open_race
    from champengine.projections.provisional import classify, result_rows

    race = open_race(str(path))
    _guests_in(guests, {run.car for run in race.runs}, path)
    source = f"{path.relative_to(TIMING.parent.parent)} (Al Kamel lap analysis)"
    out = []
    for run in sorted(race.runs, key=lambda r: r.car):
        if run.class_ not in classes or run.car in guests:
            continue
        if run.car not in seen_cars:
            seen_cars.add(run.car)
            out.append({"type": "EntryRegistered", "car": run.car, "class": run.class_,
                        "team": run.team, "make": run.manufacturer, "from_round": round_key,
                        "private": run.car in private or run.class_ == "LMGT3",
                        "source": source})
        for name in run.drivers():
            key = driver_key(name)
            if key not in seen_drivers:
                seen_drivers.add(key)
                out.append({"type": "DriverRegistered", "driver": key, "name": name,
                            "source": source})
            out.append({"type": "DriverNominated", "round": round_key, "car": run.car,
                        "driver": key, "source": source})
    for class_, rows in result_rows(classify(race)).items():
        if class_ not in classes:
            continue
        line = {"type": "RaceClassified", "round": round_key, "class": class_,
                "rows": [{"car": r.car, "status": r.status, "laps": r.laps, "time": r.time}
                         for r in rows if r.car not in guests],
                "source": source + ", provisional classification by the ACO's rules",
                "inferred": True}
        left_out = [r.car for r in rows if r.car in guests]
        if left_out:
            line["note"] = ("the championship's classification: its guests (not on the "
                            "season's entry list) left out, so the cars behind them move up: "
                            + ", ".join(f"#{car}" for car in left_out))
        out.append(line)
    return [{**x, "recorded_at": on} for x in out]


def from_grid(round_key: str, path: Path, classes: set, guests: set, seen_cars: set,
              seen_drivers: set, private: set, on: str) -> list[dict]:
    """A round without a lap file: its entries and crews from the summary's starting grid
    (each car's crew, class, team and make), for the season's classes, its guests left out."""
    grid = json.loads(path.read_text())["startingGrid"]["entries"]
    _guests_in(guests, {item["car"]["carNumber"] for item in grid}, path)
    source = f"{path.relative_to(TIMING.parent.parent)} (starting grid with crews)"
    out = []
    for item in sorted(grid, key=lambda x: x["car"]["carNumber"]):
        car = item["car"]
        number = car["carNumber"]
        if car["class"] not in classes or number in guests:
            continue
        if number not in seen_cars:
            seen_cars.add(number)
            out.append({"type": "EntryRegistered", "car": number, "class": car["class"],
                        "team": car["team"], "make": car["manufacturer"],
                        "from_round": round_key,
                        "private": number in private or car["class"] == "LMGT3",
                        "source": source})
        for driver in car["drivers"]:
            key = driver_key(driver["name"])
            if key not in seen_drivers:
                seen_drivers.add(key)
                out.append({"type": "DriverRegistered", "driver": key, "name": driver["name"],
                            "source": source})
            out.append({"type": "DriverNominated", "round": round_key, "car": number,
                        "driver": key, "source": source})
    return [{**x, "recorded_at": on} for x in out]


class BadInput(Exception):
    """A line of the hand-written season, or a file it names, that cannot be used."""


def _guests_in(guests: set, cars: set, path: Path) -> None:
    """Each guest a line names runs in the round's file (a typo would leave it entered)."""
    missing = sorted(guests - cars)
    if missing:
        raise BadInput(f"guest #{missing[0]} is not in {path.relative_to(TIMING.parent.parent)}")


def manual(year: int) -> list[tuple[str, dict]]:
    """The hand-written lines of the season, each with where it is (file and line)."""
    path = ROOT / "events" / "wec" / f"{year}.jsonl"
    name = path.relative_to(ROOT)
    if not path.exists():
        raise BadInput(f"{name}: no such file (the season written by hand comes first)")
    out = []
    for n, text in enumerate(path.read_text().splitlines(), start=1):
        if not text.strip() or text.startswith("//"):
            continue
        try:
            line = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInput(f"{name} line {n}: not JSON ({exc.msg})") from None
        if not isinstance(line, dict) or not isinstance(line.get("type"), str):
            raise BadInput(f"{name} line {n}: not an object with a \"type\"")
        out.append((f"{name} line {n}", line))
    return out


def build(year: int) -> list[dict]:
    """Every line of the season, in the order it is recorded."""
    return _build(year)[0]


def _build(year: int) -> tuple[list[dict], list[str]]:
    """Every line of the season and where each comes from (its hand-written line, and the
    timing file for the lines a file gives)."""
    written = manual(year)
    try:
        private = {c for _, line in written if line["type"] == "_private" for c in line["cars"]}
        classes = {x["class"] for _, x in written if x["type"] == "ClassAdded"}
    except KeyError as exc:
        raise BadInput(f"events/wec/{year}.jsonl: a _private or ClassAdded line without "
                       f"{exc}") from None
    lines, origins, seen_cars, seen_drivers = [], [], set(), set()
    guests_at: dict[str, str] = {}  # guest -> where a line names it
    for where, line in written:
        kind = line["type"]
        if kind == "_private":
            continue
        if kind not in ("_timed", "_crews"):
            lines.append(line)
            origins.append(where)
            continue
        try:
            path = TIMING / str(year) / line["file"]
            if not path.is_file():
                raise BadInput(f"no file {path.relative_to(TIMING.parent.parent)}")
            guests = set(line.get("guests", ()))
            read = from_file if kind == "_timed" else from_grid
            given = read(line["round"], path, classes, guests, seen_cars, seen_drivers,
                         private, line["on"])
        except KeyError as exc:
            raise BadInput(f"{where}: a {kind} line needs {exc}") from None
        except (BadInput, ValueError, OSError) as exc:
            raise BadInput(f"{where}: {exc}") from None
        guests_at.update(dict.fromkeys(guests, where))
        lines += given
        origins += [f"{where} ({line['file']})"] * len(given)
    entered = sorted(set(guests_at) & seen_cars)
    if entered:
        raise BadInput(f"{guests_at[entered[0]]}: guest #{entered[0]} is on the season's "
                       "entry list (a round's file or grid enters it)")
    season = f"wec-{year}"
    out = []
    for n, line in enumerate(lines, start=1):
        line = {"season": season, "actor": ACTOR, **line}
        content = json.dumps(line, sort_keys=True, ensure_ascii=False)
        out.append({"id": str(uuid.uuid5(IDS, f"{season}/{n}/{content}")), **line})
    return out, origins


def check(year: int, lines: list[dict], origins: list[str] | None = None) -> None:
    """Every line through ``decide``, as ``champ import`` would: refused, nothing written.
    A refusal names the line by ``origins`` (where each line comes from), when given."""
    from champengine import codec
    from champengine.errors import DecodeError
    from champengine.projections.season import SeasonState
    from champengine.recorder import check as decide_all
    from champengine.store import Pending

    wheres = origins or [f"wec-{year} line {n}" for n in range(1, len(lines) + 1)]
    events = []
    for n, (where, line) in enumerate(zip(wheres, lines, strict=True), start=1):
        try:  # as champ import reads a line
            events.append(codec.parse_line(json.dumps(line, ensure_ascii=False), n,
                                           default_season=f"wec-{year}"))
        except DecodeError as exc:
            raise DecodeError(f"{where}: {str(exc).removeprefix(f'line {n}: ')}") from None
    when = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    decide_all(SeasonState(), f"wec-{year}", [
        (where, Pending(id=te.id, payload=te.payload, recorded_at=when))
        for where, te in zip(wheres, events, strict=True)])


def main(argv: list[str]) -> int:
    from champengine.errors import ChampError

    years = []
    for text in argv:
        if not text.isdigit():
            print(f"wec_seasons.py: {text!r} is not a year (give years such as 2025)",
                  file=sys.stderr)
            return 2
        years.append(int(text))
    for year in years or [2024, 2025, 2026]:
        try:
            lines, origins = _build(year)
            check(year, lines, origins)
        except (BadInput, ChampError) as exc:  # nothing written for that year or after
            print(f"wec_seasons.py: wec-{year}: {exc}", file=sys.stderr)
            return 1
        path = ROOT / "events" / f"wec-{year}.jsonl"
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
        print(f"{path.relative_to(ROOT)}: {len(lines)} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
