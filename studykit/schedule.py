"""Spaced repetition with FSRS (the `fsrs` package): the only scheduler studykit uses.

A card's FSRS state is kept as the package's own dict form (`Card.to_dict()`), so nothing
here re-implements scheduling; this module only converts and names things.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler

DEFAULT_RETENTION = 0.9


@dataclass(slots=True)
class Outcome:
    state: dict  # the card's new FSRS state, to store
    due: datetime
    phase: int  # fsrs.State: 1 learning, 2 review, 3 relearning


def scheduler(
    retention: float = DEFAULT_RETENTION, parameters: list[float] | None = None
) -> Scheduler:
    """FSRS with the learner's desired retention (the share of cards recalled when due) and
    their fitted parameters, or FSRS's defaults."""
    if parameters:
        return Scheduler(parameters, desired_retention=retention, enable_fuzzing=False)
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


def review(
    state: dict | None, rating: int, at: datetime, sched: Scheduler | None = None
) -> Outcome:
    """The card's state after being rated `rating` (1-4) at `at`; `state=None` is a new card."""
    card = Card.from_dict({**state, "card_id": 0}) if state else Card(card_id=0, due=at)
    card, _ = (sched or scheduler()).review_card(card, Rating(rating), review_datetime=at)
    data = card.to_dict()
    data.pop("card_id")
    return Outcome(data, card.due, int(card.state))
