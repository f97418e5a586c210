"""Korean-aware grading of typed answers."""

from __future__ import annotations

import random
import unicodedata

import pytest

from studykit.review.grading import ALIGN_BUDGET, CUT, DIFF_SLACK, diff, grade, reach


@pytest.mark.parametrize(
    ("expected", "typed", "verdict", "rating"),
    [
        ("기울기 소실", "기울기소실.", "correct", 3),
        ("기울기 소실", "  기울기   소실!! ", "correct", 3),
        ("Long Short-Term Memory", "long short term memory", "correct", 3),
        ("기울기 소실", unicodedata.normalize("NFD", "기울기 소실"), "correct", 3),
        ("- 빠르다\n- 가볍다", "빠르다, 가볍다", "correct", 3),
        ("기울기 소실", "기울기 소살", "near miss", 2),  # one vowel off in one syllable
        ("얼마나 잊어버릴 지를 컨트롤", "얼마나 잊어버릴지 컨트롤", "near miss", 2),
        ("기울기 소실", "폭발", "wrong", 1),
        ("기울기 소실", "", "wrong", 1),
    ],
)
def test_grade(expected: str, typed: str, verdict: str, rating: int) -> None:
    result = grade(expected, typed)
    assert (result.verdict, result.rating) == (verdict, rating)


def test_one_wrong_jamo_is_closer_than_one_wrong_syllable() -> None:
    vowel = grade("소실", "소살").similarity  # ㅣ → ㅏ
    syllable = grade("소실", "소망").similarity
    assert vowel > syllable


def test_diff_marks_what_was_typed_wrong_and_what_is_missing() -> None:
    assert diff("기울기 소실", "기울기 소살") == [
        ("equal", "기울기 소"),
        ("delete", "살"),
        ("insert", "실"),
    ]


# Adversarial answers: what grading says of them, not how long it takes (bench/grading_bench.py
# measures that). Each expected figure is worked out by hand from the longest common
# subsequence of the decomposed jamo.


def syllables(n: int, seed: int) -> str:
    """`n` Hangul syllables drawn at random (all 11,172 of them): text with few repeats."""
    rng = random.Random(seed)
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(n))


def test_4000_repeated_jamo_against_a_short_answer() -> None:
    typed = "\u1175" * 4000  # the vowel ㅣ, which 기울기 소실 has three of
    result = grade("기울기 소실", typed)
    assert (result.verdict, result.rating) == ("wrong", 1)
    assert result.similarity == pytest.approx(2 * 3 / (12 + 4000))
    # The typed line is cut at the expected length plus DIFF_SLACK; the expected line is whole.
    runs = diff("기울기 소실", typed)
    assert "".join(t for op, t in runs if op != "insert") == typed[: 6 + DIFF_SLACK] + CUT
    assert "".join(t for op, t in runs if op != "delete") == "기울기 소실"


def test_4000_repeated_syllables_against_a_4000_syllable_answer() -> None:
    # 가 and 나 share their vowel: 4,000 common jamo out of 16,000.
    result = grade("가" * 4000, "나" * 4000)
    assert (result.verdict, result.similarity) == ("wrong", pytest.approx(0.5))
    runs = diff("가" * 4000, "나" * 4000)
    assert runs == [("delete", "나" * 4000), ("insert", "가" * 4000)]


def test_4000_syllables_with_one_vowel_off_in_every_tenth() -> None:
    card = syllables(4000, seed=1)
    typed = list(card)
    changed = range(5, 4000, 10)
    for i in changed:  # the next vowel, same initial and final: two jamo of ~23,800 differ
        code = ord(card[i]) - 0xAC00
        typed[i] = chr(0xAC00 + (code + 28) % (21 * 28) + code // (21 * 28) * 21 * 28)
    result = grade(card, "".join(typed))
    assert (result.verdict, result.rating) == ("near miss", 2)
    total = 2 * len(unicodedata.normalize("NFD", card))
    assert result.similarity == pytest.approx(1 - 2 * len(changed) / total)
    runs = diff(card, "".join(typed))
    assert [t for op, t in runs if op == "delete"] == [typed[i] for i in changed]
    assert [t for op, t in runs if op == "insert"] == [card[i] for i in changed]


def test_4000_syllables_against_another_4000() -> None:
    card, typed = syllables(4000, seed=1), syllables(4000, seed=2)
    result = grade(card, typed)
    assert result.verdict == "wrong"
    assert 0 < result.similarity < 0.5  # what two random texts share: some jamo
    runs = diff(card, typed)
    assert "".join(t for op, t in runs if op != "delete") == card
    assert "".join(t for op, t in runs if op != "insert") == typed


def test_4000_english_characters_against_a_4000_character_answer() -> None:
    # `abab...` and `baba...` share all but one letter: a near miss, not a wrong answer.
    result = grade("ab" * 2000, "ba" * 2000)
    assert (result.verdict, result.similarity) == ("near miss", pytest.approx(7998 / 8000))
    runs = diff("ab" * 2000, "ba" * 2000)  # one letter off at each end (either way round)
    assert [(op, len(t)) for op, t in runs] in (
        [("delete", 1), ("equal", 3999), ("insert", 1)],
        [("insert", 1), ("equal", 3999), ("delete", 1)],
    )
    assert grade("gradient " * 444, "x" * 4000).verdict == "wrong"


def test_an_answer_too_long_to_align_is_wrong_by_its_length_alone() -> None:
    # 21,000 syllables (63,000 jamo) is what the web's 64 kB body holds; aligning it with a
    # 4,000-syllable answer would cost over ALIGN_BUDGET, and it cannot be a near miss.
    card = syllables(4000, seed=1)
    typed = card * 5 + card[:1000]
    a, b = len(unicodedata.normalize("NFD", card)), len(unicodedata.normalize("NFD", typed))
    assert a * b > ALIGN_BUDGET
    result = grade(card, typed)
    assert (result.verdict, result.similarity) == ("wrong", reach(a, b))
    runs = diff(card, typed)
    assert runs == [("equal", card), ("delete", typed[4000 : 4000 + DIFF_SLACK] + CUT)]


def test_a_longer_answer_within_budget_is_aligned() -> None:
    # Too long to be a near miss of LSTM, but cheap to align: its similarity is what it
    # shares with LSTM (one t), not the most an answer of its length could share (4 letters).
    result = grade("LSTM", "I don't know")
    assert (result.verdict, result.similarity) == ("wrong", pytest.approx(2 / 13))
    assert diff("LSTM", "LSTM is the answer") == [("equal", "LSTM"), ("delete", " is the answer")]


def test_a_near_miss_can_be_longer_than_the_answer() -> None:
    assert grade("기울기 소실", "기울기 소실임").verdict == "near miss"  # 24 of 27 jamo
