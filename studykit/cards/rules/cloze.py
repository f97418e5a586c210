"""Cloze deletions: `==x==` and `{{c1::x}}` inside a sentence, one card a mark, with the
other marks shown as plain text. `**x**` is a cloze only when the note opts in
(`cloze_bold: true` in its front matter): learners bold for emphasis (`**한참** 헤맸다`) far
more often than to mark what to recall.

A sentence with more than `MAX_BLANKS` marks gives one card per mark only while it is short
(`SHORT` characters); a long one would be a wall of text with a gap somewhere, so it gives
none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import GAP
from studykit.notes.model import Block

CLOZE = re.compile(
    r"==(?=\S)(?P<a>[^\n]*?\S)==(?!=)|\{\{c\d+::(?P<b>[^}]+?)(?:::[^}]*)?\}\}"
    r"|(?<!\*)\*\*(?P<c>[^*\n]+)\*\*(?!\*)"
)
MAX_BLANKS = 3
SHORT = 120


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    bold = getattr(make, "cloze_bold", False) is True
    text = block.text
    marks = [m for m in CLOZE.finditer(text) if bold or not m["c"]]
    if len(marks) > MAX_BLANKS and len(_shown_all(text)) > SHORT:
        return
    for match in marks:
        if match["c"] and text.strip() == match.group(0):
            continue  # a bold-only line is a label, not a cloze
        front = text[: match.start()] + GAP + text[match.end() :]
        yield make(CardKind.CLOZE, _shown_all(front), _shown(match), block.line)


def _shown_all(text: str) -> str:
    return CLOZE.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    return match["a"] or match["b"] or match["c"]
