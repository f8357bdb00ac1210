"""Shared fixtures: the 2013 season replayed once, and helpers for hand-made seasons."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
SEASON_LOG = ROOT / "events" / "aslms-2013.jsonl"

#: what the golden tests measured, printed at the end of the run
REPORT: list[str] = []


@pytest.fixture(scope="session")
def season_store():
    from champengine.source import open_for_reading

    return open_for_reading(str(SEASON_LOG))


@pytest.fixture(scope="session")
def season_events(season_store):
    return list(season_store.read("aslms-2013"))


@pytest.fixture
def season_state(season_events):
    from champengine.projections.season import fold

    return fold(season_events)


@pytest.fixture(autouse=True)
def checkpoint_keys(tmp_path_factory, monkeypatch):
    """Checkpoint signing keys of the tests' own, never the user's."""
    if "CHAMP_KEY_DIR" not in os.environ:
        monkeypatch.setenv("CHAMP_KEY_DIR", str(tmp_path_factory.getbasetemp() / "keys"))


def read_bytes(path) -> bytes:
    """A file's bytes, for checking that a refusal wrote nothing."""
    return Path(path).read_bytes()


def write_bytes(path, data: bytes) -> None:
    Path(path).write_bytes(data)


def pytest_terminal_summary(terminalreporter):
    for line in REPORT:
        terminalreporter.write_line(line)


def postgres_dsn() -> str | None:
    return os.environ.get("CHAMP_TEST_PG", "host=127.0.0.1 port=5432 dbname=test user=postgres")
