"""Shared passes over the cards the rules found in one topic, run in order by cards.extract.

The rules (cards.rules) each read one structure of a note; what makes a card worth keeping
is the same whatever rule found it, so it is decided here, once:

1. `clean`: emphasis markers (`***x***`, `**x**`, `__x__`, `*x*`), images and raw HTML tags
   removed from both sides; math (`$...$`) and code spans kept as written.
2. `junk`: no cards from a topic that is a log or a list of things to do (피어세션, TODO,
   참고, 회고, ...); no definition of a metadata key (`Created:`, `Tags:`, `강의:`, ...) or of
   a personal remark (`오늘 느낀 점:`); no side left empty or only an image; in a worked
   example (`거스름돈 예제`, `연습 문제 해설`), not its problem or its solution (`문제:`, `풀이`).
3. `remarks`: a parenthesised remark of a heading or label (`RNN (단점을 자세히 보고 ...)`,
   `Attention (다시 볼 것!!)`) is dropped from fronts; an expansion or a translation
   (`VAE (Variational Autoencoder)`, `회귀 (Regression)`) stays. The card's context line
   keeps the heading as written.
4. `subjects`: a generic label (장점, 단점, 특징, 예, 입력, 출력, 결론, ...; see
   `wording.GENERIC`) or a bare name (`MAX`, `$\\mathbf{Q}$`) never stands alone as a
   front: it becomes `<subject> — <label>?`, the subject being the parent item's term, the
   bold term above, or the topic's title. (A front asked twice in a note with two answers
   gets its heading's subject too: `cards.extract`.)
5. `dedupe`: a definition beats a cloze of its own term and an arrow that restates its
   answer; an item's answer does not swallow nested blocks that have their own card; the
   same card twice is kept once; a term defined twice in a topic is one card saying both.
6. `giveaways`: a card whose front shows its answer is dropped (the answer in the front, a
   cloze blank equal to the topic's title or shown elsewhere in the front).
7. `bounds`: a Q&A's answer is its first paragraph (a run of short lines counts as one),
   the rest is kept as `more`; an answer
   over `MAX_BACK` characters is cut at a sentence end, the rest kept as `more`.
8. `quality`: a score per card, calibrated on judged cards (`cards.quality`).

Each pass takes and returns a list of `Candidate`s: a card and where it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from studykit.cards.model import Card, CardKind
from studykit.cards.quality import quality
from studykit.cards.wording import (
    EXAMPLE,
    GAP,
    IMAGE,
    LOGS,
    MARKER,
    METADATA,
    SPEAKER,
    TODO,
    clean,
    drop_remarks,
    echoes,
    heading_subject,
    is_generic,
    key,
    term_of,
    termlike,
)
from studykit.notes.model import Block, BlockKind, Topic
from studykit.text import normalise

_LIST_START = re.compile(r"^(?:[-*+]|\d+[.)])\s")
MAX_BACK = 400
"""Characters of an answer before it is cut at a sentence end (the rest goes to `more`)."""
SHORT_LINE = 40
_ENDED = re.compile(r"(?:[.!?。:)]|다|요)\s*$")
"""A paragraph this short, after another as short, is a line of the same answer."""


@dataclass(slots=True)
class Candidate:
    """A card and where it came from: its block, the blocks around it and its subject."""

    card: Card
    block: Block | None = None
    chain: list[Block] = field(default_factory=list)  # the block's ancestors, outermost first
    subject: str = ""


Pass = Callable[[Topic, list[Candidate]], list[Candidate]]

ASKED = (CardKind.AUTHOR, CardKind.QA, CardKind.CLAIM, CardKind.MANUAL)
"""Cards whose question the author wrote: kept even in a log topic, never given a subject."""


def run(topic: Topic, cards: list[Card], outer: str = "") -> list[Card]:
    """The passes, in order, over the cards the rules found in `topic`. `outer`: the
    subject of the nearest enclosing heading that names one, for a topic whose own heading
    is only a section (`## 1. 개념` under `# Dynamic Programming`)."""
    index = _Index(topic, outer)
    found = [index.candidate(card) for card in cards]
    for step in PASSES:
        found = step(topic, found)
    return [c.card for c in found]


# --- where a card came from -----------------------------------------------------------


class _Index:
    """The blocks of a topic by line, with their ancestors."""

    def __init__(self, topic: Topic, outer: str = "") -> None:
        self.topic, self.outer = topic, outer
        self.at: dict[int, list[tuple[Block, list[Block]]]] = {}
        for block, chain in _walk(topic.blocks, []):
            self.at.setdefault(block.line, []).append((block, chain))

    def candidate(self, card: Card) -> Candidate:
        """The card with the block it came from: on its line, a list for a list card,
        display math for a formula, else the deepest block starting there."""
        here = self.at.get(card.line, [])
        wanted = _SOURCE.get(card.kind)
        block, chain = next(
            ((b, ch) for b, ch in here if b.kind == wanted), here[-1] if here else (None, [])
        )
        found = Candidate(card, block, chain)
        found.subject = subject(self.topic, block, chain, self.outer)
        return found


_SOURCE = {CardKind.LIST: BlockKind.LIST, CardKind.FORMULA: BlockKind.MATH}


def _walk(blocks: list[Block], chain: list[Block]) -> Iterator[tuple[Block, list[Block]]]:
    for block in blocks:
        yield block, chain
        yield from _walk(block.children, [*chain, block])


def subject(topic: Topic, block: Block | None, chain: list[Block], enclosing: str = "") -> str:
    """What a card from `block` is about: the nearest enclosing item's term, else the bold
    term above it, else the topic's title (remarks dropped), else, when that title is only a
    section or an aspect (`1. 개념`), the enclosing heading's subject."""
    if block is not None:
        for outer in reversed(chain):
            if outer.kind == BlockKind.ITEM:
                term = term_of(outer)
                if term and not is_generic(term):
                    return drop_remarks(term)
        for labelled in (block, *reversed(chain)):
            if labelled.label:
                if termlike(labelled.label):
                    return drop_remarks(clean(labelled.label))
                break
    own = heading_subject(topic.title)
    if enclosing and (not own or is_generic(own)):
        return enclosing
    return own or drop_remarks(clean(MARKER.sub("", topic.title)))  # `1. 스케줄링` → 스케줄링


