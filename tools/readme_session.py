"""The README's console sessions: a ```console block whose first line is ``$ `` and a
command other than ``champ`` or ``curl`` (those are one-command examples, see
tools/readme_examples.py and tools/readme_curl.py). Each ``$ `` line of the block is a
command, run in order in a scratch directory that holds ``events`` (a link to the
repository's) beside ``../shared`` (a link to the shared data), so the session writes
nothing into the repository; what each prints follows its line. ``champ`` commands run in
process, ``champ ... | head -N`` keeps the first N lines of standard output (standard
error first, as a terminal shows it); any other command runs in the shell.

Used by tools/readme_examples.py (refresh) and tests/test_readme.py (check).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CHAMP_SHARED", ROOT.parent / "shared"))
BLOCK = re.compile(r"```console\n(\$ (?!champ |curl )[^\n]*\n.*?)```", re.S)
HEAD = re.compile(r"^(champ .*?) \| head -(\d+)$")


def commands(block: str) -> list[str]:
    """The block's commands, in order."""
    return [line[2:] for line in block.splitlines() if line.startswith("$ ")]


def run(command: str) -> str:
    """What one command prints, run in the current directory."""
    from click.testing import CliRunner

    from champengine.cli import cli

    head = HEAD.match(command)
    line = head.group(1) if head else command
    if not line.startswith("champ "):
        done = subprocess.run(["bash", "-c", line], capture_output=True, text=True)
        return done.stdout + done.stderr
    result = CliRunner().invoke(cli, shlex.split(line)[1:], catch_exceptions=False)
    if head:
        kept = result.stdout.splitlines(keepends=True)[:int(head.group(2))]
        return result.stderr + "".join(kept)
    return result.output


def session(block: str) -> str:
    """The block as its commands print it, run in a scratch directory."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work"
        work.mkdir()
        (work / "events").symlink_to(ROOT / "events")
        (Path(tmp) / "shared").symlink_to(SHARED)
        os.chdir(work)
        try:
            return "".join(f"$ {c}\n{run(c)}" for c in commands(block))
        finally:
            os.chdir(here)


def refresh(text: str) -> str:
    """``text`` (the README) with every session's output as its commands print it."""
    return BLOCK.sub(lambda m: f"```console\n{session(m.group(1))}```", text)


def sessions(text: str) -> list[str]:
    """The README's session blocks, as written."""
    return BLOCK.findall(text)
