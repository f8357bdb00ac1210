"""Helpers for the reliability tests (crash, concurrency, corruption, hostile input),
and the child processes they start: ``python tests/reliability.py MODE ARGS``.

Batches are a pure function of (writer, k), so a parent process knows what any
child wrote or was about to write without being told: an id is
``"<writer>/<k>/<j>"`` and the batch holds ``batch_size(writer, k)`` events.

Modes of the child script:

- ``crash-writer PATH WRITER``: appends batch 0, 1, 2, ... until killed; prints
  ``try K`` before each append and ``ack K FIRST_SEQ LAST_SEQ`` after it returns.
- ``occ-writer PATH WRITER N``: appends batches 0..N-1 with optimistic concurrency
  (read last_seq, append with expected_seq, retry on ConcurrencyError); prints one
  JSON summary line.
- ``reader PATH STOPFILE``: reads the log with ``read_all`` until STOPFILE exists,
  checking every snapshot; prints one JSON summary line, exits 1 on a violation.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path

from champengine.events import Envelope, RoundScheduled
from champengine.store import Pending

SEASON = "reliability-2013"
SCRIPT = str(Path(__file__).resolve())


# -- batches as a pure function of (writer, k) ------------------------------------------------


def _draw(writer: str, k: int, salt: str) -> int:
    return zlib.crc32(f"{writer}/{k}/{salt}".encode())


def batch_size(writer: str, k: int) -> int:
    return 1 + _draw(writer, k, "size") % 4


def note_size(writer: str, k: int, big_every: int) -> int:
    """Most notes are short; one batch in ``big_every`` carries a note of 64-768 KiB, so
    its frame takes long enough to write that a kill can land in the middle of it."""
    if big_every and _draw(writer, k, "big") % big_every == 0:
        return (64 << 10) + _draw(writer, k, "len") % (704 << 10)
    return _draw(writer, k, "len") % 40


def make_batch(writer: str, k: int, *, big_every: int = 0) -> list[Pending]:
    out = []
    for j in range(batch_size(writer, k)):
        id_ = f"{writer}/{k}/{j}"
        note = "n" * note_size(writer, k, big_every) if j == 0 else None
        out.append(Pending(id_, RoundScheduled(id_.replace("/", "-")), actor=writer, note=note))
    return out


def batch_key(env: Envelope) -> tuple[str, int, int]:
    writer, k, j = env.id.split("/")
    return writer, int(k), int(j)


# -- what every view of such a log must show ---------------------------------------------------


def whole_batches(envs: list[Envelope]) -> dict[tuple[str, int], list[Envelope]]:
    """Check that ``envs`` (a read_all of a log of made batches) is a log: one season,
    seqs and positions 1..n, ids unique, every batch whole and contiguous, and each
    writer's batches in the order it wrote them. Return the batches by (writer, k).

    Raises AssertionError naming the first thing that is wrong.
    """
    assert [e.position for e in envs] == list(range(1, len(envs) + 1)), "positions not 1..n"
    assert [e.seq for e in envs] == list(range(1, len(envs) + 1)), "seqs not 1..n"
    assert {e.season for e in envs} <= {SEASON}, "a foreign season"
    assert len({e.id for e in envs}) == len(envs), "an id twice"
    batches: dict[tuple[str, int], list[Envelope]] = {}
    order: list[tuple[str, int]] = []
    for env in envs:
        writer, k, _ = batch_key(env)
        if (writer, k) not in batches:
            order.append((writer, k))
        batches.setdefault((writer, k), []).append(env)
    for (writer, k), members in batches.items():
        want = make_batch(writer, k)
        assert [batch_key(e)[2] for e in members] == list(range(len(want))), (
            f"batch {writer}/{k} is partial: {[e.id for e in members]}")
        seqs = [e.seq for e in members]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), f"batch {writer}/{k} split"
        assert [e.payload for e in members] == [p.payload for p in want], f"{writer}/{k} changed"
    by_writer: dict[str, list[int]] = {}
    for writer, k in order:
        by_writer.setdefault(writer, []).append(k)
    for writer, ks in by_writer.items():
        assert ks == list(range(len(ks))), f"writer {writer} batches out of order: {ks[:20]}"
    return batches


# -- the child processes -------------------------------------------------------------------------


def _print(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def crash_writer(path: str, writer: str, big_every: str = "0") -> None:
    from champengine.store.file import FileStore

    store = FileStore(path)
    _print("ready")
    k = 0
    while True:
        batch = make_batch(writer, k, big_every=int(big_every))
        _print(f"try {k}")
        envs = store.append(SEASON, batch)
        _print(f"ack {k} {envs[0].seq} {envs[-1].seq}")
        k += 1


#: the second season of a group writer's appends
OTHER = "reliability-2014"


def group_of(writer: str, k: int, big_every: int) -> list:
    """A group writer's append ``k``: one batch of each season, as an import writes them."""
    return [(SEASON, make_batch(writer, k, big_every=big_every), None),
            (OTHER, make_batch(f"{writer}x", k, big_every=big_every), None)]


