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
about the day, never the lecture announcing itself (`이번 시간에는 ... 배우게 됩니다.`) or
a label of two or three words that only names a category (`FCFS(First Come First Served)` over
`비선점 스케줄링`). The author's remarks in the heading's parentheses (`(다시 볼 것!!)`) are
dropped; a parenthesised expansion or abbreviation (`(Variational Autoencoder)`, `(SGD)`) is
kept. The answer may be a blockquote under the heading (blog posts quote their definitions:
`> 서로가 가진 자원을 기다리며 block된 상태`), or a sentence-long bold line; a `<br>` or a
line of links before it does not count. A level-1 heading is the note's title: its term only
when its paragraph opens with no other subject (`매 순간 최선의 선택을 하는 알고리즘이다.`
under `# Greedy Algorithm`, not `딥러닝은 ...` under `# 확률론`), and never a `key: value`
line, an Obsidian callout; a title's or a quote's sentence names what the term is, not what
it does (`> ... 검색한다.`, `GRU는 ... 쓴다.`).

`heading_subject` and `heading_term` (cards.wording) are shared with the other rules that
name a card by its heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import DEFINITION, SENTENCES, clean, heading_term, named_formulas
from studykit.notes.model import Block, BlockKind, Topic

_EXCLAIM = re.compile(r"[!?]\s*$|[!?]{2,}|ㅋㅋ|ㅠㅠ|ㅎㅎ")
"""A heading or paragraph that exclaims or laughs: a remark, not a term or a definition."""
_FIRST_PERSON = re.compile(r"(?:^|\s)(?:나는|내가|난|저는|제가|우리는|오늘은?|이번\s?주|어제)\s")
_LEAD_IN = re.compile(r"(?:하면|이면|라면|으면|면서|하고|인데|는데|해서|하여|[:：])$")
_NOTATION = re.compile(r"라\s?하고|라고?\s?하자|라\s?하면|라고?\s?두")
"""Notation being set up (`x를 입력이라 하고`): not a definition of the heading's term."""
_NARRATION = re.compile(
    r"이번\s*(?:시간|장|강|글|포스트)|배우게|배워\s*보|알아보|살펴보|다뤄\s*보|다룰|소개하겠|소개할|"
    r"정리해\s*보|정리(?:함|했|한다|하려|해\s*둔)|공부해\s*보|볼\s*것이다|보겠습니다|보도록|해\s*보자|"
    r"in this (?:post|lecture|chapter)|"
    r"we will|let's",
    re.I,
)
"""The lecture or the post announcing itself (`이번 시간에는 RNN에 대해서 배우게 됩니다.`)."""
_ENDS = re.compile(r"(?:[.。!]|다|요|죠|임|음|함|됨|것|방법|기법)$")
"""The end of a statement, or of a definition written as a noun phrase (`...하는 방법`)."""
_OPENING_TOPIC = re.compile(r"^((?:\*\*)?[^\s$]+(?:\s[^\s$]+)?)(?:은|는)\s")
"""A paragraph opening with its own topic (`Adam은 ...`): whose definition it is."""
_OPENING_RAN = re.compile(r"^((?:\*\*)?[^\s$]+(?:\s[^\s$]+)?)\s?(?:이란|란)[\s,]")
"""`스레드(Thread)란 ...`: the paragraph defines its own term."""
_NAMES_ANOTHER = re.compile(
    r"[가-힣$]\s*(?:가|이)\s+[^\s,.]{0,14}[^\s,.다요함됨음임짐]\.?$"
)  # `... v 가 고유값.`
_KEY = re.compile(r"^[^\s:=：$]+(?:\s[^\s:=：$]+){0,3}\s*[:：]\s")
"""A paragraph opening `key: value` (`강의: NLP 기초 4강`): it says what another name is."""
_NAMED = re.compile(r"^[^\s:=：$]+(?:\s[^\s:=：$]+){0,3}\s=\s")
_ARROW = re.compile(r"→|->|⇒")
_TOLD = re.compile(r"(?<!입)니다\.?$")
"""A textbook's polite statement of what happens (`... 경향이 있습니다.`, `회상합니다.`): the
section telling, where a definition says what a thing is (`... 방법입니다.`)."""
_BECAUSE = re.compile(r"이유는\s|[때떄]문(?:이다|입니다)")
_REASON = re.compile(r"니까|므로|라서|때문에|어서|아서")
"""A paragraph that gives a reason rather than saying what the term is."""
_MARKS = re.compile(r"[*_`]")
_BOLD_SUBJECT = re.compile(r"^\*\*([^*]{1,40})\*\*(?:은|는|이란|란)\s")
MAX_BACK = 320


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
    if _NOTATION.search(first) or _NAMES_ANOTHER.search(first) or any(named_formulas(first)):
        return False
    if _NARRATION.search(first) or _BECAUSE.search(first) or _TOLD.search(first):
        return False  # the post announcing itself, or a reason (rules.reason asks it)
    if not _ENDS.search(first.rstrip()) and len(first.split()) < 4:
        return False  # `비선점 스케줄링`: a label or a category, not what the term is
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


