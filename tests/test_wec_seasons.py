"""The FIA WEC 2025 season built from the timing files (tools/wec_seasons.py): the log
is what the tool builds, and its standings match the published ones row by row where a
source gives them (events/README.md lists the sources and the rows that do not match)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from champengine.cli import cli

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "events" / "wec-2025.jsonl"
TIMING = ROOT.parent / "shared" / "timing" / "wec" / "2025"


def tool():
    spec = importlib.util.spec_from_file_location("wec_seasons", ROOT / "tools" / "wec_seasons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not TIMING.exists(), reason="the shared timing files are not here")
def test_the_season_log_is_what_the_tool_builds_from_the_files():
    built = tool().build(2025)
    shipped = [json.loads(line) for line in LOG.read_text().splitlines()]
    assert built == shipped


def totals(table: str, class_: str, after: str) -> dict[str, float]:
    result = CliRunner().invoke(cli, ["--log", str(LOG), "standings", "--class", class_,
                                      "--table", table, "--after-round", after,
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {row["name"]: row["total"] for row in json.loads(result.stdout)["rows"]}


#: (after round, driver, total) as published
PUBLISHED = [
    # speedweek.com/fiawec/news/235907 (after Spa): 75, 57, 39, 37
    ("spa", "Alessandro PIER GUIDI", 75), ("spa", "James CALADO", 75),
    ("spa", "Antonio FUOCO", 57), ("spa", "Miguel MOLINA", 57),
    ("spa", "Robert KUBICA", 39), ("spa", "Sébastien BUEMI", 37),
    # speedweek.com/fiawec/news/241711 (after Fuji, round 7): 115, 94, 75
    ("fuji", "Antonio GIOVINAZZI", 115), ("fuji", "Kévin ESTRE", 94),
    ("fuji", "Laurens VANTHOOR", 94), ("fuji", "Nicklas NIELSEN", 75),
]


@pytest.mark.parametrize(("after", "driver", "total"), PUBLISHED)
def test_hypercar_drivers_match_the_published_standings(after, driver, total):
    assert totals("drivers", "HYPERCAR", after)[driver] == total


def test_round_seven_is_fuji_and_the_leaders_are_the_51s_crew():
    by_number = totals("drivers", "HYPERCAR", "7")
    assert by_number == totals("drivers", "HYPERCAR", "fuji")
    assert max(by_number.values()) == 115
