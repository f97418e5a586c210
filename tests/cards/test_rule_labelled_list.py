"""Labelled lists (rules/labelled_list.py): asked whole under their subject, unless their
keyed items are cards of their own."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def made(text: str) -> list[tuple[str, str]]:
    return [(str(c.kind), c.front) for c in extract(parse_note(text, "note.md"))]


def test_generic_label_is_asked_with_the_topic() -> None:
    text = "# CNN (FC랑 비교하면서 다시 정리)\n\n장점:\n\n- 파라미터가 적다\n- 지역 특징\n"
    assert made(text) == [("list", "CNN — 장점?")]


def test_term_label_is_asked_alone_and_its_items_are_not_repeated() -> None:
    text = "# VAE\n\n**ELBO**\n\n$$\nx\n$$\n\n- 첫 항: reconstruction\n- 둘째 항: KL\n"
    assert made(text) == [("formula", "ELBO — formula?"), ("list", "ELBO?")]


def test_aspect_items_under_a_term_label_are_their_own_cards() -> None:
    text = "# 회귀\n\n**MSE**\n\n- 특징: outlier에 민감\n- gradient: 선형\n"
    assert made(text) == [("definition", "MSE — 특징?"), ("definition", "MSE — gradient?")]


def test_keyed_items_under_a_generic_label_are_their_own_cards() -> None:
    text = "# 생성 모델\n\n특징 비교 (내 생각):\n- AE: 복원 잘함\n- GAN: 선명함\n"
    assert made(text) == [("definition", "AE"), ("definition", "GAN")]


def test_label_far_above_does_not_count() -> None:
    text = "# T\n\n**Adam**\n\n설명 문단이 사이에 있다.\n\n- 하나\n- 둘\n"
    assert [kind for kind, _ in made(text)] == []
