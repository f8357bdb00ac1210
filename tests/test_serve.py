"""``champ serve``'s JSON routes through Starlette's test client: each answers with the
very bytes the matching CLI command prints with ``--format json``; errors are JSON with
the CLI's one-line message; answers carry an ETag that a client can revalidate."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from conftest import SEASON_LOG

starlette = pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

S = "/seasons/aslms-2013"


@pytest.fixture(scope="module")
def client():
    from champengine.serve.app import make_app
    from champengine.source import open_for_reading

    with TestClient(make_app(open_for_reading(str(SEASON_LOG)))) as c:
        yield c


def cli_json(*args: str, with_file: str | None = None) -> str:
    pre = ["--log", str(SEASON_LOG)] + (["--with", with_file] if with_file else [])
    out = CliRunner().invoke(cli, [*pre, *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    return out.stdout


#: route -> the CLI command whose JSON it answers with
SAME = [
    (f"{S}/standings/LMP2/drivers", ["standings", "--class", "LMP2", "--table", "drivers"]),
    (f"{S}/standings/{quote('GTC Am')}/teams?after_round=2",
     ["standings", "--class", "GTC Am", "--table", "teams", "--after-round", "2"]),
    (f"{S}/standings/gte/manufacturers?known_on=2013-10-01",
     ["standings", "--class", "gte", "--table", "manufacturers", "--known-on", "2013-10-01"]),
    (f"{S}/entries?round=zhuhai&class=LMP2", ["entries", "--round", "zhuhai", "--class", "LMP2"]),
    (f"{S}/entries?at_seq=150", ["entries", "--at-seq", "150"]),
    (f"{S}/calendar?known_on=2012-12-31", ["calendar", "--known-on", "2012-12-31"]),
    (f"{S}/classification/sepang?class=GTC", ["classification", "--round", "sepang", "--class",
                                              "GTC"]),
    (f"{S}/classification/2/LMP2", ["classification", "--round", "2", "--class", "LMP2"]),
    (f"{S}/classification/sepang", ["classification", "--round", "sepang"]),
    (f"{S}/drivers?class=GTC", ["drivers", "--class", "GTC"]),
    (f"{S}/entries", ["entries"]),
    (f"{S}/invitations?after_round=3", ["invitations", "--after-round", "3"]),
    (f"{S}/report", ["report"]),
    (f"{S}/scenarios/LMP2/drivers?after_round=3",
     ["scenarios", "--class", "LMP2", "--table", "drivers", "--after-round", "3"]),
    (f"{S}/history/LMP2/drivers?by=round",
     ["history", "--class", "LMP2", "--table", "drivers", "--by", "round"]),
    (f"{S}/history/GTC/teams?at_seq=200", ["history", "--class", "GTC", "--table", "teams",
                                          "--at-seq", "200"]),
    (f"{S}/diff/LMP2/drivers?from_round=2&to_round=3",
     ["diff", "--class", "LMP2", "--table", "drivers", "--from-round", "2", "--to-round", "3"]),
    (f"{S}/diff/GTC/teams?from_known_on=2013-10-01&all=true",
     ["diff", "--class", "GTC", "--table", "teams", "--from-known-on", "2013-10-01", "--all"]),
]


@pytest.mark.parametrize("url,args", SAME, ids=[u.split("/")[3].split("?")[0] + str(i)
                                                for i, (u, _) in enumerate(SAME)])
def test_a_route_answers_with_the_bytes_of_its_cli_command(client, url, args):
    got = client.get(url)
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("application/json")
    assert got.text == cli_json(*args)


def test_explain_by_key_answers_as_explain_by_name(client, season_state):
    from champengine.projections.standings import table

    leader = table(season_state, "LMP2", "drivers").rows[0]
    got = client.get(f"{S}/explain/LMP2/drivers/{quote(leader.key)}")
    assert got.status_code == 200, got.text
    assert got.text == cli_json("explain", "--class", "LMP2", "--driver", leader.name)


def test_the_season_home_lists_classes_tables_and_rounds(client):
    home = client.get(S).json()
    assert [c["class"] for c in home["classes"]][:2] == ["LMP2", "GTC"]
    assert home["classes"][0]["tables"] == ["teams", "drivers", "manufacturers"]
    assert [r["key"] for r in home["rounds"]] == [r["key"] for r in json.loads(
        cli_json("calendar"))["rows"] if r["status"] == "scheduled"]
    assert client.get("/seasons").text == CliRunner().invoke(
        cli, ["--log", str(SEASON_LOG), "seasons", "--format", "json"]).stdout


def test_the_log_itself_comes_a_page_at_a_time(client):
    first = client.get(f"{S}/events?limit=100").json()
    assert [e["seq"] for e in first["rows"]] == list(range(1, 101)) and first["next"] == 100
    last = client.get(f"{S}/events?after=280&limit=100").json()
    assert [e["seq"] for e in last["rows"]] == list(range(281, 288)) and last["next"] is None
    exported = CliRunner().invoke(cli, ["--log", str(SEASON_LOG), "log", "export"]).stdout
    assert [json.loads(line) for line in exported.splitlines()[280:]] == last["rows"]


def test_whatif_takes_json_lines_and_answers_as_champ_whatif(client):
    path = "examples/dsq-oak-sepang.jsonl"
    with open(path, "rb") as f:
        got = client.post(f"{S}/whatif?class=LMP2", content=f.read())
    assert got.status_code == 200, got.text
    want = json.loads(cli_json("whatif", "--class", "LMP2", with_file=path))
    want["branch"]["with"] = ["body"]
    assert got.json() == want
    assert got.json()["rows"], "the disqualification moves rows"
    assert client.get(f"{S}/events?after=287").json()["rows"] == [], "nothing is written"


ERRORS = [
    ("/seasons/nope/standings/LMP2/drivers", 404, "season 'nope' is not in the log"),
    (f"{S}/standings/XX/drivers", 404,
     "unknown class 'XX' (classes: LMP2, GTC, GTC Am, LMGTE, SGT)"),
    (f"{S}/standings/LMP2/pilots", 404, "unknown table 'pilots'"),
    (f"{S}/classification/nowhere?class=GTC", 404, "round 'nowhere' is not on the calendar"),
    (f"{S}/classification/ordos?class=GTC", 404, "round 'ordos' was cancelled"),
    (f"{S}/standings/LMP2/drivers?at_seq=999", 400, "--at-seq 999 is past the end of the log"),
    (f"{S}/classification/sepang/SGT", 400, "SGT at sepang has no classification"),
    (f"{S}/explain/LMP2/drivers/nobody", 404, "no drivers row keyed 'nobody'"),
    (f"{S}/standings/LMP2/drivers?at_seq=x", 400, "at_seq: 'x' is not a whole number"),
    (f"{S}/standings/LMP2/drivers?known_on=2013-13-01", 400,
     "known_on: '2013-13-01' is not a date (YYYY-MM-DD)"),
    (f"{S}/standings/LMP2/drivers?after_round=9", 400,
     "there is no round 9: the calendar has"),
    (f"{S}/standings/LMP2/drivers?colour=red", 400, "unknown query parameter 'colour'"),
    (f"{S}/standings/LMP2/drivers?after_round={'x' * 500}", 400, "after_round: too long"),
    (f"{S}/standings/LMP2/drivers?" + "&".join(f"at_seq={n}" for n in range(30)), 400,
     "too many query parameters"),
    (f"{S}/standings/LMP2/drivers?at_seq=1&at_seq=2", 400, "at_seq: given twice"),
    (f"{S}/events?limit=5000", 400, "limit: 5000 is out of range (1 to 1000)"),
    (f"{S}/history/LMP2/drivers?by=lap", 400, "by: 'lap' is not one of event, round"),
    ("/nothing/here", 404, "no route /nothing/here"),
]


@pytest.mark.parametrize("url,status,message", ERRORS, ids=[m[:30] for _, _, m in ERRORS])
def test_errors_are_json_with_the_one_line_message(client, url, status, message):
    got = client.get(url)
    assert got.status_code == status, got.text
    error = got.json()["error"]
    assert error["status"] == status and message in error["message"]
    assert "\n" not in error["message"] and "Traceback" not in got.text


def test_an_error_says_what_the_cli_says(client):
    cli_error = CliRunner().invoke(cli, ["--log", str(SEASON_LOG), "standings", "--class", "XX"])
    assert cli_error.exit_code == 2
    got = client.get(f"{S}/standings/XX/drivers").json()["error"]["message"]
    assert cli_error.stderr.strip() == f"champ: error: {got}"


def test_whatif_errors(client):
    refused = client.post(f"{S}/whatif", content=open(
        "examples/result-for-cancelled-round.jsonl", "rb").read())
    assert refused.status_code == 422
    assert refused.json()["error"]["message"].startswith("body line ")
    assert "was cancelled" in refused.json()["error"]["message"]
    bad = client.post(f"{S}/whatif", content=b'{"type": "CarDisqualified", ')
    assert bad.status_code == 400 and "body line 1" in bad.json()["error"]["message"]
    empty = client.post(f"{S}/whatif", content=b"")
    assert empty.status_code == 400 and "whatif needs a branch" in empty.json()["error"]["message"]
    huge = client.post(f"{S}/whatif", content=b"#" * (2 << 20))
    assert huge.status_code == 400 and "too large" in huge.json()["error"]["message"]
    assert client.get(f"{S}/whatif").status_code == 405


def test_an_answer_revalidates_by_etag(client):
    url = f"{S}/standings/LMP2/teams?after_round=3"
    first = client.get(url)
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public")
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    other = client.get(f"{S}/standings/LMP2/teams?after_round=2")
    assert other.headers["etag"] != etag


def test_the_etag_moves_when_the_log_grows(tmp_path):
    from champengine.serve.app import make_app
    from champengine.source import open_for_reading

    log = str(tmp_path / "s.log")
    runner = CliRunner()
    assert runner.invoke(cli, ["--log", log, "init"]).exit_code == 0
    assert runner.invoke(cli, ["--log", log, "import", str(SEASON_LOG)]).exit_code == 0
    with TestClient(make_app(open_for_reading(log))) as c:
        url = f"{S}/standings/LMP2/teams"
        before = c.get(url)
        adjusted = runner.invoke(cli, ["--log", log, "adjust-points", "--round", "fuji",
                                       "--class", "LMP2", "--table", "teams", "--competitor",
                                       "24", "--points", "-5", "--reason", "test"])
        assert adjusted.exit_code == 0, adjusted.output
        after = c.get(url, headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
        assert after.json()["as_of"]["seq"] == 288


def test_running_order_answers_as_champ_timing_running_order(tmp_path):
    from champengine.serve.app import make_app
    from champengine.source import open_for_reading
    from test_timing_log import season_for, small_file

    path = small_file(tmp_path)
    log = season_for(path, tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["--log", log, "timing", "import", "--round", "r1",
                               str(path)]).exit_code == 0
    want = runner.invoke(cli, ["--log", log, "timing", "running-order", "--round", "r1",
                               "--at", "0:04", "--format", "json"])
    assert want.exit_code == 0, want.output
    with TestClient(make_app(open_for_reading(log))) as c:
        url = "/seasons/t-2026/running-order/r1"
        got = c.get(f"{url}?at=0:04")
        assert got.status_code == 200 and got.text == want.stdout
        assert c.get(f"{url}?at_race_time=0:04").text == want.stdout
        only = c.get(f"{url}?at=0:04:00.000&class=LMGT3").json()["rows"]
        assert [r["car"] for r in only] == ["92"]
        assert c.get(url).status_code == 400
        assert "not a race time" in c.get(f"{url}?at=4pm").json()["error"]["message"]
        assert c.get("/seasons/t-2026/running-order/r9?at=0:04").status_code == 404


def test_an_unexpected_failure_is_a_json_500_without_a_traceback(monkeypatch):
    from champengine.documents import reading
    from champengine.serve.app import make_app
    from champengine.source import open_for_reading

    def broken(view):
        raise KeyError("the calendar's insides")

    monkeypatch.setattr(reading, "calendar", broken)
    with TestClient(make_app(open_for_reading(str(SEASON_LOG))),
                    raise_server_exceptions=False) as c:
        got = c.get(f"{S}/calendar")
    assert got.status_code == 500
    assert got.json() == {"error": {"status": 500, "message": "internal error: KeyError"}}
    assert "Traceback" not in got.text and "insides" not in got.text
