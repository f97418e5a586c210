"""How long an exam plan takes to make (`review.plan.make`: what `studykit plan` and the
plan page's form wait for), for 100, 1,000 and 5,000 cards of a learner with a history,
beside a floor measured in the same run: one simulation pass over the same cards with the
`fsrs` package alone (its Scheduler reviewing each card when due until the exam, nothing
of studykit's). `make` runs several such passes (paces times retentions), so the ratio
says how many passes' worth of time it spends.

The learner: fitted FSRS parameters (FSRS's defaults, each nudged), two thirds of the cards
studied over the 60 days before (their states stepped with fsrs, kept in a SQLite store),
a third new; the exam 30 days ahead, target 90%, 30 minutes a day. Wall time, median of
ROUNDS runs (one for 5,000 cards when a run takes over 20 s).

    .venv/bin/python bench/plan_bench.py
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from studykit.accounts import user_id
from studykit.cards.model import Card, CardKind
from studykit.db import open_store
from studykit.review import plan, store
from studykit.review.model import Rating, Selection
from studykit.review.schedule import scheduler, step

SIZES = (100, 1000, 5000)
ROUNDS = 3
AT = datetime(2026, 12, 1, 8, tzinfo=UTC)
EXAM = (AT + timedelta(days=30)).date()
FITTED = [w * (1.05 if n % 2 else 0.95) for n, w in enumerate(DEFAULT_PARAMETERS)]


def learner(db_path: Path, size: int) -> int:
    """A store of `size` cards in 20 topics and a learner who studied two thirds of them."""
    cards = [
        Card(f"c{n}", CardKind.QA, f"question {n}", f"answer {n}", "deck", f"deck#t{n % 20}", n)
        for n in range(size)
    ]
    rng, fsrs = random.Random(size), scheduler(0.9, FITTED)
    states = {}
    for card in cards[: 2 * size // 3]:
        state, at = None, AT - timedelta(days=rng.uniform(5, 60))
        while at < AT:
            rating = Rating.GOOD if rng.random() < 0.88 else Rating.AGAIN
            state, due, phase = step(state, rating, at, fsrs)
            at = max(due, at + timedelta(minutes=1))
        assert state is not None
        states[card.id] = (state, due, phase)
    with open_store(str(db_path)) as db:
        store.sync_deck(db, "deck", cards)
        user = user_id(db, "ann")
        store.adopt(db, user, states)
        store.set_parameters(db, user, FITTED)
    return user


def floor(db_path: Path, user: int, chosen: plan.Plan) -> tuple[float, int]:
    """One simulation pass with fsrs alone, at the plan's retention and pace: each card
    reviewed when due until the exam, recalled with its predicted probability, new cards
    taken `new_per_day` a day; (seconds, reviews)."""
    with open_store(str(db_path)) as db:
        kept = [state for *_, state in store.card_states(db, user)]
    started = time.perf_counter()
    sched = Scheduler(FITTED, desired_retention=chosen.retention, enable_fuzzing=False)
    rng, reviews, taken = random.Random(0), 0, 0
    end = datetime.combine(EXAM, datetime.min.time(), UTC)
    for n, state in enumerate(kept):
        if state:
            card = FsrsCard.from_dict({**state, "card_id": n})  # type: ignore[typeddict-item]
        else:
            card = FsrsCard(card_id=n, due=AT + timedelta(days=taken // chosen.new_per_day))
            taken += 1
        while card.due < end:
            when = max(card.due, AT)
            recalled = card.last_review is None or rng.random() < sched.get_card_retrievability(
                card, when
            )
            card, _ = sched.review_card(
                card, FsrsRating.Good if recalled else FsrsRating.Again, when
            )
            reviews += 1
    return time.perf_counter() - started, reviews


def made(db_path: Path, user: int) -> tuple[float, plan.Plan]:
    with open_store(str(db_path)) as db:
        started = time.perf_counter()
        found = plan.make(db, user, Selection(), EXAM, target=0.9, minutes=30, at=AT)
        return time.perf_counter() - started, found


def main() -> None:
    machine = f"{platform.node()} · {platform.machine()} · {os.cpu_count()} cores"
    print(
        f"{machine} · Python {platform.python_version()} · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print("| cards | plan.make | one fsrs pass (floor) | ratio | plan |")
    print("| ---: | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            db_path = Path(folder) / f"store-{size}.sqlite3"
            user = learner(db_path, size)
            times, floors = [], []
            for _ in range(ROUNDS):
                took, found = made(db_path, user)
                times.append(took)
                floors.append(floor(db_path, user, found))
                if took > 20:
                    break
            make_s, floor_s = statistics.median(times), statistics.median(f for f, _ in floors)
            pace = f"{found.retention:.0%}, {found.new_per_day} new a day, met: {found.met}"
            ratio, reviews = make_s / floor_s, floors[0][1]
            print(
                f"| {size:,} | {make_s:.2f} s | {floor_s:.3f} s ({reviews:,} reviews) "
                f"| {ratio:.1f}x | {pace} |"
            )


if __name__ == "__main__":
    main()
