"""``query_vs_sqlite``: the drivers' standings after round R of an F1 season, in process
from the season's warm state (as a replay into every table leaves it: each round of
each table scored; no answer after R kept from one query to the next), against the same question put to SQLite the way Ergast's
database answers it: an indexed results table holding each driver's points at each race
(the season's points, as scored), ``SUM(points) ... GROUP BY driver``. Every season, every
round; the ratio is SQLite's time over ours, at the p50 of all those queries.

The SQLite answer is the simpler one: a sum of points, with no dropped results, no shared
drives split, no countback tie-break and no positions; ours is the whole table."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time

SQL = ("SELECT driver, SUM(points) AS total FROM results WHERE season = ? AND round <= ? "
       "GROUP BY driver ORDER BY total DESC")


def _sqlite(path: str, states: dict) -> sqlite3.Connection:
    from ..projections.standings import table

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE results (season TEXT, round INTEGER, driver TEXT, points REAL)")
    rows = []
    for season, state in states.items():
        final = table(state, "F1", "drivers")
        number = {key: n for n, key in enumerate(final.rounds, 1)}
        rows += [(season, number[r], row.key, float(points))
                 for row in final.rows for r, points in row.by_round]
    db.executemany("INSERT INTO results VALUES (?, ?, ?, ?)", rows)
    db.execute("CREATE INDEX results_season_round ON results (season, round)")
    db.commit()
    return db


def figures(log: str, work: str, *, repeat: int = 3) -> dict:
    """p50 of our query and of SQLite's over every (season, round) of the F1 ``log``."""
    from ..projections.standings import table
    from ..store.file import FileStore
    from .replay import season_states

    store = FileStore(log)
    states = {state.season: state for state in season_states(store)}
    store.close()
    path = os.path.join(work, f"results-{time.monotonic_ns()}.sqlite")
    db = _sqlite(path, states)
    ours, theirs = [], []
    for season, state in states.items():
        warm = dict(state.memo)  # the state a replay into every table leaves
        for upto in range(1, len(table(state, "F1", "drivers").rounds) + 1):
            best = float("inf")
            for _ in range(repeat):  # each time from the warm state, no answer kept
                state.memo.clear()
                state.memo.update(warm)
                start = time.perf_counter()
                table(state, "F1", "drivers", upto)
                best = min(best, time.perf_counter() - start)
            ours.append(best)
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                db.execute(SQL, (season, upto)).fetchall()
                best = min(best, time.perf_counter() - start)
            theirs.append(best)
    db.close()
    os.remove(path)
    ours_ms, theirs_ms = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    return {"query_vs_sqlite": theirs_ms / ours_ms, "query_ms": ours_ms,
            "query_sqlite_ms": theirs_ms, "queries": len(ours)}
