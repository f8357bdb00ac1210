"""The in-memory backend: for tests, branches and scratch work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from ..events import Envelope
from .batch import Pending, stamp_batch


class MemoryStore:
    """Holds every event in lists; loses them when the process ends."""

    def __init__(self) -> None:
        self._all: list[Envelope] = []
        self._by_season: dict[str, list[Envelope]] = {}
        self._by_id: dict[str, Envelope] = {}

    def append(self, season: str, events: Sequence[Pending],
               expected_seq: int | None = None) -> list[Envelope]:
        log = self._by_season.get(season, [])
        existing, fresh = stamp_batch(
            season, events, expected_seq, lookup=self._by_id.get, last_seq=len(log),
            last_recorded_at=log[-1].recorded_at if log else None,
            next_position=len(self._all) + 1, now=dt.datetime.now(dt.UTC))
        if fresh:
            self._by_season.setdefault(season, []).extend(fresh)
            self._all.extend(fresh)
            self._by_id.update((e.id, e) for e in fresh)
        return existing + fresh

    def append_batches(self, batches: Sequence[tuple[str, Sequence[Pending], int | None]]
                       ) -> list[list[Envelope]]:
        """Several batches as one: all of them, or (a refusal of any) none."""
        marks = len(self._all), {s: len(log) for s, log in self._by_season.items()}
        try:
            return [self.append(season, events, expected) for season, events, expected in batches]
        except BaseException:
            total, lengths = marks
            for env in self._all[total:]:
                del self._by_id[env.id]
            del self._all[total:]
            for season in list(self._by_season):
                if season not in lengths:
                    del self._by_season[season]
                else:
                    del self._by_season[season][lengths[season]:]
            raise

    def read(self, season: str, from_seq: int = 1,
             to_seq: int | None = None) -> Iterator[Envelope]:
        log = self._by_season.get(season, [])
        stop = len(log) if to_seq is None else max(min(to_seq, len(log)), 0)
        return iter(log[max(from_seq, 1) - 1:stop])

    def read_all(self, from_position: int = 1) -> Iterator[Envelope]:
        return iter(self._all[max(from_position, 1) - 1:])

    def last_seq(self, season: str) -> int:
        return len(self._by_season.get(season, ()))

    def seasons(self) -> list[str]:
        return list(self._by_season)

    def close(self) -> None:
        pass
