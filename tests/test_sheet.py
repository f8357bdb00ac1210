"""classify reads the whole timing sheet: TEAM, DRIVER_n and VEHICLE checked against the
entries and crews, every difference at once with the command that settles it;
``--register`` records what is missing in the same batch; a crew stays until changed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, read_bytes
from test_cli import ok, refused

INJE_2013 = str(ROOT / "examples" / "inje-2013.csv")
INJE_2014 = str(ROOT / "examples" / "inje-2014.csv")
EVENT_TYPES = ("EntryRegistered", "DriverRegistered", "DriverNominated", "RaceClassified",
               "PoleAwarded", "ClassificationCorrected")


def season(tmp_path, key: str, classes: tuple[str, ...], date: str) -> str:
    """A season opened with its classes, the default rules and one round, inje."""
    log = str(tmp_path / f"{key}.log")
    steps = [["init"], ["open-season", key, "--series", "Asian Le Mans Series", "--year",
                        date[:4]],
             *(["add-class", c] for c in classes),
             ["adopt-rules", *(x for c in classes for x in ("--class", c))],
             ["schedule", "inje", "--name", "3 Hours of Inje", "--date", date],
             ["schedule", "fuji", "--name", "3 Hours of Fuji", "--date", date[:4] + "-09-22"]]
    for step in steps:
        ok(*step, log=log)
    return log


def totals(log: str, class_: str, table: str) -> dict[str, float]:
    doc = json.loads(ok("standings", "--class", class_, "--table", table, "--format", "json",
                        log=log))
    return {r.get("car") or r["name"]: r["total"] for r in doc["rows"]}


def test_inje_2013_from_its_sheet_in_one_command_gives_the_published_points(tmp_path):
    log = season(tmp_path, "aslms-2013", ("LMP2", "GTC", "LMGTE"), "2013-08-04")
    before = len(read_bytes(log))
    out = ok("classify", "--round", "inje", "--register", INJE_2013, log=log)
    assert out.count("EntryRegistered") == 9 and out.count("DriverRegistered") == 24
    assert out.count("DriverNominated") == 24 and out.count("RaceClassified") == 3
    assert len(read_bytes(log)) > before
    for class_, car in (("LMP2", "24"), ("LMGTE", "70"), ("GTC", "007")):
        ok("pole", "--round", "inje", "--class", class_, "--car", car, log=log)
    # by hand: 25-18-15-12 by class position, 1 for pole, nothing for NC
    assert totals(log, "LMP2", "teams") == {"18": 25, "24": 19}
    assert totals(log, "LMGTE", "teams") == {"70": 26}
    assert totals(log, "GTC", "teams") == {"77": 25, "taisan-gtc": 18, "bbt-gtc": 15, "91": 12,
                                           "007": 1, "92": 0}
    assert totals(log, "GTC", "drivers")["Frank Yu"] == 1
    assert totals(log, "LMP2", "drivers") == {
        "Akash Nandy": 25, "Gary Thompson": 25, "James Winslow": 25,
        "David Cheng": 19, "Ho-Pin Tung": 19, "Jeffrey Lee": 19}
    # the same as the shipped season after round 1
    shipped = json.loads(ok("standings", "--class", "GTC", "--after-round", "1", "--format",
                            "json"))
    assert {r["car"]: r["by_round"].get("inje") for r in shipped["rows"]
            if "inje" in r["by_round"]} == totals(log, "GTC", "teams")


def test_inje_2014_from_its_sheet_gives_the_class_points_worked_by_hand(tmp_path):
    log = season(tmp_path, "aslms-2014", ("LMP2", "GT", "CN"), "2014-07-20")
    ok("classify", "--round", "inje", "--register", INJE_2014, log=log)
    ok("pole", "--round", "inje", "--class", "LMP2", "--car", "1", log=log)
    assert totals(log, "LMP2", "teams") == {"1": 26, "27": 0}
    assert totals(log, "GT", "teams") == {"92": 25, "90": 18, "91": 15, "7": 0}
    assert totals(log, "CN", "teams") == {"77": 25, "45": 0}
    assert totals(log, "GT", "drivers")["Marco Seefried"] == 25
    doc = json.loads(ok("classification", "--round", "inje", "--class", "LMP2", "--format",
                        "json", log=log))
    assert [(r["car"], r["laps"], r["status"]) for r in doc["rows"]] == [
        ("1", 121, "classified"), ("27", 96, "DNF")]


def test_without_register_every_difference_is_listed_at_once_and_nothing_written(tmp_path):
    log = season(tmp_path, "aslms-2014", ("LMP2", "GT", "CN"), "2014-07-20")
    before = read_bytes(log)
    line = refused(1, "classify", "--round", "inje", INJE_2014, log=log)
    assert "differs from the season at inje in 37 places" in line  # 8 cars, 21 drivers, 8 crews
    assert "champ register-entry 92 --class GT --team AAI-Rstrada --chassis 'BMW Z4 GT3'" in line
    assert "champ register-driver marco-seefried --name 'Marco Seefried'" in line
    assert "champ nominate --round inje --car 1 david-cheng ho-pin-tung" in line
    assert line.endswith(f"champ classify --round inje --register {INJE_2014}")
    assert not any(t in line for t in EVENT_TYPES)
    assert read_bytes(log) == before


def test_team_and_vehicle_differences_are_refused_even_with_register(tmp_path):
    log = season(tmp_path, "aslms-2014", ("LMP2", "GT", "CN"), "2014-07-20")
    ok("register-entry", "1", "--class", "LMP2", "--team", "OAK Racing", "--chassis",
       "Oreca 03", log=log)
    before = read_bytes(log)
    line = refused(1, "classify", "--round", "inje", "--register", INJE_2014, log=log)
    assert "in 2 places" in line
    assert "the sheet's team is 'OAK Racing Team Total', the entry's 'OAK Racing'" in line
    assert "champ amend-entry 1 --team-alias 'OAK Racing Team Total'" in line
    assert "champ change-car 1 --from-round inje --chassis 'Morgan LMP2'" in line
    assert read_bytes(log) == before


def test_a_crew_nominated_at_a_round_stays_until_changed(tmp_path):
    log = season(tmp_path, "demo-2025", ("LMP2",), "2025-05-01")
    sheet = tmp_path / "r.csv"
    sheet.write_text("POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;CLASS;STATUS\n"
                     "1;5;Five;Ann Lee;Bob Ong;LMP2;Classified\n"
                     "2;6;Six;Cy Tan;;LMP2;Classified\n")
    ok("classify", "--round", "inje", "--register", str(sheet), log=log)
    bare = tmp_path / "bare.csv"  # a sheet without drivers: the crews stand
    bare.write_text("POSITION;NUMBER;CLASS;STATUS\n1;6;LMP2;Classified\n2;5;LMP2;Classified\n")
    out = ok("classify", "--round", "fuji", str(bare), log=log)
    assert out.count("DriverNominated round=fuji") == 3
    assert totals(log, "LMP2", "drivers") == {"Cy Tan": 43, "Ann Lee": 43, "Bob Ong": 43}


def test_the_same_crew_on_the_next_sheet_is_no_difference_and_a_new_one_is(tmp_path):
    log = season(tmp_path, "demo-2025", ("LMP2",), "2025-05-01")
    first = tmp_path / "r1.csv"
    first.write_text("POSITION;NUMBER;TEAM;DRIVER_1;CLASS;STATUS\n1;5;Five;Ann Lee;LMP2;Classified\n")
    ok("classify", "--round", "inje", "--register", str(first), log=log)
    second = tmp_path / "r2.csv"
    second.write_text("POSITION;NUMBER;TEAM;DRIVER_1;CLASS;STATUS\n1;5;Five;Dee Wu;LMP2;Classified\n")
    line = refused(1, "classify", "--round", "fuji", str(second), log=log)
    assert "in 2 places" in line and "champ register-driver dee-wu --name 'Dee Wu'" in line
    ok("classify", "--round", "fuji", "--register", str(second), log=log)
    assert totals(log, "LMP2", "drivers") == {"Ann Lee": 25, "Dee Wu": 25}


def test_refusals_name_the_champ_command_never_an_event_type(tmp_path):
    log = season(tmp_path, "demo-2025", ("LMP2",), "2025-05-01")
    sheet = tmp_path / "r.csv"
    sheet.write_text("POSITION;NUMBER;TEAM;DRIVER_1;CLASS;STATUS\n1;5;Five;Ann Lee;LMP2;Classified\n")
    ok("classify", "--round", "inje", "--register", str(sheet), log=log)
    line = refused(1, "classify", "--round", "inje", str(sheet), log=log)
    assert "champ classify: LMP2 at 'inje' is already classified" in line
    assert "(champ correct)" in line and not any(t in line for t in EVENT_TYPES)
    for d in ("b", "c", "d"):
        ok("register-driver", d, "--name", d.upper(), log=log)
    ok("nominate", "--round", "inje", "--car", "5", "b", "c", log=log)
    line = refused(1, "nominate", "--round", "inje", "--car", "5", "d", log=log)
    assert line.startswith("champ: error: champ nominate: car #5 already has 3 drivers")
    assert "champ adopt-lineup-rule --max-drivers N" in line
    line = refused(1, "pole", "--round", "inje", "--class", "LMP2", "--car", "99", log=log)
    assert "champ register-entry" in line
    assert Path(log).exists()
