"""The review store on real databases (a SQLite file, and PostgreSQL): schema, history
kept, answers committed at once, concurrent writers from several processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studykit import quiz
from studykit.schedule import review
from studykit.store import MIGRATIONS, Store, StoredCard, is_url


def card(n: int, deck: str = "deck", kind: str = "qa", topic: str = "deck#t") -> StoredCard:
    return StoredCard(f"c{n}", deck, kind, f"질문 {n}", f"답 {n}", topic, "T", ["x"], n, False)


@pytest.fixture
def store(store_target: str):
    with Store(store_target) as s:
        s.sync_deck("deck", [(card(n), False) for n in range(5)])
        yield s


def other_connection(target: str):
    """A second connection, as another process would open it."""
    if is_url(target):
        import psycopg

        return psycopg.connect(target, autocommit=True)
    return sqlite3.connect(target)


def test_schema_version(store: Store, store_target: str) -> None:
    db = other_connection(store_target)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]
    Store(store_target).close()  # migrating again changes nothing
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    Store(tmp_path / "s.sqlite3").close()
    db = sqlite3.connect(tmp_path / "s.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(store_target: str) -> None:
    Store(store_target).close()
    db = other_connection(store_target)
    db.execute("UPDATE schema_version SET version = version + 1")
    db.commit()
    with pytest.raises(RuntimeError, match="newer studykit"):
        Store(store_target)


def test_answer_is_committed_at_once(store: Store, store_target: str) -> None:
    user = store.user_id()
    answered = quiz.answer(store, user, card(0), 3, mode="flip", elapsed_ms=1200)
    other = other_connection(store_target)
    rows = other.execute("SELECT card_id, rating, mode, elapsed_ms FROM reviews").fetchall()
    assert rows == [("c0", 3, "flip", 1200)]
    assert other.execute("SELECT due FROM card_state").fetchone()[0] == answered.due


def test_card_leaving_its_deck_keeps_history(store: Store) -> None:
    user = store.user_id()
    quiz.answer(store, user, card(1), 3, mode="flip")
    store.sync_deck("deck", [(card(n), False) for n in (0, 2, 3, 4)])
    assert store.card("c1") is not None
    assert [c.id for c in quiz.plan(store, user, quiz.Selection())] == ["c0", "c2", "c3", "c4"]
    store.sync_deck("deck", [(card(n), False) for n in range(5)])
    assert len(store.reviews(user, "c1")) == 1
    store.drop_decks_except([])
    assert quiz.plan(store, user, quiz.Selection()) == []


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


def test_meta_and_ledger_upserts(store: Store) -> None:
    store.put("k", "1")
    store.put("k", "2")
    assert store.get("k") == "2"
    store.set_parameters(store.user_id(), [0.5, 1.5])
    assert store.parameters(store.user_id()) == [0.5, 1.5]


ANSWERS_PER_PROCESS = 10


def _worker(target: str, barrier, failures) -> None:
    """One service process: ten threads answer the same card of the same learner at once."""

    def answer_once() -> None:
        try:
            with Store(target) as s:
                barrier.wait(timeout=30)
                quiz.answer(s, s.user_id(), card(0), 3, mode="flip")
        except BaseException as error:  # reported to the test
            failures.put(repr(error))

    threads = [threading.Thread(target=answer_once) for _ in range(ANSWERS_PER_PROCESS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_simultaneous_answers_from_two_processes(store: Store, store_target: str) -> None:
    """20 answers of one learner at once, from two processes: each recorded exactly once,
    and the schedule is what answering them one after another gives."""
    user = store.user_id()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2 * ANSWERS_PER_PROCESS)
    failures = context.Queue()
    workers = [
        context.Process(target=_worker, args=(store_target, barrier, failures)) for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert all(worker.exitcode == 0 for worker in workers)
    assert failures.empty(), failures.get()
    history = store.reviews(user, "c0")
    assert len(history) == 2 * ANSWERS_PER_PROCESS
    state = None
    for answer in history:  # replay in the order they were committed
        state = review(state, answer.rating, datetime.fromisoformat(answer.reviewed_at)).state
    assert store.state(user, "c0") == state