def group_writer(path: str, writer: str, big_every: str = "0") -> None:
    """Like ``crash_writer``, each append a group of two seasons (``append_batches``)."""
    from champengine.store.file import FileStore

    store = FileStore(path)
    _print("ready")
    k = 0
    while True:
        _print(f"try {k}")
        out = store.append_batches(group_of(writer, k, int(big_every)))
        _print(f"ack {k} {out[0][0].seq} {out[0][-1].seq}")
        k += 1


def occ_writer(path: str, writer: str, n: str) -> None:
    from champengine.errors import ConcurrencyError
    from champengine.store.file import FileStore

    retries = 0
    acked = []
    with FileStore(path) as store:
        for k in range(int(n)):
            batch = make_batch(writer, k)
            while True:
                seen = store.last_seq(SEASON)
                try:
                    envs = store.append(SEASON, batch, expected_seq=seen)
                except ConcurrencyError:
                    retries += 1
                    continue
                break
            assert [e.seq for e in envs] == list(range(seen + 1, seen + 1 + len(batch)))
            acked.append([k, envs[0].seq])
    _print(json.dumps({"writer": writer, "retries": retries, "acked": acked}))


def reader(path: str, stopfile: str) -> None:
    from champengine.store.file import FileStore

    snapshots = 0
    largest = 0
    previous: list[str] = []
    store = FileStore(path)
    while True:
        stopping = os.path.exists(stopfile)
        if snapshots % 10 == 9:  # now and then a fresh store, not only the incremental one
            store.close()
            store = FileStore(path)
        envs = list(store.read_all())
        try:
            whole_batches(envs)
            ids = [e.id for e in envs]
            assert ids[:len(previous)] == previous, "a snapshot lost or reordered events"
        except AssertionError as exc:
            _print(json.dumps({"violation": str(exc), "snapshot": snapshots}))
            sys.exit(1)
        previous = ids
        snapshots += 1
        largest = max(largest, len(envs))
        if stopping:
            break
    store.close()
    _print(json.dumps({"snapshots": snapshots, "largest": largest}))


def read_acks(lines: Iterable[str]) -> tuple[dict[int, tuple[int, int]], int | None]:
    """A crash writer's output: {k: (first_seq, last_seq)} acknowledged, and the k in
    flight when it died (tried, not acknowledged), if any."""
    acked: dict[int, tuple[int, int]] = {}
    tried = None
    for line in lines:
        word, *rest = line.split()
        if word == "try":
            tried = int(rest[0])
        elif word == "ack":
            acked[int(rest[0])] = (int(rest[1]), int(rest[2]))
    in_flight = tried if tried is not None and tried not in acked else None
    return acked, in_flight


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"crash-writer": crash_writer, "occ-writer": occ_writer, "reader": reader,
     "group-writer": group_writer}[mode](*args)
