"""The one Card type, from extraction through deck files and the store to the API.

A card's id hashes its deck (the note's slug), topic, kind and normalised front, so editing
an answer or moving the file keeps the id (and the review history); decks also re-attach
slightly re-worded fronts to their old ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from studykit.text import normalise


class CardKind(StrEnum):
    QA = "qa"  # a `Q.` paragraph and the answer after it
    DEFINITION = "definition"  # `term: definition`
    LIST = "list"  # a labelled list (`장점:` then items)
    FORMULA = "formula"  # display math
    CLOZE = "cloze"  # `==x==`, `{{c1::x}}`, `**x**` inside a sentence
    ARROW = "arrow"  # `A → B`
    AUTHOR = "author"  # the author's own card, in the Obsidian plugin's syntax
    CLAIM = "claim"  # a claim the note's checks test, asked by the check's `card=` question
    MANUAL = "manual"  # a card written in a deck file by hand


@dataclass(slots=True)
class Card:
    """One flashcard. `front` and `back` are Markdown, math and Korean as the author wrote.

    deck: the deck's name (its note's slug). topic: the topic id (`note#topic`). line: the
    note line the card comes from. context: the topic's title, shown above the front.
    reverse: also asked back to front. suspended, locked: the learner's marks in the deck
    file (hidden; front and back kept as edited). more: what follows the answer in the note
    (the rest of a long answer), shown after it; not part of the answer. quality: how likely
    the card is worth keeping, 0..1 (see cards.passes.quality).
    """

    id: str
    kind: CardKind
    front: str
    back: str
    deck: str
    topic: str
    line: int
    context: str = ""
    tags: list[str] = field(default_factory=list)
    reverse: bool = False
    suspended: bool = False
    locked: bool = False
    more: str = ""
    quality: float = 1.0


def card_id(deck: str, topic_slug: str, kind: str, front: str) -> str:
    import hashlib  # only extraction makes ids; the quiz, which reads cards, never loads it

    key = "\x1f".join([deck, topic_slug, kind, normalise(front)])
    return hashlib.blake2b(key.encode(), digest_size=6).hexdigest()
