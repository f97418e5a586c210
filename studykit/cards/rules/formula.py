"""Formulas: display math asks for itself, named by what is written just above it.

The name is the bold label right above the formula (`**MSE**`), else a short line right
above it that is a name and not a sentence (`출력 크기 공식 (시험에 꼭 나옴)`, `**Cross
Entropy** (다중 클래스)`), else the names on its left-hand side (`FPR = ..., TPR = ...`),
else the topic. A generic name (`목적함수`, `식`) is asked with its topic.

Derivations: a formula named as a derivation step (`유도:`) is no card, and under a heading
that is a derivation (`softmax + CE 미분 유도`) only the last formula, the result, is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, math
from studykit.cards.wording import clean, drop_remarks, is_generic
from studykit.notes.model import Block, BlockKind, Topic

DERIVATION = re.compile(r"유도|증명|derivation|proof|derive", re.I)
_BOLD_FIRST = re.compile(r"^\*\*(?P<name>[^*\n]+)\*\*")
_LHS = re.compile(r"(?:^|\\quad|\\qquad|,)\s*(?P<name>[A-Za-z]{2,})\s*=(?!=)")
_SENTENCE = re.compile(r"(?:[.!?]|다|요|면|고|서)\s*:?$")
_NAME_SUFFIX = re.compile(r"\s*(?:공식|수식|식|formula)$", re.I)


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule."""
    if block.kind != BlockKind.MATH:
        return

    formulas = [b for b in topic.blocks if b.kind == BlockKind.MATH]
    name = _name(topic, block)
    if name is None or (DERIVATION.search(topic.title) and not name and block is not formulas[-1]):
        return  # a step of a derivation
    subject = drop_remarks(topic.title)
    if not name:
        prompt = f"{subject} — formula?"
    elif is_generic(name):
        prompt = f"{subject} — {name}: formula?"
    else:
        prompt = f"{name} — formula?"
    yield make(CardKind.FORMULA, prompt, math(block), block.line)


def _name(topic: Topic, block: Block) -> str | None:
    """The formula's name, '' for none, None for a derivation step."""

    at = next(n for n, b in enumerate(topic.blocks) if b is block)
    above = topic.blocks[at - 1] if at else None
    name = ""
    if above is not None and above.kind == BlockKind.LABEL:
        name = above.text
    elif above is not None and above.kind == BlockKind.PARAGRAPH and "\n" not in above.text:
        bold = _BOLD_FIRST.match(above.text)
        text = drop_remarks(clean(above.text)).strip()
        if bold:
            name = bold["name"]
        elif DERIVATION.search(text):
            return None
        elif "$" in text or text.endswith(":"):
            return ""  # the lead-in of a step: the formula has no name of its own
        elif len(text) <= 40 and not _SENTENCE.search(text):
            name = text
    if name and DERIVATION.search(name):
        return None
    if not name:
        names = [m["name"] for m in _LHS.finditer(block.text)]
        if names:
            return ", ".join(dict.fromkeys(names))
    return _NAME_SUFFIX.sub("", drop_remarks(clean(name)).strip()) or name.strip()
