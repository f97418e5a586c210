"""Export decks to an Anki package (.apkg) with genanki.

One Anki deck per studykit deck, under `studykit::`; basic cards as Anki's Basic notes,
two-way cards as "Basic (and reversed card)", cloze cards as Cloze notes. Markdown becomes
HTML and math uses MathJax's delimiters, `\\(...\\)` and `\\[...\\]`. Each note's GUID is
derived from the studykit card id, so importing a newer export updates the cards in Anki
instead of adding copies.

A card stating a claim the notes' checks have not verified carries the verdict and the
readings after its answer (a `Checks` field, or the cloze's Back Extra) and a tag,
`claim::refuted` (or `partly`, `failed`, `stale`, `unchecked`).
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
from studykit.checks.ledger import ORDER, Claim, unproven
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


def _checked(model: genanki.Model, model_id: int) -> genanki.Model:
    """`model` with a third field, Checks, shown after the answer on every card."""
    templates = [
        {**t, "afmt": t["afmt"] + "\n\n{{#Checks}}<div class=checks>{{Checks}}</div>{{/Checks}}"}
        for t in model.templates
    ]
    fields = [*model.fields, {"name": "Checks", "font": "Arial"}]
    name = f"{model.name} with checks (studykit)"
    return genanki.Model(model_id, name, fields=fields, templates=templates, css=model.css)


CHECKED_MODELS = {
    False: _checked(genanki.BASIC_MODEL, 1607392320),
    True: _checked(genanki.BASIC_AND_REVERSED_CARD_MODEL, 1607392321),
}
"""Basic and Basic (and reversed card) with a Checks field, for cards stating claims that
are not verified (the plain models keep their ids, so other cards update in place)."""


def checks_html(doubted: list[Claim]) -> str:
    """The verdict of each claim and the reading and result of each of its checks."""
    parts = []
    for claim in doubted:
        readings = "".join(
            f"<li>{'stale' if r.stale else r.verdict}: <b>{html.escape(r.name)}</b> "
            f"{html.escape(r.reading)}</li>"
            for r in claim.checks
        )
        parts.append(f"<p><b>{claim.verdict}</b>: {html.escape(claim.text)}</p><ul>{readings}</ul>")
    return "".join(parts)


def note_for(card: Card, claims: list[Claim] | None = None) -> genanki.Note:
    """The card as an Anki note; `claims`: the notes' checked claims, of which those the
    card states unverified are shown after its answer and tagged."""
    guid = genanki.guid_for("studykit", card.id)
    doubted = unproven(f"{card.front}\n{card.back}", claims or [], card.back)
    marked = tags(card)
    if doubted:
        worst = max((c.verdict for c in doubted), key=ORDER.index)
        marked.append(f"claim::{worst}")
    checks = checks_html(doubted)
    if card.kind == CardKind.CLOZE and GAP in card.front:
        text = card.front.replace(GAP, "{{c1::" + card.back + "}}", 1)
        fields = [to_html(text), checks]
        return genanki.Note(genanki.CLOZE_MODEL, fields, tags=marked, guid=guid)
    model = genanki.BASIC_AND_REVERSED_CARD_MODEL if card.reverse else genanki.BASIC_MODEL
    front = to_html(card.front)
    if card.context and card.context not in card.front:
        front = f'<div class="context">{html.escape(card.context)}</div>{front}'
    if doubted:
        return genanki.Note(
            CHECKED_MODELS[card.reverse],
            [front, to_html(card.back), checks],
            tags=marked,
            guid=guid,
        )
    return genanki.Note(model, [front, to_html(card.back)], tags=marked, guid=guid)


def export(
    cards: Sequence[Card],
    titles: dict[str, str],
    path: Path,
    progress: Progress | None = None,
    claims: list[Claim] | None = None,
) -> dict[str, int]:
    """Write the cards to `path` as an .apkg; returns the number of notes per Anki deck.
    `progress` hears of each card converted; `claims` (checks.ledger.claims_now) mark the
    cards that state a claim not verified."""
    decks: dict[str, genanki.Deck] = {}
    counts: dict[str, int] = {}
    for card in each(cards, "converting cards", progress):
        name = f"{DECK_PREFIX}::{titles.get(card.deck) or card.deck}"
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        decks[name].add_note(note_for(card, claims))
        counts[name] = counts.get(name, 0) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(list(decks.values())).write_to_file(str(path))
    return counts
