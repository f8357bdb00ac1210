"""Hostile text input: JSON Lines fed to ``import`` (and read directly with ``--log``)
and timing CSVs fed to ``timing.read_classification`` and ``champ classify``.

Whatever the bytes, the engine raises only its own errors (``ChampError``), appends
nothing when it refuses (the log's bytes unchanged), and what it accepts lands as
a log that verifies and reads back; the command line turns every refusal into one
line on stderr and exit 1 or 2, never a traceback.

The generated inputs reach past the limits where bugs were once found: nesting
deeper than the recursion limit, integer literals of more than 4300 digits,
strings over 1 MiB, lone surrogates, dates that overflow when moved to UTC,
digits that are not decimal, line breaks in the names an error message quotes.
Each of those bugs, now fixed, keeps a regression test of its own at the end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
import uuid

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from champengine import codec, timing
from champengine.cli import cli
from champengine.errors import ChampError
from champengine.events import SeasonOpened
from champengine.projections.season import fold
from champengine.recorder import import_text
from champengine.store import Pending, check
from champengine.store.file import FileStore
from champengine.store.memory import MemoryStore
from conftest import read_bytes
from given import SEASON, season

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CLI_PROPERTY = settings(max_examples=40, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OTHER = "other-2014"

# -- the valid material that gets mutated ---------------------------------------------------


def _season_docs() -> list[dict]:
    """The hand-made season as the text form writes it; every other line without its
    id (so the importer derives one), seq and position left out."""
    store = MemoryStore()
    store.append(SEASON, [Pending(f"ev-{n}", p) for n, p in enumerate(season(with_crews=False))])
    docs = []
    for n, env in enumerate(store.read_all()):
        doc = codec.envelope_to_json(env)
        for key in ("seq", "position") + (("id",) if n % 2 else ()):
            doc.pop(key)
        docs.append(doc)
    return docs


DOCS = _season_docs()
VALID_TEXT = "\n".join(json.dumps(d) for d in DOCS).encode()

#: a log that already holds another season: refusals must leave it byte for byte
_tmp = tempfile.TemporaryDirectory()
_template = os.path.join(_tmp.name, "template.log")
with FileStore(_template, create=True) as _store:
    _store.append(OTHER, [Pending("other-1", SeasonOpened(OTHER, "Other", 2014))])
with open(_template, "rb") as _f:
    LOG_TEMPLATE = _f.read()

#: the season's full state (crews too), to classify into
_season_log = os.path.join(_tmp.name, "season.log")
with FileStore(_season_log, create=True) as _store:
    _store.append(SEASON, [Pending(f"s{n}", p) for n, p in enumerate(season())])
with open(_season_log, "rb") as _f:
    SEASON_LOG = _f.read()
with FileStore(_season_log) as _store:
    STATE = fold(_store.read(SEASON))


def fresh_log(template: bytes = LOG_TEMPLATE) -> str:
    path = os.path.join(_tmp.name, "hostile.log")
    with open(path, "wb") as f:
        f.write(template)
    return path


def write_file(name: str, data: bytes) -> str:
    path = os.path.join(_tmp.name, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


# -- strategies --------------------------------------------------------------------------------


def nested(depth: int, leaf=0):
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


class Raw:
    """JSON text that ``dumps`` puts into a line as it is: what json.dumps cannot
    write (nesting past the recursion limit, integer literals over 4300 digits)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:30]!r}, {len(self.text)} chars)"


_RAW_MARK = f"raw-{uuid.uuid4()}-"


def dumps(value) -> str:
    """``json.dumps``, with each Raw written as its text."""
    raws: list[str] = []

    def default(obj):
        if not isinstance(obj, Raw):
            raise TypeError(f"{type(obj).__name__} is not JSON")
        raws.append(obj.text)
        return f"{_RAW_MARK}{len(raws) - 1}"

    text = json.dumps(value, default=default)
    for i, raw in enumerate(raws):
        text = text.replace(f'"{_RAW_MARK}{i}"', raw, 1)
    return text


