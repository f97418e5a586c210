"""The stats and plan pages' charts as geometry for inline SVG (no script, no CDN):
rectangles and labels in each chart's own coordinates, which its viewBox scales to the
screen. The figures come from review.stats and review.plan; this module only places them,
and templates/charts.html draws them, each chart with a title, a description and its
figures as a table."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from studykit.review.stats import Stats

if TYPE_CHECKING:
    from studykit.review.plan import Plan

HEAT_COLOURS = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"]
DUE, OVERDUE, KEPT, SHORT = "#0969da", "#bc4c00", "#1a7f37", "#9a6700"
STEP, CELL = 14, 12  # the heatmap's grid
LEFT, TOP = 30, 16  # room for the weekday and month labels
AXIS = 38  # room for the value labels left of a bar chart
WEAKEST = 15
"""Topics listed with their bar (the table under them has every one)."""
PLAN_WIDTH = 320
"""The plan's charts' width: drawn a little larger on a phone (390 px), so that their
labels stay readable there, and at most 1.7 times on a wide screen."""


@dataclass(slots=True)
class Box:
    """A rectangle, and what it stands for (its SVG <title>)."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(slots=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass(slots=True)
class Chart:
    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)  # axes
    target: tuple[float, float, float, float] | None = None  # the desired retention's line


def heatmap(figures: Stats) -> Chart:
    """A cell per day, a column per week; month names above, weekdays on the left, the
    legend (each shade's answers a day) under it."""
    chart = Chart(LEFT + STEP * len(figures.weeks), TOP + 7 * STEP + 28)
    for index, name in figures.months():
        chart.labels.append(Label(LEFT + STEP * index, TOP - 5, name))
    for weekday, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        chart.labels.append(Label(LEFT - 4, TOP + STEP * weekday + CELL - 2, name, "end"))
    for index, week in enumerate(figures.weeks):
        for weekday, day in enumerate(week):
            if day > figures.today:
                continue
            count = figures.per_day.get(day, 0)
            colour = HEAT_COLOURS[figures.level(count)]
            x, y = LEFT + STEP * index, TOP + STEP * weekday
            chart.boxes.append(Box(x, y, CELL, CELL, colour, f"{_day(day)}: {_answers(count)}"))
    y = TOP + 7 * STEP + 10
    chart.labels.append(Label(LEFT, y + CELL - 2, "answers a day:"))
    at = LEFT + 80.0
    for level, counts in enumerate(figures.level_ranges()):
        if counts:
            chart.boxes.append(Box(at, y, CELL, CELL, HEAT_COLOURS[level], f"{counts} a day"))
            chart.labels.append(Label(at + CELL + 3, y + CELL - 2, counts))
            at += CELL + 10 + 6 * len(counts)
    chart.width = max(chart.width, at)
    return chart


def forecast(figures: Stats) -> Chart:
    """A bar per day of the next 30: cards due (overdue ones in today's bar, in their own
    colour), the busiest day's count on the axis."""
    counts = [n for _, n in figures.forecast]
    top = max(counts, default=0) or 1
    plot, step = 90.0, 10.0
    chart = Chart(AXIS + step * len(counts) + 22, TOP + plot + 24)  # room for +28d
    base = TOP + plot
    chart.lines += [(AXIS - 2, base, chart.width, base), (AXIS - 2, TOP, AXIS - 2, base)]
    chart.labels += [Label(AXIS - 5, TOP + 8, str(top), "end"), Label(AXIS - 5, base, "0", "end")]
    for index, (day, count) in enumerate(figures.forecast):
        x = AXIS + step * index
        overdue = figures.overdue if index == 0 else 0
        due = count - overdue
        height = plot * due / top
        when = "today" if index == 0 else _day(day)
        if due:
            chart.boxes.append(Box(x, base - height, step - 2, height, DUE, f"{when}: {due} due"))
        if overdue:
            tall = plot * overdue / top
            title = f"today: {overdue} overdue"
            chart.boxes.append(Box(x, base - height - tall, step - 2, tall, OVERDUE, title))
        if index % 7 == 0:
            chart.labels.append(Label(x, base + 14, "today" if index == 0 else f"+{index}d"))
    return chart


def retention(figures: Stats) -> Chart:
    """A bar per week: the share of answers to due cards remembered, from a floor of 50%
    (or lower if a week was), and the desired retention as a dashed line across."""
    rates = [w.rate for w in figures.retention if w.rate is not None]
    floor = min([0.5, *(int(r * 10) / 10 for r in rates)])
    plot, step = 90.0, 24.0
    chart = Chart(AXIS + 6 + step * len(figures.retention), TOP + plot + 24)
    base = TOP + plot

    def y(rate: float) -> float:
        return base - plot * (rate - floor) / (1 - floor)

    chart.lines += [(AXIS - 2, base, chart.width, base), (AXIS - 2, TOP, AXIS - 2, base)]
    chart.labels += [Label(AXIS - 5, y(1) + 8, "100%", "end")]
    chart.labels += [Label(AXIS - 5, base, f"{floor:.0%}", "end")]
    for index, week in enumerate(figures.retention):
        x = AXIS + 4 + step * index
        if week.rate is not None:
            colour = KEPT if week.rate >= figures.desired_retention else SHORT
            title = f"week of {_day(week.start)}: {week.rate:.0%} of {week.reviews} remembered"
            chart.boxes.append(Box(x, y(week.rate), step - 6, base - y(week.rate), colour, title))
        if index % 3 == 0:
            chart.labels.append(Label(x, base + 14, f"{week.start:%m-%d}"))
    desired = y(figures.desired_retention)
    chart.target = (AXIS - 2, desired, chart.width, desired)
    return chart


