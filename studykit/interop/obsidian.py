"""Import an Obsidian vault's spaced-repetition cards into decks, so a learner can move over.

The cards are those of the Obsidian spaced-repetition plugin's syntax, which studykit
reads anyway: `front::back`, `front:::back` (both ways), multi-line cards split by `?` or
`??`, and cloze deletions (`==highlight==`, `**bold**`, `{{c1::...}}`). The plugin's
scheduling comments (`<!--SR:...-->`) are left out; schedules start afresh in studykit.
"""

from __future__ import annotations

from pathlib import Path

from studykit.cards.decks import Deck
from studykit.cards.extract import extract
from studykit.cards.model import CardKind
from studykit.errors import NoteError
from studykit.notes.corpus import load_notes
from studykit.progress import Progress, each

PLUGIN_KINDS = (CardKind.AUTHOR, CardKind.CLOZE)
PREFIX = "obsidian-"


def vault_decks(
    vault: Path, progress: Progress | None = None
) -> tuple[list[Deck], list[NoteError]]:
    """One deck per vault note that holds plugin cards (hidden folders such as .obsidian
    are skipped), and the notes that could not be read; `progress` hears of each note."""
    corpus = load_notes(vault, progress=progress)
    found = []
    for note in each(corpus.notes, "finding cards", progress):
        cards = [c for c in extract(note) if c.kind in PLUGIN_KINDS]
        if cards:
            name = PREFIX + note.slug.replace("/", "-")
            for card in cards:
                card.deck = name
            source = f"obsidian:{vault.name}/{note.path}"
            found.append(Deck(name, source, note.title, cards))
    return found, corpus.problems