def deep(depth: int, kind: str) -> Raw:
    """A value nested ``depth`` levels, as text: arrays, objects, or both in turn."""
    opens = {"[": ("[", "]"), "{": ('{"k": ', "}")}
    if kind in opens:
        head, tail = opens[kind]
        return Raw(head * depth + "0" + tail * depth)
    pairs = [opens["[" if i % 2 else "{"] for i in range(depth)]
    return Raw("".join(h for h, _ in pairs) + "0" + "".join(t for _, t in reversed(pairs)))


#: any character, lone surrogates (which json.dumps escapes: "\ud800") and line breaks too
ANY_CHARS = st.characters(exclude_categories=())
#: texts an error message may quote: line breaks, lone surrogates, controls
NASTY_TEXTS = st.sampled_from(["a\nb", "\n", "\r", "x\r\ny", "\u2028", "\x85", "\x0c",
                               "\ud800", "a\udfffb", "\udc00\ud800", "\x1b[2J"])

JSON_SCALARS = (st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.floats()
                | st.text(ANY_CHARS, max_size=20))
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(ANY_CHARS, max_size=8) | NASTY_TEXTS, inner, max_size=3),
    max_leaves=12)
#: time zones as ISO texts carry them, up to a minute short of a day either way
OFFSETS = st.timedeltas(min_value=-dt.timedelta(hours=23, minutes=59),
                        max_value=dt.timedelta(hours=23, minutes=59)).map(
    lambda d: dt.timezone(dt.timedelta(minutes=d // dt.timedelta(minutes=1))))
HOSTILE_VALUES = st.one_of(
    JSON_VALUES,
    NASTY_TEXTS,
    st.sampled_from([10**30, 2**63, -(2**63) - 1, 2**64, 1e308, -1e308, 5e-324, float("nan"),
                     float("inf"), 0, -1, True, "", " ", "\x00", "\u202e", "null", "1", [], {},
                     [None], {"": None}, "2013-02-30", "9999-12-31T23:59:59Z", "LMP2", "inje",
                     "SeasonOpened", "RaceClassified", "ev-1", SEASON,
                     "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                     "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59.999999-23:59",
                     Raw("1e400"), Raw("-1e400"), Raw("1E+999999999"),
                     "x" * ((1 << 20) + 1)]),  # past the 1 MiB a log's text may hold
    st.integers(1, 40).map(nested),
    st.builds(deep, st.integers(1, 3000) | st.integers(900, 1100),  # the recursion limit
              st.sampled_from("[{~")),
    st.integers(1 << 10, 64 << 10).map(lambda n: "x" * n),
    # long integer literals, on both sides of the 4300 digits int() reads
    st.builds(lambda n, sign: Raw(sign + "9" * n),
              st.integers(100, 6000) | st.integers(4290, 4310), st.sampled_from(["", "-"])),
    st.datetimes(timezones=st.none() | OFFSETS).map(lambda d: d.isoformat()),
)


def paths(value, prefix=()):
    """Every place inside a JSON value: dict keys and list indexes."""
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*prefix, i))


def set_at(value, path, new):
    if not path:
        return new
    head, *rest = path
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = set_at(value[head], rest, new)
    return copy


@st.composite
def mutated_lines(draw) -> bytes:
    """The valid season with one to three lines mutated: a field (at any depth) given a
    hostile value, a field removed or added, a line replaced by any JSON value."""
    docs = [dict(d) for d in DOCS]
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(docs) - 1))
        action = draw(st.sampled_from(["set", "set", "set", "delete", "add", "replace",
                                       "duplicate"]))
        doc = docs[i]
        if action == "set" and isinstance(doc, dict):
            where = draw(st.sampled_from(list(paths(doc))[1:] or [()]))
            docs[i] = set_at(doc, where, draw(HOSTILE_VALUES))
        elif action == "delete" and isinstance(doc, dict) and doc:
            key = draw(st.sampled_from(sorted(doc)))
            docs[i] = {k: v for k, v in doc.items() if k != key}
        elif action == "add" and isinstance(doc, dict):
            key = draw(st.text(ANY_CHARS, max_size=10) | NASTY_TEXTS)
            docs[i] = {**doc, key: draw(HOSTILE_VALUES)}
        elif action == "duplicate":
            docs.insert(i, doc)
        else:
            docs[i] = draw(JSON_VALUES)
    return "\n".join(dumps(d) for d in docs).encode()


