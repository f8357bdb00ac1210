"""Corruption, through the command line: every single-byte flip and every truncation
of a small log (under 4 KB, two seasons, seven frames, 2 KB).

- a flip is corruption: ``champ log verify`` exits 1 naming the damaged frame's
  offset and the last good seq of each season (a flip in the file header: not a
  log, exit 2), and ``champ log repair`` refuses, leaving the file byte-identical;
- a truncation is whole frames (verify exits 0) or a torn tail: verify exits 1
  saying repair can cut it, and repair cuts exactly the torn bytes, keeping them in
  a side file, after which the log verifies and exports exactly its whole batches;
- ``champ log export`` and ``champ standings`` never print a damaged event, and no
  command prints a traceback.

The same through a real ``champ`` process, for a sample.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from champengine.events import RaceClassified, SeasonOpened
from champengine.store import Pending, framing
from champengine.store.file import FileStore
from conftest import REPORT, read_bytes, write_bytes
from given import ENTRIES, SEASON, calendar, opened, rows

OTHER = "other-2014"
CHAMP = str(Path(sys.executable).parent / "champ")


def run(log: str, *args: str):
    """``champ --log LOG ARGS`` through click's runner; a traceback fails the test."""
    result = CliRunner().invoke(cli, ["--log", log, *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"champ {' '.join(args)} raised") from result.exception
    assert "Traceback" not in result.output
    return result


def one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("champ: "), lines
    return lines[0]


def side_files(directory) -> list[str]:
    return [name for name in os.listdir(directory) if ".torn-" in name]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The log's bytes, the end of each frame, the last seq of each season after each
    frame, and its export (lines) after each frame."""
    path = str(tmp_path_factory.mktemp("small") / "small.log")
    batches = [(SEASON, opened()), (SEASON, calendar()), (OTHER, [SeasonOpened(OTHER, "O", 2014)]),
               (SEASON, ENTRIES[:2]), (SEASON, ENTRIES[2:3]),
               (SEASON, [RaceClassified("inje", "LMP2", rows("1", "2", "3"))]),
               (OTHER, [calendar()[0]])]
    ends = [framing.FILE_HEADER_SIZE]
    last_seqs = [{}]
    with FileStore(path, create=True) as store:
        for n, (season, payloads) in enumerate(batches):
            store.append(season, [Pending(f"e{n}.{i}", p) for i, p in enumerate(payloads)])
            ends.append(os.path.getsize(path))
            last_seqs.append({s: store.last_seq(s) for s in store.seasons()})
    whole = read_bytes(path)
    assert len(whole) <= 4096
    exports = []
    for end in ends:
        write_bytes(path, whole[:end])
        exports.append(run(path, "log", "export").stdout)
    write_bytes(path, whole)
    return whole, ends, last_seqs, exports


def last_good(seqs: dict[str, int]) -> str:
    return "last good: " + (", ".join(f"{s} seq {n}" for s, n in seqs.items()) or "no events")


def frame_at(ends: list[int], offset: int) -> int:
    """The index of the frame holding byte ``offset`` (0: the file header)."""
    return sum(1 for e in ends if e <= offset)


def expect_refused_everywhere(path: str, damaged: bytes, ends, last_seqs, exports,
                              offset: int, *, reading: bool) -> None:
    """The damaged log is reported by verify, refused by repair, and never read as events."""
    n = frame_at(ends, offset)
    verify = run(path, "log", "verify")
    line = one_error_line(verify)
    if n == 0:  # the file header: not a log at all
        assert verify.exit_code == 2, line
        assert "log" in line and verify.stdout == ""
    else:
        assert verify.exit_code == 1, line
        start = ends[n - 1]
        assert f"corrupt at byte {start}" in line, (offset, line)
        assert last_good(last_seqs[n - 1]) in line, (offset, line)
        assert "repair" not in line.split(";")[0]
    repair = run(path, "log", "repair")
    assert repair.exit_code == (2 if n == 0 else 1), repair.output
    one_error_line(repair)
    assert read_bytes(path) == damaged, f"repair changed a corrupt log (flip at {offset})"
    assert side_files(os.path.dirname(path)) == []
    if reading:
        for args in (["log", "export"], ["--season", SEASON, "standings", "--class", "LMP2"]):
            result = run(path, *args)
            assert result.exit_code in (1, 2), (offset, args, result.output)
            one_error_line(result)
            # never a damaged event: what is printed (nothing, today) is the good prefix
            assert exports[-1].startswith(result.stdout), (offset, result.stdout)


def test_every_flipped_byte_is_reported_with_its_offset_and_repair_refuses(small, tmp_path):
    whole, ends, last_seqs, exports = small
    path = str(tmp_path / "flipped.log")
    rnd = random.Random(2013)
    also_torn = torn_headers = 0
    for offset in range(len(whole)):
        damaged = bytearray(whole)
        damaged[offset] ^= rnd.randrange(1, 256)
        damaged = bytes(damaged)
        write_bytes(path, damaged)
        if offset >= ends[-2]:
            # the last frame, with nothing valid after it: what power loss leaves, a
            # torn tail repair cuts (as PostgreSQL's WAL ends at a bad record)
            expect_torn_and_cut(path, damaged, ends, last_seqs, exports, offset)
            torn_headers += 1
            continue
        expect_refused_everywhere(path, damaged, ends, last_seqs, exports, offset,
                                  reading=offset % 3 == 0 or offset >= ends[-2])
        # a flip and a torn tail after it: repair still refuses to cut anything
        if offset < ends[-2] and offset % 5 == 0:
            damaged += b"\xc7\x4d\x50"
            write_bytes(path, damaged)
            expect_refused_everywhere(path, damaged, ends, last_seqs, exports, offset,
                                      reading=False)
            also_torn += 1
    REPORT.append(f"corruption: {len(whole)} single-byte flips of a {len(whole)}-byte log "
                  f"(and {also_torn} with a torn tail too) reported by `champ log verify`, "
                  f"refused by `champ log repair`, but for the {torn_headers} in the last "
                  "frame: a torn tail, cut")


def expect_torn_and_cut(path: str, damaged: bytes, ends, last_seqs, exports,
                        offset: int) -> None:
    """A damaged last frame: verify says torn, reading shows the whole batches
    before it, repair cuts it off and keeps it."""
    good = ends[-2]
    verify = run(path, "log", "verify")
    line = one_error_line(verify)
    assert verify.exit_code == 1 and f"torn tail at byte {good}" in line, (offset, line)
    assert last_good(last_seqs[-2]) in line and "repair" in line
    assert run(path, "log", "export").stdout == exports[-2]
    repair = run(path, "log", "repair")
    assert repair.exit_code == 0, repair.output
    side = repair.stdout.strip().rsplit("kept in ", 1)[1]
    assert read_bytes(side) == damaged[good:]
    os.remove(side)
    assert read_bytes(path) == damaged[:good]


def test_every_truncation_is_whole_batches_or_a_torn_tail_that_repair_cuts(small, tmp_path):
    whole, ends, last_seqs, exports = small
    path = str(tmp_path / "cut.log")
    for cut in range(len(whole) + 1):
        write_bytes(path, whole[:cut])
        good = max([e for e in ends if e <= cut], default=0)  # 0: the file header is torn
        n = ends.index(good) if good else 0
        verify = run(path, "log", "verify")
        if cut == good and cut > 0:
            assert verify.exit_code == 0, verify.output
            assert verify.stdout.startswith(f"ok: {n} batches")
            assert run(path, "log", "repair").stdout.startswith("nothing to repair")
            assert read_bytes(path) == whole[:cut]
        else:
            assert verify.exit_code == 1, verify.output
            line = one_error_line(verify)
            assert f"torn tail at byte {good}" in line and "repair" in line, line
            assert last_good(last_seqs[n]) in line, line
            if cut % 4 == 0:  # the whole batches read before the repair, as after it
                assert run(path, "log", "export").stdout == exports[n]
            repair = run(path, "log", "repair")
            assert repair.exit_code == 0, repair.output
            side = repair.stdout.strip().rsplit("kept in ", 1)[1]
            assert repair.stdout.startswith(f"cut {cut - good} bytes at byte {good};")
            assert read_bytes(side) == whole[good:cut]
            os.remove(side)
            assert read_bytes(path) == (whole[:good] if good else framing.file_header())
            if cut % 4 == 0:
                assert run(path, "log", "verify").exit_code == 0
        assert run(path, "log", "export").stdout == exports[n]
        if cut % 7 == 0:
            standings = run(path, "--season", SEASON, "standings", "--class", "LMP2")
            assert standings.exit_code in (0, 2), standings.output  # 2: no such season yet
            assert side_files(tmp_path) == []
    REPORT.append(f"corruption: {len(whole) + 1} truncations, each whole batches or a torn "
                  "tail cut by `champ log repair`")


def champ(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHAMP, *args], capture_output=True, text=True, timeout=60)


def test_a_sample_through_a_real_champ_process(small, tmp_path):
    whole, ends, last_seqs, exports = small
    rnd = random.Random(7)
    flips = rnd.sample(range(framing.FILE_HEADER_SIZE, ends[-2]), 5)  # the last frame: torn
    cuts = [c for c in rnd.sample(range(len(whole)), 12) if c not in ends][:5]
    for i, offset in enumerate(flips):
        path = str(tmp_path / f"flip{i}.log")
        damaged = bytearray(whole)
        damaged[offset] ^= 0x55
        write_bytes(path, bytes(damaged))
        start = ends[frame_at(ends, offset) - 1]
        verify = champ("--log", path, "log", "verify")
        assert verify.returncode == 1 and f"corrupt at byte {start}" in verify.stderr
        for args in (["log", "repair"], ["log", "export"] if i % 2 else
                     ["--season", SEASON, "standings", "--class", "LMP2"]):
            done = champ("--log", path, *args)
            assert done.returncode == 1, (args, done.stderr)
            assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
            assert done.stdout == ""
        assert read_bytes(path) == bytes(damaged)
    for i, cut in enumerate(cuts):
        path = str(tmp_path / f"cut{i}.log")
        write_bytes(path, whole[:cut])
        good = max([e for e in ends if e <= cut], default=0)
        verify = champ("--log", path, "log", "verify")
        assert verify.returncode == 1 and "repair" in verify.stderr
        assert "Traceback" not in verify.stderr
        repair = champ("--log", path, "log", "repair")
        assert repair.returncode == 0 and f"cut {cut - good} bytes" in repair.stdout
        n = ends.index(good) if good else 0
        assert champ("--log", path, "log", "export").stdout == exports[n]
