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


def counted(items: list, label: str):
    """``items`` themselves, or (long work on a terminal) items that move a bar as they go:
    a short or piped run pays nothing per item."""
    if len(items) < THRESHOLD or not sys.stderr.isatty():
        return items
    return _moving(items, label)


def _moving(items: list, label: str):
    with click.progressbar(length=len(items), label=label, file=sys.stderr) as progress:
        for n, item in enumerate(items, start=1):
            if n % 1000 == 0:
                progress.update(1000)
            yield item
