"""Reasons in prose (rules/reason.py): `X인 이유는 Y 때문이다` asks `X인 이유?`."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.cards.rules.reason import reason
from studykit.notes.parse import parse_note


def test_a_reason_and_what_it_is_for() -> None:
    said = (
        "OSI 7 계층을 나눈 이유는 **특정한 곳에 이상이 생기면 그 단계만 수정할 수 있기 때문**이다."
    )
    assert reason(said) == (
        "OSI 7 계층을 나눈",
        "특정한 곳에 이상이 생기면 그 단계만 수정할 수 있기 때문",
    )
    slip = "탐욕 알고리즘으로 불리는 이유는 현재만 바라보고 욕심을 부리기 떄문이다."
    assert reason(slip) == ("탐욕 알고리즘으로 불리는", "현재만 바라보고 욕심을 부리기 때문")


def test_a_reason_with_no_subject_of_its_own_is_no_card() -> None:
    assert reason("그 이유는 메모리가 부족하기 때문이다.") is None
    assert reason("이유는 간단하기 때문이다.") is None
    assert reason("메모리가 부족하기 때문이다.") is None


def test_the_card_asks_for_the_reason() -> None:
    note = "# Greedy\n\n- 탐욕 알고리즘으로 불리는 이유는 현재만 바라보기 때문이다.\n"
    made = [(c.front, c.back) for c in extract(parse_note(note, "greedy.md"))]
    assert made == [("탐욕 알고리즘으로 불리는 이유?", "현재만 바라보기 때문")]
