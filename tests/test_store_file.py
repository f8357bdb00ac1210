"""The file backend: the store contract, then what only a file can do (survive a
restart, be shared by two writers, be torn or damaged on disk)."""

from __future__ import annotations

import datetime as dt
import os
import struct
import time
import tracemalloc
import zlib

import pytest

from champengine.codec import pack_records
from champengine.errors import (
    ConcurrencyError,
    CorruptLogError,
    NotALogError,
    StoreError,
    TornTailError,
)
from champengine.events import Envelope, RoundScheduled
from champengine.store import Pending, check, framing
from champengine.store.file import FileStore, create_log
from conftest import read_bytes, write_bytes
from store_contract import A, B, StoreContract, classified, opened, scheduled


class TestFileStore(StoreContract):
    def make_store(self, tmp_path):
        return FileStore(str(tmp_path / "x.log"), create=True)


# -- helpers -------------------------------------------------------------------------------


@pytest.fixture
def path(tmp_path) -> str:
    return str(tmp_path / "x.log")


def write_batches(path: str, n: int = 3) -> list[int]:
    """A log of ``n`` batches of season A; returns the file size after each append."""
    with FileStore(path, create=True) as store:
        sizes = [os.path.getsize(path)]
        store.append(A, [opened(), scheduled("inje")])
        sizes.append(os.path.getsize(path))
        for i in range(n - 1):
            store.append(A, [scheduled(f"round-{i}"), classified(f"round-{i}")])
            sizes.append(os.path.getsize(path))
    return sizes


def frame_header(length: int, count: int, body_crc: int = 0) -> bytes:
    """A frame header whose own checksum is right, whatever it announces."""
    header_crc = zlib.crc32(framing.SYNC + struct.pack(">III", length, count, body_crc))
    return framing.FRAME_HEADER.pack(framing.SYNC, length, count, header_crc, body_crc)


def side_files(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if ".torn-" in p.name)


# -- durability and sharing --------------------------------------------------------------------


def test_a_reopened_log_holds_what_was_written(path):
    with FileStore(path, create=True) as store:
        first = store.append(A, [opened(actor="clerk"), scheduled(note="n", inferred=True)])
        second = store.append(B, [opened(B, source="seed")])
        third = store.append(A, [classified()], expected_seq=2)
    with FileStore(path) as again:
        assert list(again.read_all()) == first + second + third
        assert list(again.read(A)) == first + third
        assert again.last_seq(A) == 3 and again.last_seq(B) == 1
        assert sorted(again.seasons()) == [A, B]
        # and it goes on where the log ended
        [env] = again.append(A, [scheduled("fuji")], expected_seq=3)
        assert (env.seq, env.position) == (4, 5)
        assert env.recorded_at >= third[0].recorded_at


def test_create_keeps_an_existing_log(path):
    write_batches(path, 2)
    before = read_bytes(path)
    with FileStore(path, create=True) as store:
        assert store.last_seq(A) == 4
    assert read_bytes(path) == before
    with pytest.raises(StoreError):
        create_log(path)


def test_a_missing_log_is_not_created_unless_asked(path):
    with pytest.raises(StoreError, match="no log"):
        FileStore(path)
    assert not os.path.exists(path)


def test_two_stores_on_one_file_see_each_others_appends(path):
    one = FileStore(path, create=True)
    two = FileStore(path)
    try:
        one.append(A, [opened()], expected_seq=0)
        two.append(A, [scheduled("inje")], expected_seq=1)  # two sees one's frame
        one.append(B, [opened(B)], expected_seq=0)
        with pytest.raises(ConcurrencyError):
            one.append(A, [scheduled("fuji")], expected_seq=1)  # two wrote seq 2
        one.append(A, [scheduled("fuji")], expected_seq=2)
        for store in (one, two):
            assert [(e.season, e.seq, e.position) for e in store.read_all()] == [
                (A, 1, 1), (A, 2, 2), (B, 1, 3), (A, 3, 4)]
        assert list(one.read_all()) == list(two.read_all())
        # a retry through the other store finds the id it did not write itself
        [env] = list(one.read(A, 2, 2))
        assert two.append(A, [Pending.of(env)], expected_seq=0) == [env]
    finally:
        one.close()
        two.close()
    assert check.verify(path).ok


