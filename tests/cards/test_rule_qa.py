"""Q&A pairs (rules/qa.py): `Q.` paragraphs and bold `**Q. ...**` lines; small talk dropped."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def qa(text: str) -> list[tuple[str, str]]:
    return [(c.front, c.back) for c in extract(parse_note(text, "note.md")) if c.kind == "qa"]


def test_bold_question_line() -> None:
    text = "# 멘토링\n\n**Q. TTA는 꼭 해야 하나요?**\n\n추론 때 여러 번 변형해서 평균 낸다.\n"
    assert qa(text) == [("TTA는 꼭 해야 하나요?", "추론 때 여러 번 변형해서 평균 낸다.")]


def test_small_talk_is_dropped() -> None:
    text = """# 멘토링

Q. 다음 멘토링은 언제인가요?

A. 다음주 목요일 저녁 8시!

Q. 팀은 요즘 뭐 하세요?

A. 그건 비밀이라서... 다음에 얘기하자 ㅋㅋ

Q. 앙상블은 언제 하나요?

A. 단일 모델을 충분히 올린 다음에 한다!
"""
    assert qa(text) == [("앙상블은 언제 하나요?", "단일 모델을 충분히 올린 다음에 한다!")]
