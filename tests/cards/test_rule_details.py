"""The details rule: a `<details>` toggle's summary asks for what is inside."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import details


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(details.cards, text)]


def toggle(summary: str, inside: str) -> str:
    return f"## LSTM\n\n<details>\n<summary>{summary}</summary>\n\n{inside}\n\n</details>\n"


def test_a_question_in_the_summary() -> None:
    note = toggle("LSTM은 왜 vanishing이 덜할까?", "cell state가 덧셈으로 업데이트되기 때문이다.")
    assert cards(note) == [
        ("LSTM은 왜 vanishing이 덜할까?", "cell state가 덧셈으로 업데이트되기 때문이다.")
    ]


def test_a_term_in_the_summary() -> None:
    assert cards(toggle("Adam", "Momentum과 RMSprop을 합친 방법.")) == [
        ("Adam", "Momentum과 RMSprop을 합친 방법.")
    ]


def test_a_generic_summary_takes_the_question_inside() -> None:
    note = toggle(
        "질문", "**Q. LSTM과 GRU 중 뭘 먼저 쓰나요?**\n\n보통 GRU를 먼저 쓴다.\n\n- 데이터가 적으면"
    )
    assert cards(note) == [
        ("LSTM과 GRU 중 뭘 먼저 쓰나요?", "보통 GRU를 먼저 쓴다.\n\n- 데이터가 적으면")
    ]
    note = toggle("Answer", "Why a warmup?\n\nlr을 서서히 올려 초반 발산을 막는다.")
    assert cards(note) == [("Why a warmup?", "lr을 서서히 올려 초반 발산을 막는다.")]


def test_toggles_that_give_no_card() -> None:
    assert cards(toggle("코드 보기", "```python\nx = 1\n```")) == []
    assert cards(toggle("내 생각은 이렇다.", "잘 모르겠음")) == []
    assert cards("<details>\n<summary>질문</summary>\n</details>\n") == []
    assert cards(toggle("정답", "```python\nx = 1\n```")) == []
