"""Heading definitions: a heading that names a term, followed directly by what the term is,
asks for the term.

Lecture summaries and blog posts give each term its own heading (`### Teacher forcing`) and
define it in the first paragraph under it, with no colon or bold to mark the definition; the
heading is the only place the term is written. The paragraph (or, when a list comes first,
its opening statement) is the answer.

It fires only where the heading looks like a term, not a question, a sentence, a section name
(정리, 요약, 실습, 피어세션, ...), two terms side by side (`Stride / Padding`) or an aspect of a
term (`LSTM의 장점`, `... 문제`: those are child_label's), and where the paragraph reads like a
definition: a statement, not an exclamation, a question, a lead-in to a formula or a remark
about the day. The author's remarks in the heading's parentheses (`(다시 볼 것!!)`) are
dropped; a parenthesised expansion or abbreviation (`(Variational Autoencoder)`, `(SGD)`) is
kept. Level-1 headings are the note's title, not a term.

`heading_subject` and `heading_term` are shared with the other rules that name a card by its
heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.rules.definition import DEFINITION
from studykit.cards.wording import IMAGE
from studykit.notes.model import Block, BlockKind, Topic

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[A-Za-z][.)]|[IVX]+\.)\s+|^\s*\d+\)\s*")
_TAG_PREFIX = re.compile(r"^\s*\[[^\]]{1,20}\]\s*")  # `[NLP] Seq2Seq`
_PARENS = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_HANGUL = re.compile(r"[가-힣]")
_REMARK_WORDS = re.compile(r"\s*(?:복습|총정리|정리|요약|맛보기|기초|개념|노트|메모)$")
_TOPIC_SUFFIX = re.compile(r"(?<=[\w)])(?:이란|란)\??$")
GENERIC = frozenset(
    {
        *("정리", "요약", "총정리", "복습", "실습", "과제", "참고", "참고자료", "레퍼런스", "출처"),
        *("목차", "개요", "소개", "서론", "결론", "회고", "특강", "질문", "기타", "덤", "부록"),
        *("공지", "할일", "예제", "예시", "코드", "실험", "결과", "링크", "자료", "qna", "q&a"),
        *("faq", "todo", "summary", "recap", "overview", "introduction", "intro", "conclusion"),
        *("references", "reference", "notes", "note", "exercise", "exercises", "practice"),
        *("homework", "assignment", "lab", "example", "examples", "links", "daily scrum"),
    }
)
_GENERIC_PHRASES = (
    *("배운 것", "할 것", "느낀 점", "궁금한 점", "피어세션", "멘토링", "마스터클래스"),
    *("회고", "관련", "해보기", "살펴보기", "한 줄 정리", "스크럼", "오늘의"),
)
ASPECTS = (
    "장점",
    "단점",
    "장단점",
    "한계",
    "한계점",
    "문제",
    "문제점",
    "특징",
    "이유",
    "원인",
    "차이",
    "차이점",
    "비교",
    "종류",
    "조건",
    "방법",
    "과정",
    "순서",
    "역할",
    "목적",
    "효과",
    "구조",
    "원리",
    "유도",
    "증명",
    "해결책",
    "해결 방법",
    "용도",
    "주의점",
    "pros",
    "cons",
    "advantages",
    "disadvantages",
    "limitations",
    "drawbacks",
    "benefits",
    "features",
)
_ASPECT = re.compile(
    r"(?:^|[\s의])(?:" + "|".join(re.escape(a) for a in ASPECTS) + r")$|\bvs\.?\b|^(?:pros|cons)\b",
    re.I,
)
_TWO_TERMS = re.compile(r"/|,|&|\s[+]\s|\s및\s|[가-힣A-Za-z0-9)](?:와|과|랑|하고)\s")
_PHRASE = re.compile(r"[가-힣](?:으로|에서|에게|에는|을|를)\s")  # `경사하강법으로 선형회귀`
_STATEMENT = re.compile(r"(?:[.。]|[가-힣](?:다|요|죠))$")
_EXCLAIM = re.compile(r"[!?]\s*$|[!?]{2,}|ㅋㅋ|ㅠㅠ|ㅎㅎ")
"""A heading or paragraph that exclaims or laughs: a remark, not a term or a definition."""
_FIRST_PERSON = re.compile(r"(?:^|\s)(?:나는|내가|난|저는|제가|우리는|오늘은?|이번\s?주|어제)\s")
_LEAD_IN = re.compile(r"(?:하면|이면|라면|으면|면서|하고|인데|는데|해서|하여|[:：])$")
_NOTATION = re.compile(r"라\s?하고|라고?\s?하자|라\s?하면|라고?\s?두")
"""Notation being set up (`x를 입력이라 하고`): not a definition of the heading's term."""
_OPENING_TOPIC = re.compile(r"^((?:\*\*)?[^\s$]+(?:\s[^\s$]+)?)(?:은|는)\s")
"""A paragraph opening with its own topic (`Adam은 ...`): whose definition it is."""
_NAMES_ANOTHER = re.compile(
    r"[가-힣$]\s*(?:가|이)\s+[^\s,.]{0,14}[^\s,.다요함됨음임짐]\.?$"
)  # `... v 가 고유값.`
_REASON = re.compile(r"니까|므로|라서|때문에|어서|아서")
"""A paragraph that gives a reason rather than saying what the term is."""
_MARKS = re.compile(r"[*_`]")
_BOLD_SUBJECT = re.compile(r"^\*\*([^*]{1,40})\*\*(?:은|는|이란|란)\s")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
MAX_BACK = 320


