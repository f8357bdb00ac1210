"""Replay figures: the full replay into every table of every season, bare msgpack
decoding of the same bytes (the limit for a Python replay), a typed read alone, and
the same events through the ``eventsourcing`` library (recorder, mapper, transcoder)."""

from __future__ import annotations

import os
import time


def bare_decode(path: str) -> int:
    """The limit: msgpack-decode every record of every frame, nothing more."""
    import msgpack

    from ..store.framing import FILE_HEADER_SIZE, Frame, scan

    n = 0
    with open(path, "rb") as f:
        for item in scan(f, FILE_HEADER_SIZE, os.fstat(f.fileno()).st_size):
            if isinstance(item, Frame):
                unpacker = msgpack.Unpacker(raw=False)
                unpacker.feed(item.body)
                for _ in unpacker:
                    n += 1
    return n


def full_replay(path: str, *, tables: bool = True) -> int:
    """Replay the whole log into every projection, season by season (a season's
    projections depend on its own events only): the folds, then (``tables``) each
    table of each class and the invitations. One season's state is held at a time,
    so memory is bounded by the largest season, not by the log."""
    from ..store.file import FileStore

    store = FileStore(path)
    n = sum(state.seq for state in season_states(store, tables=tables))
    store.close()
    return n


def season_states(store, *, tables: bool = True):
    """Each season of ``store`` replayed (and, ``tables``, every table of it computed)."""
    from ..projections.invitations import granted
    from ..projections.season import fold, replaying
    from ..projections.standings import table

    with replaying():
        for season in store.seasons():
            state = fold(store.read(season))
            if tables:
                for class_ in state.classes:
                    for spec in state.table_specs(class_):
                        table(state, class_, spec.table)
                granted(state)
            yield state


def typed_read(path: str) -> int:
    """Read every event into its typed envelope, no projection: the store's own rate."""
    from ..projections.season import replaying
    from ..store.file import FileStore

    with replaying():
        return sum(1 for _ in FileStore(path).read_all())


def domain_events(events: list) -> dict:
    """Our events as an ``eventsourcing`` user would model them, one aggregate a season."""
    import uuid

    from ..codec import payload_to_dict
    from .peer_events import RaceEvent

    by_season: dict[str, list] = {}
    for env in events:
        by_season.setdefault(env.season, []).append(env)
    return {uuid.uuid5(uuid.NAMESPACE_URL, season):
            [RaceEvent(originator_id=uuid.uuid5(uuid.NAMESPACE_URL, season),
                       originator_version=e.seq, timestamp=e.recorded_at, type=e.type,
                       fields=payload_to_dict(e.payload)) for e in envs]
            for season, envs in by_season.items()}


def mapper():
    from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper, UUIDAsHex

    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    return Mapper(transcoder=transcoder)


def through(recorder, domain: dict) -> tuple[float, float]:
    """Append ``domain`` to an ``eventsourcing`` recorder (200 a batch), then replay it
    aggregate by aggregate into domain events: (append seconds, replay seconds)."""
    the_mapper = mapper()
    start = time.perf_counter()
    for batch in domain.values():
        stored = [the_mapper.to_stored_event(e) for e in batch]
        for i in range(0, len(stored), 200):
            recorder.insert_events(stored[i:i + 200])
    append = time.perf_counter() - start
    start = time.perf_counter()
    for originator in domain:
        for item in recorder.select_events(originator):
            the_mapper.to_domain_event(item)
    return append, time.perf_counter() - start


def peer_sqlite(events: list, workdir: str) -> tuple[float, float] | None:
    """Seconds to append and to replay ``events`` through ``eventsourcing``'s SQLite
    recorder; None when the bench extra is not installed."""
    try:
        from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteDatastore
    except ImportError:  # pragma: no cover - the bench extra is not installed
        return None
    db = os.path.join(workdir, f"peer-{time.monotonic_ns()}.sqlite")
    recorder = SQLiteAggregateRecorder(SQLiteDatastore(db))
    recorder.create_table()
    try:
        return through(recorder, domain_events(events))
    finally:
        os.remove(db)
