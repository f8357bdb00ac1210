"""What-if branches and the audit trail, on the 2013 season, with answers worked by hand."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from champengine.cli import cli
from champengine.codec import read_lines
from champengine.projections.history import by_event, by_round
from champengine.projections.season import fold
from champengine.projections.standings import table
from champengine.timeline import branch_point, make_branch
from conftest import ROOT, SEASON_LOG

LOG = str(SEASON_LOG)
EXAMPLES = ROOT / "examples"


def champ(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--log", LOG, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def json_of(*args: str) -> dict:
    code, out, err = champ(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def changes(doc: dict) -> dict[tuple[str, str, str], tuple]:
    return {(r["class"], r["table"], r["name"]): (r["position_before"], r["total_before"],
                                                  r["position_after"], r["total_after"])
            for r in doc["rows"]}


# --- what-if: three scenarios worked by hand -----------------------------------------------------


def test_oak_disqualified_at_sepang_hands_kcmg_the_title_and_le_mans():
    """#24 out of Sepang: KCMG wins it from pole (25 + 1), Craft second (18).
    KCMG 25+25+18+26 = 94, OAK 19+19+26+0 = 64; Morgan loses OAK's 25 and gains
    KCMG's 7: 158 - 18 = 140; Oreca gains Craft's 3: 36."""
    doc = json_of("--with", str(EXAMPLES / "dsq-oak-sepang.jsonl"), "whatif", "--class", "LMP2")
    got = changes(doc)
    assert got[("LMP2", "teams", "KCMG")] == (2, 87, 1, 94)
    assert got[("LMP2", "teams", "OAK Racing")] == (1, 89, 2, 64)
    assert got[("LMP2", "teams", "Craft Racing")] == (3, 15, 3, 18)
    assert got[("LMP2", "drivers", "James Winslow")] == (2, 87, 1, 94)
    assert got[("LMP2", "drivers", "David Cheng")] == (1, 89, 2, 64)
    assert got[("LMP2", "manufacturers", "Morgan")] == (1, 158, 1, 140)
    assert got[("LMP2", "manufacturers", "Oreca")] == (2, 33, 2, 36)
    assert [(i["team"], i["car"]) for i in doc["invitations"]["gained"]] == [("KCMG", "18")]
    assert [(i["team"], i["car"]) for i in doc["invitations"]["lost"]] == [("OAK Racing", "24")]
    assert doc["branch"]["seq"] == 287 and len(doc["branch"]["prefix_hash"]) == 64


def test_craft_disqualified_at_fuji_moves_the_second_gtc_invitation_to_aai():
    """#007 out of its Fuji win keeps its pole (1): 1+1+15+15 = 32. Behind it AF Corse
    wins (25: 94), Pacific 18, Taisan 15 (33), #91 fourth for 12 (50), second overall."""
    doc = json_of("--with", str(EXAMPLES / "dsq-craft-fuji.jsonl"), "whatif", "--class", "GTC",
                  "--table", "teams")
    got = changes(doc)
    assert got[("GTC", "teams", "Craft Racing")] == (2, 57, 5, 32)
    assert got[("GTC", "teams", "AF Corse")] == (1, 87, 1, 94)
    assert got[("GTC", "teams", "Team AAI Rstrada")] == (3, 48, 2, 50)
    assert got[("GTC", "teams", "Team Taisan Ken Endless")] == (5, 30, 4, 33)
    assert got[("GTC", "teams", "Pacific Direction Racing")] == (7, 15, 7, 18)
    assert [(i["team"], i["car"]) for i in doc["invitations"]["gained"]] == [
        ("Team AAI Rstrada", "91")]
    assert [(i["team"], i["car"]) for i in doc["invitations"]["lost"]] == [("Craft Racing", "007")]


