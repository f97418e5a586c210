"""Grading a typed answer the way a Korean-speaking tutor would.

Spacing, punctuation and case never count (`기울기 소실` = `기울기소실.`), text is compared
in NFC, and similarity is measured on decomposed jamo, so one wrong vowel in one syllable
(`소실` typed as `소살`) is a near miss rather than a wrong answer.

An answer is typed only when it is short enough to type (`typing`): up to SHORT_WORDS words
it is graded whole, as above; up to LONG_WORDS words on two lines at most, on its key terms
found in what was typed (the gist, in the learner's words); a longer one is asked as a flip
card even in a type session (a paragraph is recalled, not typed).

Typed answers come from anyone with a login, so grading takes bounded time: similarity is
rapidfuzz's Indel similarity (2·LCS/total, bit-parallel C); an answer too long to be a near
miss is not aligned past ALIGN_BUDGET, and `diff` aligns what was typed only up to the
length of the card's answer (plus DIFF_SLACK).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
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

SHORT_WORDS = 4
"""Answers of up to this many words are graded whole (`얼마나 잊어버릴 지를 컨트롤`)."""

LONG_WORDS = 12
"""Answers of more words than this, or of more than LONG_LINES lines, are not typed."""

LONG_LINES = 2

TERMS_GOOD, TERMS_HARD = 0.8, 0.6
"""Shares of an answer's key terms found for Good and for Hard (below: Again)."""

_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)
_WORD = re.compile(r"\w+(?:[-']\w+)*")
_ENDINGS = (
    "은 는 이 가 을 를 의 에 에서 에게 으로 로 와 과 도 만 이다 이며 이고 하다 한다 하는 했다 된다 "
    "되는 된 하고 해서 하여 하면 이란 란 라는 이라는 들 들을 들이 들의 보다 처럼 까지 부터"
)
"""Endings left off a Korean word to find its key term (`파라미터로` → `파라미터`)."""
_PARTICLES = sorted(_ENDINGS.split(), key=len, reverse=True)
_MINOR_WORDS = (
    "것 수 등 및 더 때 중 곳 그 이 저 또는 그리고 하나 있다 없다 같은 같다 모두 다 잘 안 못 "
    "안의 위의 속의 각 각각 통해 위해 대한 대해 경우 "
    "the a an of to in on for and or is are was were be by as it its this that with"
)
"""Words that carry no meaning of their own in an answer: never key terms."""
_MINOR = frozenset(_MINOR_WORDS.split())


class Typing(StrEnum):
    """How a card's answer is asked in a type session."""

    WHOLE = "whole"  # typed and graded whole, syllable by syllable
    TERMS = "terms"  # typed, graded on its key terms
    FLIP = "flip"  # too long to type: recalled, then rated, as in flip mode


def words(answer: str) -> list[str]:
    """The answer's words, as a learner would type them (no list markers nor punctuation)."""
    return _WORD.findall(nfc(_LIST_MARKER.sub("", answer)))


def typing(answer: str) -> Typing:
    lines = [line for line in answer.splitlines() if line.strip()]
    count = len(words(answer))
    if count > LONG_WORDS or len(lines) > LONG_LINES:
        return Typing.FLIP
    return Typing.WHOLE if count <= SHORT_WORDS else Typing.TERMS


def key_terms(answer: str) -> list[str]:
    """The answer's words that carry its meaning, each once, without Korean particles or
    endings (`파라미터로` → `파라미터`) and without words such as 것, 수, the."""
    found: dict[str, None] = {}
    for word in words(answer):
        term = next((word[: -len(p)] for p in _PARTICLES if word.endswith(p) and
                     len(word) - len(p) >= (2 if len(p) == 1 else 1)), word)  # fmt: skip
        if term.casefold() not in _MINOR and len(term) >= 2:
            found.setdefault(term)
    return list(found)


def _found(term: str, typed: str) -> bool:
    """Is the term in what was typed (spacing and case aside), or spelled one jamo off?"""
    want = comparable(term)
    if want in typed:
        return True
    a = jamo(want)
    return len(a) >= 4 and fuzz.partial_ratio(a, jamo(typed)) >= NEAR_MISS * 100


class Correctness(StrEnum):
    CORRECT = "correct"
    NEAR_MISS = "near miss"
    WRONG = "wrong"


@dataclass(slots=True)
class Grade:
    similarity: float  # 0..1 on jamo; by terms, the share of key terms found
    rating: Rating  # the suggested rating: Again, Hard or Good
    verdict: Correctness
    missing: list[str] | None = None  # graded by key terms: those not found (else None)


def comparable(text: str) -> str:
    """What counts in an answer: NFC, case-folded, no list markers, spacing or punctuation.
    (The markers are ASCII, so NFC, which `normalise` does, can wait until they are gone.)"""
    return normalise(_LIST_MARKER.sub("", text))


def reach(a: int, b: int) -> float:
    """The highest similarity two texts of lengths `a` and `b` (not both 0) can have: the
    shorter one wholly inside the longer. Known without aligning them."""
    return 2 * min(a, b) / (a + b)


def grade(expected: str, given: str) -> Grade:
    """The typed answer's grade: by key terms for an answer of TERMS length, else whole."""
    if typing(expected) == Typing.TERMS and (terms := key_terms(expected)):
        return by_terms(terms, given)
    return whole(expected, given)


def by_terms(terms: list[str], given: str) -> Grade:
    typed = comparable(given)
    missing = [term for term in terms if not _found(term, typed)]
    share = 1 - len(missing) / len(terms)
    if share >= TERMS_GOOD:
        return Grade(share, Rating.GOOD, Correctness.CORRECT, missing)
    if share >= TERMS_HARD:
        return Grade(share, Rating.HARD, Correctness.NEAR_MISS, missing)
    return Grade(share, Rating.AGAIN, Correctness.WRONG, missing)


def whole(expected: str, given: str) -> Grade:
    """The typed answer graded against the whole expected answer, syllable by syllable."""
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
