"""A learner's own marks in the store (issue 24): suspend and bury for one learner only,
siblings buried after an answer, leeches suspended after N lapses; on SQLite and PostgreSQL,
with explicit times."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from helpers import qa_card

from studykit.accounts import user_id
from studykit.cards.model import CardKind
from studykit.db import Database, open_store
from studykit.review import session, store
from studykit.review.model import Mode, Phase, Rating, Selection

FLIP = Mode.FLIP
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        store.sync_deck(connection, "deck", [qa_card(n) for n in range(4)])
        yield connection


def planned(db: Database, user: int, at: datetime) -> list[str]:
    return [c.id for c in session.plan(db, user, Selection(), at=at)]


def test_suspend_is_one_learners_and_never_the_decks(db: Database) -> None:
    ann, bob = user_id(db, "ann"), user_id(db, "bob")
    store.suspend(db, ann, "c1")
    assert planned(db, ann, T0) == ["c0", "c2", "c3"]
    assert planned(db, bob, T0) == ["c0", "c1", "c2", "c3"]
    card = store.card(db, "c1")
    assert card is not None and not card.suspended  # the author's switch is untouched
    assert session.counts(db, ann, Selection(), at=T0).new == 3
    assert store.suspended(db, ann) == {"c1"} and store.suspended(db, bob) == set()
    store.suspend(db, ann, "c1", False)
    assert planned(db, ann, T0) == ["c0", "c1", "c2", "c3"]


def test_a_suspended_review_card_is_neither_due_nor_counted(db: Database) -> None:
    ann = user_id(db, "ann")
    session.answer(db, ann, qa_card(2), Rating.GOOD, mode=FLIP, at=T0)
    later = T0 + timedelta(days=30)
    assert "c2" in planned(db, ann, later)
    store.suspend(db, ann, "c2")
    assert "c2" not in planned(db, ann, later)
    assert session.counts(db, ann, Selection(), at=later).review == 0
    assert store.due_between(db, ann, T0, later) == []
    assert "c2" not in [card_id for card_id, *_ in store.card_states(db, ann)]


def test_bury_hides_until_the_time_given(db: Database) -> None:
    ann, bob = user_id(db, "ann"), user_id(db, "bob")
    store.bury(db, ann, "c0", T0 + timedelta(hours=15))
    assert planned(db, ann, T0) == ["c1", "c2", "c3"]
    assert planned(db, bob, T0) == ["c0", "c1", "c2", "c3"]
    assert planned(db, ann, T0 + timedelta(hours=15)) == ["c0", "c1", "c2", "c3"]


def test_siblings_are_buried_until_the_next_local_day(db: Database, clock: object) -> None:
    """The other gap of a cloze (same note line) is buried when one is answered, until
    local midnight, at every date and zone of the clock fixture; a card of another kind
    from the same line is no sibling."""
    first = replace(qa_card(0), kind=CardKind.CLOZE, front="[…]와 답 0", back="질문 0")
    other = replace(first, id="c0r", front="질문 0와 […]", back="답 0")
    same_line = replace(qa_card(1), line=0)
    store.sync_deck(db, "deck", [first, other, same_line])
    ann = user_id(db, "ann")
    at = datetime.now(UTC)
    queue = session.plan(db, ann, Selection(), at=at)
    session.answer(db, ann, first, Rating.GOOD, mode=FLIP, at=at)
    assert [c.id for c in session.still_shown(db, ann, queue, at)] == ["c0", "c1"]
    assert "c0r" not in planned(db, ann, at)
    midnight = session.tomorrow(at)
    assert midnight.astimezone().hour == 0 and midnight > at
    assert midnight - at <= timedelta(hours=25)
    assert "c0r" in planned(db, ann, midnight)
    assert "c0r" not in planned(db, ann, midnight - timedelta(seconds=1))


@pytest.mark.parametrize(
    ("at", "midnight", "later"),
    [  # the clocks go forward at 2:00 on 2027-03-14 in Los Angeles, back on 2027-11-07
        ("2027-03-14T01:30-08:00", "2027-03-15T00:00-07:00", "2027-03-14T12:00-07:00"),
        ("2027-11-07T01:30-07:00", "2027-11-08T00:00-08:00", "2027-11-07T12:00-08:00"),
    ],
)
def test_local_midnights_across_a_change_of_clocks(at: str, midnight: str, later: str) -> None:
    """A card buried before the clocks change comes back at the next local midnight, not an
    hour off; the day's new cards are counted from that day's own midnight."""
    zone = ZoneInfo("America/Los_Angeles")
    with time_machine.travel(datetime.fromisoformat(at).astimezone(zone), tick=False):
        assert session.tomorrow(datetime.fromisoformat(at)) == datetime.fromisoformat(midnight)
        day_start = session.start_of_day(datetime.fromisoformat(later))
        assert day_start == datetime.fromisoformat(at).replace(hour=0, minute=0)


def lapse_until_review(db: Database, user: int, at: datetime) -> datetime:
    """Answer c0 Good until FSRS has it in the review phase; return the time after."""
    for _ in range(10):
        review = session.answer(db, user, qa_card(0), Rating.GOOD, mode=FLIP, at=at)
        at = review.due
        if review.phase == Phase.REVIEW:
            return at
    raise AssertionError("c0 never reached the review phase")


def lapse(db: Database, user: int, times: int, at: datetime) -> datetime:
    for _ in range(times):
        at = lapse_until_review(db, user, at)
        session.answer(db, user, qa_card(0), Rating.AGAIN, mode=FLIP, at=at)
        at += timedelta(minutes=10)
    return at


def test_a_card_lapsing_8_times_is_a_suspended_leech(db: Database) -> None:
    ann, bob = user_id(db, "ann"), user_id(db, "bob")
    at = lapse(db, ann, 7, T0)
    assert store.leeches(db, ann) == []
    at = lapse(db, ann, 1, at)
    (leech,) = store.leeches(db, ann)
    assert (leech.card.id, leech.lapses, leech.suspended) == ("c0", 8, True)
    assert "c0" not in planned(db, ann, at + timedelta(days=400))
    assert store.leeches(db, bob) == [] and "c0" in planned(db, bob, at)
    store.suspend(db, ann, "c0", False)  # unsuspended: asked again, still listed
    assert store.leeches(db, ann)[0].suspended is False
    store.keep(db, ann, "c0")
    assert store.leeches(db, ann) == []
    at = lapse(db, ann, 3, at)  # 11 lapses: not yet a leech again
    assert store.leeches(db, ann) == []
    lapse(db, ann, 1, at)  # 12: half the threshold after 8, as in Anki
    assert [x.lapses for x in store.leeches(db, ann)] == [12]


def test_leech_threshold_is_the_learners_to_set(db: Database) -> None:
    ann = user_id(db, "ann")
    assert store.leech_lapses(db, ann) == store.LEECH_LAPSES == 8
    store.set_leech_lapses(db, ann, 2)
    at = lapse(db, ann, 1, T0)
    assert store.leeches(db, ann) == []
    lapse(db, ann, 1, at)
    assert [x.lapses for x in store.leeches(db, ann)] == [2]


def test_again_in_relearning_is_no_lapse(db: Database) -> None:
    ann = user_id(db, "ann")
    store.set_leech_lapses(db, ann, 1)
    at = lapse(db, ann, 1, T0)
    store.keep(db, ann, "c0")
    session.answer(db, ann, qa_card(0), Rating.AGAIN, mode=FLIP, at=at)  # relearning
    assert store.leeches(db, ann) == []


def test_find_cards_by_id_or_its_start(db: Database) -> None:
    assert [c.id for c in store.find_cards(db, "c1")] == ["c1"]
    assert len(store.find_cards(db, "c")) == 4
    assert store.find_cards(db, "c_") == []  # no wildcard
