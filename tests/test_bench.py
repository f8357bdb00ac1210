"""The benchmark's generator writes seasons the engine would have recorded."""

from __future__ import annotations

from collections import Counter

from champengine.bench.generate import generate
from champengine.projections.season import SeasonState
from champengine.projections.standings import table
from champengine.recorder import check


def seasons(n_events: int, seed: int) -> dict[str, list]:
    out: dict[str, list] = {}
    for season, batch in generate(n_events, seed=seed):
        out.setdefault(season, []).extend(batch)
    return out


def test_every_generated_event_is_one_decide_accepts():
    for season, pending in seasons(4500, seed=11).items():
        state = SeasonState()
        accepted = check(state, season, ((f"event {n}", p) for n, p in enumerate(pending, 1))).pending
        assert len(accepted) == len(pending)
        assert state.seq == len(pending)


def test_the_generator_is_seeded():
    assert [[p.id for p in b] for _, b in generate(800, seed=3)] == \
        [[p.id for p in b] for _, b in generate(800, seed=3)]
    assert [p.id for _, b in generate(800, seed=3) for p in b] != \
        [p.id for _, b in generate(800, seed=4) for p in b]


def test_crews_are_regular_with_swaps_and_the_tables_are_full():
    season, pending = next(iter(seasons(1600, seed=5).items()))
    state = SeasonState()
    check(state, season, (("", p) for p in pending))
    types = Counter(type(p.payload).__name__ for p in pending)
    assert {"RaceClassified", "PoleAwarded", "PenaltyImposed", "EntryCarChanged",
            "EntryWithdrawn", "RoundCancelled"} <= set(types)
    # a driver mostly drives one car: far fewer (driver, car) pairs than nominations
    pairs = {(p.payload.driver, p.payload.car) for p in pending
             if type(p.payload).__name__ == "DriverNominated"}
    assert len(pairs) < types["DriverNominated"] / 3
    swapped = Counter(driver for driver, _ in pairs)
    assert any(n > 1 for n in swapped.values())  # some drivers moved between cars
    for class_ in state.classes:
        for kind in ("teams", "drivers", "manufacturers"):
            assert table(state, class_, kind).rows[0].position == 1


def test_the_benchmark_prints_every_figure(capsys):
    import re

    from champengine.bench.__main__ import main

    assert main(["--events", "3000", "--big", "4000", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    figures = ["append", "bare msgpack decode", "full replay, every projection",
               "replay / bare decode", "folds alone", "read into typed events",
               "standings mid-log", "peak memory", "whole process"]
    peer = next(x for x in out.splitlines() if x.startswith("eventsourcing SQLite replay"))
    if "not installed" not in peer:  # the bench extra (make bench) brings the peer
        figures += ["eventsourcing SQLite replay", "full replay / eventsourcing",
                    "typed read / eventsourcing", "bare decode / eventsourcing"]
    for figure in figures:
        line = next((x for x in out.splitlines() if figure in x), None)
        assert line is not None, figure
        assert re.search(r"\d", line.split(":", 1)[-1]), line
        assert "nan" not in line, line
