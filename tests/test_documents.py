"""One serializer: the CLI's ``--format json`` prints the very document that
``champengine.documents`` builds from (state, point, options), the server's source too."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from champengine.documents import audit, reading
from champengine.timeline import Point, view
from conftest import SEASON_LOG

CASES = [
    (["standings", "--class", "LMP2", "--table", "drivers"],
     lambda ev, v: reading.standings(v, "LMP2", "drivers"), Point()),
    (["standings", "--class", "gte", "--table", "teams", "--after-round", "3"],
     lambda ev, v: reading.standings(v, "gte", "teams"), Point("3")),
    (["entries", "--round", "zhuhai", "--class", "LMP2"],
     lambda ev, v: reading.entries(v, "zhuhai", "LMP2"), Point()),
    (["calendar", "--known-on", "2012-12-31"],
     lambda ev, v: reading.calendar(v), Point(known_on=dt.date(2012, 12, 31))),
    (["classification", "--round", "sepang", "--class", "GTC"],
     lambda ev, v: reading.classification(v, "sepang", "GTC"), Point()),
    (["invitations", "--at-seq", "200"], lambda ev, v: reading.invitations(v), Point(at_seq=200)),
    (["scenarios", "--class", "LMP2", "--after-round", "3"],
     lambda ev, v: reading.scenarios(v, "LMP2", "drivers"), Point("3")),
    (["report"], lambda ev, v: reading.report(v), Point()),
    (["history", "--class", "LMP2", "--by", "event"],
     lambda ev, v: audit.history(ev, v, "LMP2", "drivers", "event"), Point()),
    (["explain", "--class", "GTC", "--make", "Ferrari"],
     lambda ev, v: audit.explain(ev, v, "GTC", make="Ferrari"), Point()),
]


@pytest.mark.parametrize("args,build,point", CASES, ids=[c[0][0] + str(i) for i, c in
                                                         enumerate(CASES)])
def test_the_cli_prints_the_document_the_serializer_builds(season_events, args, build, point):
    out = CliRunner().invoke(cli, ["--log", str(SEASON_LOG), *args, "--format", "json"])
    assert out.exit_code == 0, out.output
    built = build(season_events, view(season_events, point))
    assert json.loads(out.output) == json.loads(json.dumps(built, default=str))


def test_explain_by_key_finds_the_row_explain_by_name_finds(season_events):
    v = view(season_events)
    by_name = audit.explain(season_events, v, "GTC", make="Ferrari")
    from champengine.projections.standings import table

    row = next(r for r in table(v.state, "GTC", "manufacturers").rows if r.name == "Ferrari")
    by_key = audit.explain(season_events, v, "GTC", kind="manufacturers", key=row.key)
    assert by_key == by_name