# --- the passes -----------------------------------------------------------------------


def clean_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    for c in found:
        c.card.front, c.card.back = _unmarked(clean(c.card.front)), clean(c.card.back)
    return found


def _unmarked(front: str) -> str:
    """A front without the emoji or check mark it opens with (`✓ 승인` → `승인`); a math
    sign such as `¬FORCE`'s and a code span's backtick stay."""
    n = 0
    while (
        n < len(front)
        and front[n] != "`"
        and (front[n].isspace() or unicodedata.category(front[n]) in _MARKS)
    ):
        n += 1
    return front[n:] if n < len(front) else front


_MARKS = {"So", "Mn", "Cf", "Sk"}


def junk_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    if LOGS.match(clean(MARKER.sub("", topic.title))) and not topic.title.strip().startswith("#"):
        return [c for c in found if c.card.kind in ASKED]
    kept = []
    worked = _WORKED.search(topic.title) is not None
    for c in found:
        card = c.card
        if not IMAGE.sub("", card.front).strip() or not card.back.strip():
            continue
        if worked and card.kind not in ASKED and _exercise_part(c):
            continue  # a worked example's problem and solution: not a fact to recall
        if card.kind == CardKind.DEFINITION and (
            key(card.front) in METADATA
            or EXAMPLE.search(clean(card.front).strip())
            or SPEAKER.search(clean(card.front))
        ):
            continue
        if TODO.match(card.front) or _POINTER.search(card.front) or _POINTER.search(card.back):
            continue  # a to-do, or a side that is a link or points elsewhere for the answer
        if card.kind == CardKind.DEFINITION and c.block is not None and _properties(c.block):
            continue
        head, colon, _ = clean(card.front).partition(":")
        if colon and card.kind in (CardKind.ARROW, CardKind.CLOZE) and EXAMPLE.search(head):
            continue  # a worked example's steps
        kept.append(c)
    return kept


_WORKED = re.compile(r"예제|연습\s*문제|문제\s*풀이|exercise|worked example", re.I)
_PARTS = frozenset(("문제", "문제내용", "풀이", "해설", "정답", "답", "답안", "solution", "answer"))


