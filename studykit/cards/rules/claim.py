"""Claims as cards: a `python check` with `card="question?"` makes its claim a card of its
own, asked by that question. The quiz shows what the checks say of it after the answer
(✓ verified, ◐ partly, ✗ refuted), so a claim the code backs is learnt with its proof.

A claim quoting part of a sentence (`claim="... 기울기가 0이되어"`) is answered with the whole
sentence of the note it is cut from: an answer never stops mid-sentence."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import whole_sentence
from studykit.checks.find import Check
from studykit.notes.model import BlockKind, Topic


def cards(topic: Topic, checks: list[Check], make: Make) -> Iterator[Card]:
    """Topic rule: the topic's checks that ask for a card."""
    texts = [b for b in topic.walk() if b.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)]
    for check in checks:
        if check.card and check.claim:
            at = [b for b in texts if b.line <= check.claim_line <= b.end]
            claim = whole_sentence(at[-1].text, check.claim) if at else check.claim
            yield make(CardKind.CLAIM, check.card, claim, check.claim_line)
