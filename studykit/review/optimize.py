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

from fsrs import Rating, ReviewLog
from fsrs.scheduler import DEFAULT_PARAMETERS

from studykit.errors import NotEnoughReviews
from studykit.progress import Progress
from studykit.review.calibration import predictions
from studykit.review.model import Review
from studykit.review.revlog import numeric_id

MIN_REVIEWS = 512
"""The Optimizer's mini-batch: with fewer countable reviews it returns the defaults."""
TEST_SHARE = 0.2


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


def split_time(reviews: list[Review], test_share: float = TEST_SHARE) -> datetime:
    """The moment before which (1 - test_share) of the answers were given."""
    times = sorted(r.reviewed_at for r in reviews)
    return times[min(len(times) - 1, int(len(times) * (1 - test_share)))]


def countable(reviews: list[Review]) -> int:
    """Reviews that come a day or more after the card's previous review."""
    last: dict[str, datetime] = {}
    count = 0
    for review in sorted(reviews, key=lambda r: r.reviewed_at):
        previous = last.get(review.card_id)
        count += previous is not None and (review.reviewed_at - previous).days > 0
        last[review.card_id] = review.reviewed_at
    return count


def fit(reviews: list[Review], progress: Progress | None = None) -> Fit:
    """Fit on the older reviews, evaluate on the newer ones; NotEnoughReviews if too few.
    `progress` hears when fitting starts and ends (fsrs tells nothing in between) and of
    each review replayed to evaluate."""
    from fsrs import Optimizer  # torch is imported here, and only here

    if not reviews:
        raise NotEnoughReviews(0, MIN_REVIEWS)
    cutoff = split_time(reviews)
    train = [r for r in reviews if r.reviewed_at < cutoff]
    have = countable(train)
    if have < MIN_REVIEWS:
        raise NotEnoughReviews(have, MIN_REVIEWS)
    logs = [
        ReviewLog(numeric_id(r.card_id), Rating(int(r.rating)), r.reviewed_at, r.elapsed_ms)
        for r in train
    ]
    if progress:
        progress("fitting FSRS", 0, None)
    parameters = [float(p) for p in Optimizer(logs).compute_optimal_parameters()]
    if progress:
        progress("fitting FSRS", 1, 1)
    return Fit(
        parameters,
        evaluate(reviews, list(DEFAULT_PARAMETERS), cutoff, progress, "testing the defaults"),
        evaluate(reviews, parameters, cutoff, progress, "testing the fit"),
        have,
        cutoff,
    )


def evaluate(
    reviews: list[Review],
    parameters: list[float],
    since: datetime,
    progress: Progress | None = None,
    what: str = "evaluating",
) -> Evaluation:
    """How well `parameters` predict recall at the countable reviews from `since` on
    (every card's whole history is replayed: the older reviews set its memory state)."""
    scored = predictions(reviews, parameters, since, progress, what)
    if not scored:
        return Evaluation(math.nan, math.nan, 0)
    losses = [-math.log(p if recalled else 1 - p) for p, recalled in scored]
    errors = [(p - recalled) ** 2 for p, recalled in scored]
    return Evaluation(sum(losses) / len(losses), math.sqrt(sum(errors) / len(errors)), len(losses))
