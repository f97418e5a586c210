"""Clozes (rules/cloze.py): highlights and {{c1::}} always, bold only by opt-in, long
sentences with many blanks dropped."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def clozes(text: str, bold: bool = False) -> list[tuple[str, str]]:
    head = "---\ncloze_bold: true\n---\n" if bold else ""
    made = extract(parse_note(f"{head}# 메모\n\n{text}\n", "note.md"))
    return [(c.front, c.back) for c in made if c.kind == "cloze"]


def test_highlight_may_contain_equals() -> None:
    assert clozes("분산은 ==$V(X) = E[X^2] - E[X]^2$== 로 구한다.") == [
        ("분산은 […] 로 구한다.", "$V(X) = E[X^2] - E[X]^2$")
    ]


def test_bold_is_emphasis_unless_the_note_opts_in() -> None:
    sentence = "오늘 과제에서 **한참** 헤맸다."
    assert clozes(sentence) == []
    assert clozes(sentence, bold=True) == [("오늘 과제에서 […] 헤맸다.", "한참")]


def test_other_blanks_are_shown() -> None:
    assert clozes("GRU는 ==update gate==와 ==reset gate==를 쓴다.") == [
        ("GRU는 […]와 reset gate를 쓴다.", "update gate"),
        ("GRU는 update gate와 […]를 쓴다.", "reset gate"),
    ]


def test_many_blanks_only_in_a_short_sentence() -> None:
    short = "==a==, ==b==, ==c==, ==d== 순서"
    assert len(clozes(short)) == 4
    long = "이 문장은 " + "꽤 길게 이어지는 설명이고 " * 8 + "==a==, ==b==, ==c==, ==d== 가 있다."
    assert clozes(long) == []
