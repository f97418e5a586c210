"""What a learner's history says, figured once for every screen that shows it: the terminal's
`stats` (text charts and --json), the web's stats page (SVG charts) and `GET /api/stats`.

Retention is measured where FSRS aims its desired retention: on answers to cards that were
due for review (the card's previous answer had left it in the review phase), not on
learning steps. Mastery of a topic is FSRS's own predicted recall of its cards at a
horizon (MASTERY_HORIZON from now unless asked otherwise): recall now is near 100% for any
card just answered, which says nothing of what is known.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from studykit.db import Database, now
from studykit.review import store
from studykit.review.calibration import Calibration, calibration
from studykit.review.model import DEFAULT_RETENTION, Phase, Rating, Review
from studykit.review.schedule import recall, scheduler

FORECAST_DAYS = 30
RETENTION_WEEKS = 12
RECENT = timedelta(days=30)
MASTERY_HORIZON = timedelta(days=7)
"""How far ahead per-topic mastery is predicted (`stats --horizon`)."""
HEAT_LEVELS = 4
"""Shades of a day with answers in the heatmap (a day without any is level 0)."""


@dataclass(slots=True)
class Week:
    """Answers to cards due for review in the week starting `start` (a Monday)."""

    start: date
    reviews: int = 0
    remembered: int = 0  # not rated Again

    @property
    def rate(self) -> float | None:
        return self.remembered / self.reviews if self.reviews else None


@dataclass(slots=True)
class TopicMastery:
    """How well the learner knows one topic's cards. `recall`: FSRS's predicted recall at
    the horizon (Stats.horizon), averaged over the cards answered at least once (None when
    none was); `studied` of its `cards` were."""

    note: str  # the note's slug (its deck)
    topic: str  # the topic's slug in the note ("" for the note's introduction)
    title: str
    cards: int
    studied: int = 0
    recall: float | None = None
    answers: int = 0  # in the last 30 days
    missed: int = 0  # of those, rated Again


@dataclass(slots=True)
class Stats:
    today: date
    per_day: Counter[date]  # answers per local day
    weeks: list[list[date]]  # the last weeks, Monday to Sunday, oldest first
    recent: int  # answers in the last 30 days
    remembered: int  # of those, not rated Again
    forecast: list[tuple[date, int]]  # cards due each day from today (overdue ones today)
    overdue: int  # cards that were due before today
    retention: list[Week]  # the last weeks, oldest first
    desired_retention: float
    topics: list[TopicMastery] = field(default_factory=list)  # weakest studied topics first
    calibration: Calibration | None = None  # predicted against actual recall
    horizon: timedelta = MASTERY_HORIZON  # topics' recall is predicted this far ahead

    @property
    def due_by_day(self) -> list[tuple[date, int]]:
        """Today (overdue included) and the next six days."""
        return self.forecast[:7]

    @property
    def busiest(self) -> int:
        return max(self.per_day.values(), default=0)

    def level(self, count: int) -> int:
        """The heatmap's shade for a day of `count` answers: 0 without any, else 1 to
        HEAT_LEVELS, relative to the busiest day."""
        if not count:
            return 0
        return 1 + min(HEAT_LEVELS - 1, (HEAT_LEVELS * count - 1) // max(self.busiest, 1))

    def level_ranges(self) -> list[str]:
        """What each shade stands for, in answers a day ("0", "1", "2-3", ...; "" for a
        shade no count reaches)."""
        counts: dict[int, list[int]] = {}
        for count in range(self.busiest + 1):
            counts.setdefault(self.level(count), []).append(count)
        ranges = []
        for level in range(HEAT_LEVELS + 1):
            found = counts.get(level, [])
            low, high = (found[0], found[-1]) if found else (0, 0)
            ranges.append("" if not found else str(low) if low == high else f"{low}-{high}")
        return ranges

    def months(self) -> list[tuple[int, str]]:
        """(week index, month name) where a month begins in the heatmap's weeks. A name is
        wider than one week's column, so a month that begins in the last week is named one
        week earlier, inside the chart: cut at the edge it would read "De" or "Ja"."""
        found = []
        last = len(self.weeks) - 1
        for index, week in enumerate(self.weeks):
            first = next((d for d in week if d.day == 1), None)
            if first or index == 0:
                found.append((min(index, max(last - 1, 0)), (first or week[0]).strftime("%b")))
        if len(found) > 1 and found[1][0] - found[0][0] < 3:
            del found[0]  # a month's first days at the left edge: no room for its name
        return found

    def summary(self) -> dict[str, Any]:
        """The figures as JSON-ready data: `stats --json` prints it, the API validates it."""
        recall_rate = self.remembered / self.recent if self.recent else None
        return {
            "today": self.today.isoformat(),
            "reviews_per_day": {d.isoformat(): n for d, n in sorted(self.per_day.items())},
            "recent_answers": self.recent,
            "recall": recall_rate,
            "due_next_7_days": [(d.isoformat(), n) for d, n in self.due_by_day],
            "due_next_30_days": [(d.isoformat(), n) for d, n in self.forecast],
            "overdue": self.overdue,
            "desired_retention": self.desired_retention,
            "retention_by_week": [
                {**asdict(w), "start": w.start.isoformat(), "rate": w.rate} for w in self.retention
            ],
            "topics": [asdict(t) for t in self.topics],
            "mastery_horizon_days": self.horizon / timedelta(days=1),
            "calibration": self.calibration.summary() if self.calibration else None,
        }


def stats(
    db: Database,
    user: int,
    weeks: int = 20,
    desired_retention: float = DEFAULT_RETENTION,
    horizon: timedelta = MASTERY_HORIZON,
) -> Stats:
    """The learner's figures now; `desired_retention` is the quiz's (`--retention`), and
    each topic's mastery its predicted recall `horizon` from now."""
    reviews = store.reviews(db, user)
    at = now()
    today = at.astimezone().date()
    per_day = Counter(r.reviewed_at.astimezone().date() for r in reviews)
    first = _monday(today) - timedelta(days=7 * (weeks - 1))
    grid = [[first + timedelta(days=7 * w + d) for d in range(7)] for w in range(weeks)]
    recent = [r for r in reviews if r.reviewed_at > at - RECENT]
    forecast, overdue = _forecast(db, user, today)
    return Stats(
        today,
        per_day,
        grid,
        len(recent),
        sum(r.rating > Rating.AGAIN for r in recent),
        forecast,
        overdue,
        _retention(reviews, today),
        desired_retention,
        _topics(db, user, recent, at + horizon),
        calibration(reviews, store.parameters(db, user)),
        horizon,
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _forecast(db: Database, user: int, today: date) -> tuple[list[tuple[date, int]], int]:
    """Cards due on each of the next FORECAST_DAYS days (overdue ones today), and how many
    were overdue."""
    start = datetime.combine(today, datetime.min.time()).astimezone()
    end = start + timedelta(days=FORECAST_DAYS)
    due = [
        d.astimezone().date() for d in store.due_between(db, user, start - timedelta(36500), end)
    ]
    by_day = Counter(max(day, today) for day in due)
    days = [today + timedelta(days=n) for n in range(FORECAST_DAYS)]
    return [(day, by_day.get(day, 0)) for day in days], sum(day < today for day in due)


def _retention(reviews: list[Review], today: date) -> list[Week]:
    """Each of the last RETENTION_WEEKS weeks: answers to cards due for review, and how
    many were remembered."""
    first = _monday(today) - timedelta(days=7 * (RETENTION_WEEKS - 1))
    weeks = [Week(first + timedelta(days=7 * n)) for n in range(RETENTION_WEEKS)]
    phase: dict[str, Phase] = {}
    for review in reviews:  # oldest first
        before = phase.get(review.card_id)
        phase[review.card_id] = review.phase
        index = (_monday(review.reviewed_at.astimezone().date()) - first).days // 7
        if before == Phase.REVIEW and 0 <= index < RETENTION_WEEKS:
            weeks[index].reviews += 1
            weeks[index].remembered += review.rating > Rating.AGAIN
    return weeks


def _topics(db: Database, user: int, recent: list[Review], ahead: datetime) -> list[TopicMastery]:
    """Every topic with cards: studied ones weakest first (lowest recall predicted at
    `ahead`, then most missed lately), then the ones not started, in deck order."""
    fsrs = scheduler(parameters=store.parameters(db, user))
    answers, missed = Counter[str](), Counter[str]()
    for review in recent:
        answers[review.card_id] += 1
        missed[review.card_id] += review.rating == Rating.AGAIN
    topics: dict[str, TopicMastery] = {}
    recalls: dict[str, list[float]] = {}
    for card_id, deck, topic_id, title, state in store.card_states(db, user):
        topic = topics.get(topic_id)
        if topic is None:
            slug = topic_id.partition("#")[2]
            topic = topics[topic_id] = TopicMastery(deck, slug, title or deck, 0)
        topic.cards += 1
        topic.answers += answers[card_id]
        topic.missed += missed[card_id]
        if state is not None:
            topic.studied += 1
            recalls.setdefault(topic_id, []).append(recall(state, ahead, fsrs))
    for topic_id, values in recalls.items():
        topics[topic_id].recall = sum(values) / len(values)
    studied = [t for t in topics.values() if t.recall is not None]
    studied.sort(key=lambda t: (t.recall, -t.missed / max(t.answers, 1)))
    return studied + [t for t in topics.values() if t.recall is None]
