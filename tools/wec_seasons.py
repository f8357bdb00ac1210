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
  season's classes only (Le Mans' LMP2 is not the championship's); a "_timed" line may
  name the round's guests (cars off the season's entry list, such as Le Mans' one-off
  entries): they get no entry and are left out of the classification, so the cars
  behind them take their places, as the championship scores.

Every event is checked by ``decide`` on the way (``recorder.check``); ids are derived
(UUIDv5 of season, line and content), so running the tool again changes nothing.
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


def build(year: int) -> list[dict]:
    """Every line of the season, in the order it is recorded."""
    manual = [json.loads(line) for line in (ROOT / "events" / "wec" / f"{year}.jsonl")
              .read_text().splitlines() if line.strip() and not line.startswith("//")]
    private = {c for line in manual if line.get("type") == "_private" for c in line["cars"]}
    files = {line["round"]: line["file"] for line in manual if line.get("type") == "_timed"}
    classes = {x["class"] for x in manual if x.get("type") == "ClassAdded"}
    lines, seen_cars, seen_drivers = [], set(), set()
    for line in manual:
        if line["type"] == "_private":
            continue
        if line["type"] == "_timed":
            lines += from_file(line["round"], TIMING / str(year) / files[line["round"]],
                               classes, set(line.get("guests", ())), seen_cars,
                               seen_drivers, private, line["on"])
            continue
        if line["type"] == "_crews":
            lines += from_grid(line["round"], TIMING / str(year) / line["file"], classes,
                               set(line.get("guests", ())), seen_cars, seen_drivers, private,
                               line["on"])
            continue
        lines.append(line)
    season = f"wec-{year}"
    out = []
    for n, line in enumerate(lines, start=1):
        line = {"season": season, "actor": ACTOR, **line}
        content = json.dumps(line, sort_keys=True, ensure_ascii=False)
        out.append({"id": str(uuid.uuid5(IDS, f"{season}/{n}/{content}")), **line})
    return out


def check(year: int, lines: list[dict]) -> None:
    """Every line through ``decide``, as ``champ import`` would: refused, nothing written."""
    from champengine import codec
    from champengine.projections.season import SeasonState
    from champengine.recorder import check as decide_all
    from champengine.store import Pending

    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    events = list(codec.read_lines(data, default_season=f"wec-{year}", name=f"wec-{year}"))
    when = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    decide_all(SeasonState(), f"wec-{year}", [
        (f"line {te.line}", Pending(id=te.id, payload=te.payload, recorded_at=when))
        for te in events])


def main(argv: list[str]) -> int:
    for year in [int(y) for y in argv] or [2024, 2025, 2026]:
        lines = build(year)
        check(year, lines)
        path = ROOT / "events" / f"wec-{year}.jsonl"
        path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
        print(f"{path.relative_to(ROOT)}: {len(lines)} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
