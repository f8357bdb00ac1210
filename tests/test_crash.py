"""Crashes: a writer killed with SIGKILL at random moments, and the kill between
write and fsync (a frame cut at every byte). After each, the log (repaired if its
tail is torn) holds every acknowledged batch, whole, and no partial one.

The kills are real: a child process (``tests/reliability.py crash-writer``)
appends batches to one log in a loop and says ``ack`` after each append returns;
the parent kills it with SIGKILL after a random few milliseconds, checks the log,
retries the batch that was in flight (as a restarted writer would) and starts the
next child on the same, growing log. A SIGKILL keeps what reached the page cache,
so it tests the process dying, not the machine: the lost-power case is the cut
log of the second test.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time

import pytest

from champengine.errors import CorruptLogError, TornTailError
from champengine.store import Pending, check, framing
from champengine.store.file import FileStore, create_log
from conftest import REPORT, read_bytes
from reliability import (
    OTHER,
    SCRIPT,
    SEASON,
    batch_key,
    group_of,
    make_batch,
    note_size,
    read_acks,
    whole_batches,
)

KILLS = 60
SOAK_KILLS = int(os.environ.get("CHAMP_SOAK_KILLS", "1000"))  # 100 kills a log


def soak(test):
    """A long run: only with CHAMP_SOAK=1 (``CHAMP_SOAK=1 pytest -m soak``)."""
    test = pytest.mark.skipif(not os.environ.get("CHAMP_SOAK"),
                              reason="soak: set CHAMP_SOAK=1")(test)
    return pytest.mark.soak(test)


#: one batch in BIG_EVERY carries a large note (64 to 768 KiB): a frame long enough to
#: write that a kill can land in the middle of it
BIG_EVERY = 30


class Lines:
    """The lines a child prints, read from the pipe's descriptor itself (a buffered reader
    would hide lines it read ahead from anything that reads the descriptor after it)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buf = b""
        self.seen: list[str] = []

    def readline(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(self.fd, 65536) if ready else b""
            if not chunk:
                return ""  # the child died, or said nothing in time
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        self.seen.append(line.decode())
        return self.seen[-1]

    def rest(self) -> list[str]:
        """Every line, once the child is dead: those read and those still in the pipe."""
        while chunk := os.read(self.fd, 65536):
            self.buf += chunk
        self.seen += [line.decode() for line in self.buf.split(b"\n") if line]
        self.buf = b""
        return self.seen


def kill(path: str, writer: str, rnd: random.Random, mid_write: bool, *,
         mode: str = "crash-writer", big_every: int = BIG_EVERY) -> tuple[list[str], str]:
    """Start a writer and SIGKILL it: after a random few milliseconds, or (``mid_write``)
    as soon as the log grows while it appends a large batch, i.e. during its write."""
    proc = subprocess.Popen(
        [sys.executable, SCRIPT, mode, path, writer, str(big_every)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = Lines(proc.stdout.fileno())
    try:
        assert out.readline() == "ready", proc.stderr.read() if proc.poll() is not None else ""
        if mid_write:
            while True:  # the writer says "try K" before each append
                word, k, *_ = out.readline().split() or ["", "0"]
                assert word, "the writer stopped talking"
                if word == "try" and note_size(writer, int(k), big_every) > 1000:
                    break
            size = os.path.getsize(path)
            deadline = time.monotonic() + 5
            while os.path.getsize(path) == size and time.monotonic() < deadline:
                pass
        else:
            time.sleep(rnd.choice([0, rnd.uniform(0, 0.005), rnd.uniform(0, 0.06)]))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    lines = out.rest()
    err = proc.stderr.read().decode()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, err)
    return lines, err


def crash_loop(tmp_path, kills: int, seed: int, per_log: int | None = None) -> dict[str, int]:
    """Kill ``kills`` writers of one log (a new log every ``per_log`` kills, so a long run
    stays linear in time); check the log after each kill. Return the figures."""
    rnd = random.Random(seed)
    figures = dict(kills=0, torn=0, lost_acks=0, retried=0, acked=0, batches=0)
    path = ""
    acked_all: dict[str, dict[int, tuple[int, int]]] = {}
    for run in range(kills):
        if run % (per_log or kills) == 0:
            if run:
                figures["batches"] += check.verify(path).frames
            path = str(tmp_path / f"crash-{run}.log")
            create_log(path)
            acked_all = {}
        writer = f"w{run}"
        lines, err = kill(path, writer, rnd, mid_write=run % 2 == 1)
        figures["kills"] += 1
        assert "Traceback" not in err, err
        acked, in_flight = read_acks(lines)
        acked_all[writer] = acked
        figures["acked"] += len(acked)

        # a torn tail is the only damage a kill may leave, and repair cuts only it
        verdict = check.verify(path)
        assert verdict.tail.kind in ("clean", "torn"), verdict.describe()
        if verdict.tail.kind == "torn":
            figures["torn"] += 1
            before = read_bytes(path)
            done = check.repair(path)
            assert done.cut_at == verdict.tail.offset
            assert read_bytes(done.side_file) == before[done.cut_at:]
            assert read_bytes(path) == before[:done.cut_at]
            os.remove(done.side_file)
        assert check.verify(path).ok

        with FileStore(path) as store:
            envs = list(store.read_all())
            batches = whole_batches(envs)  # whole batches, contiguous seqs, no duplicate ids
            # every acknowledged batch of every writer so far, at the seqs it was given
            for w, acks in acked_all.items():
                for k, (first, last) in acks.items():
                    got = batches.get((w, k))
                    assert got is not None, f"acknowledged batch {w}/{k} lost"
                    assert (got[0].seq, got[-1].seq) == (first, last)
                    assert [e.note for e in got] == [p.note for p in make_batch(
                        w, k, big_every=BIG_EVERY)]
            # nothing else: at most the batch in flight, written but not acknowledged
            mine = {k for (w, k) in batches if w == writer}
            assert mine - set(acked) <= ({in_flight} if in_flight is not None else set())

            # the restarted writer retries the batch in flight: a no-op if it landed
            if in_flight is not None:
                landed = (writer, in_flight) in batches
                size = os.path.getsize(path)
                out = store.append(SEASON, make_batch(writer, in_flight, big_every=BIG_EVERY))
                if landed:
                    figures["lost_acks"] += 1
                    assert out == batches[(writer, in_flight)]
                    assert os.path.getsize(path) == size
                else:
                    figures["retried"] += 1
                    assert out[0].seq == len(envs) + 1
                acked[in_flight] = (out[0].seq, out[-1].seq)
    assert check.verify(path).ok
    with FileStore(path) as store:
        figures["batches"] += len(whole_batches(list(store.read_all())))
    return figures


def test_sigkilled_writers_lose_no_acknowledged_batch_and_leave_no_partial_one(tmp_path):
    figures = crash_loop(tmp_path, KILLS, seed=7)
    REPORT.append("crash: {kills} SIGKILLs, {torn} torn tails repaired, {lost_acks} batches "
                  "written but not acknowledged, {retried} in-flight batches retried, "
                  "{acked} acknowledged, {batches} batches in the log".format(**figures))
    assert figures["kills"] >= 50
    assert figures["acked"] > 0
    assert figures["torn"] > 0  # some kills did land in the middle of a write


@soak
def test_soak_sigkilled_writers_lose_nothing(tmp_path):
    seed = int(os.environ.get("CHAMP_SOAK_SEED", time.time()))
    started = time.perf_counter()
    figures = crash_loop(tmp_path, SOAK_KILLS, seed=seed, per_log=100)
    REPORT.append("crash soak (seed {seed}): {kills} SIGKILLs, {torn} torn tails repaired, "
                  "{lost_acks} written but not acknowledged, {retried} retried, {batches} "
                  "batches, {secs:.0f} s".format(seed=seed, secs=time.perf_counter() - started,
                                                 **figures))


# -- the kill between write and fsync: the last frame cut at every byte -----------------------


def test_a_last_frame_cut_at_every_byte_opens_to_the_whole_batches_and_a_retry_restores_it(
        tmp_path):
    """The log as a crash between write and fsync can leave it: any prefix of the last
    frame. Each opens to exactly the batches before it, refuses appends until repaired,
    repair keeps exactly the cut bytes, and the writer's retry of its batch (same ids,
    same content, same recorded_at) gives back the very bytes of the uncut log."""
    path = str(tmp_path / "x.log")
    with FileStore(path, create=True) as store:
        for k in range(4):
            store.append(SEASON, make_batch("a", k))
        before = list(store.read_all())
        start = os.path.getsize(path)
        last = [Pending(p.id, p.payload, before[-1].recorded_at, p.actor, "last batch")
                for p in make_batch("a", 4)]
        written = store.append(SEASON, last)
    whole = read_bytes(path)
    assert len(written) > 1 and len(whole) - start > 100

    cut_path = str(tmp_path / "cut.log")
    for cut in range(start, len(whole) + 1):
        with open(cut_path, "wb") as f:
            f.write(whole[:cut])
        with FileStore(cut_path) as store:
            got = list(store.read_all())
            if cut == len(whole):
                assert got == before + written
                assert store.append(SEASON, last) == written  # the retry is a no-op
                assert read_bytes(cut_path) == whole
                continue
            assert got == before
            assert store.tail.kind == ("clean" if cut == start else "torn")
            if cut > start:
                with pytest.raises(TornTailError):
                    store.append(SEASON, make_batch("b", 0))
                assert read_bytes(cut_path) == whole[:cut]
                verdict = check.verify(cut_path)
                assert (verdict.tail.kind, verdict.tail.offset) == ("torn", start)
                assert verdict.last_seq == {SEASON: before[-1].seq}
                done = check.repair(cut_path)
                assert read_bytes(done.side_file) == whole[start:cut]
                os.remove(done.side_file)
                assert read_bytes(cut_path) == whole[:start]
            assert store.append(SEASON, last) == written  # the same store goes on
        assert read_bytes(cut_path) == whole
    assert start > framing.FILE_HEADER_SIZE


# -- power loss: the pages after the last good frame are zeros, or garbage (issue 17 item 3) ---


@pytest.mark.parametrize("filler", ["zeros", "garbage"])
def test_power_loss_leaves_a_tail_of_zeros_or_garbage_that_repair_cuts(tmp_path, filler):
    """The log as power loss can leave it: the last frame's bytes, from any byte on,
    replaced by zeros or garbage to the end of a page (the file's size reached the
    disk, its last pages did not). Each opens to exactly the batches before it, verify
    calls it torn, and repair cuts it, keeping the bytes; the writer's retry restores
    the log. With a good frame after such damage, it stays corruption."""
    import random

    path = str(tmp_path / "x.log")
    with FileStore(path, create=True) as store:
        for k in range(3):
            store.append(SEASON, make_batch("a", k))
        before = list(store.read_all())
        start = os.path.getsize(path)
        last = [Pending(p.id, p.payload, before[-1].recorded_at, p.actor, "last batch")
                for p in make_batch("a", 3)]
        written = store.append(SEASON, last)
    whole = read_bytes(path)
    page_end = -(-len(whole) // 4096) * 4096 + 4096
    rnd = random.Random(17)
    cut_path = str(tmp_path / "cut.log")
    for cut in range(start, len(whole)):
        size = page_end - cut
        tail = bytes(size) if filler == "zeros" else rnd.randbytes(size)
        damaged = whole[:cut] + tail
        with open(cut_path, "wb") as f:
            f.write(damaged)
        with FileStore(cut_path) as store:
            assert list(store.read_all()) == before, cut
            assert store.tail.kind == "torn"
            with pytest.raises(TornTailError):
                store.append(SEASON, make_batch("b", 0))
        verdict = check.verify(cut_path)
        assert (verdict.tail.kind, verdict.tail.offset) == ("torn", start), (cut, verdict)
        done = check.repair(cut_path)
        assert read_bytes(done.side_file) == damaged[start:]
        os.remove(done.side_file)
        with FileStore(cut_path) as store:
            assert store.append(SEASON, last) == written
        assert read_bytes(cut_path) == whole
    # zeros or garbage with a whole frame after them: corruption, never cut
    damaged = whole[:start] + bytes(100) + whole[start:]
    with open(cut_path, "wb") as f:
        f.write(damaged)
    assert check.verify(cut_path).tail.kind == "corrupt"
    with pytest.raises(CorruptLogError):
        check.repair(cut_path)
    assert read_bytes(cut_path) == damaged


# -- an append of several seasons (an import) cut at every byte (issue 17 item 2) ---------------


def test_an_append_of_several_seasons_cut_at_every_byte_is_all_or_nothing(tmp_path):
    """A group of frames (one per season) cut short anywhere opens to none of it: verify
    calls it torn from its first frame, repair cuts it whole, and the retry of the
    import gives back the very bytes of the uncut log."""
    path = str(tmp_path / "x.log")
    other = "reliability-2014"
    with FileStore(path, create=True) as store:
        store.append(SEASON, make_batch("a", 0))
        before = list(store.read_all())
        start = os.path.getsize(path)
        when = before[-1].recorded_at
        group = [(SEASON, [Pending(p.id, p.payload, when, p.actor) for p in make_batch("a", 1)],
                  None),
                 (other, [Pending(p.id, p.payload, when, p.actor) for p in make_batch("b", 0)],
                  None),
                 (SEASON, [Pending(p.id, p.payload, when, p.actor) for p in make_batch("a", 2)],
                  None)]
        written = store.append_batches(group)
    whole = read_bytes(path)
    cut_path = str(tmp_path / "cut.log")
    for cut in range(start, len(whole)):
        with open(cut_path, "wb") as f:
            f.write(whole[:cut])
        with FileStore(cut_path) as store:
            assert list(store.read_all()) == before, cut
            assert store.seasons() == [SEASON] and store.last_seq(SEASON) == len(before)
        verdict = check.verify(cut_path)
        if cut > start:
            assert (verdict.tail.kind, verdict.tail.offset) == ("torn", start), (cut, verdict)
            check.repair(cut_path)
        for f in tmp_path.glob("cut.log.torn-*"):
            f.unlink()
        with FileStore(cut_path) as store:
            assert store.append_batches(group) == written
        assert read_bytes(cut_path) == whole, cut


def test_a_full_disk_in_the_middle_of_an_import_of_several_seasons_writes_nothing(
        tmp_path, monkeypatch):
    import errno

    from champengine.errors import StoreError

    path = str(tmp_path / "x.log")
    with FileStore(path, create=True) as store:
        store.append(SEASON, make_batch("a", 0))
    before = read_bytes(path)
    real = os.pwrite

    def half_then_full(fd, data, offset):  # the first season's frame lands, then no space
        if len(data) > 40:
            return real(fd, bytes(data[:len(data) // 2]), offset)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", half_then_full)
    with FileStore(path) as store, pytest.raises(StoreError, match="No space left"):
        store.append_batches([(SEASON, make_batch("a", 1), None),
                              ("reliability-2014", make_batch("b", 0), None)])
    monkeypatch.undo()
    assert read_bytes(path) == before


GROUP_KILLS = 16


def test_sigkilled_writers_of_several_seasons_at_once_leave_every_group_whole_or_absent(
        tmp_path):
    """Writers appending two seasons at once (as an import of several seasons does),
    SIGKILLed, half of them in the middle of a write: each group is in the log with
    both its seasons or not at all, and no acknowledged group is lost."""
    rnd = random.Random(17)
    path = str(tmp_path / "groups.log")
    create_log(path)
    acked_all: dict[str, dict[int, tuple[int, int]]] = {}
    torn = 0
    for run in range(GROUP_KILLS):
        writer = f"g{run}"
        lines, err = kill(path, writer, rnd, mid_write=run % 2 == 1, mode="group-writer",
                          big_every=3)
        assert "Traceback" not in err, err
        acked, in_flight = read_acks(lines)
        acked_all[writer] = acked
        verdict = check.verify(path)
        assert verdict.tail.kind in ("clean", "torn"), verdict.describe()
        if verdict.tail.kind == "torn":
            torn += 1
            os.remove(check.repair(path).side_file)
        with FileStore(path) as store:
            groups: dict[tuple[str, int], set[str]] = {}
            for env in store.read_all():
                w, k, _ = batch_key(env)
                groups.setdefault((w.removesuffix("x"), k), set()).add(env.season)
            assert all(seasons == {SEASON, OTHER} for seasons in groups.values()), groups
            for w, acks in acked_all.items():
                assert all((w, k) in groups for k in acks), f"an acknowledged group of {w} lost"
            if in_flight is not None:  # the retry lands it whole, or finds it there
                store.append_batches(group_of(writer, in_flight, 3))
    assert check.verify(path).ok
    REPORT.append(f"crash: {GROUP_KILLS} SIGKILLs of writers of two seasons at once, {torn} "
                  "torn groups repaired, every group whole or absent")
