"""`studykit stats` in the terminal: the core's figures (review.stats) as text charts drawn
with block characters, fitted to the terminal's width; rich measures Korean titles in
cells, so columns line up whatever the script."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from studykit.cli.common import plural
from studykit.review.stats import Stats

if TYPE_CHECKING:
    from studykit.review.plan import Plan

HEAT = [" ", "░", "▒", "▓", "█"]
EIGHTHS = " ▏▎▍▌▋▊▉█"
COLUMNS = " ▁▂▃▄▅▆▇█"
FORECAST_ROWS = 4
WEAKEST = 10
"""Topics listed in the terminal (--json and the web have them all)."""


def bar(fraction: float, width: int) -> str:
    """A horizontal bar `width` cells wide, filled to `fraction` in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


def show(console: Console, figures: Stats) -> None:
    width = console.width
    for part in (
        heatmap(figures, width),
        recall(figures),
        forecast(figures),
        retention(figures, width),
        topics(figures, width),
        calibration(figures),
    ):
        console.print(part)
        console.print()


def heatmap(figures: Stats, width: int) -> RenderableType:
    """Reviews per day, a column per week (as many of the last weeks as fit), with month
    and weekday labels and the legend."""
    weeks = figures.weeks[-max(1, min(len(figures.weeks), (width - 4) // 2)) :]
    title = Text(f"Reviews per day, last {len(weeks)} weeks", style="bold")
    shown = len(weeks)
    labels = [" "] * (4 + 2 * shown)
    for index, name in figures.months():
        at = 4 + 2 * (index - (len(figures.weeks) - shown))
        if at >= 4 and all(c == " " for c in labels[at - 1 : at + 3]):
            labels[at : at + 3] = name
    months = "".join(labels)[: 4 + 2 * shown]
    rows = [title, Text(months.rstrip(), style="dim")]
    for weekday, name in enumerate(["Mon", "", "Wed", "", "Fri", "", "Sun"]):
        row = Text(f"{name:>3} ", style="dim")
        for week in weeks:
            day = week[weekday]
            level = figures.level(figures.per_day.get(day, 0))
            row.append(HEAT[level] * 2 if day <= figures.today else "  ", "green")
        rows.append(row)
    legend = Text("    answers a day:", style="dim")
    for level, counts in enumerate(figures.level_ranges()):
        if counts:
            legend.append(" " + (HEAT[level] * 2 if level else "··"), "green")
            legend.append(f" {counts}", "dim")
    rows.append(legend)
    return Group(*rows)


def recall(figures: Stats) -> Text:
    if not figures.recent:
        return Text("No reviews in the last 30 days.")
    rate = figures.remembered / figures.recent
    return Text(
        f"Recall, last 30 days: {rate:.0%} of {plural(figures.recent, 'answer')} (not rated Again)"
    )


def forecast(figures: Stats) -> RenderableType:
    """Cards due each day of the next 30, as columns of eighths, then the totals."""
    counts = [n for _, n in figures.forecast]
    top = max(counts, default=0)
    title = Text(f"Due in the next {len(counts)} days", style="bold")
    week = sum(counts[:7])
    totals = Text(
        f"today {counts[0]}"
        + (f" ({figures.overdue} overdue)" if figures.overdue else "")
        + f" · this week {week} · {len(counts)} days {sum(counts)}"
    )
    if not top:
        return Group(title, totals)
    axis = len(str(top)) + 1
    rows = []
    for row in range(FORECAST_ROWS, 0, -1):
        label = str(top) if row == FORECAST_ROWS else "0" if row == 1 else ""
        line = Text(label.rjust(axis - 1) + "│", style="dim")
        for n in counts:
            eighths = round(n / top * FORECAST_ROWS * 8) - (row - 1) * 8
            line.append(COLUMNS[max(0, min(8, eighths))], "cyan")
        rows.append(line)
    days = " " * axis + "".join(
        "|" if n % 7 == 0 else " " for n in range(len(counts))
    )  # a tick each week
    when = " " * axis + "today".ljust(7) + "+7d".ljust(7) + "+14d".ljust(7) + "+21d".ljust(7)
    return Group(title, *rows, Text(days, style="dim"), Text(when.rstrip(), style="dim"), totals)


def retention(figures: Stats, width: int) -> RenderableType:
    """Each week's retention as a bar, the desired retention marked on every row."""
    desired = figures.desired_retention
    title = Text(f"Retention per week (desired {desired:.0%})", style="bold")
    weeks = [w for w in figures.retention if w.rate is not None]
    if not weeks:
        return Group(
            title, Text("No answers to cards due for review yet: they come back in a few days.")
        )
    span = max(10, min(40, width - 30))
    rows: list[RenderableType] = [title]
    for week in weeks:
        rate = week.rate or 0.0
        line = Text(f"{week.start:%m-%d} ", style="dim")
        _marked(line, rate, desired, span, "green" if rate >= desired else "yellow")
        line.append(f" {rate:4.0%} of {week.reviews}")
        rows.append(line)
    rows.append(
        Text(f"      ┃ marks the desired {desired:.0%}; weeks start on Monday", style="dim")
    )
    return Group(*rows)


def topics(figures: Stats, width: int) -> RenderableType:
    """The weakest topics studied: FSRS's predicted recall at the horizon, the cards
    studied of each, and the misses lately."""
    studied = [t for t in figures.topics if t.recall is not None]
    days = figures.horizon / timedelta(days=1)
    when = "now" if not days else f"in {plural(round(days), 'day')}"
    title = Text(f"Weakest topics (predicted recall {when})", style="bold")
    if not studied:
        return Group(title, Text("No topic studied yet."))
    table = Table(box=None, show_header=True, header_style="dim", pad_edge=False)
    table.add_column("topic", overflow="ellipsis", no_wrap=True, max_width=max(10, width - 34))
    table.add_column("recall", no_wrap=True, min_width=15)
    table.add_column("missed", justify="right", no_wrap=True, min_width=6)
    table.add_column("studied", justify="right", no_wrap=True)
    for topic in studied[:WEAKEST]:
        name = Text(topic.title)
        name.append(f"\n{topic.note}", "dim")
        shown = topic.recall or 0.0
        level = Text(bar(shown, 10), "red" if shown < figures.desired_retention else "green")
        level.append(f" {shown:4.0%}")
        table.add_row(
            name, level, f"{topic.missed}/{topic.answers}", f"{topic.studied}/{topic.cards}"
        )
    rest = len(studied) - WEAKEST
    unstarted = len(figures.topics) - len(studied)
    notes = [
        f"{plural(rest, 'more topic')} studied" if rest > 0 else "",
        f"{plural(unstarted, 'topic')} not started" if unstarted else "",
        "missed: rated Again / answers, last 30 days",
        "studied: cards answered / cards",
    ]
    return Group(title, table, Text(" · ".join(n for n in notes if n), style="dim"))


def calibration(figures: Stats) -> RenderableType:
    """Predicted against actual recall in bins, with log loss and RMSE(bins), for the
    learner's parameters and FSRS's defaults; says when there are too few reviews."""
    found = figures.calibration
    title = Text("Are FSRS's predictions right for you?", "bold")
    if found is None or not found.reviews:
        return Group(title, Text("No review a day or more after the last one yet.", "dim"))
    table = Table(box=None, pad_edge=False)
    for column in ("parameters", "reviews", "log loss", "RMSE(bins)"):
        table.add_column(column, justify="left" if column == "parameters" else "right")
    fits = [("yours (fitted)", found.own), ("FSRS defaults", found.default)]
    for name, fit in fits:
        if fit is None:
            table.add_row(name, "not fitted: studykit optimize", "", "")
        else:
            loss, rmse = fit.log_loss or 0.0, fit.rmse_bins or 0.0
            table.add_row(name, str(fit.reviews), f"{loss:.3f}", f"{rmse:.3f}")
    shown = found.own or found.default
    bins = Table(box=None, pad_edge=False, title_justify="left")
    for column in ("predicted", "reviews", "mean predicted", "recalled"):
        bins.add_column(column, justify="right")
    for each in shown.bins:
        bins.add_row(
            f"{each.low:.0%}-{each.high:.0%}", str(each.reviews),
            f"{each.predicted:.0%}", f"{each.actual:.0%}",
        )  # fmt: skip
    parts: list[RenderableType] = [title, table, Text(), bins]
    if found.more:
        note = f"Too few reviews to judge: {plural(found.reviews, 'review')} scored, "
        parts.append(Text(note + f"{found.more} more needed.", "yellow"))
    return Group(*parts)


def plan(console: Console, made: Plan) -> None:
    """An exam plan: what it reaches, the pace, then the web's two charts as text bars:
    minutes per day against the budget, and recall on the exam day per topic against the
    target (each marked ┃ on every row)."""
    console.print(Text(made.statement(), "bold" if made.met else "yellow"))
    pace = f"Desired retention {made.retention:.0%}, {made.new_per_day} new cards a day"
    console.print(f"{pace} (the quiz follows this until {made.exam}).")
    span = max(10, min(40, console.width - 20))
    minutes, top = made.forecast.minutes, max(made.forecast.busiest, made.minutes)
    every = 1 if len(minutes) <= 31 else 7  # a row a day for a month, else a row a week
    said = f"Minutes a day (budget {made.minutes:.0f})" + (", busiest of each week" * (every > 1))
    rows: list[RenderableType] = [Text(), Text(said, "bold")]
    for n in range(0, len(minutes), every):
        value = max(minutes[n : n + every])
        line = Text(f"{made.start + timedelta(days=n):%m-%d} ", style="dim")
        colour = "yellow" if value > made.minutes else "cyan"
        _marked(line, value / top, made.minutes / top, span, colour).append(f" {value:5.1f}")
        rows.append(line)
    rows.append(Text(f"      ┃ marks the budget of {made.minutes:.0f} minutes", style="dim"))
    topics = sorted(made.forecast.topics.items(), key=lambda kv: kv[1])
    rows += [Text(), Text(f"Predicted recall on {made.exam}, weakest topics", "bold")]
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(
        "topic", overflow="ellipsis", no_wrap=True, max_width=max(10, console.width - 26)
    )
    table.add_column("recall", no_wrap=True)
    for topic, value in topics[:WEAKEST]:
        name = Text(made.titles.get(topic, topic))  # --json gives each NOTE#TOPIC
        colour = "green" if value >= made.target else "yellow"
        level = _marked(Text(), value, made.target, 12, colour)
        level.append(f" {value:4.0%}")
        table.add_row(name, level)
    rows.append(table)
    rest = len(topics) - WEAKEST
    more = f"{plural(rest, 'more topic')} · " if rest > 0 else ""
    rows.append(Text(f"{more}┃ marks the target of {made.target:.0%}", style="dim"))
    console.print(Group(*rows))


def _marked(line: Text, fraction: float, mark: float, span: int, style: str) -> Text:
    """`line` with a bar `span` cells wide filled to `fraction`, and ┃ at `mark` (a share
    of the span) where the bar does not fill that cell."""
    drawn = bar(fraction, span)
    at = min(span - 1, int(mark * span))
    line.append(drawn[:at], style)
    line.append("┃" if drawn[at] != "█" else drawn[at], "bold")
    line.append(drawn[at + 1 :], style)
    return line
