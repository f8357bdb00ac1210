"""The README's ``champ serve`` examples (``$ curl ...``) print what the server answers."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

pytest.importorskip("starlette")
sys.path.insert(0, str(ROOT / "tools"))
from readme_curl import BLOCK, answer, client, current_tags  # noqa: E402

EXAMPLES = BLOCK.findall((ROOT / "README.md").read_text())


@pytest.fixture(scope="module")
def served():
    with client() as c:
        yield c


def test_there_are_serve_examples():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize(("command", "printed"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_a_serve_example_prints_what_the_readme_shows(served, command, printed):
    assert current_tags(command, served) == command, "the README revalidates an old ETag"
    assert answer(command, served) == printed, (
        "README out of date: run .venv/bin/python tools/readme_examples.py")
