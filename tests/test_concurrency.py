"""Concurrent writers and readers of one log file, in separate processes.

Eight writer processes append their batches with optimistic concurrency (read
last_seq, append with expected_seq, retry on ConcurrencyError) while reader
processes read the whole log over and over with ``FileStore.read_all``. The log
ends with every batch exactly once, seqs contiguous, no id twice, each writer's
batches in its own order; no reader ever sees a partial batch, a gap, or a
snapshot that is not an extension of the one before.

The normal suite runs 8 writers x 60 batches; the soak test (CHAMP_SOAK=1) 8 x 500.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from champengine.store import check
from champengine.store.file import FileStore, create_log
from conftest import REPORT
from reliability import SCRIPT, batch_size, whole_batches

WRITERS = 8
READERS = 2


def soak(test):
    """A long run: only with CHAMP_SOAK=1 (``CHAMP_SOAK=1 pytest -m soak``)."""
    test = pytest.mark.skipif(not os.environ.get("CHAMP_SOAK"),
                              reason="soak: set CHAMP_SOAK=1")(test)
    return pytest.mark.soak(test)


def child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, SCRIPT, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, timeout: float) -> dict:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, (out, err)
    assert "Traceback" not in err, err
    return json.loads(out.strip().splitlines()[-1])


def writers_and_readers(tmp_path, per_writer: int, timeout: float) -> str:
    path = str(tmp_path / "shared.log")
    stop = str(tmp_path / "stop")
    create_log(path)
    started = time.perf_counter()
    readers = [child("reader", path, stop) for _ in range(READERS)]
    writers = [child("occ-writer", path, f"w{i}", str(per_writer)) for i in range(WRITERS)]
    try:
        summaries = [finish(w, timeout) for w in writers]
    finally:
        open(stop, "w").close()
        for w in writers:
            if w.poll() is None:
                w.kill()
    seen = [finish(r, timeout) for r in readers]
    elapsed = time.perf_counter() - started

    assert check.verify(path).ok
    with FileStore(path) as store:
        envs = list(store.read_all())
    batches = whole_batches(envs)  # seqs 1..n, ids unique, batches whole, each writer in order
    assert len(batches) == WRITERS * per_writer
    assert len(envs) == sum(batch_size(f"w{i}", k) for i in range(WRITERS)
                            for k in range(per_writer))
    for summary in summaries:  # every acknowledged batch at the seq it was acknowledged at
        for k, first in summary["acked"]:
            assert batches[(summary["writer"], k)][0].seq == first
    for reading in seen:
        assert reading["snapshots"] >= 1
        assert reading["largest"] == len(envs)  # the last snapshot was taken after the writers
    retries = sum(s["retries"] for s in summaries)
    snapshots = sum(r["snapshots"] for r in seen)
    REPORT.append(f"concurrency: {WRITERS} writers x {per_writer} batches = {len(batches)} "
                  f"batches ({len(envs)} events), {retries} ConcurrencyError retries, "
                  f"{READERS} readers checked {snapshots} snapshots, {elapsed:.1f} s")
    return path


def test_eight_writers_with_optimistic_concurrency_and_readers_never_see_a_partial_batch(
        tmp_path):
    writers_and_readers(tmp_path, per_writer=60, timeout=120)


@soak
def test_soak_eight_writers_of_500_batches(tmp_path):
    writers_and_readers(tmp_path, per_writer=500, timeout=1800)