def heading_subject(title: str) -> str:
    """A heading without its numbering, tag prefix, remark words and the author's remarks in
    parentheses (an expansion or abbreviation in parentheses is kept); '' for a section name
    such as 정리 or 피어세션."""
    text = _TAG_PREFIX.sub("", _NUMBERING.sub("", title.strip()))
    text = _PARENS.sub(lambda m: "" if _remark(m.group(1)) else m.group(0), text).strip()
    text = _TOPIC_SUFFIX.sub("", _REMARK_WORDS.sub("", text)).strip(" -:")
    if not text or generic(text):
        return ""
    return text


def heading_term(title: str) -> str | None:
    """The term a heading names, or None when it names a section, an aspect of a term, two
    terms, or asks or states something."""
    term = heading_subject(title)
    if not term or "?" in term or "!" in term or _ASPECT.search(term) or _TWO_TERMS.search(term):
        return None
    if _PHRASE.search(term):
        return None
    if len(term.split()) > 6 or len(term) > 50 or _STATEMENT.search(term):
        return None
    return term


def generic(text: str) -> bool:
    """Is this a section name (summary, practice, references, a meeting) rather than a term?"""
    folded = text.casefold().strip()
    return folded in GENERIC or any(p in folded for p in _GENERIC_PHRASES)


def _remark(inside: str) -> bool:
    """Is a heading's parenthesised text the author's remark (Korean prose, an exclamation, a
    to-do), not an expansion such as `(Variational Autoencoder)` or `(SGD)`?"""
    inside = inside.strip()
    return (
        not inside
        or bool(_HANGUL.search(inside))
        or bool(re.search(r"[!?]", inside))
        or inside.casefold() in {"todo", "wip", "tbd", "review", "optional", "draft"}
    )


def clean(text: str) -> str:
    """A side's text without images."""
    return IMAGE.sub("", text).strip()


def definition_like(text: str) -> bool:
    """Does this paragraph read like a definition: a statement that is not an exclamation, a
    question, a remark about the author's day or a lead-in to what follows?"""
    first = first_sentence(text)
    if len(first) < 8 or _EXCLAIM.search(first) or _FIRST_PERSON.search(" " + first):
        return False
    if first.startswith(
        ("→", "->", "⇒", "Q.", "Q:", "A.", "A:", "질문", "답", "예:", "예)", "ex)")
    ):
        return False
    from studykit.cards.rules.named_formula import named_formulas  # it imports this module

    if _NOTATION.search(first) or _NAMES_ANOTHER.search(first) or any(named_formulas(first)):
        return False
    return not _LEAD_IN.search(first.rstrip(" ."))


def about(term: str, text: str) -> bool:
    """Is the paragraph about `term`, not about another subject it opens with (`기계학습 문제는
    대부분 ...` under `몬테카를로 샘플링`)? A subject inside a reason clause (`Self-attention은
    순서를 모르니까 ...`) does not count."""
    first = first_sentence(text)
    opened = _OPENING_TOPIC.match(first)
    if opened is None or _REASON.search(first):
        return True
    subject = _MARKS.sub("", opened.group(1)).casefold()
    folded = term.casefold()
    return subject in folded or folded in subject or folded in first.casefold()


def first_sentence(text: str) -> str:
    return _SENTENCE.split(clean(text).replace("\n", " ").strip(), maxsplit=1)[0].strip()


def answer(text: str) -> str:
    """The paragraph, cut after the sentence that passes MAX_BACK characters."""
    text = clean(text)
    if len(text) <= MAX_BACK:
        return text
    kept = ""
    for sentence in _SENTENCE.split(text):
        kept = f"{kept} {sentence}".strip()
        if len(kept) >= MAX_BACK // 2:
            break
    return kept


def is_definition(item: Block) -> bool:
    """Is this item `term: definition` (already a card of the definition rule)?"""
    return DEFINITION.match(item.text.split("\n", 1)[0]) is not None


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: the first block under a heading of level 2 or deeper."""
    if topic.level < 2 or not topic.blocks or block is not topic.blocks[0] or block.label:
        return
    term = heading_term(topic.title)
    if term is None:
        return
    if block.kind == BlockKind.PARAGRAPH:
        if _author_marked(block.text) or not definition_like(block.text):
            return
        bold = _BOLD_SUBJECT.match(block.text)  # `**Vanilla RNN**은 ...` defines its own term
        if bold:
            term = bold.group(1).strip()
        elif not about(term, block.text):
            return
        yield make(CardKind.DEFINITION, term, answer(block.text), block.line)
    elif block.kind == BlockKind.LIST and block.children:
        opening = block.children[0]
        if is_definition(opening) or _term_only(opening) or not definition_like(opening.text):
            return
        back = "\n\n".join(
            [clean(opening.text), *(clean(block_text(c)) for c in opening.children)]
        ).strip()
        yield make(CardKind.DEFINITION, term, back, opening.line)


def _term_only(item: Block) -> bool:
    """An item that is a term of its own (`- **Dataset**` or `` - `f()` `` over its definition)."""
    return bool(item.children) and (
        item.children[0].label == item.text or re.fullmatch(r"`[^`]+`", item.text) is not None
    )


def _author_marked(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n")]
    return "?" in lines or "??" in lines or "::" in text or "{{c" in text
