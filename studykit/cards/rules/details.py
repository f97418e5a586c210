"""Toggles: `<details><summary>question</summary>answer</details>` asks the summary for the
inside.

Notion exports and blog posts hide an answer in a toggle so the reader can test themself
first: the learner already wrote a flashcard. When the summary is only a word such as 질문,
정답 or Answer, the question is the first line inside (a bold line or a paragraph, `Q.`
dropped) and the answer is the rest. A summary that is neither a question nor a term (a remark
such as `코드 보기` or `내 생각`) or a toggle with nothing inside gives no card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import clean, heading_term
from studykit.notes.model import Block, BlockKind, Topic

GENERIC = frozenset(
    {
        *("질문", "정답", "답", "답변", "해설", "풀이", "문제", "퀴즈", "확인", "정답 보기"),
        *("answer", "answers", "question", "q", "a", "q&a", "qna", "quiz", "solution"),
        *("click", "show", "toggle", "more", "펼치기", "더보기", "보기", "접기"),
    }
)
_NOT_A_PROMPT = re.compile(
    r"코드|code|출력|output|로그|log|전체|full|예시|example|참고|이미지", re.I
)
_QUESTION = re.compile(r"^(?:Q\s*[.:)]|질문\s*[:.])\s*")
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")
_MARKS = re.compile(r"\*\*|__")


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: every `<details>` toggle in the block, nested ones too."""
    for inner in block.walk():
        if inner.kind == BlockKind.HTML and inner.info == "details" and inner.children:
            card = _card(inner, make)
            if card is not None:
                yield card


def _card(toggle: Block, make: Make) -> Card | None:
    summary = _plain(_TAGS.sub("", toggle.text))
    inside = [c for c in toggle.children if c.kind != BlockKind.HR]
    if summary.casefold().rstrip(" .:?") in GENERIC or not summary:
        first = inside[0] if inside else None
        if first is None or first.kind not in (BlockKind.LABEL, BlockKind.PARAGRAPH):
            return None
        question, _, rest = first.text.partition("\n")
        summary = _QUESTION.sub("", _plain(question))
        answer = [rest] if rest.strip() else []
        inside = inside[1:]
    else:
        answer = []
        if not summary.endswith("?") and (
            _NOT_A_PROMPT.search(summary) or not heading_term(summary)
        ):
            return None
    back = "\n\n".join(part for part in [*answer, *map(_text, inside)] if part.strip())
    if not summary or not back.strip():
        return None
    return make(CardKind.QA, summary, clean(back), toggle.line)


def _text(block: Block) -> str:
    return clean(block_text(block))


def _plain(text: str) -> str:
    return _MARKS.sub("", text).strip()
