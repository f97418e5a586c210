"""Export decks to an Anki package (.apkg) with genanki.

One Anki deck per studykit deck, under `studykit::`; basic cards as Anki's Basic notes,
two-way cards as "Basic (and reversed card)", cloze cards as Cloze notes. Markdown becomes
HTML and math uses MathJax's delimiters, `\\(...\\)` and `\\[...\\]`. Each note's GUID is
derived from the studykit card id, so importing a newer export updates the cards in Anki
instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import genanki

from studykit.cards.model import Card, CardKind
from studykit.cards.wording import GAP
from studykit.markdown import dialect
from studykit.progress import Progress, each

DECK_PREFIX = "studykit"
_TAG_UNSAFE = re.compile(r"[\s\"]+")


def _mathjax(content: str, options: dict[str, Any]) -> str:
    inner = html.escape(content.strip())
    return f"\\[{inner}\\]" if options.get("display_mode") else f"\\({inner}\\)"


_HTML = dialect(html=False, math=_mathjax)


def to_html(markdown: str) -> str:
    """A card field: Markdown rendered to HTML (raw HTML escaped), math for MathJax."""
    rendered = str(_HTML.render(markdown)).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]  # a one-paragraph field needs no paragraph
    return rendered


def deck_id(name: str) -> int:
    """A stable Anki deck id for a deck name (Anki wants a positive 63-bit integer)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest()) >> 2


def tags(card: Card) -> list[str]:
    """The note's tags and the topic path as Anki tags (no spaces; `::` makes a hierarchy)."""
    topic = card.topic.replace("#", "::")
    found = [_TAG_UNSAFE.sub("_", tag) for tag in card.tags] + [f"topic::{topic}"]
    return list(dict.fromkeys(t for t in found if t))


def note_for(card: Card) -> genanki.Note:
    guid = genanki.guid_for("studykit", card.id)
    if card.kind == CardKind.CLOZE and GAP in card.front:
        text = card.front.replace(GAP, "{{c1::" + card.back + "}}", 1)
        fields = [to_html(text), ""]
        return genanki.Note(genanki.CLOZE_MODEL, fields, tags=tags(card), guid=guid)
    model = genanki.BASIC_AND_REVERSED_CARD_MODEL if card.reverse else genanki.BASIC_MODEL
    front = to_html(card.front)
    if card.context and card.context not in card.front:
        front = f'<div class="context">{html.escape(card.context)}</div>{front}'
    return genanki.Note(model, [front, to_html(card.back)], tags=tags(card), guid=guid)


def export(
    cards: Sequence[Card], titles: dict[str, str], path: Path, progress: Progress | None = None
) -> dict[str, int]:
    """Write the cards to `path` as an .apkg; returns the number of notes per Anki deck.
    `progress` hears of each card converted."""
    decks: dict[str, genanki.Deck] = {}
    counts: dict[str, int] = {}
    for card in each(cards, "converting cards", progress):
        name = f"{DECK_PREFIX}::{titles.get(card.deck) or card.deck}"
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        decks[name].add_note(note_for(card))
        counts[name] = counts.get(name, 0) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(list(decks.values())).write_to_file(str(path))
    return counts
