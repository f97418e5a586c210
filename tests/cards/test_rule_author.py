"""The author rule: the Obsidian spaced-repetition plugin's cards, as the plugin reads them."""

from __future__ import annotations

from helpers import bare_card

from studykit.cards.extract import extract
from studykit.cards.model import CardKind
from studykit.cards.rules import author
from studykit.notes.parse import parse_note


def cards(text: str) -> list[tuple[str, str, bool]]:
    note = parse_note(text, "t.md")
    return [
        (card.front.strip(), card.back.strip(), card.reverse)
        for topic in note.topics
        for block in topic.walk()
        for card in author.cards(block, bare_card)
    ]


def test_separator_lines_with_trailing_spaces() -> None:
    assert cards("Softmax의 출력 합 \n?   \n1\n") == [("Softmax의 출력 합", "1", False)]
    assert cards("역전파가 하는 일\n??  \nchain rule로 gradient 계산\n") == [
        ("역전파가 하는 일", "chain rule로 gradient 계산", True)
    ]


def test_the_deck_tag_is_no_part_of_the_front() -> None:
    note = "#flashcards/ml\n역전파가 하는 일\n??\nchain rule로 계산\n"
    assert cards(note) == [("역전파가 하는 일", "chain rule로 계산", True)]
    assert cards("#flashcards 이산확률변수::확률을 더해서 모델링\n") == [
        ("이산확률변수", "확률을 더해서 모델링", False)
    ]


def test_a_question_mark_inside_a_line_is_not_a_separator() -> None:
    assert cards("왜 그럴까?\n답은 모른다\n") == []


def test_clozes_with_hints_are_not_inline_cards() -> None:
    assert cards("몬테카를로는 {{c1::독립추출::조건}}만 보장되면 수렴한다\n") == []
    note = parse_note("몬테카를로는 {{c1::독립추출::조건}}만 보장되면 수렴한다\n", "t.md")
    clozes = [(c.front, c.back) for c in extract(note) if c.kind == CardKind.CLOZE]
    assert [back for _, back in clozes] == ["독립추출"]


def test_scheduling_comments_never_reach_a_side() -> None:
    note = parse_note("주변확률분포:::결합분포를 적분한 것 <!--SR:!2024-08-22,2,230-->\n", "t.md")
    made = [c for c in extract(note) if c.kind == CardKind.AUTHOR]
    assert [(c.front, c.back, c.reverse) for c in made] == [
        ("주변확률분포", "결합분포를 적분한 것", True)
    ]
