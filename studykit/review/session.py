"""A quiz session's core, independent of any screen: pick the cards to review, record each
answer through FSRS, offer choices.

Interfaces (the terminal quiz, the web service) call these functions; none of them prints.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from studykit.cards.model import Card
from studykit.db import Database, now
from studykit.review import store
from studykit.review.model import Mode, Rating, Review, Selection
from studykit.review.store import State

LEARNING_WINDOW = timedelta(minutes=20)
"""A card due again within this window (a learning step) comes back in the same session."""


def start_of_day(at: datetime) -> datetime:
    """Local midnight before `at`: the daily new-card limit resets there."""
    local = at.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def plan(
    db: Database,
    user: int,
    selection: Selection,
    *,
    limit: int = 100,
    new_per_day: int = 20,
    at: datetime | None = None,
) -> list[Card]:
    """Due cards first (most overdue first), then new cards up to the day's allowance."""
    at = at or now()
    due = store.due_cards(db, user, at, limit, selection)
    allowance = new_per_day - store.introduced_since(db, user, start_of_day(at))
    room = max(0, min(allowance, limit - len(due)))
    return due + (store.new_cards(db, user, room, selection) if room else [])


def answer(
    db: Database,
    user: int,
    card: Card,
    rating: Rating,
    *,
    mode: Mode,
    elapsed_ms: int | None = None,
    typed: str = "",
    at: datetime | None = None,
    retention: float | None = None,
) -> Review:
    """Schedule the card with FSRS and commit the review before returning."""
    from studykit.review.schedule import DEFAULT_RETENTION, scheduler, step  # not at start-up

    at = at or now()
    fsrs = scheduler(retention or DEFAULT_RETENTION, store.parameters(db, user))

    def schedule(state: State | None) -> tuple[State, Review]:
        new_state, due, phase = step(state, rating, at, fsrs)
        return new_state, Review(card.id, at, Rating(rating), phase, due, elapsed_ms, Mode(mode))

    return store.answer(db, user, card.id, schedule, typed)


def comes_back(review: Review, at: datetime) -> bool:
    """Is the card due again soon enough (a learning step) to be asked again this session?"""
    return review.due - at <= LEARNING_WINDOW


def choices(
    db: Database,
    card: Card,
    count: int = 4,
    seed: int | None = None,
    doubted: Callable[[str], bool] | None = None,
) -> list[str]:
    """The right answer among up to `count - 1` distractors from sibling cards, shuffled.

    `doubted` tells an answer that states a claim the note's checks refute (or find only
    partly true): none is offered, and a card whose own answer is one gets no choices."""
    import random  # 1 ms the first card need not wait for

    if doubted and doubted(card.back):
        return []
    rng = random.Random(seed if seed is not None else card.id)
    siblings = store.siblings(db, card)
    backs = list(
        dict.fromkeys(
            s.back for s in siblings if s.back != card.back and not (doubted and doubted(s.back))
        )
    )
    options = [card.back, *rng.sample(backs, min(count - 1, len(backs)))]
    rng.shuffle(options)
    return options
