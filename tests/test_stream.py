"""The live stream: a served log grows by another process's append, and the message
arrives within a second; a reconnect with ``Last-Event-ID`` misses nothing and repeats
nothing. Against a file log always; against PostgreSQL where a server answers (always
under CI=true)."""

from __future__ import annotations

import os
import queue
import subprocess
import time
import uuid

import pytest

from conftest import SEASON_LOG, postgres_dsn
from served import CHAMP, Listener, champ, serving

pytest.importorskip("uvicorn")

ADJUST = ["adjust-points", "--round", "fuji", "--class", "LMP2", "--table", "teams",
          "--competitor", "24", "--reason", "test"]


def adjust(where: list[str], points: str) -> float:
    """Append one decision from another process; the instant it was committed."""
    champ(*where, *ADJUST, "--points", points)
    return time.monotonic()


def check_live_and_resumable(where: list[str]) -> None:
    with serving(*where) as base:
        url = f"{base}/seasons/aslms-2013/stream"
        live = Listener(url)
        try:
            committed = adjust(where, "-5")
            seq, event, data, arrived = live.next(timeout=5)
            assert arrived - committed < 1.0, f"arrived {arrived - committed:.2f} s late"
            assert (seq, event) == (288, "grew")
            assert data["from_seq"] == 287 and data["types"] == ["PointsAdjusted"]
            moved = {(r["table"], r["car"]): r for r in data["moved"] if r["class"] == "LMP2"}
            assert moved[("teams", "24")]["change"] == -5
        finally:
            live.close()
        # two appends while no one listens: a reconnect from 288 gets both, once
        adjust(where, "-1")
        adjust(where, "-2")
        again = Listener(url, last_event_id=288)
        try:
            seq, _, data, _ = again.next(timeout=5)
            assert (seq, data["from_seq"], data["types"]) == (
                290, 288, ["PointsAdjusted", "PointsAdjusted"])
            with pytest.raises(queue.Empty):  # nothing repeated
                again.next(timeout=1.0)
        finally:
            again.close()
        # champ follow hears the next append as the stream does
        follower = subprocess.Popen([*CHAMP, *where, "follow", "--after", "290", "--count", "1"],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(3)  # most often it is waiting by then (--after: never racing it)
            adjust(where, "-3")
            out, err = follower.communicate(timeout=30)
        finally:
            if follower.poll() is None:
                follower.kill()
                follower.wait(5)
        assert out.startswith("aslms-2013 seq 290 -> 291: PointsAdjusted"), (out, err)
        from_start = Listener(url, last_event_id=287)
        try:
            seq, _, data, _ = from_start.next(timeout=5)
            assert (seq, data["from_seq"], len(data["types"])) == (291, 287, 4)
        finally:
            from_start.close()


def test_a_file_log_streams_what_another_process_appends(tmp_path):
    log = str(tmp_path / "season.log")
    champ("--log", log, "init")
    champ("--log", log, "import", str(SEASON_LOG))
    check_live_and_resumable(["--log", log])


def _pg_url() -> tuple[str | None, str]:
    try:
        import psycopg

        with psycopg.connect(postgres_dsn(), connect_timeout=3):
            pass
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return None, f"no PostgreSQL server answers at {postgres_dsn()!r}: {str(exc)[:100]}"
    parts = dict(p.split("=", 1) for p in postgres_dsn().split())
    url = (f"postgresql://{parts.get('user', 'postgres')}@{parts.get('host', '127.0.0.1')}:"
           f"{parts.get('port', '5432')}/{parts.get('dbname', 'test')}")
    return url, ""


def test_a_postgresql_store_streams_by_listen_notify():
    url, reason = _pg_url()
    if url is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI=true but {reason}")
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    where = ["--store", f"{url}?schema={schema}"]
    try:
        champ(*where, "import", str(SEASON_LOG))
        check_live_and_resumable(where)
    finally:
        from champengine.store.postgres import PostgresStore

        cleaner = PostgresStore(postgres_dsn(), schema=schema)
        cleaner.drop()
        cleaner.close()


def test_a_last_event_id_past_the_end_is_refused(tmp_path):
    from starlette.testclient import TestClient

    from champengine.serve.app import make_app
    from champengine.source import open_for_reading

    with TestClient(make_app(open_for_reading(str(SEASON_LOG)))) as c:
        got = c.get("/seasons/aslms-2013/stream", headers={"Last-Event-ID": "900"})
        assert got.status_code == 400 and "past the log's end" in got.json()["error"]["message"]
        got = c.get("/seasons/aslms-2013/stream", headers={"Last-Event-ID": "x"})
        assert got.status_code == 400
        assert c.get("/seasons/nope/stream").status_code == 404


def test_champ_follow_prints_what_the_stream_sends(tmp_path):
    log = str(tmp_path / "season.log")
    champ("--log", log, "init")
    champ("--log", log, "import", str(SEASON_LOG))
    adjust(["--log", log], "-5")
    out = champ("--log", log, "follow", "--after", "287", "--count", "1").stdout
    assert out.startswith("aslms-2013 seq 287 -> 288: PointsAdjusted | ")
    assert "LMP2 teams" in out and "-> " in out
