"""Code health the review asked for, kept by tests: no import cycle in the package,
generated decoders show their source in tracebacks, every event
type has a fold and a decider."""

from __future__ import annotations

import ast
import linecache
from pathlib import Path

import attrs

from champengine import builders
from champengine.domain import DECIDERS
from champengine.events import EVENT_TYPES

SRC = Path(__file__).resolve().parent.parent / "src" / "champengine"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules a file imports, anywhere in it (lazy imports included)."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if not base.startswith("champengine"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in modules else base)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("champengine")}
    return {m for m in out if m in modules and m != name}


def test_no_import_cycle_in_the_package():
    files = {_module(p): p for p in SRC.rglob("*.py")}
    graph = {m: _imports(p, set(files)) for m, p in files.items()}
    # a package's __init__ re-exporting its own modules is not a cycle of ideas
    for m in graph:
        graph[m] = {d for d in graph[m] if not (m.startswith(d + ".") and files[d].name == "__init__.py")}
    cycles = []
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(path[path.index(d):] + [d] if d in path else [m, d])
            elif d not in state:
                visit(d, [*path, d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_generated_decoders_show_their_source():
    build = builders.BUILDERS["RoundScheduled"]
    filename = build.__code__.co_filename
    assert filename.startswith("<champengine generated")
    assert "def build(d):" in "".join(linecache.getlines(filename))


def test_every_event_type_has_a_decider():
    assert {cls.__name__ for cls in DECIDERS} == set(EVENT_TYPES)


def test_no_event_type_is_decided_by_two_families():
    """DECIDERS merges the families' COMMANDS: a type named twice would go to the last
    family silently."""
    from champengine.domain import FAMILIES

    named = [kind.__name__ for family in FAMILIES
             for kinds in family.COMMANDS.values() for kind in kinds]
    assert sorted(named) == sorted(EVENT_TYPES)


def test_every_event_type_has_a_fold_or_is_folded_by_none():
    from champengine.projections.season import FOLDED_BY_NONE, FOLDS

    assert not set(FOLDS) & FOLDED_BY_NONE
    assert set(FOLDS) | FOLDED_BY_NONE == set(EVENT_TYPES)


def test_every_fold_changes_the_state_or_is_declared_to_fold_nothing():
    """A registry entry that does nothing would pass the test above: each fold, given the
    first event of its type in the 2013 season or a WEC one, leaves a state unlike before."""
    from champengine.projections.season import FOLDS, SeasonState, _evolve
    from champengine.source import open_for_reading

    events = SRC.parent.parent / "events"
    seen: set[str] = set()
    for log, season in (("aslms-2013.jsonl", "aslms-2013"), ("wec-2025.jsonl", "wec-2025")):
        state = SeasonState()
        for env in open_for_reading(str(events / log)).read(season):
            before = state.copy()
            _evolve(state, env)
            if env.type not in seen:
                seen.add(env.type)
                before.seq, before.recorded_micros = state.seq, state.recorded_micros
                assert state != before, f"folding {env.type} changed nothing"
    assert seen <= set(FOLDS)


def test_no_module_is_over_400_lines_and_standings_under_300():
    long = {str(p.relative_to(SRC)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}
    assert len((SRC / "projections" / "standings.py").read_text().splitlines()) < 300


def test_a_copy_of_a_season_state_equals_its_original(season_state):
    copy = season_state.copy()
    assert copy == season_state
    assert attrs.fields_dict(type(copy)).keys() == attrs.fields_dict(type(season_state)).keys()
    copy.classes["LMP2"].history.append("changed")
    assert copy != season_state  # and shares nothing it could change
