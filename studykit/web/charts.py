"""The stats page's charts as geometry for inline SVG (no script, no CDN): rectangles and
labels in each chart's own coordinates, which its viewBox scales to the screen. The
figures come from review.stats; this module only places them, and templates/stats.html
draws them, each chart with a title, a description and its figures as a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from studykit.review.stats import Stats

HEAT_COLOURS = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"]
DUE, OVERDUE, KEPT, SHORT = "#0969da", "#bc4c00", "#1a7f37", "#9a6700"
STEP, CELL = 14, 12  # the heatmap's grid
LEFT, TOP = 30, 16  # room for the weekday and month labels
AXIS = 38  # room for the value labels left of a bar chart
WEAKEST = 15
"""Topics listed with their bar (the table under them has every one)."""


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


def _day(day: date) -> str:
    return f"{day:%a %Y-%m-%d}"


def _answers(count: int) -> str:
    return f"{count} answer{'' if count == 1 else 's'}"


def context(figures: Stats) -> dict[str, Any]:
    """What templates/stats.html draws besides the figures: the charts and their colours."""
    return {
        "charts": {
            "heatmap": heatmap(figures),
            "forecast": forecast(figures),
            "retention": retention(figures),
        },
        "colours": {"due": DUE, "overdue": OVERDUE, "kept": KEPT, "short": SHORT},
        "shown_topics": WEAKEST,
    }
