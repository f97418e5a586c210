"""The review store on a real SQLite file: schema, WAL, history kept, concurrent writers."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studykit import quiz
from studykit.store import MIGRATIONS, Store, StoredCard


def card(n: int, deck: str = "deck", kind: str = "qa", topic: str = "deck#t") -> StoredCard:
    return StoredCard(f"c{n}", deck, kind, f"질문 {n}", f"답 {n}", topic, "T", ["x"], n, False)


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "s.sqlite3") as s:
        s.sync_deck("deck", [(card(n), False) for n in range(5)])
        yield s


def test_schema_version_and_wal(store: Store) -> None:
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer studykit"):
        Store(path)


def test_answer_is_committed_at_once(store: Store) -> None:
    user = store.user_id()
    review = quiz.answer(store, user, card(0), 3, mode="flip", elapsed_ms=1200)
    other = sqlite3.connect(store.path)  # another process would see exactly this
    rows = other.execute("SELECT card_id, rating, mode, elapsed_ms FROM reviews").fetchall()
    assert rows == [("c0", 3, "flip", 1200)]
    assert other.execute("SELECT due FROM card_state").fetchone()[0] == review.due


def test_card_leaving_its_deck_keeps_history(store: Store) -> None:
    user = store.user_id()
    quiz.answer(store, user, card(1), 3, mode="flip")
    store.sync_deck("deck", [(card(n), False) for n in (0, 2, 3, 4)])
    assert store.card("c1") is not None
    assert [c.id for c in quiz.plan(store, user, quiz.Selection())] == ["c0", "c2", "c3", "c4"]
    store.sync_deck("deck", [(card(n), False) for n in range(5)])
    assert len(store.reviews(user, "c1")) == 1


def test_plan_due_first_then_new_up_to_daily_allowance(store: Store) -> None:
    user = store.user_id()
    yesterday = datetime.now(UTC) - timedelta(days=1, hours=1)
    quiz.answer(store, user, card(3), 1, mode="flip", at=yesterday)
    planned = quiz.plan(store, user, quiz.Selection(), new_per_day=2)
    assert [c.id for c in planned] == ["c3", "c0", "c1"]
    quiz.answer(store, user, card(0), 3, mode="flip")
    assert [c.id for c in quiz.plan(store, user, quiz.Selection(), new_per_day=2)] == [
        "c3",
        "c1",
    ]


def test_suspended_cards_are_not_asked(store: Store) -> None:
    store.sync_deck("deck", [(card(n), n == 0) for n in range(5)])
    assert "c0" not in [c.id for c in quiz.plan(store, store.user_id(), quiz.Selection())]


def test_selection_by_deck_topic_and_tag(store: Store) -> None:
    store.sync_deck("other-note", [(card(9, "other-note", topic="other-note#lstm"), False)])
    user = store.user_id()
    assert [c.id for c in quiz.plan(store, user, quiz.Selection("other"))] == ["c9"]
    assert [c.id for c in quiz.plan(store, user, quiz.Selection("#lst"))] == ["c9"]
    assert quiz.plan(store, user, quiz.Selection(tag="nope")) == []
    assert len(quiz.plan(store, user, quiz.Selection(tag="x"))) == 6


def test_choices_come_from_siblings(store: Store) -> None:
    options = quiz.choices(store, card(0))
    assert len(options) == 4 and "답 0" in options
    assert set(options) <= {f"답 {n}" for n in range(5)}


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with Store(path) as s:
        s.sync_deck("deck", [(card(n), False) for n in range(40)])
    errors: list[BaseException] = []

    def learner(offset: int) -> None:
        try:
            with Store(path) as s:
                user = s.user_id()
                for n in range(offset, 40, 2):
                    quiz.answer(s, user, card(n), 3, mode="flip")
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=learner, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(path) as s:
        assert sorted(r.card_id for r in s.reviews(s.user_id())) == sorted(
            f"c{n}" for n in range(40)
        )
