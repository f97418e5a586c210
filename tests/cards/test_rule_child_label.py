"""The child-label rule: `- 장점` items over their points, and `### X의 장점` over a list."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import child_label


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(child_label.cards, text)]


def test_the_subject_is_the_parent_item() -> None:
    note = (
        "## Linux\n\n- **num_workers**: 서브 프로세스 개수\n"
        "    - 장점\n        - GPU가 덜 논다\n    - 단점\n        - 오버헤드\n"
    )
    assert cards(note) == [
        ("num_workers — 장점?", "- GPU가 덜 논다"),
        ("num_workers — 단점?", "- 오버헤드"),
    ]


def test_the_subject_is_the_heading_without_its_remark() -> None:
    note = "## In-place 연산 (주의!!)\n\n- 장점\n    - 메모리 절약\n- 결론: 쓰지 말자\n"
    assert cards(note) == [("In-place 연산 — 장점?", "- 메모리 절약")]


def test_an_aspect_heading_over_a_list() -> None:
    note = "### VAE의 장점\n- 보간 가능\n- 학습이 안정적\n- → 그럼 GAN은?!\n"
    assert cards(note) == [("VAE의 장점?", "- 보간 가능\n- 학습이 안정적")]


def test_what_gives_no_card() -> None:
    assert cards("- 장점: 빠르다\n") == []  # a colon: the definition rule's
    assert cards("- 장점\n- 단점\n") == []  # nothing under the labels
    assert cards("# 정리\n\n- 장점\n    - 빠르다\n") == []  # no subject to give it
    assert cards("### L1 vs L2\n\n- L1 : 절댓값의 합\n- L2 : 제곱합\n") == []  # cards already
    assert cards("### Seq2Seq\n\n- 인코더와 디코더\n") == []  # a term, not an aspect
    assert cards("### VAE의 장점\n\n보간이 된다.\n") == []  # a paragraph, not a list