# -- torn tails ---------------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [1, 7, framing.FRAME_HEADER_SIZE - 1,
                                  framing.FRAME_HEADER_SIZE, framing.FRAME_HEADER_SIZE + 5, -1])
def test_a_torn_tail_reads_as_the_whole_batches_and_blocks_appends_until_repaired(
        path, tmp_path, keep):
    sizes = write_batches(path, 3)
    whole = read_bytes(path)
    cut_at = sizes[2]
    torn_end = sizes[3] + keep if keep < 0 else cut_at + keep
    write_bytes(path, whole[:torn_end])

    store = FileStore(path)
    assert [e.seq for e in store.read(A)] == [1, 2, 3, 4]
    assert store.last_seq(A) == 4
    with pytest.raises(TornTailError) as err:
        store.append(A, [scheduled("late")])
    assert (err.value.offset, err.value.length) == (cut_at, torn_end - cut_at)
    assert read_bytes(path) == whole[:torn_end]

    verdict = check.verify(path)
    assert (verdict.tail.kind, verdict.tail.offset) == ("torn", cut_at)
    assert verdict.last_seq == {A: 4}
    assert "repair" in verdict.describe()

    done = check.repair(path)
    assert (done.cut_at, done.cut_bytes) == (cut_at, torn_end - cut_at)
    assert read_bytes(done.side_file) == whole[cut_at:torn_end]
    assert read_bytes(path) == whole[:cut_at]
    assert check.verify(path).ok

    [env] = store.append(A, [scheduled("late")], expected_seq=4)  # the same store goes on
    assert env.seq == 5
    store.close()
    with FileStore(path) as again:
        assert [e.seq for e in again.read(A)] == [1, 2, 3, 4, 5]


def test_a_store_that_saw_a_torn_tail_reads_what_is_appended_after_repair(path):
    write_batches(path, 2)
    write_bytes(path, read_bytes(path)[:-9])
    reader = FileStore(path)
    assert reader.last_seq(A) == 2  # it has read (and seen) the torn bytes
    check.repair(path)
    with FileStore(path) as writer:
        writer.append(A, [scheduled("zhuhai"), classified("zhuhai")], expected_seq=2)
    assert [e.seq for e in reader.read(A)] == [1, 2, 3, 4]
    assert reader.tail == framing.Tail("clean", os.path.getsize(path))
    reader.close()


def test_repairing_twice_keeps_both_side_files(path, tmp_path):
    write_batches(path, 1)
    good = read_bytes(path)
    write_bytes(path, good + b"\x00" * 5)
    check.repair(path)
    write_bytes(path, good + b"\x01" * 6)
    second = check.repair(path)
    assert len(side_files(tmp_path)) == 2
    assert read_bytes(second.side_file) == b"\x01" * 6
    assert read_bytes(path) == good


def test_repairing_a_clean_log_changes_nothing(path, tmp_path):
    write_batches(path, 2)
    before = read_bytes(path)
    done = check.repair(path)
    assert (done.cut_bytes, done.side_file) == (0, None)
    assert read_bytes(path) == before
    assert side_files(tmp_path) == []


@pytest.mark.parametrize("keep", [0, 5, framing.FILE_HEADER_SIZE - 1])
def test_a_torn_file_header_is_an_empty_log_that_repair_restores(path, tmp_path, keep):
    write_bytes(path, framing.file_header()[:keep])
    store = FileStore(path)
    assert list(store.read_all()) == [] and store.seasons() == []
    with pytest.raises(TornTailError):
        store.append(A, [opened()])  # never a frame without the file header before it
    assert read_bytes(path) == framing.file_header()[:keep]
    assert check.verify(path).tail == framing.Tail("torn", 0, "incomplete file header")

    done = check.repair(path)
    assert read_bytes(done.side_file) == framing.file_header()[:keep]
    assert read_bytes(path) == framing.file_header()
    store.append(A, [opened()])
    store.close()
    assert check.verify(path).ok
    with FileStore(path) as again:
        assert again.last_seq(A) == 1


