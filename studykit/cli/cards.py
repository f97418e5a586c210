"""The cards themselves: `cards` lists what the notes give (kind, source line, quality), and
`triage` is the learner's own say, a keyboard pass over cards not yet reviewed (keep,
suspend, edit, skip), saved into the deck files at each key."""

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

TRIAGE_KEYS = "k keep   s suspend   e edit   n skip   q quit"
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
    """Settle the cards you have not reviewed yet: keep, suspend (never asked) or edit each.

    TARGET is a deck or DECK#TOPIC (or part of them). Kept cards are not shown again. The
    cards most likely not worth keeping (lowest quality) come first.
    """
    from studykit import accounts
    from studykit.cards import decks
    from studykit.cli.keys import Quit, key
    from studykit.render.terminal import render_markdown
    from studykit.review import store as review_store

    deck_part, _, topic_part = target.partition("#")
    counts = {"kept": 0, "suspended": 0, "edited": 0, "skipped": 0}
    with store(settings) as db:
        sync(db, notes_root(settings), quizzes_dir)
        user_id, _ = accounts.learner(db, user_name)
        files = sorted(p for p in quizzes_dir.glob("*.yaml") if deck_part in p.stem)
        if not files:
            from studykit.errors import NoMatch

            close = load(settings, blocks=False).suggest(target)
            raise NoMatch(f"no deck matches {target!r} in {quizzes_dir}", close)
        loaded = [decks.load(file) for file in files]
        kept = {
            deck.name: set(filter(None, (db.get(f"triage.kept.{deck.name}") or "").split()))
            for deck in loaded
        }
        pending = [
            (deck, card)
            for deck in loaded
            for card in deck.cards
            if not card.suspended and card.id not in kept[deck.name] and topic_part in card.topic
        ]
        pending.sort(key=lambda pair: pair[1].quality)  # the likeliest to drop first
        try:
            for deck, card in pending:
                if review_store.state(db, user_id, card.id) is not None:
                    continue  # reviewed already: the learner knows this card
                out.rule(Text(f"{deck.name} › {card.context}  [{card.kind}] line {card.line}"))
                out.print(render_markdown(card.front))
                out.print(Text("answer", style="bold green"))
                out.print(render_markdown(card.back))
                out.print(Text(TRIAGE_KEYS, style="dim"))
                pressed = key("ksen")
                if pressed == "s":
                    card.suspended = True
                    decks.write(deck, quizzes_dir)
                    counts["suspended"] += 1
                    continue
                if pressed == "n" or (pressed == "e" and not _edit(card)):
                    counts["skipped"] += 1
                    continue
                if pressed == "e":
                    decks.write(deck, quizzes_dir)
                counts["edited" if pressed == "e" else "kept"] += 1
                kept[deck.name].add(card.id)  # settled: not shown again
                db.put(f"triage.kept.{deck.name}", " ".join(sorted(kept[deck.name])))
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


def _edit(card: Card) -> bool:
    """Edit the card in $EDITOR; True when it changed (it is then locked: rebuilding the deck
    keeps the edit)."""
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
        return False
    front, back = parts[0].strip(), parts[1].strip()
    if (front, back) == (card.front, card.back):
        return False
    card.front, card.back, card.locked = front, back, True
    return True
