"""Does FSRS's predicted recall hold for this learner? Predicted against actual recall over
the learner's own reviews, as the open SRS benchmark measures it: log loss, and RMSE over
bins of predicted recall (each bin weighted by its reviews), for the learner's fitted
parameters and for FSRS's defaults side by side.

Each card's history is replayed with the `fsrs` package's own Scheduler; a review is scored
when it comes a day or more after the card's previous one (the Optimizer's rule: a same-day
repeat says nothing of long-term memory).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from studykit.progress import Progress, each
from studykit.review.model import Review
from studykit.review.revlog import numeric_id

BINS = 10
ENOUGH = 200
"""Scored reviews below which the bins are too thin to judge a fit (about 20 a bin)."""


def predictions(
    reviews: list[Review],
    parameters: list[float],
    since: datetime | None = None,
    progress: Progress | None = None,
    what: str = "replaying reviews",
) -> list[tuple[float, bool]]:
    """(predicted recall, recalled) at each scored review from `since` on. Every card's
    whole history is replayed (older reviews set its memory state)."""
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    cards: dict[str, Card] = {}
    found = []
    for review in each(sorted(reviews, key=lambda r: r.reviewed_at), what, progress):
        at = review.reviewed_at
        card = cards.get(review.card_id) or Card(card_id=numeric_id(review.card_id), due=at)
        last = card.last_review
        if (since is None or at >= since) and last and (at - last).days > 0:
            p = min(max(scheduler.get_card_retrievability(card, at), 1e-6), 1 - 1e-6)
            found.append((p, review.rating > 1))
        cards[review.card_id], _ = scheduler.review_card(card, Rating(int(review.rating)), at)
    return found


@dataclass(slots=True, frozen=True)
class Bin:
    """Reviews whose predicted recall fell in [low, high)."""

    low: float
    high: float
    reviews: int
    predicted: float  # mean predicted recall
    actual: float  # share recalled


@dataclass(slots=True, frozen=True)
class Fit:
    """How well one set of parameters predicted the learner's recall."""

    reviews: int
    log_loss: float | None
    rmse_bins: float | None
    bins: list[Bin]


def measure(scored: list[tuple[float, bool]], bins: int = BINS) -> Fit:
    if not scored:
        return Fit(0, None, None, [])
    loss = -sum(math.log(p if hit else 1 - p) for p, hit in scored) / len(scored)
    grouped: dict[int, list[tuple[float, bool]]] = {}
    for p, hit in scored:
        grouped.setdefault(min(int(p * bins), bins - 1), []).append((p, hit))
    found = [
        Bin(
            index / bins, (index + 1) / bins, len(group),
            sum(p for p, _ in group) / len(group), sum(hit for _, hit in group) / len(group),
        )
        for index, group in sorted(grouped.items())
    ]  # fmt: skip
    squares = sum(b.reviews * (b.predicted - b.actual) ** 2 for b in found)
    return Fit(len(scored), loss, math.sqrt(squares / len(scored)), found)


@dataclass(slots=True, frozen=True)
class Calibration:
    """The learner's parameters (None when never fitted) and FSRS's defaults, measured on
    the same reviews; `more`: scored reviews still needed before the figures mean much."""

    own: Fit | None
    default: Fit
    more: int

    @property
    def reviews(self) -> int:
        return self.default.reviews

    def summary(self) -> dict[str, Any]:
        return {
            "reviews": self.reviews,
            "enough": self.more == 0,
            "more_needed": self.more,
            "own": asdict(self.own) if self.own else None,
            "default": asdict(self.default),
        }


def calibration(reviews: list[Review], parameters: list[float] | None) -> Calibration:
    default = measure(predictions(reviews, list(DEFAULT_PARAMETERS)))
    own = measure(predictions(reviews, parameters)) if parameters else None
    return Calibration(own, default, max(0, ENOUGH - default.reviews))
