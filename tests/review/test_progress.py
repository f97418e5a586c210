"""What a session shows besides the card, on both databases: the counts of new, learning
and review cards left in a selection, and each rating's next interval, which must be what
answering would schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Scheduler
from helpers import qa_card

from studykit.accounts import user_id
from studykit.db import Database, open_store
from studykit.review import session, store
from studykit.review.model import Mode, Phase, Rating, Selection
from studykit.review.schedule import scheduler, step
from studykit.review.session import Counts, interval_label

FLIP = Mode.FLIP
pytestmark = pytest.mark.usefixtures("clock")  # at each of the dates and zones in conftest


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        store.sync_deck(connection, "deck", [qa_card(n) for n in range(5)])
        store.sync_deck(connection, "other", [qa_card(n, "other") for n in range(5, 7)])
        yield connection


def test_new_cards_are_counted_up_to_the_days_allowance(db: Database) -> None:
    user = user_id(db)
    assert session.counts(db, user, Selection()) == Counts(new=7, learning=0, review=0)
    assert session.counts(db, user, Selection("deck")) == Counts(new=5, learning=0, review=0)
    assert session.counts(db, user, Selection(), new_per_day=2) == Counts(2, 0, 0)
    session.answer(db, user, qa_card(0), Rating.GOOD, mode=FLIP)  # a learning step: 10 min
    assert session.counts(db, user, Selection(), new_per_day=2) == Counts(1, 1, 0)  # learn-ahead
    assert session.counts(db, user, Selection(tag="nope")) == Counts(0, 0, 0)
    # the counts are what plan offers
    at = datetime.now(UTC)
    left = session.counts(db, user, Selection(), new_per_day=2, at=at)
    planned = session.plan(db, user, Selection(), new_per_day=2, at=at)
    assert len(planned) == left.new + left.learning + left.review


def test_learning_and_review_cards_are_counted_when_due(db: Database) -> None:
    user = user_id(db)
    start = datetime.now(UTC) - timedelta(days=60)
    session.answer(db, user, qa_card(0), Rating.GOOD, mode=FLIP, at=start)  # learning, 10 min
    first = session.answer(db, user, qa_card(1), Rating.EASY, mode=FLIP, at=start)
    assert first.phase == Phase.REVIEW  # due in days, long past by now
    lapsed = session.answer(db, user, qa_card(2), Rating.EASY, mode=FLIP, at=start)
    relearning = session.answer(db, user, qa_card(2), Rating.AGAIN, mode=FLIP, at=lapsed.due)
    assert relearning.phase == Phase.RELEARNING
    store.sync_deck(db, "deck", [qa_card(n, suspended=n == 4) for n in range(5)])
    at = datetime.now(UTC)
    assert session.counts(db, user, Selection("deck"), at=at) == Counts(new=1, learning=2, review=1)
    assert session.counts(db, user, Selection("other"), at=at) == Counts(
        new=2, learning=0, review=0
    )
    # a card answered just now is due again in 10 min: within LEARNING_WINDOW, it counts
    # (plan offers it, early); a card due for review in days does not
    session.answer(db, user, qa_card(3), Rating.GOOD, mode=FLIP, at=at)
    later = at + timedelta(minutes=1)
    assert session.counts(db, user, Selection("deck"), at=later) == Counts(0, 3, 1)
    session.answer(db, user, qa_card(3), Rating.EASY, mode=FLIP, at=later)
    assert session.counts(db, user, Selection("deck"), at=later) == Counts(0, 2, 1)


def test_intervals_are_what_answering_schedules_and_record_nothing(db: Database) -> None:
    user = user_id(db)
    at = datetime.now(UTC)
    ahead = session.intervals(db, user, qa_card(0), at=at)
    assert list(ahead) == list(Rating)
    assert [interval_label(due - at) for due in ahead.values()] == ["<1m", "6m", "10m", "8d"]
    assert store.reviews(db, user) == [] and store.state(db, user, "c0") is None
    for rating in Rating:
        assert ahead[rating] == step(None, rating, at)[1]
    answered = session.answer(db, user, qa_card(0), Rating.GOOD, mode=FLIP, at=at)
    assert answered.due == ahead[Rating.GOOD]
    later = answered.due
    again = session.intervals(db, user, qa_card(0), at=later)
    state = store.state(db, user, "c0")
    assert again == {r: step(state, r, later)[1] for r in Rating}
    assert again[Rating.AGAIN] < again[Rating.HARD] <= again[Rating.GOOD] < again[Rating.EASY]
    assert (
        session.answer(db, user, qa_card(0), Rating.EASY, mode=FLIP, at=later).due
        == (again[Rating.EASY])
    )


def test_intervals_use_the_learners_parameters(db: Database) -> None:
    user = user_id(db)
    at = datetime.now(UTC)
    fitted = list(Scheduler().parameters)
    fitted[2] *= 3  # the initial stability after Good
    store.set_parameters(db, user, fitted)
    ahead = session.intervals(
        db, user, qa_card(0), at=at, pace=session.learner_pace(db, user, retention=0.8)
    )
    mine = scheduler(0.8, fitted)
    assert ahead == {r: step(None, r, at, mine)[1] for r in Rating}
    assert ahead[Rating.EASY] != session.intervals(db, user_id(db, "other"), qa_card(0), at=at)[4]


@pytest.mark.parametrize(
    ("wait", "label"),
    [
        (timedelta(seconds=0), "<1m"),
        (timedelta(minutes=1), "<1m"),
        (timedelta(minutes=5, seconds=40), "6m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(minutes=59, seconds=50), "1h"),
        (timedelta(hours=2, minutes=10), "2h"),
        (timedelta(hours=23, minutes=50), "1d"),
        (timedelta(days=3, hours=3), "3d"),
        (timedelta(days=36), "1.2mo"),
        (timedelta(days=90), "3mo"),
        (timedelta(days=548), "1.5y"),
    ],
)
def test_interval_labels(wait: timedelta, label: str) -> None:
    assert interval_label(wait) == label