RANDOM_TEXT = st.one_of(
    st.binary(max_size=2000),
    st.lists(st.binary(max_size=80), max_size=20).map(b"\n".join),
    st.lists(JSON_VALUES.map(json.dumps), max_size=10).map(lambda ls: "\n".join(ls).encode()),
    st.binary(max_size=200).map(lambda junk: VALID_TEXT + b"\n" + junk),
    st.binary(max_size=200).map(lambda junk: junk + b"\n" + VALID_TEXT),
)


# -- JSON Lines into import ------------------------------------------------------------------


def import_or_refuse(data: bytes) -> None:
    """Import ``data`` into a log: a ChampError and not a byte written, or a log that
    verifies and reads back what was imported."""
    path = fresh_log()
    with FileStore(path) as store:
        try:
            outcome = import_text(store, data, name="hostile.jsonl")
        except ChampError:
            assert read_bytes(path) == LOG_TEMPLATE, "a refused import wrote to the log"
            return
    assert check.verify(path).ok
    with FileStore(path) as store:
        back = [e for e in store.read_all() if e.season != OTHER]
    assert back == list(outcome.appended)
    for env in back:  # and it travels on: text and binary, both ways
        [te] = codec.read_lines(codec.envelope_to_line(env).encode())
        assert (te.id, te.payload) == (env.id, env.payload)


def test_the_valid_season_imports():
    import_or_refuse(VALID_TEXT)
    path = fresh_log()
    with FileStore(path) as store:
        assert len(import_text(store, VALID_TEXT).appended) == len(DOCS)


@PROPERTY
@given(RANDOM_TEXT)
def test_random_bytes_and_json_values_are_refused_or_imported_never_a_crash(data):
    import_or_refuse(data)


@PROPERTY
@given(mutated_lines())
def test_valid_lines_with_mutated_fields_are_refused_or_imported_never_a_crash(data):
    import_or_refuse(data)


# -- the command line -------------------------------------------------------------------------


def run(*args: str):
    """``champ ARGS`` through click's runner; a traceback fails the test."""
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"champ {' '.join(args)[:200]} raised") from result.exception
    assert "Traceback" not in result.output
    return result


def terminal_lines(text: str) -> list[str]:
    """The lines a terminal shows: broken at newlines and carriage returns only (a form
    feed or a U+2028 quoted from the input is shown, not obeyed)."""
    return re.split(r"\r\n|\r|\n", text.strip())


def refused_or_done(result, path: str | None, before: bytes | None) -> None:
    """Exit 0, or exit 1 or 2 with one line on stderr and the log untouched."""
    if result.exit_code == 0:
        if path is not None:
            assert check.verify(path).ok
        return
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    lines = terminal_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("champ: error: "), result.stderr
    if path is not None:
        assert read_bytes(path) == before


@CLI_PROPERTY
@given(RANDOM_TEXT | mutated_lines())
def test_champ_import_and_reading_json_lines_directly_refuse_in_one_line(data):
    source = write_file("hostile.jsonl", data)
    log = fresh_log()
    refused_or_done(run("--log", log, "import", source), log, LOG_TEMPLATE)
    refused_or_done(run("--log", source, "--season", SEASON, "calendar"), None, None)
    refused_or_done(run("--log", source, "log", "export"), None, None)


# -- timing CSVs ---------------------------------------------------------------------------------

COLUMNS = ["POSITION", "NUMBER", "TEAM", "DRIVER_1", "VEHICLE", "CLASS", "STATUS", "LAPS",
           "TOTAL_TIME", "GAP_FIRST", "FL_KPH"]
