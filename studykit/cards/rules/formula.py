"""Formulas: display math asks for itself, named by its label or its topic."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, math
from studykit.notes.model import Block, BlockKind, Topic


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule."""
    if block.kind == BlockKind.MATH:
        prompt = f"{topic.title} — {block.label}: formula?" if block.label else None
        yield make(CardKind.FORMULA, prompt or f"{topic.title} — formula?", math(block), block.line)
