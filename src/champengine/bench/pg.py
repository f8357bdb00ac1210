"""PostgreSQL figures: the PostgreSQL store's append (batched, each batch committed) and
full replay, beside the file store's, and ``eventsourcing``'s PostgreSQL recorder replaying
the same events. Each run uses a schema of its own, dropped at the end; without a server at
``CHAMP_TEST_PG`` (by default 127.0.0.1:5432, database test) the figures are skipped, with
the reason."""

from __future__ import annotations

import os
import time
import uuid

from .replay import domain_events, season_states, through

DSN = os.environ.get("CHAMP_TEST_PG", "host=127.0.0.1 port=5432 dbname=test user=postgres")
BATCH = 500


def unreachable() -> str | None:
    """Why no PostgreSQL figure can be taken, or None when a server answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        with psycopg.connect(DSN, connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"no PostgreSQL server answers at {DSN!r}: {str(exc).strip().splitlines()[0]}"


def figures(events: list) -> dict:
    """``pg_append_eps``, ``pg_replay_eps`` and ``pg_replay_vs_eventsourcing`` for
    ``events`` (envelopes of any seasons), or the same keys None with ``skipped``."""
    why = unreachable()
    if why is None:
        try:
            from eventsourcing.postgres import PostgresAggregateRecorder  # noqa: F401
        except ImportError:
            why = "eventsourcing's PostgreSQL recorder is not installed (the bench extra)"
    if why is not None:
        return {"pg_append_eps": None, "pg_replay_eps": None,
                "pg_replay_vs_eventsourcing": None, "skipped": why}
    from ..store.batch import Pending
    from ..store.postgres import PostgresStore

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    store = PostgresStore(DSN, schema=schema)
    try:
        by_season: dict[str, list] = {}
        for env in events:
            by_season.setdefault(env.season, []).append(Pending.of(env))
        start = time.perf_counter()
        for season, pending in by_season.items():
            for i in range(0, len(pending), BATCH):
                store.append(season, pending[i:i + BATCH])
        append = time.perf_counter() - start
        start = time.perf_counter()
        n = sum(state.seq for state in season_states(store))
        replay = time.perf_counter() - start
        peer = _peer(events, schema)
    finally:
        store.drop()
        store.close()
    return {"pg_append_eps": len(events) / append, "pg_replay_eps": n / replay,
            "pg_replay_vs_eventsourcing": peer / replay, "pg_events": len(events),
            "pg_eventsourcing_replay_eps": len(events) / peer}


def _peer(events: list, schema: str) -> float:
    """Seconds for ``eventsourcing``'s PostgreSQL recorder to replay ``events``."""
    import psycopg
    from eventsourcing.postgres import PostgresAggregateRecorder, PostgresDatastore

    params = psycopg.conninfo.conninfo_to_dict(DSN)
    datastore = PostgresDatastore(params.get("dbname", "test"), params.get("host", "127.0.0.1"),
                                  params.get("port", 5432), params.get("user", "postgres"),
                                  params.get("password", ""), schema=schema)
    recorder = PostgresAggregateRecorder(datastore, events_table_name="peer_events")
    recorder.create_table()
    try:
        return through(recorder, domain_events(events))[1]
    finally:
        datastore.close()
