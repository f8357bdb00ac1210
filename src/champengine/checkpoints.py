"""Checkpoints: the season state saved every N events, so a query at any point
replays only from the nearest one.

A checkpoint is keyed by (season, seq, prefix digest, projection code version):
the prefix digest is the file store's chained digest of the season's frames up
to seq, checked in O(1) against the log as it is now, and the code version is a
hash of the modules that build the state. A log rewritten under a checkpoint,
or a new version of the folds, makes it a miss, never a wrong answer.

Checkpoints live in memory, and (``directory``) on disk as pickles signed with
a key of the user's own (HMAC-SHA256; the key is made on first use, readable by
the user alone, in ``$CHAMP_KEY_DIR`` or ``~/.cache/champengine``). A file is
unpickled only when its signature is the user's: a pickle someone else put in
the directory, or one changed since, is a miss, never code run on loading.
Every file is written through a new temporary file of an unpredictable name
(``O_EXCL``, in its own directory), then renamed; none is read through a
symlink; a key file or a directory that another user owns, that others can
write (or, the key, read) is refused.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import tempfile
from pathlib import Path

import attrs

from .errors import StoreError
from .projections.season import SeasonState, evolve

#: the modules whose code shapes a season state
_STATE_MODULES = ("events/*.py", "rules.py", "scoring/*.py", "projections/*.py")
_code_version: str | None = None


def code_version() -> str:
    """A digest of the code that builds the state: a new fold makes old checkpoints stale."""
    global _code_version
    if _code_version is None:
        root = Path(__file__).resolve().parent
        digest = hashlib.blake2b(digest_size=8)
        for pattern in _STATE_MODULES:
            for path in sorted(root.glob(pattern)):
                digest.update(path.read_bytes())
        _code_version = digest.hexdigest()
    return _code_version


def _refuse_unless_ours(path: str, st: os.stat_result, *, what: str, private: bool) -> None:
    """Refuse a file or directory of the checkpoints that another user owns, that others
    can write (or, ``private``, read), or that is a symlink: whoever controls it could
    make this user unpickle their code."""
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(f"the checkpoint {what} {path} is a symlink: refusing it")
    if st.st_uid != os.geteuid():
        raise StoreError(f"the checkpoint {what} {path} belongs to another user: refusing it")
    mask = 0o077 if private else 0o022
    if st.st_mode & mask:
        raise StoreError(f"the checkpoint {what} {path} is open to others (mode "
                         f"{stat.S_IMODE(st.st_mode):o}): refusing it (chmod go-rwx {path})")


def _own_directory(folder: str, *, private: bool) -> None:
    """Make ``folder`` (0700) if missing; refuse it unless it is this user's own."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
    except OSError as exc:
        raise StoreError(f"cannot use the checkpoint directory {folder}: {exc.strerror}") from None
    if not stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode):
        raise StoreError(f"the checkpoint directory {folder} is not a directory")
    _refuse_unless_ours(folder, st, what="directory", private=private)


