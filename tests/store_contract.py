"""The EventStore contract: one abstract test case, one factory hook per backend.

A backend's test module subclasses ``StoreContract`` and overrides ``make_store``;
every backend then passes the very same tests.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from champengine.errors import ConcurrencyError, DuplicateIdError, StoreError
from champengine.events import (
    CarDisqualified,
    DriverNominated,
    Envelope,
    PenaltyImposed,
    RaceClassified,
    ResultRow,
    RoundScheduled,
    SeasonOpened,
    current_version,
)
from champengine.store import EventStore, Pending

A, B = "aslms-2013", "elms-2013"
T0 = dt.datetime(2013, 9, 1, 12, 0, tzinfo=dt.UTC)


def pending(payload, **kw) -> Pending:
    return Pending(id=kw.pop("id", str(uuid.uuid4())), payload=payload, **kw)


def opened(season: str = A, **kw) -> Pending:
    return pending(SeasonOpened(season, "Asian Le Mans Series", 2013), **kw)


def scheduled(round_: str = "inje", **kw) -> Pending:
    return pending(RoundScheduled(round_, circuit="Inje Speedium", date=dt.date(2013, 9, 8)), **kw)


def classified(round_: str = "inje", **kw) -> Pending:
    rows = (ResultRow("1", laps=120, time="4:02'11.003"), ResultRow("007", "DNF"))
    return pending(RaceClassified(round_, "LMP2", rows), **kw)


def snapshot(store: EventStore) -> tuple:
    """Everything the protocol lets a reader see."""
    return (list(store.read_all()), sorted(store.seasons()),
            {s: store.last_seq(s) for s in store.seasons()})


class StoreContract:
    """Tests every EventStore backend must pass; subclasses provide ``make_store``."""

    def make_store(self, tmp_path) -> EventStore:
        raise NotImplementedError

    @pytest.fixture
    def store(self, tmp_path):
        store = self.make_store(tmp_path)
        yield store
        store.close()

    # -- append and read back -------------------------------------------------------------

    def test_a_new_store_is_empty(self, store):
        assert list(store.read_all()) == []
        assert list(store.read(A)) == []
        assert store.seasons() == []
        assert store.last_seq(A) == 0

    def test_append_then_read_back_the_batch(self, store):
        batch = [opened(), scheduled(actor="clerk", note="calendar", source="seed line 3"),
                 classified(inferred=True)]
        before = dt.datetime.now(dt.UTC)
        appended = store.append(A, batch, expected_seq=0)
        after = dt.datetime.now(dt.UTC)

        assert [e.seq for e in appended] == [1, 2, 3]
        assert [e.position for e in appended] == [1, 2, 3]
        assert [e.id for e in appended] == [p.id for p in batch]
        assert [e.payload for e in appended] == [p.payload for p in batch]
        assert [e.type for e in appended] == ["SeasonOpened", "RoundScheduled", "RaceClassified"]
        assert [e.version for e in appended] == [current_version(e.type) for e in appended]
        assert all(e.season == A for e in appended)
        second = appended[1]
        assert (second.actor, second.note, second.source, second.inferred) == (
            "clerk", "calendar", "seed line 3", False)
        assert appended[2].inferred is True
        for env in appended:  # stamped by the store, in UTC
            assert env.recorded_at.utcoffset() == dt.timedelta(0)
            assert before - dt.timedelta(seconds=1) <= env.recorded_at <= after
        assert list(store.read(A)) == appended
        assert list(store.read_all()) == appended
        assert store.last_seq(A) == 3

    def test_seqs_are_contiguous_per_season_and_positions_global(self, store):
        store.append(A, [opened(A), scheduled()])
        store.append(B, [opened(B)])
        store.append(A, [classified()])
        store.append(B, [scheduled("spa"), scheduled("monza")])

        assert [e.seq for e in store.read(A)] == [1, 2, 3]
        assert [e.seq for e in store.read(B)] == [1, 2, 3]
        everything = list(store.read_all())
        assert [e.position for e in everything] == [1, 2, 3, 4, 5, 6]
        assert [(e.season, e.seq) for e in everything] == [
            (A, 1), (A, 2), (B, 1), (A, 3), (B, 2), (B, 3)]
        assert [e.position for e in store.read(A)] == [1, 2, 4]

    def test_recorded_at_is_kept_when_given(self, store):
        when = dt.datetime(2013, 9, 8, 14, 30, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=9)))
        [env] = store.append(A, [opened(recorded_at=when)])
        assert env.recorded_at == when
        assert next(store.read(A)).recorded_at == when

    def test_recorded_at_never_decreases_along_seq(self, store):
        future = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
        store.append(A, [opened(recorded_at=T0), scheduled()])
        store.append(A, [classified(recorded_at=future)])
        store.append(A, [pending(CarDisqualified("inje", "1"))])  # stamped after the future one
        times = [e.recorded_at for e in store.read(A)]
        assert times == sorted(times)
        assert times[-1] >= future

    def test_seasons_lists_every_season_with_events(self, store):
        store.append(A, [opened(A)])
        store.append(B, [opened(B)])
        store.append(A, [scheduled()])
        assert sorted(store.seasons()) == sorted([A, B])

    def test_an_empty_batch_writes_nothing(self, store):
        assert store.append(A, [], expected_seq=0) == []
        assert snapshot(store) == ([], [], {})

    # -- reading ranges ----------------------------------------------------------------------

    def _five(self, store) -> list[Envelope]:
        store.append(A, [opened(A), scheduled("inje"), scheduled("fuji")])
        store.append(B, [opened(B)])
        store.append(A, [scheduled("zhuhai"), scheduled("sepang")])
        return list(store.read(A))

    def test_read_from_a_seq(self, store):
        events = self._five(store)
        assert list(store.read(A, from_seq=3)) == events[2:]
        assert list(store.read(A, from_seq=5)) == events[4:]
        assert list(store.read(A, from_seq=6)) == []
        assert list(store.read(A, from_seq=0)) == events

    def test_read_up_to_a_seq(self, store):
        events = self._five(store)
        assert list(store.read(A, to_seq=2)) == events[:2]
        assert list(store.read(A, from_seq=2, to_seq=4)) == events[1:4]
        assert list(store.read(A, from_seq=3, to_seq=3)) == [events[2]]
        assert list(store.read(A, to_seq=99)) == events
        assert list(store.read(A, to_seq=0)) == []
        assert list(store.read(A, from_seq=4, to_seq=2)) == []

    def test_read_an_unknown_season_is_empty(self, store):
        self._five(store)
        assert list(store.read("no-such-season")) == []
        assert store.last_seq("no-such-season") == 0

    def test_read_all_from_a_position(self, store):
        self._five(store)
        everything = list(store.read_all())
        assert [e.position for e in everything] == [1, 2, 3, 4, 5, 6]
        assert list(store.read_all(from_position=4)) == everything[3:]
        assert list(store.read_all(from_position=6)) == everything[5:]
        assert list(store.read_all(from_position=7)) == []
        assert list(store.read_all(from_position=0)) == everything

    def test_last_seq(self, store):
        self._five(store)
        assert store.last_seq(A) == 5
        assert store.last_seq(B) == 1

    # -- idempotency ---------------------------------------------------------------------------

    def test_appending_the_same_batch_again_changes_nothing(self, store):
        batch = [opened(actor="clerk"), scheduled(note="from the seed")]
        first = store.append(A, batch, expected_seq=0)
        before = snapshot(store)
        again = store.append(A, batch, expected_seq=0)  # a retry after a lost acknowledgement
        assert again == first
        assert snapshot(store) == before

    def test_a_retry_is_recognised_before_expected_seq_is_checked(self, store):
        batch = [opened(), scheduled()]
        first = store.append(A, batch, expected_seq=0)
        store.append(A, [classified()], expected_seq=2)  # someone else wrote meanwhile
        before = snapshot(store)
        assert store.append(A, batch, expected_seq=0) == first
        assert store.append(A, batch, expected_seq=17) == first
        assert snapshot(store) == before

    def test_a_retry_with_the_stamped_recorded_at_is_the_same_content(self, store):
        [env] = store.append(A, [opened()])
        before = snapshot(store)
        assert store.append(A, [Pending.of(env)]) == [env]
        assert snapshot(store) == before

    def test_ids_already_stored_are_skipped_and_the_rest_appended(self, store):
        done = opened()
        [first] = store.append(A, [done])
        out = store.append(A, [done, scheduled()], expected_seq=1)
        assert out[0] == first
        assert [(e.seq, e.position) for e in out[1:]] == [(2, 2)]
        assert [e.seq for e in store.read(A)] == [1, 2]

    def test_same_id_with_other_content_is_refused_and_writes_nothing(self, store):
        original = scheduled()
        store.append(A, [opened(), original])
        before = snapshot(store)
        changes = [
            Pending(original.id, RoundScheduled("fuji")),
            Pending(original.id, original.payload, note="another note"),
            Pending(original.id, original.payload, actor="someone else"),
            Pending(original.id, original.payload, inferred=True),
            Pending(original.id, original.payload, recorded_at=T0 - dt.timedelta(days=1)),
        ]
        for other in changes:
            with pytest.raises(DuplicateIdError):
                store.append(A, [scheduled("fuji"), other])
            assert snapshot(store) == before

    def test_same_id_in_another_season_is_refused(self, store):
        event = opened(A)
        store.append(A, [event])
        before = snapshot(store)
        with pytest.raises(DuplicateIdError):
            store.append(B, [event])
        assert snapshot(store) == before

    def test_a_duplicate_id_inside_one_batch_is_refused(self, store):
        store.append(A, [opened()])
        before = snapshot(store)
        twice = scheduled()
        with pytest.raises(DuplicateIdError):
            store.append(A, [twice, classified(), twice])
        assert snapshot(store) == before

    # -- optimistic concurrency ---------------------------------------------------------------------

    def test_expected_seq_that_matches_appends(self, store):
        store.append(A, [opened()], expected_seq=0)
        store.append(A, [scheduled()], expected_seq=1)
        store.append(B, [opened(B)], expected_seq=0)  # per season
        assert store.last_seq(A) == 2 and store.last_seq(B) == 1

    @pytest.mark.parametrize("stale", [0, 1, 3, 99])
    def test_stale_expected_seq_is_refused_and_writes_nothing(self, store, stale):
        store.append(A, [opened(), scheduled()])
        before = snapshot(store)
        with pytest.raises(ConcurrencyError):
            store.append(A, [classified(), pending(CarDisqualified("inje", "1"))],
                         expected_seq=stale)
        assert snapshot(store) == before

    def test_expected_seq_of_another_season_does_not_count(self, store):
        store.append(A, [opened(A), scheduled()])
        with pytest.raises(ConcurrencyError):
            store.append(B, [opened(B)], expected_seq=2)
        assert store.seasons() == [A]

    # -- refused batches ------------------------------------------------------------------------

    def test_recorded_at_going_back_in_time_is_refused(self, store):
        store.append(A, [opened(recorded_at=T0)])
        before = snapshot(store)
        with pytest.raises(StoreError):
            store.append(A, [scheduled(recorded_at=T0 - dt.timedelta(microseconds=1))])
        assert snapshot(store) == before
        # the same instant is allowed: recorded_at never decreases, it may stay
        store.append(A, [scheduled(recorded_at=T0)])

    def test_recorded_at_going_back_inside_a_batch_is_refused(self, store):
        with pytest.raises(StoreError):
            store.append(A, [opened(recorded_at=T0), scheduled(recorded_at=T0 - dt.timedelta(1))])
        assert snapshot(store) == ([], [], {})

    def test_recorded_at_of_another_season_does_not_count(self, store):
        store.append(A, [opened(A)])  # stamped now
        store.append(B, [pending(SeasonOpened(B, "ELMS", 2013), recorded_at=T0)])
        assert next(store.read(B)).recorded_at == T0

    def test_recorded_at_without_a_time_zone_is_refused(self, store):
        with pytest.raises(StoreError):
            store.append(A, [opened(recorded_at=dt.datetime(2013, 9, 1, 12, 0))])
        assert snapshot(store) == ([], [], {})

    def test_a_payload_that_is_not_an_event_is_refused(self, store):
        store.append(A, [opened()])
        before = snapshot(store)
        with pytest.raises(StoreError):
            store.append(A, [scheduled(), pending({"type": "RoundScheduled"})])
        assert snapshot(store) == before

    # -- several seasons in one step (issue 17 item 2) ----------------------------------------

    def test_append_batches_appends_every_season_in_order(self, store):
        store.append(A, [opened()])
        out = store.append_batches([(A, [scheduled()], 1), (B, [opened(B), scheduled()], 0)])
        assert [[(e.season, e.seq, e.position) for e in batch] for batch in out] == [
            [(A, 2, 2)], [(B, 1, 3), (B, 2, 4)]]
        assert list(store.read_all()) == [*list(store.read(A, 1, 1)), *out[0], *out[1]]
        # again: every event is already there, nothing is written
        assert store.append_batches([(A, [Pending.of(e) for e in out[0]], None),
                                     (B, [Pending.of(e) for e in out[1]], None)]) == out
        assert len(list(store.read_all())) == 4

    @pytest.mark.parametrize("fault", ["stale expected_seq", "id of another season",
                                       "id twice across batches", "not an event"])
    def test_append_batches_is_all_or_nothing(self, store, fault):
        store.append(A, [opened()])
        before = snapshot(store)
        first = opened(B)
        second = {"stale expected_seq": (A, [scheduled()], 0),
                  "id of another season": (A, [scheduled(id=next(store.read(A)).id)], None),
                  "id twice across batches": (A, [scheduled(id=first.id)], None),
                  "not an event": (A, [pending({"type": "x"})], None)}[fault]
        with pytest.raises(StoreError):
            store.append_batches([(B, [first, scheduled()], 0), second])
        assert snapshot(store) == before
        store.append(B, [opened(B)], expected_seq=0)  # and the store goes on

    # what one backend cannot keep, every backend refuses the same way, before writing
    # (issue 17 item 5: PostgreSQL refuses NUL in text and index entries past 2,704 bytes)
    @pytest.mark.parametrize("where", ["season", "id", "actor", "note", "source"])
    @pytest.mark.parametrize("text", ["a\x00b", "\ud800", "k" * 9000])
    def test_a_text_one_backend_cannot_keep_is_refused_by_every_store(self, store, where, text):
        if len(text) == 9000 and where not in ("season", "id"):
            text = "fine " * 1800  # long notes are fine: only keys are indexed
            long_ok = True
        else:
            long_ok = False
        store.append(A, [opened()])
        before = snapshot(store)
        season = text if where == "season" else A
        event = scheduled(**{where: text}) if where != "season" else opened(text)
        if long_ok:
            store.append(season, [event])
            return
        with pytest.raises(StoreError):
            store.append(season, [event])
        assert snapshot(store) == before

    def test_every_event_type_survives_the_store(self, store):
        payloads = [
            SeasonOpened(A, "Asian Le Mans Series", 2013),
            RoundScheduled("inje", "3 Hours of Inje", "Inje Speedium", "KOR", dt.date(2013, 9, 8)),
            DriverNominated("inje", "1", "winslow"),
            RaceClassified("inje", "LMP2", (ResultRow("1", laps=98, time="3:00'12.4"),),
                           partial=True, stopped_short=True),
            PenaltyImposed("inje", "1", "time", 30.5, "pit lane speeding"),
        ]
        appended = store.append(A, [pending(p) for p in payloads])
        assert [e.payload for e in store.read(A)] == payloads == [e.payload for e in appended]
