"""Studying: `build` (write the decks), `quiz` (review in the terminal) and `stats`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.text import Text

from studykit.cli.common import (
    AS_JSON,
    NOTES_DIR,
    QUIZZES_DIR,
    USER,
    load,
    notes_root,
    out,
    pass_settings,
    print_json,
    store,
    sync,
)
from studykit.config import Settings
from studykit.errors import Incomplete, Interrupted, UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from studykit.db import Database
    from studykit.review.session import Pace

RETENTION = click.option(
    "--retention",
    envvar="STUDYKIT_RETENTION",
    type=click.FloatRange(0.7, 0.99),
    default=0.9,
    show_default=True,
    help="Desired retention: the share of cards you want to recall when due.",
)


@click.command()
@NOTES_DIR
@QUIZZES_DIR
@pass_settings
def build(settings: Settings, directory: Path | None, quizzes_dir: Path) -> None:
    """Write one YAML deck of flashcards per note into the quizzes folder."""
    from rich.table import Table

    with store(settings) as db:
        report = sync(db, notes_root(settings, directory), quizzes_dir, force=True, progress=True)
    assert report is not None  # a forced sync always reports
    table = Table(title=f"decks in {quizzes_dir}", title_justify="left")
    table.add_column("deck")
    table.add_column("cards", justify="right")
    for name, count in sorted(report.decks.items()):
        table.add_row(name, str(count))
    out.print(table)
    if report.problems:
        raise Incomplete()


@click.command()
@click.argument("target", required=False, default="")
@click.option("--tag", default="", help="Only cards with this tag.")
@click.option(
    "--mode",
    type=click.Choice(["flip", "type", "choice"]),
    default="flip",
    show_default=True,
    help="flip: reveal and rate; type: type the answer; choice: pick among four.",
)
@click.option("--new", "new_per_day", type=click.IntRange(0), default=20, show_default=True,
              help="New cards per day.")  # fmt: skip
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True,
              help="Cards in this session at most.")  # fmt: skip
@RETENTION
@click.option("--everywhere", is_flag=True, help="Cards of every notes folder this store knows.")
@QUIZZES_DIR
@USER
@pass_settings
def quiz(
    settings: Settings,
    everywhere: bool,
    user_name: str | None,
    target: str,
    tag: str,
    mode: str,
    new_per_day: int,
    limit: int,
    retention: float,
    quizzes_dir: Path,
) -> None:
    """Review due cards, then new ones: TARGET is a deck or DECK#TOPIC (or part of them)."""
    from studykit import accounts
    from studykit.cards.model import Card
    from studykit.cli import tui
    from studykit.review import store as cards_store
    from studykit.review.model import Mode, Selection
    from studykit.review.session import Counts, counts, plan
    from studykit.review.sync import collection_of

    root = notes_root(settings)
    selection = Selection(target, tag, "" if everywhere else collection_of(root))
    with store(settings) as db:
        user, _ = accounts.learner(db, user_name)
        pace = _pace(db, user, retention, new_per_day)
        new_per_day = pace.new_per_day

        def refresh(progress: bool = False) -> list[Card] | None:
            if sync(db, root, quizzes_dir, progress=progress) is None:
                return None
            return plan(db, user, selection, limit=limit, new_per_day=new_per_day)

        queue = plan(db, user, selection, limit=limit, new_per_day=new_per_day)
        if not queue:  # first run, or nothing due: bring the cards up to date before saying so
            queue, refresh_later = refresh(progress=True) or [], None
            if not queue and (target or tag) and not cards_store.has_cards(db, selection):
                from studykit.errors import NoMatch

                asked = " and ".join(filter(None, [target, tag and f"--tag {tag}"]))
                close = load(settings, blocks=False).suggest(target) if target else None
                raise NoMatch(f"no card matches {asked}", close)
        else:
            refresh_later = refresh

        def left() -> Counts:
            return counts(db, user, selection, new_per_day=new_per_day)

        finished = tui.run(
            out, db, user, queue, Mode(mode), refresh_later, pace, left, root, selection
        )
    if not finished:
        raise Interrupted()