def _exercise_part(c: Candidate) -> bool:
    """A card of an exercise's parts: labelled `문제`, `풀이`, ... or under such a label."""
    labels = [c.card.front, *(b.label for b in (c.block, *c.chain) if b is not None)]
    return any(key(label) in _PARTS for label in labels if label)


_POINTER = re.compile(
    r"^\s*-?\s*\[[^\]]*\]\([^)]*\)\s*$|^\[[^\]]*$|\]\(#[^)]*\)|"
    r"^(?:아래|위|다음)(?:의|에서|를)?\s.{0,30}(?:볼 수 있다|참고|확인)"
)
"""A link alone (a table of contents' entry), or `아래의 자료에서 ... 볼 수 있다`."""


def _properties(block: Block) -> bool:
    """A paragraph of page properties: two or more lines, each `Key: value`."""
    lines = block.text.split("\n")
    if block.kind != BlockKind.PARAGRAPH or len(lines) < 2:
        return False
    return all(re.match(r"^[\w가-힣 ]{1,20}:\s+\S", line) for line in lines)


def remarks_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    sources = [topic.title, *(c.block.label for c in found if c.block and c.block.label)]
    for c in found:
        for title in sources:
            title = clean(title)
            if title and title in c.card.front:
                c.card.front = c.card.front.replace(title, drop_remarks(title))
    return found


def subjects_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    for c in found:
        card = c.card
        if card.kind in ASKED or not c.subject:
            continue
        front = card.front.strip()
        if is_generic(front) or (card.kind == CardKind.DEFINITION and _needs_subject(c)):
            label = front.rstrip("?:：").strip()
            card.front = f"{c.subject} — {label}?"
        elif card.kind == CardKind.ARROW:
            head, sep, rest = front.partition(":")
            if sep and is_generic(head):
                card.front = f"{c.subject} — {head.strip()}:{rest}"
            elif _bare_cause(front, c.subject):
                card.front = f"{c.subject} — {front}"
    return found


def _bare_cause(front: str, subject: str) -> bool:
    """An arrow whose cause has no subject of its own: a noun phrase of one or two words
    (`적은 파라미터→ ?` under GRU: whose parameters?) or a sentence with no subject
    (`RNN에서 ... 단점을 보완했다. → ?` under LSTM: what did?)."""
    cause = re.split(r"\s*(?:→|⇒|->|=>)", front, maxsplit=1)[0]
    short = len(cause.split()) <= 2 and termlike(cause)  # a noun phrase, not a sentence
    headless = _DONE.search(cause.strip()) is not None and not _SUBJECT.search(cause)
    return (short or headless) and normalise(subject) not in normalise(cause)


_DONE = re.compile(r"(?:했다|했음|한다|된다|됐다|되었다|였다|이다)\.?$")
_SUBJECT = re.compile(r"[가-힣A-Za-z0-9)](?<![하되있없않지])(?:은|는|이|가)\s")
"""A word marked as a sentence's subject or topic (`RNN은 `, `W_hh가 `)."""


_SYMBOL = re.compile(r"[A-Za-z](?:_\{?\w+\}?)?")
"""A front that is one letter (`Q`, `W_h`): a symbol, named by what it belongs to."""
_TOKEN = re.compile(r"[A-Za-z][\w-]{0,11}")


def _needs_subject(c: Candidate) -> bool:
    """A definition that is not about a term of its own: a bare symbol (`$\\mathbf{Q}$`,
    `MAX`), or an item nested under a term's item that names a detail of that term."""
    front = clean(c.card.front).strip()
    if re.fullmatch(r"\$[^$]+\$", front):
        return True
    if normalise(front) not in normalise(c.subject) and (
        _SYMBOL.fullmatch(front) or (_TOKEN.fullmatch(front) and " = " in c.card.back)
    ):
        return True  # `MAX` → `... 요구할지 = ...`: a variable of the topic's, not a term
    nested = c.block is not None and c.block.kind == BlockKind.ITEM
    nested = nested and any(outer.kind == BlockKind.ITEM for outer in c.chain)
    return nested and normalise(c.subject) not in normalise(front) and len(front.split()) > 2


