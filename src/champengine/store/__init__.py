"""Where events are kept: the ``EventStore`` protocol and its backends.

Every backend passes the same contract tests (``tests/store_contract.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from ..events import Envelope
from .batch import Pending


class EventStore(Protocol):
    """An append-only log of seasons' events.

    - ``append`` adds a batch to one season, all or nothing. ``expected_seq`` is
      the last seq the writer saw (optimistic concurrency); ids already in the log
      with the same content are skipped (a retry after a lost acknowledgement
      succeeds), with other content refused. Ids are checked before ``expected_seq``.
    - ``append_batches`` appends several ``(season, events, expected_seq)`` batches as
      one step: every one, or (a refusal, a crash, a full disk) none of them.
    - ``read`` yields a season's events in seq order, from ``from_seq`` up to ``to_seq``.
    - ``read_all`` yields every event in global position order.
    """

    def append(self, season: str, events: Sequence[Pending],
               expected_seq: int | None = None) -> list[Envelope]: ...

    def append_batches(self, batches: Sequence[tuple[str, Sequence[Pending], int | None]]
                       ) -> list[list[Envelope]]: ...

    def read(self, season: str, from_seq: int = 1,
             to_seq: int | None = None) -> Iterator[Envelope]: ...

    def read_all(self, from_position: int = 1) -> Iterator[Envelope]: ...

    def last_seq(self, season: str) -> int: ...

    def seasons(self) -> list[str]: ...

    def close(self) -> None: ...


__all__ = ["EventStore", "Pending"]
