"""Properties of the log and its codec, over random but valid events of every type.

- envelopes round-trip through msgpack records and through JSON Lines unchanged;
- a FileStore gives back the batches appended to it, in order, seqs contiguous;
- retries change nothing, conflicts and stale writers are refused without a byte written;
- a log cut at any byte opens to exactly its whole batches (a torn tail, never corruption);
- any single flipped byte is corruption (or not a log at all), never an event read back.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from champengine import codec
from champengine.bounds import MAX_QUANTITY
from champengine.errors import (
    ConcurrencyError,
    CorruptLogError,
    DuplicateIdError,
    NotALogError,
)
from champengine.events import EVENT_TYPES, Envelope, SeasonOpened, micros_to_time
from champengine.store import Pending, check, framing
from champengine.store.file import FileStore
from conftest import read_bytes, write_bytes
from store_contract import classified, opened, scheduled

PROPERTY = settings(max_examples=60, deadline=None)

# -- strategies -------------------------------------------------------------------------------

TEXT = st.text(max_size=12)
SEASONS = ("aslms-2013", "elms-2013", "wec-2013")


def values_of(tp: typing.Any) -> st.SearchStrategy:
    """Valid wire-ready values of a field type of the catalog."""
    if tp is str:
        return TEXT
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(codec.INT_MIN, codec.INT_MAX)
    if tp is float:  # a quantity: within its bounds
        return (st.floats(-MAX_QUANTITY, MAX_QUANTITY, allow_nan=False)
                | st.integers(-1000, 1000) | st.sampled_from([MAX_QUANTITY, -MAX_QUANTITY]))
    if tp is dt.date:
        return st.dates()
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([st.none() if a is type(None) else values_of(a) for a in args])
    if origin is tuple and args[1:] == (...,):
        return st.lists(values_of(args[0]), max_size=3).map(tuple)
    if attrs.has(tp):
        hints = typing.get_type_hints(tp)
        return st.builds(tp, **{f.name: values_of(hints[f.name]) for f in attrs.fields(tp)})
    raise TypeError(f"no strategy for {tp!r}")


PAYLOADS = st.one_of([values_of(cls) for cls in EVENT_TYPES.values()])
TIMES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1),
                     timezones=st.builds(dt.timezone, st.timedeltas(
                         min_value=-dt.timedelta(hours=23, minutes=59),
                         max_value=dt.timedelta(hours=23, minutes=59))))
OPTIONAL_TEXT = st.none() | TEXT


@st.composite
def envelopes(draw) -> Envelope:
    season = draw(st.sampled_from(SEASONS) | st.text(min_size=1, max_size=8))
    payload = draw(PAYLOADS)
    if isinstance(payload, SeasonOpened):  # its own season is the envelope's (one field in text)
        payload = attrs.evolve(payload, season=season)
    return Envelope.of(
        payload, id=draw(st.uuids().map(str) | st.text(min_size=1, max_size=8)), season=season,
        seq=draw(st.integers(1, codec.INT_MAX)), position=draw(st.integers(1, codec.INT_MAX)),
        recorded_at=draw(TIMES), actor=draw(OPTIONAL_TEXT), note=draw(OPTIONAL_TEXT),
        source=draw(OPTIONAL_TEXT), inferred=draw(st.booleans()))


def payload_for(season: str):
    return PAYLOADS.map(lambda p: attrs.evolve(p, season=season)
                        if isinstance(p, SeasonOpened) else p)


#: batches as (season, payloads)
BATCHES = st.lists(
    st.sampled_from(SEASONS).flatmap(
        lambda s: st.tuples(st.just(s), st.lists(payload_for(s), min_size=1, max_size=3))),
    min_size=1, max_size=4)


@PROPERTY
@given(envelopes(), TIMES)
def test_an_envelope_keeps_the_instant_it_was_given_and_survives_pickling(env, when):
    import copy
    import pickle

    env = env._replace(recorded_at=when)
    assert env.recorded_at == when and env.recorded_at.utcoffset() == dt.timedelta(0)
    fields = env._asdict()
    fields["recorded_at"] = micros_to_time(fields.pop("recorded_micros"))
    assert Envelope(**fields) == env  # by keyword, as the docstring asks
    assert pickle.loads(pickle.dumps(env)) == env
    assert copy.deepcopy(env) == env and type(copy.copy(env)) is Envelope


#: values of any msgpack type, to put where a field of a record is expected
ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-(1 << 63), (1 << 64) - 1) | st.floats()
    | st.text(max_size=6) | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=3),
    max_leaves=6)


@PROPERTY
@given(envelopes(), st.data())
def test_the_record_decoder_and_the_careful_path_agree_on_any_record(env, data):
    """The generated decoder of each type (the hot path) never lets in what the careful
    path refuses, nor refuses what it lets in, nor reads a record differently."""
    record = codec.envelope_to_record(env)
    where = data.draw(st.sampled_from(["none", "envelope", "payload", "payload key"]))
    if where == "envelope":
        record[data.draw(st.integers(0, 10))] = data.draw(ANY_VALUE)
    elif where == "payload" and record[11]:
        record[11][data.draw(st.sampled_from(sorted(record[11])))] = data.draw(ANY_VALUE)
    elif where == "payload key":
        record[11][data.draw(st.text(max_size=4))] = data.draw(ANY_VALUE)

    def outcome(decode):
        try:
            return decode(list(record))
        except codec.DecodeError:
            return "refused"

    careful = outcome(codec._record_to_envelope)
    assert outcome(codec.record_to_envelope) == careful
    if where == "none":
        assert careful == env


# -- helpers ---------------------------------------------------------------------------------


@contextmanager
def scratch() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield tmp


def write_log(path: str, batches) -> tuple[list[list[Envelope]], list[int]]:
    """Append the batches to a new log; return what each append gave and where each frame ends."""
    appended, ends = [], [framing.FILE_HEADER_SIZE]
    n = 0
    with FileStore(path, create=True) as store:
        for season, payloads in batches:
            pending = []
            for payload in payloads:
                n += 1
                pending.append(Pending(f"e{n}", payload, actor=f"desk {n % 3}"))
            appended.append(store.append(season, pending, expected_seq=store.last_seq(season)))
            ends.append(os.path.getsize(path))
    return appended, ends


def frame_start(ends: list[int], offset: int) -> int:
    """The start of the frame holding byte ``offset``."""
    return max(e for e in ends if e <= offset)


# -- the codec ----------------------------------------------------------------------------------


@PROPERTY
@given(st.lists(envelopes(), max_size=5))
def test_envelopes_round_trip_through_msgpack(envs):
    data = codec.pack_records(envs)
    back = codec.unpack_records(data, len(envs))
    assert back == envs
    assert codec.pack_records(back) == data


@PROPERTY
@given(st.lists(envelopes(), max_size=5))
def test_envelopes_round_trip_through_json_lines(envs):
    lines = [codec.envelope_to_line(env) for env in envs]
    document = "\n".join(lines).encode("utf-8")
    read = list(codec.read_lines(document))
    assert [te.line for te in read] == list(range(1, len(envs) + 1))
    for env, te, line in zip(envs, read, lines, strict=True):
        back = te.envelope(seq=te.seq, position=env.position, recorded_at=te.recorded_at)
        assert back == env
        assert codec.envelope_to_line(back) == line
        # and text to binary and back
        [again] = codec.unpack_records(codec.pack_records([back]), 1)
        assert codec.envelope_to_line(again) == line


# -- the file store -------------------------------------------------------------------------------


@PROPERTY
@given(BATCHES)
def test_batches_read_back_in_order_with_contiguous_seqs(batches):
    with scratch() as tmp:
        path = os.path.join(tmp, "x.log")
        appended, _ = write_log(path, batches)
        flat = [env for batch in appended for env in batch]
        assert [[e.payload for e in batch] for batch in appended] == [p for _, p in batches]
        assert [e.position for e in flat] == list(range(1, len(flat) + 1))
        with FileStore(path) as store:
            assert list(store.read_all()) == flat
            for season in SEASONS:
                mine = [e for e in flat if e.season == season]
                assert list(store.read(season)) == mine
                assert [e.seq for e in mine] == list(range(1, len(mine) + 1))
                assert store.last_seq(season) == len(mine)
            times = [e.recorded_at for e in flat]
            assert times == sorted(times)
        assert check.verify(path).ok


@PROPERTY
@given(BATCHES, st.data())
def test_appending_an_id_already_present_changes_nothing(batches, data):
    with scratch() as tmp:
        path = os.path.join(tmp, "x.log")
        appended, _ = write_log(path, batches)
        before = read_bytes(path)
        stored = data.draw(st.sampled_from([e for batch in appended for e in batch]))
        stamped = data.draw(st.booleans())  # the retry gives back the stamped time, or none
        retry = attrs.evolve(Pending.of(stored),
                             recorded_at=stored.recorded_at if stamped else None)
        expected = data.draw(st.none() | st.integers(0, 20))  # whatever the writer saw
        with FileStore(path) as store:
            assert store.append(stored.season, [retry], expected_seq=expected) == [stored]
        assert read_bytes(path) == before


@PROPERTY
@given(BATCHES, st.data())
def test_the_same_id_with_other_content_is_refused(batches, data):
    with scratch() as tmp:
        path = os.path.join(tmp, "x.log")
        appended, _ = write_log(path, batches)
        before = read_bytes(path)
        stored = data.draw(st.sampled_from([e for batch in appended for e in batch]))
        other = data.draw(st.one_of(
            payload_for(stored.season).map(lambda p: Pending(stored.id, p, actor=stored.actor)),
            OPTIONAL_TEXT.map(lambda n: Pending(stored.id, stored.payload, actor=stored.actor,
                                                note=n)),
        ))
        assume(other.payload != stored.payload or other.note != stored.note)
        with FileStore(path) as store, pytest.raises(DuplicateIdError):
            store.append(stored.season, [Pending("fresh", stored.payload), other])
        assert read_bytes(path) == before


@PROPERTY
@given(BATCHES, st.data())
def test_a_stale_expected_seq_is_refused_and_the_file_is_unchanged(batches, data):
    with scratch() as tmp:
        path = os.path.join(tmp, "x.log")
        write_log(path, batches)
        before = read_bytes(path)
        season = data.draw(st.sampled_from(SEASONS))
        payloads = data.draw(st.lists(payload_for(season), min_size=1, max_size=3))
        with FileStore(path) as store:
            stale = data.draw(st.integers(0, 20).filter(lambda n: n != store.last_seq(season)))
            with pytest.raises(ConcurrencyError):
                store.append(season, [Pending(f"new{i}", p) for i, p in enumerate(payloads)],
                             expected_seq=stale)
        assert read_bytes(path) == before


# -- torn tails and damage ---------------------------------------------------------------------------


def expect_cut(path: str, whole: bytes, appended, ends: list[int], cut: int) -> None:
    """A log cut at ``cut`` opens to exactly the batches that were whole."""
    write_bytes(path, whole[:cut])
    complete = [env for batch, end in zip(appended, ends[1:], strict=True) if end <= cut
                for env in batch]
    with FileStore(path) as store:
        assert list(store.read_all()) == complete
    verdict = check.verify(path)
    if cut in ends:
        assert (verdict.tail.kind, verdict.tail.offset) == ("clean", cut)
    else:
        good = max([e for e in ends if e <= cut], default=0)
        assert (verdict.tail.kind, verdict.tail.offset) == ("torn", good)
    assert verdict.events == len(complete)


@PROPERTY
@given(BATCHES, st.data())
def test_a_log_cut_at_any_byte_opens_to_its_whole_batches(batches, data):
    with scratch() as tmp:
        path = os.path.join(tmp, "x.log")
        appended, ends = write_log(path, batches)
        whole = read_bytes(path)
        cut_path = os.path.join(tmp, "cut.log")
        for cut in data.draw(st.lists(st.integers(0, len(whole)), min_size=1, max_size=8)):
            expect_cut(cut_path, whole, appended, ends, cut)


def expect_flip(path: str, whole: bytes, ends: list[int], offset: int, mask: int) -> None:
    """A log with one flipped byte is corrupt (or not a log): no event is read from it;
    in its last frame, a torn tail."""
    damaged = bytearray(whole)
    damaged[offset] ^= mask
    damaged = bytes(damaged)
    write_bytes(path, damaged)
    if offset < framing.FILE_HEADER_SIZE:
        for attempt in (FileStore, check.verify, check.repair):
            with pytest.raises(NotALogError):
                attempt(path)
    elif frame_start(ends, offset) == max(ends[:-1]):
        # the last frame, with nothing valid after it: what power loss leaves, a torn
        # tail (issue 17 item 3): the batches before it read, repair cuts it off
        start = max(ends[:-1])
        verdict = check.verify(path)
        assert (verdict.tail.kind, verdict.tail.offset) == ("torn", start), verdict.describe()
        with FileStore(path) as store:
            list(store.read_all())  # the batches before it, never a damaged event
            assert store.tail.kind == "torn"
        done = check.repair(path)
        assert read_bytes(done.side_file) == damaged[start:]
        os.remove(done.side_file)
        assert read_bytes(path) == whole[:start]
        return
    else:
        verdict = check.verify(path)
        start = frame_start(ends, offset)
        assert (verdict.tail.kind, verdict.tail.offset) == ("corrupt", start), verdict.describe()
        with pytest.raises(CorruptLogError) as err:
            FileStore(path)
        assert err.value.offset == start
        with pytest.raises(CorruptLogError):
            check.repair(path)
    assert read_bytes(path) == damaged
    assert not any(".torn-" in name for name in os.listdir(os.path.dirname(path)))


@PROPERTY
@given(BATCHES, st.data())
def test_any_flipped_byte_is_corruption_never_an_event(batches, data):
    with scratch() as tmp:
        path = os.path.join(tmp, "x.log")
        _, ends = write_log(path, batches)
        whole = read_bytes(path)
        flips = data.draw(st.lists(st.tuples(
            st.integers(0, framing.FILE_HEADER_SIZE - 1) | st.integers(0, len(whole) - 1),
            st.integers(1, 255)), min_size=1, max_size=8))
        for offset, mask in flips:
            expect_flip(os.path.join(tmp, "flipped.log"), whole, ends, offset, mask)


# -- every byte of one log, exhaustively --------------------------------------------------------------


@pytest.fixture(scope="module")
def small_log(tmp_path_factory):
    """A log of two seasons, four batches; returns its path, bytes, batches and frame ends."""
    path = str(tmp_path_factory.mktemp("small") / "x.log")
    batches = [("aslms-2013", [opened().payload, scheduled("inje").payload]),
               ("elms-2013", [opened("elms-2013").payload]),
               ("aslms-2013", [classified("inje").payload]),
               ("elms-2013", [scheduled("spa").payload, scheduled("monza").payload,
                              classified("spa").payload])]
    appended, ends = write_log(path, batches)
    return path, read_bytes(path), appended, ends


def test_a_log_cut_at_every_byte_opens_to_its_whole_batches(small_log, tmp_path):
    _, whole, appended, ends = small_log
    for cut in range(len(whole) + 1):
        expect_cut(str(tmp_path / "cut.log"), whole, appended, ends, cut)


@pytest.mark.parametrize("mask", [0x01, 0x80, 0xFF])
def test_every_flipped_byte_is_corruption(small_log, tmp_path, mask):
    _, whole, _, ends = small_log
    for offset in range(len(whole)):
        expect_flip(str(tmp_path / "flipped.log"), whole, ends, offset, mask)