def dedupe_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    definitions = [c for c in found if c.card.kind == CardKind.DEFINITION]
    lists = [c for c in found if c.card.kind == CardKind.LIST and c.block is not None]
    covered = [
        c
        for c in definitions
        if c.chain
        and any(  # an item of a list asked whole, its answer with it (not a set of names)
            lst.block is c.chain[-1] and normalise(c.card.back) in normalise(lst.card.back)
            for lst in lists
        )
    ]
    definitions = [c for c in definitions if c not in covered]
    kept: list[Candidate] = []
    seen: set[tuple[str, str]] = set()
    for c in found:
        card = c.card
        if c in covered:
            continue  # asked with its list
        if card.kind == CardKind.CLOZE and any(
            d.card.line == card.line and normalise(card.back) in normalise(d.card.front)
            for d in definitions
        ):
            continue  # a cloze of a defined term: the definition asks it
        if card.kind == CardKind.ARROW and any(
            d.card.line == card.line and normalise(card.back) in normalise(d.card.back)
            for d in definitions
        ):
            continue  # the arrow is inside a definition's answer
        pair = (normalise(card.front), normalise(card.back))
        if pair in seen:
            continue
        seen.add(pair)
        kept.append(c)
    kept = [c for c in kept if not _restated(c, kept) and not _outset(c, kept)]
    kept = _merged(kept)
    owned = {c.card.line for c in kept}
    for c in kept:
        if c.card.kind == CardKind.DEFINITION and c.block is not None:
            _unswallow(c, owned)
    return kept


_EXPANSION = re.compile(r"\s*\([^()]*\)$")


def _merged(found: list[Candidate]) -> list[Candidate]:
    """A term defined twice in a topic (`딥러닝은 ... 학습. 딥러닝은 엄밀히 말하자면 ...`) is
    one card whose answer says both, not a card and its `(2)`."""
    first: dict[str, Candidate] = {}
    kept = []
    for c in found:
        if c.card.kind != CardKind.DEFINITION or "—" in c.card.front:
            kept.append(c)  # `X — 단점?` twice: two sections' labels, each its own card
            continue
        said = _EXPANSION.sub("", c.card.front)  # `스레드(Thread)` and `스레드`: one term
        earlier = first.setdefault(" ".join(said.casefold().split()), c)
        if earlier is c:
            kept.append(c)
        elif normalise(c.card.back) not in normalise(earlier.card.back):
            earlier.card.back = f"{earlier.card.back}\n\n{c.card.back}"
    return kept


def _outset(c: Candidate, cards: list[Candidate]) -> bool:
    """A list asked whole (`CPU 스케줄링의 종류?`) where a set asks its names on the same line
    (`CPU 스케줄링의 종류 — 2가지?`): the set is the card to keep."""
    if c.card.kind != CardKind.LIST or _SET.search(c.card.front):
        return False
    asked = c.card.front.rstrip("?").strip()
    return any(
        other.card.kind == CardKind.LIST
        and other.card.line == c.card.line
        and _SET.search(other.card.front) is not None
        and other.card.front.startswith(asked)
        for other in cards
    )


_SET = re.compile(r"\d+가지\?$")


def _restated(arrow: Candidate, cards: list[Candidate]) -> bool:
    """An arrow nested in an item whose own card already answers with it."""
    if arrow.card.kind != CardKind.ARROW:
        return False
    items = {outer.line for outer in arrow.chain if outer.kind == BlockKind.ITEM}
    answer = normalise(arrow.card.back)
    return any(
        c.card.kind != CardKind.ARROW and c.card.line in items and answer in normalise(c.card.back)
        for c in cards
    )


def _unswallow(c: Candidate, owned: set[int]) -> None:
    """Nested blocks with a card of their own leave a definition's answer, and so do the
    paragraphs after such a block: they follow the other term (`forget gate = 1 : ...`, then
    `input gate = 0 : ...`, then what the two say together)."""
    from studykit.cards.rules import block_text

    assert c.block is not None
    paragraphs = c.card.back.split("\n\n")
    for child in c.block.children:
        if any(inner.line in owned for inner in child.walk()):
            text = clean(block_text(child)).strip()
            at = next((n for n, p in enumerate(paragraphs) if p.strip() == text), None)
            kept = _pruned(child, owned)
            if at is not None and at > 0 and kept is not None:  # its items with no card stay
                paragraphs[at] = clean(block_text(kept)).strip()
            elif at is not None and at > 0:
                paragraphs = paragraphs[:at]
                break
    c.card.back = "\n\n".join(p for p in paragraphs if p)


