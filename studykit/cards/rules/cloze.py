"""Cloze deletions: `==x==`, `{{c1::x}}` and `**x**` inside a sentence, one card a mark,
with the other marks shown as plain text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block

CLOZE = re.compile(
    r"==(?P<a>[^=\n]+)==|\{\{c\d+::(?P<b>[^}]+?)(?:::[^}]*)?\}\}|\*\*(?P<c>[^*\n]+)\*\*"
)
GAP = "[…]"


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    text = block.text
    for match in CLOZE.finditer(text):
        if match["c"] and text.strip() == match.group(0):
            continue  # a bold-only line is a label, not a cloze
        front = text[: match.start()] + GAP + text[match.end() :]
        yield make(CardKind.CLOZE, CLOZE.sub(_shown, front), _shown(match), block.line)


def _shown(match: re.Match[str]) -> str:
    return match["a"] or match["b"] or match["c"]
