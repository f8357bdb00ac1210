"""Race timing straight from the timing system's lap analysis files: reading them, the
running order, the provisional classification, drive times and fastest laps."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from champengine.cli import cli
from champengine.errors import DecodeError
from champengine.importers.lap_analysis import millis, read_laps, read_race
from champengine.projections.drive_time import drive_times
from champengine.projections.fastest_laps import fastest
from champengine.projections.provisional import classify, finish_time
from champengine.projections.running_order import order

TIMING = Path(__file__).resolve().parents[1].parent / "shared" / "timing" / "wec"
FILES = sorted(TIMING.glob("*/*.csv"))
needs_files = pytest.mark.skipif(not FILES, reason="the shared timing files are not here")


def race(path: Path, **kw):
    with open(path, "rb") as f:
        return read_race(f, name=str(path), **kw)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- times -------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=99 * 3600 * 1000))
def test_a_time_as_the_sheet_prints_it_reads_back_to_its_milliseconds(ms):
    whole, frac = divmod(ms, 1000)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    assert millis(f"{h}:{m:02d}:{s:02d}.{frac:03d}") == ms
    if not h:
        assert millis(f"{m}:{s:02d}.{frac:03d}") == ms


@pytest.mark.parametrize("text", ["", "1:60.000", "1:61:00.000", "1.2.3", "-1.0", "1::2",
                                  "1:2:3:4", "\u0663.1", "1e3", " 1.0", "1.0000"])
def test_a_time_the_sheet_would_never_print_is_refused(text):
    with pytest.raises(ValueError):
        millis(text)


# --- reading the file: columns by name ------------------------------------------------------

HEADER = ("NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; CROSSING_FINISH_LINE_IN_PIT; S1; S2; "
          "S3; ELAPSED; HOUR;DRIVER_NAME;PIT_TIME;CLASS;TEAM;MANUFACTURER;FLAG_AT_FL;")
ROWS = [
    "7;1;1;1:50.000;;30.000;40.000;40.000;1:50.000;14:01:50.000;Mike CONWAY;;HYPERCAR;Toyota;Toyota;GF;",
    "7;1;2;1:40.000;B;30.000;35.000;35.000;3:30.000;14:03:30.000;Mike CONWAY;;HYPERCAR;Toyota;Toyota;GF;",
    "7;2;3;2:00.000;;50.000;35.000;35.000;5:30.000;14:05:30.000;Kamui KOBAYASHI;0:00:30.000;HYPERCAR;Toyota;Toyota;FF;",
    "92;1;1;2:00.000;;40.000;40.000;40.000;2:00.000;14:02:00.000;Klaus BACHLER;;LMGT3;Manthey;Porsche;GF;",
    "92;1;2;3:40.000;;40.000;40.000;2:20.000;5:40.000;14:05:40.000;Klaus BACHLER;;LMGT3;Manthey;Porsche;FF;",
]


def text_file(header: str = HEADER, rows=ROWS) -> bytes:
    return ("\ufeff" + "\n".join([header, *rows]) + "\n").encode()


def laps_of(data: bytes):
    return [(r.car, r.class_, r.lap) for r in read_laps(io.BytesIO(data), name="t.csv")]


def test_columns_are_read_by_name_whatever_the_layout():
    """Stray spaces, a trailing empty column, columns in another order or missing, commas."""
    plain = laps_of(text_file())
    names = [h.strip() for h in HEADER.split(";") if h.strip()]
    order_ = list(reversed(range(len(names))))
    moved = [";".join(r.split(";")[i] for i in order_) for r in ROWS]
    assert laps_of(text_file(";".join(f" {names[i]} " for i in order_), moved)) == plain
    commas = [r.replace(";", ",") for r in ROWS]
    assert laps_of(text_file(HEADER.replace(";", ","), commas)) == plain
    extra = [r + "x;" for r in ROWS]
    assert laps_of(text_file(HEADER + " EXTRA;", extra)) == plain
    lean = "NUMBER;LAP_NUMBER;LAP_TIME;ELAPSED"
    rows = [";".join(r.split(";")[i] for i in (0, 2, 3, 8)) for r in ROWS]
    assert [lap.elapsed for _, _, lap in laps_of(text_file(lean, rows))] == [
        lap.elapsed for _, _, lap in plain]
    first = plain[0][2]
    assert (first.lap, first.time, first.elapsed, first.driver, first.s2) == (
        1, 110_000, 110_000, "Mike CONWAY", 40_000)
    assert plain[1][2].pit_in and plain[2][2].pit_time == 30_000 and plain[2][2].flag == "FF"


def _bad(row_index: int, column: int, value: str) -> bytes:
    rows = list(ROWS)
    fields = rows[row_index].split(";")
    fields[column] = value
    rows[row_index] = ";".join(fields)
    return text_file(rows=rows)


HOSTILE = {
    "a lap time that is not a time": (_bad(1, 3, "fast"), "line 3", "LAP_TIME"),
    "no car number": (_bad(0, 0, ""), "line 2", "NUMBER"),
    "lap zero": (_bad(0, 2, "0"), "line 2", "LAP_NUMBER"),
    "a lap number of letters": (_bad(2, 2, "three"), "line 4", "LAP_NUMBER"),
    "a lap twice": (_bad(1, 2, "1"), "line 3", "lap 1"),
    "race time going back": (_bad(2, 8, "1:00.000"), "line 4", "ELAPSED"),
    "a pit mark of another kind": (_bad(0, 4, "Y"), "line 2", "CROSSING_FINISH_LINE_IN_PIT"),
    "a driver number of a thousand": (_bad(0, 1, "1000"), "line 2", "DRIVER_NUMBER"),
    "a time of a year": (_bad(0, 8, "9999:00:00.000"), "line 2", "ELAPSED"),
    "a huge field": (_bad(0, 10, "x" * 5000), "line 2", "DRIVER_NAME"),
    "a row cut short": (text_file(rows=[ROWS[0], "7;1;2"]), "line 3", "fields"),
    "not UTF-8": (text_file().replace(b"Mike", b"\xff\xfe"), "line", "UTF-8"),
    "a NUL byte": (text_file().replace(b"Mike", b"\x00"), "line", ""),
    "no header": (b"", "empty", ""),
    "a header without laps": (b"CAR;DRIVER\n7;x\n", "line 1", "NUMBER"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_every_hostile_row_is_refused_naming_file_and_line(case, tmp_path):
    data, where, what = HOSTILE[case]
    with pytest.raises(DecodeError) as info:
        list(read_laps(io.BytesIO(data), name="t.csv"))
    message = str(info.value)
    assert message.startswith("t.csv") and where in message and what in message
    assert "\n" not in message
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    result = run("timing", "classify", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr


# --- the views ----------------------------------------------------------------------------


def small():
    return read_race(io.BytesIO(text_file()), name="t.csv")


def test_the_running_order_counts_the_laps_crossed_by_then():
    places = order(small(), 3 * 60_000 + 35_000)
    assert [(p.car, p.laps, p.position) for p in places] == [("7", 2, 1), ("92", 1, 1)]
    assert places[0].in_pit and places[0].pit_stops == 1 and places[0].driver == "Mike CONWAY"


def test_the_flag_falls_at_the_first_lap_ended_under_ff_and_every_car_finishes_next():
    r = small()
    assert finish_time(r) == 330_000
    rows = classify(r)
    assert [(f.place.car, f.place.laps, f.status) for f in rows] == [
        ("7", 3, "classified"), ("92", 2, "classified")]


def test_without_the_flag_the_time_limit_says_when_the_race_ends():
    cut = [r.replace(";FF;", ";GF;") for r in ROWS]
    r = read_race(io.BytesIO(text_file(rows=cut)), name="t.csv", time_limit=200_000)
    assert finish_time(r) == 210_000  # the leader's first crossing after 3:20
    assert [f.place.laps for f in classify(r)] == [2, 2]
    assert finish_time(read_race(io.BytesIO(text_file(rows=cut)))) is None


def test_a_driver_drives_the_laps_the_file_shows_him_on():
    rows = {(d.car, d.driver): d for d in drive_times(small())}
    assert rows[("7", "Mike CONWAY")].drive_time == 210_000
    assert rows[("7", "Kamui KOBAYASHI")].drive_time == 120_000
    assert len(rows[("7", "Mike CONWAY")].stints) == 1


def test_the_first_of_a_class_is_its_fastest_lap():
    rows = fastest(small())
    assert [(b.class_, b.rank, b.driver, b.time) for b in rows] == [
        ("HYPERCAR", 1, "Mike CONWAY", 100_000), ("HYPERCAR", 2, "Kamui KOBAYASHI", 120_000),
        ("LMGT3", 1, "Klaus BACHLER", 120_000)]


# --- the shared files ---------------------------------------------------------------------


@needs_files
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_each_shared_file_reads_whole(path):
    r = race(path)
    rows = sum(1 for line in path.read_text(encoding="utf-8-sig").splitlines()[1:] if line)
    assert sum(len(run_.laps) for run_ in r.runs) == rows
    assert finish_time(r) is not None
    for d in drive_times(r):
        assert d.drive_time > 0
    by_car = {}
    for d in drive_times(r):
        by_car[d.car] = by_car.get(d.car, 0) + d.drive_time
    for run_ in r.runs:  # every lap belongs to one driver's time
        assert by_car[run_.car] == sum(lap.time for lap in run_.laps)


#: class winners, their laps and the margin to second, as published (the provisional
#: result at the flag; a decision taken after it is the log's business, not the file's)
PUBLISHED = [
    # frontstretch.com/2025/02/28/ferrari-scores-podium-sweep-in-wec-qatar-opener: #50 by
    # 2.348 s over #83; en.wikipedia "2025 Qatar 1812 km": 318 laps; businesslive.co.za
    # 2025-03-03: LMGT3 #33 TF Sport by less than half a second over #59
    ("2025/qatar_1812km.csv", "HYPERCAR", "50", 318, "83", 2348),
    ("2025/qatar_1812km.csv", "LMGT3", "33", None, "59", 493),
    # wec-magazin.com "Hard-fought win for Porsche at chaotic 6 Hours of Fuji": #6 by 16 s
    # after 213 laps; gt-report.com 2024-09-15 and ansa.it 2024-09-16: LMGT3 #54 ahead of #92
    ("2024/fuji_6h.csv", "HYPERCAR", "6", 213, "15", None),
    ("2024/fuji_6h.csv", "LMGT3", "54", None, "92", None),
    # racerviews.com 2025-10-01, frontstretch.com 2025-09-28: #35 Alpine by 7.682 s over #93
    ("2025/fuji_6h.csv", "HYPERCAR", "35", None, "93", 7682),
]


@needs_files
@pytest.mark.parametrize(("path", "class_", "winner", "laps", "second", "margin"), PUBLISHED)
def test_the_derived_classification_matches_the_published_result(path, class_, winner, laps,
                                                                 second, margin):
    rows = [f.place for f in classify(race(TIMING / path)) if f.place.class_ == class_]
    assert rows[0].car == winner and rows[1].car == second
    if laps is not None:
        assert rows[0].laps == laps
    if margin is not None:
        assert rows[1].gap.laps == 0 and rows[1].gap.millis == margin


@needs_files
@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=0, max_value=1))
def test_the_running_order_at_any_time_only_counts_laps_crossed_by_then(share):
    r = QATAR()
    at = int(share * r.end())
    places = order(r, at)
    assert all(p.time is None or p.time <= at for p in places)
    keys = [(-p.laps, p.time if p.time is not None else 1 << 62) for p in places]
    assert keys == sorted(keys)
    later = {p.car: p.laps for p in order(r, at + 600_000)}
    assert all(later[p.car] >= p.laps for p in places)


_cache = {}


def QATAR():
    if "q" not in _cache:
        _cache["q"] = race(TIMING / "2025/qatar_1812km.csv")
    return _cache["q"]


# --- the commands ---------------------------------------------------------------------------


@needs_files
def test_classify_json_rows_carry_the_fields_the_issue_names():
    result = run("timing", "classify", str(TIMING / "2025/qatar_1812km.csv"), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    first, second = doc["rows"][:2]
    assert set(first) >= {"overall", "class", "position", "car", "team", "drivers", "laps",
                          "time", "gap", "interval", "status"}
    assert first["car"] == "50" and first["gap"] is None and second["gap"] == 2.348
    behind = next(r for r in doc["rows"] if r["class"] == "HYPERCAR" and r["laps"] == 317)
    assert behind["gap"] == "1 lap"


@needs_files
def test_running_order_and_drivers_and_fastest_answer_in_every_format():
    path = str(TIMING / "2025/spa_6h.csv")
    for args, fields in ((("running-order", "--at", "3:00"), {"driver", "laps", "gap"}),
                         (("drivers",), {"car", "driver", "drive_time", "stints"}),
                         (("fastest",), {"class", "rank", "driver", "time"})):
        doc = json.loads(run("timing", *args, path, "--format", "json").stdout)
        assert doc["rows"] and set(doc["rows"][0]) >= fields
        rows = list(csv.DictReader(io.StringIO(run("timing", *args, path,
                                                   "--format", "csv").stdout)))
        assert len(rows) == len(doc["rows"])
        assert run("timing", *args, path).exit_code == 0


@needs_files
def test_a_file_cut_before_the_flag_needs_the_time_limit(tmp_path):
    lines = (TIMING / "2025/qatar_1812km.csv").read_text(encoding="utf-8-sig").splitlines()
    head, rows = lines[0], lines[1:]
    elapsed = [h.strip() for h in head.split(";")].index("ELAPSED")
    cut = [r for r in rows if millis(r.split(";")[elapsed]) <= 6 * 3600_000]
    path = tmp_path / "qatar-6h.csv"
    path.write_text("\n".join([head, *cut]) + "\n")
    refused = run("timing", "classify", str(path))
    assert refused.exit_code == 2 and "--time-limit" in refused.stderr
    early = run("timing", "classify", str(path), "--time-limit", "10:00")
    assert early.exit_code == 2 and "before the finish" in early.stderr
    doc = json.loads(run("timing", "classify", str(path), "--time-limit", "5:00",
                         "--format", "json").stdout)
    leader = order(QATAR(), 5 * 3600_000)[0]
    assert doc["rows"][0]["car"] == leader.car and doc["rows"][0]["laps"] == leader.laps + 1


def test_a_race_time_that_is_not_one_is_a_usage_error(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(text_file())
    result = run("timing", "running-order", str(path), "--at", "noon")
    assert result.exit_code == 2 and "race time" in result.output
    missing = run("timing", "drivers", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2 and missing.stderr.count("\n") == 1
