"""The PostgreSQL backend passes the same store contract as the others.

Needs a server (``CHAMP_TEST_PG``, by default 127.0.0.1:5432, database test);
skipped with a reason when none answers, except under CI=true where it must run.
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest

from champengine.errors import StoreError
from conftest import postgres_dsn
from store_contract import StoreContract, opened, scheduled


def _server() -> str | None:
    try:
        import psycopg

        with psycopg.connect(postgres_dsn(), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"no PostgreSQL server answers at {postgres_dsn()!r}: {str(exc).strip()[:120]}"


REASON = _server()
if REASON and os.environ.get("CI") == "true":
    raise RuntimeError(f"CI=true but {REASON}")
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")


@pytest.fixture
def schema():
    """A schema of its own for each test, dropped afterwards."""
    from champengine.store.postgres import PostgresStore

    name = f"t_{uuid.uuid4().hex[:12]}"
    yield name
    cleaner = PostgresStore(postgres_dsn(), schema=name)
    cleaner.drop()
    cleaner.close()


@pytest.fixture
def pg_store(schema):
    from champengine.store.postgres import PostgresStore

    store = PostgresStore(postgres_dsn(), schema=schema)
    yield store
    store.close()


class TestPostgresStore(StoreContract):
    @pytest.fixture(autouse=True)
    def _schema(self, schema):
        self._schema_name = schema

    def make_store(self, tmp_path):
        from champengine.store.postgres import PostgresStore

        return PostgresStore(postgres_dsn(), schema=self._schema_name)


def test_two_desks_share_one_log(pg_store):
    from champengine.store.postgres import PostgresStore

    other = PostgresStore(postgres_dsn(), schema=pg_store.schema)
    try:
        pg_store.append("s", [opened("s")], expected_seq=0)
        other.append("s", [scheduled()], expected_seq=1)
        assert [e.seq for e in pg_store.read("s")] == [1, 2]
        assert [e.position for e in pg_store.read_all()] == [1, 2]
    finally:
        other.close()


def test_a_follower_hears_each_append(pg_store):
    from champengine.store.postgres import PostgresStore

    follower = PostgresStore(postgres_dsn(), schema=pg_store.schema)
    heard = []
    ready = threading.Event()

    def listen():
        follower._conn.execute("LISTEN champ_events")
        follower._conn.commit()
        ready.set()
        for note in follower._conn.notifies(timeout=5, stop_after=1):
            heard.append(note.payload)

    thread = threading.Thread(target=listen)
    thread.start()
    ready.wait(5)
    pg_store.append("s", [opened("s")], expected_seq=0)
    thread.join(10)
    follower.close()
    assert heard == ["s:1"]


def test_a_bad_address_is_one_clear_error():
    from champengine.store.postgres import PostgresStore

    with pytest.raises(StoreError, match="cannot connect to PostgreSQL"):
        PostgresStore("host=127.0.0.1 port=1 dbname=test connect_timeout=1")


def test_the_2013_season_through_a_postgres_store(schema):
    import json

    from click.testing import CliRunner

    from champengine.cli import cli
    from conftest import SEASON_LOG

    dsn = "postgresql://postgres@127.0.0.1:5432/test"
    url = f"{dsn}?schema={schema}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", url, "init"]).exit_code == 0
    imported = runner.invoke(cli, ["--store", url, "import", str(SEASON_LOG)])
    assert imported.exit_code == 0 and imported.stdout.startswith("imported 287 events")
    again = runner.invoke(cli, ["--store", url, "import", str(SEASON_LOG)])
    assert "287 already in the log" in again.stdout
    out = runner.invoke(cli, ["--store", url, "standings", "--class", "GTC", "--table",
                              "manufacturers", "--format", "json"])
    assert json.loads(out.stdout)["rows"][0]["total"] == 113
    exported = runner.invoke(cli, ["--store", url, "log", "export"]).stdout
    direct = runner.invoke(cli, ["--log", str(SEASON_LOG), "log", "export"]).stdout
    assert exported == direct
