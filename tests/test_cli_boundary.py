"""The command line's error boundary (issue 17): whatever the environment does (a full
disk, a read-only log, a dangling symlink, a date at the end of time) and whatever a
user mistypes, one line on stderr and exit 1 or 2, never a traceback, nothing left
behind; text from the log never reaches the terminal raw."""

from __future__ import annotations

import errno
import json
import os

import pytest
from click.testing import CliRunner

from champengine.cli import cli
from champengine.store.file import FileStore, create_log
from conftest import SEASON_LOG, read_bytes
from store_contract import A, opened, scheduled

LOG = str(SEASON_LOG)


def run(*args: str, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def one_line(result, *codes: int) -> str:
    assert result.exit_code in codes, (result.exit_code, result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("champ: error: "), result.stderr
    return lines[0]


# -- item 9: usage errors are one line ---------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["standings"],                                   # a missing option
    ["standings", "--class", "LMP2", "--format", "xml"],  # a bad choice
    ["--bogus"],                                      # an unknown root option
    ["nosuch"],                                       # an unknown command
    ["log", "show", "--limit", "0"],                  # out of range, in a nested group
    ["calendar", "--known-on", "someday"],            # a bad date
    ["calendar", "extra"],                            # an argument too many
])
def test_a_usage_error_is_one_line_and_exit_2(args):
    line = one_line(run("--log", LOG, *args), 2)
    assert "--help" in line  # where to look, on the same line


def test_asking_for_nothing_still_shows_the_help():
    result = run()
    assert "Usage:" in result.output and "Commands:" in result.output


# -- item 5: no traceback, ever ----------------------------------------------------------------


def test_the_last_day_there_is_as_known_on_reads_everything():
    result = run("--log", LOG, "calendar", "--known-on", "9999-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    whole = run("--log", LOG, "calendar", "--format", "json")
    assert json.loads(result.stdout)["rows"] == json.loads(whole.stdout)["rows"]


def _no_space(real):
    def write(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")
    return write


def test_init_on_a_full_disk_leaves_no_empty_log(tmp_path, monkeypatch):
    path = str(tmp_path / "x.log")
    monkeypatch.setattr(os, "write", _no_space(os.write))
    line = one_line(run("--log", path, "init"), 1)
    assert "No space left" in line
    assert not os.path.exists(path)


def test_repair_on_a_full_disk_leaves_no_partial_side_file_and_cuts_nothing(
        tmp_path, monkeypatch):
    path = str(tmp_path / "x.log")
    with FileStore(path, create=True) as store:
        store.append(A, [opened()])
    with open(path, "ab") as f:
        f.write(b"\x01" * 7)  # a torn tail
    before = read_bytes(path)
    monkeypatch.setattr(os, "write", _no_space(os.write))
    line = one_line(run("--log", path, "log", "repair"), 1)
    assert "No space left" in line and "nothing cut" in line
    assert read_bytes(path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.log"]


def test_repair_never_writes_through_a_dangling_symlink(tmp_path):
    path = str(tmp_path / "x.log")
    with FileStore(path, create=True) as store:
        store.append(A, [opened()])
    size = os.path.getsize(path)
    with open(path, "ab") as f:
        f.write(b"\x01" * 7)
    target = tmp_path / "elsewhere"
    os.symlink(target, f"{path}.torn-{size}")  # dangling: repair must not create it
    result = run("--log", path, "log", "repair")
    assert result.exit_code == 0, result.output
    assert not target.exists()
    assert read_bytes(f"{path}.torn-{size}.1") == b"\x01" * 7
    assert os.path.getsize(path) == size


@pytest.mark.parametrize("failure", [errno.EACCES, errno.EROFS])
def test_an_unwritable_or_read_only_log_is_one_line(tmp_path, monkeypatch, failure):
    path = str(tmp_path / "x.log")
    create_log(path)
    real_open = os.open

    def refusing_open(file, flags, *args, **kw):
        if str(file).endswith("x.log") and flags & (os.O_RDWR | os.O_WRONLY):
            raise OSError(failure, os.strerror(failure), file)
        return real_open(file, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refusing_open)
    line = one_line(run("--log", path, "open-season", "s", "--series", "S",
                        "--year", "2013"), 1)
    assert os.strerror(failure) in line
    assert read_bytes(path)[16:] == b""


def test_a_directory_removed_under_a_running_writer_is_one_line(tmp_path):
    import shutil

    folder = tmp_path / "season"
    folder.mkdir()
    path = str(folder / "x.log")
    store = FileStore(path, create=True)
    store.append(A, [opened()])
    shutil.rmtree(folder)
    from champengine.errors import StoreError

    with pytest.raises(StoreError, match="removed since it was opened"):
        store.append(A, [scheduled()])
    store.close()


def test_an_os_error_nothing_closer_caught_is_one_line(monkeypatch):
    import champengine.source as source

    def broken(*args, **kw):
        raise OSError(errno.EIO, "Input/output error", "x.log")

    monkeypatch.setattr(source, "open_for_reading", broken)
    line = one_line(run("--log", LOG, "calendar"), 1)
    assert "Input/output error" in line


# -- item 7: text from the log never reaches the terminal raw ---------------------------------


HOSTILE = "\x1b]0;pwned\x07\x1b[2J\u202eteam\x9b\r"


def test_control_and_escape_characters_are_shown_escaped_in_table_output(tmp_path):
    text = SEASON_LOG.read_text()
    hostile = json.dumps(HOSTILE)[1:-1]
    path = tmp_path / "hostile.jsonl"
    path.write_text(text.replace('"team": "KCMG"', f'"team": "{hostile}"', 1)
                    .replace('"note": null', f'"note": "{hostile}"', 1))
    for args in (["standings", "--class", "LMP2", "--table", "teams"],
                 ["entries"], ["log", "show", "--limit", "30"]):
        result = run("--log", str(path), *args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
        assert "\x9b" not in result.stdout and "\u202e" not in result.stdout, args
        assert "\r" not in result.stdout, args
        if args[0] != "log":
            assert "\\x1b]0;pwned\\x07" in result.stdout, args
    # json stays data: the text is there, as JSON escapes it
    doc = json.loads(run("--log", str(path), "standings", "--class", "LMP2", "--table", "teams",
                         "--format", "json").stdout)
    assert HOSTILE in {row.get("team") or row.get("name") for row in doc["rows"]}


def test_a_writing_command_echoes_what_it_appended_escaped(tmp_path):
    path = str(tmp_path / "x.log")
    create_log(path)
    result = run("--log", path, "open-season", "s", "--series", "S\x1b[2J", "--year", "2013")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "S\\x1b[2J" in result.stdout
