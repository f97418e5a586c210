"""Child labels: an aspect of a term written as a list item over its own items (`- 장점`,
`- 단점`, `- 특징`, no colon) or as a heading over a list (`### LSTM의 장점`, `### Pros of
X`) asks for the items.

Learners nest the pros and cons under the term they are about (`- **tmux**: ...` then
`- 장점` with the points indented below), so the label alone is no question: the subject is
the parent item's term, else the topic's heading, and the front says both (`tmux — 장점?`).
A heading that already names both (`VAE의 장점`, `GAN 학습이 불안정한 이유`) is the question
as written. `장점:` with a colon is a label the parser gives the list (labelled_list's).

Not a card: a label with no subject to give it, a heading over a list whose every item is
already a `term: definition` card (`### L1 vs L2`), and items that only react to the one above
(`→ 이걸 해결해야 한다!`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import (
    ASPECTS,
    DEFINITION,
    clean,
    heading_subject,
    is_child_label,
    label_of,
)
from studykit.notes.model import Block, BlockKind, Topic

_MARKS = re.compile(r"\*+|`|(?<!\w)__?|__?(?!\w)")  # emphasis, not `num_workers`
_ASPECT_HEADING = re.compile(
    r"(?:[\s의]|^)(?:" + "|".join(re.escape(a) for a in ASPECTS) + r")$"
    r"|^(?:pros|cons|advantages|disadvantages|limitations)\s+of\s",
    re.I,
)
_REACTION = re.compile(r"^\s*(?:→|->|⇒|=>)")


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: `- 장점` items in any list, and an aspect heading's opening list."""
    if block.kind != BlockKind.LIST:
        return
    yield from _heading_card(topic, block, make)
    heading = heading_subject(topic.title) if topic.level > 0 else ""
    for item, parent in _items(block, None):
        if not is_child_label(item):
            continue
        subject = _term(parent) if parent is not None else heading
        if not subject:
            continue
        label = label_of(item)
        sub_list = next(c for c in item.children if c.kind == BlockKind.LIST)
        back = clean(block_text(sub_list))
        if back:
            yield make(CardKind.LIST, f"{subject} — {label}?", back, item.line)


def _items(block: Block, parent: Block | None) -> Iterator[tuple[Block, Block | None]]:
    for item in block.children:
        yield item, parent
        for child in item.children:
            if child.kind == BlockKind.LIST:
                yield from _items(child, item)


def _term(item: Block) -> str:
    """The term of a parent item: `**tmux**: ...` gives tmux, `- **Git LFS**` Git LFS."""
    first = item.text.split("\n", 1)[0]
    found = DEFINITION.match(first)
    term = found["term"] if found else first
    term = _MARKS.sub("", term).strip()
    return term if 0 < len(term) <= 40 and not term.endswith((".", "!", "?")) else ""


def _heading_card(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    if topic.level < 2 or not topic.blocks or block is not topic.blocks[0] or block.label:
        return
    question = heading_subject(topic.title)
    if not question or not _ASPECT_HEADING.search(question):
        return
    kept = [item for item in block.children if not _REACTION.match(item.text)]
    if not kept or all(DEFINITION.match(item.text.split("\n", 1)[0]) for item in kept):
        return
    back = clean(block_text(replace(block, children=kept)))
    yield make(CardKind.LIST, f"{question}?", back, block.line)
