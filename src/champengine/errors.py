"""One error root for the engine, a few clear subclasses.

The command line turns each into one line on stderr and an exit code:
``UsageError`` and ``DecodeError`` exit 2 (the input is malformed), everything
else exits 1 (refused by the season's state, or by the log's own state).
"""


class ChampError(Exception):
    """Root of every error the engine raises on purpose."""

    exit_code = 1


class UsageError(ChampError):
    """The request itself is malformed: an unknown class, a round that cannot be parsed."""

    exit_code = 2


class DecodeError(ChampError):
    """Input that cannot be read as events: bad JSON, an unknown type, a missing field."""

    exit_code = 2


# --- the log -------------------------------------------------------------------


class StoreError(ChampError):
    """The store refused an operation."""


class ConcurrencyError(StoreError):
    """``expected_seq`` did not match the season's last seq: someone appended first."""


class DuplicateIdError(StoreError):
    """An id already in the log was appended with other content."""


class LogLockedError(StoreError):
    """Another process holds the log's write lock."""


class CorruptLogError(StoreError):
    """The log file is damaged somewhere other than a torn tail."""

    def __init__(self, message: str, *, offset: int, last_good_seq: int | None = None):
        super().__init__(message)
        self.offset = offset
        self.last_good_seq = last_good_seq


class TornTailError(StoreError):
    """The log ends in an incomplete frame: ``repair`` can cut it off."""

    def __init__(self, message: str, *, offset: int, length: int):
        super().__init__(message)
        self.offset = offset
        self.length = length


class InconsistentLog(StoreError):
    """The log holds an event its season cannot hold: one that was never decided
    (a release at an unknown round, a result for a car never entered, ...)."""


class NotALogError(StoreError):
    """The file is not a champengine log."""

    exit_code = 2


# --- the domain --------------------------------------------------------------------


class RefusedError(ChampError):
    """A command the season's state does not allow."""


class UnknownSeason(RefusedError):
    """No such season, or the season was not opened."""


class UnknownRound(RefusedError):
    """The round is not on the calendar."""


class CancelledRound(RefusedError):
    """The round was cancelled: it can have no results."""


class UnknownClass(RefusedError):
    """The class is not (or no longer) part of the season."""


class UnknownCar(RefusedError):
    """No entry holds this car key."""


class WrongClass(RefusedError):
    """A car of another class in a classification."""


class DuplicateCar(RefusedError):
    """A car appears twice in one classification."""


class AlreadyClassified(RefusedError):
    """The race already has a classification: correct it, or penalise."""


class NotClassified(RefusedError):
    """A correction or decision about a race that has no classification yet."""


class UnknownDriver(RefusedError):
    """No driver registered under this key or name."""


class DriverBusy(RefusedError):
    """The driver is nominated in another car at this round."""


class CrewFull(RefusedError):
    """A car already has its maximum number of drivers at this round."""


class UnknownDecision(RefusedError):
    """An appeal or overturn names a decision the log does not hold."""


class Conflict(RefusedError):
    """An event repeats or contradicts what the state already holds."""
