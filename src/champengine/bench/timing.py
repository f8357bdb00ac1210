"""Race timing figures: importing the 2026 24 Hours of Le Mans lap file (20,163 laps)
into a fresh log, and the running order at any minute of it, in process.

    python -m champengine.bench.timing [FILE]

Targets (issue 14): the import under 10 s; the running order under 50 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LE_MANS = ROOT.parent / "shared" / "timing" / "wec" / "2026" / "le_mans_24h.csv"


def season_for(store, race) -> None:
    """A season whose entries are the file's cars, recorded the ordinary way."""
    import datetime as dt

    from ..events import ClassAdded, EntryRegistered, RoundScheduled, SeasonOpened
    from ..recorder import record

    classes = sorted({run.class_ for run in race.runs})
    record(store, "bench-2026", [
        SeasonOpened("bench-2026", "bench", 2026), *(ClassAdded(c) for c in classes),
        RoundScheduled("le-mans", "24 Hours of Le Mans", date=dt.date(2026, 6, 13)),
        *(EntryRegistered(run.car, run.class_, run.team or "?", make=run.manufacturer)
          for run in race.runs)])


def figures(path: Path = LE_MANS, runs: int = 3, answers: int = 200) -> dict[str, float]:
    """Seconds to import the file (read, decide, append), and ms per running order."""
    from ..importers.lap_analysis import open_race
    from ..importers.timed_laps import record_laps
    from ..projections.running_order import order
    from ..projections.season import fold
    from ..projections.timed_race import race_of
    from ..store.file import FileStore

    imports = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            store = FileStore(f"{tmp}/bench.log", create=True)
            season_for(store, open_race(str(path)))
            start = time.perf_counter()
            state = fold(store.read("bench-2026"))
            done = record_laps(store, "bench-2026", state, "le-mans",
                               open_race(str(path)), name=str(path))
            imports.append(time.perf_counter() - start)
            start = time.perf_counter()
            state = fold(store.read("bench-2026"))
            replay = time.perf_counter() - start
            store.close()
    rng = random.Random(14)
    race = race_of(state.timing, state.entries, "le-mans")
    end = race.end()
    took = []
    for _ in range(answers):
        at = rng.randrange(0, end)
        start = time.perf_counter()
        order(race_of(state.timing, state.entries, "le-mans"), at)
        took.append(time.perf_counter() - start)
    return {"laps": len(done.appended), "import_s": statistics.median(imports),
            "replay_s": replay, "order_ms": statistics.median(took) * 1000,
            "order_max_ms": max(took) * 1000, "answers": answers}


def report(path: Path = LE_MANS, runs: int = 3) -> None:
    if not path.exists():
        print(f"race timing: {path} is not here, skipped")
        return
    f = figures(path, runs)
    print(f"timing import, Le Mans 2026 ({f['laps']:,} laps): {f['import_s']:.2f} s "
          f"(target < 10 s); replay {f['replay_s']:.2f} s")
    print(f"running order at a random minute: {f['order_ms']:.1f} ms median, "
          f"{f['order_max_ms']:.1f} ms max of {f['answers']} (target < 50 ms)")


if __name__ == "__main__":
    report(Path(sys.argv[1]) if len(sys.argv) > 1 else LE_MANS)
