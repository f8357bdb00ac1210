"""A small tree in F1DB's layout, written by the tests that need one (no F1DB needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

IDS = {
    "countries": [
        {"id": "italy", "alpha3Code": "ITA", "name": "Italy"},
        {"id": "united-kingdom", "alpha3Code": "GBR", "name": "United Kingdom"},
    ],
    "drivers": [
        {"id": "ann-alpha", "name": "Ann Alpha", "nationalityCountryId": "italy"},
        {"id": "bob-beta", "name": "Bob Beta", "nationalityCountryId": "united-kingdom"},
        {"id": "cy-gamma", "name": "Cy Gamma", "nationalityCountryId": "italy"},
        {"id": "di-delta", "name": "Di Delta", "nationalityCountryId": "united-kingdom"},
    ],
    "constructors": [
        {"id": "rossa", "name": "Rossa", "countryId": "italy"},
        {"id": "verde", "name": "Verde", "countryId": "united-kingdom"},
    ],
    "engine-manufacturers": [
        {"id": "rossa", "name": "Rossa", "countryId": "italy"},
        {"id": "motor", "name": "Motor", "countryId": "united-kingdom"},
    ],
    "circuits": [
        {"id": "ring", "name": "Ring", "fullName": "The Ring", "countryId": "italy"},
        {"id": "park", "name": "Park", "fullName": "Park Circuit", "countryId": "united-kingdom"},
    ],
    "grands-prix": [
        {"id": "italy", "name": "Italy", "fullName": "Italian Grand Prix"},
        {"id": "britain", "name": "Britain", "fullName": "British Grand Prix"},
    ],
    # F1DB names a file after its id nearly always: this one is not
    "entrants": [{"id": "scuderia", "name": "Scuderia Rossa", "_file": "old-name"},
                 {"id": "verde-team", "name": "Verde Team"}],
    "chassis": [{"id": "rossa-1", "name": "1", "fullName": "Rossa 1"},
                {"id": "verde-a", "name": "A", "fullName": "Verde A"}],
    "engines": [{"id": "rossa-v12", "name": "V12", "fullName": "Rossa V12"},
                {"id": "motor-v8", "name": "V8", "fullName": "Motor V8"}],
    "tyre-manufacturers": [{"id": "gomma", "name": "Gomma"}],
}

ENTRANTS = [
    {"entrantId": "scuderia", "countryId": "italy", "constructorId": "rossa",
     "engineManufacturerId": "rossa", "chassisId": "rossa-1", "engineId": "rossa-v12",
     "tyreManufacturerId": "gomma",
     "drivers": [{"driverId": "ann-alpha", "rounds": "1-2"},
                 {"driverId": "bob-beta", "rounds": "1-2"},
                 {"driverId": "di-delta", "rounds": None, "testDriver": True}]},
    {"entrantId": "verde-team", "countryId": "united-kingdom", "constructorId": "verde",
     "engineManufacturerId": "motor", "chassisId": "verde-a", "engineId": "motor-v8",
     "tyreManufacturerId": "gomma", "driverId": "cy-gamma", "rounds": "1-2"},
    {"entrantId": "verde-team", "countryId": "united-kingdom", "constructorId": "verde",
     "engineManufacturerId": "motor", "chassisId": "verde-a", "engineId": "motor-v8",
     "tyreManufacturerId": "gomma", "driverId": "di-delta", "rounds": "2"},
]


def row(position, driver, constructor, engine, laps=10, **more) -> dict:
    return {"position": position, "driverNumber": 1, "driverId": driver,
            "constructorId": constructor, "engineManufacturerId": engine,
            "tyreManufacturerId": "gomma", "laps": laps, "time": None, "gap": None,
            "points": 99, **more}


ROSSA, VERDE = ("rossa", "rossa"), ("verde", "motor")

RACES = {
    "01-italy": {
        "race.yml": {"round": 1, "date": dt.date(1999, 4, 4), "grandPrixId": "italy",
                     "circuitId": "ring", "laps": 10, "scheduledLaps": 12},
        "race-results.yml": [
            row(1, "ann-alpha", *ROSSA, time="1:00:00.000"),
            row(1, "bob-beta", *ROSSA, sharedCar=True),
            row(2, "cy-gamma", *VERDE, laps=9),
            row("DNF", "bob-beta", *ROSSA, laps=3),
        ],
        "fastest-laps.yml": [
            {"position": 1, "driverId": "ann-alpha", "constructorId": "rossa", "time": "1:01"},
            {"position": 1, "driverId": "cy-gamma", "constructorId": "verde", "time": "1:01"},
        ],
        "starting-grid-positions.yml": [{"position": 1, "driverId": "cy-gamma"}],
    },
    "02-britain": {
        "race.yml": {"round": 2, "date": dt.date(1999, 5, 2), "grandPrixId": "britain",
                     "circuitId": "park", "laps": 10, "sprintRaceLaps": 5},
        "race-results.yml": [
            row("DNF", "ann-alpha", *ROSSA, laps=4),
            row(2, "cy-gamma", *VERDE),
            row(1, "bob-beta", *ROSSA),
            row("EX", "di-delta", *VERDE, laps=10),
            row("DNQ", "di-delta", *ROSSA, laps=None),  # the test driver, in no round
        ],
        "sprint-race-results.yml": [row(1, "cy-gamma", *VERDE, laps=5),
                                    row(2, "bob-beta", *ROSSA, laps=5)],
    },
}

RULES = ('{"type": "LineupRulesAdopted", "classes": ["F1"], "max_drivers": 2, "cars_per_driver": 2}\n'
         '{"type": "ScoringRulesAdopted", "classes": ["F1"], "rules": {"points": [9, 6]}}\n')
DECISIONS = ('{"type": "PointsAdjusted", "round": "italy", "class": "F1", "table": "drivers",'
             ' "competitor": "cy-gamma", "points": -1, "recorded_at": "1999-04-20T10:00:00Z"}\n')


def dump(path: Path, doc) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))


def make_tree(root: Path) -> tuple[Path, Path]:
    """(the data directory, the rules directory) of a one-season tree, 1999."""
    data = root / "f1db" / "data"
    for kind, docs in IDS.items():
        for doc in docs:
            doc = dict(doc)
            dump(data / kind / f"{doc.pop('_file', doc['id'])}.yml", doc)
    season = data / "seasons" / "1999"
    dump(season / "entrants.yml", ENTRANTS)
    for race, files in RACES.items():
        for name, doc in files.items():
            dump(season / "races" / race / name, doc)
    # what the importer must never read: a standings file it could not even parse
    (season / "driver-standings.yml").write_text("- position: [unclosed\n")
    (season / "races" / "01-italy" / "driver-standings.yml").write_text("{{{\n")
    rules = root / "f1"
    (rules / "rules").mkdir(parents=True)
    (rules / "rules" / "1990-1999.jsonl").write_text(RULES)
    (rules / "decisions").mkdir()
    (rules / "decisions" / "1999.jsonl").write_text(DECISIONS)
    return data, rules
