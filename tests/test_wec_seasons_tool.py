"""tools/wec_seasons.py on bad input: one line on stderr naming the hand-written line (or
the file) at fault, a non-zero exit, nothing written, never a traceback."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from test_timing_file import HEADER, ROWS, text_file

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2030
OPENED = [{"type": "SeasonOpened", "season": f"wec-{YEAR}", "series": "WEC", "year": YEAR},
          {"type": "ClassAdded", "class": "HYPERCAR"}, {"type": "ClassAdded", "class": "LMGT3"},
          {"type": "RoundScheduled", "round": "r1", "date": f"{YEAR}-04-20"},
          {"type": "RoundScheduled", "round": "r2", "date": f"{YEAR}-05-10"}]


@pytest.fixture
def tool(tmp_path, monkeypatch):
    """The tool over a scratch tree: events/wec/ by hand, ../shared/timing/wec/ files."""
    spec = importlib.util.spec_from_file_location("wec_seasons", ROOT / "tools" / "wec_seasons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "repo" / "events" / "wec").mkdir(parents=True)
    timing = tmp_path / "shared" / "timing" / "wec"
    (timing / str(YEAR)).mkdir(parents=True)
    (timing / str(YEAR) / "r1.csv").write_bytes(text_file(HEADER, ROWS))  # cars #7 and #92
    monkeypatch.setattr(module, "ROOT", tmp_path / "repo")
    monkeypatch.setattr(module, "TIMING", timing)
    return module


def written(tool, *lines: object) -> None:
    text = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines)
    (tool.ROOT / "events" / "wec" / f"{YEAR}.jsonl").write_text(text)


def then_refused(tool, capsys, *names: str, argv=(str(YEAR),), code: int = 1) -> None:
    assert tool.main(list(argv)) == code
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    assert "Traceback" not in err
    for name in names:
        assert name in err, err
    assert not (tool.ROOT / "events" / f"wec-{YEAR}.jsonl").exists()


def timed(round_: str = "r1", **kw) -> dict:
    return {"type": "_timed", "round": round_, "file": "r1.csv", "on": f"{YEAR}-04-20T18:00:00Z",
            **kw}


def test_a_good_season_is_written(tool, capsys):
    written(tool, *OPENED, timed())
    assert tool.main([str(YEAR)]) == 0
    assert capsys.readouterr().out == f"events/wec-{YEAR}.jsonl: 15 events\n"


def test_an_argument_that_is_not_a_year_is_refused(tool, capsys):
    then_refused(tool, capsys, "'twenty' is not a year", argv=["twenty"], code=2)


def test_a_season_not_written_by_hand_is_refused_naming_the_file(tool, capsys):
    then_refused(tool, capsys, f"events/wec/{YEAR}.jsonl: no such file")


def test_a_line_that_is_not_json_or_has_no_type_is_refused_naming_it(tool, capsys):
    written(tool, *OPENED, "{not json")
    then_refused(tool, capsys, f"events/wec/{YEAR}.jsonl line 6: not JSON")
    written(tool, *OPENED, {"round": "r1"})
    then_refused(tool, capsys, f"events/wec/{YEAR}.jsonl line 6", '"type"')


def test_a_timed_line_without_its_file_or_a_field_is_refused_naming_it(tool, capsys):
    written(tool, *OPENED, timed(file="r9.csv"))
    then_refused(tool, capsys, "line 6", "no file", "r9.csv")
    line = timed()
    del line["on"]
    written(tool, *OPENED, line)
    then_refused(tool, capsys, "line 6", "'on'")


def test_a_guest_not_in_the_file_is_refused(tool, capsys):
    written(tool, *OPENED, timed(guests=["77"]))
    then_refused(tool, capsys, "line 6", "guest #77 is not in timing/wec/2030/r1.csv")


def test_a_guest_the_season_enters_is_refused(tool, capsys):
    written(tool, *OPENED, timed(), timed("r2", guests=["92"]))
    then_refused(tool, capsys, "line 7", "guest #92 is on the season's entry list")


def test_a_line_the_season_refuses_is_named_where_it_was_written(tool, capsys):
    written(tool, *OPENED, {"type": "PoleAwarded", "round": "r3", "class": "HYPERCAR",
                            "car": "7"})
    then_refused(tool, capsys, f"events/wec/{YEAR}.jsonl line 6", "r3")


def test_a_line_no_event_can_be_read_from_is_named_where_it_was_written(tool, capsys):
    written(tool, *OPENED, {"type": "RoundScheduled", "date": f"{YEAR}-06-14"})
    then_refused(tool, capsys, f"events/wec/{YEAR}.jsonl line 6: ", "round", code=1)
