"""Refresh the outputs of the README's ``console`` examples by running them.

Each example is a ```console block whose first line is ``$ champ ...``; the
rest of the block is replaced by what the command prints; so is the rest of a
block whose first line is ``$ curl ...`` (tools/readme_curl.py: the server's answer), and every
command's output in a block of several (tools/readme_session.py: a console session). tests/test_readme.py
checks that the README still says what the commands print.

    .venv/bin/python tools/readme_examples.py
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from champengine.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (champ [^\n]*)\n(.*?)```", re.S)


def run(command: str) -> str:
    argv = shlex.split(command)[1:]
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    return result.stdout + result.stderr


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text()
    new = BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{run(m.group(1))}```", text)
    sys.path.insert(0, str(ROOT / "tools"))
    from readme_curl import refresh  # the champ serve examples: $ curl ...

    new = refresh(new)
    from readme_session import refresh as refresh_sessions  # several commands in a block

    new = refresh_sessions(new)
    readme.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