#: digits that are not ASCII: superscripts and circled (digits, not decimal), Arabic-Indic
#: and fullwidth (decimal all the same)
ODD_DIGITS = "\u00b2\u00b3\u00b9\u2460\u2469\u0663\u06f5\u0967\uff11\U0001d7d9"
CSV_FIELDS = st.one_of(
    st.text(ANY_CHARS, max_size=12),  # a lone surrogate makes the file not UTF-8
    st.text(st.sampled_from("0123456789" + ODD_DIGITS), min_size=1, max_size=12),
    st.sampled_from(["", "1", "2", "3", "91", "007", "0", "-1", "+3", " 7 ", "1.5", "1e5",
                     "99999999999999999999", "9" * 4000, "Classified", "DNF", "Retired",
                     "Not classified", "DSQ", "dns", "weird", "LMP2", "GTC", "lmp2", "gtc ",
                     "LMP9", "5:44'41.101", "1'58.056", '"', ";", ",", "\n", "\r", "\x00",
                     "\ufeff", "x" * 5000, "9" * 5000, "-" + "9" * 5000, "\u00b2", "\u2460",
                     "1\u00b2", "\u0663", "\uff11\uff10", "1\n2", "\r\n"]),
)


@st.composite
def timing_csvs(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS) | st.text(ANY_CHARS, max_size=8)
                           | st.sampled_from(["NUM\nBER", "CLASS\r", "\nLAPS", "\u2028"]),
                           min_size=0, max_size=10))
    if draw(st.booleans()):
        header = ["POSITION", "NUMBER", "CLASS", "STATUS", "LAPS", *header]
    rows = draw(st.lists(st.lists(CSV_FIELDS, max_size=len(header) + 2), max_size=8))
    delimiter = draw(st.sampled_from([";", ","]))
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        text = out.getvalue()
    else:  # as a careless export would write it: no quoting at all
        text = "\n".join(delimiter.join(r) for r in [header, *rows])
    return text.encode("utf-8", "surrogatepass")


VALID_CSV = (b"POSITION;NUMBER;CLASS;STATUS;LAPS;TOTAL_TIME\n1;2;LMP2;Classified;100;3:00'01.5\n"
             b"2;1;LMP2;Classified;99;\n3;91;GTC;Retired;40;\n")
HOSTILE_CSVS = st.one_of(
    timing_csvs(),
    st.binary(max_size=1000),
    st.binary(max_size=100).map(lambda junk: VALID_CSV + junk),
    st.binary(max_size=100).map(lambda junk: junk + VALID_CSV),
)


def test_the_valid_csv_reads():
    by_class = timing.read_classification(VALID_CSV, class_key=STATE.class_key)
    assert [r.car for r in by_class["LMP2"]] == ["2", "1"]


@PROPERTY
@given(HOSTILE_CSVS)
def test_hostile_timing_csvs_read_or_raise_a_decode_error(data):
    try:
        by_class = timing.read_classification(data, class_key=STATE.class_key)
    except ChampError:
        return
    assert by_class and all(by_class.values())


@CLI_PROPERTY
@given(HOSTILE_CSVS)
def test_champ_classify_of_a_hostile_csv_refuses_in_one_line_and_writes_nothing(data):
    source = write_file("hostile.csv", data)
    log = fresh_log(SEASON_LOG)
    refused_or_done(run("--log", log, "classify", "--round", "inje", source), log, SEASON_LOG)


# -- regressions: bugs these tests found, now fixed -------------------------------------------


def opened_line(**fields) -> bytes:
    return json.dumps({"type": "SeasonOpened", "season": "s", "series": "x", "year": 2013,
                       **fields}).encode()


DEEP = b"[" * 100_000
DEEP_OBJECT = b'{"a": ' * 100_000


