"""The logs the benchmark measures, built into a working directory: a seeded synthetic
log, every Formula One season (F1DB's tree through the importer, as ``make f1`` does),
and the shipped season logs (the WEC seasons, the 2013 ALMS season)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
F1DB = ROOT.parent / "shared" / "f1db"
F1_RULES = ROOT / "events" / "f1"
ALMS_2013 = ROOT / "events" / "aslms-2013.jsonl"


def synthetic(path: str, events: int) -> int:
    """A seeded synthetic log of about ``events`` events (``champengine.bench.generate``)."""
    from ..store.file import FileStore
    from .generate import generate

    store = FileStore(path, create=True)
    n = 0
    for season, batch in generate(events):
        store.append(season, batch)
        n += len(batch)
    store.close()
    return n


def f1(path: str, years: list[int] | None = None) -> int | None:
    """Every F1 season (or ``years``) of F1DB's tree, imported as ``make f1`` does; None
    when the tree is not here."""
    from ..importers.f1db_load import import_tree
    from ..store.file import FileStore

    data = F1DB / "data" if (F1DB / "data").is_dir() else F1DB
    if not data.is_dir():
        return None
    store = FileStore(path, create=True)
    done = import_tree(store, str(data), str(F1_RULES), years)
    store.close()
    return sum(d.appended for d in done)


def shipped() -> list[Path]:
    """The season logs the project ships: every WEC season built, and 2013's ALMS."""
    return sorted((ROOT / "events").glob("wec-*.jsonl")) + [ALMS_2013]


def binary(source: Path, path: str) -> int:
    """A JSON Lines season file imported into a binary log at ``path``."""
    from ..recorder import import_text
    from ..store.file import FileStore

    store = FileStore(path, create=True)
    outcome = import_text(store, source.read_bytes(), name=str(source))
    store.close()
    return len(outcome.appended)


def real(work: str, f1_years: list[int] | None = None) -> dict[str, str]:
    """Every real log, as binary logs in ``work``: name -> path."""
    logs = {}
    f1_path = os.path.join(work, "f1.log")
    if f1(f1_path, f1_years) is not None:
        logs["F1, every season" if f1_years is None else
             f"F1 {', '.join(map(str, f1_years))}"] = f1_path
    for source in shipped():
        path = os.path.join(work, source.stem + ".log")
        binary(source, path)
        logs[source.stem] = path
    return logs
