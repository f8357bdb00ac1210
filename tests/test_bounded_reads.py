"""Whole-file reads are bounded (issue 17 item 10): an endless input is refused in
bounded memory, a line or a file over the read limits is refused the same way by
``import``, ``--with`` and a JSON Lines ``--log``, and a JSON Lines file read
directly holds only what the binary log could."""

from __future__ import annotations

import io
import json
import tracemalloc

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from champengine import inputs
from champengine.cli import cli
from champengine.errors import DecodeError
from champengine.store.file import create_log
from conftest import SEASON_LOG, read_bytes

LOG = str(SEASON_LOG)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("champ: error: "), result.stderr
    return lines[0]


def peak_of(call) -> tuple[object, int]:
    tracemalloc.start()
    try:
        out = call()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_dev_zero_as_the_log_is_refused_at_once():
    result, peak = peak_of(lambda: run("--log", "/dev/zero", "log", "show"))
    assert "neither a champengine log nor JSON Lines" in one_line(result, 2)
    assert peak < 4 << 20


def test_importing_dev_zero_is_refused_in_bounded_memory(tmp_path):
    log = str(tmp_path / "x.log")
    create_log(log)
    before = read_bytes(log)
    result, peak = peak_of(lambda: run("--log", log, "import", "/dev/zero"))
    assert "line 1: over the line limit" in one_line(result, 2)
    assert peak < inputs.MAX_LINE + (8 << 20)
    assert read_bytes(log) == before


def test_dev_zero_as_a_what_if_file_is_refused_in_bounded_memory():
    result, peak = peak_of(lambda: run("--log", LOG, "--with", "/dev/zero", "calendar"))
    assert "over the line limit" in one_line(result, 2)
    assert peak < inputs.MAX_LINE + (8 << 20)


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(inputs, "MAX_LINE", 4096)
    monkeypatch.setattr(inputs, "_STEP", 1024)
    monkeypatch.setattr(inputs, "MAX_INPUT", 1 << 20)


def _long_line_file(tmp_path) -> str:
    lines = SEASON_LOG.read_text().splitlines()
    doc = json.loads(lines[5])
    doc["note"] = "n" * 5000
    lines[5] = json.dumps(doc)
    path = tmp_path / "long.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.mark.parametrize("how", ["import", "--with", "--log"])
def test_a_line_over_the_limit_is_refused_the_same_way_everywhere(tmp_path, small_limits, how):
    path = _long_line_file(tmp_path)
    if how == "import":
        log = str(tmp_path / "x.log")
        create_log(log)
        result = run("--log", log, "import", path)
    elif how == "--with":
        result = run("--log", LOG, "--with", path, "calendar")
    else:
        result = run("--log", path, "calendar")
    assert f"{path} line 6: over the line limit" in one_line(result, 2)


@pytest.mark.parametrize("how", ["import", "--with", "--log"])
def test_a_file_over_the_limit_is_refused_the_same_way_everywhere(tmp_path, monkeypatch, how):
    monkeypatch.setattr(inputs, "MAX_INPUT", 64 << 10)
    if how == "import":
        log = str(tmp_path / "x.log")
        create_log(log)
        result = run("--log", log, "import", LOG)
    elif how == "--with":
        result = run("--log", LOG, "--with", LOG, "calendar")
    else:
        result = run("--log", LOG, "calendar")
    assert "over the read limit" in one_line(result, 2)


def test_a_json_lines_log_obeys_the_binary_logs_limits(tmp_path):
    lines = SEASON_LOG.read_text().splitlines()
    doc = json.loads(lines[5])
    doc["note"] = "n" * (2 << 20)  # past a binary log's longest text (1 MiB)
    lines[5] = json.dumps(doc)
    path = tmp_path / "big-note.jsonl"
    path.write_text("\n".join(lines) + "\n")
    log = str(tmp_path / "x.log")
    create_log(log)
    imported = one_line(run("--log", log, "import", str(path)), 1)
    direct = one_line(run("--log", str(path), "calendar"), 1)
    assert "could not be read back" in imported and "could not be read back" in direct


@settings(max_examples=200, deadline=None)
@given(lengths=st.lists(st.integers(0, 40), min_size=0, max_size=30), step=st.integers(1, 9),
       end=st.booleans())
def test_a_bounded_read_refuses_the_first_line_over_the_limit_and_nothing_else(
        lengths, step, end):
    limit = 20
    data = b"\n".join(b"x" * n for n in lengths) + (b"\n" if end else b"")
    old = inputs.MAX_LINE, inputs._STEP
    inputs.MAX_LINE, inputs._STEP = limit, step
    try:
        over = [i for i, n in enumerate(lengths, start=1) if n > limit]
        if over:
            with pytest.raises(DecodeError, match=f"line {over[0]}: over the line limit"):
                inputs.read_bounded(io.BytesIO(data), "f")
        else:
            assert inputs.read_bounded(io.BytesIO(data), "f") == data
    finally:
        inputs.MAX_LINE, inputs._STEP = old
