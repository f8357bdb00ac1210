"""The codec by example: upcasting old schemas, derived ids, and one clear message per bad line."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import msgpack
import pytest

from champengine import codec
from champengine.errors import DecodeError
from champengine.events import (
    ClassAdded,
    Envelope,
    PenaltyImposed,
    PoleAwarded,
    RaceClassified,
    ResultRow,
    SeasonOpened,
    current_version,
    time_to_micros,
)

SEASON = "aslms-2013"
WHEN = dt.datetime(2013, 9, 8, 16, 0, tzinfo=dt.UTC)


def line(**doc) -> str:
    return json.dumps({"season": SEASON, **doc})


def record(type_name: str, version: int, fields: dict) -> bytes:
    """A msgpack record as an older engine wrote it."""
    micros = time_to_micros(WHEN)
    return msgpack.packb(["id-1", SEASON, 1, 1, type_name, version, micros, "clerk", None, None,
                          False, fields], use_bin_type=True)


# -- upcasting ----------------------------------------------------------------------------------

CURRENT_ROWS = RaceClassified("inje", "LMP2", (ResultRow("24"), ResultRow("1"), ResultRow("007")),
                         partial=False, stopped_short=False)


def test_race_classified_v1_is_read_from_text_as_current_rows():
    te = codec.parse_line(line(type="RaceClassified", version=1, round="inje", **{"class": "LMP2"},
                               cars=["24", "1", "007"]), 1)
    assert te.payload == CURRENT_ROWS
    assert all(r.status == "classified" for r in te.payload.rows)
    env = te.envelope(seq=1, position=1, recorded_at=WHEN)
    assert env.version == current_version("RaceClassified")
    assert codec.envelope_to_json(env)["version"] == current_version("RaceClassified")  # written back at the current version


def test_race_classified_v1_is_read_from_a_binary_record_as_current_rows():
    [env] = codec.unpack_records(
        record("RaceClassified", 1, {"round": "inje", "class": "LMP2", "cars": ["24", "1", "007"]}), 1)
    assert env.payload == CURRENT_ROWS
    assert (env.version, env.recorded_at, env.actor) == (current_version("RaceClassified"), WHEN, "clerk")


def test_race_classified_v2_gains_partial_and_stopped_short():
    te = codec.parse_line(line(type="RaceClassified", version=2, round="inje", **{"class": "LMP2"},
                               rows=[{"car": "24"}, {"car": "1", "status": "DNF"}]), 1)
    assert te.payload == RaceClassified("inje", "LMP2", (ResultRow("24"), ResultRow("1", "DNF")))


def test_penalty_v1_seconds_become_a_time_penalty():
    te = codec.parse_line(line(type="PenaltyImposed", version=1, round="fuji", car="007",
                               seconds=60, reason="pit lane speeding"), 1)
    assert te.payload == PenaltyImposed("fuji", "007", "time", 60, "pit lane speeding")
    [env] = codec.unpack_records(
        record("PenaltyImposed", 1, {"round": "fuji", "car": "007", "seconds": 60}), 1)
    assert env.payload == PenaltyImposed("fuji", "007", "time", 60)
    assert env.version == current_version("PenaltyImposed")


def test_a_line_without_version_is_at_the_current_one():
    te = codec.parse_line(line(type="PenaltyImposed", round="fuji", car="007", kind="laps",
                               value=1), 1)
    assert te.payload == PenaltyImposed("fuji", "007", "laps", 1)


def test_a_version_newer_than_the_engine_is_refused():
    newer = current_version("RaceClassified") + 1
    with pytest.raises(DecodeError, match=f"line 4: .*version {newer} is newer"):
        codec.parse_line(line(type="RaceClassified", version=newer, round="inje",
                              **{"class": "LMP2"}, rows=[]), 4)


# -- ids --------------------------------------------------------------------------------------------

POLE = line(type="PoleAwarded", round="inje", car="007", **{"class": "LMP2"})


def test_a_line_without_id_gets_a_deterministic_one():
    first = codec.parse_line(POLE, 3).id
    assert codec.parse_line(POLE, 3).id == first
    assert codec.parse_line(POLE, 4).id != first  # the same fact twice on two lines is two events
    assert codec.parse_line(POLE.replace("007", "7"), 3).id != first
    assert str(uuid.UUID(first)) == first


def test_the_derived_id_rests_on_canonical_content_and_the_season():
    doc = json.loads(POLE)
    reordered = json.dumps(dict(reversed(list(doc.items()))), indent=1).replace("\n", "")
    assert codec.parse_line(reordered, 3).id == codec.parse_line(POLE, 3).id
    no_season = json.dumps({k: v for k, v in doc.items() if k != "season"})
    assert (codec.parse_line(no_season, 3, default_season="elms-2013").id
            != codec.parse_line(no_season, 3, default_season=SEASON).id)


def test_importing_a_file_twice_gives_the_same_ids():
    data = (POLE + "\n\n# a comment\n" + line(type="ClassAdded", **{"class": "GTC"})).encode()
    first = [te.id for te in codec.read_lines(data)]
    assert [te.id for te in codec.read_lines(data)] == first
    assert [te.line for te in codec.read_lines(data)] == [1, 4]  # blank and comment lines count


def test_a_given_id_is_kept():
    assert codec.parse_line(line(id="pole-inje", type="ClassAdded", **{"class": "GTC"}), 1).id == (
        "pole-inje")


# -- one clear message per bad line ------------------------------------------------------------------------


def refusal(text: str, line_no: int = 7) -> str:
    with pytest.raises(DecodeError) as err:
        codec.parse_line(text, line_no)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"line {line_no}: ")
    if "class_" not in text:  # the Python spelling never leaks into a message
        assert "class_" not in message
    return message


@pytest.mark.parametrize("text, expected", [
    (line(type="CarRepainted", car="1"), "line 7: unknown event type 'CarRepainted'"),
    (line(type="PoleAwarded", round="inje", car="1"), "line 7: PoleAwarded: missing field class"),
    (line(type="PoleAwarded", round="inje", car=18, **{"class": "LMP2"}),
     "line 7: PoleAwarded: car: expected text, got int 18"),
    (line(type="PoleAwarded", round="inje", car="18", **{"class": "LMP2"}, lap=3),
     "line 7: PoleAwarded: unknown field(s) 'lap'"),
    (line(type="PoleAwarded", round="inje", car="18", class_="LMP2"),
     "line 7: PoleAwarded: missing field class; unknown field(s) 'class_'"),
    (line(type="RaceClassified", round="inje", **{"class": "LMP2"},
          rows=[{"car": "1"}, {"car": "2", "laps": "98"}]),
     "line 7: RaceClassified: rows[1].laps: expected an integer, got str '98'"),
    (line(type="RaceClassified", round="inje", **{"class": "LMP2"}, rows=[{"car": "1", "pos": 1}]),
     "line 7: RaceClassified: rows[0]: unknown field(s) 'pos'"),
    (line(type="RaceClassified", round="inje", **{"class": "LMP2"}, rows=["1", "2"]),
     "line 7: RaceClassified: rows[0]: expected an object"),
    (line(type="DriverRegistered", driver="wiser", name="Max Wiser", aliases="Massimilliano"),
     "line 7: DriverRegistered: aliases: expected a list, got str 'Massimilliano'"),
    (line(type="RoundScheduled", round="inje", date="2013-09-31"),
     "line 7: RoundScheduled: date: expected a date YYYY-MM-DD, got '2013-09-31'"),
    (line(type="SeasonOpened", series="ALMS", year="2013"),
     "line 7: SeasonOpened: year: expected an integer, got str '2013'"),
    (line(type="SeasonOpened", series="ALMS", year=2**64),
     f"line 7: SeasonOpened: year: integer {2**64} is out of range"),
    (line(type="RaceClassified", round="inje", **{"class": "LMP2"}, rows=[], partial="no"),
     "line 7: RaceClassified: partial: expected true or false, got 'no'"),
    (line(type="ScoringRulesAdopted", classes=["LMP2"], rules={"pole": "one"}),
     "line 7: ScoringRulesAdopted: rules.pole: expected a number, got str 'one'"),
    (line(type="ScoringRulesAdopted", classes=["LMP2"], rules={"drivers": {"style": "dense",
                                                                          "ties": []}}),
     "line 7: ScoringRulesAdopted: rules.drivers: unknown field(s) 'ties'"),
    ('{"type": "PenaltyImposed", "season": "s", "round": "r", "car": "1", "kind": "time", '
     '"value": NaN}', "line 7: PenaltyImposed: value: expected a finite number, got nan"),
    ('{"type": "ClassAdded", "class": "GTC",', "line 7: not valid JSON"),
    ("[1, 2]", "line 7: an event must be a JSON object"),
    (json.dumps({"class": "GTC", "season": SEASON}), 'line 7: missing "type"'),
    (json.dumps({"type": "ClassAdded", "class": "GTC"}), 'line 7: missing "season"'),
    (line(type="ClassAdded", version=0, **{"class": "GTC"}), "line 7: version must be a positive"),
    (line(type="ClassAdded", seq="3", **{"class": "GTC"}), "line 7: seq must be a positive"),
    (line(type="ClassAdded", id=12, **{"class": "GTC"}), "line 7: id must be text"),
    (line(type="ClassAdded", actor=1, **{"class": "GTC"}), "line 7: actor must be text"),
    (line(type="ClassAdded", inferred="yes", **{"class": "GTC"}),
     "line 7: inferred must be true or false"),
    (line(type="ClassAdded", recorded_at="yesterday", **{"class": "GTC"}),
     "line 7: recorded_at 'yesterday' is not an ISO date-time"),
])
def test_a_bad_line_gives_one_clear_message_naming_it(text, expected):
    assert refusal(text).startswith(expected)


def test_read_lines_names_the_file_and_the_line():
    data = (POLE + "\n" + line(type="PoleAwarded", round="inje", car=18, **{"class": "LMP2"})).encode()
    with pytest.raises(DecodeError, match=r"^seed\.jsonl line 2: PoleAwarded: car: expected text"):
        list(codec.read_lines(data, name="seed.jsonl"))


def test_a_line_that_is_not_utf8_is_refused_naming_it():
    data = POLE.encode() + b"\n" + b'{"type": "ClassAdded", "class": "GT\xff"}\n'
    with pytest.raises(DecodeError) as err:
        list(codec.read_lines(data, name="seed.jsonl"))
    assert str(err.value) == "seed.jsonl line 2: not UTF-8 (byte 35)"


# -- the wire spelling --------------------------------------------------------------------------------


def test_class_is_spelled_class_on_the_wire():
    env = Envelope.of(PoleAwarded("inje", "LMP2", "007"), id="p", season=SEASON, seq=1,
                      position=1, recorded_at=WHEN)
    doc = codec.envelope_to_json(env)
    assert doc["class"] == "LMP2" and "class_" not in doc
    assert codec.payload_to_dict(ClassAdded("GTC")) == {"class": "GTC", "name": None,
                                                        "reason": None}
    fields = msgpack.unpackb(codec.pack_records([env]))[-1]
    assert fields == {"round": "inje", "class": "LMP2", "car": "007"}


def test_the_text_form_carries_every_field_nulls_included():
    env = Envelope.of(ClassAdded("GTC"), id="c", season=SEASON, seq=2, position=5,
                      recorded_at=dt.datetime(2013, 9, 8, 18, 30, 0, 250,
                                              tzinfo=dt.timezone(dt.timedelta(hours=9))))
    assert json.loads(codec.envelope_to_line(env)) == {
        "id": "c", "season": SEASON, "seq": 2, "position": 5, "type": "ClassAdded",
        "version": 1, "recorded_at": "2013-09-08T09:30:00.000250Z", "actor": None, "note": None,
        "source": None, "inferred": False, "class": "GTC", "name": None, "reason": None}


def test_season_opened_takes_its_season_from_the_envelope():
    te = codec.parse_line('{"type": "SeasonOpened", "series": "ALMS", "year": 2013}', 1,
                          default_season=SEASON)
    assert te.payload == SeasonOpened(SEASON, "ALMS", 2013)
    env = te.envelope(seq=1, position=1, recorded_at=WHEN)
    assert codec.envelope_to_json(env)["season"] == SEASON


@pytest.mark.parametrize("text, when", [
    ("2013-09-08T16:00:00Z", WHEN),
    ("2013-09-08T16:00:00", WHEN),  # no zone: UTC
    ("2013-09-09T01:00:00+09:00", WHEN),
])
def test_recorded_at_is_read_in_utc(text, when):
    te = codec.parse_line(line(type="ClassAdded", recorded_at=text, **{"class": "GTC"}), 1)
    assert te.recorded_at == when and te.recorded_at.utcoffset() == dt.timedelta(0)


# -- binary records ---------------------------------------------------------------------------------


def test_an_event_that_cannot_be_encoded_is_refused_with_a_message():
    env = Envelope.of(SeasonOpened(SEASON, "ALMS", 2**70), id="s", season=SEASON, seq=1,
                      position=1, recorded_at=WHEN)
    with pytest.raises(DecodeError, match="SeasonOpened s cannot be encoded"):
        codec.pack_records([env])


@pytest.mark.parametrize("body, count, message", [
    (msgpack.packb([1, 2, 3]), 1, "not a 12-field array"),
    (record("PoleAwarded", 1, {"round": "inje", "class": "LMP2", "car": "1"}), 2,
     "announces 2 records, holds 1"),
    (record("PoleAwarded", 1, {"round": "inje", "car": "1"}), 1,
     "PoleAwarded: missing field class"),
    (record("Teleported", 1, {}), 1, "unknown event type 'Teleported'"),
    (b"\xc1", 1, "undecodable record"),
])
def test_bad_records_are_decode_errors(body, count, message):
    with pytest.raises(DecodeError, match=message):
        codec.unpack_records(body, count)
