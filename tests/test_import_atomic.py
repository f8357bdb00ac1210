"""An import of a file holding several seasons is all or nothing (issue 17 item 2), in
the file store and in PostgreSQL alike: a refusal of the last season's batch by the
store leaves the first season out too."""

from __future__ import annotations

import json
import uuid

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from conftest import SEASON_LOG, postgres_dsn
from test_store_postgres import REASON


def two_seasons(tmp_path, *, big_note: bool) -> str:
    lines = SEASON_LOG.read_text().splitlines()
    other = [json.dumps({"type": "SeasonOpened", "season": "other-2014",
                         "series": "Other", "year": 2014,
                         "note": "n" * (2 << 20) if big_note else None})]
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(lines + other) + "\n")
    return str(path)


@pytest.fixture(params=["file", "postgres"])
def where(request, tmp_path):
    if request.param == "file":
        log = str(tmp_path / "x.log")
        assert CliRunner().invoke(cli, ["--log", log, "init"]).exit_code == 0
        yield ["--log", log]
        return
    if REASON:
        pytest.skip(REASON)
    from champengine.store.postgres import PostgresStore

    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield ["--store", f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"]
    cleaner = PostgresStore(postgres_dsn(), schema=schema)
    cleaner.drop()
    cleaner.close()


def export(where) -> str:
    return CliRunner().invoke(cli, [*where, "log", "export"]).stdout


def test_an_import_whose_last_season_the_store_refuses_writes_no_season(where, tmp_path):
    runner = CliRunner()
    if where[0] == "--store":
        assert runner.invoke(cli, [*where, "init"]).exit_code == 0
    before = export(where)
    result = runner.invoke(cli, [*where, "import", two_seasons(tmp_path, big_note=True)])
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "could not be read back" in result.stderr
    assert export(where) == before == ""


def test_an_import_of_several_seasons_lands_whole_and_again_changes_nothing(where, tmp_path):
    runner = CliRunner()
    path = two_seasons(tmp_path, big_note=False)
    first = runner.invoke(cli, [*where, "import", path])
    assert first.exit_code == 0 and first.stdout.startswith("imported 288 events"), first.output
    again = runner.invoke(cli, [*where, "import", path])
    assert "288 already in the log" in again.stdout
    seasons = [json.loads(line)["season"] for line in export(where).splitlines()]
    assert seasons.count("other-2014") == 1 and len(seasons) == 288
