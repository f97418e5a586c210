"""Study plans for an exam day: how hard to review and how many new cards to take each day
so that FSRS's predicted recall on the exam day reaches a target within a daily budget.

FSRS aims at a retention, not at a day; a plan picks the desired retention and the new
cards a day by simulating the learner's cards with the `fsrs` package's own Scheduler (the
learner's parameters when fitted): every card is reviewed when FSRS has it due, recalled
with FSRS's predicted probability (a fixed seed, so a plan is the same each time), each
answer costing the learner's median answer time. Reviews under a plan are ordinary FSRS
reviews: the quizzes, terminal and web, only take the plan's retention and new cards a day
(`session.learner_pace`). The plan is kept in the store's meta table, under `plan.USER`,
owned here.
"""

from __future__ import annotations

import json
import math
import random
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from statistics import median
from typing import Any

from studykit.db import Database
from studykit.review import store
from studykit.review.model import Selection
from studykit.review.store import State

RETENTIONS = (0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.96, 0.97)
"""The desired retentions a plan chooses among."""
PACES = (1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 120)
"""New cards a day tried below the pace that learns every card by the day (when the
budget allows no more)."""
ANSWER_SECONDS = 10.0
"""Seconds an answer takes when the learner has no history to measure it."""
SLACK = 0.1
"""A day may run this share over the budget."""
STUDY_HOUR = 9
"""The simulated learner studies at this local hour."""


@dataclass(slots=True)
class Outcome:
    """One simulated policy: minutes a day, mean predicted recall on the exam day, and per
    topic."""

    retention: float
    new_per_day: int
    minutes: list[float]
    recall: float
    topics: dict[str, float] = field(default_factory=dict)

    @property
    def busiest(self) -> float:
        return max(self.minutes, default=0.0)


@dataclass(slots=True)
class Plan:
    start: date  # the first day simulated: the day the plan was made
    exam: date
    target: float
    minutes: float
    selection: Selection
    retention: float
    new_per_day: int
    forecast: Outcome
    met: bool
    best_recall: float  # the recall reachable within the budget
    minutes_needed: float | None  # the busiest day's minutes to reach the target, if any
    titles: dict[str, str] = field(default_factory=dict)  # each topic's (NOTE#TOPIC) title

    def summary(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "exam": self.exam.isoformat(), "target": self.target, "minutes": self.minutes,
            "target_card": self.selection.target, "tag": self.selection.tag,
            "retention": self.retention, "new_per_day": self.new_per_day, "met": self.met,
            "best_recall": self.best_recall, "minutes_needed": self.minutes_needed,
            "forecast": asdict(self.forecast), "titles": self.titles,
        }  # fmt: skip

    @classmethod
    def from_summary(cls, data: dict[str, Any]) -> Plan:
        """The plan again from its `summary()`."""
        return cls(
            date.fromisoformat(data["start"]), date.fromisoformat(data["exam"]),
            data["target"], data["minutes"], Selection(data["target_card"], data["tag"]),
            data["retention"], data["new_per_day"], Outcome(**data["forecast"]), data["met"],
            data["best_recall"], data["minutes_needed"], data["titles"],
        )  # fmt: skip

    def statement(self) -> str:
        """What the plan says in one sentence."""
        if self.met:
            return (
                f"Target met: predicted recall {self.forecast.recall:.0%} on {self.exam} "
                f"with at most {_minutes(self.forecast.busiest)} a day."
            )
        needed = (
            f"; {_minutes(self.minutes_needed)} a day would reach {self.target:.0%}"
            if self.minutes_needed
            else f"; {self.target:.0%} cannot be reached by {self.exam} at any pace simulated"
        )
        return (
            f"The target cannot be met in {_minutes(self.minutes)} a day: "
            f"{self.best_recall:.0%} is reachable by {self.exam}{needed}."
        )


