"""Formulas (rules/formula.py): named by what is written above them; derivation steps skipped."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def fronts(text: str) -> list[str]:
    return [c.front for c in extract(parse_note(text, "note.md")) if c.kind == "formula"]


def test_named_by_bold_label_or_short_line_above() -> None:
    text = """# Loss (시험 범위!)

**MSE**

$$
L = \\frac{1}{N}\\sum (y - \\hat{y})^2
$$

출력 크기 공식 (꼭 나옴)

$$
O = \\frac{W - K + 2P}{S} + 1
$$

미니배치 단위로 평균과 분산을 구해서 정규화한다.

$$
\\hat{x} = \\frac{x - \\mu}{\\sigma}
$$
"""
    assert fronts(text) == ["MSE — formula?", "출력 크기 — formula?", "Loss — formula?"]


def test_generic_name_is_asked_with_its_topic_and_lhs_names_the_formula() -> None:
    text = """# 최소제곱법 (Least Squares)

**목적함수**

$$
\\min_\\beta \\|y - X\\beta\\|^2
$$

## ROC

- 곡선 아래 면적이 AUC

$$
FPR = \\frac{FP}{FP + TN}, \\quad TPR = \\frac{TP}{TP + FN}
$$
"""
    assert fronts(text) == [
        "최소제곱법 (Least Squares) — 목적함수: formula?",
        "FPR, TPR — formula?",
    ]


def test_derivation_steps_are_no_cards() -> None:
    text = """# softmax + CE 미분 유도

softmax 미분: $k = j$ 일 때 $\\hat{y}_k(1-\\hat{y}_k)$

$$
\\frac{\\partial L}{\\partial z_j} = -\\sum_k y_k \\frac{1}{\\hat{y}_k}
$$

$\\sum_k y_k = 1$ 을 이용해서 정리하면:

$$
\\frac{\\partial L}{\\partial z_j} = \\hat{y}_j - y_j
$$

# 최소제곱법

유도 (그냥 흐름만):

$$
\\nabla_\\beta = -2X^\\top(y - X\\beta)
$$
"""
    made = [c for c in extract(parse_note(text, "note.md")) if c.kind == "formula"]
    assert [(c.front, c.line) for c in made] == [("softmax + CE 미분 유도 — formula?", 11)]
