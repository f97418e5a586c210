"""Term items: a list item that is only a term (`- **Dataset**`, `` - `torch.no_grad()` ``)
with its definition written under it, as an indented paragraph or a sub-list, asks for the
term.

TIL notes and Notion exports put the term alone on the item's line and the explanation on the
next lines, indented, so no colon joins them and the definition rule sees nothing. A bold or
code term is how the learner marks it as a term; plain text alone on an item is too often a
step or a remark to be trusted. `- **Term**: definition` stays the definition rule's card.

The answer is what is indented under the term, without the sub-items that have cards of their
own (`- 장점` / `- 단점` over their items: child_label's) and without images (a screenshot
between the term and its explanation does not hide the explanation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import DEFINITION, clean, is_child_label, is_generic
from studykit.notes.model import Block, BlockKind, Topic

_EXPLAINED = (BlockKind.LIST, BlockKind.QUOTE, BlockKind.PARAGRAPH)
_NOT_A_NAME = re.compile(
    r"(?:[.!?。:]|다|요|죠|음|함|됨|임|것|기)$|→|->|=|\$|https?:|[가-힣](?:을|를|에서|하면|해서|하고)\s"
)
"""A sentence, a step or a remark rather than a name."""
_ASKED = re.compile(r"^Q\s*\d*\s*[.:)]|\?$")
"""A question in bold (`- **Q1. ... 설명하세요.**`, `- **... 인조 키?**`): asked, not a phrase."""
_CODE_TERM = re.compile(r"`[^`\n]+`(?:\s+(?:vs\.?|/|와|과|,)\s+`[^`\n]+`)?\s*")


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: every item of a top-level list, nested ones too."""
    if block.kind != BlockKind.LIST:
        return
    for item in _items(block):
        term = term_of(item)
        if term is None:
            continue
        back = "\n\n".join(part for part in map(_part, item.children) if part)
        if back:
            yield make(CardKind.DEFINITION, term, back, item.line)


def term_of(item: Block) -> str | None:
    """The term an item names alone on its line, with its definition indented under it."""
    if not item.children:
        return None
    first = item.children[0]
    if first.label == item.text and first.line > item.line and item.text.strip():
        if len(clean(item.text).split()) > 6 and not _ASKED.search(clean(item.text)):
            return None  # `- **CPU가 ... 저장하는 기억장치**`: a definition in bold, not a term
        return item.text.strip()  # `- **Term**`: the parser read the bold line as a label
    if _CODE_TERM.fullmatch(item.text):
        return item.text.strip()
    if plain_term(item) and not is_set(item):
        return clean(item.text).strip()
    return None


def _phrase(text: str) -> bool:
    """Too long or too much a sentence to be a name (over 6 words or 40 characters)."""
    text = clean(text).strip()
    return len(text) > 40 or len(text.split()) > 6 or _NOT_A_NAME.search(text) is not None


def plain_term(item: Block) -> bool:
    """`- 원자성(Atomicity)` over its explanation (an indented quote, paragraph or list):
    a short name, not a sentence, a step, a label of an aspect or a remark."""
    text = clean(item.text).strip()
    shown = [c for c in item.children if clean(block_text(c)).strip()]  # no image alone
    if not shown or shown[0].kind not in _EXPLAINED or DEFINITION.match(text):
        return False  # `- tmux: ...` is the definition rule's
    if not text or _phrase(text):
        return False
    said = clean(block_text(shown[0])).split()
    if len(said) < 3:
        return False  # `- 과제 마무리` over `- 내일까지`: a step and a remark, not a term
    return not is_generic(text) and not is_child_label(item)


def is_set(item: Block) -> bool:
    """An item whose nested list names two or more terms, each explained under it
    (`- 비선점 스케줄링` over `1. FCFS` ... `2. SJF` ...): a set, asked by rules.term_set."""
    lists = [c for c in item.children if c.kind == BlockKind.LIST]
    return (
        bool(lists)
        and len(lists[0].children) >= 2
        and all(plain_term(i) or term_of_label(i) for i in lists[0].children)
    )


def term_of_label(item: Block) -> bool:
    """`- **Term**` over its definition, or `` - `f()` `` over it."""
    first = item.children[0] if item.children else None
    bold = first is not None and first.label == item.text and first.line > item.line
    return bold or (bool(item.children) and _CODE_TERM.fullmatch(item.text) is not None)


def _items(block: Block) -> Iterator[Block]:
    for item in block.children:
        yield item
        for child in item.children:
            if child.kind == BlockKind.LIST:
                yield from _items(child)


def _part(child: Block) -> str:
    if child.kind == BlockKind.LIST:
        kept = [item for item in child.children if not is_child_label(item)]
        return clean(block_text(replace(child, children=kept))) if kept else ""
    if child.kind in (BlockKind.PARAGRAPH, BlockKind.MATH, BlockKind.CODE, BlockKind.QUOTE):
        return clean(block_text(child))
    return ""
