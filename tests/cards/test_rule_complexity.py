"""Complexities (rules/complexity.py): each big-O bound a sentence gives is a card, with its
case and its subject; a bound said of `이 경우` or under a generic label is not."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.cards.rules.complexity import bounds
from studykit.notes.parse import parse_note


def made(text: str) -> list[tuple[str, str]]:
    return [(c.front, c.back) for c in extract(parse_note(text, "note.md"))]


def test_each_case_is_a_card_of_the_sentences_topic() -> None:
    said = "퀵소트는 최악의 경우 O(n^2), 평균적으로 Θ(nlogn)을 가짐"
    assert list(bounds(said)) == [
        ("퀵소트 — 최악 시간복잡도?", "최악의 경우 O(n^2)"),
        ("퀵소트 — 평균 시간복잡도?", "평균적으로 Θ(nlogn)을 가짐"),
    ]
    two = "O(N²)이며, 이진 탐색을 쓰면 O(NlogN)으로도 줄일 수 있다."
    assert list(bounds(two, "LIS")) == [
        ("LIS — 시간복잡도?", "O(N²)이며, 이진 탐색을 쓰면 O(NlogN)으로도 줄일 수 있다")
    ]


def test_the_subject_is_the_items_term_or_the_heading() -> None:
    item = "# DP\n\n- LIS Problem : 가장 긴 증가 수열의 길이 구하기. O(N²)이다.\n"
    assert ("LIS Problem — 시간복잡도?", "O(N²)이다") in made(item)
    heading = (
        "# 분석\n\n## 순차탐색\n\n> 배열에서 값을 찾는다.\n\n최악의 경우 시간복잡도는 Ο(n)이다.\n"
    )
    assert ("순차탐색 — 최악 시간복잡도?", "최악의 경우 시간복잡도는 Ο(n)이다") in made(heading)


def test_bounds_that_point_elsewhere_or_sit_under_a_label_are_no_cards() -> None:
    assert list(bounds("이 경우 알고리즘의 시간복잡도는 Ο(1)이다.")) == []
    assert list(bounds("이는 다른 O(nlogn) 소트들보다 빠르다.")) == []
    label = "# 정규방정식\n\n- 단점: 역행렬 계산이 $O(m^3)$ → 너무 느림\n"
    assert not any("복잡도" in front for front, _ in made(label))
    assert list(bounds("VPN과 VPO(offset)로 구성")) == []