def _opens_with(term: str, text: str) -> bool:
    """Does the paragraph open with no subject (`매 순간 최선의 선택을 하는 알고리즘이다.`) or
    with the term itself, rather than with another one (`딥러닝은 ...`, `생성 모델 = ...`)?"""
    first = first_sentence(text)
    opened = _OPENING_TOPIC.match(first) or _OPENING_RAN.match(first) or _NAMED.match(first)
    if opened is None:
        return True
    subject = _MARKS.sub("", opened.group(0)).casefold()
    return any(word in subject for word in term.casefold().split() if len(word) >= 2)


def first_sentence(text: str) -> str:
    return SENTENCES.split(clean(text).replace("\n", " ").strip(), maxsplit=1)[0].strip()


def answer(text: str) -> str:
    """The paragraph, cut after the sentence that passes MAX_BACK characters."""
    text = clean(text)
    if len(text) <= MAX_BACK:
        return text
    kept = ""
    for sentence in SENTENCES.split(text):
        kept = f"{kept} {sentence}".strip()
        if len(kept) >= MAX_BACK // 2:
            break
    return kept


def is_definition(item: Block) -> bool:
    """Is this item `term: definition` (already a card of the definition rule)?"""
    return DEFINITION.match(item.text.split("\n", 1)[0]) is not None


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: the first block under a heading (furniture such as a `<br>` or a line of
    links skipped); a quote or a sentence-long bold line is read as the paragraph it holds."""
    first = next((b for b in topic.blocks if not _furniture(b)), None)
    if topic.level < 1 or block is not first or block.label:
        return
    term = heading_term(topic.title)
    if term is None:
        return
    quoted = False
    if block.kind == BlockKind.QUOTE:  # `> 서로가 가진 자원을 기다리며 block된 상태`
        inner = block.children[0] if block.children else None
        if inner is None or inner.kind not in (BlockKind.PARAGRAPH, BlockKind.LABEL):
            return
        if inner.text.startswith("[!"):
            return  # an Obsidian callout (`> [!note] 왜 정리하냐면`): the author's aside
        block, quoted = inner, True
    if block.kind == BlockKind.LABEL and (block.info != "**" or len(block.text.split()) < 4):
        return  # `**장점**`, `특징 비교:`: a label over what follows, not a definition
    if block.kind in (BlockKind.PARAGRAPH, BlockKind.LABEL):
        if _author_marked(block.text) or not definition_like(block.text):
            return
        if _KEY.match(clean(block.text)) or not _names(
            term, block.text, quoted or topic.level == 1
        ):
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
        if not _names(term, opening.text, topic.level == 1):
            return
        parts = [clean(opening.text), *(clean(block_text(c)) for c in opening.children)]
        for item in block.children[1:]:  # the next statements about it, while short
            said = clean(item.text)
            if item.children or is_definition(item) or len("".join(parts)) + len(said) > MAX_BACK:
                break
            parts.append(said)
        yield make(CardKind.DEFINITION, term, "\n\n".join(parts).strip(), opening.line)


_LINKS = re.compile(r"^(?:[^\[\]():]{0,20}:)?\s*(?:\[[^\]]*\]\([^)]*\)[\s,·|/]*)+$")
"""A line of links, maybe labelled (`참고링크: [나무위키](...), [블로그](...)`)."""


def _furniture(block: Block) -> bool:
    """A block that holds nothing to learn: a `<br>`, a line of links, a `:label:` line."""
    if block.kind == BlockKind.HTML:
        return not clean(block.text).strip() and not block.children
    if block.kind == BlockKind.PARAGRAPH:
        text = block.text.strip()
        return bool(_LINKS.match(text)) or bool(re.fullmatch(r":\w+:`[^`]*`", text))
    return False


def _names(term: str, text: str, strict: bool) -> bool:
    """Can this paragraph be the term's definition? Under a title or in a quote (`strict`),
    where its place says less, only when it opens with no other subject and names what the
    term is, not what it does or causes (`> ... 검색한다.`, `GRU는 ... 쓴다.`, `A → B`)."""
    if not strict:
        return True
    said = first_sentence(text)
    return _opens_with(term, text) and not _does(said) and not _ARROW.search(said)


def _does(sentence: str) -> bool:
    """Does the sentence end in a verb's present tense (`반환한다`, `검색한다`: ㄴ before 다)?"""
    sentence = sentence.rstrip(" .")
    if len(sentence) < 2 or not sentence.endswith("다") or not "가" <= sentence[-2] <= "힣":
        return False
    return (ord(sentence[-2]) - 0xAC00) % 28 == 4


def _term_only(item: Block) -> bool:
    """An item that is a term of its own (`- **Dataset**` or `` - `f()` `` over its definition)."""
    if len(clean(item.text).split()) > 6:
        return False  # `- **CPU가 ... 저장하는 기억장치**`: the definition itself, in bold
    return bool(item.children) and (
        item.children[0].label == item.text or re.fullmatch(r"`[^`]+`", item.text) is not None
    )


def _author_marked(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n")]
    return "?" in lines or "??" in lines or "::" in text or "{{c" in text
