"""Studying: `build` (write the decks), `quiz` (review in the terminal) and `stats`."""

from __future__ import annotations

from pathlib import Path

import click

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
from studykit.errors import Incomplete, Interrupted

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
    from studykit.review.session import LEARNING_WINDOW, Counts, counts, plan
    from studykit.review.sync import collection_of

    root = notes_root(settings)
    selection = Selection(target, tag, "" if everywhere else collection_of(root))
    with store(settings) as db:
        user, _ = accounts.learner(db, user_name)

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
            return counts(db, user, selection, new_per_day=new_per_day, learn_ahead=LEARNING_WINDOW)

        finished = tui.run(
            out, db, user, queue, Mode(mode), refresh_later, retention, left, notes=root
        )
    if not finished:
        raise Interrupted()


@click.command()
@RETENTION
@AS_JSON
@USER
@pass_settings
def stats(settings: Settings, user_name: str | None, retention: float, as_json: bool) -> None:
    """Reviews per day, recall, cards due in the next 30 days, retention per week against
    the desired retention, and the weakest topics."""
    from studykit import accounts
    from studykit.cli import charts
    from studykit.review.stats import stats as figure

    with store(settings) as db:
        figures = figure(db, accounts.learner(db, user_name)[0], desired_retention=retention)
    if as_json:
        print_json(figures.summary())
    else:
        charts.show(out, figures)
