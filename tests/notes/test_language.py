"""The language of a note (for the pages' `lang=`): told from its prose, Korean first-class."""

from __future__ import annotations

from helpers import USER_NOTE

from studykit.notes.parse import parse_note
from studykit.text import language


def test_language_of_text() -> None:
    assert language("얼마나 잊어버릴 지를 컨트롤") == "ko"
    assert language("LSTM의 forget gate는 cell state를 조절한다") == "ko"
    assert language("forget gate") == "en"
    assert language("The word 기울기 means gradient in Korean") == "en"
    assert language("") == language("1 + 2 = 3") == "en"


def test_language_of_notes() -> None:
    text = USER_NOTE.read_text(encoding="utf-8")
    assert parse_note(text, USER_NOTE.name).language() == "ko"
    english = "# Gradients\n\nThe gradient (기울기) points uphill.\n\n```python\nx = 1\n```\n"
    assert parse_note(english, "g.md").language() == "en"
    code = "# 메모\n\n짧다.\n\n```python\n" + "value = compute_something_long()\n" * 30 + "```\n"
    assert parse_note(code, "c.md").language() == "ko"  # code does not count
    tagged = "---\nlang: ja\n---\n# ノート\n"
    assert parse_note(tagged, "j.md").language() == "ja"
