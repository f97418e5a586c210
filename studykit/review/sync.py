"""Keeping the decks and the store in step with the notes.

A sync rebuilds the deck file of every changed note (keeping the learner's edits, see
cards.decks), loads changed decks into the store, and marks the decks whose note is gone as
inactive. It is cheap when nothing changed: one listing of the folders, compared with the
fingerprint of the last sync.

Each notes folder is a collection of its own in the store: syncing one never touches
another's cards, and a quiz draws from its own folder's unless asked for every folder.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.db import Database
from studykit.errors import DeckError
from studykit.progress import Progress, each
from studykit.review import store

if TYPE_CHECKING:
    from studykit.cards.decks import Deck
    from studykit.cards.model import Card
    from studykit.notes.model import Note


@dataclass(slots=True)
class SyncReport:
    decks: dict[str, int] = field(default_factory=dict)  # deck name -> cards
    problems: list[str] = field(default_factory=list)  # "file:line: message"
    warnings: list[str] = field(default_factory=list)  # read, but not as the author meant


def fingerprint(*folders: Path) -> str:
    """Changes whenever a note or deck file is added, removed or modified."""
    digest = 0  # crc32 over the listing: change detection, not security; zlib loads fast
    stack = [os.fspath(folder) for folder in folders]
    while stack:
        try:
            entries = sorted(os.scandir(stack.pop()), key=lambda e: e.name)
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                stack.append(entry.path)
            elif entry.name.endswith((".md", ".markdown", ".yaml", ".yml")):
                try:
                    stat = entry.stat()
                except OSError:  # a broken link: the notes' loader reports it
                    continue
                line = f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                digest = zlib.crc32(line.encode(), digest)
    return f"{digest:08x}"


def sync(
    db: Database,
    notes: Path,
    quizzes: Path,
    force: bool = False,
    progress: Progress | None = None,
) -> SyncReport | None:
    """Rebuild the decks of changed notes and load changed decks into the store.

    Returns None when no file changed since the last sync (the common, fast case). A deck
    is rebuilt only when its note or its own file changed (or `force`), so editing one
    note of two thousand costs one note's work. `progress` hears of each note read and
    each deck brought up to date.
    """
    collection = collection_of(notes)
    stamp = fingerprint(notes, quizzes)
    if not force and db.get(f"sync:{collection}:fingerprint") == stamp:
        return None
    from studykit.cards import decks  # parsing is only needed when something changed
    from studykit.notes.corpus import load_notes

    report = SyncReport()
    corpus = load_notes(notes, progress=progress)
    report.problems += [f"{notes / p.path}:{p.line}: {p.message}" for p in corpus.problems]
    report.warnings += [f"{notes / n.path}:{w}" for n in corpus.notes for w in n.warnings]
    known = {} if force else db.stamps(f"sync:{collection}:deck:")
    seen: set[str] = set()
    loaded: dict[str, list[Card]] = {}  # stored together at the end: one commit, not 2,000
    stamps: dict[str, str] = {}

    def update(name: str, note_file: Path | None, make: Callable[[], Deck]) -> None:
        seen.add(name)
        deck_file = quizzes / f"{name}.yaml"
        if known.get(name) == _stamp(note_file, deck_file):
            return
        try:
            deck = make()
        except DeckError as error:
            report.problems.append(str(error) + (" (deck not rebuilt)" if note_file else ""))
            return  # its stored cards stay as they were
        if note_file:
            decks.write(deck, quizzes)
        loaded[name] = deck.cards
        stamps[f"sync:{collection}:deck:{name}"] = _stamp(note_file, deck_file)
        report.decks[name] = len(deck.cards)

    for note in each(corpus.notes, "building decks", progress):
        update(note.slug, notes / note.path, partial(_rebuild, note, quizzes))
    for path in sorted(quizzes.glob("*.yaml")) if quizzes.is_dir() else []:
        if path.stem not in seen:  # a hand-written deck
            update(path.stem, None, partial(decks.load, path))
    store.sync_decks(db, loaded, collection)
    store.drop_decks_except(db, seen, collection)
    stamps[f"sync:{collection}:fingerprint"] = fingerprint(notes, quizzes)
    db.put_all(stamps)  # after the cards: a sync cut short rebuilds, never skips, a deck
    return report


def collection_of(notes: Path) -> str:
    """The collection a notes folder's decks belong to in the store: the folder itself."""
    return str(notes.resolve())


def _rebuild(note: Note, quizzes: Path) -> Deck:
    """The note's deck, keeping what its deck file holds (ids, the learner's edits)."""
    from studykit.cards import decks

    deck_file = quizzes / f"{note.slug}.yaml"
    return decks.build(note, decks.load(deck_file) if deck_file.exists() else None)


def _stamp(*files: Path | None) -> str:
    """Size and mtime of each file (or `-` when absent): what marks a deck as changed."""
    parts = []
    for file in files:
        try:
            stat = os.stat(file) if file else None
        except FileNotFoundError:
            stat = None
        parts.append(f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "-")
    return "|".join(parts)
