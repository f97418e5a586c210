"""Lead-ins (rules/lead_in.py): a sentence announcing the list below it names the list."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import lead_in


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(lead_in.cards, text)]


def test_a_sentence_that_announces_the_list() -> None:
    text = """# DB

### 목적

이 때 여러가지 문제점이 존재한다. **파일 시스템을 사용했을 때의 주요 문제점**은 다음과 같다.

- 데이터의 중복과 비일관성
- 무결성 문제

DBMS를 통해 요구를 처리한다. **데이터베이스**는 다음의 **장점**을 가진다.

- 데이터 중복 최소화

한편 **단점**도 존재한다.

- 전산화 비용이 증가한다.
"""
    assert cards(text) == [
        ("파일 시스템을 사용했을 때의 주요 문제점?", "- 데이터의 중복과 비일관성\n- 무결성 문제"),
        ("데이터베이스 — 장점?", "- 데이터 중복 최소화"),
        ("단점?", "- 전산화 비용이 증가한다."),
    ]


def test_no_lead_in_to_an_example_or_a_plain_paragraph() -> None:
    example = "# X\n\n### Y\n\n예를 들면 다음과 같다.\n\n- a\n- b\n"
    plain = "# X\n\n### Y\n\nRNN은 순서대로 처리한다.\n\n- a\n- b\n"
    assert cards(example) == cards(plain) == []
