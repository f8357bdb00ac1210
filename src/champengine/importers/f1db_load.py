"""Importing F1DB's tree into a store: every event decided, one batch per season, and
nothing written unless every season asked for is sound.

Two passes, one season in memory at a time: the first reads, maps and decides each
season against the store and spools what ``decide`` let in to a temporary file; the
second appends each season's batch from the spool. A malformed tree, a refusal or a
season moved meanwhile stops the import before its first append.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Sequence

import attrs

from ..errors import DuplicateIdError, StoreError
from ..projections.season import fold
from ..recorder import check
from ..store import EventStore
from ..store.batch import same_content
from .f1db import project_lines, season_events, season_key
from .f1db_tree import Ids, TreeError, read_season, seasons


@attrs.frozen
class Imported:
    season: str
    appended: int
    skipped: int  # events already in the log (the same tree imported again)


def years_of(data: str, wanted: Sequence[int] | None) -> list[int]:
    """The seasons to import: those asked for, each in the tree; all when none asked."""
    held = seasons(data)
    if not wanted:
        if not held:
            raise TreeError(f"{data}/seasons: no season")
        return held
    missing = [y for y in wanted if y not in held]
    if missing:
        raise TreeError(f"{data}/seasons/{missing[0]}: missing (the tree has no season "
                        f"{missing[0]})")
    return sorted(set(wanted))


def import_tree(store: EventStore, data: str, rules_dir: str,
                years: Sequence[int] | None = None,
                on_season: Callable[[str], None] | None = None) -> list[Imported]:
    """Import the seasons ``years`` (all when None) of the F1DB data directory ``data``,
    with the rules and decisions of ``rules_dir``; ``on_season`` is told as each season
    is decided."""
    ids = Ids(data)
    done: list[Imported] = []
    with tempfile.TemporaryFile() as spool:
        batches: list[tuple[str, int, int]] = []  # season, expected seq, events spooled
        for year in years_of(data, years):
            season = season_key(year)
            files = read_season(data, year)
            rules, decisions = project_lines(rules_dir, year)
            items = season_events(files, ids, data, rules, decisions)
            known = {e.id: e for e in store.read(season)}
            state = fold(known.values())
            fresh = []
            for where, pending in items:
                stored = known.get(pending.id)
                if stored is None:
                    fresh.append((where, pending))
                elif not same_content(stored, season, pending):
                    raise DuplicateIdError(f"{where}: id {pending.id} is already in the log "
                                           "with other content")
            expected = state.seq
            events, _, _ = check(state, season, fresh)
            pickle.dump(events, spool, protocol=pickle.HIGHEST_PROTOCOL)
            batches.append((season, expected, len(events)))
            done.append(Imported(season, len(events), len(items) - len(fresh)))
            if on_season is not None:
                on_season(season)
        spool.seek(0)
        for season, expected, _ in batches:
            events = pickle.load(spool)
            if events:
                if store.last_seq(season) != expected:
                    raise StoreError(f"{season} moved while it was imported: import again")
                store.append(season, events, expected_seq=expected)
    return done
