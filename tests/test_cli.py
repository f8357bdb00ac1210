"""The command line, through click's runner and through a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from champengine.cli import cli
from conftest import SEASON_LOG

LOG = str(SEASON_LOG)
CHAMP = str(Path(sys.executable).parent / "champ")


def run(*args: str, log: str | None = LOG, input: str | None = None):
    runner = CliRunner()
    argv = (["--log", log] if log else []) + list(args)
    return runner.invoke(cli, argv, input=input, catch_exceptions=False)


def ok(*args: str, **kw) -> str:
    result = run(*args, **kw)
    assert result.exit_code == 0, (args, result.output, result.stderr)
    return result.stdout


def refused(code: int, *args: str, **kw) -> str:
    result = run(*args, **kw)
    assert result.exit_code == code, (args, result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("champ: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- every command documents itself ------------------------------------------------------


def walk(group: click.Group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from walk(command, (*prefix, name))


def test_the_lazy_command_table_matches_the_modules():
    import importlib

    from champengine.cli import LAZY

    found = {}
    for module in set(LAZY.values()):
        for command in importlib.import_module(f"champengine.cli.{module}").COMMANDS:
            found[command.name] = module
    assert found == LAZY


def test_every_command_has_help_with_an_example():
    names = []
    for path, command in walk(cli):
        names.append(" ".join(path))
        assert command.help, path
        if not isinstance(command, click.Group):
            assert "Example:" in command.help and "champ " in command.help, path
        result = run(*path, "--help", log=None)
        assert result.exit_code == 0 and "Usage:" in result.stdout
    assert len(names) >= 30


# --- reading the 2013 season -----------------------------------------------------------------


def test_gtc_manufacturers_table_prints_ferrari_113_first():
    out = ok("standings", "--class", "GTC", "--table", "manufacturers")
    lines = out.splitlines()
    assert lines[0] == "aslms-2013 GTC manufacturers"
    first = lines[3].split()
    assert first[:2] == ["1", "Ferrari"] and first[-1] == "113"


def test_standings_json_follows_the_contract():
    doc = json.loads(ok("standings", "--class", "LMP2", "--table", "drivers", "--format", "json"))
    assert doc["season"] == "aslms-2013" and doc["as_of"]["seq"] > 200
    cheng = doc["rows"][0]
    assert cheng["name"] == "David Cheng" and cheng["position"] == 1 and cheng["total"] == 89
    assert cheng["by_round"] == {"inje": 19, "fuji": 19, "zhuhai": 26, "sepang": 25}
    assert cheng["entries_by_round"]["inje"] == {"car": "24", "team": "OAK Racing"}
    assert cheng["nationality"] == "CHN" and cheng["provisional"] is False
    thompson = next(r for r in doc["rows"] if r["name"] == "Gary Thompson")
    assert thompson["by_round"] == {"inje": 25, "zhuhai": 18}  # rounds not entered left out


def test_standings_csv_opens_as_a_spreadsheet():
    out = ok("standings", "--class", "GTC", "--table", "teams", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9
    assert rows[0]["name"] == "AF Corse" and rows[0]["total"] == "87"
    assert [rows[7]["car"], rows[8]["car"]] == ["92", "009"]  # tie on 10: first best result
    assert rows[7]["sepang"] == "" and rows[7]["inje"] == "0"  # a 0 is not a blank


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("command", [
    ("standings", "--class", "LMP2"), ("standings", "--class", "gte", "--table", "drivers"),
    ("entries", "--round", "zhuhai"), ("calendar",), ("invitations",),
    ("classification", "--round", "4", "--class", "GTC"),
])
@pytest.mark.parametrize("point", [(), ("--after-round", "2"), ("--after-round", "fuji"),
                                   ("--at-seq", "200"), ("--known-on", "2013-10-20")])
def test_reading_commands_in_every_format_and_point(command, fmt, point):
    if command[0] == "classification" and point and point[0] in ("--at-seq", "--known-on"):
        point = ()  # Sepang is not known at seq 200 or on 20 October
    out = ok(*command, "--format", fmt, *point)
    if fmt == "json":
        doc = json.loads(out)
        assert doc["season"] == "aslms-2013" and isinstance(doc["rows"], list)
    elif fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out)))) >= 2
    else:
        assert out.strip()


def test_after_round_3_table_shows_winslow_ahead():
    doc = json.loads(ok("standings", "--class", "LMP2", "--table", "drivers",
                        "--after-round", "zhuhai", "--format", "json"))
    assert [(r["name"], r["total"]) for r in doc["rows"][:2]] == [
        ("James Winslow", 68), ("David Cheng", 64)]
    assert doc["rounds"] == ["inje", "fuji", "zhuhai"]


def test_known_on_20_october_knows_three_rounds():
    doc = json.loads(ok("standings", "--class", "LMP2", "--table", "teams",
                        "--known-on", "2013-10-20", "--format", "json"))
    oak = doc["rows"][1]
    assert (oak["name"], oak["total"]) == ("OAK Racing", 64)
    assert "sepang" not in oak["by_round"]


def test_calendar_as_announced_in_2012():
    doc = json.loads(ok("calendar", "--known-on", "2012-12-31", "--format", "json"))
    keys = [r["key"] for r in doc["rows"]]
    assert {"zhuhai", "shanghai", "ordos", "sentul"} <= set(keys)
    assert "inje" not in keys


def test_calendar_keeps_each_rounds_history():
    doc = json.loads(ok("calendar", "--format", "json"))
    zhuhai = next(r for r in doc["rows"] if r["key"] == "zhuhai")
    assert zhuhai["round"] == 3 and zhuhai["date"] == "2013-10-13"
    assert len(zhuhai["history"]) == 2
    sentul = next(r for r in doc["rows"] if r["key"] == "sentul")
    assert sentul["status"] == "cancelled" and sentul["round"] is None


def test_entries_show_kcmg_in_the_oreca_at_zhuhai():
    doc = json.loads(ok("entries", "--round", "zhuhai", "--class", "LMP2", "--format", "json"))
    kcmg = next(r for r in doc["rows"] if r["car"] == "18")
    assert kcmg["chassis"] == "Oreca 03"
    assert [d["name"] for d in kcmg["drivers"]] == ["Jordan Oon", "Gary Thompson", "James Winslow"]


def test_classification_shows_points_and_pole():
    doc = json.loads(ok("classification", "--round", "inje", "--class", "GTC", "--format", "json"))
    craft = next(r for r in doc["rows"] if r["car"] == "007")
    assert craft["position"] is None and craft["pole"] and craft["points"] == 1


def test_invitations_of_2013():
    doc = json.loads(ok("invitations", "--format", "json"))
    assert [(r["category"], r["team"], r["car"], r["position"]) for r in doc["rows"]] == [
        ("LMP2", "OAK Racing", "24", 1), ("LMGTE Am", "AF Corse", "77", 1),
        ("LMGTE Am", "Craft Racing", "007", 2)]


def test_report_prints_every_class_and_the_invitations():
    out = ok("report")
    for title in ("aslms-2013 LMP2 teams", "aslms-2013 LMGTE drivers", "aslms-2013 GTC teams",
                  "aslms-2013 GTC manufacturers", "aslms-2013 invitations"):
        assert title in out


# --- mistakes -----------------------------------------------------------------------------------


def test_user_mistakes_are_one_line_and_the_right_exit_code(tmp_path):
    assert "unknown class" in refused(2, "standings", "--class", "LMP9")
    assert "not on the calendar" in refused(1, "standings", "--class", "LMP2",
                                            "--after-round", "monza")
    assert "cancelled" in refused(1, "entries", "--round", "sentul")
    assert "no round 9" in refused(2, "standings", "--class", "LMP2", "--after-round", "9")
    assert "no log at" in refused(1, "standings", "--class", "LMP2",
                                  log=str(tmp_path / "missing.log"))
    assert "no log given" in refused(2, "calendar", log=None)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "Nope", "season": "x"}\n')
    assert "line 1: unknown event type 'Nope'" in refused(2, "calendar", log=str(bad))


def test_click_usage_errors_exit_2():
    result = run("standings", "--format", "xml", "--class", "LMP2")
    assert result.exit_code == 2 and "Traceback" not in result.output


# --- writing: a small season from nothing ---------------------------------------------------------


RACE_CSV = """POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;VEHICLE;CLASS;STATUS;LAPS;TOTAL_TIME;GAP_FIRST
1;2;Beta;Bob;;Ligier JS P2;LMP2;Classified;100;3:00'01.500;
2;1;Alpha;Ann;;Oreca 03;LMP2;Classified;100;3:00'30.000;30.000
3;77;Delta;Dee;;Ferrari 458;GTC;Classified;95;3:00'40.000;
4;3;Gamma;Cy;;Oreca 03;LMP2;Classified;99;3:01'00.000;1 Lap
5;88;Echo;Eve;;Porsche 911;GTC;Retired;50;1:30'00.000;
"""


def build_small_season(tmp_path) -> str:
    log = str(tmp_path / "small.log")
    steps = [
        ["init"],
        ["open-season", "small-2025", "--series", "Small Series", "--year", "2025"],
        ["add-class", "lmp2"], ["add-class", "GTC"],
        ["adopt-rules", "--class", "LMP2", "--class", "GTC"],
        ["schedule", "r1", "--name", "Race 1", "--date", "2025-05-01"],
        ["schedule", "r2", "--name", "Race 2", "--date", "2025-06-01"],
        ["register-entry", "1", "--class", "LMP2", "--team", "Alpha", "--make", "Oreca"],
        ["register-entry", "2", "--class", "LMP2", "--team", "Beta", "--make", "Ligier"],
        ["register-entry", "3", "--class", "LMP2", "--team", "Gamma", "--make", "Oreca"],
        ["register-entry", "77", "--class", "GTC", "--team", "Delta", "--make", "Ferrari"],
        ["register-entry", "88", "--class", "GTC", "--team", "Echo", "--make", "Porsche"],
        ["register-driver", "ann", "--name", "Ann", "--nationality", "JPN"],
        ["register-driver", "bob", "--name", "Bob", "--nationality", "CHN"],
        ["register-driver", "cy", "--name", "Cy", "--nationality", "HKG"],
        ["register-driver", "dee", "--name", "Dee", "--nationality", "MYS"],
        ["register-driver", "eve", "--name", "Eve", "--nationality", "SGP"],
        ["nominate", "--round", "r1", "--car", "1", "ann"],
        ["nominate", "--round", "r1", "--car", "2", "bob"],
        ["nominate", "--round", "r1", "--car", "3", "Cy"],
        ["nominate", "--round", "r1", "--car", "77", "dee"],
        ["nominate", "--round", "r1", "--car", "88", "eve"],
        ["pole", "--round", "r1", "--class", "LMP2", "--car", "3"],
    ]
    for step in steps:
        result = run(*step, log=log)
        assert result.exit_code == 0, (step, result.output)
    csv_path = tmp_path / "r1.csv"
    csv_path.write_text(RACE_CSV)
    assert run("classify", "--round", "1", str(csv_path), log=log).exit_code == 0
    return log


def test_a_small_season_built_with_writing_commands_gives_the_hand_worked_standings(tmp_path):
    log = build_small_season(tmp_path)
    # 60 s for car 2 puts it behind car 1 (3:01'01.5 against 3:00'30.0); car 3 a lap down.
    result = run("penalty", "--round", "r1", "--car", "2", "--kind", "time", "--value", "60",
                 "--reason", "pit lane speeding", log=log)
    assert result.exit_code == 0 and "PenaltyImposed" in result.stdout
    teams = json.loads(ok("standings", "--class", "LMP2", "--format", "json", log=log))
    assert [(r["car"], r["position"], r["total"]) for r in teams["rows"]] == [
        ("1", 1, 25), ("2", 2, 18), ("3", 3, 16)]  # 15 + pole
    makes = json.loads(ok("standings", "--class", "LMP2", "--table", "manufacturers",
                          "--format", "json", log=log))
    assert [(r["name"], r["total"]) for r in makes["rows"]] == [("Oreca", 41), ("Ligier", 18)]
    gtc = json.loads(ok("standings", "--class", "GTC", "--table", "drivers", "--format", "json",
                        log=log))
    assert [(r["name"], r["position"], r["total"]) for r in gtc["rows"]] == [
        ("Dee", 1, 25), ("Eve", None, 0)]


def test_refused_writes_append_nothing(tmp_path):
    log = build_small_season(tmp_path)
    before = Path(log).read_bytes()
    csv_path = tmp_path / "r1.csv"
    assert "already classified" in refused(1, "classify", "--round", "r1", str(csv_path), log=log)
    assert "already drives car #1" in refused(1, "nominate", "--round", "r1", "--car", "2",
                                              "ann", log=log)
    assert "no entry for car #9" in refused(1, "pole", "--round", "r2", "--class", "LMP2",
                                            "--car", "9", log=log)
    assert "no decision" in refused(1, "appeal", "0000", log=log)
    assert Path(log).read_bytes() == before


def test_import_is_all_or_nothing_and_idempotent(tmp_path):
    log = str(tmp_path / "season.log")
    ok("init", log=log)
    first = ok("import", LOG, log=log)
    assert first.startswith("imported 287 events")
    again = ok("import", LOG, log=log)
    assert again.startswith("imported 0 events, 287 already in the log")
    exported = ok("log", "export", log=log)
    assert exported == ok("log", "export")  # binary and text hold the same events
    broken = tmp_path / "broken.jsonl"
    broken.write_text(Path(LOG).read_text().replace('"round": "sepang", "class": "GTC"',
                                                    '"round": "ordos", "class": "GTC"', 1))
    log2 = str(tmp_path / "other.log")
    ok("init", log=log2)
    before = Path(log2).read_bytes()
    message = refused(1, "import", str(broken), log=log2)
    assert "line" in message and "cancelled" in message
    assert Path(log2).read_bytes() == before


# --- a real process -----------------------------------------------------------------------------


def champ(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([CHAMP, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def test_real_process_standings_and_errors(tmp_path):
    done = champ("--log", LOG, "standings", "--class", "GTC", "--table", "manufacturers",
                 "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["rows"][0] == {
        "position": 1, "key": "Ferrari", "name": "Ferrari", "total": 113,
        "by_round": {"inje": 25, "fuji": 18, "zhuhai": 26, "sepang": 44}, "provisional": False}
    bad = champ("--log", LOG, "standings", "--class", "nope")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    via_env = champ("calendar", "--format", "csv", env={"CHAMP_LOG": LOG})
    assert via_env.returncode == 0 and via_env.stdout.startswith("round,key,name")


def test_real_process_writing_and_verify(tmp_path):
    log = str(tmp_path / "p.log")
    assert champ("--log", log, "init").returncode == 0
    assert champ("--log", log, "import", LOG).returncode == 0
    verify = champ("--log", log, "log", "verify")
    assert verify.returncode == 0 and verify.stdout.startswith("ok: 1 batches, 287 events")
    with open(log, "ab") as f:
        f.write(b"\xc7\x4d\x50")
    torn = champ("--log", log, "log", "verify")
    assert torn.returncode == 1 and "repair" in torn.stderr
    fixed = champ("--log", log, "log", "repair")
    assert fixed.returncode == 0 and "cut 3 bytes" in fixed.stdout
    assert champ("--log", log, "log", "verify").returncode == 0


def test_an_appeal_marks_the_standings_provisional_until_it_is_decided(tmp_path):
    log = build_small_season(tmp_path)
    ok("penalty", "--round", "r1", "--car", "2", "--kind", "time", "--value", "60", log=log)
    line = ok("log", "show", "--type", "PenaltyImposed", log=log).strip()
    decision = line.split()[3]
    ok("appeal", decision, "--by", "Beta", log=log)
    table_out = ok("standings", "--class", "LMP2", log=log)
    assert "25*" in table_out and "provisional" in table_out
    appeal_id = ok("log", "show", "--type", "AppealLodged", log=log).split()[3]
    ok("decide-appeal", appeal_id, "upheld", log=log)
    teams = json.loads(ok("standings", "--class", "LMP2", "--format", "json", log=log))
    # upheld: the penalty falls, car 2 keeps its win
    assert [(r["car"], r["total"], r["provisional"]) for r in teams["rows"]] == [
        ("2", 25, False), ("1", 18, False), ("3", 16, False)]
    assert "was already upheld" in refused(1, "decide-appeal", appeal_id, "dismissed", log=log)


def test_scenarios_after_round_3_and_at_the_end():
    doc = json.loads(ok("scenarios", "--class", "LMP2", "--after-round", "3", "--format", "json"))
    assert doc["rounds_left"] == ["sepang"]
    got = {r["name"]: (r["points"], r["max_points"], r["can_win"], r["clinched"])
           for r in doc["rows"]}
    # one round left: a win from pole is worth 26
    assert got["James Winslow"] == (68, 94, True, False)
    assert got["David Cheng"] == (64, 90, True, False)
    assert got["Gary Thompson"] == (43, 69, True, False)  # 69 >= 68: still in it
    assert got["Jeffrey Lee"] == (38, 64, False, False)
    teams = json.loads(ok("scenarios", "--class", "GTC", "--table", "teams", "--after-round", "3",
                          "--format", "json"))
    af = teams["rows"][0]
    assert (af["name"], af["points"], af["clinched"]) == ("AF Corse", 69, True)  # #007: 42+26
    final = json.loads(ok("scenarios", "--class", "LMP2", "--format", "json"))
    assert final["rounds_left"] == [] and final["rows"][0]["name"] == "David Cheng"
    assert final["rows"][0]["clinched"] and not any(r["can_win"] for r in final["rows"][1:])


def test_a_line_up_rule_adopted_from_the_command_line_caps_crews_and_warns(tmp_path):
    log = build_small_season(tmp_path)
    ok("adopt-lineup-rule", "--class", "LMP2", "--max-drivers", "1", "--required-region", "Asia",
       log=log)
    ok("register-driver", "zed", "--name", "Zed", "--nationality", "GBR", log=log)
    assert "already has 1 drivers" in refused(1, "nominate", "--round", "r2", "--car", "1", "ann",
                                              "zed", log=log)
    ok("nominate", "--round", "r2", "--car", "1", "zed", log=log)
    csv_path = tmp_path / "r2.csv"
    csv_path.write_text("POSITION;NUMBER;CLASS;STATUS\n1;1;LMP2;Classified\n")
    result = run("classify", "--round", "r2", "--class", "LMP2", str(csv_path), log=log)
    assert result.exit_code == 0 and "car #1 has no driver from Asia (Zed)" in result.stderr
    assert "unknown region" in refused(1, "adopt-lineup-rule", "--class", "GTC",
                                       "--required-region", "Mars", log=log)
