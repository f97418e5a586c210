"""A learner's own copy of a card and triage's kept mark, in the store, for one learner only
(issue 24): the quiz asks the copy, the author's later edit leaves it in force and says so,
dropping it brings the author's text back; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from helpers import qa_card

from studykit.accounts import user_id
from studykit.db import MIGRATIONS, Database, open_store
from studykit.review import session, store
from studykit.review.model import Mode, Rating, Selection

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        store.sync_deck(connection, "deck", [qa_card(n) for n in range(3)])
        yield connection


def shown(db: Database, user: int, at: datetime = T0) -> dict[str, tuple[str, str]]:
    return {c.id: (c.front, c.back) for c in session.plan(db, user, Selection(), at=at)}


def settled(db: Database, user: int) -> set[str]:
    """The cards triage no longer offers the learner."""
    return {"c0", "c1", "c2"} - {c.id for c in store.untriaged(db, user)}


def test_a_copy_is_asked_to_its_learner_only(db: Database) -> None:
    ann, bob = user_id(db, "ann"), user_id(db, "bob")
    assert store.save_copy(db, ann, "c1", "내 질문", "내 답", T0)
    assert shown(db, ann)["c1"] == ("내 질문", "내 답")
    assert shown(db, bob)["c1"] == ("질문 1", "답 1")
    assert store.card(db, "c1", ann).back == "내 답"  # what a typed answer is graded against
    assert store.card(db, "c1", bob).back == "답 1"
    assert store.card(db, "c1").back == "답 1"  # the author's card is untouched
    assert settled(db, ann) == {"c1"} and settled(db, bob) == set()
    assert not store.save_copy(db, ann, "nope", "a", "b", T0)


def test_a_copy_stays_when_the_card_is_due_again(db: Database) -> None:
    ann = user_id(db, "ann")
    store.save_copy(db, ann, "c2", "내 질문", "내 답", T0)
    session.answer(db, ann, qa_card(2), Rating.GOOD, mode=Mode.FLIP, at=T0)
    assert shown(db, ann, T0 + timedelta(days=60))["c2"] == ("내 질문", "내 답")


def test_the_authors_edit_keeps_the_copy_and_says_so(db: Database) -> None:
    ann = user_id(db, "ann")
    store.save_copy(db, ann, "c0", "내 질문", "내 답", T0)
    (copy,) = store.copies(db, ann)
    assert (copy.front, copy.back, copy.changed, copy.edited) == ("내 질문", "내 답", False, T0)
    edited = [replace(qa_card(0), back="고친 답"), qa_card(1), qa_card(2)]
    store.sync_deck(db, "deck", edited)
    (copy,) = store.copies(db, ann)
    assert copy.changed and copy.card.back == "고친 답"  # the author's new text, reachable
    assert shown(db, ann)["c0"] == ("내 질문", "내 답")  # the copy is still asked
    store.save_copy(db, ann, "c0", "내 질문", "내 새 답", T0 + timedelta(hours=1))
    (copy,) = store.copies(db, ann, "c0")
    assert not copy.changed and copy.back == "내 새 답"  # made again from the author's new text


def test_dropping_a_copy_asks_the_authors_text_again(db: Database) -> None:
    ann = user_id(db, "ann")
    store.save_copy(db, ann, "c0", "내 질문", "내 답", T0)
    assert store.drop_copy(db, ann, "c0")
    assert not store.drop_copy(db, ann, "c0")
    assert shown(db, ann)["c0"] == ("질문 0", "답 0") and store.copies(db, ann) == []
    store.save_copy(db, ann, "c1", "질문 1", "답 1", T0)  # the author's text: no copy
    assert store.copies(db, ann) == [] and "c1" in settled(db, ann)


def test_kept_is_one_learners_and_keeps_a_leech(db: Database) -> None:
    ann, bob = user_id(db, "ann"), user_id(db, "bob")
    store.keep(db, ann, "c0")
    store.suspend(db, bob, "c1")
    session.answer(db, bob, qa_card(2), Rating.GOOD, mode=Mode.FLIP, at=T0)
    assert settled(db, ann) == {"c0"}
    assert settled(db, bob) == {"c1", "c2"}  # suspended, and answered
    store.keep(db, bob, "c1")  # keeping unsuspends, as for a leech
    assert "c1" in shown(db, bob)


def test_the_old_kept_set_becomes_each_learners(store_target: str) -> None:
    with open_store(store_target) as db:
        store.sync_deck(db, "deck", [qa_card(n) for n in range(3)])
        ann, bob = user_id(db, "ann"), user_id(db, "bob")
        store.suspend(db, bob, "c2")
        db.put("triage.kept.deck", "c1 c2")
        db.put("triage.kept.other", "d1")
        with db.transaction() as tx:  # the store as the version before kept marks left it
            tx.execute("DROP TABLE card_copies")
            tx.execute("ALTER TABLE card_flags DROP COLUMN kept")
            tx.execute("ALTER TABLE cards DROP COLUMN quality")
            tx.execute("UPDATE schema_version SET version = ?", (len(MIGRATIONS) - 3,))
    with open_store(store_target) as db:
        assert settled(db, ann) == {"c1", "c2"}  # and d1, a card no longer in the store
        assert settled(db, bob) == {"c1", "c2"}
        assert store.suspended(db, bob) == {"c2"}  # other marks stay
        assert db.stamps("triage.kept.") == {}


def test_triage_offers_the_lowest_quality_first_of_the_selection(db: Database) -> None:
    ann = user_id(db, "ann")
    cards = [replace(qa_card(n), quality=q) for n, q in enumerate([0.9, 0.2, 0.5])]
    store.sync_deck(db, "deck", cards)
    store.sync_deck(db, "other", [qa_card(3, deck="other")])
    assert [c.id for c in store.untriaged(db, ann)] == ["c1", "c2", "c0", "c3"]
    assert store.untriaged(db, ann)[0].quality == 0.2  # as the deck file has it
    assert [c.id for c in store.untriaged(db, ann, Selection("oth"))] == ["c3"]
    store.suspend(db, ann, "c2")
    session.answer(db, ann, cards[0], Rating.GOOD, mode=Mode.FLIP, at=T0)
    assert [c.id for c in store.untriaged(db, ann)] == ["c1", "c3"]
