"""Grading a typed answer the way a Korean-speaking tutor would.

Spacing, punctuation and case never count (`기울기 소실` = `기울기소실.`), text is compared
in NFC, and similarity is measured on decomposed jamo, so one wrong vowel in one syllable
(`소실` typed as `소살`) is a near miss rather than a wrong answer.

Typed answers come from anyone with a login, so grading takes bounded time: similarity is
rapidfuzz's Indel similarity (2·LCS/total, bit-parallel C); an answer too long to be a near
miss is not aligned past ALIGN_BUDGET, and `diff` aligns what was typed only up to the
length of the card's answer (plus DIFF_SLACK).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz.distance import Indel

from studykit.review.model import Rating
from studykit.text import jamo, nfc, normalise

NEAR_MISS = 0.85
"""Jamo similarity from which an answer is a near miss (rating Hard) rather than wrong."""

ALIGN_BUDGET = 4_000 * 4_000
"""The most jamo pairs (expected × typed) aligned for an answer that cannot be a near miss,
only to tell how alike it is: a 400-syllable card answer against a 4,000-syllable answer,
about 1.5 ms. Past it the answer is wrong and its similarity the most it could be (`reach`)."""

DIFF_SLACK = 80
"""`diff` aligns the typed text up to the expected answer's length plus this many characters
(a short expected answer still shows a typed sentence whole); the rest is shown as CUT."""

CUT = "…"
"""What stands for the typed text past the aligned part in a `diff`."""

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
    """What counts in an answer: NFC, case-folded, no list markers, spacing or punctuation.
    (The markers are ASCII, so NFC, which `normalise` does, can wait until they are gone.)"""
    return normalise(_LIST_MARKER.sub("", text))


def reach(a: int, b: int) -> float:
    """The highest similarity two texts of lengths `a` and `b` (not both 0) can have: the
    shorter one wholly inside the longer. Known without aligning them."""
    return 2 * min(a, b) / (a + b)


def grade(expected: str, given: str) -> Grade:
    want, got = comparable(expected), comparable(given)
    if want == got:
        return Grade(1.0, Rating.GOOD, Correctness.CORRECT)
    a, b = jamo(want), jamo(got)
    most = reach(len(a), len(b))
    if most < NEAR_MISS and len(a) * len(b) > ALIGN_BUDGET:
        return Grade(most, Rating.AGAIN, Correctness.WRONG)
    # No score_cutoff: a wrong answer's similarity is shown ("40% alike"), and a cutoff
    # would report it as 0.
    similarity = Indel.normalized_similarity(a, b)
    if similarity >= NEAR_MISS:
        return Grade(similarity, Rating.HARD, Correctness.NEAR_MISS)
    return Grade(similarity, Rating.AGAIN, Correctness.WRONG)


def diff(expected: str, given: str) -> list[tuple[str, str]]:
    """(operation, text) runs turning `given` into `expected`, syllable by syllable:
    `equal`, `delete` (typed but not expected) and `insert` (expected but missing).

    Between two equal runs, what was typed comes before what was expected. The equal and
    insert runs always spell the whole expected answer; the typed text is aligned up to the
    expected length plus DIFF_SLACK, and anything past it is one `delete` of CUT, so a diff
    costs no more than aligning the card's answer with itself."""
    want, got = nfc(expected.strip()), nfc(given.strip())
    shown = got[: len(want) + DIFF_SLACK]
    runs: list[tuple[str, str]] = []
    g = w = 0  # where the last equal run ended, in `shown` and in `want`
    for op in Indel.opcodes(shown, want):
        if op.tag == "equal":  # what lies between two equal runs was typed or missing
            _gap(runs, shown[g : op.src_start], want[w : op.dest_start])
            g, w = op.src_end, op.dest_end
            runs.append(("equal", shown[op.src_start : g]))
    _gap(runs, shown[g:] + (CUT if len(shown) < len(got) else ""), want[w:])
    return runs


def _gap(runs: list[tuple[str, str]], typed: str, missing: str) -> None:
    """Adds the runs between two equal ones: what was typed there, then what was expected."""
    if typed:
        runs.append(("delete", typed))
    if missing:
        runs.append(("insert", missing))
