"""Calibration on a simulated learner whose memory is known: they recall each card with
the probability FSRS gives under their true parameters. Those parameters must come out
calibrated (recall in each bin as predicted), FSRS's defaults must not, and a short history
must say how many more reviews are needed."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from studykit.review.calibration import ENOUGH, calibration, measure
from studykit.review.model import Mode, Phase, Review
from studykit.review.model import Rating as Grade

# A learner who forgets faster than FSRS's defaults assume: initial stabilities / 4, and
# stability growing less after each success (w8, the growth's exponent, 1 lower).
TRUTH = [p / 4 if n < 4 else p - (n == 8) for n, p in enumerate(DEFAULT_PARAMETERS)]
START = datetime(2026, 1, 5, 8, tzinfo=UTC)


def simulated_history(cards: int = 300, seed: int = 7) -> list[Review]:
    """Each card answered Good when first seen, then at random moments from half to three
    times its interval late; recalled (Good) with the true predicted recall, else Again."""
    rng = random.Random(seed)
    truth = Scheduler(parameters=TRUTH, enable_fuzzing=False)
    history = []
    for n in range(cards):
        at = START + timedelta(minutes=n)
        card = Card(card_id=n + 1, due=at)
        for _ in range(9):
            recalled = card.last_review is None or rng.random() < truth.get_card_retrievability(
                card, at
            )
            rating = Rating.Good if recalled else Rating.Again
            card, _ = truth.review_card(card, rating, at)
            history.append(
                Review(f"c{n}", at, Grade(int(rating)), Phase(int(card.state)), card.due, 0,
                       Mode.FLIP)
            )  # fmt: skip
            wait = card.due - at
            at += wait * rng.uniform(0.5, 3.0)
    return history


def test_the_true_parameters_are_calibrated_and_the_defaults_are_not() -> None:
    history = simulated_history()
    found = calibration(history, TRUTH)
    assert found.own is not None and found.more == 0
    assert found.own.reviews == found.default.reviews > 1000
    own, default = found.own, found.default
    assert own.rmse_bins is not None and default.rmse_bins is not None
    assert own.rmse_bins < 0.03, own.bins
    assert default.rmse_bins > 3 * own.rmse_bins
    assert own.log_loss is not None and default.log_loss is not None
    assert own.log_loss < default.log_loss
    for each in own.bins:
        if each.reviews >= 100:  # a full bin: recall as predicted, within sampling error
            assert abs(each.predicted - each.actual) < 0.08, each
            assert each.low <= each.predicted < each.high
    assert sum(b.reviews for b in own.bins) == own.reviews
    summary = found.summary()
    assert summary["enough"] and summary["own"]["rmse_bins"] == own.rmse_bins


def test_a_short_history_says_how_many_more_reviews_are_needed() -> None:
    history = simulated_history(cards=10)
    found = calibration(history, None)
    assert found.own is None
    assert 0 < found.reviews < ENOUGH and found.more == ENOUGH - found.reviews
    assert calibration([], None).more == ENOUGH and calibration([], None).default.bins == []


def test_bins_by_hand() -> None:
    fit = measure([(0.95, True), (0.95, False), (0.15, False), (0.05, False)])
    assert [(b.low, b.reviews, b.actual) for b in fit.bins] == [(0.0, 1, 0.0), (0.1, 1, 0.0),
                                                                 (0.9, 2, 0.5)]  # fmt: skip
    rmse = ((0.05**2 + 0.15**2 + 2 * 0.45**2) / 4) ** 0.5
    assert fit.rmse_bins is not None and abs(fit.rmse_bins - rmse) < 1e-9
