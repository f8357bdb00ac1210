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


class _Planted:
    """A pickle that runs code when loaded."""

    def __reduce__(self):
        return (exec, ("import pathlib; pathlib.Path(__import__('os').environ['PLANTED']).touch()",))


def test_a_checkpoint_file_not_signed_by_the_user_is_never_unpickled(log, tmp_path, monkeypatch):
    import os
    import pickle

    monkeypatch.setenv("CHAMP_KEY_DIR", str(tmp_path / "keys"))
    store = FileStore(log)
    season = store.seasons()[0]
    folder = tmp_path / "checkpoints"
    cp.Checkpoints(store, every=500, directory=str(folder)).build(season)
    files = sorted(folder.iterdir())
    assert files and oct(os.stat(tmp_path / "keys" / "checkpoint.key").st_mode & 0o777) == "0o600"
    marker = tmp_path / "ran"
    monkeypatch.setenv("PLANTED", str(marker))
    for f in files:  # someone replaces every checkpoint with a pickle of their own
        f.write_bytes(b"\0" * 32 + pickle.dumps(_Planted()))
    assert cp.Checkpoints(store, every=500, directory=str(folder)).nearest(season, 10**6) is None
    assert not marker.exists()


def test_a_checkpoint_changed_on_disk_is_a_miss(log, tmp_path, monkeypatch):
    monkeypatch.setenv("CHAMP_KEY_DIR", str(tmp_path / "keys"))
    store = FileStore(log)
    season = store.seasons()[0]
    folder = tmp_path / "checkpoints"
    cp.Checkpoints(store, every=500, directory=str(folder)).build(season)
    for f in folder.iterdir():
        data = bytearray(f.read_bytes())
        data[-5] ^= 0xFF
        f.write_bytes(bytes(data))
    assert cp.Checkpoints(store, every=500, directory=str(folder)).nearest(season, 10**6) is None
    # with another user's key, even untouched files are misses
    cp.Checkpoints(store, every=500, directory=str(folder)).build(season)
    monkeypatch.setenv("CHAMP_KEY_DIR", str(tmp_path / "other-keys"))
    assert cp.Checkpoints(store, every=500, directory=str(folder)).nearest(season, 10**6) is None


def test_a_damaged_signing_key_is_replaced_and_its_checkpoints_are_misses(log, tmp_path,
                                                                          monkeypatch):
    keys = tmp_path / "keys"
    monkeypatch.setenv("CHAMP_KEY_DIR", str(keys))
    keys.mkdir()
    (keys / "checkpoint.key").write_bytes(b"short")
    store = FileStore(log)
    season = store.seasons()[0]
    folder = str(tmp_path / "checkpoints")
    cp.Checkpoints(store, every=500, directory=folder).build(season)
    assert len((keys / "checkpoint.key").read_bytes()) == 32
    assert cp.Checkpoints(store, every=500, directory=folder).nearest(season, 10**6) is not None


# -- issue 17 item 4: files on disk written new, never through a symlink, only the user's own ---


def _built(log, tmp_path, monkeypatch, **kw):
    monkeypatch.setenv("CHAMP_KEY_DIR", str(tmp_path / "keys"))
    store = FileStore(log)
    season = store.seasons()[0]
    folder = tmp_path / "checkpoints"
    checkpoints = cp.Checkpoints(store, every=500, directory=str(folder), **kw)
    return store, season, folder, checkpoints


def test_a_checkpoint_is_never_written_through_a_symlink(log, tmp_path, monkeypatch):
    store, season, folder, checkpoints = _built(log, tmp_path, monkeypatch)
    folder.mkdir()
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    # the names a writer could be tricked into following: the old predictable
    # temporary name, and the checkpoint's own name
    first = cp.Checkpoints(store, every=500)
    first.build(season)
    names = [k.filename() for k in first._saved]
    for name in names:
        (folder / (name + ".tmp")).symlink_to(victim)
    (folder / names[0]).unlink(missing_ok=True)
    (folder / names[0]).symlink_to(victim)
    checkpoints.build(season)
    assert victim.read_bytes() == b"precious"
    assert not (folder / names[0]).is_symlink()  # replaced by a file of its own
    assert cp.Checkpoints(store, every=500, directory=str(folder)).nearest(season, 10**6)


def test_a_checkpoint_that_is_a_symlink_is_a_miss(log, tmp_path, monkeypatch):
    store, season, folder, checkpoints = _built(log, tmp_path, monkeypatch)
    checkpoints.build(season)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for f in folder.iterdir():
        target = elsewhere / f.name
        f.rename(target)
        f.symlink_to(target)  # signed, valid, but reached through a link
    assert cp.Checkpoints(store, every=500, directory=str(folder)).nearest(season, 10**6) is None


def test_the_key_is_written_through_a_new_unpredictable_file(log, tmp_path, monkeypatch):
    import os

    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    (keys / f"checkpoint.key.{os.getpid()}.tmp").symlink_to(victim)  # the old temporary name
    store, season, folder, checkpoints = _built(log, tmp_path, monkeypatch)
    checkpoints.build(season)
    assert victim.read_bytes() == b"precious"
    assert oct((keys / "checkpoint.key").stat().st_mode & 0o777) == "0o600"
    assert not [p for p in keys.iterdir() if p.name.startswith(".champ-")]


@pytest.mark.parametrize("what", ["key dir writable by others", "key file readable by others",
                                  "key file of another user", "key dir of another user",
                                  "key file a symlink", "checkpoint dir writable by others"])
def test_a_key_or_directory_others_control_is_refused(log, tmp_path, monkeypatch, what):
    import os

    from champengine.errors import StoreError

    if "another user" in what and os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    key = keys / "checkpoint.key"
    key.write_bytes(os.urandom(32))
    key.chmod(0o600)
    folder = tmp_path / "checkpoints"
    folder.mkdir(mode=0o700)
    if what == "key dir writable by others":
        keys.chmod(0o777)
    elif what == "key file readable by others":
        key.chmod(0o644)
    elif what == "key file of another user":
        os.chown(key, os.geteuid() + 1000, -1)
    elif what == "key dir of another user":
        os.chown(keys, os.geteuid() + 1000, -1)
    elif what == "key file a symlink":
        real = tmp_path / "real.key"
        key.rename(real)
        key.symlink_to(real)
    elif what == "checkpoint dir writable by others":
        folder.chmod(0o777)
    store, season, _, checkpoints = _built(log, tmp_path, monkeypatch)
    with pytest.raises(StoreError, match="refusing it|another user|symlink"):
        checkpoints.build(season)
    assert not [p for p in folder.iterdir()]
