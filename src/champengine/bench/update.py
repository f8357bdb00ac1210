"""``update_ms``: the live case. A season's classifications arrive one after another at
a process that holds the log open: the next one is decided against the season's state
(the nearest checkpoint, then the events after it), appended (fsync'd), and every table
of the season is current again. Measured on the F1 season given (2013 by default): its
log holds every event before its second-to-last classification; that one is recorded
first (the writer open, its ids indexed: once per process, not per update), then the
last one is measured."""

from __future__ import annotations

import os
import shutil
import statistics
import time


def _base(log: str, season: str, path: str):
    """A log at ``path`` holding ``season`` up to its second-to-last classification, and
    the last two classifications."""
    from ..store.batch import Pending
    from ..store.file import FileStore

    events = list(FileStore(log).read(season))
    *_, before, last = (i for i, e in enumerate(events) if e.type == "RaceClassified")
    store = FileStore(path, create=True)
    store.append(season, [Pending.of(e) for e in events[:before]])
    store.close()
    return events[before].payload, events[last].payload


def update(path: str, season: str, payloads: tuple, every: int) -> float:
    """Seconds from the last classification given to every table of the season current."""
    from ..checkpoints import Checkpoints
    from ..projections.invitations import granted
    from ..projections.season import replaying
    from ..projections.standings import table
    from ..recorder import record
    from ..store.file import FileStore

    store = FileStore(path)
    checkpoints = Checkpoints(store, every=every)
    with replaying():
        checkpoints.build(season)
    took = 0.0
    for payload in payloads:
        start = time.perf_counter()
        with replaying():
            state = checkpoints.state_at(season, store.last_seq(season))
        record(store, season, [payload], state=state)
        for class_ in state.classes:
            for spec in state.table_specs(class_):
                table(state, class_, spec.table)
        granted(state)
        took = time.perf_counter() - start
    store.close()
    return took


def figures(log: str, work: str, *, season: str = "f1-2013", runs: int = 3,
            every: int = 100) -> dict:
    base = os.path.join(work, "update-base.log")
    payloads = _base(log, season, base)
    times = []
    for i in range(runs):
        path = os.path.join(work, f"update-{i}.log")
        shutil.copyfile(base, path)
        times.append(update(path, season, payloads, every))
        os.remove(path)
    return {"update_ms": statistics.median(times) * 1000}
