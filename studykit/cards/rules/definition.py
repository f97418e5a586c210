"""Definitions: `term: definition` on a block's first line (`ex)` and `예)` prefixes
dropped); the block's nested content joins the answer.

When the part after the colon is the author's own question about the term, answered in
the nested lines (`- Recurrent Neural Network : Recurrent하다?` then `→ 자신의 output이 ...`),
the card asks that question and the nested lines answer it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import DEFINITION
from studykit.notes.model import Block

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_ARROWED = re.compile(r"^\s*(?:→|⇒|->|=>)\s*")  # `→ answer`: the arrow only leads it in


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    first_line = block.text.split("\n", 1)[0]
    found = DEFINITION.match(first_line)
    if not found or not _balanced(found["term"]) or "://" in first_line:
        return
    term, definition = found["term"], found["definition"].strip()
    nested = [text for text in map(block_text, block.children) if text.strip()]
    if definition.endswith("?") and nested:
        answer = "\n\n".join(nested)
        yield make(
            CardKind.DEFINITION, f"{term} — {definition}", _ARROWED.sub("", answer), block.line
        )
        return
    yield make(CardKind.DEFINITION, term, "\n\n".join([definition, *nested]), block.line)


def _balanced(term: str) -> bool:
    """Brackets closed, and not a sentence (a term does not end with `.`, `!` or `?`)."""
    stack: list[str] = []
    for char in term:
        if char in _BRACKETS:
            stack.append(_BRACKETS[char])
        elif char in _BRACKETS.values() and (not stack or stack.pop() != char):
            return False
    return not stack and not term.rstrip().endswith((".", "!", "?"))
