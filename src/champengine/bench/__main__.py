"""``make bench``: one run, every figure against its baseline, printed (never asserted).

    python -m champengine.bench [--events N] [--runs K] [--big N]

For one generated log it measures: durable batched append; full replay into
every projection; bare msgpack decoding of the same frame bodies (the limit for
a Python replay) and the ratio; the same events appended to and replayed from
the ``eventsourcing`` library's SQLite recorder and the ratio; standings at a
point in the middle of a big log, with and without checkpoints; ``champ
standings`` on the 2013 season as a whole process; peak memory of the big
replay. Each figure is the median of several runs; each ratio is taken within
one run.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def median_of(runs: int, fn) -> float:
    return statistics.median(fn() for _ in range(runs))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def build_log(path: str, events: int) -> int:
    from ..store.file import FileStore
    from .generate import generate

    store = FileStore(path, create=True)
    n = 0
    for season, batch in generate(events):
        store.append(season, batch)
        n += len(batch)
    store.close()
    return n


def bare_decode(path: str) -> int:
    """The limit: msgpack-decode every record of every frame, nothing more."""
    import msgpack

    from ..store.framing import FILE_HEADER_SIZE, Frame, scan

    n = 0
    with open(path, "rb") as f:
        for item in scan(f, FILE_HEADER_SIZE, os.fstat(f.fileno()).st_size):
            if isinstance(item, Frame):
                unpacker = msgpack.Unpacker(raw=False)
                unpacker.feed(item.body)
                for _ in unpacker:
                    n += 1
    return n


def full_replay(path: str, *, tables: bool = True) -> int:
    """Replay the whole log into every projection, season by season (a season's
    projections depend on its own events only): the folds, then (``tables``) each
    class's three standings tables and the invitations. One season's state is held
    at a time, so memory is bounded by the largest season, not by the log."""
    from ..projections.invitations import granted
    from ..projections.season import fold, replaying
    from ..projections.standings import table
    from ..store.file import FileStore

    store = FileStore(path)
    n = 0
    with replaying():
        for season in store.seasons():
            state = fold(store.read(season))
            n += state.seq  # a season's seqs run 1, 2, ... without gaps
            if tables:
                for class_ in state.classes:
                    for kind in ("teams", "drivers", "manufacturers"):
                        table(state, class_, kind)
                granted(state)
    store.close()
    return n


def typed_read(path: str) -> int:
    """Read every event into its typed envelope, no projection: the store's own rate."""
    from ..projections.season import replaying
    from ..store.file import FileStore

    with replaying():
        return sum(1 for _ in FileStore(path).read_all())


def peer(events: list, workdir: str) -> tuple[float, float]:
    """Append and replay the same events the way an ``eventsourcing`` user would: its
    SQLite recorder, its mapper and JSON transcoder, one domain event object per event."""
    try:
        from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper, UUIDAsHex
        from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteDatastore
    except ImportError:  # pragma: no cover - the bench extra is not installed
        return float("nan"), float("nan")
    import uuid

    from ..codec import payload_to_dict
    from .peer_events import RaceEvent

    db = os.path.join(workdir, f"peer-{time.monotonic_ns()}.sqlite")
    recorder = SQLiteAggregateRecorder(SQLiteDatastore(db))
    recorder.create_table()
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    mapper = Mapper(transcoder=transcoder)
    by_season: dict[str, list] = {}
    for env in events:
        by_season.setdefault(env.season, []).append(env)
    ids = {season: uuid.uuid5(uuid.NAMESPACE_URL, season) for season in by_season}
    domain = {season: [RaceEvent(originator_id=ids[season], originator_version=e.seq,
                                 timestamp=e.recorded_at, type=e.type,
                                 fields=payload_to_dict(e.payload)) for e in envs]
              for season, envs in by_season.items()}
    start = time.perf_counter()
    for batch in domain.values():
        stored = [mapper.to_stored_event(e) for e in batch]
        for i in range(0, len(stored), 200):
            recorder.insert_events(stored[i:i + 200])
    append = time.perf_counter() - start
    start = time.perf_counter()
    n = 0
    for season in domain:
        for item in recorder.select_events(ids[season]):
            mapper.to_domain_event(item)
            n += 1
    replay = time.perf_counter() - start
    return len(events) / append, n / replay


def process_time(runs: int) -> float:
    champ = str(Path(sys.executable).parent / "champ")
    log = str(ROOT / "events" / "aslms-2013.jsonl")
    return median_of(runs, lambda: timed(lambda: subprocess.run(
        [champ, "--log", log, "standings", "--class", "GTC", "--table", "manufacturers"],
        check=True, capture_output=True)))


def peak_memory_of_replay(path: str) -> float:
    """Peak resident memory (MiB) of a fresh process replaying the log: its own
    high-water mark (VmHWM), not ru_maxrss, which a child inherits from its parent."""
    code = ("import sys; from champengine.bench.__main__ import full_replay; "
            "full_replay(sys.argv[1]); "
            "print(next(l.split()[1] for l in open('/proc/self/status') "
            "if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", code, path], check=True, capture_output=True,
                         text=True).stdout
    return int(out.strip()) / 1024