def test_a_zhuhai_penalty_replays_sepang_on_top_of_it():
    """#24 one place down at Zhuhai: KCMG wins (25), OAK second with its pole (18 + 1).
    Winslow 25+25+25+19 = 94 ahead of Cheng 19+19+19+25 = 82."""
    doc = json_of("--with", str(EXAMPLES / "penalty-oak-zhuhai.jsonl"), "whatif",
                  "--from", "zhuhai", "--class", "LMP2", "--table", "drivers")
    got = changes(doc)
    assert got[("LMP2", "drivers", "James Winslow")] == (2, 87, 1, 94)
    assert got[("LMP2", "drivers", "David Cheng")] == (1, 89, 2, 82)
    assert got[("LMP2", "drivers", "Jordan Oon")] == (10, 18, 7, 25)
    assert doc["branch"]["seq"] == 218  # after Zhuhai's results, before Sepang's entries
    assert doc["hypothetical"][0]["seq"] == 219 and doc["conflicts"] == []


def test_reading_commands_under_with_print_the_branch_alone():
    doc = json_of("--with", str(EXAMPLES / "dsq-oak-sepang.jsonl"), "standings",
                  "--class", "LMP2")
    assert [(r["name"], r["total"]) for r in doc["rows"]] == [
        ("KCMG", 94), ("OAK Racing", 64), ("Craft Racing", 18)]
    cls = json_of("--with", str(EXAMPLES / "dsq-oak-sepang.jsonl"), "classification",
                  "--round", "sepang", "--class", "LMP2")
    assert [(r["car"], r["position"], r["status"]) for r in cls["rows"]] == [
        ("18", 1, "classified"), ("craft-lmp2", 2, "classified"), ("24", None, "DSQ")]


def test_a_refused_hypothetical_event_is_reported_not_applied():
    before = Path(LOG).read_bytes()
    code, out, err = champ("--with", str(EXAMPLES / "result-for-cancelled-round.jsonl"),
                           "whatif")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        "champ: error: " + str(EXAMPLES / "result-for-cancelled-round.jsonl")
        + " line 2: refused: round 'ordos' was cancelled (nothing of the what-if is applied)"
        " (a cancelled round takes nothing: champ schedule a new round)"]
    assert Path(LOG).read_bytes() == before


def test_base_events_the_branch_refuses_are_reported_as_conflicts(season_events, tmp_path):
    # classify Sepang's LMP2 race on the branch before the base does: the base's own
    # classification of it becomes a conflict
    rows = '[{"car": "18", "status": "classified", "laps": null, "time": null}]'
    hypo = tmp_path / "early.jsonl"
    hypo.write_text('{"type": "RaceClassified", "round": "sepang", "class": "LMP2", '
                    f'"rows": {rows}}}\n')
    tes = list(read_lines(hypo.read_bytes(), default_season="aslms-2013"))
    state = fold(season_events)
    at = branch_point(season_events, state, "zhuhai")
    branch = make_branch(season_events, tes, season="aslms-2013", at_seq=at)
    assert len(branch.conflicts) == 1 and "already classified" in branch.conflicts[0]


# --- audit ---------------------------------------------------------------------------------------


def test_explain_david_cheng_lists_four_classifications_and_three_poles():
    doc = json_of("explain", "--class", "LMP2", "--driver", "David Cheng")
    assert doc["total"] == 89 and doc["position"] == 1
    kinds = [(r["round"], r["what"], r["points"], r["type"]) for r in doc["rows"]]
    assert kinds == [
        ("inje", "P2", 18, "RaceClassified"), ("inje", "pole", 1, "PoleAwarded"),
        ("fuji", "P2", 18, "RaceClassified"), ("fuji", "pole", 1, "PoleAwarded"),
        ("zhuhai", "P1", 25, "RaceClassified"), ("zhuhai", "pole", 1, "PoleAwarded"),
        ("sepang", "P1", 25, "RaceClassified")]
    assert sum(r["points"] for r in doc["rows"]) == 89
    assert all(r["seq"] > 0 and len(r["event"]) == 36 for r in doc["rows"])


def test_explain_a_team_with_several_cars_asks_which():
    code, _, err = champ("explain", "--class", "GTC", "--team", "Craft Racing")
    assert code == 2 and "--car" in err
    doc = json_of("explain", "--class", "GTC", "--team", "Craft Racing", "--car", "007")
    assert doc["total"] == 57 and [r["what"] for r in doc["rows"]][0] == "NC"


