"""Q&A pairs: a `Q.` (or `질문:`) paragraph, or a bold `**Q. ...**` line; the answer is what
follows, up to the next question, label or rule. `A.` (or `답:`) before the answer is dropped.

Small talk is no card: a one-line answer that is a laugh (`다음에 맥주 마시면서 얘기하자
ㅋㅋ`) or, short, a date or a time (`다음주 목요일 저녁 8시!`): logistics, nothing to learn."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.notes.model import Block, BlockKind

QUESTION = re.compile(r"^(?:Q\s*[.:)]|질문\s*[:.])\s*")
ANSWER = re.compile(r"^(?:A\s*[.:)]|답\s*[:.]|답변\s*[:.])\s*")
LAUGH = re.compile(r"[ㅋㅎ]{2,}|\^\^")
WHEN = re.compile(
    r"[월화수목금토일]요일|\d+\s*시\b|\d+\s*시(?:에|까지|부터)|\d+월|\d+일|다음\s*주|내일|모레"
)
SHORT = 30


def cards(blocks: list[Block], make: Make, used: set[int]) -> Iterator[Card]:
    """Topic rule; adds the ids of the blocks it took to `used`."""
    question: Block | None = None
    asked, answer = "", list[str]()
    for block in [*blocks, None]:
        starts = (
            block is not None
            and block.kind in (BlockKind.PARAGRAPH, BlockKind.LABEL)
            and QUESTION.match(block.text) is not None
        )
        ends = block is None or block.kind in (BlockKind.LABEL, BlockKind.HR) or starts
        if question and ends:
            back = "\n\n".join(answer).strip()
            if not _small_talk(back):
                yield make(CardKind.QA, QUESTION.sub("", asked), back, question.line)
            question = None
        if starts and block is not None:
            question = block
            asked, _, rest = block.text.partition("\n")
            answer = [ANSWER.sub("", rest)] if rest.strip() else []
            used.add(id(block))
        elif question and block is not None:
            answer.append(ANSWER.sub("", block_text(block)))
            used.add(id(block))


def _small_talk(answer: str) -> bool:
    if "\n" in answer:
        return False
    return bool(LAUGH.search(answer)) or (len(answer) <= SHORT and bool(WHEN.search(answer)))
