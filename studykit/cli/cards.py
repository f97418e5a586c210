"""The cards themselves: `cards` lists what the notes give (kind, source line, quality), and
`triage` is the learner's own say, a keyboard pass over cards not yet reviewed (keep,
suspend, edit, my copy, skip), saved at each key: a keep, a suspension or the learner's own
copy in the store, for them alone; an edit in the deck file (the author's, for everyone).
`suspend`, `unsuspend`, `bury`, `leeches` and `copies` are the learner's marks by card id;
the deck file's `suspended: true` stays the author's switch."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from studykit.cli.common import (
    AS_JSON,
    NO_PAGER,
    QUIZZES_DIR,
    USER,
    done,
    load,
    notes_root,
    out,
    page,
    pass_settings,
    plural,
    print_json,
    store,
    sync,
)
from studykit.config import Settings
from studykit.errors import UsageError

if TYPE_CHECKING:
    from studykit.cards.model import Card
    from studykit.db import Database

TRIAGE_KEYS = "k keep   s suspend   e edit   c my copy   n skip   q quit"
EDIT_HELP = "# Edit the card. The front is above the line of three dashes, the back below it.\n"
SEPARATOR = "\n---\n"


@click.command()
@click.argument("target", required=False, default="")
@QUIZZES_DIR
@AS_JSON
@NO_PAGER
@click.option(
    "--sort",
    type=click.Choice(["line", "quality"]),
    default="line",
    help="Order: by note and line, or lowest quality first.",
)
@click.option(
    "--below",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Only cards whose quality is under this (0.4: those a student most likely drops).",
)
@pass_settings
def cards(
    settings: Settings,
    target: str,
    quizzes_dir: Path,
    as_json: bool,
    no_pager: bool,
    sort: str,
    below: float | None,
) -> None:
    """List the cards of a note or topic (NOTE or NOTE#TOPIC; every note's without one), as
    the decks have them."""
    from dataclasses import asdict

    from studykit.cards import decks

    corpus = load(settings)
    note, topic = corpus.find(target) if target else (None, None)
    shown = []
    for each in [note] if note else corpus.notes:
        deck_file = quizzes_dir / f"{each.slug}.yaml"
        deck = decks.build(each, decks.load(deck_file) if deck_file.exists() else None)
        shown += [c for c in deck.cards if topic is None or c.topic == topic.id]
    if below is not None:
        shown = [c for c in shown if c.quality < below]
    if sort == "quality":
        shown.sort(key=lambda c: c.quality)  # stable: note and line order among equals
    if as_json:
        from studykit.checks import ledger

        with store(settings) as db:
            claims = ledger.claims_now(db, settings.notes)
        print_json(
            [
                asdict(c)
                | {
                    "claims": [
                        s.summary() for s in ledger.carried(f"{c.front}\n{c.back}", claims, c.back)
                    ]
                }
                for c in shown
            ]
        )
    else:
        of = target or f"{plural(len(corpus.notes), 'note')} in {corpus.root}"
        listed: list[RenderableType] = [Text(f"{plural(len(shown), 'card')} of {of}", "bold")]
        for card in shown:
            listed += [Text(), _listed(card, deck=not note)]
        page(Group(*listed), pager=not no_pager)
    done(corpus)


@click.command()
@click.argument("target", required=False, default="")
@QUIZZES_DIR
@USER
@pass_settings
def triage(settings: Settings, target: str, quizzes_dir: Path, user_name: str | None) -> None:
    """Settle the cards you have not reviewed yet: keep, suspend (never asked), edit the
    deck (for everyone) or write your own copy (asked to you alone) of each.

    TARGET is a deck or DECK#TOPIC (or part of them). Cards you settled are not shown
    again. The cards most likely not worth keeping (lowest quality) come first.
    """
    from studykit import accounts
    from studykit.cli.keys import Quit, key
    from studykit.render.terminal import render_markdown
    from studykit.review import store as review_store
    from studykit.review.model import Selection
    from studykit.review.sync import collection_of
    from studykit.review.triage import Action, settle

    counts = {"kept": 0, "suspended": 0, "edited": 0, "copied": 0, "skipped": 0}
    root = notes_root(settings)
    selection = Selection(target, collection=collection_of(root))
    with store(settings) as db:
        sync(db, root, quizzes_dir)
        user_id, _ = accounts.learner(db, user_name)
        if target and not review_store.has_cards(db, selection):
            from studykit.errors import NoMatch

            close = load(settings, blocks=False).suggest(target)
            raise NoMatch(f"no card matches {target}", close)
        try:
            for card in review_store.untriaged(db, user_id, selection):
                out.rule(Text(f"{card.deck} › {card.context}  [{card.kind}] line {card.line}"))
                out.print(render_markdown(card.front))
                out.print(Text("answer", style="bold green"))
                out.print(render_markdown(card.back))
                out.print(Text(TRIAGE_KEYS, style="dim"))
                pressed = key("ksecn")
                edited = _edit(card) if pressed in "ec" else None
                if pressed == "n" or (pressed in "ec" and edited is None):
                    counts["skipped"] += 1
                elif pressed == "s":  # for this learner alone
                    settle(db, user_id, card.id, Action.SUSPEND)
                    counts["suspended"] += 1
                elif pressed == "c" and edited:  # for this learner alone; settles the card
                    settle(db, user_id, card.id, Action.COPY, edited)
                    counts["copied"] += 1
                else:
                    if edited:
                        _write_edit(quizzes_dir, card, edited)
                    settle(db, user_id, card.id, Action.KEEP)  # not shown again
                    counts["edited" if edited else "kept"] += 1
        except Quit:
            pass
    done = ", ".join(f"{name} {plural(n, 'card')}" for name, n in counts.items() if n)
    out.print(f"{done or 'Nothing to triage'}. Saved in {quizzes_dir}.")


def _listed(card: Card, *, deck: bool) -> RenderableType:
    """A card as `cards` lists it: where it comes from, then its front and back wrapped at
    spaces across the terminal (a table's narrow columns cut words and lines at 60)."""
    where = f"{card.deck} " if deck else ""
    mark = " suspended" if card.suspended else ""
    head = Text(f"{where}line {card.line} · {card.kind}{mark} · quality {card.quality:.2f}")
    head.stylize("dim")
    back = card.back if len(card.back) < 160 else card.back[:157] + "…"
    front, back_text = Text(card.front, "bold"), Text(back)
    return Group(head, *(Padding(t, (0, 0, 0, 2), expand=False) for t in (front, back_text)))


def _write_edit(quizzes_dir: Path, card: Card, edited: tuple[str, str]) -> None:
    """The author's edit of a card, written to its deck file and locked there, so that a
    rebuild of the deck keeps it."""
    from studykit.cards import decks

    deck = decks.load(quizzes_dir / f"{card.deck}.yaml")
    for mine in deck.cards:
        if mine.id == card.id:
            mine.front, mine.back, mine.locked = *edited, True
    decks.write(deck, quizzes_dir)


def _edit(card: Card) -> tuple[str, str] | None:
    """The card's front and back as edited in $EDITOR; None when unchanged."""
    import os  # loaded by triage only: every command imports this module
    import re
    import shlex
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as file:
        file.write(EDIT_HELP + card.front + SEPARATOR + card.back + "\n")
    try:
        editor = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
        try:
            subprocess.run([*editor, file.name], check=False)
        except OSError as error:
            raise UsageError(f"cannot run the editor {editor[0]!r} ($EDITOR): {error}") from None
        text = Path(file.name).read_text(encoding="utf-8")
    finally:
        os.unlink(file.name)
    body = "\n".join(line for line in text.split("\n") if not line.startswith("#"))
    parts = re.split(r"^---[ \t]*$", body, maxsplit=1, flags=re.M)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        out.print(Text("Not changed: keep the front, a line of ---, then the back.", "yellow"))
        return None
    front, back = parts[0].strip(), parts[1].strip()
    return None if (front, back) == (card.front, card.back) else (front, back)


CARD_IDS = click.argument("card_ids", nargs=-1, required=True, metavar="CARD...")


@click.command()
@CARD_IDS
@USER
@pass_settings
def suspend(settings: Settings, card_ids: tuple[str, ...], user_name: str | None) -> None:
    """Never ask you these cards (other learners still get them). CARD is a card's id or
    the start of it, as `cards --json` and `leeches` show it."""
    _mark(settings, card_ids, user_name, "suspended")


@click.command()
@CARD_IDS
@USER
@pass_settings
def unsuspend(settings: Settings, card_ids: tuple[str, ...], user_name: str | None) -> None:
    """Ask you these cards again (a leech stays listed by `leeches` until kept)."""
    _mark(settings, card_ids, user_name, "unsuspended")


@click.command()
@CARD_IDS
@USER
@pass_settings
def bury(settings: Settings, card_ids: tuple[str, ...], user_name: str | None) -> None:
    """Hide these cards from you until tomorrow."""
    _mark(settings, card_ids, user_name, "buried")


def _mark(settings: Settings, card_ids: tuple[str, ...], user_name: str | None, how: str) -> None:
    from studykit import accounts
    from studykit.db import now
    from studykit.review import store as review_store
    from studykit.review.session import tomorrow

    with store(settings) as db:
        user, name = accounts.learner(db, user_name)
        chosen = [_one_card(db, card_id) for card_id in card_ids]
        for card in chosen:
            if how == "buried":
                review_store.bury(db, user, card.id, tomorrow(now()))
            elif how == "kept":
                review_store.keep(db, user, card.id)
            else:
                review_store.suspend(db, user, card.id, how == "suspended")
            out.print(f"{how} for {name}: {card.id} {card.deck} line {card.line} {card.front}")


def _one_card(db: Database, card_id: str) -> Card:
    from studykit.review import store as review_store

    found = review_store.find_cards(db, card_id)
    if len(found) != 1:
        which = "no card" if not found else f"{len(found)} cards"
        raise UsageError(f"{which} with id {card_id!r} (`studykit cards --json` shows ids)")
    return found[0]


@click.command()
@click.option(
    "--lapses",
    type=click.IntRange(0),
    default=None,
    help="Set how many lapses make a card a leech for you (default 8; 0: never).",
)
@click.option("--keep", "keep_ids", multiple=True, metavar="CARD",
              help="Keep a leech as it is: unmarked and asked again.")  # fmt: skip
@AS_JSON
@USER
@pass_settings
def leeches(
    settings: Settings,
    lapses: int | None,
    keep_ids: tuple[str, ...],
    as_json: bool,
    user_name: str | None,
) -> None:
    """Cards you keep forgetting: a card lapsing 8 times (Again when due for review) is
    marked a leech and suspended for you. Fix the note, keep the card, or unsuspend it."""
    from studykit import accounts
    from studykit.review import store as review_store

    if keep_ids:
        _mark(settings, keep_ids, user_name, "kept")
    with store(settings) as db:
        user, _ = accounts.learner(db, user_name)
        if lapses is not None:
            review_store.set_leech_lapses(db, user, lapses)
        threshold = review_store.leech_lapses(db, user)
        found = review_store.leeches(db, user)
    paths = _note_paths(settings) if found else {}
    where = {
        leech.card.id: f"{paths.get(leech.card.deck, leech.card.deck)}:{leech.card.line}"
        for leech in found
    }
    if as_json:
        print_json(
            {
                "lapses": threshold,
                "leeches": [
                    {"id": x.card.id, "deck": x.card.deck, "note": where[x.card.id],
                     "front": x.card.front, "back": x.card.back, "lapses": x.lapses,
                     "suspended": x.suspended}
                    for x in found
                ],
            }
        )  # fmt: skip
        return
    said = f"{len(found)} leech{'' if len(found) == 1 else 'es'}"
    said += f" (a card is one at {plural(threshold, 'lapse')})"
    out.print(Text(said if threshold else "Leeches are off (--lapses 0).", "bold"))
    for leech in found:
        state = "suspended" if leech.suspended else "asked again"
        head = Text(f"{where[leech.card.id]} · {plural(leech.lapses, 'lapse')} · {state}")
        out.print(Text(), head, Text(leech.card.front, "bold"), Text(leech.card.back))
        actions = f"edit the note at that line · studykit leeches --keep {leech.card.id}"
        if leech.suspended:
            actions += f" · studykit unsuspend {leech.card.id}"
        out.print(Text(actions, "dim"))


@click.command()
@click.option("--drop", "drop_ids", multiple=True, metavar="CARD",
              help="Drop your copy of this card: the author's text is asked again.")  # fmt: skip
@AS_JSON
@USER
@pass_settings
def copies(
    settings: Settings, drop_ids: tuple[str, ...], as_json: bool, user_name: str | None
) -> None:
    """Your own copies of cards (written in triage): asked to you in place of the author's
    front and back. When the author has changed a card since, your copy is still asked and
    the author's new text is shown under it."""
    from studykit import accounts
    from studykit.review import store as review_store

    with store(settings) as db:
        user, name = accounts.learner(db, user_name)
        for card in [_one_card(db, card_id) for card_id in drop_ids]:
            dropped = review_store.drop_copy(db, user, card.id)
            said = "dropped" if dropped else "no copy to drop"
            out.print(f"{said} for {name}: {card.id} {card.deck} line {card.line} {card.front}")
        found = review_store.copies(db, user)
    if as_json:
        print_json(
            [
                {"id": c.card.id, "deck": c.card.deck, "line": c.card.line, "front": c.front,
                 "back": c.back, "edited": c.edited.isoformat(), "changed": c.changed,
                 "author_front": c.card.front, "author_back": c.card.back}
                for c in found
            ]
        )  # fmt: skip
        return
    out.print(Text(f"{len(found)} {'copy' if len(found) == 1 else 'copies'} of {name}", "bold"))
    for copy in found:
        head = f"{copy.card.deck} line {copy.card.line} · {copy.card.id}"
        out.print(Text(), Text(head, "dim"), Text(copy.front, "bold"), Text(copy.back))
        if copy.changed:
            out.print(
                Text("The author has changed this card since; the author's text now:", "yellow")
            )
            out.print(
                Padding(Group(Text(copy.card.front, "bold"), Text(copy.card.back)), (0, 0, 0, 2))
            )
        out.print(Text(f"studykit copies --drop {copy.card.id}", "dim"))


def _note_paths(settings: Settings) -> dict[str, str]:
    """Each deck's note file, to point at a card's line (empty without a notes folder)."""
    if not settings.notes.is_dir():
        return {}
    from studykit.notes.corpus import load_notes

    root = settings.notes
    return {note.slug: str(root / note.path) for note in load_notes(root, blocks=False).notes}