def make(
    db: Database,
    user: int,
    selection: Selection,
    exam: date,
    *,
    target: float = 0.9,
    minutes: float = 30,
    at: datetime,
) -> Plan:
    """The plan: the lowest-effort policy that meets the target within the budget, else the
    best recall the budget allows and what the target would take."""
    cards = {c.id: c for c in store.cards(db, selection)}
    rows = [row for row in store.card_states(db, user) if row[0] in cards]
    states = [(topic, state) for _, _, topic, _, state in rows]  # topic: NOTE#TOPIC already
    titles = {topic: title or topic for _, _, topic, title, _ in rows}
    seconds = _answer_seconds(db, user)
    parameters = store.parameters(db, user)
    days = max(1, (exam - at.astimezone().date()).days)
    new = sum(state is None for _, state in states)
    full = math.ceil(new / days)  # every card learnt by the day; or faster, or slower
    fits = max(1, int(minutes * 60 / seconds / 4))  # a new card takes about 4 answers
    slower = [*[p for p in PACES if p < full][-2:], min(fits, full)]
    outcomes = []
    for pace in sorted({full, math.ceil(new / max(1, days // 2)), *slower}):
        outcomes += _at_pace(
            partial(simulate, states, new_per_day=pace, exam=exam, at=at, seconds=seconds,
                    parameters=parameters), target, minutes * (1 + SLACK),
        )  # fmt: skip
    within = [o for o in outcomes if o.busiest <= minutes * (1 + SLACK)]
    meeting = [o for o in outcomes if o.recall >= target]
    good = sorted((o for o in within if o in meeting), key=lambda o: sum(o.minutes))
    best = max(within, key=lambda o: o.recall, default=None)
    chosen = good[0] if good else best or min(outcomes, key=lambda o: o.busiest)
    needed = min((o.busiest for o in meeting), default=None)
    return Plan(
        at.astimezone().date(), exam, target, minutes, selection, chosen.retention,
        chosen.new_per_day, chosen, bool(good), best.recall if best else 0.0,
        None if good else needed, titles,
    )  # fmt: skip


def _at_pace(run: Callable[[float], Outcome], target: float, most: float) -> list[Outcome]:
    """The outcomes at one pace that `make` chooses among, with as few simulations as
    bisection allows (recall and minutes grow with the retention): the lowest retention
    (the least effort), the lowest meeting the target, and when that one is over the
    budget `most` (or none meets), the highest within it."""
    done: dict[int, Outcome] = {}

    def outcome(index: int) -> Outcome:
        if index not in done:
            done[index] = run(RETENTIONS[index])
        return done[index]

    def first(holds: Callable[[Outcome], bool], low: int, high: int) -> int:
        """The lowest index in low..high-1 whose outcome holds, else high."""
        while low < high:
            middle = (low + high) // 2
            low, high = (low, middle) if holds(outcome(middle)) else (middle + 1, high)
        return low

    meets = (
        0
        if outcome(0).recall >= target
        else first(lambda o: o.recall >= target, 1, len(RETENTIONS))
    )
    if meets == len(RETENTIONS) or outcome(meets).busiest > most:
        within = first(lambda o: o.busiest > most, 0, meets) - 1
        if within >= 0:
            outcome(within)
    return list(done.values())


def simulate(
    states: list[tuple[str, State | None]],
    retention: float,
    new_per_day: int,
    exam: date,
    at: datetime,
    seconds: float,
    parameters: list[float] | None = None,
    seed: int = 0,
) -> Outcome:
    """Every card reviewed when FSRS has it due, from `at` to the exam day's morning;
    new cards taken `new_per_day` a day in the order given."""
    from fsrs import Card as FsrsCard  # not on the quiz's start-up path (it reads `kept`)
    from fsrs import Rating as FsrsRating

    from studykit.review.schedule import scheduler

    sched = scheduler(retention, parameters)
    rng = random.Random(seed)
    at = at.astimezone(UTC)  # fsrs takes UTC only
    start = at.astimezone().date()
    days = [start + timedelta(days=n) for n in range((exam - start).days)]
    starts = [max(_study_time(day), at) for day in days]
    ends = [moment + timedelta(hours=23) for moment in starts]

    def first_day(due: datetime) -> int:
        """The first day on which a card due then is reviewed (len(days): none)."""
        return max(bisect_left(ends, due), bisect_left(days, due.date()))

    cards = [
        FsrsCard.from_dict({**state, "card_id": n}) if state else None  # type: ignore[typeddict-item]
        for n, (_, state) in enumerate(states)
    ]
    agenda: dict[int, list[int]] = {}  # the cards due on each day, by index
    for n, card in enumerate(cards):
        if card is not None:
            agenda.setdefault(first_day(card.due), []).append(n)
    waiting = [n for n, card in enumerate(cards) if card is None]
    minutes = []
    for index, day in enumerate(days):
        now, end = starts[index], ends[index]
        answers = 0
        fresh, waiting = waiting[:new_per_day], waiting[new_per_day:]
        for n in sorted([*agenda.pop(index, []), *fresh]):  # in the order given
            card = cards[n] or FsrsCard(card_id=n, due=now)
            while card.due <= end and card.due.date() <= day:
                when = max(card.due, now)
                recalled = card.last_review is None or rng.random() < sched.get_card_retrievability(
                    card, when
                )
                rating = FsrsRating.Good if recalled else FsrsRating.Again
                card, _ = sched.review_card(card, rating, when)
                answers += 1
            cards[n] = card
            agenda.setdefault(first_day(card.due), []).append(n)
        minutes.append(answers * seconds / 60)
    on_exam = datetime.combine(exam, time(STUDY_HOUR)).astimezone(UTC)
    recalls: dict[str, list[float]] = {}
    for (topic, _), card in zip(states, cards, strict=True):
        value = sched.get_card_retrievability(card, on_exam) if card else 0.0
        recalls.setdefault(topic, []).append(value)
    every = [v for values in recalls.values() for v in values]
    return Outcome(
        retention, new_per_day, minutes, sum(every) / max(1, len(every)),
        {topic: sum(v) / len(v) for topic, v in recalls.items()},
    )  # fmt: skip


def _study_time(day: date) -> datetime:
    return datetime.combine(day, time(STUDY_HOUR)).astimezone().astimezone(UTC)


def _answer_seconds(db: Database, user: int) -> float:
    """The learner's median answer time (answers under 5 minutes), else ANSWER_SECONDS."""
    times = [r.elapsed_ms for r in store.reviews(db, user) if r.elapsed_ms and r.elapsed_ms < 3e5]
    return median(times) / 1000 if times else ANSWER_SECONDS


# --- the active plan, kept in meta ----------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Active:
    """What `quiz` follows until the exam day: the plan's retention and new cards a day."""

    exam: date
    retention: float
    new_per_day: int
    target: str
    tag: str


def _minutes(count: float) -> str:
    return f"{count:.0f} minute{'' if round(count) == 1 else 's'}"


KEY = "plan.{}"
"""The meta key of a learner's plan: what the quizzes read (small: read on every request)."""
FORECAST = "plan.forecast.{}"
"""The meta key of the plan's forecast, which the plan page draws again."""


def save(db: Database, user: int, plan: Plan) -> None:
    kept = Active(
        plan.exam, plan.retention, plan.new_per_day, plan.selection.target, plan.selection.tag
    )
    db.put(KEY.format(user), json.dumps({**asdict(kept), "exam": plan.exam.isoformat()}))
    db.put(FORECAST.format(user), json.dumps(plan.summary()))


def current(db: Database, user: int, today: date) -> Plan | None:
    """The learner's plan with its forecast, while its exam day has not passed."""
    if active(db, user, today) is None:
        return None
    value = db.get(FORECAST.format(user))
    return Plan.from_summary(json.loads(value)) if value else None


def active(db: Database, user: int, today: date) -> Active | None:
    """The learner's plan, while its exam day has not passed."""
    return kept(db.get(KEY.format(user)), today)


def kept(value: str | None, today: date) -> Active | None:
    """The plan as kept in meta (`value`), while its exam day has not passed."""
    if not value:
        return None
    data = json.loads(value)
    found = Active(**{**data, "exam": date.fromisoformat(data["exam"])})
    return found if found.exam >= today else None


def drop(db: Database, user: int) -> None:
    db.put(KEY.format(user), "")
    db.put(FORECAST.format(user), "")
