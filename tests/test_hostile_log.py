"""Hostile log files: random bytes after a valid header, frame headers with good
checksums announcing anything, and valid frames whose msgpack bodies were mutated
and their checksums recomputed, so only the content can give them away.

Opening, verifying, repairing and reading such a file raise only ChampError
(CorruptLogError, NotALogError); a frame is read whole or refused; every event
that is read is sound (fields of the right types, its payload one of the catalog's
events, and it travels to text and back unchanged); no length field makes the
reader allocate more than a few MiB; repair cuts a torn tail and nothing else;
the command line says so in one line with exit 1 or 2, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import struct
import tempfile
import tracemalloc
import zlib

import msgpack
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from champengine import codec
from champengine.cli import cli
from champengine.errors import ChampError, CorruptLogError
from champengine.events import (
    EVENT_TYPES,
    AppealDecided,
    DriverNominated,
    DriverReleased,
    InvitationRuleAdopted,
    RaceClassified,
    Ranking,
    ResultRow,
    RoundRescheduled,
    ScoringRules,
    ScoringRulesAdopted,
    SeasonOpened,
)
from champengine.store import Pending, check, framing
from champengine.store.file import FileStore
from conftest import read_bytes
from given import SEASON, season

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLI_PROPERTY = settings(max_examples=30, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: what a read of a hostile file may allocate at most
MEMORY_BOUND = 8 << 20

_tmp = tempfile.TemporaryDirectory()


def _build_log() -> tuple[bytes, list[int]]:
    """The hand-made season in five frames; its bytes and where each frame starts."""
    path = os.path.join(_tmp.name, "base.log")
    events = season()
    cuts = [0, 4, 8, 14, 23, len(events)]
    starts = []
    with FileStore(path, create=True) as store:
        for a, b in zip(cuts, cuts[1:], strict=False):
            starts.append(os.path.getsize(path))
            store.append(SEASON, [Pending(f"ev-{n}", events[n], actor="desk", note=f"n{n}")
                                  for n in range(a, b)])
    with open(path, "rb") as f:
        return f.read(), starts


BASE, STARTS = _build_log()


def write_log(data: bytes, name: str = "hostile.log") -> str:
    path = os.path.join(_tmp.name, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def frame_header(length: int, count: int, body_crc: int = 0) -> bytes:
    """A frame header whose own checksum is right, whatever it announces."""
    header_crc = zlib.crc32(framing.SYNC + struct.pack(">III", length, count, body_crc))
    return framing.FRAME_HEADER.pack(framing.SYNC, length, count, header_crc, body_crc)


# -- what any reading of a hostile file must show ---------------------------------------------------


def sound(env) -> None:
    """An event fit to be returned: right types, a catalog payload, and it goes to the
    binary and the text form and back unchanged."""
    assert type(env.id) is str and type(env.season) is str, env
    assert type(env.seq) is int and type(env.position) is int, env
    assert env.actor is None or type(env.actor) is str
    assert env.note is None or type(env.note) is str
    assert env.source is None or type(env.source) is str
    assert env.inferred in (True, False) and isinstance(env.recorded_at, dt.datetime)
    assert type(env.payload) is EVENT_TYPES[env.type]
    assert codec.unpack_records(codec.pack_records([env]), 1) == [env]
    # reading refuses what the text form could not carry: an empty id or season, a
    # SeasonOpened of another season
    assert env.id and env.season, env
    assert getattr(env.payload, "season", env.season) == env.season, env
    [te] = codec.read_lines(codec.envelope_to_line(env).encode())
    assert te.envelope(seq=te.seq, position=env.position, recorded_at=te.recorded_at) == env


def read_hostile(path: str, *, damage_from: int = framing.FILE_HEADER_SIZE) -> str:
    """Open, verify and repair a hostile log, bounded in memory, and check they agree.
    Returns how it ended: "clean", "torn" (repaired) or "corrupt"."""
    data = read_bytes(path)
    tracemalloc.start()
    try:
        verdict = check.verify(path)
        try:
            with FileStore(path) as store:
                envs = list(store.read_all())
                seqs = {s: store.last_seq(s) for s in store.seasons()}
        except CorruptLogError as exc:
            envs = None
            error = exc
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_BOUND, f"reading allocated {peak} bytes"
    if envs is None:
        assert verdict.tail.kind == "corrupt", verdict.describe()
        # verify decodes every frame and names the first bad one; the store indexes frames
        # from their first record and may only notice at a later one
        assert damage_from <= verdict.tail.offset <= error.offset
        with pytest.raises(CorruptLogError):
            check.repair(path)
        assert read_bytes(path) == data  # repair refused, and cut nothing
        return "corrupt"
    assert verdict.tail.kind in ("clean", "torn"), verdict.describe()
    assert verdict.events == len(envs) and verdict.last_seq == seqs
    for env in envs:
        sound(env)
    positions = [e.position for e in envs]
    assert positions == list(range(1, len(envs) + 1))
    if verdict.tail.kind == "torn":
        done = check.repair(path)
        assert read_bytes(done.side_file) == data[done.cut_at:]
        os.remove(done.side_file)
        assert read_bytes(path) == data[:done.cut_at]
        assert check.verify(path).ok
    return verdict.tail.kind


# -- random bytes and hostile frame headers ---------------------------------------------------------


@PROPERTY
@given(st.binary(max_size=3000), st.booleans())
def test_random_bytes_after_a_valid_header_are_torn_or_corrupt_never_read(junk, after_frames):
    prefix = BASE if after_frames else framing.file_header()
    ended = read_hostile(write_log(prefix + junk), damage_from=len(prefix))
    if junk:
        assert ended in ("torn", "corrupt")


LENGTHS = st.one_of(st.integers(0, 2**32 - 1), st.sampled_from(
    [0, 1, 2**31, 2**32 - 1, framing.MAX_BODY, framing.MAX_BODY + 1, 100, 21]))
COUNTS = st.one_of(st.integers(0, 2**32 - 1), st.sampled_from([0, 1, 2, 2**20, 2**20 + 1, 2**31]))


@PROPERTY
@given(LENGTHS, COUNTS, st.binary(max_size=300), st.booleans())
def test_frame_headers_with_good_checksums_never_make_the_reader_allocate(
        length, count, body, body_crc_right):
    crc = zlib.crc32(body) if body_crc_right else zlib.crc32(body) ^ 1
    ended = read_hostile(write_log(BASE + frame_header(length, count, crc) + body),
                         damage_from=len(BASE))
    if length == len(body) and 0 < count <= length and body_crc_right:
        assert ended in ("clean", "corrupt")  # a whole frame: read (if sound) or refused


# -- valid frames, mutated bodies, recomputed checksums -----------------------------------------------


def _records(body: bytes) -> list:
    return list(msgpack.Unpacker(io.BytesIO(body), raw=False, strict_map_key=False))


MSGPACK_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1), st.floats(),
    st.text(max_size=12), st.binary(max_size=12),
    st.builds(msgpack.ExtType, st.integers(0, 127), st.binary(max_size=8)),
    st.just(msgpack.Timestamp(0, 5)),
    st.sampled_from(["", "ev-1", "ev-2", SEASON, "LMP2", "inje", "RaceClassified",
                     "SeasonOpened", 0, 1, 2, -1, 2**62, 1.5]),
)
MSGPACK_VALUES = st.one_of(
    st.recursive(MSGPACK_SCALARS, lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=6) | st.integers(0, 3), inner, max_size=3),
                 max_leaves=10),
    st.integers(1 << 10, 64 << 10).map(lambda n: "s" * n),
    st.just("s" * ((1 << 20) + 1)),  # past the decoder's limit for one text
)


def set_at(value, path, new):
    """``value`` with ``new`` at ``path`` (a new key at the last step is added)."""
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = set_at(value[head], rest, new) if rest else new
    return copy


def places(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from places(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from places(v, (*prefix, i))


#: ids of the base log, for a mutated record to take one of another frame (or its own)
BASE_IDS = sorted(f"ev-{n}" for n in range(len(season())))


@st.composite
def mutated_logs(draw) -> tuple[bytes, int]:
    """The base log with one frame's body mutated and its checksums recomputed;
    returns the bytes and where the mutated frame starts."""
    n = draw(st.integers(0, len(STARTS) - 1))
    start = STARTS[n]
    end = STARTS[n + 1] if n + 1 < len(STARTS) else len(BASE)
    body = BASE[start + framing.FRAME_HEADER_SIZE:end]
    records = _records(body)
    count = len(records)
    kind = draw(st.sampled_from(["field", "field", "payload", "payload", "records", "count",
                                 "bytes"]))
    r = draw(st.integers(0, len(records) - 1))
    if kind == "field":
        i = draw(st.integers(0, 11))
        if i == 0:  # an id: anything, or one the log already holds
            value = draw(MSGPACK_VALUES | st.sampled_from(BASE_IDS))
        elif i == 6:  # recorded_at: anything, or a step back or forth in time
            step = st.integers(-3, 3) | st.integers(-(10**9), 10**9)  # microseconds
            value = draw(MSGPACK_VALUES | step.map(lambda d, was=records[r][6]: was + d))
        else:
            value = draw(MSGPACK_VALUES)
        records[r] = set_at(records[r], (i,), value)
    elif kind == "payload":
        where = draw(st.sampled_from(list(places(records[r][11]))))
        action = draw(st.sampled_from(["set", "delete", "add"]))
        if action == "delete" and where:
            parent = records[r][11]
            for step in where[:-1]:
                parent = parent[step]
            trimmed = dict(parent) if isinstance(parent, dict) else list(parent)
            del trimmed[where[-1]]
            records[r] = set_at(records[r], (11, *where[:-1]), trimmed)
        elif action == "add" and isinstance(records[r][11], dict):
            records[r] = set_at(records[r], (11, draw(st.text(max_size=8))),
                                draw(MSGPACK_VALUES))
        else:
            records[r] = set_at(records[r], (11, *where), draw(MSGPACK_VALUES))
    elif kind == "records":
        action = draw(st.sampled_from(["drop", "duplicate", "swap", "junk"]))
        if action == "drop" and len(records) > 1:
            del records[r]
        elif action == "duplicate":
            records.insert(r, records[r])
        elif action == "swap" and len(records) > 1:
            records[0], records[-1] = records[-1], records[0]
        else:
            records.append(draw(MSGPACK_VALUES))
        count = draw(st.sampled_from([count, len(records)]))
    elif kind == "count":
        count = draw(st.integers(0, 2**32 - 1) | st.integers(max(count - 2, 0), count + 2))
    body = b"".join(msgpack.packb(rec, use_bin_type=True) for rec in records)
    if kind == "bytes":
        data = bytearray(body)
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data) - 1))
            op = draw(st.sampled_from(["flip", "insert", "delete"]))
            if op == "flip":
                data[at] ^= draw(st.integers(1, 255))
            elif op == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=4))
            elif len(data) > 1:
                del data[at]
        body = bytes(data)
    frame = frame_header(len(body), count, zlib.crc32(body)) + body
    return BASE[:start] + frame + BASE[end:], start


@PROPERTY
@given(mutated_logs())
def test_mutated_bodies_with_good_checksums_are_refused_or_read_as_sound_events(mutated):
    data, start = mutated
    read_hostile(write_log(data), damage_from=start)


# -- the command line over hostile files ----------------------------------------------------------------


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"champ {' '.join(args)} raised") from result.exception
    assert "Traceback" not in result.output
    return result


def export_of(data: bytes) -> str:
    """What ``champ log export`` prints of a log of these bytes."""
    return CliRunner().invoke(cli, ["--log", write_log(data, "copy.log"), "log",
                                    "export"]).stdout


BASE_EXPORT = export_of(BASE)
CSV = b"POSITION;NUMBER;CLASS;STATUS;LAPS\n1;1;LMP2;Classified;100\n2;2;LMP2;Classified;99\n"
LINE = b'{"type": "RoundScheduled", "season": "test-2013", "round": "extra"}\n'


@CLI_PROPERTY
@given(st.one_of(
    st.binary(max_size=400).map(lambda junk: BASE + junk),
    mutated_logs().map(lambda m: m[0]),
    st.tuples(LENGTHS, COUNTS).map(lambda lc: BASE + frame_header(*lc) + b"\0" * 40),
))
def test_champ_reads_and_writes_of_a_hostile_log_are_one_line_refusals(data):
    csv_path = write_log(CSV, "race.csv")
    line_path = write_log(LINE, "line.jsonl")
    path = write_log(data)
    for args in (["log", "export"], ["log", "verify"], ["standings", "--class", "LMP2"],
                 ["classify", "--round", "inje", csv_path], ["import", line_path]):
        before = read_bytes(path)
        result = run("--log", path, *args)
        if result.exit_code == 0:
            continue
        assert result.exit_code in (1, 2), (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("champ: "), (args, result.stderr)
        assert read_bytes(path) == before, f"a refused {args[0]} wrote to the log"
        if args[0] == "log":  # never a damaged event printed: at most the good frames before it
            # (those verify passes: a mutated frame may pass, a later one showing it wrong
            # by repeating its id or going back in time)
            if not BASE_EXPORT.startswith(result.stdout):
                offset = check.verify(path).tail.offset
                good = export_of(data[:offset])
                assert good.startswith(result.stdout), result.stdout




# -- lengths that would allocate gigabytes ----------------------------------------------------------


def bounded(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def msgpack_announcing(prefix: bytes) -> bytes:
    """A body of one record whose first value announces 2**31 bytes or items."""
    return b"\xdc\x00\x0c" + prefix + b"\x00" * 16  # array16 of 12, then the liar


@pytest.mark.parametrize("body", [
    msgpack_announcing(b"\xdb\x80\x00\x00\x00"),  # str32 of 2 GiB
    msgpack_announcing(b"\xc6\x80\x00\x00\x00"),  # bin32 of 2 GiB
    msgpack_announcing(b"\xdd\x80\x00\x00\x00"),  # array32 of 2**31 items
    msgpack_announcing(b"\xdf\x80\x00\x00\x00"),  # map32 of 2**31 pairs
    msgpack_announcing(b"\xc9\x80\x00\x00\x00\x01"),  # ext32 of 2 GiB
    b"\xdd\x80\x00\x00\x00" + b"\x00" * 16,  # the record itself an array32 of 2**31 items
], ids=["str32", "bin32", "array32", "map32", "ext32", "record-array32"])
def test_a_body_announcing_two_gibibytes_is_corrupt_and_never_allocated(body):
    path = write_log(BASE + framing.encode_frame(body, 1))
    assert bounded(lambda: read_hostile(path, damage_from=len(BASE))) < MEMORY_BOUND
    assert check.verify(path).tail.offset == len(BASE)


@pytest.mark.parametrize("args", [["log", "verify"], ["log", "export"], ["log", "repair"],
                                  ["standings", "--class", "LMP2"],
                                  ["classify", "--round", "inje", "CSV"], ["import", "LINE"]])
def test_a_frame_announcing_two_gibibytes_is_refused_by_every_command_in_bounded_memory(args):
    path = write_log(BASE + frame_header(2**31, 1) + b"\x00" * 100)
    args = [write_log(CSV, "race.csv") if a == "CSV" else write_log(LINE, "line.jsonl")
            if a == "LINE" else a for a in args]
    before = read_bytes(path)
    results = []
    peak = bounded(lambda: results.append(run("--log", path, *args)))
    [result] = results
    assert peak < MEMORY_BOUND, peak
    assert result.exit_code == 1 and f"byte {len(BASE)}" in result.stderr, result.output
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert read_bytes(path) == before


# -- regressions: bugs these tests found, now fixed ----------------------------------------------------


def _records_of(n: int) -> list:
    """The records of the base log's frame ``n``."""
    start = STARTS[n]
    end = STARTS[n + 1] if n + 1 < len(STARTS) else len(BASE)
    return _records(BASE[start + framing.FRAME_HEADER_SIZE:end])


