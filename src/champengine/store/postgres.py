"""The scale-out backend: PostgreSQL through psycopg 3.

One table of events keyed by (season, seq), with the global position and the
id unique. Writers (race control desks) serialise on a table lock for the
length of one append, so positions follow commit order; readers never wait.
Every append notifies ``champ_events`` with the season and its last seq, so a
reader can follow the log live (LISTEN/NOTIFY).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

import msgpack

from ..codec import payload_from_dict, payload_to_dict
from ..errors import StoreError
from ..events import Envelope
from .batch import Pending, stamp_batch

CHANNEL = "champ_events"
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

DDL = """
CREATE TABLE IF NOT EXISTS champ_events (
    position    bigint      NOT NULL UNIQUE,
    season      text        NOT NULL,
    seq         integer     NOT NULL,
    id          text        NOT NULL UNIQUE,
    type        text        NOT NULL,
    version     integer     NOT NULL,
    recorded_at timestamptz NOT NULL,
    actor       text,
    note        text,
    source      text,
    inferred    boolean     NOT NULL DEFAULT false,
    payload     bytea       NOT NULL,
    PRIMARY KEY (season, seq)
)
"""

COLUMNS = "id, season, seq, position, type, version, recorded_at, actor, note, source, inferred, payload"


def _connect(dsn: str):
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the postgres extra is not installed
        raise StoreError("PostgreSQL needs psycopg: pip install 'champengine[postgres]'") from None
    try:
        return psycopg.connect(dsn, autocommit=False, connect_timeout=5)
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
        raise StoreError(f"cannot connect to PostgreSQL: {first}") from None


class PostgresStore:
    """An ``EventStore`` in a PostgreSQL schema (``public`` unless given)."""

    def __init__(self, dsn: str, *, schema: str = "public", create: bool = True) -> None:
        if not _SCHEMA_NAME.match(schema):
            raise StoreError(f"bad schema name {schema!r}")
        self.schema = schema
        self._conn = _connect(dsn)
        with self._conn.cursor() as cur:
            cur.execute("SET TIME ZONE 'UTC'")
            if create:
                cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            cur.execute(f'SET search_path TO "{schema}"')
            if create:
                cur.execute(DDL)
        self._conn.commit()

    # -- rows <-> envelopes --------------------------------------------------------------

    @staticmethod
    def _envelope(row) -> Envelope:
        (id_, season, seq, position, type_name, version, recorded_at, actor, note, source,
         inferred, payload) = row
        fields = msgpack.unpackb(payload, raw=False)
        return Envelope(id=id_, season=season, seq=seq, position=position, type=type_name,
                        version=version, recorded_at=recorded_at.astimezone(dt.UTC),
                        payload=payload_from_dict(type_name, version, fields), actor=actor,
                        note=note, source=source, inferred=inferred)

    def _select(self, where: str, params: tuple) -> Iterator[Envelope]:
        with self._conn.cursor() as cur:
            cur.execute(f"SELECT {COLUMNS} FROM champ_events WHERE {where}", params)
            rows = cur.fetchall()
        self._conn.commit()
        for row in rows:
            yield self._envelope(row)

    # -- the protocol ----------------------------------------------------------------------

    def append(self, season: str, events: Sequence[Pending],
               expected_seq: int | None = None) -> list[Envelope]:
        conn = self._conn
        try:
            with conn.cursor() as cur:
                cur.execute("LOCK TABLE champ_events IN EXCLUSIVE MODE")
                ids = [p.id for p in events]
                cur.execute(f"SELECT {COLUMNS} FROM champ_events WHERE id = ANY(%s)", (ids,))
                stored = {row[0]: self._envelope(row) for row in cur.fetchall()}
                cur.execute("SELECT seq, recorded_at FROM champ_events WHERE season = %s "
                            "ORDER BY seq DESC LIMIT 1", (season,))
                last = cur.fetchone()
                cur.execute("SELECT coalesce(max(position), 0) FROM champ_events")
                (top,) = cur.fetchone()
                existing, fresh = stamp_batch(
                    season, events, expected_seq, lookup=stored.get,
                    last_seq=last[0] if last else 0,
                    last_recorded_at=last[1].astimezone(dt.UTC) if last else None,
                    next_position=top + 1, now=dt.datetime.now(dt.UTC))
                if fresh:
                    cur.executemany(
                        f"INSERT INTO champ_events ({COLUMNS}) VALUES "
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        [(e.id, e.season, e.seq, e.position, e.type, e.version, e.recorded_at,
                          e.actor, e.note, e.source, e.inferred,
                          msgpack.packb(payload_to_dict(e.payload), use_bin_type=True))
                         for e in fresh])
                    cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{season}:{fresh[-1].seq}"))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        return existing + fresh

    def read(self, season: str, from_seq: int = 1,
             to_seq: int | None = None) -> Iterator[Envelope]:
        if to_seq is None:
            return self._select("season = %s AND seq >= %s ORDER BY seq", (season, from_seq))
        return self._select("season = %s AND seq >= %s AND seq <= %s ORDER BY seq",
                            (season, from_seq, to_seq))

    def read_all(self, from_position: int = 1) -> Iterator[Envelope]:
        return self._select("position >= %s ORDER BY position", (from_position,))

    def last_seq(self, season: str) -> int:
        with self._conn.cursor() as cur:
            cur.execute("SELECT coalesce(max(seq), 0) FROM champ_events WHERE season = %s",
                        (season,))
            (seq,) = cur.fetchone()
        self._conn.commit()
        return seq

    def seasons(self) -> list[str]:
        with self._conn.cursor() as cur:
            cur.execute("SELECT season FROM champ_events GROUP BY season ORDER BY min(position)")
            out = [row[0] for row in cur.fetchall()]
        self._conn.commit()
        return out

    def follow(self, timeout: float = 5.0) -> Iterator[tuple[str, int]]:
        """Yield (season, last seq) as appends are committed, until ``timeout`` passes quietly."""
        self._conn.execute(f"LISTEN {CHANNEL}")
        self._conn.commit()
        for note in self._conn.notifies(timeout=timeout):
            season, _, seq = note.payload.rpartition(":")
            yield season, int(seq)

    def verify(self) -> tuple[bool, str]:
        """Check the table as ``champ log verify`` does a file: positions gapless from 1,
        each season's seqs contiguous from 1, recorded_at never going back within a
        season, every body decoding into its event. Returns (ok, one line)."""
        last: dict[str, tuple[int, dt.datetime]] = {}
        expected = 1
        problem = None
        with self._conn.cursor(name="champ_verify") as cur:
            cur.itersize = 2000
            cur.execute(f"SELECT {COLUMNS} FROM champ_events ORDER BY position")
            for row in cur:
                position, season, seq = row[3], row[1], row[2]
                if position != expected:
                    problem = f"position {expected} is missing (next is {position})"
                    break
                prev_seq, prev_at = last.get(season, (0, None))
                if seq != prev_seq + 1:
                    problem = (f"position {position}: {season} seq {seq} follows seq "
                               f"{prev_seq}")
                    break
                try:
                    env = self._envelope(row)
                except Exception as exc:  # noqa: BLE001 - any failure is a body that does not decode
                    problem = (f"position {position} ({season} seq {seq}, {row[4]}): the body "
                               f"does not decode ({type(exc).__name__}: {str(exc)[:80]})")
                    break
                if prev_at is not None and env.recorded_at < prev_at:
                    problem = f"position {position}: {season} seq {seq} recorded before seq {prev_seq}"
                    break
                last[season] = (seq, env.recorded_at)
                expected += 1
        self._conn.commit()
        seqs = ", ".join(f"{s} seq {n}" for s, (n, _) in last.items()) or "no events"
        if problem:
            return False, f"damaged: {problem}; last good: {seqs}"
        return True, f"ok: {expected - 1} events, positions 1..{expected - 1} ({seqs})"

    def drop(self) -> None:
        """Remove the schema and every event in it (tests)."""
        with self._conn.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
        self._conn.commit()

    def close(self) -> None:
        self._conn.close()
