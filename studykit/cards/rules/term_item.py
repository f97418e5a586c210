"""Term items: a list item that is only a term (`- **Dataset**`, `` - `torch.no_grad()` ``)
with its definition written under it, as an indented paragraph or a sub-list, asks for the
term.

TIL notes and Notion exports put the term alone on the item's line and the explanation on the
next lines, indented, so no colon joins them and the definition rule sees nothing. A bold or
code term is how the learner marks it as a term; plain text alone on an item is too often a
step or a remark to be trusted. `- **Term**: definition` stays the definition rule's card.

The answer is what is indented under the term, without the sub-items that have cards of their
own (`- 장점` / `- 단점` over their items: child_label's) and without images.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import clean, is_child_label
from studykit.notes.model import Block, BlockKind, Topic

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
        return item.text.strip()  # `- **Term**`: the parser read the bold line as a label
    if _CODE_TERM.fullmatch(item.text):
        return item.text.strip()
    return None


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
    if child.kind in (BlockKind.PARAGRAPH, BlockKind.LIST, BlockKind.MATH, BlockKind.CODE):
        return clean(block_text(child))
    return ""
