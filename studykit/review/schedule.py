"""Spaced repetition with FSRS (the `fsrs` package): the only scheduler studykit uses.

A card's FSRS state is kept as the package's own dict form (`Card.to_dict()`), so nothing
here re-implements scheduling; this module only converts: studykit's Rating and Phase to
and from fsrs's, which are imported here and nowhere on the quiz's start-up path.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fsrs import Card, Scheduler
from fsrs import Rating as FsrsRating

from studykit.review.model import Phase, Rating
from studykit.review.store import State

DEFAULT_RETENTION = 0.9


def scheduler(
    retention: float = DEFAULT_RETENTION, parameters: list[float] | None = None
) -> Scheduler:
    """FSRS with the learner's desired retention (the share of cards recalled when due) and
    their fitted parameters, or FSRS's defaults."""
    if parameters:
        return Scheduler(parameters, desired_retention=retention, enable_fuzzing=False)
    return Scheduler(desired_retention=retention, enable_fuzzing=False)


def step(
    state: State | None, rating: Rating, at: datetime, sched: Scheduler | None = None
) -> tuple[State, datetime, Phase]:
    """The card's (state, due, phase) after being rated at `at` (aware, in any zone: fsrs
    takes UTC); `state=None` is a new card."""
    at = at.astimezone(UTC)
    card = _card(state) if state else Card(card_id=0, due=at)
    card, _ = (sched or scheduler()).review_card(card, FsrsRating(rating), review_datetime=at)
    data: State = dict(card.to_dict())
    data.pop("card_id")
    return data, card.due, Phase(int(card.state))


def dues(state: State | None, at: datetime, sched: Scheduler) -> dict[Rating, datetime]:
    """When the card would be due after each rating at `at` (what the rating buttons show);
    one card read for all four."""
    at = at.astimezone(UTC)
    card = _card(state) if state else Card(card_id=0, due=at)
    return {
        rating: sched.review_card(card, FsrsRating(rating), review_datetime=at)[0].due
        for rating in Rating
    }


def recall(state: State, at: datetime, sched: Scheduler) -> float:
    """FSRS's predicted chance (0 to 1) that the card is recalled at `at`."""
    return float(sched.get_card_retrievability(_card(state), at))


def _card(state: State) -> Card:
    return Card.from_dict({**state, "card_id": 0})  # type: ignore[typeddict-item]
