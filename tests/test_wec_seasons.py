"""The FIA WEC 2024, 2025 and 2026 seasons built from the timing files
(tools/wec_seasons.py): each log is what the tool builds, and its standings match the
published ones row by row where a source gives them (events/README.md lists the sources
and the rows that do not match)."""

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
SEASONS = [2024, 2025]


def tool():
    spec = importlib.util.spec_from_file_location("wec_seasons", ROOT / "tools" / "wec_seasons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not TIMING.exists(), reason="the shared timing files are not here")
@pytest.mark.parametrize("year", SEASONS)
def test_the_season_log_is_what_the_tool_builds_from_the_files(year):
    built = tool().build(year)
    log = ROOT / "events" / f"wec-{year}.jsonl"
    shipped = [json.loads(line) for line in log.read_text().splitlines()]
    assert built == shipped


def totals(table: str, class_: str, after: str, log: Path = LOG) -> dict[str, float]:
    result = CliRunner().invoke(cli, ["--log", str(log), "standings", "--class", class_,
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


#: (table, class, after round, name, total) as published, other tables than Hypercar drivers
PUBLISHED_TABLES = [
    # the factory cars score by their order among the factory cars (events/README.md)
    # speedweek.com/fiawec/news/237506 (after Le Mans): Ferrari 172
    ("manufacturers", "HYPERCAR", "le-mans", "Ferrari", 172),
    # motorsport7.com, lautomobile.aci.it (after Sao Paulo): Ferrari 175
    ("manufacturers", "HYPERCAR", "sao-paulo", "Ferrari", 175),
    # speedweek.com/fiawec/news/241711 (after Fuji): Ferrari 204
    ("manufacturers", "HYPERCAR", "fuji", "Ferrari", 204),
]


@pytest.mark.parametrize(("table", "class_", "after", "name", "total"), PUBLISHED_TABLES)
def test_other_tables_match_the_published_standings(table, class_, after, name, total):
    assert totals(table, class_, after)[name] == total


def test_round_seven_is_fuji_and_the_leaders_are_the_51s_crew():
    by_number = totals("drivers", "HYPERCAR", "7")
    assert by_number == totals("drivers", "HYPERCAR", "fuji")
    assert max(by_number.values()) == 115


#: 2024: only Fuji (7) and Bahrain (8) have lap files, so a total after them is what the
#: published totals gained since the last round before them (Lone Star Le Mans, 6):
#: (after round, table, competitor, published then, published after round 6)
PUBLISHED_2024 = [
    # speedweek.com/fiawec/news/227826 (after Fuji): 150, 115, 113;
    # pledgetimes.com (2024-09-02, after Austin): 125, 113, 113
    ("fuji", "drivers", "Kévin ESTRE", 150, 125),
    ("fuji", "drivers", "André LOTTERER", 150, 125),
    ("fuji", "drivers", "Antonio FUOCO", 115, 113),
    ("fuji", "drivers", "Nyck DE VRIES", 113, 113),
    # speedweek.com/fiawec/news/229525 (final): 152, 115, 113, 109 (after Austin: 69)
    ("bahrain", "drivers", "Laurens VANTHOOR", 152, 125),
    ("bahrain", "drivers", "Nicklas NIELSEN", 115, 113),
    ("bahrain", "drivers", "Kamui KOBAYASHI", 113, 113),
    ("bahrain", "drivers", "Sébastien BUEMI", 109, 69),
    ("bahrain", "drivers", "Ryo HIRAKAWA", 109, 69),
    # speedweek.com/fiawec/news/229621 (final) less pledgetimes.com (after Austin)
    ("bahrain", "manufacturers", "Toyota", 190, 147),
    ("bahrain", "manufacturers", "Porsche", 188, 136),
    ("bahrain", "manufacturers", "Ferrari", 137, 128),
    ("bahrain", "manufacturers", "Alpine", 70, 37),
    ("bahrain", "manufacturers", "BMW", 64, 31),
    ("bahrain", "manufacturers", "Peugeot", 57, 22),
]


@pytest.mark.parametrize(("after", "table", "name", "published", "before"), PUBLISHED_2024)
def test_2024_gains_at_fuji_and_bahrain_match_the_published_standings(
        after, table, name, published, before):
    log = ROOT / "events" / "wec-2024.jsonl"
    assert totals(table, "HYPERCAR", after, log)[name] == published - before


def test_2024_bahrain_the_51_is_second_until_its_penalty():
    """#51 crossed the line second; the stewards added 4:55 that evening (PenaltyImposed,
    the log's last event): before it the #51 is second, after it the #5 Porsche is, and
    the #51 is behind the #50 (out of the points either way)."""
    log = ROOT / "events" / "wec-2024.jsonl"

    def cars(*point):
        result = CliRunner().invoke(cli, ["--log", str(log), "classification", "--round",
                                          "bahrain", "--class", "HYPERCAR", "--format",
                                          "json", *point])
        assert result.exit_code == 0, result.output
        return [row["car"] for row in json.loads(result.stdout)["rows"]]

    last = sum(1 for _ in log.open())
    assert cars("--at-seq", str(last - 1))[:2] == ["8", "51"]
    after = cars()
    assert after[:2] == ["8", "5"] and after.index("51") > after.index("50")
