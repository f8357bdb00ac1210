"""What a file store survives besides a crash (issue 17): its log renamed or replaced
under a writer, a symlinked log, a writer that holds the lock too long."""

from __future__ import annotations

import fcntl
import os
import time

import pytest

from champengine.errors import LogLockedError, StoreError
from champengine.store.file import FileStore, create_log
from conftest import read_bytes
from store_contract import A, opened, scheduled


@pytest.fixture
def path(tmp_path) -> str:
    return str(tmp_path / "x.log")


# -- item 1: a writer appends only to the file it opened and checked ------------------------


def test_a_log_renamed_and_replaced_under_a_writer_is_never_written_through_a_stale_view(
        path, tmp_path):
    store = FileStore(path, create=True)
    store.append(A, [opened(), scheduled("inje")])
    old = str(tmp_path / "x.old")
    os.rename(path, old)  # mv x.log x.old; champ --log x.log init
    create_log(path)
    before_new, before_old = read_bytes(path), read_bytes(old)
    with pytest.raises(StoreError, match="replaced or moved since it was opened"):
        store.append(A, [scheduled("fuji")])
    assert read_bytes(path) == before_new and read_bytes(old) == before_old
    store.close()
    with FileStore(old) as again:
        assert again.last_seq(A) == 2


def test_a_log_removed_under_a_writer_is_refused_in_one_line(path):
    store = FileStore(path, create=True)
    store.append(A, [opened()])
    os.remove(path)
    with pytest.raises(StoreError, match="removed since it was opened"):
        store.append(A, [scheduled("fuji")])
    assert not os.path.exists(path)
    store.close()


def test_a_symlinked_log_resolves_once_at_open(path, tmp_path):
    other = str(tmp_path / "other.log")
    create_log(other)
    link = str(tmp_path / "link.log")
    store = FileStore(path, create=True)
    store.close()
    os.symlink(path, link)
    store = FileStore(link)
    store.append(A, [opened()])
    os.remove(link)
    os.symlink(other, link)  # the link now names another log: the writer keeps its own
    store.append(A, [scheduled("inje")])
    store.close()
    with FileStore(path) as first, FileStore(other) as second:
        assert first.last_seq(A) == 2 and second.seasons() == []


# -- item 11: a writer waiting on the lock gives up after a stated timeout --------------------


def test_a_writer_waiting_on_the_file_lock_gives_up_after_its_timeout(path):
    store = FileStore(path, create=True, lock_timeout=0.3)
    store.append(A, [opened()])
    before = read_bytes(path)
    holder = os.open(path, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another writer, holding on
    try:
        start = time.monotonic()
        with pytest.raises(LogLockedError, match="locked by another writer: gave up after 0.3 s"):
            store.append(A, [scheduled("inje")])
        assert 0.3 <= time.monotonic() - start < 5
        assert read_bytes(path) == before
    finally:
        os.close(holder)
    store.append(A, [scheduled("inje")])  # released: the same store writes
    assert store.last_seq(A) == 2
    store.close()


def test_the_lock_timeout_comes_from_champ_lock_timeout(path, monkeypatch):
    from champengine.errors import UsageError

    monkeypatch.setenv("CHAMP_LOCK_TIMEOUT", "0.25")
    with FileStore(path, create=True) as store:
        assert store.lock_timeout == 0.25
    for bad in ("soon", "-1", "nan", "1e9"):
        monkeypatch.setenv("CHAMP_LOCK_TIMEOUT", bad)
        with pytest.raises(UsageError, match="CHAMP_LOCK_TIMEOUT"):
            FileStore(path)


def test_champ_waiting_on_a_held_lock_says_so_in_one_line(path, tmp_path):
    import subprocess
    import sys

    create_log(path)
    holder = os.open(path, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        result = subprocess.run(
            [sys.executable, "-c", "from champengine.cli import main; main()", "--log", path, "open-season", "s",
             "--series", "S", "--year", "2013"],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "CHAMP_LOCK_TIMEOUT": "0.2"})
    finally:
        os.close(holder)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1 and "locked by another writer" in result.stderr


# -- item 3: a tail of zeros or garbage with nothing valid after it is torn ---------------------


@pytest.mark.parametrize("tail", [bytes(4096), b"\x5a\x17" * 300 + bytes(7)])
def test_champ_log_repair_cuts_a_tail_of_zeros_or_garbage(path, tail):
    from click.testing import CliRunner

    from champengine.cli import cli

    with FileStore(path, create=True) as store:
        store.append(A, [opened(), scheduled("inje")])
    good = read_bytes(path)
    with open(path, "ab") as f:  # head -c 4096 /dev/zero >> L
        f.write(tail)
    runner = CliRunner()
    verify = runner.invoke(cli, ["--log", path, "log", "verify"])
    assert verify.exit_code == 1 and "torn tail" in verify.stderr and "repair" in verify.stderr
    assert runner.invoke(cli, ["--log", path, "log", "export"]).stdout.count("\n") == 2
    repair = runner.invoke(cli, ["--log", path, "log", "repair"])
    assert repair.exit_code == 0, repair.output
    assert repair.stdout.startswith(f"cut {len(tail)} bytes at byte {len(good)}")
    assert read_bytes(path) == good
    assert runner.invoke(cli, ["--log", path, "log", "verify"]).exit_code == 0
