"""The seasons a server reads: each season's events as the store holds them now,
read once and extended as the log grows, with its prefix digest and the views
(states at a point) asked for recently."""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import attrs

from ..errors import ChampError


class NotFound(ChampError):
    """A season, class, table, round or competitor that the URL names does not exist."""

    exit_code = 2


@attrs.frozen
class Snapshot:
    """A season's log up to ``seq``, and the digest of that prefix."""

    season: str
    seq: int
    digest: str
    events: tuple


class Library:
    """Reads a store for the server: one snapshot per season, refreshed when its seq moves."""

    def __init__(self, store, *, views: int = 64) -> None:
        self.store = store
        self._snapshots: dict[str, tuple[Snapshot, object]] = {}
        self._views: OrderedDict = OrderedDict()
        self._max_views = views

    def seasons(self) -> list[str]:
        return list(self.store.seasons())

    def snapshot(self, season: str) -> Snapshot:
        """The season as the store holds it now (NotFound if it holds no such season)."""
        last = self.store.last_seq(season)
        held = self._snapshots.get(season)
        if held is not None and held[0].seq == last:
            return held[0]
        if last == 0:
            known = ", ".join(self.seasons()) or "none"
            raise NotFound(f"season {season!r} is not in the log (seasons: {known})")
        from ..codec import pack_records

        if held is None or held[0].seq > last:
            events, digest = [], hashlib.sha256()
        else:
            events, digest = list(held[0].events), held[1].copy()
        for env in self.store.read(season, len(events) + 1, last):
            digest.update(pack_records([env]))
            events.append(env)
        snap = Snapshot(season, events[-1].seq if events else 0, digest.hexdigest(),
                        tuple(events))
        self._snapshots[season] = (snap, digest)
        return snap

    def view(self, snap: Snapshot, point):
        """The season's state at ``point`` (kept for the next request of the same point).
        A point that knows every event (after a round, or none) shares the season's one
        warm state: the rounds it covers are read from it, not replayed."""
        from ..timeline import Point, at_round, view

        if point.at_seq is None and point.knowledge_cutoff is None and point != Point():
            return at_round(self.view(snap, Point()).state, point)
        key = (snap.season, snap.seq, snap.digest, point)
        found = self._views.get(key)
        if found is None:
            found = view(snap.events, point)
            self._views[key] = found
            while len(self._views) > self._max_views:
                self._views.popitem(last=False)
        else:
            self._views.move_to_end(key)
        return found
