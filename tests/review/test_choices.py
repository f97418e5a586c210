"""Choice mode is fair (issue 23): options drawn from the card's topic, then its note, then
notes sharing a tag, shuffled anew at every showing, and a reason when there are fewer than
four."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import qa_card

from studykit.cards.model import Card, CardKind
from studykit.db import Database, open_store
from studykit.review import session, store


def card(n: int, deck: str, topic: str, tags: list[str], kind: CardKind = CardKind.QA) -> Card:
    return Card(f"c{n}", kind, f"질문 {n}", f"답 {n}", deck, f"{deck}#{topic}", n, "T", tags)


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        yield connection


def test_options_come_from_the_topic_then_the_note_then_a_shared_tag(db: Database) -> None:
    store.sync_deck(db, "deck", [card(0, "deck", "a", ["x"]), card(1, "deck", "a", ["x"]),
                                 card(2, "deck", "b", ["x"]),
                                 card(3, "deck", "b", ["x"], CardKind.LIST)])  # fmt: skip
    store.sync_deck(db, "tagged", [card(4, "tagged", "a", ["y", "x"])])
    store.sync_deck(db, "unrelated", [card(5, "unrelated", "a", ["z"])])
    store.sync_deck(db, "elsewhere", [card(6, "elsewhere", "a", ["x"])], collection="other")
    first = store.card(db, "c0")
    assert first is not None
    assert sorted(session.choices(db, first)) == ["답 0", "답 1", "답 2", "답 4"]
    store.sync_deck(db, "deck", [card(n, "deck", "a", ["x"]) for n in range(4)])
    for _ in range(10):  # the topic has enough: nothing from elsewhere
        assert sorted(session.choices(db, first)) == ["답 0", "답 1", "답 2", "답 3"]
    store.sync_deck(db, "deck", [card(0, "deck", "a", [])])
    lone = store.card(db, "c0")
    assert lone is not None and session.choices(db, lone) == ["답 0"]
    assert "hold no other answer of this kind" in session.fewer_choices(["답 0"])


def test_options_are_shuffled_at_every_showing(db: Database) -> None:
    store.sync_deck(db, "deck", [qa_card(n) for n in range(6)])
    places = Counter(session.choices(db, qa_card(0)).index("답 0") for _ in range(80))
    assert set(places) == {0, 1, 2, 3}  # the right answer is found at every place
    assert len({tuple(session.choices(db, qa_card(0))) for _ in range(20)}) > 5
    assert session.choices(db, qa_card(0), seed=7) == session.choices(db, qa_card(0), seed=7)


def test_fewer_options_say_why() -> None:
    assert session.fewer_choices(["a", "b", "c", "d"]) == ""
    assert session.fewer_choices(["a", "b"]).startswith("only 2 options")
    assert "not verified" in session.fewer_choices([])
