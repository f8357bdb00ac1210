"""The embedded backend: one append-only file of framed batches (see ``framing``).

Promises: an append returns only after its frame is fsync'd; a batch is read
whole or not at all; one writer at a time (an OS lock, taken per append, so
several processes can share a log); reading never returns a damaged event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import operator
import os
from collections.abc import Iterator, Sequence

import attrs

from ..codec import pack_records
from ..errors import CorruptLogError, NotALogError, StoreError, TornTailError
from ..events import Envelope, micros_to_time
from .batch import Pending, stamp_batch
from .framing import (
    FILE_HEADER_SIZE,
    Frame,
    Tail,
    check_file_header,
    corrupt,
    encode_frame,
    file_header,
    scan,
)
from .locking import lock, lock_timeout_of, open_for_append, same_file
from .records import decode_frame, follows, peek, readable  # noqa: F401 - used from here too


@attrs.define
class FrameIndex:
    offset: int
    season: str
    first_seq: int
    count: int
    first_position: int
    first_time: int = 0  # recorded_at of the first record, microseconds since the epoch
    #: digest of the season's log up to and including this frame, chained frame by frame
    #: from the frames' CRCs: equal digests mean equal prefixes (checkpoints rely on it)
    chain: bytes = b""

    @property
    def last_seq(self) -> int:
        return self.first_seq + self.count - 1


def create_log(path: str) -> None:
    """Write an empty log (just its header); refuse to overwrite anything."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise StoreError(f"{path} already exists") from None
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror}") from None
    try:
        try:
            os.write(fd, file_header())
            os.fsync(fd)
        finally:
            os.close(fd)
        _fsync_dir(path)
    except OSError as exc:  # a full disk, say: no empty or partial log is left behind
        with contextlib.suppress(OSError):
            os.remove(path)
        raise StoreError(f"cannot create {path}: {exc.strerror}") from None


def _fsync_dir(path: str) -> None:
    fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_ID = operator.itemgetter(0)


