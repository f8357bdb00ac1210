"""Idempotency: doing a thing twice does it once.

- re-importing a file changes nothing, with or without ids in it, even after other
  writers appended in between, and importing it piecemeal ends where importing it
  whole does;
- a writer that lost an append's acknowledgement and retries it (same ids, same
  content) after another writer appended gets the stored events back, and the file
  is unchanged, whatever expected_seq it sends;
- the text form of a log imported into that same log changes nothing, and imported
  into a new one gives back the same text.

(The crash test retries the batch in flight of every killed writer: the same
promise after a real SIGKILL.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from champengine import codec
from champengine.cli import cli
from champengine.errors import ChampError
from champengine.events import RoundScheduled
from champengine.recorder import import_text
from champengine.store import Pending, check
from champengine.store.file import FileStore, create_log
from champengine.store.memory import MemoryStore
from conftest import read_bytes
from given import SEASON, season
from reliability import SCRIPT, make_batch
from reliability import SEASON as RSEASON

CHAMP = str(Path(sys.executable).parent / "champ")


def run(log: str, *args: str):
    result = CliRunner().invoke(cli, ["--log", log, *args], catch_exceptions=False)
    return result


def season_text(*, with_ids: bool) -> bytes:
    """The hand-made season as JSON Lines, as a person would write it: no seq, no
    position, no recorded_at; ids only if asked."""
    store = MemoryStore()
    store.append(SEASON, [Pending(f"ev-{n}", p) for n, p in enumerate(season())])
    lines = []
    for env in store.read_all():
        doc = codec.envelope_to_json(env)
        for key in ("seq", "position", "recorded_at") + (() if with_ids else ("id",)):
            doc.pop(key)
        lines.append(json.dumps(doc))
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("with_ids", [True, False], ids=["ids", "derived-ids"])
def test_reimporting_a_file_after_other_writes_changes_nothing(tmp_path, with_ids):
    log, source = str(tmp_path / "s.log"), tmp_path / "season.jsonl"
    source.write_bytes(season_text(with_ids=with_ids))
    events = len(season())
    assert run(log, "init").exit_code == 0
    first = run(log, "import", str(source))
    assert first.exit_code == 0 and first.stdout.startswith(f"imported {events} events")
    # another writer appends between the two imports
    done = run(log, "schedule", "extra", "--name", "Extra", "--date", "2013-12-20")
    assert done.exit_code == 0, done.output
    before = read_bytes(log)
    again = run(log, "import", str(source))
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith(f"imported 0 events, {events} already in the log")
    assert read_bytes(log) == before
    assert check.verify(log).ok


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, len(season())), min_size=1, max_size=4), st.booleans())
def test_importing_piecemeal_and_again_ends_where_importing_once_does(cuts, with_ids):
    """Import prefixes of the file in any order of growth, then the whole file twice:
    the log holds the file's events once, in order, with the ids a single import gives."""
    text = season_text(with_ids=with_ids)
    lines = text.splitlines(keepends=True)
    once, piecemeal = MemoryStore(), MemoryStore()
    import_text(once, text)
    for cut in sorted(cuts) + [len(lines), len(lines)]:
        import_text(piecemeal, b"".join(lines[:cut]))
    assert [(e.id, e.seq, e.payload) for e in piecemeal.read_all()] == [
        (e.id, e.seq, e.payload) for e in once.read_all()]


def test_a_retry_after_a_lost_acknowledgement_and_another_writer_changes_nothing(tmp_path):
    """Writer A's append lands but its acknowledgement is lost; writer B (another process)
    appends; A retries the same batch: it gets the stored events back and nothing is
    written, whether it sends the expected_seq it had, the current one, or none."""
    path = str(tmp_path / "x.log")
    create_log(path)
    batch = make_batch("a", 0) + make_batch("a", 1)
    with FileStore(path) as a:
        stored = a.append(RSEASON, batch, expected_seq=0)  # the acknowledgement is lost
        other = subprocess.run([sys.executable, SCRIPT, "occ-writer", path, "b", "3"],
                               capture_output=True, text=True, timeout=60)
        assert other.returncode == 0, other.stderr
        before = read_bytes(path)
        for expected in (0, a.last_seq(RSEASON), None, 999):
            assert a.append(RSEASON, batch, expected_seq=expected) == stored
        # the retry as a restarted writer sends it: stamped recorded_at included
        assert a.append(RSEASON, [Pending.of(e) for e in stored]) == stored
        assert read_bytes(path) == before
        # only content that differs is refused, and then nothing is written either
        changed = [Pending(batch[0].id, RoundScheduled("elsewhere"), actor="a")]
        with pytest.raises(ChampError):
            a.append(RSEASON, changed, expected_seq=None)
        assert read_bytes(path) == before
    with FileStore(path) as fresh:  # a store opened after the fact sees the same
        assert fresh.append(RSEASON, batch, expected_seq=0) == stored
    assert read_bytes(path) == before


def test_a_log_exported_and_imported_back_changes_nothing_and_round_trips(tmp_path):
    log, copy = str(tmp_path / "a.log"), str(tmp_path / "b.log")
    exported = tmp_path / "a.jsonl"
    assert run(log, "init").exit_code == 0
    source = tmp_path / "season.jsonl"
    source.write_bytes(season_text(with_ids=False))
    assert run(log, "import", str(source)).exit_code == 0
    text = run(log, "log", "export").stdout
    exported.write_text(text)
    before = read_bytes(log)
    back = run(log, "import", str(exported))  # into the same log: all already there
    assert back.exit_code == 0 and back.stdout.startswith("imported 0 events")
    assert read_bytes(log) == before
    assert run(copy, "init").exit_code == 0
    assert run(copy, "import", str(exported)).exit_code == 0
    assert run(copy, "log", "export").stdout == text  # every field, recorded_at included
    assert read_bytes(copy) == read_bytes(log)  # and the very same bytes
    assert run(copy, "import", str(exported)).stdout.startswith("imported 0 events")


def test_reimporting_through_a_real_process_changes_nothing(tmp_path):
    log, source = str(tmp_path / "p.log"), tmp_path / "season.jsonl"
    source.write_bytes(season_text(with_ids=False))
    for args in (["init"], ["import", str(source)]):
        assert subprocess.run([CHAMP, "--log", log, *args], capture_output=True,
                              timeout=60).returncode == 0
    before = read_bytes(log)
    again = subprocess.run([CHAMP, "--log", log, "import", str(source)], capture_output=True,
                           text=True, timeout=60)
    assert again.returncode == 0 and "already in the log" in again.stdout
    assert read_bytes(log) == before
    assert os.path.getsize(log) == len(before)


@pytest.mark.parametrize("field, value", [("note", "another note"), ("actor", "someone else"),
                                          ("recorded_at", "2001-01-01T00:00:00Z"),
                                          ("inferred", True)])
def test_reimporting_a_line_with_other_envelope_content_is_refused(tmp_path, field, value):
    path = str(tmp_path / "x.log")
    line = {"id": "x1", "type": "SeasonOpened", "season": "s", "series": "S", "year": 2013,
            "note": "first", "actor": "clerk", "recorded_at": "2013-01-01T00:00:00Z",
            "inferred": False}
    with FileStore(path, create=True) as store:
        import_text(store, json.dumps(line).encode())
        with pytest.raises(ChampError):
            import_text(store, json.dumps({**line, field: value}).encode())
