"""Checking and repairing a log file: ``champ log verify`` and ``champ log repair``."""

from __future__ import annotations

import fcntl
import os

import attrs

from ..errors import CorruptLogError, StoreError
from .file import _fsync_dir, decode_frame, follows
from .framing import FILE_HEADER_SIZE, Tail, check_file_header, file_header, scan


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
        fcntl.flock(fd, fcntl.LOCK_EX)
        verdict = verify(path)
        if verdict.tail.kind == "clean":
            return Repair(verdict.size, 0, None)
        if verdict.tail.kind == "corrupt":
            raise CorruptLogError(
                f"refusing to repair: {verdict.describe()}; only a torn tail can be cut",
                offset=verdict.tail.offset)
        cut_at = verdict.tail.offset
        with open(path, "rb") as f:
            f.seek(cut_at)
            cut = f.read(verdict.size - cut_at)
        side = f"{path}.torn-{cut_at}"
        n = 0
        while os.path.exists(side):
            n += 1
            side = f"{path}.torn-{cut_at}.{n}"
        with open(side, "xb") as out:
            out.write(cut)
            out.flush()
            os.fsync(out.fileno())
        if cut_at == 0:  # the file header itself was torn: write it whole
            os.ftruncate(fd, 0)
            os.pwrite(fd, file_header(), 0)
        else:
            os.ftruncate(fd, cut_at)
        os.fsync(fd)
        _fsync_dir(path)
        return Repair(cut_at, len(cut), side)
    finally:
        os.close(fd)
