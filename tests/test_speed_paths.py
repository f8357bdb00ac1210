"""The speed steps of issue 18 hold what they promise, structurally (no time is asserted):
text input stays off the strict converter, a table after round R reuses the rounds the
season's table scored and gives what a fresh replay gives, tables whose rules score a car
alike share its round, and the server answers every round's point from one warm state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from champengine.projections.season import fold
from champengine.projections.standings import table
from champengine.source import open_for_reading

ROOT = Path(__file__).resolve().parents[1]
SEASON_2013 = ROOT / "events" / "aslms-2013.jsonl"


def test_reading_a_json_lines_season_never_imports_the_strict_converter():
    code = ("import sys; from champengine.source import open_for_reading; "
            f"open_for_reading({str(SEASON_2013)!r}); "
            "print('champengine.strict' in sys.modules, 'cattrs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    assert out == ["False", "False"]


def _state():
    store = open_for_reading(str(SEASON_2013))
    return fold(store.read(store.seasons()[0]))


def test_a_table_after_each_round_from_a_warm_state_is_the_one_a_fresh_replay_gives():
    warm = _state()
    for class_ in warm.classes:
        for spec in warm.table_specs(class_):
            table(warm, class_, spec.table)  # the season's tables: every round scored
    rounds = len(table(warm, "LMP2", "drivers").rounds)
    for class_ in warm.classes:
        for spec in warm.table_specs(class_):
            for upto in range(1, rounds + 1):
                fresh = _state()
                assert table(warm, class_, spec.table, upto) == \
                    table(fresh, class_, spec.table, upto), (class_, spec.table, upto)


@pytest.mark.parametrize("path", sorted((ROOT / "events").glob("wec-*.jsonl")) + [SEASON_2013],
                         ids=lambda p: p.stem)
def test_every_table_after_every_round_from_the_fold_is_the_one_built_from_the_car_rounds(path):
    store = open_for_reading(str(path))
    for season in store.seasons():
        warm, fresh = fold(store.read(season)), fold(store.read(season))
        specs = [(c, spec.table) for c in warm.classes for spec in warm.table_specs(c)]
        for class_, kind in specs:
            table(warm, class_, kind)
            assert ("fold", class_, kind) in warm.memo or not table(warm, class_, kind).rows
        for class_, kind in specs:
            for upto in range(1, len(table(warm, class_, kind).rounds) + 1):
                assert table(warm, class_, kind, upto) == table(fresh, class_, kind, upto), (
                    class_, kind, upto)
        assert not any(isinstance(k, tuple) and k[0] == "fold" for k in fresh.memo)


def test_tables_whose_rules_score_a_car_alike_share_its_rounds():
    state = _state()
    for spec in state.table_specs("LMP2"):
        table(state, "LMP2", spec.table)
    scored = [k for k in state.memo if isinstance(k, tuple) and k[:2] == ("round", "LMP2")]
    rounds = len(table(state, "LMP2", "teams").rounds)
    assert len(state.table_specs("LMP2")) == 3
    assert len(scored) == rounds  # once a round, not once a round for each of 3 tables


def test_the_server_reads_every_round_of_a_season_from_one_warm_state():
    from champengine.serve.library import Library
    from champengine.timeline import Point, view

    store = open_for_reading(str(SEASON_2013))
    library = Library(store)
    snap = library.snapshot(store.seasons()[0])
    whole = library.view(snap, Point())
    for n in range(1, 5):
        seen = library.view(snap, Point(after_round=str(n)))
        assert seen.state is whole.state
        fresh = view(snap.events, Point(after_round=str(n)))
        assert (seen.upto, seen.round_key) == (fresh.upto, fresh.round_key)
        assert table(seen.state, "GTC", "drivers", seen.upto) == \
            table(fresh.state, "GTC", "drivers", fresh.upto)
