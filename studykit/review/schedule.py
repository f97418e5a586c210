"""Spaced repetition with FSRS (the `fsrs` package): the only scheduler studykit uses.

A card's FSRS state is kept as the package's own dict form (`Card.to_dict()`), so nothing
here re-implements scheduling; this module only converts: studykit's Rating and Phase to
and from fsrs's, which are imported here and nowhere on the quiz's start-up path.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from fsrs import Card, Scheduler
from fsrs import Rating as FsrsRating
from fsrs import State as FsrsState
from fsrs.scheduler import DEFAULT_PARAMETERS, STABILITY_MIN

from studykit.review.model import DEFAULT_RETENTION, Phase, Rating
from studykit.review.store import State


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


def from_sm2(
    due: datetime, interval: float, ease: float, parameters: list[float] | None = None
) -> State:
    """The FSRS state of a card another tool scheduled with SM-2 (due, interval in days,
    ease as a factor, 2.5 for 250%): the memory whose recall falls to 90% at the interval,
    with the difficulty its ease implies, as Anki converts them (fsrs-rs
    `memory_state_from_sm2`, SM-2's retention taken as 0.9)."""
    w, retention = list(parameters or DEFAULT_PARAMETERS), 0.9
    decay = -w[20]
    stability = max(interval, STABILITY_MIN) * (0.9 ** (1 / decay) - 1)
    stability /= retention ** (1 / decay) - 1
    growth = math.exp(w[8]) * stability ** -w[9] * math.expm1((1 - retention) * w[10])
    difficulty = min(10.0, max(1.0, 11 - (ease - 1) / growth))
    at = due.astimezone(UTC)
    return fsrs_state(at, stability, difficulty, 2, None, at - timedelta(days=interval))


def fsrs_state(
    due: datetime,
    stability: float,
    difficulty: float,
    phase: int,
    step: int | None,
    last_review: datetime,
) -> State:
    """A state from FSRS's own fields, as another FSRS tool keeps them (phase: 1 learning,
    2 review, 3 relearning; step: the learning step, for those phases)."""
    card = Card(
        card_id=0, state=FsrsState(phase), step=None if phase == 2 else step or 0,
        stability=stability, difficulty=difficulty, due=due.astimezone(UTC),
        last_review=last_review.astimezone(UTC),
    )  # fmt: skip
    data: State = dict(card.to_dict())
    data.pop("card_id")
    return data


def _card(state: State) -> Card:
    return Card.from_dict({**state, "card_id": 0})  # type: ignore[typeddict-item]