def plan_minutes(made: Plan) -> Chart:
    """A bar per day until the exam: the minutes the plan's simulation spends (a day over
    the budget in its own colour), the budget as a dashed line across."""
    minutes = made.forecast.minutes
    top = max(made.forecast.busiest, made.minutes)
    plot, step = 90.0, (PLAN_WIDTH - AXIS - 6) / max(1, len(minutes))
    chart = Chart(PLAN_WIDTH, TOP + plot + 24)
    base = TOP + plot

    def y(value: float) -> float:
        return base - plot * value / top

    chart.lines += [(AXIS - 2, base, chart.width, base), (AXIS - 2, TOP, AXIS - 2, base)]
    chart.labels += [Label(AXIS - 5, y(top) + 8, f"{top:.0f}", "end")]
    chart.labels += [Label(AXIS - 5, base, "0", "end")]
    every = math.ceil(len(minutes) / 5)  # at most 5 dates under the bars
    for index, value in enumerate(minutes):
        x, day = AXIS + step * index, made.start + timedelta(days=index)
        colour = OVERDUE if value > made.minutes else DUE
        title = f"{_day(day)}: {value:.1f} minutes"
        chart.boxes.append(Box(x, y(value), max(0.5, 0.8 * step), base - y(value), colour, title))
        if index % every == 0 and x <= chart.width - 30:  # a date's room left at the end
            chart.labels.append(Label(x, base + 14, "today" if index == 0 else f"{day:%m-%d}"))
    budget = y(made.minutes)
    chart.target = (AXIS - 2, budget, chart.width, budget)
    chart.labels.append(Label(chart.width - 2, budget - 3, f"budget {made.minutes:.0f} min", "end"))
    return chart


def plan_recall(made: Plan) -> Chart:
    """A bar per topic, weakest first (the WEAKEST of them): the mean predicted recall of
    its cards on the exam day, the target as a dashed line down."""
    topics = sorted(made.forecast.topics.items(), key=lambda kv: kv[1])[:WEAKEST]
    row, plot = 28.0, PLAN_WIDTH - 40.0
    chart = Chart(PLAN_WIDTH, TOP + row * len(topics) + 4)
    for index, (topic, recall) in enumerate(topics):
        top, name = TOP + row * index, made.titles.get(topic, topic)
        colour = KEPT if recall >= made.target else SHORT
        title = f"{name} ({topic}): {recall:.0%} on {made.exam}"
        chart.labels.append(Label(0, top + 9, _clip(name, plot)))
        chart.boxes.append(Box(0, top + 13, max(1.0, plot * recall), 9, colour, title))
        chart.labels.append(Label(chart.width - 2, top + 21, f"{recall:.0%}", "end"))
    mark = plot * made.target
    chart.target = (mark, TOP - 4, mark, chart.height)
    chart.labels.append(Label(mark, TOP - 6, f"target {made.target:.0%}", "middle"))
    return chart


def _clip(text: str, room: float) -> str:
    """The text cut with an ellipsis to fit `room` units at the charts' 10-unit font (a
    wide character, Hangul or Han, takes twice a narrow one's 5.6)."""
    used = 0.0
    for index, char in enumerate(text):
        used += 11.2 if unicodedata.east_asian_width(char) in "WF" else 5.6
        if used > room:
            return text[: max(0, index - 1)] + "…"
    return text


def _day(day: date) -> str:
    return f"{day:%a %Y-%m-%d}"


def _answers(count: int) -> str:
    return f"{count} answer{'' if count == 1 else 's'}"


COLOURS = {"due": DUE, "overdue": OVERDUE, "kept": KEPT, "short": SHORT}
"""The charts' colours, for the legends under them."""


def plan_context(made: Plan) -> dict[str, Any]:
    """What templates/plan.html draws besides the plan's figures."""
    return {
        "charts": {"minutes": plan_minutes(made), "recall": plan_recall(made)},
        "colours": COLOURS,
        "shown_topics": WEAKEST,
    }


def context(figures: Stats) -> dict[str, Any]:
    """What templates/stats.html draws besides the figures: the charts and their colours."""
    return {
        "charts": {
            "heatmap": heatmap(figures),
            "forecast": forecast(figures),
            "retention": retention(figures),
        },
        "colours": COLOURS,
        "shown_topics": WEAKEST,
    }
