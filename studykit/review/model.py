"""The small types of reviewing: ratings, quiz modes, FSRS phases, one Review, and the
Selection of cards a session draws from.

Rating and Phase mirror the `fsrs` package's Rating and State values; they are converted
in review.schedule only, so that starting a quiz does not import fsrs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

DEFAULT_RETENTION = 0.9
"""FSRS's desired retention unless the learner asks for another (or follows a plan)."""


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Mode(StrEnum):
    FLIP = "flip"  # reveal the answer, then rate it
    TYPE = "type"  # type the answer; it is graded
    CHOICE = "choice"  # pick the answer among sibling cards' answers


class Phase(IntEnum):
    """Where a card stands in FSRS (fsrs.State, with NEW for a card never answered)."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(slots=True)
class Review:
    """One answer, as kept forever in the review history.

    phase: the card's phase after the answer. due: when the card is due again.
    """

    card_id: str
    reviewed_at: datetime
    rating: Rating
    phase: Phase
    due: datetime
    elapsed_ms: int | None
    mode: Mode


@dataclass(slots=True)
class Selection:
    """Which cards a session draws from: a deck or topic (unique parts of slugs), a tag,
    and the collection (the notes folder the decks come from; "" for every folder)."""

    target: str = ""
    tag: str = ""
    collection: str = ""

    def parts(self) -> tuple[str, str]:
        """(deck, topic) of the target `deck#topic`."""
        deck, _, topic = self.target.partition("#")
        return deck, topic