class FileStore:
    """An ``EventStore`` over one log file."""

    def __init__(self, path: str, *, create: bool = False,
                 lock_timeout: float | None = None) -> None:
        self.path = path
        #: how long an append waits for another writer's lock (None: CHAMP_LOCK_TIMEOUT)
        self.lock_timeout = lock_timeout_of(lock_timeout)
        if create and not os.path.exists(path):
            create_log(path)
        #: the file itself: a symlinked log is resolved once, here, never again
        self._real = os.path.realpath(path)
        try:
            # unbuffered: a buffer would keep bytes that repair has since cut and replaced
            self._f = open(self._real, "rb", buffering=0)  # noqa: SIM115 - held for the store's life
        except FileNotFoundError:
            raise StoreError(f"no log at {path} (create one with: champ --log {path} init)") from None
        except IsADirectoryError:
            raise NotALogError(f"{path} is a directory, not a log") from None
        except OSError as exc:
            raise StoreError(f"cannot open {path}: {exc.strerror}") from None
        self._frames: list[FrameIndex] = []
        self._by_season: dict[str, list[FrameIndex]] = {}
        self._ids: dict[str, int] = {}  # id -> index into _frames, built when writing
        self._ids_upto = 0  # frames whose ids are in _ids
        self._looked_up: tuple[int, dict[str, Envelope]] = (-1, {})  # the last frame looked in
        self._last_seq: dict[str, int] = {}
        self._last_time: dict[str, int] = {}  # season -> last recorded_micros
        self._events = 0
        self._end = 0  # where the indexed part ends: 0 until the file header is whole
        self.tail = Tail("torn", 0, "incomplete file header")
        self._refresh()

    # -- reading the file --------------------------------------------------------------

    def _refresh(self) -> None:
        """Index the frames written since we last looked (by us or by other processes)."""
        size = os.fstat(self._f.fileno()).st_size
        if self._end == 0 and not self._read_file_header(size):
            return
        if size == self._end and self.tail.kind == "clean":
            return
        for item in scan(self._f, self._end, size):
            if isinstance(item, Tail):
                if item.kind == "corrupt":
                    raise corrupt(item, self._last_good_seq())
                self.tail = item
                return
            self._index(item)
            self._end = item.end

    def _read_file_header(self, size: int) -> bool:
        """Check the file header; False while it is torn (cut short, e.g. by a crash
        during create: only ``repair`` may write it, never an append)."""
        self._f.seek(0)
        head = self._f.read(FILE_HEADER_SIZE)
        if size < FILE_HEADER_SIZE and file_header().startswith(head):
            self.tail = Tail("torn", 0, "incomplete file header")
            return False
        check_file_header(head)
        self._end = FILE_HEADER_SIZE
        self.tail = Tail("clean", FILE_HEADER_SIZE)
        return True

    def _last_good_seq(self) -> int | None:
        if not self._frames:
            return None
        last = self._frames[-1]
        return last.first_seq + last.count - 1

    def _index(self, frame: Frame) -> None:
        """Index a frame from its first record alone: the body is decoded when read."""
        season, first_seq, first_position, first_time = peek(
            frame, last_good_seq=self._last_good_seq())
        frames = self._by_season.setdefault(season, [])
        if (first_seq != self._last_seq.get(season, 0) + 1
                or first_position != self._events + 1
                or (frames and first_time < frames[-1].first_time)):
            raise CorruptLogError(
                f"log corrupt at byte {frame.offset}: frame breaks the order of the log",
                offset=frame.offset, last_good_seq=self._last_good_seq())
        previous = frames[-1].chain if frames else season.encode()
        chain = hashlib.blake2b(previous + frame.crc.to_bytes(4, "big")
                                + frame.count.to_bytes(4, "big"), digest_size=16).digest()
        idx = FrameIndex(frame.offset, season, first_seq, frame.count, first_position,
                         first_time, chain)
        self._frames.append(idx)
        frames.append(idx)
        self._last_seq[season] = first_seq + frame.count - 1
        self._events += frame.count

    def _frame_events(self, idx: FrameIndex) -> list[Envelope]:
        frame = next(scan(self._f, idx.offset, self._end))
        if not isinstance(frame, Frame):
            raise corrupt(frame, self._last_good_seq())
        envs = decode_frame(frame)
        if envs[0].season != idx.season or not follows(
                envs, {idx.season: idx.first_seq - 1}, idx.first_position - 1, ()):
            raise CorruptLogError(
                f"log corrupt at byte {idx.offset}: frame breaks the order of the log",
                offset=idx.offset, last_good_seq=idx.first_seq - 1)
        return envs

    def _index_ids(self) -> None:
        """Index the ids of the frames not indexed yet (only writers need them)."""
        while self._ids_upto < len(self._frames):
            n = self._ids_upto
            idx = self._frames[n]
            envs = self._frame_events(idx)
            if len({e.id for e in envs}) != len(envs) or any(e.id in self._ids for e in envs):
                raise CorruptLogError(
                    f"log corrupt at byte {idx.offset}: an id appears twice in the log",
                    offset=idx.offset, last_good_seq=idx.first_seq - 1)
            for env in envs:
                self._ids[env.id] = n
            self._last_time[idx.season] = envs[-1].recorded_micros
            self._ids_upto += 1

    def _lookup(self, id_: str) -> Envelope | None:
        n = self._ids.get(id_)
        if n is None:
            return None
        if self._looked_up[0] != n:  # a retried batch looks up a whole frame, id by id
            self._looked_up = (n, {e.id: e for e in self._frame_events(self._frames[n])})
        return self._looked_up[1][id_]

    # -- the protocol --------------------------------------------------------------------

    def read(self, season: str, from_seq: int = 1,
             to_seq: int | None = None) -> Iterator[Envelope]:
        self._refresh()
        last = to_seq if to_seq is not None else self._last_seq.get(season, 0)
        frames = [idx for idx in self._by_season.get(season, ())
                  if idx.first_seq + idx.count > from_seq and idx.first_seq <= last]
        for idx, envs in self._checked(frames):
            if idx.first_seq >= from_seq and idx.first_seq + idx.count - 1 <= last:
                yield from envs
            else:  # a frame across either end of the range
                yield from (env for env in envs if from_seq <= env.seq <= last)

    def read_all(self, from_position: int = 1) -> Iterator[Envelope]:
        self._refresh()
        frames = [idx for idx in self._frames if idx.first_position + idx.count > from_position]
        for idx, envs in self._checked(frames):
            if idx.first_position >= from_position:
                yield from envs
            else:
                yield from (env for env in envs if env.position >= from_position)

    def _checked(self, frames: list[FrameIndex]) -> Iterator[tuple[FrameIndex, list[Envelope]]]:
        """The events of these frames, frame by frame, refusing what only a damaged log
        could hold across frames (checked within a frame as it is decoded): an id seen
        before in this read, a season's recorded time going back."""
        seen: set[str] = set()
        last: dict[str, int] = {}
        for idx in frames:
            envs = self._frame_events(idx)
            previous = last.get(idx.season)
            if previous is not None and envs[0].recorded_micros < previous:
                raise CorruptLogError(
                    f"log corrupt at byte {idx.offset}: recorded_at goes back in time",
                    offset=idx.offset, last_good_seq=idx.first_seq - 1)
            last[idx.season] = envs[-1].recorded_micros
            size = len(seen)
            seen.update(map(_ID, envs))
            if len(seen) != size + len(envs):  # the whole frame is refused, none of it read
                raise CorruptLogError(
                    f"log corrupt at byte {idx.offset}: an id appears twice",
                    offset=idx.offset, last_good_seq=idx.first_seq - 1)
            yield idx, envs

    def last_seq(self, season: str) -> int:
        self._refresh()
        return self._last_seq.get(season, 0)

    def frame_ends(self, season: str) -> list[tuple[int, bytes]]:
        """(last seq, prefix digest) of each of a season's frames, in order."""
        self._refresh()
        return [(idx.last_seq, idx.chain) for idx in self._by_season.get(season, ())]

    def seasons(self) -> list[str]:
        self._refresh()
        return list(self._last_seq)

    def append(self, season: str, events: Sequence[Pending],
               expected_seq: int | None = None) -> list[Envelope]:
        return self.append_batches([(season, events, expected_seq)])[0]

    def append_batches(self, batches: Sequence[tuple[str, Sequence[Pending], int | None]]
                       ) -> list[list[Envelope]]:
        """Append several batches (an import of several seasons) as one: every batch is
        checked before any is written, then all are written as one group of frames
        (each but the last marked ``MORE``) and fsync'd once, so a reader sees all of
        them or none, whatever cuts the write short."""
        fd = open_for_append(self._real, self.path)
        try:
            lock(fd, self.path, self.lock_timeout)
            same_file(fd, self._f.fileno(), self._real, self.path)
            self._refresh()
            if self.tail.kind == "torn":
                raise TornTailError(
                    f"{self.path} ends in a torn write at byte {self.tail.offset}; "
                    f"run: champ --log {self.path} log repair", offset=self.tail.offset,
                    length=os.fstat(fd).st_size - self.tail.offset)
            self._index_ids()
            last_seq, last_time = dict(self._last_seq), dict(self._last_time)
            position, now = self._events + 1, dt.datetime.now(dt.UTC)
            written: dict[str, Envelope] = {}  # ids of the group's earlier batches

            def lookup(id_: str) -> Envelope | None:
                return written.get(id_) or self._lookup(id_)

            out, frames, fresh_all = [], [], []
            for season, events, expected_seq in batches:
                micros = last_time.get(season)
                existing, fresh = stamp_batch(
                    season, events, expected_seq, lookup=lookup,
                    last_seq=last_seq.get(season, 0),
                    last_recorded_at=None if micros is None else micros_to_time(micros),
                    next_position=position, now=now)
                if fresh:
                    body = pack_records(fresh)
                    readable(body, len(fresh))
                    frames.append((body, len(fresh)))
                    last_seq[season], last_time[season] = fresh[-1].seq, fresh[-1].recorded_micros
                    position += len(fresh)
                    written.update((e.id, e) for e in fresh)
                    fresh_all.append(fresh)
                out.append(existing + fresh)
            if frames:
                self._write(fd, b"".join(encode_frame(body, n, more=i < len(frames) - 1)
                                         for i, (body, n) in enumerate(frames)),
                            fresh_all[0] if len(frames) == 1 else [])
            return out
        finally:
            os.close(fd)  # closing releases the lock

    def _write(self, fd: int, frame: bytes, envs: list[Envelope]) -> None:
        start = self._end
        if os.fstat(fd).st_size != start:  # only the end of the file held is written
            raise StoreError(f"{self.path} changed under the lock: nothing written")
        try:
            view = memoryview(frame)
            written = 0
            while written < len(frame):
                written += os.pwrite(fd, view[written:], start + written)
            os.fsync(fd)
        except OSError as exc:
            os.ftruncate(fd, start)  # leave no partial frame behind
            raise StoreError(f"cannot write {self.path}: {exc.strerror}") from None
        self._refresh()
        if (envs and self._ids_upto == len(self._frames) - 1
                and self._frames[-1].offset == start):
            # our own frame: its ids are known without reading it back
            for env in envs:
                self._ids[env.id] = self._ids_upto
            self._last_time[envs[-1].season] = envs[-1].recorded_micros
            self._ids_upto += 1

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> FileStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
