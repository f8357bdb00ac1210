"""Who may append to a log file, and to which file: the writer's lock, waited for no
longer than a stated timeout, and the file's identity checked under it."""

from __future__ import annotations

import errno
import fcntl
import os
import time

from ..errors import LogLockedError, StoreError, UsageError

#: how long a writer waits for another's lock unless told (``CHAMP_LOCK_TIMEOUT``, seconds)
DEFAULT_LOCK_TIMEOUT = 30.0


def lock_timeout_of(given: float | None) -> float:
    """The lock timeout: as given, else ``CHAMP_LOCK_TIMEOUT``, else the default."""
    if given is not None:
        return given
    text = os.environ.get("CHAMP_LOCK_TIMEOUT")
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86400:
        raise UsageError(f"CHAMP_LOCK_TIMEOUT={text!r} is not a number of seconds (0 to 86400)")
    return value


def lock(fd: int, path: str, timeout: float) -> None:
    """Take the exclusive lock on ``fd``, or give up after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise StoreError(f"cannot lock {path}: {exc.strerror}") from None
        if time.monotonic() >= deadline:
            raise LogLockedError(
                f"{path} is locked by another writer: gave up after {timeout:g} s "
                "(CHAMP_LOCK_TIMEOUT sets the wait)")
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 2, 0.05)


def open_for_append(real: str, path: str) -> int:
    """A writable descriptor of the resolved log file (never through a symlink)."""
    try:
        return os.open(real, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        raise StoreError(f"{path} was removed since it was opened: nothing written") from None
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror}") from None


def same_file(locked: int, held: int, real: str, path: str) -> None:
    """Refuse to append unless the locked descriptor, the file read so far and the
    path are one file: a log renamed or replaced since it was opened is never
    written through a stale view of it."""
    try:
        named = os.stat(real, follow_symlinks=False)
    except OSError:
        named = None
    files = {(s.st_dev, s.st_ino) for s in (os.fstat(held), os.fstat(locked))}
    if named is None or files != {(named.st_dev, named.st_ino)}:
        raise StoreError(f"{path} was replaced or moved since it was opened: nothing written "
                         "(run the command again)")