def test_explain_a_make_sums_its_cars():
    doc = json_of("explain", "--class", "GTC", "--make", "ferrari")
    assert doc["total"] == 113
    assert {r["what"].split()[0] for r in doc["rows"]} == {"#77", "#33"}


def test_history_shows_the_lead_passing_to_cheng_at_the_last_round(season_events):
    steps = by_event(season_events, "LMP2", "drivers")
    leader_moves = [(s.seq, s.round, c.name, c.position_after) for s in steps
                    for c in s.changes if c.position_after == 1 and c.position_before != 1]
    assert leader_moves[-1][1:] == ("sepang", "David Cheng", 1)
    rounds = by_round(fold(season_events), "LMP2", "drivers")
    leaders = [[c.name for c in s.changes if c.position_after == 1] for s in rounds]
    assert "James Winslow" in leaders[0] and leaders[3] == ["David Cheng"]
    doc = json_of("history", "--class", "LMP2", "--table", "drivers", "--by", "round")
    assert any(r["round"] == "sepang" and r["name"] == "James Winslow"
               and (r["position_before"], r["position_after"]) == (1, 2) for r in doc["rows"])


def test_history_changes_add_up_to_each_total(season_events):
    state = fold(season_events)
    for class_ in ("LMP2", "LMGTE", "GTC"):
        for kind in ("teams", "drivers", "manufacturers"):
            sums: dict[str, float] = {}
            for step in by_event(season_events, class_, kind):
                for c in step.changes:
                    sums[c.key] = sums.get(c.key, 0) + c.points
            final = {r.key: r.total for r in table(state, class_, kind).rows}
            assert {k: v for k, v in sums.items() if v} == {k: v for k, v in final.items() if v}


def test_diff_between_two_points():
    doc = json_of("diff", "--class", "LMP2", "--table", "drivers", "--from-round", "2",
                  "--to-round", "3")
    got = {r["name"]: (r["total_before"], r["total_after"]) for r in doc["rows"]}
    assert got["James Winslow"] == (50, 68) and got["David Cheng"] == (38, 64)
    assert doc["from"]["round_number"] == 2 and doc["to"]["round_number"] == 3
    known = json_of("diff", "--class", "GTC", "--from-known-on", "2013-10-01",
                    "--to-known-on", "2013-10-20")
    assert {r["name"] for r in known["rows"] if r["table"] == "teams"} >= {"AF Corse"}


# --- properties ------------------------------------------------------------------------------------

HYPOTHETICAL = st.sampled_from([
    '{"type": "CarDisqualified", "round": "%s", "car": "%s"}',
    '{"type": "PenaltyImposed", "round": "%s", "car": "%s", "kind": "positions", "value": 1}',
    '{"type": "PenaltyImposed", "round": "%s", "car": "%s", "kind": "points", "value": 5}',
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(at=st.integers(min_value=0, max_value=287))
def test_a_branch_without_hypothetical_events_equals_the_base(season_events, at):
    branch = make_branch(season_events, [], season="aslms-2013", at_seq=at)
    assert branch.conflicts == ()
    assert [e.payload for e in branch.events] == [e.payload for e in season_events]
    base, other = fold(season_events), fold(branch.events)
    for class_ in ("LMP2", "GTC"):
        assert table(base, class_, "drivers") == table(other, class_, "drivers")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=HYPOTHETICAL, race=st.sampled_from([("inje", "77"), ("fuji", "24"),
                                               ("zhuhai", "91"), ("sepang", "18")]))
def test_a_branch_never_changes_the_logs_bytes(tmp_path_factory, line, race):
    log = tmp_path_factory.mktemp("log") / "season.log"
    runner = CliRunner()
    assert runner.invoke(cli, ["--log", str(log), "init"]).exit_code == 0
    assert runner.invoke(cli, ["--log", str(log), "import", LOG]).exit_code == 0
    before = log.read_bytes()
    hypo = log.parent / "hypo.jsonl"
    hypo.write_text(line % race + "\n")
    result = runner.invoke(cli, ["--log", str(log), "--with", str(hypo), "whatif"])
    assert result.exit_code == 0, result.output
    assert log.read_bytes() == before