def test_a_frame_going_back_in_time_is_corrupt():
    records = _records_of(len(STARTS) - 1)
    records[0][6] = 0  # recorded_at: 1970, before the events of the frames before it
    body = b"".join(msgpack.packb(r, use_bin_type=True) for r in records)
    path = write_log(BASE[:STARTS[-1]] + framing.encode_frame(body, len(records)))
    assert check.verify(path).tail.kind == "corrupt"
    with pytest.raises(CorruptLogError):
        FileStore(path)


def test_an_id_in_two_frames_is_never_read():
    start, end = STARTS[2], STARTS[3]
    records = _records_of(2)
    records[0][0] = "ev-1"  # an id of the first frame
    body = b"".join(msgpack.packb(r, use_bin_type=True) for r in records)
    path = write_log(BASE[:start] + framing.encode_frame(body, len(records)) + BASE[end:])
    assert check.verify(path).tail.kind == "corrupt"
    with pytest.raises(CorruptLogError), FileStore(path) as store:
        ids = [e.id for e in store.read_all()]
        assert len(ids) == len(set(ids)), "an id read twice"


@pytest.mark.parametrize("season_, id_, payload", [
    (SEASON, "", None), ("", "ev-x", None),
    (SEASON, "ev-x", SeasonOpened("another-season", "S", 2013)),
], ids=["empty-id", "empty-season", "season-opened-elsewhere"])
def test_an_envelope_the_text_form_cannot_carry_is_refused_by_the_store(season_, id_, payload):
    path = write_log(BASE, "empty.log")
    with FileStore(path) as store, pytest.raises(ChampError):
        store.append(season_, [Pending(id_, payload or RoundScheduled_("r"))])
    assert read_bytes(path) == BASE


