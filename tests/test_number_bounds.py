"""Numbers are bounded (issue 17 item 6): points, penalties, adjustments, factors and
every other quantity an event carries are refused past 10^6 either way, whether they
come from a file, a what-if file, a command or a log; no total is ever infinite and
JSON output is always valid JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from champengine.bounds import MAX_QUANTITY, quantity_fault
from champengine.cli import cli
from champengine.codec import read_lines
from champengine.errors import DecodeError
from champengine.events import PenaltyImposed, PointsAdjusted
from champengine.store.file import FileStore, create_log
from conftest import SEASON_LOG, read_bytes

LOG = str(SEASON_LOG)
ADJUST = {"type": "PointsAdjusted", "season": "aslms-2013", "round": "inje", "class": "LMP2",
          "table": "teams", "competitor": "18", "reason": "test"}
PENALTY = {"type": "PenaltyImposed", "season": "aslms-2013", "round": "inje", "car": "18",
           "kind": "points", "reason": "test"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def strict_json(text: str):
    """JSON as the standard has it: no NaN, no Infinity."""
    def refuse(name):
        raise AssertionError(f"not JSON: {name}")
    return json.loads(text, parse_constant=refuse)


OUT_OF_BOUNDS = [MAX_QUANTITY + 1, -MAX_QUANTITY - 1, 1e300, -1e300, 10**18, 1e6 + 0.5]


@pytest.mark.parametrize("value", OUT_OF_BOUNDS)
@pytest.mark.parametrize("line", [
    lambda v: {**ADJUST, "points": v},
    lambda v: {**PENALTY, "value": v},
    lambda v: {"type": "ScoringRulesAdopted", "season": "aslms-2013", "classes": ["LMP2"],
               "rules": {"points": [25, v]}},
])
def test_a_quantity_past_the_bound_is_a_decode_error_naming_its_line(value, line):
    text = "\n" + json.dumps(line(value))
    with pytest.raises(DecodeError, match="input line 2: .*out of bounds"):
        list(read_lines(text.encode()))


@pytest.mark.parametrize("value", [MAX_QUANTITY, -MAX_QUANTITY, 0.5, 0])
def test_a_quantity_at_the_bound_reads(value):
    [te] = read_lines(json.dumps({**ADJUST, "points": value}).encode())
    assert te.payload.points == value


@pytest.mark.parametrize("how", ["import", "--with"])
def test_import_and_what_if_refuse_an_adjustment_past_the_bound(tmp_path, how):
    path = tmp_path / "huge.jsonl"
    path.write_text(json.dumps({**ADJUST, "points": 1e300}) + "\n")
    if how == "import":
        log = str(tmp_path / "x.log")
        create_log(log)
        before = read_bytes(log)
        result = run("--log", log, "import", str(path))
        assert read_bytes(log) == before
    else:
        result = run("--log", LOG, "--with", str(path), "standings", "--class", "LMP2",
                     "--table", "teams")
    assert result.exit_code == 2, result.output
    assert "out of bounds" in result.stderr and result.stderr.count("\n") == 1


def test_a_command_past_the_bound_is_refused_and_writes_nothing(tmp_path):
    log = str(tmp_path / "x.log")
    create_log(log)
    assert run("--log", log, "import", LOG).exit_code == 0
    before = read_bytes(log)
    for points in ("1e300", "inf", "nan", "-1000001"):
        result = run("--log", log, "adjust-points", "--round", "inje", "--class", "LMP2",
                     "--table", "teams", "--competitor", "18", "--points", points)
        assert result.exit_code in (1, 2), (points, result.output)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("champ: error: ")
    assert read_bytes(log) == before


def test_every_store_refuses_a_quantity_no_reader_would_read():
    assert quantity_fault(PointsAdjusted("inje", "LMP2", "teams", "18", 1e300))
    assert quantity_fault(PenaltyImposed("inje", "18", "points", float("inf"), "x"))
    assert quantity_fault(PenaltyImposed("inje", "18", "points", 3, "x")) is None


@settings(max_examples=10, deadline=None)
@given(points=st.lists(st.sampled_from([MAX_QUANTITY, -MAX_QUANTITY, 0.1, 1e-9]),
                       min_size=1, max_size=40))
def test_totals_at_the_bound_stay_finite_and_json_stays_json(tmp_path_factory, points):
    path = tmp_path_factory.mktemp("bound") / "adjustments.jsonl"
    path.write_text("".join(json.dumps({**ADJUST, "points": p}) + "\n" for p in points))
    result = run("--log", LOG, "--with", str(path), "standings", "--class", "LMP2",
                 "--table", "teams", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = strict_json(result.stdout)
    totals = [row["total"] for row in doc["rows"]]
    assert all(abs(t) < 10**9 for t in totals)


def test_a_log_holding_a_quantity_past_the_bound_is_refused_never_read_as_inf(tmp_path):
    import datetime as dt

    from champengine.codec import pack_records
    from champengine.events import Envelope
    from champengine.store import framing

    log = str(tmp_path / "x.log")
    with FileStore(log, create=True) as store:
        store.append("s", [])
    env = Envelope.of(PointsAdjusted("inje", "LMP2", "teams", "18", 1e300), id="x", season="s",
                      seq=1, recorded_at=dt.datetime(2013, 1, 1, tzinfo=dt.UTC))
    body = pack_records([env])
    with open(log, "ab") as f:
        f.write(framing.encode_frame(body, 1))
    result = run("--log", log, "log", "export")
    assert result.exit_code == 1 and "corrupt" in result.stderr, result.output
