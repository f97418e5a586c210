"""Flashcards drawn from a note's topics, without the learner re-typing anything.

Each rule reads the parsed blocks of one topic: Q&A pairs, `term: definition` lines, labelled
lists (`장점:`), display math, cloze marks (`==x==`, `{{c1::x}}`, `**x**` inside a sentence),
arrow statements (`A → B`) and author-marked cards in the Obsidian spaced-repetition syntax
(`front::back`, `front:::back`, and multi-line cards split by a `?` or `??` line).

A card's id hashes its note, topic, kind and normalised front, so editing an answer or moving
the file keeps the id (and the review history); decks.py also re-attaches slightly
re-worded fronts to their old ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from studykit.notes import Block, Note, Topic
from studykit.text import nfc

_QUESTION = re.compile(r"^(?:Q\s*[.:)]|질문\s*[:.])\s*")
_ANSWER = re.compile(r"^(?:A\s*[.:)]|답\s*[:.]|답변\s*[:.])\s*")
_DEFINITION = re.compile(
    r"^(?:ex\)|e\.g\.|예\))?\s*(?P<term>[^:：]{1,40}?)(?:\s*[:：]\s+|\s+[:：]\s*)(?P<definition>\S.*)$",
    re.S,
)
_LEADING_ARROW = re.compile(r"^[(\s]*(?:→|⇒|->|=>)\s*")
_ARROW = re.compile(r"\s*(?:→|⇒|->|=>)\s*")
_CLOZE = re.compile(
    r"==(?P<a>[^=\n]+)==|\{\{c\d+::(?P<b>[^}]+?)(?:::[^}]*)?\}\}|\*\*(?P<c>[^*\n]+)\*\*"
)
_AUTHOR_INLINE = re.compile(r"^(?P<front>[^:{}\n][^\n]*?)(?P<sep>:::|::)(?P<back>[^:\n].*)$")
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_COMMENT = re.compile(r"\s*<!--.*?-->", re.S)  # e.g. Obsidian's `<!--SR:!2024-05-01,3,250-->`


@dataclass(slots=True)
class Card:
    """One flashcard. `back` and `front` are Markdown, math and Korean as the author wrote."""

    id: str
    kind: str
    front: str
    back: str
    note: str
    topic: str
    line: int
    context: str = ""
    tags: list[str] = field(default_factory=list)
    reverse: bool = False


def card_id(note: str, topic_slug: str, kind: str, front: str) -> str:
    key = "\x1f".join([note, topic_slug, kind, normalise(front)])
    return hashlib.blake2b(key.encode(), digest_size=6).hexdigest()


def normalise(text: str) -> str:
    """Front text for identity: NFC, case-folded, spacing and punctuation ignored."""
    return re.sub(r"[\W_]+", "", nfc(text).casefold())


def extract(note: Note) -> list[Card]:
    """Every card of a note, in source order, without empty or duplicate cards."""
    cards: list[Card] = []
    seen: set[str] = set()
    for topic in note.topics:
        for card in _topic_cards(note, topic):
            if card.id in seen or not card.front.strip() or not card.back.strip():
                continue
            if normalise(card.front) == normalise(card.back):
                continue
            seen.add(card.id)
            cards.append(card)
    return sorted(cards, key=lambda c: c.line)


def _topic_cards(note: Note, topic: Topic) -> Iterator[Card]:
    def make(kind: str, front: str, back: str, line: int, **extra: object) -> Card:
        front, back = _COMMENT.sub("", front).strip(), _COMMENT.sub("", back).strip()
        return Card(
            card_id(note.slug, topic.slug, kind, front),
            kind,
            front,
            back,
            note.slug,
            topic.id,
            line,
            context=topic.title,
            tags=list(topic.tags),
            **extra,  # type: ignore[arg-type]
        )

    used: set[int] = set()  # ids of blocks a Q&A card took as its answer
    yield from _qa(topic.blocks, make, used)
    for block in topic.blocks:
        if id(block) in used:
            continue
        if block.kind == "list" and block.label:
            items = "\n".join(f"- {item.text}" for item in block.children)
            yield make("list", f"{topic.title} — {block.label}?", items, block.line)
        if block.kind == "math":
            prompt = f"{topic.title} — {block.label}: formula?" if block.label else None
            yield make("formula", prompt or f"{topic.title} — formula?", _math(block), block.line)
        for inner in block.walk():
            yield from _line_cards(inner, make)


def _qa(blocks: list[Block], make, used: set[int]) -> Iterator[Card]:
    """`Q.` paragraphs; the answer is what follows up to the next question or label."""
    question: Block | None = None
    asked, answer = "", []
    for block in [*blocks, None]:
        starts = block is not None and block.kind == "paragraph" and _QUESTION.match(block.text)
        ends = block is None or block.kind in ("label", "hr") or starts
        if question and ends:
            yield make("qa", _QUESTION.sub("", asked), "\n\n".join(answer), question.line)
            question = None
        if starts:
            question = block
            asked, _, rest = block.text.partition("\n")
            answer = [_ANSWER.sub("", rest)] if rest.strip() else []
            used.add(id(block))
        elif question and block is not None:
            answer.append(_ANSWER.sub("", block_text(block)))
            used.add(id(block))


def _line_cards(block: Block, make) -> Iterator[Card]:
    if block.kind not in ("paragraph", "item"):
        return
    text = block.text
    author = list(_author(text, block, make))
    if author:
        yield from author
        return
    first_line = text.split("\n", 1)[0]
    definition = _DEFINITION.match(first_line)
    if definition and _balanced(definition["term"]) and "://" not in first_line:
        back = "\n\n".join([definition["definition"], *map(block_text, block.children)])
        yield make("definition", definition["term"], back, block.line)
    for match in _CLOZE.finditer(text):
        hidden = match["a"] or match["b"] or match["c"]
        if match["c"] and text.strip() == match.group(0):
            continue  # a bold-only line is a label, not a cloze
        front = text[: match.start()] + "[…]" + text[match.end() :]
        yield make("cloze", _CLOZE.sub(_shown, front), hidden, block.line)
    statement = _LEADING_ARROW.sub("", first_line)
    parts = _ARROW.split(statement)
    if len(parts) >= 2 and parts[0].strip("( ") and parts[-1].strip(") "):
        left = statement[: statement.rfind(parts[-1])].rstrip()
        answer = parts[-1].strip()
        if answer.endswith(")") and answer.count(")") > answer.count("("):
            answer = answer[:-1]
        closing = ")" if left.count("(") > left.count(")") else ""
        yield make("arrow", f"{left} ?{closing}", answer, block.line)


def _author(text: str, block: Block, make) -> Iterator[Card]:
    """Obsidian spaced-repetition cards: `a::b`, `a:::b`, and `front\\n?\\nback` blocks."""
    lines = text.split("\n")
    for sep in ("??", "?"):
        if sep in lines:
            at = lines.index(sep)
            front, back = "\n".join(lines[:at]), "\n".join(lines[at + 1 :])
            yield make("author", front, back, block.line, reverse=sep == "??")
            return
    for line in lines:
        match = _AUTHOR_INLINE.match(line.strip())
        if match and "{{" not in line:
            reverse = match["sep"] == ":::"
            yield make("author", match["front"], match["back"], block.line, reverse=reverse)


def _shown(match: re.Match[str]) -> str:
    return match["a"] or match["b"] or match["c"]


def _balanced(term: str) -> bool:
    stack: list[str] = []
    for char in term:
        if char in _BRACKETS:
            stack.append(_BRACKETS[char])
        elif char in _BRACKETS.values() and (not stack or stack.pop() != char):
            return False
    return not stack and not term.rstrip().endswith((".", "!", "?"))


def _math(block: Block) -> str:
    return f"$$\n{block.text}\n$$"


def block_text(block: Block, indent: str = "") -> str:
    """A block back as Markdown, for card answers."""
    if block.kind == "list":
        lines = []
        for n, item in enumerate(block.children, start=1):
            marker = f"{n}." if block.info == "ordered" else "-"
            lines.append(f"{indent}{marker} {item.text}")
            lines += [block_text(child, indent + "  ") for child in item.children]
        return "\n".join(lines)
    if block.kind == "math":
        return _math(block)
    if block.kind == "code":
        return f"```{block.info}\n{block.text}```"
    if block.kind in ("quote", "html"):
        return "\n\n".join(block_text(child, indent) for child in block.children) or block.text
    if block.kind == "hr":
        return ""
    return indent + block.text if indent else block.text
