"""The log file's byte layout: a file header, then one frame per batch.

File header (16 bytes): magic ``CHAMPLOG``, format version (u32), CRC32 of the
first 12 bytes (u32).

Frame: a 20-byte frame header, then the body (the batch's msgpack records).

    sync marker   4 bytes  b"\\xc7\\x4d\\x50\\x1e"
    length        u32      body length in bytes
    count         u32      number of records in the body
    header CRC    u32      CRC32 of sync, length, count and body CRC
    body CRC      u32      CRC32 of the body

A frame is readable only when all of it checks out, so a batch is all or
nothing. A *torn tail* is the mark of a write cut short, or of power lost before
the last pages reached the disk, as PostgreSQL's WAL takes a bad record at its
end for the end of the log: an incomplete final frame whose header is valid,
trailing bytes shorter than a frame header, or damage (zeros, garbage, a body
that fails its checksum) with no frame header that checks out anywhere after it.
Damage with a header that checks out after it (frames written later) is
corruption, and so is a header that checks out but announces an impossible size
(nothing but a deliberate write makes one).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

import attrs

from ..errors import CorruptLogError, NotALogError

MAGIC = b"CHAMPLOG"
FORMAT_VERSION = 1
FILE_HEADER = struct.Struct(">8sII")
FILE_HEADER_SIZE = FILE_HEADER.size  # 16

SYNC = b"\xc7\x4d\x50\x1e"
FRAME_HEADER = struct.Struct(">4sIIII")
FRAME_HEADER_SIZE = FRAME_HEADER.size  # 20

#: the largest body a frame may announce; a length past it is corruption, never allocated
MAX_BODY = 64 << 20
#: the most records a frame may hold
MAX_COUNT = 1 << 20
#: set in a frame's count field when more frames of the same append follow (an append
#: of several seasons, one frame each): the frames count only once the last is whole
MORE = 1 << 31


def file_header() -> bytes:
    head = MAGIC + struct.pack(">I", FORMAT_VERSION)
    return head + struct.pack(">I", zlib.crc32(head))


def check_file_header(data: bytes) -> None:
    """Raise NotALogError unless ``data`` starts with a valid file header."""
    if len(data) < FILE_HEADER_SIZE:
        raise NotALogError("too short to be a champengine log")
    magic, version, crc = FILE_HEADER.unpack_from(data)
    if magic != MAGIC:
        raise NotALogError("not a champengine log (bad magic)")
    if crc != zlib.crc32(data[:12]):
        raise NotALogError("damaged log header")
    if version != FORMAT_VERSION:
        raise NotALogError(f"log format version {version} is not supported")


def encode_frame(body: bytes, count: int, *, more: bool = False) -> bytes:
    stored = count | MORE if more else count
    body_crc = zlib.crc32(body)
    header_crc = zlib.crc32(SYNC + struct.pack(">III", len(body), stored, body_crc))
    return FRAME_HEADER.pack(SYNC, len(body), stored, header_crc, body_crc) + body


@attrs.frozen
class Frame:
    offset: int
    count: int
    body: bytes
    crc: int = 0  # the body's CRC32, as checked
    more: bool = False  # more frames of the same append follow

    @property
    def end(self) -> int:
        return self.offset + FRAME_HEADER_SIZE + len(self.body)


@attrs.frozen
class Tail:
    """How a scan ended: cleanly, at a torn tail, or at corruption."""

    kind: str  # "clean" | "torn" | "corrupt"
    offset: int  # where the good part ends
    reason: str = ""


def read_frame_header(header: bytes) -> tuple[int, int, int, bool] | str:
    """Check a frame header; return (length, count, body_crc, more) or the reason it is
    corrupt."""
    sync, length, stored, header_crc, body_crc = FRAME_HEADER.unpack(header)
    count = stored & ~MORE
    if sync != SYNC:
        return "no frame sync marker"
    if header_crc != zlib.crc32(header[:12] + header[16:20]):
        return "frame header checksum mismatch"
    # a batch holds one record or more, and a record takes a byte or more
    if not 0 < count <= min(length, MAX_COUNT) or length > MAX_BODY:
        return f"frame announces an impossible size ({length} bytes, {count} records)"
    return length, count, body_crc, bool(stored & MORE)


def header_after(f, start: int, size: int) -> int | None:
    """The offset of the first frame header passing its checksum at or after ``start``,
    or None: read in bounded steps, however long the tail."""
    step = 1 << 20
    offset = start
    while offset < size:
        f.seek(offset)
        chunk = _read(f, min(step + FRAME_HEADER_SIZE - 1, size - offset))
        at = chunk.find(SYNC)
        while at != -1:
            header = chunk[at:at + FRAME_HEADER_SIZE]
            if len(header) < FRAME_HEADER_SIZE:
                break  # the next step reads it whole
            if header_checks_out(header):
                return offset + at
            at = chunk.find(SYNC, at + 1)
        offset += step
    return None


def header_checks_out(header: bytes) -> bool:
    sync, _, _, header_crc, _ = FRAME_HEADER.unpack(header)
    return sync == SYNC and header_crc == zlib.crc32(header[:12] + header[16:20])


def _damage(f, offset: int, size: int, reason: str, *, search_from: int) -> Tail:
    """How a scan that met damage at ``offset`` ends: a torn tail when no frame header
    from ``search_from`` on checks out, else corruption."""
    if header_after(f, search_from, size) is None:
        return Tail("torn", offset, f"{reason}, nothing valid after it")
    return Tail("corrupt", offset, reason)


def _read(f, n: int) -> bytes:
    """``n`` bytes, or fewer only at the end of the file (a raw read may return less)."""
    chunks = []
    while n > 0 and (chunk := f.read(n)):
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def scan(f, start: int, size: int, *, groups: bool = True) -> Iterator[Frame | Tail]:
    """Yield each whole frame from ``start``, then one Tail saying how the file ends.

    ``f`` is a binary file object; ``size`` the file size to trust. Nothing is
    read past ``size`` and no read is larger than a valid frame can be. Frames of
    one append of several seasons (``groups``) are yielded only when the group's
    last frame is whole: a group cut short is a torn tail from its first frame on.
    """
    offset = start
    group_end = start  # the frames before it belong to a group known whole
    while True:
        remaining = size - offset
        if remaining == 0:
            yield Tail("clean", offset)
            return
        if remaining < FRAME_HEADER_SIZE:
            yield Tail("torn", offset, f"{remaining} trailing bytes, shorter than a frame header")
            return
        f.seek(offset)
        header = _read(f, FRAME_HEADER_SIZE)
        checked = read_frame_header(header)
        if isinstance(checked, str):
            yield (Tail("corrupt", offset, checked) if header_checks_out(header)
                   else _damage(f, offset, size, checked, search_from=offset))
            return
        length, count, body_crc, more = checked
        if FRAME_HEADER_SIZE + length > remaining:
            yield Tail("torn", offset,
                       f"last frame announces {length} bytes, {remaining - FRAME_HEADER_SIZE} written")
            return
        body = _read(f, length)
        if len(body) != length or zlib.crc32(body) != body_crc:
            yield _damage(f, offset, size, "frame body checksum mismatch",
                          search_from=offset + 1)
            return
        frame = Frame(offset, count, body, body_crc, more)
        if more and groups and offset >= group_end:
            end = _group_end(f, frame.end, size)
            if isinstance(end, Tail):
                yield (Tail("torn", offset, f"an append of several seasons cut short "
                            f"({end.reason or 'its last frame is missing'})")
                       if end.kind != "corrupt" else end)
                return
            group_end = end
        yield frame
        offset = frame.end


def _group_end(f, offset: int, size: int) -> int | Tail:
    """Where the group of frames going on at ``offset`` ends, or the Tail it meets."""
    for item in scan(f, offset, size, groups=False):
        if isinstance(item, Tail):
            return item
        if not item.more:
            return item.end
    raise AssertionError("scan ended without a tail")  # pragma: no cover


def corrupt(tail: Tail, last_good_seq: int | None) -> CorruptLogError:
    return CorruptLogError(f"log corrupt at byte {tail.offset}: {tail.reason}",
                           offset=tail.offset, last_good_seq=last_good_seq)
