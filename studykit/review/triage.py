"""Triage: a learner's pass over the cards they have not settled yet, to keep, suspend or
rewrite each (their own copy, review.store.save_copy) before they are ever asked. The
terminal's `triage` and the web's /triage page offer the same cards in the same order:
those most likely not worth keeping (lowest quality, which only the deck files hold) first.

What a learner settles is theirs alone, in the store (review.store: `keep`, `suspend`,
`save_copy`); the deck files are the author's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from studykit.cards.decks import Deck, load
from studykit.cards.model import Card
from studykit.db import Database, now
from studykit.review import store


@dataclass(slots=True, frozen=True)
class Triage:
    """The decks a target names, and their cards the learner has still to settle."""

    decks: list[Deck]
    cards: list[tuple[Deck, Card]]


def pending(db: Database, user: int, quizzes: Path, target: str = "") -> Triage:
    """The cards of the decks in `quizzes` matching `target` (DECK or DECK#TOPIC, or part of
    them) that the learner has not settled (kept, suspended, answered) and the author has not
    suspended, lowest quality first (note and line order among equals)."""
    deck_part, _, topic_part = target.partition("#")
    files = sorted(p for p in quizzes.glob("*.yaml") if deck_part in p.stem)
    loaded = [load(file) for file in files]
    settled = store.settled(db, user)
    found = [
        (deck, card)
        for deck in loaded
        for card in deck.cards
        if not card.suspended and card.id not in settled and topic_part in card.topic
    ]
    found.sort(key=lambda pair: pair[1].quality)  # stable: the likeliest to drop first
    return Triage(loaded, found)


class Action(StrEnum):
    """What a learner may do to a card in triage (skipping writes nothing)."""

    KEEP = "keep"
    SUSPEND = "suspend"
    COPY = "copy"  # keep their own copy of its front and back
    DROP = "drop"  # drop that copy: the author's text is asked again


def settle(
    db: Database,
    user: int,
    card_id: str,
    action: Action,
    copy: tuple[str, str] = ("", ""),
    at: datetime | None = None,
) -> None:
    """The learner's say on a card, for them alone; `copy`: their front and back (as typed
    in a browser's text area: its CRLF line ends become LF), for Action.COPY."""
    if action == Action.COPY:
        front, back = (side.replace("\r\n", "\n").strip() for side in copy)
        store.save_copy(db, user, card_id, front, back, at or now())
    elif action == Action.DROP:
        store.drop_copy(db, user, card_id)
    elif action == Action.KEEP:
        store.keep(db, user, card_id)
    else:
        store.suspend(db, user, card_id)
