"""Korean-aware grading of typed answers."""

from __future__ import annotations

import unicodedata

import pytest

from studykit.review.grading import diff, grade


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