@pytest.mark.parametrize("data", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_is_a_decode_error(data):
    path = fresh_log()
    with FileStore(path) as store, pytest.raises(ChampError):
        import_text(store, data)
    assert read_bytes(path) == LOG_TEMPLATE


def test_a_line_nested_near_the_recursion_limit_is_a_decode_error():
    for depth in range(900, 1000, 5):  # wherever the limit falls, the line is refused cleanly
        data = (b'{"type": "SeasonOpened", "season": "s", "series": "x", "year": 2013, '
                b'"note": ' + b"[" * depth + b"]" * depth + b"}")
        with FileStore(fresh_log()) as store, pytest.raises(ChampError):
            import_text(store, data)


def test_an_integer_literal_of_5000_digits_is_a_decode_error():
    with FileStore(fresh_log()) as store, pytest.raises(ChampError):
        import_text(store, b'{"type": "SeasonOpened", "season": "s", "series": "x", "year": '
                    + b"9" * 5000 + b"}")


@pytest.mark.parametrize("field", ["series", "season", "note"])
def test_a_lone_surrogate_in_a_line_without_id_is_a_decode_error(field):
    with FileStore(fresh_log()) as store, pytest.raises(ChampError):
        import_text(store, opened_line(**{field: "\ud800"}))


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_recorded_at_that_overflows_in_utc_is_a_decode_error(when):
    with FileStore(fresh_log()) as store, pytest.raises(ChampError):
        import_text(store, opened_line(recorded_at=when))


def test_champ_refuses_deeply_nested_json_in_one_line():
    source = write_file("deep.jsonl", DEEP_OBJECT)
    log = fresh_log()
    refused_or_done(run("--log", log, "import", source), log, LOG_TEMPLATE)
    refused_or_done(run("--log", source, "calendar"), None, None)


@pytest.mark.parametrize("column, value", [("POSITION", "\u00b2"), ("LAPS", "\u00b2"),
                                           ("LAPS", "\u2460"), ("LAPS", "9" * 5000),
                                           ("POSITION", "9" * 5000)])
def test_a_digit_that_is_not_decimal_is_a_decode_error(column, value):
    row = {"POSITION": "1", "NUMBER": "1", "CLASS": "LMP2", "LAPS": "10", column: value}
    data = ("POSITION;NUMBER;CLASS;LAPS\n" + ";".join(row[c] for c in
                                                      ("POSITION", "NUMBER", "CLASS", "LAPS")))
    with pytest.raises(ChampError):
        timing.read_classification(data.encode(), class_key=STATE.class_key)


def test_champ_classify_refuses_a_superscript_digit_in_one_line():
    source = write_file("sup.csv", "POSITION;NUMBER;CLASS;LAPS\n1;1;LMP2;\u00b2\n".encode())
    log = fresh_log(SEASON_LOG)
    refused_or_done(run("--log", log, "classify", "--round", "inje", source), log, SEASON_LOG)


@pytest.mark.parametrize("command, name, data", [
    ("import", "key.jsonl", b'{"type": "SeasonOpened", "season": "s", "series": "x", '
                            b'"year": 2013, "bad\\nkey": 1}'),
    ("classify", "header.csv", b'"NUM\nBER";CLASS\n1;LMP2\n'),
], ids=["unknown-field", "csv-header"])
def test_an_error_quoting_a_name_with_a_line_break_stays_one_line(command, name, data):
    source = write_file(name, data)
    log = fresh_log(SEASON_LOG)
    args = ["classify", "--round", "inje", source] if command == "classify" else ["import", source]
    result = run("--log", log, *args)
    assert result.exit_code in (1, 2)
    assert len(terminal_lines(result.stderr)) == 1, result.stderr


# -- issue 17: what one store cannot keep, and numbers past their bounds -----------------------


@pytest.mark.parametrize("field, value", [
    ("id", "a\u0000b"), ("actor", "desk\u0000"), ("note", "\u0000"), ("source", "x\u0000y"),
    ("id", "k" * 9000),
    ("points", 1e300), ("points", -1e7), ("points", 10**30),
])
def test_champ_import_refuses_what_a_store_cannot_keep_in_one_line(field, value):
    line = {"type": "PointsAdjusted", "season": SEASON, "round": "inje", "class": "LMP2",
            "table": "teams", "competitor": "1", "points": 3, field: value}
    source = write_file("cannot-keep.jsonl", (json.dumps(line) + "\n").encode())
    log = fresh_log(SEASON_LOG)  # the line imports with any other value (checked below)
    before = read_bytes(log)
    result = run("--log", log, "import", source)
    assert result.exit_code in (1, 2), result.output
    assert "not been opened" not in result.stderr and "unknown" not in result.stderr
    refused_or_done(result, log, before)


def test_the_line_those_refusals_start_from_imports():
    line = {"type": "PointsAdjusted", "season": SEASON, "round": "inje", "class": "LMP2",
            "table": "teams", "competitor": "1", "points": 3}
    source = write_file("can-keep.jsonl", (json.dumps(line) + "\n").encode())
    assert run("--log", fresh_log(SEASON_LOG), "import", source).exit_code == 0
