"""The review log in the layout FSRS tools read (fsrs-optimizer, fsrs-rs, the `fsrs`
package's Optimizer): one row per answer with

    card_id, review_time, review_rating, review_state, review_duration

card_id an integer (studykit's hex ids read as numbers), review_time in milliseconds since
the epoch, review_rating 1-4, review_state the card's FSRS state *before* the answer
(0 new, 1 learning, 2 review, 3 relearning) and review_duration in milliseconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from studykit.store import Store

COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")


@dataclass(slots=True)
class Entry:
    card_id: int
    review_time: int
    review_rating: int
    review_state: int
    review_duration: int | None
    card: str  # the studykit card id
    reviewed_at: datetime


def numeric_id(card_id: str) -> int:
    """A card id as the integer FSRS tools expect: hex ids as they are, others hashed."""
    try:
        return int(card_id, 16)
    except ValueError:
        return int.from_bytes(hashlib.blake2b(card_id.encode(), digest_size=6).digest())


def entries(store: Store, user: int) -> list[Entry]:
    """Every answer of `user`, oldest first."""
    state_after: dict[str, int] = {}
    found = []
    for review in store.reviews(user):
        at = datetime.fromisoformat(review.reviewed_at)
        found.append(
            Entry(
                numeric_id(review.card_id),
                int(at.timestamp() * 1000),
                review.rating,
                state_after.get(review.card_id, 0),
                review.elapsed_ms,
                review.card_id,
                at,
            )
        )
        state_after[review.card_id] = review.state
    return found
