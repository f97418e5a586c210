"""Fit FSRS's parameters to one learner's review history, with the `fsrs` package's
Optimizer (which runs on torch), and measure the fit on reviews it has not seen.

The history is split in time: the Optimizer learns from the older part, and both the
default and the fitted parameters predict the newer part. A review counts when it is not
the card's first of its day (the same rule the Optimizer uses); log loss and RMSE compare
the predicted recall probability with whether the card was remembered (rating > Again).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, ReviewLog, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from studykit.revlog import Entry

MIN_REVIEWS = 512
"""The Optimizer's mini-batch: with fewer countable reviews it returns the defaults."""
TEST_SHARE = 0.2


class NotEnoughReviews(Exception):
    def __init__(self, have: int) -> None:
        super().__init__(f"{have} countable reviews, {MIN_REVIEWS} needed")
        self.have, self.missing = have, MIN_REVIEWS - have


@dataclass(slots=True)
class Evaluation:
    log_loss: float
    rmse: float
    reviews: int


@dataclass(slots=True)
class Fit:
    parameters: list[float]
    before: Evaluation  # the default parameters on the held-out reviews
    after: Evaluation  # the fitted parameters on the same reviews
    train_reviews: int
    cutoff: datetime


def split_time(entries: list[Entry], test_share: float = TEST_SHARE) -> datetime:
    """The moment before which (1 - test_share) of the answers were given."""
    times = sorted(e.reviewed_at for e in entries)
    return times[min(len(times) - 1, int(len(times) * (1 - test_share)))]


def countable(entries: list[Entry]) -> int:
    """Reviews that come a day or more after the card's previous review."""
    last: dict[int, datetime] = {}
    count = 0
    for entry in sorted(entries, key=lambda e: e.reviewed_at):
        previous = last.get(entry.card_id)
        count += previous is not None and (entry.reviewed_at - previous).days > 0
        last[entry.card_id] = entry.reviewed_at
    return count


def fit(entries: list[Entry]) -> Fit:
    """Fit on the older reviews, evaluate on the newer ones; NotEnoughReviews if too few."""
    from fsrs import Optimizer  # torch is imported here, and only here

    if not entries:
        raise NotEnoughReviews(0)
    cutoff = split_time(entries)
    train = [e for e in entries if e.reviewed_at < cutoff]
    have = countable(train)
    if have < MIN_REVIEWS:
        raise NotEnoughReviews(have)
    logs = [
        ReviewLog(e.card_id, Rating(e.review_rating), e.reviewed_at, e.review_duration)
        for e in train
    ]
    parameters = [float(p) for p in Optimizer(logs).compute_optimal_parameters()]
    return Fit(
        parameters,
        evaluate(entries, list(DEFAULT_PARAMETERS), cutoff),
        evaluate(entries, parameters, cutoff),
        have,
        cutoff,
    )


def evaluate(entries: list[Entry], parameters: list[float], since: datetime) -> Evaluation:
    """How well `parameters` predict recall at the countable reviews from `since` on.

    Every card's whole history is replayed (the older reviews set its memory state), and
    only the predictions for reviews at or after `since` are scored.
    """
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    cards: dict[int, Card] = {}
    losses, errors = [], []
    for entry in sorted(entries, key=lambda e: e.reviewed_at):
        card = cards.get(entry.card_id) or Card(card_id=entry.card_id, due=entry.reviewed_at)
        last = card.last_review
        if entry.reviewed_at >= since and last and (entry.reviewed_at - last).days > 0:
            p = min(max(scheduler.get_card_retrievability(card, entry.reviewed_at), 1e-6), 1 - 1e-6)
            recalled = entry.review_rating > 1
            losses.append(-math.log(p if recalled else 1 - p))
            errors.append((p - recalled) ** 2)
        cards[entry.card_id], _ = scheduler.review_card(
            card, Rating(entry.review_rating), entry.reviewed_at
        )
    if not losses:
        return Evaluation(math.nan, math.nan, 0)
    return Evaluation(sum(losses) / len(losses), math.sqrt(sum(errors) / len(errors)), len(losses))