@click.command()
@RETENTION
@click.option("--horizon", type=click.IntRange(0, 3650), default=7, show_default=True,
              help="Days ahead at which topics' recall (mastery) is predicted.")  # fmt: skip
@AS_JSON
@USER
@pass_settings
def stats(
    settings: Settings, user_name: str | None, retention: float, horizon: int, as_json: bool
) -> None:
    """Reviews per day, recall, cards due in the next 30 days, retention per week against
    the desired retention, and the weakest topics (predicted recall at --horizon days)."""
    from datetime import timedelta

    from studykit import accounts
    from studykit.cli import charts
    from studykit.review.stats import stats as figure

    with store(settings) as db:
        who = accounts.learner(db, user_name)[0]
        figures = figure(db, who, desired_retention=retention, horizon=timedelta(days=horizon))
    if as_json:
        print_json(figures.summary())
    else:
        charts.show(out, figures)


def _pace(db: Database, user: int, retention: float, new_per_day: int) -> Pace:
    """The quiz's pace: the options given (on the command line or in the environment),
    else the learner's exam plan's while it is active (said), else the options' defaults."""
    from click.core import ParameterSource

    from studykit.review.session import learner_pace

    ctx = click.get_current_context()
    names = ("retention", "new_per_day")
    given = {n for n in names if ctx.get_parameter_source(n) != ParameterSource.DEFAULT}
    pace = learner_pace(
        db, user, retention=retention if "retention" in given else None,
        new_per_day=new_per_day if "new_per_day" in given else None,
    )  # fmt: skip
    if pace.plan:
        out.print(Text(pace.following(), "dim"))
    return pace


@click.command("plan")
@click.argument("target", required=False, default="")
@click.option("--tag", default="", help="Only cards with this tag.")
@click.option("--exam", type=click.DateTime(["%Y-%m-%d"]), help="The exam day (YYYY-MM-DD).")
@click.option("--target", "goal", type=click.FloatRange(0.5, 0.99), default=0.9,
              show_default=True, help="Mean predicted recall wanted on the exam day.")  # fmt: skip
@click.option("--minutes", type=click.FloatRange(1, 600), default=30, show_default=True,
              help="Minutes a day at most.")  # fmt: skip
@click.option("--drop", is_flag=True, help="End the plan: the quiz goes back to its defaults.")
@AS_JSON
@QUIZZES_DIR
@USER
@pass_settings
def plan(
    settings: Settings,
    target: str,
    tag: str,
    exam: datetime | None,
    goal: float,
    minutes: float,
    drop: bool,
    as_json: bool,
    quizzes_dir: Path,
    user_name: str | None,
) -> None:
    """Plan for an exam day: the desired retention and new cards a day that bring FSRS's
    predicted recall on the day to --target within --minutes a day, simulated with FSRS on
    your cards (TARGET: a deck or DECK#TOPIC). `quiz` follows it until the exam."""
    from studykit import accounts
    from studykit.db import now
    from studykit.review import plan as exam_plan
    from studykit.review.model import Selection
    from studykit.review.sync import collection_of

    with store(settings) as db:
        user, _ = accounts.learner(db, user_name)
        if drop:
            exam_plan.drop(db, user)
            out.print("Plan ended.")
            return
        if exam is None:
            raise UsageError("give the exam day: --exam YYYY-MM-DD (or --drop)")
        at = now()
        if exam.date() <= at.astimezone().date():
            raise UsageError(f"the exam day {exam.date()} is not after today")
        root = notes_root(settings)
        sync(db, root, quizzes_dir)
        selection = Selection(target, tag, collection_of(root))
        made = exam_plan.make(db, user, selection, exam.date(), target=goal, minutes=minutes,
                              at=at)  # fmt: skip
        exam_plan.save(db, user, made)
    if as_json:
        print_json(made.summary())
        return
    from studykit.cli import charts

    charts.plan(out, made)
