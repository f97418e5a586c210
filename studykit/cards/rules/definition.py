"""Definitions: `term: definition` on a block's first line (`ex)` and `예)` prefixes
dropped); the block's nested content joins the answer."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.notes.model import Block

DEFINITION = re.compile(
    r"^(?:ex\)|e\.g\.|예\))?\s*(?P<term>[^:：]{1,40}?)(?:\s*[:：]\s+|\s+[:：]\s*)(?P<definition>\S.*)$",
    re.S,
)
_BRACKETS = {"(": ")", "[": "]", "{": "}"}


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    first_line = block.text.split("\n", 1)[0]
    found = DEFINITION.match(first_line)
    if found and _balanced(found["term"]) and "://" not in first_line:
        back = "\n\n".join([found["definition"], *map(block_text, block.children)])
        yield make(CardKind.DEFINITION, found["term"], back, block.line)


def _balanced(term: str) -> bool:
    """Brackets closed, and not a sentence (a term does not end with `.`, `!` or `?`)."""
    stack: list[str] = []
    for char in term:
        if char in _BRACKETS:
            stack.append(_BRACKETS[char])
        elif char in _BRACKETS.values() and (not stack or stack.pop() != char):
            return False
    return not stack and not term.rstrip().endswith((".", "!", "?"))
