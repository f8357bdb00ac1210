"""Overviews and points in time: seasons, drivers, the season's entry list, every class of
a round, headers and as_of saying the point asked, points past the end, CHAMP_SEASON,
explicit --log / --store winning over the variables, log verify on a store."""

from __future__ import annotations

import json

from test_cli import LOG, build_small_season, ok, refused, run


def test_seasons_lists_the_season_with_its_counts():
    doc = json.loads(ok("seasons", "--format", "json"))
    (row,) = doc["rows"]
    assert (row["season"], row["series"], row["year"], row["events"]) == (
        "aslms-2013", "Asian Le Mans Series", 2013, 287)
    assert row["rounds"] == 4 and row["rounds_classified"] == 4
    assert "LMP2" in row["classes"] and row["entries"] == 27


def test_drivers_shows_each_drivers_car_round_by_round():
    doc = json.loads(ok("drivers", "--class", "LMP2", "--format", "json"))
    by_key = {r["key"]: r for r in doc["rows"]}
    assert by_key["james-winslow"]["cars_by_round"] == dict.fromkeys(
        ["inje", "fuji", "zhuhai", "sepang"], "18")
    assert by_key["ho-pin-tung"]["cars_by_round"] == {"inje": "24", "zhuhai": "24",
                                                      "sepang": "24"}
    assert all(r["cars_by_round"] for r in doc["rows"])


def test_entries_without_a_round_cover_the_whole_season_a_column_per_round():
    out = ok("entries", "--class", "GTC")
    header = out.splitlines()[1].split()
    assert header[-4:] == ["INJ", "FUJ", "ZHU", "SEP"]
    doc = json.loads(ok("entries", "--class", "GTC", "--format", "json"))
    clearwater = next(r for r in doc["rows"] if r["car"] == "33")
    assert list(clearwater["by_round"]) == ["sepang"]  # entered for the finale only
    assert doc["rounds"] == ["inje", "fuji", "zhuhai", "sepang"]


def test_entries_after_round_2_stop_at_round_2():
    doc = json.loads(ok("entries", "--after-round", "2", "--format", "json"))
    assert doc["rounds"] == ["inje", "fuji"]


def test_classification_without_a_class_shows_every_class_of_the_round():
    out = ok("classification", "--round", "inje")
    titles = [line for line in out.splitlines() if line.startswith("aslms-2013 ")]
    assert titles == [f"aslms-2013 {c} classification, inje" for c in ("LMP2", "GTC", "LMGTE")]
    doc = json.loads(ok("classification", "--round", "inje", "--format", "json"))
    assert [c["class"] for c in doc["classes"]] == ["LMP2", "GTC", "LMGTE"]
    assert {r["class"] for r in doc["rows"]} == {"LMP2", "GTC", "LMGTE"}


def test_every_header_and_as_of_says_the_point_asked():
    for command in (["standings", "--class", "GTC"], ["calendar"], ["invitations"],
                    ["entries"], ["drivers"], ["classification", "--round", "1"],
                    ["scenarios", "--class", "LMP2"]):
        out = ok(*command, "--at-seq", "120", "--known-on", "2013-12-31")
        assert "at seq 120, as known on 2013-12-31" in out.splitlines()[0], (command, out)
        doc = json.loads(ok(*command, "--at-seq", "120", "--format", "json"))
        assert doc["as_of"]["at_seq"] == 120 and doc["as_of"]["seq"] == 120, command


def test_a_point_past_the_end_of_the_log_is_a_usage_error():
    assert "past the end of the log (its last seq is 287)" in refused(
        2, "standings", "--class", "LMP2", "--at-seq", "288")
    assert "past the end" in refused(2, "diff", "--from-seq", "100", "--to-seq", "300")


def test_diff_without_points_is_a_usage_error():
    assert "diff compares two points" in refused(2, "diff")


def test_champ_season_chooses_the_season(tmp_path, monkeypatch):
    two = tmp_path / "two.jsonl"
    lines = [json.dumps({"type": "SeasonOpened", "season": s, "series": "S", "year": 2025})
             for s in ("a-2025", "b-2025")]
    two.write_text("\n".join(lines) + "\n")
    assert "several seasons" in refused(2, "calendar", log=str(two))
    monkeypatch.setenv("CHAMP_SEASON", "b-2025")
    assert json.loads(ok("calendar", "--format", "json", log=str(two)))["season"] == "b-2025"


def test_an_explicit_log_wins_over_champ_store_and_a_store_over_champ_log(monkeypatch):
    monkeypatch.setenv("CHAMP_STORE", "postgresql://nobody@127.0.0.1:1/none")
    assert ok("calendar", log=LOG).startswith("aslms-2013 calendar")
    monkeypatch.delenv("CHAMP_STORE")
    monkeypatch.setenv("CHAMP_LOG", LOG)
    result = run("--store", "nope://x", "calendar", log=None)
    assert result.exit_code == 2 and "unknown store URL" in result.stderr  # the store was used
    assert "not both" in refused(2, "--store", "nope://x", "calendar", log=LOG)


def test_log_verify_on_a_store_checks_positions_seqs_and_bodies(tmp_path):
    import pytest

    from test_store_postgres import REASON

    if REASON:
        pytest.skip(REASON)
    import uuid

    import psycopg

    from conftest import postgres_dsn

    schema = f"verify_{uuid.uuid4().hex[:8]}"
    url = f"postgresql://postgres@127.0.0.1/test?schema={schema}"
    try:
        ok("--store", url, "import", LOG, log=None)
        assert ok("--store", url, "log", "verify", log=None).startswith(
            "ok: 287 events, positions 1..287")
        with psycopg.connect(postgres_dsn()) as conn:
            conn.execute(f'UPDATE "{schema}".champ_events SET payload = %s WHERE position = 50',
                         (b"\x01",))
        result = run("--store", url, "log", "verify", log=None)
        assert result.exit_code == 1 and "position 50" in result.stderr
        assert "does not decode" in result.stderr
        with psycopg.connect(postgres_dsn()) as conn:
            conn.execute(f'DELETE FROM "{schema}".champ_events WHERE position = 50')
        result = run("--store", url, "log", "verify", log=None)
        assert result.exit_code == 1 and "position 50 is missing" in result.stderr
    finally:
        with psycopg.connect(postgres_dsn()) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_a_small_season_shows_in_the_overviews(tmp_path):
    log = build_small_season(tmp_path)
    assert json.loads(ok("seasons", "--format", "json", log=log))["rows"][0]["events"] > 20
