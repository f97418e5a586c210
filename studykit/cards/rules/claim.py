"""Claims as cards: a `python check` with `card="question?"` makes its claim a card of its
own, asked by that question. The quiz shows what the checks say of it after the answer
(✓ verified, ◐ partly, ✗ refuted), so a claim the code backs is learnt with its proof."""

from __future__ import annotations

from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.checks.find import Check


def cards(checks: list[Check], make: Make) -> Iterator[Card]:
    """Topic rule: the topic's checks that ask for a card."""
    for check in checks:
        if check.card and check.claim:
            yield make(CardKind.CLAIM, check.card, check.claim, check.claim_line)
