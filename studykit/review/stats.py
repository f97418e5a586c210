"""What a learner's history says, for the terminal's and the web's stats screens."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studykit.db import Database, now
from studykit.review import store
from studykit.review.model import Rating


@dataclass(slots=True)
class Stats:
    today: date
    per_day: Counter[date]  # answers per local day
    weeks: list[list[date]]  # the last weeks, Monday to Sunday, oldest first
    recent: int  # answers in the last 30 days
    remembered: int  # of those, not rated Again
    due_by_day: list[tuple[date, int]]  # today (overdue included) and the next six days


def stats(db: Database, user: int, weeks: int = 20) -> Stats:
    reviews = store.reviews(db, user)
    per_day = Counter(r.reviewed_at.astimezone().date() for r in reviews)
    today = now().astimezone().date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    grid = [[first + timedelta(days=7 * w + d) for d in range(7)] for w in range(weeks)]
    month_ago = now() - timedelta(days=30)
    recent = [r for r in reviews if r.reviewed_at > month_ago]
    start = datetime.combine(today, datetime.min.time()).astimezone()
    due = store.due_between(db, user, start - timedelta(days=36500), start + timedelta(days=7))
    by_day = Counter(max(d.astimezone().date(), today) for d in due)
    upcoming = [today + timedelta(days=n) for n in range(7)]
    return Stats(
        today,
        per_day,
        grid,
        len(recent),
        sum(r.rating > Rating.AGAIN for r in recent),
        [(day, by_day.get(day, 0)) for day in upcoming],
    )
