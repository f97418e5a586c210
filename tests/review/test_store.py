"""The review store on real databases (a SQLite file, and PostgreSQL): schema, history
kept, answers committed at once, concurrent writers from several processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import qa_card

from studykit.accounts import user_id
from studykit.db import MIGRATIONS, Database, is_url, open_store
from studykit.errors import SchemaError
from studykit.review import session, store
from studykit.review.model import Mode, Rating, Selection
from studykit.review.schedule import step

FLIP = Mode.FLIP


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        store.sync_deck(connection, "deck", [qa_card(n) for n in range(5)])
        yield connection


def other_connection(target: str):
    """A second connection, as another process would open it."""
    if is_url(target):
        import psycopg

        return psycopg.connect(target, autocommit=True)
    return sqlite3.connect(target)


def test_schema_version(db: Database, store_target: str) -> None:
    other = other_connection(store_target)
    assert other.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]
    open_store(store_target).close()  # migrating again changes nothing
    assert other.execute("SELECT version FROM schema_version").fetchall() == [(len(MIGRATIONS),)]


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    open_store(tmp_path / "s.sqlite3").close()
    db = sqlite3.connect(tmp_path / "s.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(store_target: str) -> None:
    open_store(store_target).close()
    other = other_connection(store_target)
    other.execute("UPDATE schema_version SET version = version + 1")
    other.commit()
    with pytest.raises(SchemaError, match="newer studykit"):
        open_store(store_target)


def test_answer_is_committed_at_once(db: Database, store_target: str) -> None:
    user = user_id(db)
    answered = session.answer(db, user, qa_card(0), Rating.GOOD, mode=FLIP, elapsed_ms=1200)
    other = other_connection(store_target)
    rows = other.execute("SELECT card_id, rating, mode, elapsed_ms FROM reviews").fetchall()
    assert rows == [("c0", 3, "flip", 1200)]
    assert other.execute("SELECT due FROM card_state").fetchone()[0] == answered.due.isoformat()


def test_card_leaving_its_deck_keeps_history(db: Database) -> None:
    user = user_id(db)
    session.answer(db, user, qa_card(1), Rating.GOOD, mode=FLIP)
    store.sync_deck(db, "deck", [qa_card(n) for n in (0, 2, 3, 4)])
    assert store.card(db, "c1") is not None
    assert [c.id for c in session.plan(db, user, Selection())] == ["c0", "c2", "c3", "c4"]
    store.sync_deck(db, "deck", [qa_card(n) for n in range(5)])
    assert len(store.reviews(db, user, "c1")) == 1
    store.drop_decks_except(db, [])
    assert session.plan(db, user, Selection()) == []


def test_plan_due_first_then_new_up_to_daily_allowance(db: Database) -> None:
    user = user_id(db)
    yesterday = datetime.now(UTC) - timedelta(days=1, hours=1)
    session.answer(db, user, qa_card(3), Rating.AGAIN, mode=FLIP, at=yesterday)
    planned = session.plan(db, user, Selection(), new_per_day=2)
    assert [c.id for c in planned] == ["c3", "c0", "c1"]
    session.answer(db, user, qa_card(0), Rating.GOOD, mode=FLIP)  # due again in 10 min
    planned = session.plan(db, user, Selection(), new_per_day=2)
    assert [c.id for c in planned] == ["c3", "c1", "c0"]  # c0 last: learn-ahead
    assert session.early(db, user, planned[2]) and not session.early(db, user, planned[0])
    assert [c.id for c in session.plan(db, user, Selection(), limit=2, new_per_day=2)] == [
        "c3",
        "c1",
    ]


def test_the_services_one_read_functions_agree_with_the_terminals(db: Database) -> None:
    """next_up and outlook (what /api/next asks, with fewer statements) give what plan,
    counts, intervals and early give the terminal, at every step of a learner's day."""
    user, chosen = user_id(db), Selection()
    at = datetime.now(UTC) - timedelta(days=1)
    for rating in (Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.EASY, Rating.HARD, None):
        first, left = session.next_up(db, user, chosen, new_per_day=3, at=at)
        planned = session.plan(db, user, chosen, new_per_day=3, at=at)
        assert first == (planned[0] if planned else None)
        assert left == session.counts(db, user, chosen, new_per_day=3, at=at)
        if first is None or rating is None:
            break
        pace = session.learner_pace(db, user, at=at)
        dues, early = session.outlook(db, user, first, at=at, pace=pace)
        assert dues == session.intervals(db, user, first, at=at, pace=pace)
        assert early == session.early(db, user, first, at)
        session.answer(db, user, first, rating, mode=FLIP, at=at)
        at += timedelta(minutes=11)
    assert left.new == 0 and first is not None  # the day's three new cards were taken