#: events with good checksums and types that ``decide`` would never have let in
UNDECIDED = {
    "release-at-an-unknown-round": DriverReleased("nowhere", "1", "cheng"),
    "reschedule-of-an-unknown-round": RoundRescheduled("nowhere", None),
    "appeal-decided-of-an-unknown-appeal": AppealDecided("no-such-appeal", "upheld"),
    "classification-of-an-unknown-car": RaceClassified("inje", "LMP2", (ResultRow("999"),)),
    "rules-with-an-unknown-rank-style": ScoringRulesAdopted(
        ("LMP2",), ScoringRules(drivers=Ranking("weird"))),
    "invitation-from-an-unknown-table": InvitationRuleAdopted("lm", "LMP2", "weird", 1, "x"),
}


@pytest.mark.parametrize("event", list(UNDECIDED.values()), ids=list(UNDECIDED))
def test_reading_commands_refuse_a_log_holding_an_event_decide_would_refuse(event):
    path = write_log(BASE, "undecided.log")
    with FileStore(path) as store:
        store.append(SEASON, [Pending("undecided", event)])
    before = read_bytes(path)
    for args in (["standings", "--class", "LMP2", "--table", "drivers"], ["invitations"],
                 ["classify", "--round", "inje", write_log(CSV, "race.csv")],
                 ["import", write_log(LINE, "line.jsonl")]):
        result = run("--log", path, *args)
        if result.exit_code != 0:
            assert result.stderr.count("\n") == 1
        assert read_bytes(path) == before or result.exit_code == 0


