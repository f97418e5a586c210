"""Labelled lists: a list under a pseudo-heading (`**장점**` or `장점:`) asks for its items."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block, BlockKind, Topic


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule."""
    if block.kind == BlockKind.LIST and block.label:
        items = "\n".join(f"- {item.text}" for item in block.children)
        yield make(CardKind.LIST, f"{topic.title} — {block.label}?", items, block.line)