def test_suspended_cards_are_not_asked(db: Database) -> None:
    store.sync_deck(db, "deck", [qa_card(n, suspended=n == 0) for n in range(5)])
    assert "c0" not in [c.id for c in session.plan(db, user_id(db), Selection())]


def test_selection_by_deck_topic_and_tag(db: Database) -> None:
    store.sync_deck(db, "other-note", [qa_card(9, "other-note", topic="other-note#lstm")])
    user = user_id(db)
    assert [c.id for c in session.plan(db, user, Selection("other"))] == ["c9"]
    assert [c.id for c in session.plan(db, user, Selection("#lst"))] == ["c9"]
    assert session.plan(db, user, Selection(tag="nope")) == []
    assert len(session.plan(db, user, Selection(tag="x"))) == 6


def test_choices_come_from_siblings(db: Database) -> None:
    options = session.choices(db, qa_card(0))
    assert len(options) == 4 and "답 0" in options
    assert set(options) <= {f"답 {n}" for n in range(5)}


def test_meta_and_ledger_upserts(db: Database) -> None:
    db.put("k", "1")
    db.put("k", "2")
    assert db.get("k") == "2"
    store.set_parameters(db, user_id(db), [0.5, 1.5])
    assert store.parameters(db, user_id(db)) == [0.5, 1.5]


ANSWERS_PER_PROCESS = 10


def _worker(target: str, barrier, failures) -> None:
    """One service process: ten threads answer the same card of the same learner at once."""

    def answer_once() -> None:
        try:
            with open_store(target) as s:
                barrier.wait(timeout=30)
                session.answer(s, user_id(s), qa_card(0), Rating.GOOD, mode=FLIP)
        except BaseException as error:  # reported to the test
            failures.put(repr(error))

    threads = [threading.Thread(target=answer_once) for _ in range(ANSWERS_PER_PROCESS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_simultaneous_answers_from_two_processes(db: Database, store_target: str) -> None:
    """20 answers of one learner at once, from two processes: each recorded exactly once,
    and the schedule is what answering them one after another gives."""
    user = user_id(db)
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
    history = store.reviews(db, user, "c0")
    assert len(history) == 2 * ANSWERS_PER_PROCESS
    state = None
    for answer in history:  # replay in the order they were committed
        state = step(state, answer.rating, answer.reviewed_at)[0]
    assert store.state(db, user, "c0") == state


def test_a_file_that_is_no_database_is_a_usage_error(tmp_path: Path) -> None:
    from studykit.errors import UsageError

    text = tmp_path / "notes.txt"
    text.write_text("not a database at all\n" * 100, encoding="utf-8")
    with pytest.raises(UsageError, match=r"notes\.txt: file is not a database"):
        open_store(text)
    with pytest.raises(UsageError, match="cannot open the database"):
        open_store(tmp_path)  # a folder


def test_suspended_cards_are_never_choices(db: Database) -> None:
    store.sync_deck(db, "deck", [qa_card(n, suspended=n > 0) for n in range(5)])
    assert session.choices(db, qa_card(0)) == ["답 0"]


def test_a_target_is_matched_as_written(db: Database) -> None:
    store.sync_deck(db, "week_1", [qa_card(7, "week_1")])
    store.sync_deck(db, "weekx1", [qa_card(8, "weekx1")])
    user = user_id(db)
    assert [c.id for c in session.plan(db, user, Selection("week_1"))] == ["c7"]  # `_` is `_`
    assert session.plan(db, user, Selection("100%")) == []


def test_answers_recorded_together_survive_one_that_fails(db: Database) -> None:
    """The service's group commit: one transaction, each answer in its own savepoint."""
    ana, ben = user_id(db, "ana"), user_id(db, "ben")
    given = [
        session.Answer(ben, qa_card(0), Rating.GOOD, FLIP, key="k1"),
        session.Answer(ana, qa_card(1), Rating.AGAIN, FLIP),
        session.Answer(ana, qa_card(2), Rating.EASY, FLIP),
    ]
    pendings = [session.pending(db, g) for g in given]

    def broken(state: object) -> object:
        db.execute("INSERT INTO meta VALUES ('half-written', 'x')")  # undone with its answer
        raise ValueError("no schedule")

    pendings[1] = store.Pending(ana, qa_card(1).id, broken)  # type: ignore[arg-type]
    done = store.answer_all(db, pendings)
    assert isinstance(done[1], ValueError)
    assert [r.rating for r in store.reviews(db, ana)] == [Rating.EASY]
    assert [r.rating for r in store.reviews(db, ben)] == [Rating.GOOD]
    assert db.get("half-written") is None
    again = store.answer_all(db, [session.pending(db, given[0])])  # a retry of k1
    assert again == [done[0]] and len(store.reviews(db, ben)) == 1