@pytest.mark.parametrize("batch", [
    lambda: [Pending("big-note", RoundScheduled_("r"), note="n" * ((1 << 20) + 1))],
    lambda: [Pending("many-rows", RaceClassified("inje", "LMP2", tuple(
        ResultRow(str(i)) for i in range(70_000))))],
    lambda: [Pending(f"huge-{i}", RoundScheduled_(f"r{i}"), note=NOTE_900K)
             for i in range(framing.MAX_BODY // len(NOTE_900K) + 2)],
], ids=["text-over-1MiB", "list-over-65536", "body-over-MAX_BODY"])
def test_an_append_the_reader_would_refuse_is_refused_before_it_is_written(batch):
    path = write_log(BASE, "limits.log")
    with FileStore(path) as store:
        with pytest.raises(ChampError):
            store.append(SEASON, batch())
        assert read_bytes(path) == BASE
    assert check.verify(path).ok


# -- regressions: bugs found once the generators were let loose, now fixed ---------------------------


def test_reading_commands_refuse_a_log_nominating_a_driver_never_registered():
    # one more event decide would refuse (UNDECIDED above)
    test_reading_commands_refuse_a_log_holding_an_event_decide_would_refuse(
        DriverNominated("inje", "1", "nobody"))


def test_a_frame_repeating_an_id_after_its_first_event_is_refused_whole():
    start, end = STARTS[2], STARTS[3]
    records = _records_of(2)  # ev-8 .. ev-13
    records[2][0] = "ev-1"  # its third event takes an id of the first frame
    body = b"".join(msgpack.packb(r, use_bin_type=True) for r in records)
    path = write_log(BASE[:start] + framing.encode_frame(body, len(records)) + BASE[end:])
    assert check.verify(path).tail.offset == start
    before = [f"ev-{n}" for n in range(8)]  # the two frames before it
    read = []
    with pytest.raises(CorruptLogError), FileStore(path) as store:
        for env in store.read_all():
            read.append(env.id)
    assert read == before  # not ev-8 and ev-9 of the refused frame
    result = run("--log", path, "log", "export")
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == before


def RoundScheduled_(key: str):  # noqa: N802 - a short alias for the batches above
    from champengine.events import RoundScheduled

    return RoundScheduled(key)


NOTE_900K = "n" * (900 << 10)