def point_query(path: str, runs: int) -> tuple[float, float]:
    """Standings at a point in the middle of the log: replay alone, and with checkpoints."""
    from ..projections.standings import table
    from ..store.file import FileStore
    from ..timeline import Point, view

    store = FileStore(path)
    seasons = store.seasons()
    season = seasons[len(seasons) // 2]
    mid = store.last_seq(season) // 2

    def plain():
        v = view(store.read(season), Point(at_seq=mid))
        table(v.state, "GTC", "drivers", v.upto)

    cold = median_of(runs, lambda: timed(plain))
    try:
        from ..checkpoints import Checkpoints
    except ImportError:
        return cold, float("nan")
    checkpoints = Checkpoints(store, every=250)
    checkpoints.build(season)

    def warm():
        state = checkpoints.state_at(season, mid)
        table(state, "GTC", "drivers")

    return cold, median_of(runs, lambda: timed(warm))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m champengine.bench")
    parser.add_argument("--events", type=int, default=200_000, help="events in the main log")
    parser.add_argument("--big", type=int, default=1_000_000, help="events in the big log")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="champ-bench-") as work:
        log = os.path.join(work, "main.log")
        append_times = []
        for i in range(args.runs):
            path = log if i == 0 else os.path.join(work, f"append-{i}.log")
            append_times.append(timed(lambda path=path: build_log(path, args.events)))
            if i:
                os.remove(path)
        n = bare_decode(log)
        print(f"log: {n} events, {os.path.getsize(log) / 2**20:.1f} MiB "
              f"(seeded synthetic seasons: champengine.bench.generate)")
        print(f"append (batched, fsync'd):      {n / statistics.median(append_times):>12,.0f} events/s")
        ratios, peer_ratios, read_ratios, fold_ratios, fold_rates = [], [], [], [], []
        ceiling_ratios = []
        bare_rates, replay_rates, peer_rates, read_rates = [], [], [], []
        from ..store.file import FileStore

        events = list(FileStore(log).read_all())
        for _ in range(args.runs):
            bare = n / timed(lambda: bare_decode(log))
            replay = n / timed(lambda: full_replay(log))
            folds = n / timed(lambda: full_replay(log, tables=False))
            fold_rates.append(folds)
            fold_ratios.append(folds / bare)
            read = n / timed(lambda: typed_read(log))
            peer_append, peer_replay = peer(events, work)
            read_rates.append(read)
            read_ratios.append(read / peer_replay)
            bare_rates.append(bare)
            replay_rates.append(replay)
            peer_rates.append((peer_append, peer_replay))
            ratios.append(replay / bare)
            peer_ratios.append(replay / peer_replay)
            ceiling_ratios.append(bare / peer_replay)
        del events
        print(f"bare msgpack decode (limit):    {statistics.median(bare_rates):>12,.0f} events/s")
        print(f"full replay, every projection:  {statistics.median(replay_rates):>12,.0f} events/s")
        print(f"  replay / bare decode:         {statistics.median(ratios):>12.1%}   (target >= 25%)")
        print(f"  of which the folds alone:     {statistics.median(fold_rates):>12,.0f} events/s"
              f"   ({statistics.median(fold_ratios):.1%} of bare; the rest is computing every "
              "table of every season once)")
        print(f"read into typed events:         {statistics.median(read_rates):>12,.0f} events/s")
        if any(math.isnan(p[1]) for p in peer_rates):
            print("eventsourcing SQLite replay:    not installed (`make bench` installs the "
                  "bench extra: pip install -e '.[bench]')")
        else:
            print(f"eventsourcing SQLite append:    "
                  f"{statistics.median(p[0] for p in peer_rates):>12,.0f} events/s")
            print(f"eventsourcing SQLite replay:    "
                  f"{statistics.median(p[1] for p in peer_rates):>12,.0f} events/s"
                  "   (recorder, mapper, JSON transcoder: one domain event object each)")
            print(f"  full replay / eventsourcing:  {statistics.median(peer_ratios):>12.2f}x"
                  "  (target >= 10x)")
            print(f"  typed read / eventsourcing:   {statistics.median(read_ratios):>12.2f}x")
            print(f"  bare decode / eventsourcing:  {statistics.median(ceiling_ratios):>12.2f}x"
                  "  (the ceiling: no replay outruns decoding its bytes)")
        big = os.path.join(work, "big.log")
        build_log(big, args.big)
        cold, warm = point_query(big, args.runs)
        print(f"standings mid-log, {args.big:,} events: replay {cold * 1000:.1f} ms, "
              f"from checkpoint {warm * 1000:.1f} ms   (target < 100 ms)")
        print(f"peak memory, replay of {args.big:,} events: {peak_memory_of_replay(big):.0f} MiB")
    print(f"champ standings, 2013 season, whole process: {process_time(args.runs) * 1000:.0f} ms "
          "(target < 150 ms)")
    from .timing import report

    report(runs=args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
