"""The review log in the layout FSRS tools read (fsrs-optimizer, fsrs-rs, the `fsrs`
package's Optimizer): one row per answer with

    card_id, review_time, review_rating, review_state, review_duration

card_id an integer (studykit's hex ids read as numbers), review_time in milliseconds since
the epoch, review_rating 1-4, review_state the card's FSRS state *before* the answer
(0 new, 1 learning, 2 review, 3 relearning) and review_duration in milliseconds.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Literal

from studykit.review.model import Phase, Review

COLUMNS = ("card_id", "review_time", "review_rating", "review_state", "review_duration")
Row = dict[str, int | None]


def numeric_id(card_id: str) -> int:
    """A card id as the integer FSRS tools expect: hex ids as they are, others hashed."""
    try:
        return int(card_id, 16)
    except ValueError:
        return int.from_bytes(hashlib.blake2b(card_id.encode(), digest_size=6).digest())


def rows(reviews: list[Review]) -> list[Row]:
    """One row per answer (given oldest first), in the FSRS tools' columns."""
    phase_before: dict[str, Phase] = {}
    found: list[Row] = []
    for review in reviews:
        found.append(
            {
                "card_id": numeric_id(review.card_id),
                "review_time": int(review.reviewed_at.timestamp() * 1000),
                "review_rating": int(review.rating),
                "review_state": int(phase_before.get(review.card_id, Phase.NEW)),
                "review_duration": review.elapsed_ms,
            }
        )
        phase_before[review.card_id] = review.phase
    return found


def write(reviews: list[Review], fmt: Literal["csv", "jsonl"]) -> str:
    """The log as CSV (with a header) or JSON Lines."""
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(reviews))
    else:
        buffer.writelines(json.dumps(row) + "\n" for row in rows(reviews))
    return buffer.getvalue()
