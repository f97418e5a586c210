"""Flashcards drawn from a note's topics, without the learner re-typing anything.

The rules (cards.rules) run over each topic in a fixed order; the first card with a given id
wins, and empty cards or cards whose back repeats their front are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind, card_id
from studykit.cards.rules import Make, arrow, author, cloze, definition, formula, labelled_list, qa
from studykit.notes.model import BlockKind, Note, Topic
from studykit.text import normalise

BLOCK_RULES = (labelled_list.cards, formula.cards)
LINE_RULES = (definition.cards, cloze.cards, arrow.cards)
_COMMENT = re.compile(r"\s*<!--.*?-->", re.S)  # e.g. Obsidian's `<!--SR:!2024-05-01,3,250-->`


def extract(note: Note) -> list[Card]:
    """Every card of a note, in source order, without empty or duplicate cards."""
    cards: list[Card] = []
    seen: set[str] = set()
    for topic in note.topics:
        for card in _topic_cards(note, topic):
            if card.id in seen or not card.front.strip() or not card.back.strip():
                continue
            if normalise(card.front) == normalise(card.back):
                continue
            seen.add(card.id)
            cards.append(card)
    return sorted(cards, key=lambda c: c.line)


def _maker(note: Note, topic: Topic) -> Make:
    def make(kind: CardKind, front: str, back: str, line: int, *, reverse: bool = False) -> Card:
        front, back = _COMMENT.sub("", front).strip(), _COMMENT.sub("", back).strip()
        return Card(
            card_id(note.slug, topic.slug, kind, front),
            kind,
            front,
            back,
            deck=note.slug,
            topic=topic.id,
            line=line,
            context=topic.title,
            tags=list(topic.tags),
            reverse=reverse,
        )

    return make


def _topic_cards(note: Note, topic: Topic) -> Iterator[Card]:
    make = _maker(note, topic)
    used: set[int] = set()  # ids of blocks a Q&A card took as its answer
    yield from qa.cards(topic.blocks, make, used)
    for block in topic.blocks:
        if id(block) in used:
            continue
        for block_rule in BLOCK_RULES:
            yield from block_rule(topic, block, make)
        for inner in block.walk():
            if inner.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM):
                continue
            authored = list(author.cards(inner, make))
            yield from authored
            if not authored:
                for line_rule in LINE_RULES:
                    yield from line_rule(inner, make)
