"""Keeping the decks and the store in step with the notes.

A sync rebuilds the deck file of every changed note (keeping the learner's edits, see
cards.decks), loads changed decks into the store, and marks the decks whose note is gone as
inactive. It is cheap when nothing changed: one listing of the folders, compared with the
fingerprint of the last sync.

Each notes folder is a collection of its own in the store: syncing one never touches
another's cards, and a quiz draws from its own folder's unless asked for every folder.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from studykit.db import Database
from studykit.errors import DeckError
from studykit.progress import Progress, each
from studykit.review import store
from studykit.text import slugify

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

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
    from studykit.notes.corpus import load_notes, note_files  # only when something changed

    report = SyncReport()
    known = {} if force else db.stamps(f"sync:{collection}:deck:")
    seen: set[str] = set()
    loaded: dict[str, list[Card]] = {}  # stored together at the end: one commit, not 2,000
    stamps: dict[str, str] = {}

    def keep(name: str, note_file: Path | None, deck: Deck | str) -> None:
        if isinstance(deck, str):  # the deck file's error: its stored cards stay as they were
            report.problems.append(deck + (" (deck not rebuilt)" if note_file else ""))
            return
        loaded[name] = deck.cards
        stamps[f"sync:{collection}:deck:{name}"] = _stamp(note_file, quizzes / f"{name}.yaml")
        report.decks[name] = len(deck.cards)

    def changed(name: str, note_file: Path | None) -> bool:
        return known.get(name) != _stamp(note_file, quizzes / f"{name}.yaml")

    # A deck is named after its note's file: which decks to rebuild is known before parsing,
    # but for two files of one name (their slugs get their folders once all are read).
    names = {rel: slugify(PurePosixPath(rel).stem) for rel in note_files(notes)}
    once = Counter(names.values())
    early = {rel for rel, name in names.items() if once[name] == 1 and changed(name, notes / rel)}
    with _Builder(quizzes, len(early)) as builder:
        corpus = load_notes(
            notes, progress=progress, each_note=lambda n: builder.start(n, n.path in early)
        )
        builder.flush()
        report.problems += [f"{notes / p.path}:{p.line}: {p.message}" for p in corpus.problems]
        report.warnings += [f"{notes / n.path}:{w}" for n in corpus.notes for w in n.warnings]
        for note in each(corpus.notes, "building decks", progress):
            seen.add(note.slug)
            undecided = once[names.get(note.path, "")] != 1  # one of two files of one name
            if note.path in early or (undecided and changed(note.slug, notes / note.path)):
                keep(note.slug, notes / note.path, builder.deck(note))
    for path in sorted(quizzes.glob("*.yaml")) if quizzes.is_dir() else []:
        if path.stem not in seen:  # a hand-written deck
            seen.add(path.stem)
            if changed(path.stem, None):
                keep(path.stem, None, _loaded(path))
    store.sync_decks(db, loaded, collection)
    store.drop_decks_except(db, seen, collection)
    stamps[f"sync:{collection}:fingerprint"] = fingerprint(notes, quizzes)
    db.put_all(stamps)  # after the cards: a sync cut short rebuilds, never skips, a deck
    return report


def collection_of(notes: Path) -> str:
    """The collection a notes folder's decks belong to in the store: the folder itself."""
    return str(notes.resolve())


PARALLEL_FROM = 200
"""Decks to rebuild from which a sync builds them in worker processes, one per core, while
it reads the notes (a first sync spends more time making cards than reading the notes)."""
_BATCH = 20  # notes sent to a worker at a time


class _Builder:
    """Builds decks, in worker processes when there are many: on Linux, forked from a
    process with no other thread (a fork copies only the calling thread: a lock another
    thread holds would stay locked), before the notes are read. Each note is sent to them
    as soon as it is read; the workers write its deck and send back the cards."""

    def __init__(self, quizzes: Path, count: int) -> None:
        self.quizzes = quizzes
        self.pool = _pool() if count >= PARALLEL_FROM else None
        self.batch: list[Note] = []
        self.sent: dict[str, tuple[Future[list[Deck | str]], int]] = {}  # by note path

    def __enter__(self) -> _Builder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:  # on Ctrl-C or an error, once the batches begun are done
            self.pool.shutdown(cancel_futures=True)

    def start(self, note: Note, now: bool) -> None:
        """Send `note` to the workers when there are some and its deck is wanted `now`."""
        if self.pool is not None and now:
            self.batch.append(note)
            if len(self.batch) == _BATCH:
                self.flush()

    def flush(self) -> None:
        if self.pool is not None and self.batch:
            future = self.pool.submit(_rebuild_all, self.batch, self.quizzes)
            self.sent.update((note.path, (future, n)) for n, note in enumerate(self.batch))
            self.batch = []

    def deck(self, note: Note) -> Deck | str:
        """The note's deck, written (or its deck file's error): the workers', or built now."""
        sent = self.sent.get(note.path)
        if sent is None:
            return _rebuild(note, self.quizzes)
        future, n = sent
        return future.result()[n]


def _pool() -> ProcessPoolExecutor | None:
    """Worker processes, one per core, or None where they cannot or should not be forked."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2 or sys.platform != "linux" or threading.active_count() > 1:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:  # without semaphores (/dev/shm) or a process to spare, one process it is
        pool = ProcessPoolExecutor(min(cores, 4), multiprocessing.get_context("fork"), _start)
    except OSError:
        return None
    try:
        pool.submit(os.getpid)  # forks them now, before the note cache opens its transaction
    except OSError:
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


def _start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.disable()  # a worker lives for one sync: the few cycles it makes go when it exits


def _rebuild_all(notes: list[Note], quizzes: Path) -> list[Deck | str]:
    return [_rebuild(note, quizzes) for note in notes]


def _rebuild(note: Note, quizzes: Path) -> Deck | str:
    """The note's deck, keeping what its deck file holds (ids, the learner's edits), and
    written; or why its deck file could not be read."""
    from studykit.cards import decks

    deck_file = quizzes / f"{note.slug}.yaml"
    try:
        deck = decks.build(note, decks.load(deck_file) if deck_file.exists() else None)
    except DeckError as error:
        return str(error)
    decks.write(deck, quizzes)
    return deck


def _loaded(path: Path) -> Deck | str:
    """A hand-written deck, or why it could not be read."""
    from studykit.cards import decks

    try:
        return decks.load(path)
    except DeckError as error:
        return str(error)


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
