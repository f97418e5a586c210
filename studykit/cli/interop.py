"""Other tools: `export anki`, `export reviews`, `optimize` (FSRS fitted to the learner) and
`import obsidian`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from studykit.cli.common import (
    QUIZZES_DIR,
    USER,
    err,
    load,
    notes_root,
    out,
    pass_settings,
    plural,
    store,
    sync,
    warn,
)
from studykit.cli.progress import bars
from studykit.config import Settings
from studykit.errors import Incomplete, NotEnoughReviews, StudykitError, TargetError
from studykit.extras import require

if TYPE_CHECKING:
    from datetime import datetime

    from studykit.db import Database
    from studykit.interop.obsidian import Schedule
    from studykit.review.model import Phase
    from studykit.review.store import State

    Adopted = tuple[State, datetime, Phase]


@click.group()
def export() -> None:
    """Export cards to Anki, or the review log for FSRS tools."""


@export.command("anki")
@click.argument("target", required=False, default="")
@click.option("--tag", default="", help="Only cards with this tag.")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The .apkg file to write.",
)  # fmt: skip
@QUIZZES_DIR
@pass_settings
def export_anki(settings: Settings, target: str, tag: str, output: Path, quizzes_dir: Path) -> None:
    """Write the cards (of a deck or DECK#TOPIC, or all) as an Anki package."""
    require("interop", "`studykit export anki`")
    from studykit.checks.ledger import claims_now
    from studykit.interop import anki
    from studykit.review import store as cards_store
    from studykit.review.model import Selection
    from studykit.review.sync import collection_of

    root = notes_root(settings)
    with store(settings) as db:
        sync(db, root, quizzes_dir, progress=True)
        cards = cards_store.cards(db, Selection(target, tag, collection_of(root)))
        claims = claims_now(db, root)
    if not cards:
        raise TargetError(f"no cards match {target or tag!r}")
    titles = {n.slug: n.title for n in load(settings, blocks=False).notes}
    with bars() as progress:
        counts = anki.export(cards, titles, output, progress, claims)
    for deck, count in counts.items():
        out.print(f"{count:5d}  {deck}")
    out.print(f"Wrote {plural(sum(counts.values()), 'note')} to {output}")


@export.command("reviews")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@USER
@pass_settings
def export_reviews(
    settings: Settings, output: Path | None, fmt: str, user_name: str | None
) -> None:
    """The review log: card_id, review_time, review_rating, review_state, review_duration."""
    from studykit import accounts
    from studykit.review import revlog
    from studykit.review.store import reviews

    with store(settings) as db:
        history = reviews(db, accounts.learner(db, user_name)[0])
    text = revlog.write(history, "csv" if fmt == "csv" else "jsonl")
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"Wrote {plural(len(history), 'review')} to {output}")
    else:
        click.echo(text, nl=False)


@click.command()
@USER
@pass_settings
def optimize(settings: Settings, user_name: str | None) -> None:
    """Fit FSRS's parameters to your review history and use them from now on."""
    require("interop", "`studykit optimize`")
    from studykit import accounts
    from studykit.review.optimize import MIN_REVIEWS, fit
    from studykit.review.store import reviews, set_parameters

    with store(settings) as db:
        user_id, user = accounts.learner(db, user_name)
        try:
            with bars() as progress:
                result = fit(reviews(db, user_id), progress)
        except NotEnoughReviews as short:
            raise StudykitError(
                f"Not enough history yet: {short.have} reviews count (a day or more after "
                f"the card's previous one, before the held-out 20%), {MIN_REVIEWS} are "
                f"needed: about {short.missing} more. Nothing was changed."
            ) from None
        set_parameters(db, user_id, result.parameters)
    before, after = result.before, result.after
    out.print(f"Fitted on {result.train_reviews} reviews before {result.cutoff:%Y-%m-%d}.")
    out.print(f"Held out: {after.reviews} reviews after it.")
    out.print(f"  log loss  {before.log_loss:.4f} (defaults) -> {after.log_loss:.4f} (fitted)")
    out.print(f"  RMSE      {before.rmse:.4f} (defaults) -> {after.rmse:.4f} (fitted)")
    out.print(f"Saved for {user!r}: the quiz schedules with these parameters from now on.")


@click.group("import")
def import_() -> None:
    """Bring cards in from other tools."""


@import_.command("obsidian")
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path))
@QUIZZES_DIR
@USER
@pass_settings
def import_obsidian(
    settings: Settings, vault: Path, quizzes_dir: Path, user_name: str | None
) -> None:
    """Turn a vault's spaced-repetition cards (::, :::, ?, ==cloze==) into decks, each card
    starting from the schedule the plugin kept (<!--SR:...-->), for the learner of --user."""
    from studykit import accounts
    from studykit.cards import decks
    from studykit.interop.obsidian import vault_decks
    from studykit.review import store as review_store

    with bars() as progress:
        found, problems, schedules = vault_decks(vault, progress)
    warn([str(p) for p in problems])
    for deck in found:
        path = decks.write(deck, quizzes_dir)
        out.print(f"{len(deck.cards):5d}  {path}")
    cards = sum(len(d.cards) for d in found)
    out.print(f"Imported {plural(cards, 'card')} from {plural(len(found), 'note')}.")
    if schedules:
        with store(settings) as db:
            user, name = accounts.learner(db, user_name)
            started = review_store.adopt(db, user, _states(schedules, db, user))
        kept = plural(len(schedules), "schedule")
        out.print(f"{kept} carried over for {name} ({started} new to studykit).")
    if problems:
        raise Incomplete()


def _states(schedules: dict[str, Schedule], db: Database, user: int) -> dict[str, Adopted]:
    """The plugin's schedules as FSRS states (the learner's parameters when fitted); an
    SM-2 due day is due at the start of that day, local time."""
    from datetime import datetime, time

    from studykit.interop.obsidian import Sm2
    from studykit.review import store as review_store
    from studykit.review.model import Phase
    from studykit.review.schedule import from_sm2, fsrs_state

    parameters = review_store.parameters(db, user)
    states: dict[str, Adopted] = {}
    for card_id, kept in schedules.items():
        if isinstance(kept, Sm2):
            due = datetime.combine(kept.due, time()).astimezone()
            state = from_sm2(due, kept.interval, kept.ease / 100, parameters)
            states[card_id] = (state, due, Phase.REVIEW)
        else:
            state = fsrs_state(
                kept.due, kept.stability, kept.difficulty, kept.state, kept.step,
                kept.last_review,
            )  # fmt: skip
            states[card_id] = (state, kept.due, Phase(kept.state))
    return states
