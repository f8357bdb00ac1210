"""The F1 rules data under events/f1: every line is an event of the text form, says where it
comes from, and the era files cover 1950-2026 once each (the importer takes one file a season)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from champengine.codec import read_lines
from champengine.events.catalog import ScoringRulesAdopted

F1 = Path(__file__).resolve().parent.parent / "events" / "f1"
RULES = sorted((F1 / "rules").glob("*.jsonl"))
DECISIONS = sorted((F1 / "decisions").glob("*.jsonl"))
ERA = re.compile(r"(\d{4})-(\d{4})\.jsonl")


def _docs(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_the_era_files_cover_every_season_once():
    years: list[int] = []
    for path in RULES:
        m = ERA.fullmatch(path.name)
        assert m, f"{path.name}: not FIRST-LAST.jsonl"
        first, last = int(m[1]), int(m[2])
        assert first <= last, path.name
        years += range(first, last + 1)
    assert sorted(years) == list(range(1950, 2027))


@pytest.mark.parametrize("path", RULES + DECISIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_line_is_an_event_with_its_source(path: Path):
    season = "f1-" + path.name[:4]
    events = list(read_lines(path.read_bytes(), default_season=season, name=path.name))
    assert events, f"{path.name}: empty"
    for doc, event in zip(_docs(path), events, strict=True):
        assert "season" not in doc and "id" not in doc, f"{path.name}: {doc['type']} names a season"
        assert event.source and event.note, f"{path.name}: {doc['type']} without source or note"
        if path.parent.name == "decisions":
            assert event.recorded_at is not None, f"{path.name}: {doc['type']} without recorded_at"
        if isinstance(event.payload, ScoringRulesAdopted):
            assert event.payload.classes == ("F1",)
            assert event.payload.rules.pole == 0, f"{path.name}: F1 gives no points for pole"


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_each_era_defines_its_tables_and_rules_for_each(path: Path):
    first = int(path.name[:4])
    docs = _docs(path)
    tables = {d["table"] for d in docs if d["type"] == "TableDefined"}
    assert tables == ({"drivers", "constructors"} if first >= 1958 else {"drivers"})
    ruled = [t for d in docs if d["type"] == "ScoringRulesAdopted" for t in d["tables"]]
    assert sorted(ruled) == sorted(tables), f"{path.name}: one ScoringRulesAdopted per table"


def _era_ranking() -> dict[tuple[int, str], dict]:
    out = {}
    for path in RULES:
        m = ERA.fullmatch(path.name)
        for doc in _docs(path):
            if doc["type"] == "ScoringRulesAdopted":
                for year in range(int(m[1]), int(m[2]) + 1):
                    for table in doc["tables"]:
                        out[(year, table)] = doc["rules"].get("ranking")
    return out


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.name)
def test_a_decision_restating_the_rules_keeps_the_eras_ranking(path: Path):
    """A decision that restates a season's rules from a round on (a race's points changed)
    changes its points, never how ties are split: its ranking is the era file's."""
    era = _era_ranking()
    year = int(path.name[:4])
    for doc in _docs(path):
        if doc["type"] == "ScoringRulesAdopted":
            for table in doc["tables"]:
                assert doc["rules"].get("ranking") == era[(year, table)], (table, doc["from_round"])
