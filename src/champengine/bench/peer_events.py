"""The domain event the ``eventsourcing`` peer stores and reads back in the benchmark."""

from __future__ import annotations

from eventsourcing.domain import DomainEvent


class RaceEvent(DomainEvent):
    """One of our events as an ``eventsourcing`` user would model it: type and fields."""

    type: str
    fields: dict