def _pruned(block: Block, owned: set[int]) -> Block | None:
    """A list without its items (at any depth) that have a card of their own, when some of
    its own items have none (`- 비휘발성 메모리` stays; `- 소프트웨어 : ...` under another
    item goes); None when it is no list or none of its own items would stay."""
    if block.kind != BlockKind.LIST:
        return None
    items = []
    for item in block.children:
        if item.line in owned:
            continue
        children = [_pruned(child, owned) or child for child in item.children]
        children = [child for child in children if not _owned_list(child, owned)]
        items.append(replace(item, children=children))
    return replace(block, children=items) if items else None


def _owned_list(block: Block, owned: set[int]) -> bool:
    return block.kind == BlockKind.LIST and all(item.line in owned for item in block.children)


def giveaways_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    title = normalise(drop_remarks(clean(topic.title)))
    kept = []
    for c in found:
        card = c.card
        answer, front = normalise(card.back), normalise(card.front.replace(GAP, ""))
        if card.kind == CardKind.CLOZE:
            if answer == title or (len(answer) >= 2 and answer in front):
                continue
        elif len(answer) >= 2 and answer in normalise(card.front):
            continue
        if card.kind == CardKind.DEFINITION:
            _unrepeat(card)
        if card.kind in (CardKind.DEFINITION, CardKind.QA) and echoes(card.front, card.back):
            continue
        kept.append(c)
    return kept


def _unrepeat(card: Card) -> None:
    """`Vanilla RNN` → `Vanilla RNN은 ...`: the answer no longer opens with the question."""
    term = clean(card.front).strip()
    opening = _OPENING.match(card.back, len(term)) if card.back.startswith(term) else None
    rest = card.back[opening.end() :] if opening else card.back
    if rest != card.back and len(rest) >= 2:
        card.back = rest


_OPENING = re.compile(r"\s*(?:은|는|이란|란|이라는 것은|이|가|[:：=]|is|are)?\s+")
"""What follows the question's term when an answer opens with it (one pattern: a pattern
made per card missed re's cache, 0.1 ms a card)."""


def bounds_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    for c in found:
        card = c.card
        if card.kind == CardKind.QA and "\n\n" in card.back:
            card.back, card.more = _first_paragraph(card.back)
        if len(card.back) > MAX_BACK and card.kind not in (CardKind.FORMULA, CardKind.LIST):
            cut = _sentence_cut(card.back)
            if cut:
                rest = card.back[cut:].strip()
                card.back = card.back[:cut].strip()
                card.more = f"{rest}\n\n{card.more}".strip()
    return found


def _first_paragraph(answer: str) -> tuple[str, str]:
    """An answer's first paragraph, and the rest. Short lines split by blank lines (`CNN,
    RNN` / `Attention is all you need` / ...) are one answer: they stay together, and so does
    a short lead-in with the list it introduces (`대부분 둘 중 하나다.` then the two), and a
    label with the paragraph under it (`cost function` then what it is)."""
    paragraphs = [p.strip() for p in answer.split("\n\n") if p.strip()]
    n = 1
    if (
        len(paragraphs) > 1
        and len(paragraphs[0]) <= SHORT_LINE
        and not _ENDED.search(paragraphs[0])
    ):
        n = 2
    while (
        n < len(paragraphs)
        and len(paragraphs[n - 1]) <= SHORT_LINE
        and (len(paragraphs[n]) <= SHORT_LINE or _LIST_START.match(paragraphs[n]))
    ):
        n += 1
    return "\n\n".join(paragraphs[:n]), "\n\n".join(paragraphs[n:])


def _sentence_cut(text: str) -> int:
    """Where to cut `text` at a sentence end at most MAX_BACK characters in (0: nowhere)."""
    ends = [m.end() for m in re.finditer(r"(?:[.!?。]|다\.)(?=\s)|\n\n", text)]
    fitting = [end for end in ends if end <= MAX_BACK]
    return fitting[-1] if fitting else 0


def quality_pass(topic: Topic, found: list[Candidate]) -> list[Candidate]:
    for c in found:
        c.card.quality = quality(c.card)
    return found


PASSES: tuple[Pass, ...] = (
    clean_pass,
    junk_pass,
    remarks_pass,
    subjects_pass,
    dedupe_pass,
    giveaways_pass,
    bounds_pass,
    quality_pass,
)
