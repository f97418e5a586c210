"""Named inline formulas: a short name right before a single inline math span
(`출력 크기 $O = (W-K+2P)/S + 1$`, `업데이트 식은 $W_{t+1} = ...$`) asks for the formula.

Maths notes name a formula in running text instead of giving it a display block; the name is
the question and the math, as written, the answer. The name must be a noun phrase at the start
of a sentence: not a condition (`대칭행렬이면 $...$`), not an object (`데이터 공간을 $X$ 라
하고`), not a definition's term (`softmax 미분: $...$` is the definition rule's), and the math
must be an equation (`=`, `\\leftarrow`, ...) unless the name says it is a formula or a term
of one (`L2 정규화 항 $\\frac{\\lambda}{2}\\lVert w \\rVert^2$`). A generic name (`업데이트 식`,
`섞는 식`) is asked with its subject: the item's term (`Mixup : ...`), else the heading.

Display formulas are the formula rule's, which names them by the line above.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import DEFINITION, heading_subject, is_generic, named_formulas
from studykit.notes.model import Block, BlockKind, Topic

_GENERIC = re.compile(r"^(?:\S+\s)?(?:식|공식|수식|formula|equation|update rule)$", re.I)
_MARKS = re.compile(r"\*\*|`")


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: every paragraph and item of the block, nested ones too."""
    yield from _walk(topic, block, "", make)


def _walk(topic: Topic, block: Block, parent_term: str, make: Make) -> Iterator[Card]:
    if block.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM) and not _author_marked(block.text):
        term = _term(block) or parent_term
        for name, formula in named_formulas(block.text):
            subject = term or heading_subject(topic.title)
            if generic(name):
                if not subject:
                    continue
                front = f"{subject} — {name}?"
            else:
                front = f"{name}?"
            yield make(CardKind.FORMULA, front, formula, block.line)
    term = _term(block) if block.kind == BlockKind.ITEM else parent_term
    for child in block.children:
        yield from _walk(topic, child, term or parent_term, make)


def generic(name: str) -> bool:
    """A name that says only that it is a formula or a value (`업데이트 식`, `기본값`)."""

    return _GENERIC.match(name) is not None or is_generic(name)


def _term(block: Block) -> str:
    """The term of a `term: definition` item or paragraph, '' for other blocks."""
    found = DEFINITION.match(block.text.split("\n", 1)[0])
    return _MARKS.sub("", found["term"]).strip() if found else ""


def _author_marked(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n")]
    return "?" in lines or "??" in lines or "::" in text
