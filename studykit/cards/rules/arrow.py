"""Arrow statements: `A → B` (or `->`, `⇒`, `=>`) asks `A ?` for `B`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block

_LEADING = re.compile(r"^[(\s]*(?:→|⇒|->|=>)\s*")
_ARROW = re.compile(r"\s*(?:→|⇒|->|=>)\s*")


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    statement = _LEADING.sub("", block.text.split("\n", 1)[0])
    parts = _ARROW.split(statement)
    if len(parts) >= 2 and parts[0].strip("( ") and parts[-1].strip(") "):
        left = statement[: statement.rfind(parts[-1])].rstrip()
        answer = parts[-1].strip()
        if answer.endswith(")") and answer.count(")") > answer.count("("):
            answer = answer[:-1]
        closing = ")" if left.count("(") > left.count(")") else ""
        yield make(CardKind.ARROW, f"{left} ?{closing}", answer, block.line)
