"""Flashcards drawn from a note's topics, without the learner re-typing anything.

Extraction is a pipeline. The rules (cards.rules) run over each topic in a fixed order and
propose cards; the shared passes (cards.passes) then clean them, give generic labels their
subject, drop remarks, duplicates and give-aways and bound their length. Last, each card's id
is made from its final front; a card with the id of an earlier one is dropped when it says
the same, and numbered when it says something else.

Options from the note's front matter: `cloze_bold: true` makes `**bold**` inside a sentence
a cloze (highlights `==x==` and `{{c1::x}}` always are); `keep_personal: true` keeps the
Q&A about a speaker's life, career or opinions and quoted speakers (left out by default).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from studykit.cards import passes
from studykit.cards.model import Card, CardKind, card_id
from studykit.cards.rules import (
    Make,
    arrow,
    author,
    child_label,
    claim,
    cloze,
    complexity,
    definition,
    details,
    formula,
    heading_definition,
    labelled_list,
    lead_in,
    named_formula,
    prose_definition,
    prose_set,
    qa,
    reason,
    table,
    term_item,
    term_set,
)
from studykit.cards.wording import heading_subject, is_generic
from studykit.checks.find import Check, find_checks
from studykit.markdown import runnable_fence
from studykit.notes.model import Block, BlockKind, Note, Topic
from studykit.text import normalise

BLOCK_RULES = (
    labelled_list.cards,
    lead_in.cards,
    formula.cards,
    heading_definition.cards,
    term_item.cards,
    child_label.cards,
    table.cards,
    details.cards,
    named_formula.cards,
    term_set.cards,
)
LINE_RULES = (
    definition.cards,
    prose_definition.cards,
    prose_set.cards,
    reason.cards,
    complexity.cards,
    cloze.cards,
    arrow.cards,
)
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")
_COMMENT = re.compile(r"\s*<!--.*?-->", re.S)  # e.g. Obsidian's `<!--SR:!2024-05-01,3,250-->`


def extract(note: Note) -> list[Card]:
    """Every card of a note, in source order, without empty or duplicate cards."""
    cards: list[Card] = []
    seen: dict[str, Card] = {}
    checks = _checks_by_topic(note)
    made: list[tuple[Topic, Card]] = []
    for at, topic in enumerate(note.topics):
        make = _maker(note, topic)
        found = [*_topic_cards(topic, make), *claim.cards(topic, checks.get(topic.id, []), make)]
        found += term_set.heading_cards(note.topics, at, make)
        made += [(topic, card) for card in passes.run(topic, found, _outer(note, topic))]
    _distinguish(made)
    for topic, card in made:
        if not card.front.strip() or not card.back.strip():
            continue
        if normalise(card.front) == normalise(card.back):
            continue
        card.id = card_id(note.slug, topic.slug, card.kind, card.front)
        earlier = seen.get(card.id)
        if earlier is not None:
            if normalise(earlier.back) == normalise(card.back):
                continue
            n = 2
            while card.id in seen:
                numbered = f"{card.front} ({n})"
                card.id = card_id(note.slug, topic.slug, card.kind, numbered)
                n += 1
            if earlier.front == card.front:  # `¬FORCE` after `FORCE` is another front already
                card.front = numbered
        seen[card.id] = card
        cards.append(card)
    return sorted(cards, key=lambda c: c.line)


def _outer(note: Note, topic: Topic) -> str:
    """The subject of the nearest enclosing heading that names one (the note's title last)."""
    by_id = {t.id: t for t in note.topics}
    parent = by_id.get(topic.parent or "")
    while parent is not None:
        subject = heading_subject(parent.title)
        if subject and not is_generic(subject):
            return subject
        parent = by_id.get(parent.parent or "")
    subject = heading_subject(note.title)
    return subject if subject and not is_generic(subject) else ""


def _distinguish(made: list[tuple[Topic, Card]]) -> None:
    """A front asked under two headings with two answers (`프로세스의 상태` under three)
    says whose it is: its heading's subject, unless the front already names it."""
    answers: dict[str, set[str]] = {}
    topics: dict[str, set[str]] = {}
    for topic, card in made:
        answers.setdefault(normalise(card.front), set()).add(normalise(card.back))
        topics.setdefault(normalise(card.front), set()).add(topic.id)
    for topic, card in made:
        front = normalise(card.front)
        if len(answers[front]) < 2 or len(topics[front]) < 2 or card.kind in passes.ASKED:
            continue
        subject = heading_subject(topic.title)
        if subject and normalise(subject) not in normalise(card.front):
            card.front = f"{subject} — {card.front.rstrip('?')}?"


@dataclass(slots=True)
class _Maker:
    """The `Make` of one topic: gives each card its topic, context and tags (the id comes
    once the passes are done). `cloze_bold`: the note opted in to `**bold**` clozes (read
    by rules.cloze); `keep_personal`: to personal Q&A and quoted speakers (rules.qa and
    rules.definition)."""

    note: Note
    topic: Topic
    cloze_bold: bool = False
    keep_personal: bool = False

    def __call__(
        self, kind: CardKind, front: str, back: str, line: int, *, reverse: bool = False
    ) -> Card:
        front, back = _COMMENT.sub("", front).strip(), _COMMENT.sub("", back).strip()
        return Card(
            "",  # given by `extract` once the passes have settled the front
            kind,
            front,
            back,
            deck=self.note.slug,
            topic=self.topic.id,
            line=line,
            context=self.topic.title,
            tags=list(self.topic.tags),
            reverse=reverse,
        )


def _checks_by_topic(note: Note) -> dict[str, list[Check]]:
    """The note's checks by topic id (for the claims that are to be cards)."""
    found: dict[str, list[Check]] = {}
    blocks = (b for topic in note.topics for b in topic.walk() if b.kind == BlockKind.CODE)
    if any(runnable_fence(b.info) == "check" for b in blocks):
        for check in find_checks(note, note.path):
            found.setdefault(check.topic, []).append(check)
    return found


def _maker(note: Note, topic: Topic) -> Make:
    meta = note.meta
    return _Maker(
        note,
        topic,
        cloze_bold=meta.get("cloze_bold") is True,
        keep_personal=meta.get("keep_personal") is True,
    )


def _told(card: Card, defined: set[tuple[int, str]]) -> bool:
    """Is a prose definition's answer in the first sentence of a definition a block rule
    made on its line (that sentence defines the heading's term)?"""
    back = normalise(card.back)
    return any(line == card.line and back in first for line, first in defined)


def _topic_cards(topic: Topic, make: Make) -> Iterator[Card]:
    used: set[int] = set()  # ids of blocks a Q&A card took as its answer
    yield from qa.cards(topic, make, used)
    for block in topic.blocks:
        if id(block) in used:  # a Q&A's answer: only the terms and sets it defines are cards
            if block.kind == BlockKind.LIST:
                for item in block.children:
                    yield from definition.cards(item, make)
            for inner in block.walk():
                if inner.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM):
                    yield from prose_definition.cards(inner, make)
                    yield from prose_set.cards(inner, make)
            continue
        made = [
            card
            for inner in _quoted(block)
            for block_rule in BLOCK_RULES
            for card in block_rule(topic, inner, make)
        ]
        yield from made
        defined = {
            (c.line, normalise(_FIRST_SENTENCE.split(c.back, maxsplit=1)[0]))
            for c in made
            if c.kind == CardKind.DEFINITION
        }
        for inner in block.walk():
            if inner.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM):
                continue
            authored = list(author.cards(inner, make))
            yield from authored
            if not authored:
                for line_rule in LINE_RULES:
                    for card in line_rule(inner, make):
                        if line_rule is prose_definition.cards and _told(card, defined):
                            continue  # the heading's definition already answers with it
                        yield card


def _quoted(block: Block) -> Iterator[Block]:
    """A block, and the blocks a quote holds: blog posts set whole lists and tables in `>`
    (`>- **Round Robin**` with its explanation nested), and the block rules read them there."""
    yield block
    if block.kind == BlockKind.QUOTE:
        for child in block.children:
            yield from _quoted(child)
