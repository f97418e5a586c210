"""Grading a typed answer the way a Korean-speaking tutor would.

Spacing, punctuation and case never count (`기울기 소실` = `기울기소실.`), text is compared
in NFC, and similarity is measured on decomposed jamo, so one wrong vowel in one syllable
(`소실` typed as `소살`) is a near miss rather than a wrong answer.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from studykit.review.model import Rating
from studykit.text import jamo, nfc, normalise

NEAR_MISS = 0.85
"""Jamo similarity from which an answer is a near miss (rating Hard) rather than wrong."""

_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)


class Correctness(StrEnum):
    CORRECT = "correct"
    NEAR_MISS = "near miss"
    WRONG = "wrong"


@dataclass(slots=True)
class Grade:
    similarity: float  # 0..1 on jamo
    rating: Rating  # the suggested rating: Again, Hard or Good
    verdict: Correctness


def comparable(text: str) -> str:
    """What counts in an answer: NFC, case-folded, no list markers, spacing or punctuation."""
    return normalise(_LIST_MARKER.sub("", nfc(text)))


def grade(expected: str, given: str) -> Grade:
    want, got = comparable(expected), comparable(given)
    if want == got:
        return Grade(1.0, Rating.GOOD, Correctness.CORRECT)
    ratio = difflib.SequenceMatcher(None, jamo(want), jamo(got), autojunk=False).ratio()
    if ratio >= NEAR_MISS:
        return Grade(ratio, Rating.HARD, Correctness.NEAR_MISS)
    return Grade(ratio, Rating.AGAIN, Correctness.WRONG)


def diff(expected: str, given: str) -> list[tuple[str, str]]:
    """(operation, text) runs turning `given` into `expected`, syllable by syllable:
    `equal`, `delete` (typed but not expected) and `insert` (expected but missing)."""
    want, got = nfc(expected.strip()), nfc(given.strip())
    runs: list[tuple[str, str]] = []
    for op, g1, g2, w1, w2 in difflib.SequenceMatcher(
        None, got, want, autojunk=False
    ).get_opcodes():
        if op == "equal":
            runs.append(("equal", got[g1:g2]))
            continue
        if g2 > g1:
            runs.append(("delete", got[g1:g2]))
        if w2 > w1:
            runs.append(("insert", want[w1:w2]))
    return runs
