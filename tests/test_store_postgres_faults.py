"""What the PostgreSQL store survives besides the contract (issue 17): readers that never
create, schema names checked whole, lost connections, roles without rights, a writer
waiting on a lock, following the log with no gap."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from champengine.errors import LogLockedError, StoreError, UsageError
from conftest import postgres_dsn
from store_contract import opened, scheduled
from test_store_postgres import REASON

pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

URL = "postgresql://postgres@127.0.0.1:5432/test"


def schema_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(postgres_dsn()) as conn:
        return conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                            (name,)).fetchone() is not None


@pytest.fixture
def schema():
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


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("champ: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# -- item 8: reading commands never create; the schema parameter checked whole ---------------


def test_a_reading_command_on_a_missing_schema_creates_nothing_and_names_the_store():
    name = f"typo_{uuid.uuid4().hex[:8]}"
    result = CliRunner().invoke(cli, ["--store", f"{URL}?schema={name}", "calendar"])
    line = one_line_error(result, 1)
    assert name in line and "None" not in line
    assert not schema_exists(name)


def test_a_store_opened_for_reading_never_creates_its_schema():
    from champengine.store.postgres import PostgresStore

    name = f"typo_{uuid.uuid4().hex[:8]}"
    with pytest.raises(StoreError, match="no champengine log"):
        PostgresStore(postgres_dsn(), schema=name, create=False)
    assert not schema_exists(name)


@pytest.mark.parametrize("query", ["schema=", "schema=abc%0A", "schema=pg_x", "schema=Upper",
                                   "schema=a&schema=b", "schema=a%22b"])
def test_a_bad_schema_parameter_is_a_usage_error_in_one_line(query):
    result = CliRunner().invoke(cli, ["--store", f"{URL}?{query}", "init"])
    assert "None" not in one_line_error(result, 2)


@pytest.mark.parametrize("url", ["postgresql://[::1/test", "postgresql://h:port/test",
                                 "postgresql://127.0.0.1:99999/test", "mysql://h/db",
                                 "postgresql://127.0.0.1/test?sslmode=bogus"])
def test_a_malformed_store_url_is_one_line(url):
    result = CliRunner().invoke(cli, ["--store", url, "calendar"])
    assert result.exit_code in (1, 2)
    one_line_error(result, result.exit_code)


def test_an_empty_store_is_named_in_the_message(schema):
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", f"{URL}?schema={schema}", "init"]).exit_code == 0
    line = one_line_error(runner.invoke(cli, ["--store", f"{URL}?schema={schema}",
                                              "calendar"]), 2)
    assert schema in line and "None" not in line


def test_a_password_is_never_shown():
    result = CliRunner().invoke(cli, ["--store", "postgresql://u:s3cret@127.0.0.1:1/x?schema=",
                                      "calendar"])
    assert "s3cret" not in result.output


# -- item 5: a lost connection, a role without rights -----------------------------------------


def test_a_lost_connection_is_one_clear_error(pg_store):
    import psycopg

    pg_store.append("s", [opened("s")])
    pid = pg_store._conn.info.backend_pid
    with psycopg.connect(postgres_dsn(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(StoreError, match="lost the connection"):
        list(pg_store.read_all())
    with pytest.raises(StoreError, match="connection"):
        pg_store.append("s", [scheduled()])


def test_a_role_without_write_rights_is_refused_in_one_line(schema):
    import psycopg

    runner = CliRunner()
    assert runner.invoke(cli, ["--store", f"{URL}?schema={schema}", "init"]).exit_code == 0
    role = f"ro_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_dsn(), autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"')
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"')
    try:
        url = f"postgresql://{role}@127.0.0.1:5432/test?schema={schema}"
        result = runner.invoke(cli, ["--store", url, "open-season", "s", "--series", "S",
                                     "--year", "2013"])
        assert "not allowed" in one_line_error(result, 1)
        # and a role that may not even create the schema, at init
        result = runner.invoke(cli, ["--store", f"postgresql://{role}@127.0.0.1:5432/test"
                                     f"?schema=n_{role}", "init"])
        one_line_error(result, 1)
    finally:
        with psycopg.connect(postgres_dsn(), autocommit=True) as admin:
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')


# -- item 11: a writer waiting on the lock gives up after a stated timeout ---------------------


def test_a_writer_waiting_on_the_table_lock_gives_up_after_its_timeout(pg_store, schema):
    import psycopg

    from champengine.store.postgres import PostgresStore

    pg_store.append("s", [opened("s")])
    with psycopg.connect(postgres_dsn()) as holder:
        holder.execute(f'LOCK TABLE "{schema}".champ_events IN EXCLUSIVE MODE')
        waiting = PostgresStore(postgres_dsn(), schema=schema, lock_timeout=0.3)
        start = time.monotonic()
        with pytest.raises(LogLockedError, match="locked by another writer"):
            waiting.append("s", [scheduled()])
        assert time.monotonic() - start < 5
        holder.rollback()
        waiting.append("s", [scheduled()])  # the lock released, the same store writes
        waiting.close()
    assert pg_store.last_seq("s") == 2


def test_the_lock_timeout_is_configurable(schema, monkeypatch):
    from champengine.store.postgres import PostgresStore

    monkeypatch.setenv("CHAMP_LOCK_TIMEOUT", "2.5")
    store = PostgresStore(postgres_dsn(), schema=schema)
    assert store.lock_timeout == 2.5
    store.close()
    monkeypatch.setenv("CHAMP_LOCK_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="CHAMP_LOCK_TIMEOUT"):
        PostgresStore(postgres_dsn(), schema=schema)
    monkeypatch.delenv("CHAMP_LOCK_TIMEOUT")  # before the schema is dropped


# -- item 12: follow catches up, then listens, with no gap -------------------------------------


def test_follow_catches_up_then_hears_each_batch_and_stops_after_quiet_time(pg_store, schema):
    from champengine.store.postgres import PostgresStore

    pg_store.append("s", [opened("s"), scheduled("inje")])
    writer = PostgresStore(postgres_dsn(), schema=schema)

    def write():  # 4 batches 0.4 s apart: longer in all than the timeout, never quiet for it
        for n in range(4):
            time.sleep(0.4)
            writer.append("s", [scheduled(f"r{n}")])

    follower = PostgresStore(postgres_dsn(), schema=schema)
    thread = threading.Thread(target=write)
    thread.start()
    heard = [env.position for env in follower.follow(timeout=1.2)]
    thread.join()
    writer.close()
    follower.close()
    assert heard == [1, 2, 3, 4, 5, 6]


def test_follow_from_a_position_misses_nothing_committed_between_listen_and_catch_up(
        pg_store, schema, monkeypatch):
    from champengine.store.postgres import PostgresStore

    pg_store.append("s", [opened("s")])
    follower = PostgresStore(postgres_dsn(), schema=schema)
    real_read_all = follower.read_all
    first = []

    def read_all(position=1):  # a commit lands just before the catch-up read
        if not first:
            first.append(True)
            pg_store.append("s", [scheduled("inje")])
        return real_read_all(position)

    monkeypatch.setattr(follower, "read_all", read_all)
    heard = [env.position for env in follower.follow(from_position=2, timeout=0.5)]
    follower.close()
    assert heard == [2]
