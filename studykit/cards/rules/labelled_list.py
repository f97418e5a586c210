"""Labelled lists: a list under a pseudo-heading (`**장점**` or `장점:`) asks for its items.

- A generic label (`장점:`, `순서:`) is asked with its topic: `RNN — 장점?`.
- A term label (`**ELBO**`, `**멘토님이 추천한 것들**`) is asked alone: `ELBO?`.
- A list of `key: value` items is not asked whole when the items are each their own card:
  under a term label when the keys are aspects (`**MSE**` over `특징:`, `gradient:`), under
  a generic label when every item is keyed (`특징 비교:` over `AE:`, `VAE:`, `GAN:`).

The label counts only when it is right above the list, or above the formula right above it.
"""

from __future__ import annotations

from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import MARKER, clean, drop_remarks, is_generic, term_of
from studykit.notes.model import Block, BlockKind, Topic


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule."""
    if block.kind != BlockKind.LIST or not block.label or not _right_below(topic, block):
        return

    label = drop_remarks(clean(block.label))
    terms = [term_of(item) if ":" in item.text.split("\n")[0] else "" for item in block.children]
    keyed = [t for t in terms if t]
    if is_generic(label):
        if keyed and len(keyed) == len(terms):
            return
        front = f"{MARKER.sub('', topic.title)} — {block.label}?"
    else:
        if any(is_generic(t) for t in keyed):
            return
        front = f"{label}?"
    items = "\n".join(f"- {item.text}" for item in block.children)
    yield make(CardKind.LIST, front, items, block.line)


def _right_below(topic: Topic, block: Block) -> bool:
    at = next((n for n, b in enumerate(topic.blocks) if b is block), 0)
    for above in reversed(topic.blocks[:at]):
        if above.kind == BlockKind.LABEL:
            return True
        if above.kind != BlockKind.MATH or above.label != block.label:
            return False
    return at == 0
