"""Checkpoints give the state a full replay gives, and are never used when stale."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from champengine import checkpoints as cp
from champengine.bench.generate import generate
from champengine.projections.season import fold
from champengine.projections.standings import table
from champengine.store.file import FileStore


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cp") / "synthetic.log")
    store = FileStore(path, create=True)
    for season, batch in generate(4000, seed=7):
        store.append(season, batch)
    return path


def tables(state):
    return [table(state, c, k) for c in ("LMP2", "GTC") for k in ("teams", "drivers")]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0, max_value=1))
def test_a_state_from_a_checkpoint_equals_a_full_replay(log, fraction):
    store = FileStore(log)
    season = store.seasons()[1]
    points = cp.Checkpoints(store, every=300)
    assert points.build(season) >= 3
    seq = int(fraction * store.last_seq(season))
    expected = fold(store.read(season, 1, seq))
    assert tables(points.state_at(season, seq)) == tables(expected)


def test_checkpoints_on_disk_are_used_by_a_new_process(log, tmp_path, monkeypatch):
    store = FileStore(log)
    season = store.seasons()[0]
    first = cp.Checkpoints(store, every=500, directory=str(tmp_path))
    first.build(season)
    later = cp.Checkpoints(FileStore(log), every=500, directory=str(tmp_path))
    seq = store.last_seq(season) - 3
    nearest = later.nearest(season, seq)
    assert nearest is not None and seq - nearest.seq < 500
    assert tables(later.state_at(season, seq)) == tables(fold(store.read(season, 1, seq)))


def test_a_new_version_of_the_folds_never_uses_old_checkpoints(log, tmp_path, monkeypatch):
    store = FileStore(log)
    season = store.seasons()[0]
    cp.Checkpoints(store, every=500, directory=str(tmp_path)).build(season)
    monkeypatch.setattr(cp, "_code_version", "another-version")
    assert cp.Checkpoints(store, every=500, directory=str(tmp_path)).nearest(season, 10**6) is None


def test_a_log_with_another_prefix_never_uses_old_checkpoints(tmp_path):
    """Two logs whose first frames differ: the second cannot use the first's checkpoints."""
    batches = list(generate(1500, seed=1))
    one, two = str(tmp_path / "one.log"), str(tmp_path / "two.log")
    a, b = FileStore(one, create=True), FileStore(two, create=True)
    for season, batch in batches:
        a.append(season, batch)
    season = batches[0][0]
    b.append(season, batches[0][1][:-1])  # the first batch, one event short
    for s, batch in batches[1:]:
        if s == season:
            b.append(s, batch)
    shared = str(tmp_path / "checkpoints")
    cp.Checkpoints(a, every=200, directory=shared).build(season)
    assert cp.Checkpoints(b, every=200, directory=shared).nearest(season, 10**6) is None