# -- corruption -------------------------------------------------------------------------------


def test_corruption_is_reported_with_its_offset_and_the_last_good_seq(path):
    sizes = write_batches(path, 3)
    data = bytearray(read_bytes(path))
    data[sizes[1] + 30] ^= 0x40  # in the body of the second frame (a whole one after it)
    write_bytes(path, bytes(data))

    with pytest.raises(CorruptLogError) as err:
        FileStore(path)
    assert err.value.offset == sizes[1]
    assert err.value.last_good_seq == 2
    assert f"byte {sizes[1]}" in str(err.value)

    verdict = check.verify(path)
    assert (verdict.tail.kind, verdict.tail.offset) == ("corrupt", sizes[1])
    assert verdict.last_seq == {A: 2}
    assert not verdict.ok


def test_repair_refuses_corruption_and_leaves_the_file_as_it_was(path, tmp_path):
    sizes = write_batches(path, 3)
    data = bytearray(read_bytes(path))
    data[sizes[1] + 2] ^= 0x01  # the sync marker of the second frame
    write_bytes(path, bytes(data))

    with pytest.raises(CorruptLogError) as err:
        check.repair(path)
    assert err.value.offset == sizes[1]
    assert read_bytes(path) == bytes(data)
    assert side_files(tmp_path) == []


def test_a_last_frame_with_a_bad_body_and_nothing_valid_after_it_is_a_torn_tail(path):
    sizes = write_batches(path, 2)
    data = bytearray(read_bytes(path))
    data[sizes[1] + framing.FRAME_HEADER_SIZE + 3] ^= 0x10  # power lost before its body
    write_bytes(path, bytes(data))
    verdict = check.verify(path)
    assert (verdict.tail.kind, verdict.tail.offset) == ("torn", sizes[1])
    assert check.repair(path).cut_at == sizes[1]
    assert read_bytes(path) == bytes(data[:sizes[1]])


def test_damage_with_a_whole_frame_after_it_stays_corruption(path, tmp_path):
    sizes = write_batches(path, 3)
    data = bytearray(read_bytes(path))
    data[sizes[1] + framing.FRAME_HEADER_SIZE + 3] ^= 0x10  # the frame before the last
    write_bytes(path, bytes(data))
    assert check.verify(path).tail.kind == "corrupt"
    with pytest.raises(CorruptLogError):
        check.repair(path)
    assert read_bytes(path) == bytes(data)


def test_a_last_frame_header_damaged_with_nothing_valid_after_it_is_a_torn_tail(path, tmp_path):
    sizes = write_batches(path, 2)
    data = bytearray(read_bytes(path))
    data[sizes[1] + 5] ^= 0x10  # the length field of the last frame: no header checks out
    write_bytes(path, bytes(data))
    verdict = check.verify(path)
    assert (verdict.tail.kind, verdict.tail.offset) == ("torn", sizes[1])
    assert check.repair(path).cut_at == sizes[1]
    assert read_bytes(path) == bytes(data[:sizes[1]])


