"""``make bench``: every figure of issue 18 in one run, against its target, printed
(never asserted).

    python -m champengine.bench [--quick] [--json] [--events N] [--runs K]
                                [--f1-years Y,Y] [--requests N]

The logs: a seeded synthetic log (``--events``), every F1 season imported from F1DB's
tree into a temporary directory as ``make f1`` does (``--f1-years``: only those), the
WEC seasons and the 2013 ALMS season the project ships. Each ratio is taken within one
run (both sides measured back to back, the median over ``--runs``). ``--json`` prints
one JSON object with every figure (the PostgreSQL ones None, with ``skipped`` saying
why, when no server answers); otherwise the table the README shows, and the figures of
each log beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from . import logs, report, serve
from .replay import bare_decode, full_replay, peer_sqlite, typed_read


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def replay_figures(paths: dict[str, str], work: str, runs: int) -> dict:
    """``replay_vs_bare`` and ``replay_vs_eventsourcing`` over every log at once (total
    events over total time), and each log's rates beside them."""
    from ..store.file import FileStore

    events = {name: list(FileStore(p).read_all()) for name, p in paths.items()}
    n = {name: len(e) for name, e in events.items()}
    every = [e for es in events.values() for e in es]
    per_log: dict[str, list] = {name: [] for name in paths}
    ratios, peer_ratios, read_ratios, totals = [], [], [], []
    for path in paths.values():  # imports made, decoders generated: not in any figure
        full_replay(path)
        bare_decode(path)
    for _ in range(runs):
        bare = {name: timed(lambda p=p: bare_decode(p)) for name, p in paths.items()}
        replay = {name: timed(lambda p=p: full_replay(p)) for name, p in paths.items()}
        folds = {name: timed(lambda p=p: full_replay(p, tables=False))
                 for name, p in paths.items()}
        read = {name: timed(lambda p=p: typed_read(p)) for name, p in paths.items()}
        peer = peer_sqlite(every, work)
        for name in paths:
            per_log[name].append((bare[name], replay[name], folds[name], read[name]))
        ratios.append(sum(bare.values()) / sum(replay.values()))
        if peer is not None:
            peer_ratios.append(peer[1] / sum(replay.values()))
            read_ratios.append(peer[1] / sum(read.values()))
        totals.append((sum(bare.values()), sum(replay.values()), peer))
    total = len(every)
    out = {"replay_vs_bare": statistics.median(ratios),
           "replay_vs_eventsourcing": statistics.median(peer_ratios) if peer_ratios else None,
           "replay_events": total,
           "bare_eps": total / statistics.median(t[0] for t in totals),
           "replay_eps": total / statistics.median(t[1] for t in totals)}
    if peer_ratios:  # both sides making typed events, and nothing more
        out["typed_read_vs_eventsourcing"] = statistics.median(read_ratios)
        out["eventsourcing_append_eps"] = total / statistics.median(t[2][0] for t in totals)
        out["eventsourcing_replay_eps"] = total / statistics.median(t[2][1] for t in totals)
    out["logs"] = {name: {"events": n[name], **{
        key: n[name] / statistics.median(r[i] for r in rows)
        for i, key in enumerate(("bare_eps", "replay_eps", "folds_eps", "typed_read_eps"))}}
        for name, rows in per_log.items()}
    return out, events


def measure(args) -> dict:
    from . import pg, process, query, timing, update

    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="champ-bench-") as work:
        paths = {"synthetic": os.path.join(work, "synthetic.log")}
        logs.synthetic(paths["synthetic"], args.events)
        paths |= logs.real(work, args.f1_years)
        f1 = next((p for name, p in paths.items() if name.startswith("F1")), None)
        replayed, events = replay_figures(paths, work, args.runs)
        figures |= replayed
        if f1 is not None:
            figures |= query.figures(f1, work, repeat=args.runs)
            figures |= update.figures(f1, work, runs=max(args.runs, 3))
        else:
            figures |= {"query_vs_sqlite": None, "update_ms": None}
        figures |= process.figures(runs=max(args.runs, 3))
        figures |= serve.figures(args.requests, args.concurrency)
        if timing.LE_MANS.exists():
            t = timing.figures(runs=args.runs, answers=args.answers)
            figures |= {"timing_import_s": t["import_s"], "running_order_ms": t["order_ms"],
                        "running_order_max_ms": t["order_max_ms"], "timing_laps": t["laps"]}
        else:
            figures |= {"timing_import_s": None, "running_order_ms": None}
        figures |= pg.figures([e for name, es in events.items() if name != "synthetic"
                               for e in es])
    ordered = {key: figures.pop(key, None) for key in report.FIGURES}
    return ordered | figures


def years(text: str) -> list[int]:
    return [int(y) for y in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m champengine.bench")
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes and one run (under a minute)")
    parser.add_argument("--json", action="store_true", help="one JSON object, every figure")
    parser.add_argument("--events", type=int, help="events in the synthetic log")
    parser.add_argument("--runs", type=int, help="runs of each figure (the median is kept)")
    parser.add_argument("--f1-years", type=years, help="only these F1 seasons (Y,Y,...)")
    parser.add_argument("--requests", type=int, help="requests of the serving load")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--answers", type=int, help="running orders asked")
    args = parser.parse_args(argv)
    quick = {"events": 20_000, "runs": 1, "requests": 500, "answers": 50}
    full = {"events": 200_000, "runs": 3, "requests": 2000, "answers": 200}
    for key, value in (quick if args.quick else full).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    figures = measure(args)
    if args.json:
        print(report.as_json(figures))
        return 0
    print("\n".join(report.table(figures)))
    print()
    for name, f in figures["logs"].items():
        print(f"{name}: {f['events']:,} events; bare decode {f['bare_eps']:,.0f}/s, full "
              f"replay {f['replay_eps']:,.0f}/s ({f['replay_eps'] / f['bare_eps']:.1%}), "
              f"folds alone {f['folds_eps']:,.0f}/s, typed read {f['typed_read_eps']:,.0f}/s")
    if figures.get("eventsourcing_replay_eps"):
        print(f"eventsourcing SQLite: append {figures['eventsourcing_append_eps']:,.0f}/s, "
              f"replay {figures['eventsourcing_replay_eps']:,.0f}/s (recorder, mapper, JSON "
              f"transcoder); all logs: bare decode {figures['bare_eps']:,.0f}/s, full replay "
              f"{figures['replay_eps']:,.0f}/s; typed read / eventsourcing replay "
              f"{figures['typed_read_vs_eventsourcing']:.2f}x")
    if figures.get("pg_events"):
        print(f"PostgreSQL, {figures['pg_events']:,} events: eventsourcing's recorder replays "
              f"{figures['pg_eventsourcing_replay_eps']:,.0f}/s")
    if figures.get("queries"):
        print(f"standings after round R: ours {figures['query_ms']:.3f} ms, SQLite "
              f"{figures['query_sqlite_ms']:.3f} ms (p50 of {figures['queries']} queries)")
    print(f"champ standings {figures['cli_ms']:.0f} ms, python -c pass "
          f"{figures['interpreter_ms']:.0f} ms")
    print("\n".join(serve.report(figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
