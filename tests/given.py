"""One helper for given / when / then tests of the deciders and the projections.

``given(*items)`` folds events into a ``SeasonState``; ``when(state, command)``
decides a command; ``then`` and ``then_raises`` check what it decided. Items are
event payloads, or ``at(payload, id=..., on=...)`` where a test needs an event's
id (an appeal names the decision it appeals) or its recording date (points in
time). ``season()`` is a small hand-made season for tests to extend:

- classes LMP2 and GTC, scored by ``ScoringRules()`` (25-18-15-12-10-8-6-4-2-1, pole 1);
- rounds inje (4 Aug), fuji (22 Sep), zhuhai (10 Nov), sepang (8 Dec) 2013;
- LMP2: #1 and #3 Oak Racing (Morgan), #2 KCMG (Oreca);
  GTC: #91 AF Corse and #92 Clearwater (Ferrari), #93 Craft (Porsche);
- a crew for every car at every round (``crews()``); #91's has no Asian driver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pytest

from champengine.domain import Decision, decide
from champengine.events import (
    CLASSIFIED,
    ClassAdded,
    DriverNominated,
    DriverRegistered,
    EntryRegistered,
    Envelope,
    RaceClassified,
    ResultRow,
    RoundScheduled,
    ScoringRules,
    ScoringRulesAdopted,
    SeasonOpened,
)
from champengine.projections.season import SeasonState, fold
from champengine.projections.standings import table

SEASON = "test-2013"
#: when the first event was recorded, unless it says otherwise
T0 = dt.datetime(2013, 1, 1, 12, tzinfo=dt.UTC)

# --- envelopes ------------------------------------------------------------------------


@attrs.frozen
class At:
    """A payload with the envelope fields a test names."""

    payload: object
    id: str | None = None
    on: dt.datetime | None = None


def at(payload: object, *, id: str | None = None, on: dt.date | dt.datetime | None = None) -> At:
    """A payload recorded under ``id`` and/or on a day (noon UTC) or at an instant."""
    if isinstance(on, dt.date) and not isinstance(on, dt.datetime):
        on = dt.datetime.combine(on, dt.time(12), dt.UTC)
    return At(payload, id, on)


def log(*items: object, start: int = 1, since: dt.datetime = T0) -> list[Envelope]:
    """Envelopes for ``items`` at seqs ``start``, ``start + 1``, ...

    Ids default to ``ev-<seq>``; recorded_at to the previous event's (it never
    decreases), ``since`` for the first.
    """
    out: list[Envelope] = []
    when = since
    for seq, item in enumerate(_flat(items), start=start):
        wrapped = item if isinstance(item, At) else At(item)
        when = max(when, wrapped.on or when)
        out.append(Envelope.of(wrapped.payload, id=wrapped.id or f"ev-{seq}", season=SEASON,
                               seq=seq, position=seq, recorded_at=when))
    return out


def _flat(items: Iterable[object]) -> Iterable[object]:
    for item in items:
        if isinstance(item, list | tuple):
            yield from _flat(item)
        else:
            yield item


# --- given / when / then -------------------------------------------------------------


def given(*items: object) -> SeasonState:
    """The state after the events (payloads, ``at(...)`` items, or lists of them)."""
    return fold(log(*items))


def when(state: SeasonState, command: object) -> Decision:
    return decide(state, command)


def then(decision: Decision, *events: object, warnings: tuple[str, ...] = ()) -> None:
    """The decision records exactly ``events`` and warns exactly ``warnings``."""
    assert decision.events == events
    assert decision.warnings == warnings


def then_raises(error: type[Exception], state: SeasonState, command: object,
                *names: str) -> Exception:
    """Deciding ``command`` raises exactly ``error``, whose message names each of ``names``."""
    with pytest.raises(error) as info:
        decide(state, command)
    assert type(info.value) is error
    for name in names:
        assert name in str(info.value)
    return info.value


# --- a hand-made season ----------------------------------------------------------------

ROUNDS = (("inje", dt.date(2013, 8, 4)), ("fuji", dt.date(2013, 9, 22)),
          ("zhuhai", dt.date(2013, 11, 10)), ("sepang", dt.date(2013, 12, 8)))
ROUND_KEYS = tuple(key for key, _ in ROUNDS)

ENTRIES = (
    EntryRegistered("1", "LMP2", "Oak Racing", "FRA", "Morgan LMP2", "Judd", "Morgan"),
    EntryRegistered("2", "LMP2", "KCMG", "HKG", "Oreca 03", "Nissan", "Oreca"),
    EntryRegistered("3", "LMP2", "Oak Racing", "FRA", "Morgan LMP2", "Nissan", "Morgan"),
    EntryRegistered("91", "GTC", "AF Corse", "ITA", "Ferrari 458 Italia GT3", None, "Ferrari"),
    EntryRegistered("92", "GTC", "Clearwater", "SGP", "Ferrari 458 Italia GT3", None, "Ferrari"),
    EntryRegistered("93", "GTC", "Craft", "HKG", "Porsche 997 GT3 R", None, "Porsche"),
)
CLASS_OF = {e.car: e.class_ for e in ENTRIES}

DRIVERS = (
    DriverRegistered("cheng", "David Cheng", ("Cheng Congfu",), "CHN", "silver"),
    DriverRegistered("winslow", "James Winslow", (), "GBR", "gold"),
    DriverRegistered("ho", "Ho-Pin Tung", (), "CHN", "platinum"),
    DriverRegistered("leung", "Alex Leung", (), "HKG", "bronze"),
    DriverRegistered("lee", "Lee Kyung", (), "KOR", "silver"),
    DriverRegistered("wyatt", "Steve Wyatt", (), "AUS", "bronze"),
    DriverRegistered("cioci", "Andrea Cioci", (), "ITA", "silver"),
    DriverRegistered("mok", "Weng Sun Mok", (), "MAS", "bronze"),
    DriverRegistered("frey", "Frank Yu", (), "HKG", "bronze"),
)

#: car -> its drivers at every round
CREWS = {"1": ("cheng", "winslow"), "2": ("ho", "leung"), "3": ("lee",),
         "91": ("wyatt", "cioci"), "92": ("mok",), "93": ("frey",)}


#: the rules the hand-made season adopts unless a test gives others
RULES = ScoringRules()


def opened(rules: ScoringRules = RULES) -> list:
    """The season opened with its two classes and their rules."""
    return [SeasonOpened(SEASON, "Test Le Mans Series", 2013), ClassAdded("LMP2"),
            ClassAdded("GTC"), ScoringRulesAdopted(("LMP2", "GTC"), rules)]


def calendar() -> list:
    return [RoundScheduled(key, key.title(), None, None, date) for key, date in ROUNDS]


def crews(*rounds: str) -> list:
    """Every car's crew at each round (every round when none is named)."""
    return [DriverNominated(r, car, d)
            for r in rounds or ROUND_KEYS for car, drivers in CREWS.items() for d in drivers]


