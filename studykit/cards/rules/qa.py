"""Q&A pairs: a `Q.` (or `질문:`) paragraph, or a bold `**Q. ...**` line; the answer is what
follows, up to the next question, label or rule. `A.` (or `답:`) before the answer is dropped.

A heading can be the question too, as interview notes and FAQs write them: `### Q. 트랜잭션`,
`### 1. 프로세스란?`, `## 왜 ReLU를 쓰나요?` (a heading ending in `?` that asks something, not
a bare `PyTorch에서는?`), or `### 질문` with the question as the first line under it. The
answer is what is written under the heading before any sub-heading.

Small talk is no card: a one-line answer that is a laugh (`다음에 맥주 마시면서 얘기하자
ㅋㅋ`) or, short, a date or a time (`다음주 목요일 저녁 8시!`): logistics, nothing to learn.

Personal Q&A is no card either, unless the note's front matter says `keep_personal: true`:
a question about the speaker's life, career or opinions (`많은 전공을 하신 이유?`, `유학
준비는?`, `비디오 분야 어떻게 발전?`), the asker's own situation (`수식이 어려워서 겪고
있다.`), or a topic that is no question (`XAI 분야 관련`) answered with an opinion
(`... 다를 것 같다.`). A student learns facts from a talk's Q&A, not the speaker's story.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import clean
from studykit.notes.model import Block, BlockKind, Topic

QUESTION = re.compile(r"^(?:Q\s*\d*\s*[.:)]|Q\d+\s(?=[^\n]*\?\s*(?:\n|$))|질문\s*\d*\s*[:.])\s*")
ANSWER = re.compile(r"^(?:A\s*\d*\s*[.:)]|A\d+\s|답\s*[:.]|답변\s*[:.])\s*")
_MARKED = re.compile(r"^(?:\*\*|__)_?([QA]\s*\d*\s*[.:)]?)_?(?:\*\*|__)[ \t]*")
"""`**Q1** 로드밸런싱이란?`, `**_A1._**`: the marker in bold is the marker."""
LAUGH = re.compile(r"[ㅋㅎ]{2,}|\^\^")
WHEN = re.compile(
    r"[월화수목금토일]요일|\d+\s*시\b|\d+\s*시(?:에|까지|부터)|\d+월|\d+일|다음\s*주|내일|모레"
)
SHORT = 30
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[①-⑳])\s*")
_HEADING_Q = re.compile(r"^(?:Q\s*\d*\s*[.:)]|질문\s*\d*\s*[:.)]?)\s*")
_ASKS = re.compile(
    r"(?:무엇|뭐|뭘|왜|어떻게|어떤|어느|언제|어디|누가|얼마|몇|차이|what|why|how|when|which|who)"
    r"|(?:까|나요|가요|니|는가|인가|는지|은지|란|이란|할까|을까|인지|죠|는데)\s*\??$"
    r"|^(?:is|are|does|do|can|should|will)\s",
    re.I,
)
"""A question that asks something: an interrogative word or a question's ending."""
_HONORIFIC = re.compile(r"셨|시나요|시는지|시는\s|신지|신가요|시겠|하신|으신|시면")
_ABOUT_THEM = re.compile(r"이유|왜|why|계기|생각|느끼|느낀|경험|후회|힘드|힘들", re.I)
"""Addressing the speaker (`하신`, `생각하시나요`) about their reasons, views or
experience: about them (`실험 관리는 어떻게 하셨나요?` asks a practice, and stays)."""
_LIFE = re.compile(
    r"유학|커리어|진로|취업|취직|이직|연봉|대학원|(?<!비)전공|경력|학위|마음가짐|스토리|계기|본인|"
    r"어떻게\s*발전|발전할|전망|앞으로|미래|어떻게\s*생각|의견|조언|career|job\s|your\s",
    re.I,
)
"""A question about a life, a career or the future: the speaker's view, not a fact."""
_SITUATION = re.compile(
    r"(?:고\s*있다|고\s*있어요|고\s*있습니다|[가-힣]습니다)\.?$|(?:^|\s)(?:저는|제가)\s"
)
"""A question that is the asker's own situation (`어려움을 겪고 있다.`)."""
_OPINION = re.compile(
    r"것\s*같다|것\s*같아요|생각한다|생각합니다|생각해요|봐라|해라|하자|(?:^|\s)(?:저는|제가|나는|내가|나를)\s"
)
"""An answer that is an opinion or a piece of advice from the speaker's own experience."""
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def cards(topic: Topic, make: Make, used: set[int]) -> Iterator[Card]:
    """Topic rule; adds the ids of the blocks it took to `used`."""
    keep = getattr(make, "keep_personal", False) is True
    for question, answer, line in _pairs(topic, used):
        question = clean(question)
        if not question or _small_talk(answer):
            continue
        if not keep and personal(question, answer):
            continue
        yield make(CardKind.QA, question, answer, line)


