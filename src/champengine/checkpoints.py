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
"""

from __future__ import annotations

import bisect
import hashlib
import hmac
import os
import pickle
import secrets
from pathlib import Path

import attrs

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


def _signing_key() -> bytes:
    """The user's checkpoint signing key, made on first use (readable by the user alone)."""
    folder = os.environ.get("CHAMP_KEY_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "champengine")
    path = os.path.join(folder, "checkpoint.key")
    damaged = False
    try:
        with open(path, "rb") as f:
            key = f.read()
        if len(key) == 32:
            return key
        damaged = True  # nothing valid was signed with it: a new key replaces it
    except FileNotFoundError:
        pass
    os.makedirs(folder, mode=0o700, exist_ok=True)
    key = secrets.token_bytes(32)
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    if damaged:
        os.replace(tmp, path)
        return key
    try:
        os.link(tmp, path)  # the first writer's key wins; a racing one reads it back
    except FileExistsError:
        os.remove(tmp)
        return _signing_key()
    os.remove(tmp)
    return key


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
            os.makedirs(self.directory, exist_ok=True)
            path = os.path.join(self.directory, key.filename())
            data = pickle.dumps((key, state), protocol=pickle.HIGHEST_PROTOCOL)
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(self._sign(data) + data)
            os.replace(tmp, path)

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
            try:
                with open(path, "rb") as f:
                    signed = f.read()
            except OSError:
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