def test_a_frame_announcing_two_gibibytes_is_refused_without_reading_it(path):
    sizes = write_batches(path, 1)
    with open(path, "ab") as f:
        f.write(frame_header(2**31, 1) + b"\x00" * 100)

    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(CorruptLogError) as err:
            FileStore(path)
        verdict = check.verify(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 2
    assert peak < 4 << 20
    assert err.value.offset == sizes[1]
    assert (verdict.tail.kind, verdict.tail.offset) == ("corrupt", sizes[1])
    assert "impossible size" in verdict.tail.reason


@pytest.mark.parametrize("length, count", [
    (framing.MAX_BODY + 1, 1), (10, 2**31), (0, 1), (10, 0), (5, 6),
    (0, 0),  # an empty frame: a batch holds one event or more
])
def test_a_frame_announcing_an_impossible_size_is_corrupt(path, length, count):
    write_batches(path, 1)
    with open(path, "ab") as f:
        f.write(frame_header(length, count) + b"\x00" * 10)
    assert check.verify(path).tail.kind == "corrupt"
    with pytest.raises(CorruptLogError):
        FileStore(path)


def test_a_large_but_possible_last_frame_is_torn_and_never_allocated(path):
    sizes = write_batches(path, 1)
    with open(path, "ab") as f:
        f.write(frame_header(framing.MAX_BODY, 1) + b"\x00" * 100)
    tracemalloc.start()
    try:
        store = FileStore(path)
        verdict = check.verify(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 << 20
    assert store.last_seq(A) == 2
    assert store.tail.kind == "torn"
    assert (verdict.tail.kind, verdict.tail.offset) == ("torn", sizes[1])
    store.close()


def test_a_frame_with_good_checksums_and_bad_records_is_corrupt(path):
    sizes = write_batches(path, 1)
    body = b"\x93\x01\x02\x03"  # a msgpack array, but not a record
    with open(path, "ab") as f:
        f.write(framing.encode_frame(body, 1))
    with pytest.raises(CorruptLogError) as err:
        FileStore(path)
    assert err.value.offset == sizes[1]
    assert check.verify(path).tail.kind == "corrupt"


def frame_of(*envs: Envelope) -> bytes:
    return framing.encode_frame(pack_records(envs), len(envs))


def envelope(id_: str, seq: int, position: int, season: str = A) -> Envelope:
    return Envelope.of(RoundScheduled(f"r{seq}"), id=id_, season=season, seq=seq,
                       position=position, recorded_at=dt.datetime(2013, 1, 1, tzinfo=dt.UTC))


@pytest.mark.parametrize("frames", [
    [[("a", 1, 1)], [("a", 2, 2)]],  # an id twice, across frames
    [[("a", 1, 1), ("a", 2, 2)]],  # an id twice in one frame
    [[("a", 1, 1)], [("b", 3, 2)]],  # a gap in seq
    [[("a", 1, 1)], [("b", 2, 3)]],  # a gap in position
    [[("a", 2, 1)]],  # a season that does not start at 1
])
def test_frames_that_break_the_order_of_the_log_are_corrupt(path, frames):
    data = framing.file_header() + b"".join(
        frame_of(*(envelope(i, s, p) for i, s, p in frame)) for frame in frames)
    write_bytes(path, data)
    assert check.verify(path).tail.kind == "corrupt"
    # opening indexes frames by their first record; reading checks each frame it decodes,
    # and a writer checks every id before it appends: one of them must refuse the log
    with pytest.raises(CorruptLogError):
        store = FileStore(path)
        list(store.read_all())
        store.append(A, [Pending("new", RoundScheduled("r9"))])
    with pytest.raises(CorruptLogError):
        check.repair(path)
    assert read_bytes(path) == data


def test_a_frame_mixing_seasons_is_corrupt(path):
    write_bytes(path, framing.file_header() + frame_of(envelope("a", 1, 1),
                                                        envelope("b", 1, 2, season=B)))
    assert check.verify(path).tail.kind == "corrupt"
    with pytest.raises(CorruptLogError):
        list(FileStore(path).read_all())


# -- not a log ------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    b'{"type": "SeasonOpened", "season": "aslms-2013", "series": "ALMS", "year": 2013}\n',
    b"hello",
    b"CHAMPLOG\x00\x00\x00\x02",  # shorter than a header, and not the start of ours
    framing.MAGIC + struct.pack(">I", 1) + b"\x00\x00\x00\x00",  # header checksum wrong
    framing.MAGIC + struct.pack(">I", 2) + struct.pack(">I", zlib.crc32(
        framing.MAGIC + struct.pack(">I", 2))),  # a format from the future
])
def test_a_file_that_is_not_a_log_is_refused(path, content):
    write_bytes(path, content)
    with pytest.raises(NotALogError):
        FileStore(path)
    with pytest.raises(NotALogError):
        check.verify(path)
    with pytest.raises(NotALogError):
        check.repair(path)
    assert read_bytes(path) == content


def test_a_directory_is_not_a_log(tmp_path):
    with pytest.raises(NotALogError):
        FileStore(str(tmp_path))
