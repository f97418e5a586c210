"""The figures of the stats screens, from a real store (SQLite and PostgreSQL) holding answers
recorded through the quiz's own core (review.session.answer) at chosen times."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from studykit.accounts import user_id
from studykit.cards.model import Card, CardKind
from studykit.db import Database, now, open_store
from studykit.review import session, store
from studykit.review.model import Mode, Rating, Review
from studykit.review.stats import FORECAST_DAYS, RETENTION_WEEKS, stats

FLIP = Mode.FLIP
pytestmark = pytest.mark.usefixtures("clock")  # at each of the dates and zones in conftest


def card(n: int, topic: str, title: str) -> Card:
    deck = topic.partition("#")[0]
    return Card(f"c{n}", CardKind.QA, f"질문 {n}", f"답 {n}", deck, topic, n, title)


STRONG = [card(n, "note-a#강한-주제", "강한 주제") for n in range(3)]
WEAK = [card(n, "note-a#약한-주제", "약한 주제") for n in range(3, 6)]
UNSTARTED = [card(n, "note-b#intro", "Intro") for n in range(6, 8)]
OLD = card(8, "note-c", "")  # a note's introduction: no topic slug


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        store.sync_deck(connection, "note-a", STRONG + WEAK)
        store.sync_deck(connection, "note-b", UNSTARTED)
        store.sync_deck(connection, "note-c", [OLD])
        yield connection


def history(db: Database, user: int) -> dict[str, Review]:
    """Every card of note-a learnt 25 days ago (Easy: straight to review); at its first due
    date the strong topic's are remembered, the weak topic's forgotten (Again) and relearnt
    ten minutes later. One card of note-c was forgotten 100 days ago and never done again.
    Returns each card's last review. At noon: ten minutes later is the same day at any
    time the test runs (at 23:59 it would not be)."""
    noon = now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    start = noon - timedelta(days=25)
    last = {}
    for c in STRONG + WEAK:
        first = session.answer(db, user, c, Rating.EASY, mode=FLIP, at=start)
        if c in STRONG:
            last[c.id] = session.answer(db, user, c, Rating.GOOD, mode=FLIP, at=first.due)
        else:
            session.answer(db, user, c, Rating.AGAIN, mode=FLIP, at=first.due)
            later = first.due + timedelta(minutes=10)
            last[c.id] = session.answer(db, user, c, Rating.GOOD, mode=FLIP, at=later)
    old = now() - timedelta(days=100)
    last[OLD.id] = session.answer(db, user, OLD, Rating.AGAIN, mode=FLIP, at=old)
    return last


def local(at: datetime) -> date:
    return at.astimezone().date()


def test_retention_counts_answers_to_cards_due_for_review(db: Database) -> None:
    user = user_id(db)
    last = history(db, user)
    figures = stats(db, user, desired_retention=0.85)
    assert len(figures.retention) == RETENTION_WEEKS
    assert figures.retention[-1].start == figures.today - timedelta(figures.today.weekday())
    # 6 answers to due cards (the learning steps and the relearning one do not count)
    assert sum(w.reviews for w in figures.retention) == 6
    assert sum(w.remembered for w in figures.retention) == 3
    weeks = {w.start: w for w in figures.retention}
    for review in last.values():
        if review.card_id != OLD.id:
            day = local(review.reviewed_at)
            assert weeks[day - timedelta(day.weekday())].reviews > 0
    assert figures.desired_retention == 0.85
    # every answer of the last 30 days counts for the recall rate: 6 Easy, 3 Good, 3 Again, 3 Good
    assert (figures.recent, figures.remembered) == (15, 12)


def test_forecast_has_each_cards_next_due_day_and_the_overdue_today(db: Database) -> None:
    user = user_id(db)
    last = history(db, user)
    figures = stats(db, user)
    today = figures.today
    assert [day for day, _ in figures.forecast] == [
        today + timedelta(n) for n in range(FORECAST_DAYS)
    ]
    expected = Counter(
        max(local(r.due), today)
        for r in last.values()
        if local(r.due) < today + timedelta(FORECAST_DAYS)
    )
    assert dict((d, n) for d, n in figures.forecast if n) == dict(expected)
    overdue = [r.card_id for r in last.values() if local(r.due) < today]
    assert OLD.id in overdue  # forgotten 100 days ago, due a minute later
    assert figures.overdue == len(overdue) and figures.forecast[0][1] >= len(overdue)
    assert figures.due_by_day == figures.forecast[:7]


def test_topics_weakest_first_then_not_started(db: Database) -> None:
    user = user_id(db)
    history(db, user)
    topics = stats(db, user).topics
    names = [(t.note, t.topic, t.title) for t in topics]
    assert names.index(("note-a", "약한-주제", "약한 주제")) < names.index(
        ("note-a", "강한-주제", "강한 주제")
    )
    weak, strong = (
        next(t for t in topics if t.title == title) for title in ("약한 주제", "강한 주제")
    )
    assert (weak.cards, weak.studied, weak.answers, weak.missed) == (3, 3, 9, 3)
    assert (strong.cards, strong.studied, strong.answers, strong.missed) == (3, 3, 6, 0)
    assert weak.recall is not None and strong.recall is not None
    assert 0 < weak.recall < strong.recall <= 1
    old = next(t for t in topics if t.note == "note-c")
    assert (old.topic, old.title, old.cards, old.studied) == ("", "note-c", 1, 1)
    assert old.recall is not None and old.recall < weak.recall  # forgotten 100 days ago
    assert topics[-1].title == "Intro" and topics[-1].recall is None
    assert (topics[-1].cards, topics[-1].studied) == (2, 0)


def test_mastery_is_recall_at_the_horizon(db: Database) -> None:
    user = user_id(db)
    history(db, user)
    at = {h: {t.title: t.recall for t in stats(db, user, horizon=timedelta(days=h)).topics}
          for h in (0, 7, 30)}  # fmt: skip
    for title in ("약한 주제", "강한 주제"):
        assert at[0][title] > at[7][title] > at[30][title]  # forgetting goes on
    assert stats(db, user).summary()["mastery_horizon_days"] == 7
    assert stats(db, user, horizon=timedelta(days=30)).summary()["mastery_horizon_days"] == 30


def test_another_learner_sees_only_their_own_figures(db: Database) -> None:
    history(db, user_id(db))
    other = user_id(db, "ben")
    figures = stats(db, other)
    assert figures.recent == 0 and figures.overdue == 0 and not figures.per_day
    assert all(t.studied == 0 and t.recall is None for t in figures.topics)
    assert sum(n for _, n in figures.forecast) == 0


def test_heatmap_shades_and_legend(db: Database) -> None:
    user = user_id(db)
    history(db, user)
    figures = stats(db, user)
    busiest = max(figures.per_day.values())
    assert figures.busiest == busiest == 9  # the day the weak cards were forgotten and relearnt
    assert figures.level(0) == 0 and figures.level(1) == 1 and figures.level(busiest) == 4
    assert figures.level_ranges() == ["0", "1-2", "3-4", "5-6", "7-9"]
    assert len(figures.weeks) == 20 and all(len(w) == 7 for w in figures.weeks)
    assert figures.weeks[-1][0].weekday() == 0 and figures.today in figures.weeks[-1]
    months = figures.months()
    assert months and all(0 <= i < 20 for i, _ in months)
    for index, name in months[1:]:  # above the week the month begins in, never cut at the
        # right edge: a name is wider than a week's column, so the last week's goes one left
        begins = [i for i, w in enumerate(figures.weeks) if any(d.day == 1 for d in w)]
        starts = next(i for i in begins if figures.weeks[i][-1].strftime("%b") == name)
        assert index == min(starts, len(figures.weeks) - 2), name


def test_summary_is_json_with_the_old_fields_kept(db: Database) -> None:
    user = user_id(db)
    history(db, user)
    summary = json.loads(json.dumps(stats(db, user).summary()))
    assert {"reviews_per_day", "recent_answers", "recall", "due_next_7_days"} <= set(summary)
    assert summary["recall"] == pytest.approx(12 / 15)
    assert len(summary["due_next_30_days"]) == FORECAST_DAYS
    assert summary["retention_by_week"][0].keys() == {"start", "reviews", "remembered", "rate"}
    weak = next(t for t in summary["topics"] if t["title"] == "약한 주제")
    assert weak["missed"] == 3 and weak["note"] == "note-a" and weak["topic"] == "약한-주제"
