"""The named-formula rule: a short name right before an inline formula asks for it."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import named_formula


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(named_formula.cards, text)]


def test_a_name_before_an_equation() -> None:
    note = "## CNN\n\n출력 크기 $O = (W-K+2P)/S + 1$\nW는 입력 크기.\n"
    assert cards(note) == [("출력 크기?", "$O = (W-K+2P)/S + 1$")]


def test_a_generic_name_gets_the_heading_or_the_item_term() -> None:
    note = "## 1. Gradient Descent 복습\n\n반대로 이동한다. 업데이트 식은 $w = w - \\eta g$ 이다.\n"
    assert cards(note) == [("Gradient Descent — 업데이트 식?", "$w = w - \\eta g$")]
    note = "### Augmentation\n\n- Mixup : 두 이미지를 섞는다. 섞는 식은 $x = a + b$\n"
    assert cards(note) == [("Mixup — 섞는 식?", "$x = a + b$")]


def test_a_formula_noun_needs_no_equation_and_a_list_of_values_stays_whole() -> None:
    assert cards("L2 정규화 항 $\\lambda \\lVert w \\rVert^2$ 를 더한다.\n") == [
        ("L2 정규화 항?", "$\\lambda \\lVert w \\rVert^2$")
    ]
    note = "### Adam\n\n기본값은 $\\beta_1 = 0.9$, $\\beta_2 = 0.999$ 이다.\n"
    assert cards(note) == [("Adam — 기본값?", "$\\beta_1 = 0.9$, $\\beta_2 = 0.999$")]


def test_what_is_not_a_named_formula() -> None:
    for text in (
        "대칭행렬이면 $A = Q \\Lambda Q^T$",  # a condition
        "데이터 공간을 $X$ 라 하고",  # an object, and no equation
        "이걸 0으로 두면 $X^T y = X^T X \\beta$",  # a derivation step
        "softmax 미분: $k = j$ 일 때 $y(1-y)$",  # the definition rule's
        "$z = (x+y)^2$ 라고 하면",  # no name
        "정방행렬 $A$ 에 대해",  # no equation
        "예: $A = 1$ 이면 $\\lambda = 3$",  # an example
        "역전파 결과\n?\n$\\delta = 1$",  # an author's card
    ):
        assert cards(text) == [], text
    assert cards("## 정리\n\n업데이트 식 $w = w - g$\n") == []  # generic name, no subject
