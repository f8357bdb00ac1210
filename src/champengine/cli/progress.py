"""A progress bar on stderr for long work, only when stderr is a terminal."""

from __future__ import annotations

import sys

import click

#: below this much work a bar would only flicker
THRESHOLD = 20_000


class _Silent:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def update(self, n: int) -> None:
        pass


def bar(length: int, label: str):
    """``with bar(n, "importing") as b: ... b.update(k)``: silent in pipes and for small n."""
    if length < THRESHOLD or not sys.stderr.isatty():
        return _Silent()
    return click.progressbar(length=length, label=label, file=sys.stderr)
