"""The event catalog: the envelope, every event type, and their schema versions.

Events are frozen, slotted attrs classes holding only domain data; how they
travel (msgpack, JSON Lines) is the codec's business. ``values`` holds what
events carry (result rows, scoring rules and their vocabularies), ``catalog``
the event types and their registry (``timing`` and ``stewards`` hold those of race
timing and of the stewards' decisions), ``versions`` the schema versions and
upcasters, ``envelope`` the envelope.
"""

from .catalog import *  # noqa: F403
from .catalog import EVENT_TYPES, TYPE_NAMES, Event
from .envelope import (
    ENVELOPE_FIELDS,
    MAX_MICROS,
    MIN_MICROS,
    Envelope,
    micros_to_time,
    time_to_micros,
)
from .values import *  # noqa: F403
from .values import CLASS_ALIASES, CLASS_KEYS, CLASSIFIED, RACE, STATUSES, class_named
from .versions import UPCASTERS, VERSIONS, Upcaster, current_version, upcast

__all__ = [  # noqa: F405
    "CLASS_ALIASES", "CLASS_KEYS", "CLASSIFIED", "ENVELOPE_FIELDS", "EVENT_TYPES", "Event",
    "Envelope", "MAX_MICROS", "MIN_MICROS", "RACE", "STATUSES", "TYPE_NAMES", "UPCASTERS",
    "Upcaster", "VERSIONS", "class_named", "current_version", "micros_to_time",
    "time_to_micros", "upcast",
]
