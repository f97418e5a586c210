"""studykit: Markdown study notes turned into topics, flashcards and verified claims.

The public API, for use from Python (each name is imported on first use, so that
`import studykit` costs nothing):

    from studykit import load_notes, extract_cards, open_store

    corpus = load_notes(Path("notes"))              # every note, parsed and cached
    note, topic = corpus.find("day008#lstm")        # a note and one of its topics
    cards = [c for c in extract_cards(note) if c.topic == topic.id]
    with open_store() as db:                        # the review database
        ...
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {  # public name -> the module that defines it
    "load_notes": "studykit.notes.corpus",
    "parse_note": "studykit.notes.parse",
    "Note": "studykit.notes.model",
    "Topic": "studykit.notes.model",
    "Block": "studykit.notes.model",
    "extract_cards": "studykit.cards.extract",
    "Card": "studykit.cards.model",
    "build_deck": "studykit.cards.decks",
    "load_deck": "studykit.cards.decks",
    "Deck": "studykit.cards.decks",
    "open_store": "studykit.db",
    "CheckError": "studykit.errors",
    "CheckTimeout": "studykit.errors",
    "DeckError": "studykit.errors",
    "Incomplete": "studykit.errors",
    "Interrupted": "studykit.errors",
    "MissingExtra": "studykit.errors",
    "NoMatch": "studykit.errors",
    "NotEnoughReviews": "studykit.errors",
    "NoteError": "studykit.errors",
    "SchemaError": "studykit.errors",
    "SetupFailed": "studykit.errors",
    "SourceError": "studykit.errors",
    "StudykitError": "studykit.errors",
    "TargetError": "studykit.errors",
    "UsageError": "studykit.errors",
}
_RENAMED = {"extract_cards": "extract", "build_deck": "build", "load_deck": "load"}

__all__ = [
    "Block",
    "Card",
    "CheckError",
    "CheckTimeout",
    "Deck",
    "DeckError",
    "Incomplete",
    "Interrupted",
    "MissingExtra",
    "NoMatch",
    "NotEnoughReviews",
    "Note",
    "NoteError",
    "SchemaError",
    "SetupFailed",
    "SourceError",
    "StudykitError",
    "TargetError",
    "Topic",
    "UsageError",
    "build_deck",
    "extract_cards",
    "load_deck",
    "load_notes",
    "open_store",
    "parse_note",
]

if TYPE_CHECKING:
    from studykit.cards.decks import Deck
    from studykit.cards.decks import build as build_deck
    from studykit.cards.decks import load as load_deck
    from studykit.cards.extract import extract as extract_cards
    from studykit.cards.model import Card
    from studykit.db import open_store
    from studykit.errors import (
        CheckError,
        CheckTimeout,
        DeckError,
        Incomplete,
        Interrupted,
        MissingExtra,
        NoMatch,
        NoteError,
        NotEnoughReviews,
        SchemaError,
        SetupFailed,
        SourceError,
        StudykitError,
        TargetError,
        UsageError,
    )
    from studykit.notes.corpus import load_notes
    from studykit.notes.model import Block, Note, Topic
    from studykit.notes.parse import parse_note


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'studykit' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), _RENAMED.get(name, name))
