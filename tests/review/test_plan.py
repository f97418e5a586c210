"""Exam plans (issue 24) on a simulated learner: the plan's pace, followed day by day
through the real quiz core (session.plan and session.answer on the store) by a learner who
recalls each card with FSRS's predicted probability, reaches the target on the exam day
within the daily budget; when it cannot, the plan says what can be reached and what the
target would take. Explicit datetimes throughout."""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from helpers import Clock, qa_card

from studykit.accounts import user_id
from studykit.cli.main import cli
from studykit.db import Database, open_store
from studykit.review import plan as exam_plan
from studykit.review import session, store
from studykit.review.model import Mode, Rating, Selection
from studykit.review.schedule import recall, scheduler

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
EXAM = date(2026, 3, 23)


@pytest.fixture
def db(store_target: str):
    with open_store(store_target) as connection:
        yield connection


def follow(db: Database, user: int, made: exam_plan.Plan, seed: int = 1) -> list[float]:
    """A learner following the plan every morning until the exam: every card offered is
    answered (learning steps again the same day), recalled with FSRS's probability; each
    answer takes 10 s. Returns the minutes of each day."""
    rng = random.Random(seed)
    fsrs = scheduler(made.retention)
    minutes = []
    for day in range((made.exam - T0.date()).days):
        at, answers = T0 + timedelta(days=day), 0
        end = at + timedelta(hours=12)
        while queue := session.plan(
            db, user, Selection(), limit=1000, new_per_day=made.new_per_day, at=at
        ):
            for card in queue:
                state = store.state(db, user, card.id)
                hit = state is None or rng.random() < recall(state, at, fsrs)
                session.answer(
                    db, user, card, Rating.GOOD if hit else Rating.AGAIN, mode=Mode.FLIP,
                    elapsed_ms=10_000, at=at, pace=session.Pace(made.retention),
                )  # fmt: skip
                answers += 1
            soon = store.next_due(db, user, at)
            if soon is None or soon > end:
                break
            at = max(soon, at + timedelta(seconds=1))
        minutes.append(answers * 10 / 60)
    return minutes


def mean_recall_on(db: Database, user: int, exam: date, retention: float) -> float:
    on = datetime.combine(exam, datetime.min.time(), UTC) + timedelta(hours=9)
    fsrs = scheduler(retention)
    values = [recall(s, on, fsrs) if s else 0.0 for *_, s in store.card_states(db, user)]
    return sum(values) / len(values)


def test_a_plan_followed_reaches_the_target_within_the_budget(db: Database) -> None:
    store.sync_deck(db, "deck", [qa_card(n) for n in range(80)])
    ann = user_id(db, "ann")
    made = exam_plan.make(db, ann, Selection(), EXAM, target=0.9, minutes=12, at=T0)
    assert made.met, made.statement()
    assert made.forecast.recall >= 0.9 and made.forecast.busiest <= 12 * 1.1
    assert len(made.forecast.minutes) == 21 and made.new_per_day * 21 >= 80
    assert made.statement().startswith("Target met: predicted recall")
    assert exam_plan.Plan.from_summary(made.summary()) == made  # as the plan page keeps it
    minutes = follow(db, ann, made)
    assert max(minutes) <= 12 * 1.1, minutes  # within +10% of the budget every day
    reached = mean_recall_on(db, ann, EXAM, made.retention)
    assert reached >= 0.9, (reached, made.summary())
    assert all(s is not None for *_, s in store.card_states(db, ann))  # all learnt by then


def test_a_target_out_of_reach_says_what_is_reachable(db: Database) -> None:
    store.sync_deck(db, "deck", [qa_card(n) for n in range(400)])
    ann = user_id(db, "ann")
    exam = T0.date() + timedelta(days=3)
    made = exam_plan.make(db, ann, Selection(), exam, target=0.95, minutes=5, at=T0)
    assert not made.met
    assert 0 < made.best_recall < 0.95 and made.forecast.busiest <= 5 * 1.1
    said = made.statement()
    assert said.startswith("The target cannot be met in 5 minutes a day:")
    assert f"{made.best_recall:.0%} is reachable by {exam}" in said
    if made.minutes_needed is not None:
        assert made.minutes_needed > 5 and f"{made.minutes_needed:.0f} minutes a day" in said
    else:
        assert "cannot be reached" in said


def test_plan_is_kept_until_the_exam_and_the_quiz_follows_it(
    tmp_path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the decks go to ./quizzes
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "gates.md").write_text(
        "# Gates\n\n- forget gate: 얼마나 잊을지\n- input gate: 얼마나 새로 쓸지\n",
        encoding="utf-8",
    )
    exam = (clock.at + timedelta(days=10)).date()
    base = ["--notes", str(notes)]
    made = CliRunner().invoke(cli, [*base, "plan", "--exam", f"{exam}", "--minutes", "5"])
    assert made.exit_code == 0, made.output
    assert "Target met" in made.output and "Minutes a day (budget 5)" in made.output
    assert len(re.findall(r"^\d\d-\d\d .*[█▏▎▍▌▋▊▉┃]", made.output, re.M)) == 10  # a bar a day
    assert "┃ marks the budget of 5 minutes" in made.output
    assert "┃ marks the target of 90%" in made.output
    assert "Gates" in made.output.split("weakest topics")[1]  # the topic's title, with its bar
    quiz = CliRunner().invoke(cli, [*base, "quiz"], input="q")
    assert f"Following your plan for the exam on {exam}: " in quiz.output
    with open_store() as db:
        kept = exam_plan.active(db, user_id(db), clock.at.date())
        assert kept is not None and kept.exam == exam
        assert exam_plan.active(db, user_id(db), exam + timedelta(days=1)) is None
    past = CliRunner().invoke(cli, [*base, "plan", "--exam", f"{clock.at.date()}"])
    assert past.exit_code == 2 and "is not after today" in past.output
    CliRunner().invoke(cli, [*base, "plan", "--drop"])
    quiz = CliRunner().invoke(cli, [*base, "quiz"], input="q")
    assert "Following your plan" not in quiz.output
