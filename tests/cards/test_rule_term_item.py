"""The term-item rule: `- **Term**` or `` - `code` `` with its definition indented under it."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import term_item


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(term_item.cards, text)]


def test_a_bold_term_over_a_sub_list() -> None:
    note = "## Data\n\n- **Dataset**\n    - 데이터 하나를 가져오는 클래스\n    - `__len__` 구현\n"
    assert cards(note) == [("Dataset", "- 데이터 하나를 가져오는 클래스\n- `__len__` 구현")]


def test_a_bold_term_over_an_indented_paragraph_with_an_image() -> None:
    note = "- **DataLoader**\n    \n    batch로 묶어주는 iterable\n    ![](a.png)\n    \n"
    assert cards(note) == [("DataLoader", "batch로 묶어주는 iterable")]


def test_a_code_term_and_a_comparison_of_two() -> None:
    note = (
        "- `torch.no_grad()`\n    - 그래디언트 계산을 끔\n"
        "- `view()` vs `reshape()`\n    - view는 contiguous할 때만\n"
    )
    assert cards(note) == [
        ("`torch.no_grad()`", "- 그래디언트 계산을 끔"),
        ("`view()` vs `reshape()`", "- view는 contiguous할 때만"),
    ]


def test_child_labels_are_left_to_their_own_card() -> None:
    note = "- **Git LFS**\n    - 큰 파일을 포인터로 저장\n    - 단점\n        - 무료 용량 제한\n"
    assert cards(note) == [("Git LFS", "- 큰 파일을 포인터로 저장")]


def test_what_is_not_a_term_item() -> None:
    assert cards("- **tmux**: 터미널 멀티플렉서\n    - 세션 유지\n") == []  # definition rule's
    assert cards("- **nohup**\n- **tmux**\n") == []  # nothing under the term
    assert cards("- 과제 마무리\n    - 내일까지\n") == []  # plain text: a step, not a term
    assert cards("- `a` 를 안 주면 에러\n    - 주의\n") == []  # code inside a sentence


def test_a_plain_name_over_its_explanation() -> None:
    from helpers import block_rule_cards

    from studykit.cards.rules import term_item

    text = """# DB

- 원자성(Atomicity)

  > 모두 반영되거나 전혀 반영되지 않아야 된다.

- 오늘 배운 것을 정리했다.
  - 내일 다시 보기
"""
    made = [(c.front, c.back) for c in block_rule_cards(term_item.cards, text)]
    assert made == [("원자성(Atomicity)", "모두 반영되거나 전혀 반영되지 않아야 된다.")]


def test_a_screenshot_between_a_term_and_its_explanation() -> None:
    note = """# OS

1. Multilevel-Queue (다단계 큐)

    ![queues](https://example.com/queues.png)
    - 작업들을 여러 그룹으로 나누어 여러 개의 큐를 이용하는 기법
"""
    assert cards(note) == [
        (
            "Multilevel-Queue (다단계 큐)",
            "- 작업들을 여러 그룹으로 나누어 여러 개의 큐를 이용하는 기법",
        )
    ]


def test_a_definition_in_bold_is_no_term_but_a_question_in_bold_is_asked() -> None:
    note = (
        "# 레지스터\n\n- **CPU가 요청을 처리하는 데 필요한 데이터를 잠시 저장하는 기억장치**\n"
        "    - CPU 안에 있다\n"
    )
    assert cards(note) == []
    asked = (
        "# 키\n\n- **Q1. 유일 키와 기본 키의 차이를 설명하세요.**\n"
        "    > 기본 키는 null을 허용하지 않는다.\n"
    )
    assert [front for front, _ in cards(asked)] == ["Q1. 유일 키와 기본 키의 차이를 설명하세요."]