def season(rules: ScoringRules = RULES, *, with_crews: bool = True) -> list:
    """The hand-made season before any result."""
    return [*opened(rules), *calendar(), *ENTRIES, *DRIVERS,
            *(crews() if with_crews else ())]


# --- results ---------------------------------------------------------------------------


def rows(*cars: str, status: str = CLASSIFIED) -> tuple[ResultRow, ...]:
    return tuple(ResultRow(car, status) for car in cars)


def race(round_key: str, *cars: str, others: Iterable[ResultRow] = (),
         **kw) -> RaceClassified:
    """A classification: ``cars`` classified in that order, then ``others``; class from the cars."""
    class_ = CLASS_OF[cars[0] if cars else next(iter(others)).car]
    return RaceClassified(round_key, class_, rows(*cars) + tuple(others), **kw)


def timed(*lines: tuple[str, int, str]) -> tuple[ResultRow, ...]:
    """Classified rows from (car, laps, total time)."""
    return tuple(ResultRow(car, CLASSIFIED, laps, time) for car, laps, time in lines)


# --- reading the projections -------------------------------------------------------------


def totals(state: SeasonState, class_: str, kind: str = "teams",
           upto: int | None = None) -> dict[str, float]:
    """Competitor key -> total, in table order."""
    return {r.key: r.total for r in table(state, class_, kind, upto).rows}


def positions(state: SeasonState, class_: str, kind: str = "teams",
              upto: int | None = None) -> dict[str, int | None]:
    """Competitor key -> position, in table order."""
    return {r.key: r.position for r in table(state, class_, kind, upto).rows}


def by_round(state: SeasonState, class_: str, key: str, kind: str = "teams",
             upto: int | None = None) -> dict[str, float]:
    """One competitor's points per round (rounds it scored in, 0 kept)."""
    row = next(r for r in table(state, class_, kind, upto).rows if r.key == key)
    return dict(row.by_round)