def _write_new(folder: str, path: str, data: bytes, *, replace: bool) -> bool:
    """Write ``data`` to ``path`` through a new temporary file of an unpredictable name
    (``O_EXCL``, 0600, in ``folder``), then rename it into place (a rename never follows
    a symlink); ``replace`` False: the first writer wins (False if someone else did)."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".champ-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # never replaces: a racing writer's file stays
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)


def _read_own(path: str, *, what: str, private: bool = False) -> bytes | None:
    """The bytes of ``path`` if it is there (never through a symlink), refused unless
    ours (``private``: unless readable by this user alone)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(f"the checkpoint {what} {path} is a symlink: refusing it") from None
        raise StoreError(f"cannot read the checkpoint {what} {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(f"the checkpoint {what} {path} is not a regular file")
        _refuse_unless_ours(path, st, what=what, private=private)
        return f.read(1 << 30)


def _signing_key() -> bytes:
    """The user's checkpoint signing key, made on first use (readable by the user alone)."""
    folder = os.environ.get("CHAMP_KEY_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "champengine")
    path = os.path.join(folder, "checkpoint.key")
    _own_directory(folder, private=False)
    for _ in range(10):
        key = _read_own(path, what="key file")
        if key is not None and len(key) == 32:
            _read_own(path, what="key file", private=True)  # a key others read signs nothing
            return key
        # missing, or damaged (nothing valid was signed with it): a new key
        if _write_new(folder, path, secrets.token_bytes(32), replace=key is not None):
            continue  # read it back, as a racing writer would
    raise StoreError(f"cannot settle on a checkpoint key in {folder}")


def _signature(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


@attrs.frozen
class Key:
    season: str
    seq: int
    prefix: bytes
    code: str

    def filename(self) -> str:
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.season)
        return f"{safe}-{self.seq}-{self.prefix.hex()}-{self.code}.pickle"


class Checkpoints:
    """Season states of a file store, saved at frame ends about every ``every`` events."""

    def __init__(self, store, *, every: int = 2000, directory: str | None = None) -> None:
        self.store = store
        self.every = every
        self.directory = directory
        self._saved: dict[Key, SeasonState] = {}
        self._on_disk: set[str] | None = None  # file names, listed once
        self._signing: bytes | None = None  # the user's key, read once

    def _sign(self, data: bytes) -> bytes:
        if self._signing is None:
            self._signing = _signing_key()
        return _signature(self._signing, data)

    def _key(self, season: str, seq: int, prefix: bytes) -> Key:
        return Key(season, seq, prefix, code_version())

    def build(self, season: str) -> int:
        """Replay a season once, saving a checkpoint about every ``every`` events."""
        ends = self.store.frame_ends(season)
        state = SeasonState()
        saved = 0
        next_at = self.every
        cursor = 0
        for env in self.store.read(season):
            evolve(state, env)
            while cursor < len(ends) and ends[cursor][0] < env.seq:
                cursor += 1
            if cursor < len(ends) and ends[cursor][0] == env.seq and env.seq >= next_at:
                self._save(self._key(season, env.seq, ends[cursor][1]), state.copy())
                saved += 1
                next_at = env.seq + self.every
        return saved

    def _save(self, key: Key, state: SeasonState) -> None:
        self._saved[key] = state
        if self.directory:
            _own_directory(self.directory, private=False)
            path = os.path.join(self.directory, key.filename())
            data = pickle.dumps((key, state), protocol=pickle.HIGHEST_PROTOCOL)
            _write_new(self.directory, path, self._sign(data) + data, replace=True)

    def _load(self, key: Key) -> SeasonState | None:
        state = self._saved.get(key)
        if state is None and self.directory:
            if self._on_disk is None:
                try:
                    self._on_disk = set(os.listdir(self.directory))
                except OSError:
                    self._on_disk = set()
            if key.filename() not in self._on_disk:
                return None
            path = os.path.join(self.directory, key.filename())
            try:  # a file that is not ours, or a symlink, is a miss like a bad signature
                signed = _read_own(path, what="file")
            except StoreError:
                return None
            if signed is None:
                return None
            signature, data = signed[:32], signed[32:]
            if not hmac.compare_digest(signature, self._sign(data)):
                return None  # not ours, or changed since: never unpickled
            try:
                stored_key, state = pickle.loads(data)  # noqa: S301 - signed by this user
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                return None
            if stored_key != key:
                return None
            self._saved[key] = state
        return state

    def nearest(self, season: str, seq: int) -> SeasonState | None:
        """A copy of the latest valid checkpoint at or before ``seq``, or None."""
        ends = self.store.frame_ends(season)
        seqs = [s for s, _ in ends]
        i = bisect.bisect_right(seqs, seq)
        while i > 0:
            i -= 1
            state = self._load(self._key(season, ends[i][0], ends[i][1]))
            if state is not None:
                return state.copy()
        return None

    def state_at(self, season: str, seq: int) -> SeasonState:
        """The season state at ``seq``: the nearest checkpoint, then the events after it."""
        state = self.nearest(season, seq) or SeasonState()
        for env in self.store.read(season, state.seq + 1, seq):
            evolve(state, env)
        return state
