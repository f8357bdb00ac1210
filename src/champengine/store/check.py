"""Checking and repairing a log file: ``champ log verify`` and ``champ log repair``."""

from __future__ import annotations

import contextlib
import os

import attrs

from ..errors import CorruptLogError, StoreError
from .file import _fsync_dir
from .framing import FILE_HEADER_SIZE, Tail, check_file_header, file_header, scan
from .locking import lock, lock_timeout_of
from .records import decode_frame, follows


@attrs.frozen
class Verdict:
    """What a scan of the whole file found."""

    tail: Tail
    frames: int
    events: int
    last_seq: dict[str, int]
    size: int

    @property
    def ok(self) -> bool:
        return self.tail.kind == "clean"

    def describe(self) -> str:
        seqs = ", ".join(f"{s} seq {n}" for s, n in self.last_seq.items()) or "no events"
        if self.tail.kind == "clean":
            return f"ok: {self.frames} batches, {self.events} events ({seqs})"
        if self.tail.kind == "torn":
            cut = self.size - self.tail.offset
            return (f"torn tail at byte {self.tail.offset} ({cut} bytes: {self.tail.reason}); "
                    f"last good: {seqs}; `champ log repair` can cut it off")
        return (f"corrupt at byte {self.tail.offset}: {self.tail.reason}; "
                f"last good: {seqs}")


def verify(path: str, on_bytes=None) -> Verdict:
    """Scan every frame of the file, decoding each record, without trusting any length.

    ``on_bytes(n)`` (optional) hears how many bytes each checked frame held.
    """
    try:
        f = open(path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise StoreError(f"no log at {path}") from None
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc.strerror}") from None
    with f:
        size = os.fstat(f.fileno()).st_size
        head = f.read(FILE_HEADER_SIZE)
        if size < FILE_HEADER_SIZE and file_header().startswith(head):
            return Verdict(Tail("torn", 0, "incomplete file header"), 0, 0, {}, size)
        check_file_header(head)
        frames = events = 0
        last_seq: dict[str, int] = {}
        ids: set[str] = set()
        last_time: dict = {}
        for item in scan(f, FILE_HEADER_SIZE, size):
            if isinstance(item, Tail):
                return Verdict(item, frames, events, last_seq, size)
            try:
                envs = decode_frame(item)
            except CorruptLogError as exc:
                return Verdict(Tail("corrupt", item.offset, str(exc).split(": ", 1)[-1]),
                               frames, events, last_seq, size)
            if not follows(envs, last_seq, events, ids, last_time):
                return Verdict(Tail("corrupt", item.offset, "frame breaks the order of the log"),
                               frames, events, last_seq, size)
            last_seq[envs[0].season] = envs[-1].seq
            last_time[envs[0].season] = envs[-1].recorded_micros
            if on_bytes is not None:
                on_bytes(item.end - item.offset)
            ids.update(e.id for e in envs)
            frames += 1
            events += len(envs)
    raise AssertionError("scan ended without a tail")  # pragma: no cover


@attrs.frozen
class Repair:
    cut_at: int
    cut_bytes: int
    side_file: str | None


def repair(path: str) -> Repair:
    """Cut a torn tail off the log, keeping the cut bytes in a side file.

    Refuses (CorruptLogError) when the damage is anything but a torn tail.
    """
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        raise StoreError(f"no log at {path}") from None
    except OSError as exc:
        raise StoreError(f"cannot open {path} to repair it: {exc.strerror}") from None
    try:
        lock(fd, path, lock_timeout_of(None))
        verdict = verify(path)
        if verdict.tail.kind == "clean":
            return Repair(verdict.size, 0, None)
        if verdict.tail.kind == "corrupt":
            raise CorruptLogError(
                f"refusing to repair: {verdict.describe()}; only a torn tail can be cut",
                offset=verdict.tail.offset)
        cut_at = verdict.tail.offset
        cut = verdict.size - cut_at
        side = _keep(path, fd, cut_at, cut)
        try:
            if cut_at == 0:  # the file header itself was torn: write it whole
                os.ftruncate(fd, 0)
                os.pwrite(fd, file_header(), 0)
            else:
                os.ftruncate(fd, cut_at)
            os.fsync(fd)
            _fsync_dir(path)
        except OSError as exc:
            raise StoreError(f"cannot repair {path}: {exc.strerror} (the cut bytes are "
                             f"kept in {side})") from None
        return Repair(cut_at, cut, side)
    finally:
        os.close(fd)


def _keep(path: str, fd: int, cut_at: int, length: int) -> str:
    """Write the bytes to be cut to a side file of their own, created new (never
    through a symlink, dangling or not); on failure none is left behind."""
    base = f"{path}.torn-{cut_at}"
    for n in range(1000):
        side = base if n == 0 else f"{base}.{n}"
        try:
            out = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            continue
        except OSError as exc:
            raise StoreError(f"cannot keep the cut bytes in {side}: {exc.strerror}; "
                             "nothing cut") from None
        try:
            copied = 0
            while copied < length:  # in bounded steps: a torn tail may be large
                chunk = os.pread(fd, min(1 << 20, length - copied), cut_at + copied)
                if not chunk:
                    break
                view = memoryview(chunk)
                while view:
                    view = view[os.write(out, view):]
                copied += len(chunk)
            os.fsync(out)
        except OSError as exc:
            os.close(out)
            with contextlib.suppress(OSError):
                os.remove(side)
            raise StoreError(f"cannot keep the cut bytes in {side}: {exc.strerror}; "
                             "nothing cut") from None
        os.close(out)
        return side
    raise StoreError(f"cannot keep the cut bytes: {base} and 999 others exist; nothing cut")
