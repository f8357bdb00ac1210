"""The README's examples print what the README says they print."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from champengine.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (champ [^\n]*)\n(.*?)```", re.S)
EXAMPLES = BLOCK.findall((ROOT / "README.md").read_text())


def test_the_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    head = text[: text.index("\n## ")]
    assert "make run" in head and "make test" in head


@pytest.mark.parametrize(("command", "printed"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_prints_what_the_readme_shows(command, printed, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, shlex.split(command)[1:], catch_exceptions=False)
    assert result.stdout + result.stderr == printed, (
        "README out of date: run .venv/bin/python tools/readme_examples.py")


def test_readme_session_prints_what_the_readme_shows():
    """Blocks of several commands (a desk's session: a temporary log, laps imported, the
    championship as it stands) print, command by command, what the README shows."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from readme_session import session, sessions

    blocks = sessions((ROOT / "README.md").read_text())
    assert blocks
    for block in blocks:
        assert session(block) == block, (
            "README out of date: run .venv/bin/python tools/readme_examples.py")


def test_there_are_examples():
    assert len(EXAMPLES) >= 8
    assert os.path.exists(ROOT / "tools" / "readme_examples.py")


def test_make_run_calls_a_command_that_exists(monkeypatch):
    """The README's first command: make run replays the season through `champ report`."""
    monkeypatch.chdir(ROOT)
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n")[1].strip()
    argv = shlex.split(recipe.replace("$(BIN)/", "").replace("$(LOG)", "events/aslms-2013.jsonl"))
    assert argv[0] == "champ"
    result = CliRunner().invoke(cli, argv[1:], catch_exceptions=False)
    assert result.exit_code == 0 and "aslms-2013 invitations" in result.stdout
