"""The scale-out backend: PostgreSQL through psycopg 3.

One table of events keyed by (season, seq), with the global position and the
id unique. Writers (race control desks) serialise on a table lock for the
length of one append, so positions follow commit order; readers never wait.
Every append notifies ``champ_events`` with the season and its last seq, so a
reader can follow the log live (LISTEN/NOTIFY).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Sequence

import msgpack

from ..codec import pack_records, payload_to_dict, record_to_envelope
from ..errors import LogLockedError, StoreError, UsageError
from ..events import Envelope
from .batch import Pending, check_texts, stamp_batch
from .locking import lock_timeout_of
from .records import readable

CHANNEL = "champ_events"
#: a schema of our own: lower case, at most 63 bytes, never PostgreSQL's reserved pg_
_SCHEMA_NAME = re.compile(r"(?!pg_)[a-z_][a-z0-9_]{0,62}")

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
#: the same columns as read back: recorded_at as the microseconds since the epoch that an
#: envelope holds (exact: EXTRACT gives a numeric), so a row is a binary log record
READ_COLUMNS = COLUMNS.replace(
    "recorded_at", "(EXTRACT(EPOCH FROM recorded_at) * 1000000)::bigint")


def _first_line(exc: BaseException, default: str) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else default


def _connect(dsn: str):
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the postgres extra is not installed
        raise StoreError("PostgreSQL needs psycopg: pip install 'champengine[postgres]'") from None
    try:
        return psycopg.connect(dsn, autocommit=False, connect_timeout=5)
    except psycopg.ProgrammingError as exc:  # a DSN that does not parse
        raise UsageError(f"bad PostgreSQL address: {_first_line(exc, 'malformed')}") from None
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL: {_first_line(exc, 'no answer')}") from None


@contextlib.contextmanager
def _refusals(name: str):
    """What PostgreSQL refuses, as one line naming the store: a lost connection, a
    role without the rights, a lock not granted in time."""
    import psycopg
    from psycopg import errors

    try:
        yield
    except errors.LockNotAvailable:
        raise LogLockedError(f"{name} is locked by another writer: gave up waiting "
                             "(CHAMP_LOCK_TIMEOUT sets the wait)") from None
    except errors.InsufficientPrivilege as exc:
        raise StoreError(f"{name}: not allowed: {_first_line(exc, 'permission denied')}") from None
    except psycopg.OperationalError as exc:
        raise StoreError(f"{name}: lost the connection to PostgreSQL: "
                         f"{_first_line(exc, 'no answer')}") from None
    except psycopg.Error as exc:
        raise StoreError(f"{name}: PostgreSQL refused: {_first_line(exc, type(exc).__name__)}") from None


class PostgresStore:
    """An ``EventStore`` in a PostgreSQL schema (``public`` unless given)."""

    def __init__(self, dsn: str, *, schema: str = "public", create: bool = True,
                 name: str | None = None, lock_timeout: float | None = None) -> None:
        if not isinstance(schema, str) or not _SCHEMA_NAME.fullmatch(schema):
            raise UsageError(f"bad schema name {schema!r} (lower-case letters, digits and _, "
                             "at most 63, not starting with a digit or pg_)")
        self.schema = schema
        #: how the store is named in messages (a URL without its password)
        self.name = name or f"PostgreSQL schema {schema}"
        #: how long an append waits for another writer's lock, in seconds
        self.lock_timeout = lock_timeout_of(lock_timeout)
        self._conn = _connect(dsn)
        try:
            with _refusals(self.name), self._conn.cursor() as cur:
                cur.execute("SET TIME ZONE 'UTC'")
                if create:
                    cur.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                    cur.execute(f'SET search_path TO "{schema}"')
                    cur.execute(DDL)
                else:  # a reader never creates anything: a missing table is an error
                    cur.execute("SELECT to_regclass(%s)", (f'"{schema}".champ_events',))
                    if cur.fetchone()[0] is None:
                        raise StoreError(f"{self.name} holds no champengine log (no schema "
                                         f"{schema!r} with its table: create it with init)")
                    cur.execute(f'SET search_path TO "{schema}"')
                self._conn.commit()
        except BaseException:
            self._conn.close()
            raise

    # -- rows <-> envelopes --------------------------------------------------------------

    @staticmethod
    def _envelope(row) -> Envelope:
        """A row of ``READ_COLUMNS`` as an envelope: decoded as a record of the binary log
        is (the decoder generated for its type, the careful path for anything else)."""
        record = list(row)
        record[11] = msgpack.unpackb(record[11], raw=False)
        return record_to_envelope(record)

    def _select(self, where: str, params: tuple) -> Iterator[Envelope]:
        with _refusals(self.name), self._conn.cursor() as cur:
            cur.execute(f"SELECT {READ_COLUMNS} FROM champ_events WHERE {where}", params)
            rows = cur.fetchall()
            self._conn.commit()
        for row in rows:
            yield self._envelope(row)

    # -- the protocol ----------------------------------------------------------------------

    def append(self, season: str, events: Sequence[Pending],
               expected_seq: int | None = None) -> list[Envelope]:
        return self.append_batches([(season, events, expected_seq)])[0]

    def append_batches(self, batches: Sequence[tuple[str, Sequence[Pending], int | None]]
                       ) -> list[list[Envelope]]:
        """Several batches (an import of several seasons) in one transaction: all, or none."""
        for season, events, _ in batches:
            if isinstance(season, str):  # what PostgreSQL cannot hold is refused as elsewhere
                check_texts(season, events)
        conn = self._conn
        try:
            with _refusals(self.name), conn.cursor() as cur:
                cur.execute("SELECT set_config('lock_timeout', %s, true)",
                            (f"{max(1, round(self.lock_timeout * 1000))}ms",))
                cur.execute("LOCK TABLE champ_events IN EXCLUSIVE MODE")
                out = [self._append_in(cur, *batch) for batch in batches]
                conn.commit()
        except BaseException:
            with contextlib.suppress(Exception):  # a lost connection cannot roll back
                conn.rollback()
            raise
        return out

    def _append_in(self, cur, season: str, events: Sequence[Pending],
                   expected_seq: int | None) -> list[Envelope]:
        ids = [p.id for p in events]
        cur.execute(f"SELECT {READ_COLUMNS} FROM champ_events WHERE id = ANY(%s)", (ids,))
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
        if fresh:  # what the file store would refuse, refused here too: the same answers
            readable(pack_records(fresh), len(fresh))
            cur.executemany(
                f"INSERT INTO champ_events ({COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [(e.id, e.season, e.seq, e.position, e.type, e.version, e.recorded_at,
                  e.actor, e.note, e.source, e.inferred,
                  msgpack.packb(payload_to_dict(e.payload), use_bin_type=True))
                 for e in fresh])
            cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{season}:{fresh[-1].seq}"))
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
        with _refusals(self.name), self._conn.cursor() as cur:
            cur.execute("SELECT coalesce(max(seq), 0) FROM champ_events WHERE season = %s",
                        (season,))
            (seq,) = cur.fetchone()
            self._conn.commit()
        return seq

    def seasons(self) -> list[str]:
        with _refusals(self.name), self._conn.cursor() as cur:
            cur.execute("SELECT season FROM champ_events GROUP BY season ORDER BY min(position)")
            out = [row[0] for row in cur.fetchall()]
            self._conn.commit()
        return out

    def follow(self, from_position: int = 1, timeout: float = 5.0) -> Iterator[Envelope]:
        """Every event from ``from_position`` on, in position order: first those already
        committed, then each batch as it is committed, until ``timeout`` seconds pass
        with nothing new. It listens before it catches up, so no commit falls between
        the two (one committed meanwhile is read once, not twice)."""
        with _refusals(self.name):
            self._conn.execute(f"LISTEN {CHANNEL}")
            self._conn.commit()
        position = from_position
        while True:
            for env in self.read_all(position):
                position = env.position + 1
                yield env
            heard = False
            with _refusals(self.name):
                for _ in self._conn.notifies(timeout=timeout, stop_after=1):
                    heard = True
            if not heard:  # quiet for ``timeout`` seconds: done
                return

    def verify(self) -> tuple[bool, str]:
        """Check the table as ``champ log verify`` does a file: positions gapless from 1,
        each season's seqs contiguous from 1, recorded_at never going back within a
        season, every body decoding into its event. Returns (ok, one line)."""
        last: dict[str, tuple[int, dt.datetime]] = {}
        expected = 1
        problem = None
        with self._conn.cursor(name="champ_verify") as cur:
            cur.itersize = 2000
            cur.execute(f"SELECT {READ_COLUMNS} FROM champ_events ORDER BY position")
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
