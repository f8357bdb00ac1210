"""What a frame's records must be: decoded whole, read back before writing, and in
the order of the log (one season, the next seqs and positions, no id twice, no
recorded time going back)."""

from __future__ import annotations

import operator
from collections.abc import Container
from itertools import islice

import msgpack

from ..codec import UNPACK_LIMITS, unpack_records
from ..errors import ChampError, CorruptLogError, StoreError
from ..events import Envelope
from .framing import MAX_BODY, MAX_COUNT, Frame


def decode_frame(frame: Frame, *, last_good_seq: int | None = None) -> list[Envelope]:
    """The envelopes of a frame whose checksums passed; content errors are corruption."""
    try:
        envs = unpack_records(frame.body, frame.count)
    except ChampError as exc:
        raise CorruptLogError(f"log corrupt at byte {frame.offset}: {exc}",
                              offset=frame.offset, last_good_seq=last_good_seq) from None
    return envs


def peek(frame: Frame, *, last_good_seq: int | None = None) -> tuple[str, int, int, int]:
    """(season, seq, position, recorded_at in microseconds) of a frame's first record,
    without decoding the rest."""
    unpacker = msgpack.Unpacker(raw=False, max_buffer_size=len(frame.body), **UNPACK_LIMITS)
    unpacker.feed(frame.body)
    try:
        if unpacker.read_array_header() != 12:
            raise ValueError("not a 12-field record")
        unpacker.skip()  # id
        season, seq, position = unpacker.unpack(), unpacker.unpack(), unpacker.unpack()
        unpacker.skip()  # type
        unpacker.skip()  # version
        micros = unpacker.unpack()
    except Exception as exc:  # noqa: BLE001 - whatever msgpack finds, the frame is bad
        raise CorruptLogError(f"log corrupt at byte {frame.offset}: undecodable record ({exc})",
                              offset=frame.offset, last_good_seq=last_good_seq) from None
    if (type(season) is not str or type(seq) is not int or type(position) is not int
            or type(micros) is not int):
        raise CorruptLogError(f"log corrupt at byte {frame.offset}: a record has fields of "
                              "the wrong type", offset=frame.offset, last_good_seq=last_good_seq)
    return season, seq, position, micros


def readable(body: bytes, count: int) -> None:
    """Refuse a batch the reader would refuse: one frame over its limits, a value (a text,
    a list) larger than reading an untrusted log allows, a value the decoder refuses
    (an infinite number): decode it back, as a reader will, before writing it."""
    if len(body) > MAX_BODY or count > MAX_COUNT:
        raise StoreError(f"a batch of {count} events, {len(body)} bytes, is over a frame's "
                         f"limit ({MAX_COUNT} events, {MAX_BODY >> 20} MiB): append it in parts")
    try:
        unpack_records(body, count)
    except ChampError as exc:
        raise StoreError(f"an event could not be read back: {exc}") from None


def follows(envs: list[Envelope], last_seq: dict[str, int], events: int,
            ids: Container[str], last_time: dict[str, int] | None = None) -> bool:
    """Whether a frame's events continue the log read so far: one season, its next
    seqs, the next positions, ids not seen before (nor twice in the frame), and
    (``last_time``: the season's last recorded_micros so far) no recorded time going back.
    (Every event of every read passes here: the checks run over whole columns.)"""
    n = len(envs)
    id_, season_, seq_, position_, _, _, time_, *_ = zip(*envs, strict=True)
    season = season_[0]
    start = last_seq.get(season, 0) + 1
    floor = (last_time or {}).get(season)
    return (season_.count(season) == n
            and seq_ == tuple(range(start, start + n))
            and position_ == tuple(range(events + 1, events + 1 + n))
            and len(set(id_)) == n
            and (not ids or not any(map(ids.__contains__, id_)))
            and (floor is None or time_[0] >= floor)
            and all(map(operator.le, time_, islice(time_, 1, None))))