def _pairs(topic: Topic, used: set[int]) -> Iterator[tuple[str, str, int]]:
    yield from _heading_pair(topic, used)
    question: Block | None = None
    asked, answer = "", list[str]()
    for block in [*topic.blocks, None]:
        if block is not None and id(block) in used:
            continue
        starts = (
            block is not None
            and block.kind in (BlockKind.PARAGRAPH, BlockKind.LABEL)
            and QUESTION.match(_unmarked(block.text)) is not None
        )
        ends = block is None or block.kind in (BlockKind.LABEL, BlockKind.HR) or starts
        if question and ends:
            yield QUESTION.sub("", asked), "\n\n".join(answer).strip(), question.line
            question = None
        if starts and block is not None:
            question = block
            asked, _, rest = _unmarked(block.text).partition("\n")
            answer = [ANSWER.sub("", _unmarked(rest))] if rest.strip() else []
            used.add(id(block))
        elif question and block is not None:
            answer.append(ANSWER.sub("", _unmarked(block_text(block))))
            used.add(id(block))


def _heading_pair(topic: Topic, used: set[int]) -> Iterator[tuple[str, str, int]]:
    """The heading's question and what is written under it."""
    title = _NUMBERING.sub("", topic.title).strip()
    if topic.level < 2 or not topic.blocks:
        return
    blocks = [b for b in topic.blocks if b.kind not in (BlockKind.HR, BlockKind.HEADING)]
    if not blocks:
        return
    marked = _HEADING_Q.match(title)
    if marked and not title[marked.end() :].strip():  # `### 질문`: the question is below it
        first = blocks[0]
        if first.kind not in (BlockKind.PARAGRAPH, BlockKind.LABEL):
            return
        title, _, rest = first.text.partition("\n")
        blocks = blocks[1:]
        if rest.strip():
            blocks = [Block(BlockKind.PARAGRAPH, first.line, first.end, rest), *blocks]
        used.add(id(first))
    elif marked:
        title = title[marked.end() :]
    elif not (title.endswith("?") and _ASKS.search(title.rstrip("? "))):
        return
    if not blocks:
        return
    answer = "\n\n".join(ANSWER.sub("", _unmarked(block_text(b))) for b in blocks).strip()
    used.update(id(b) for b in blocks)
    yield title.strip(), answer, topic.line


def _unmarked(text: str) -> str:
    return _MARKED.sub(lambda m: m.group(1).strip() + " ", text.lstrip())


def personal(question: str, answer: str) -> bool:
    """Is this Q&A about the speaker's life, career or opinions, or the asker's situation?"""
    if _LIFE.search(question) or _SITUATION.search(question):
        return True
    if _HONORIFIC.search(question) and _ABOUT_THEM.search(question):
        return True
    asks = question.rstrip().endswith("?") or _ASKS.search(question.rstrip(" ?."))
    first = _SENTENCE.split(answer.strip(), maxsplit=1)[0]
    return not asks and _OPINION.search(first) is not None


def _small_talk(answer: str) -> bool:
    if not answer.strip():
        return True
    if "\n" in answer:
        return False
    return bool(LAUGH.search(answer)) or (len(answer) <= SHORT and bool(WHEN.search(answer)))
