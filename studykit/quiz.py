"""A quiz session's core, independent of any screen: keep the store in step with the notes,
pick the cards to review, and record each answer through FSRS.

Interfaces (the terminal quiz, the web service) call these functions; none of them prints.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from studykit.store import Review, Store, StoredCard, now

LEARNING_WINDOW = timedelta(minutes=20)
"""A card due again within this window (a learning step) comes back in the same session."""


@dataclass(slots=True)
class Selection:
    """Which cards a session draws from: a deck or topic (unique parts of slugs) and a tag."""

    target: str = ""
    tag: str = ""

    def sql(self) -> tuple[str, tuple[str, ...]]:
        where, args = "", ()
        deck, _, topic = self.target.partition("#")
        if deck:
            where, args = where + " AND c.deck LIKE ?", (*args, f"%{deck}%")
        if topic:
            where, args = where + " AND c.topic LIKE ?", (*args, f"%#%{topic}%")
        if self.tag:
            where, args = where + " AND c.tags LIKE ?", (*args, f'%"{self.tag}"%')
        return where, args


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
                stat = entry.stat()
                line = f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                digest = zlib.crc32(line.encode(), digest)
    return f"{digest:08x}"


@dataclass(slots=True)
class SyncReport:
    decks: dict[str, int] = field(default_factory=dict)  # deck name -> cards
    problems: list[str] = field(default_factory=list)  # "file:line: message"


def sync(store: Store, notes: Path, quizzes: Path, force: bool = False) -> SyncReport | None:
    """Rebuild the decks of changed notes and load changed decks into the store.

    Returns None when no file changed since the last sync (the common, fast case). A deck
    is rebuilt only when its note or its own file changed (or `force`), so editing one
    note of two thousand costs one note's work.
    """
    stamp = fingerprint(notes, quizzes)
    if not force and store.get("sync.fingerprint") == stamp:
        return None
    from studykit import decks  # parsing is only needed when something changed
    from studykit.index import load_corpus

    report = SyncReport()
    corpus = load_corpus(notes)
    report.problems += [f"{notes / p.path}:{p.line}: {p.message}" for p in corpus.problems]
    known = {} if force else store.stamps("sync.deck.")
    seen: set[str] = set()

    def update(name: str, note_file: Path | None, make: Callable[[], decks.Deck]) -> None:
        seen.add(name)
        deck_file = quizzes / f"{name}.yaml"
        if known.get(name) == _stamp(note_file, deck_file):
            return
        try:
            deck = make()
        except decks.DeckError as error:
            report.problems.append(str(error) + (" (deck not rebuilt)" if note_file else ""))
            return  # its stored cards stay as they were
        if note_file:
            decks.write(deck, quizzes)
        store.sync_deck(name, [(_stored(dc.card), dc.suspended) for dc in deck.cards])
        store.put(f"sync.deck.{name}", _stamp(note_file, deck_file))
        report.decks[name] = len(deck.cards)

    for note in corpus.notes:
        deck_file = quizzes / f"{note.slug}.yaml"
        update(
            note.slug,
            notes / note.path,
            lambda n=note, f=deck_file: decks.build(n, decks.load(f) if f.exists() else None),
        )
    for path in sorted(quizzes.glob("*.yaml")) if quizzes.is_dir() else []:
        if path.stem not in seen:  # a hand-written deck
            update(path.stem, None, lambda p=path: decks.load(p))
    store.drop_decks_except(seen)
    store.put("sync.fingerprint", fingerprint(notes, quizzes))
    return report


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


def _stored(card) -> StoredCard:
    return StoredCard(
        card.id, card.note, card.kind, card.front, card.back, card.topic, card.context,
        list(card.tags), card.line, card.reverse,
    )  # fmt: skip


def start_of_day(at: datetime) -> datetime:
    """Local midnight before `at`: the daily new-card limit resets there."""
    local = at.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def plan(
    store: Store,
    user: int,
    selection: Selection,
    *,
    limit: int = 100,
    new_per_day: int = 20,
    at: datetime | None = None,
) -> list[StoredCard]:
    """Due cards first (most overdue first), then new cards up to the day's allowance."""
    at = at or now()
    where, args = selection.sql()
    due = store.due_cards(user, at, limit, where, args)
    allowance = new_per_day - store.introduced_since(user, start_of_day(at))
    room = max(0, min(allowance, limit - len(due)))
    return due + (store.new_cards(user, room, where, args) if room else [])


def answer(
    store: Store,
    user: int,
    card: StoredCard,
    rating: int,
    *,
    mode: str,
    elapsed_ms: int | None = None,
    typed: str = "",
    at: datetime | None = None,
    retention: float | None = None,
) -> Review:
    """Schedule the card with FSRS and commit the review before returning."""
    from studykit.schedule import DEFAULT_RETENTION, review, scheduler  # not needed at start-up

    at = at or now()
    fsrs = scheduler(retention or DEFAULT_RETENTION, store.parameters(user))

    def schedule(state: dict | None) -> tuple[dict, Review]:
        outcome = review(state, rating, at, fsrs)
        due = outcome.due.isoformat()
        return outcome.state, Review(
            card.id, at.isoformat(), rating, outcome.phase, due, elapsed_ms, mode
        )

    return store.answer(user, card.id, schedule, typed)


def comes_back(review: Review, at: datetime) -> bool:
    """Is the card due again soon enough (a learning step) to be asked again this session?"""
    return datetime.fromisoformat(review.due) - at <= LEARNING_WINDOW


def choices(store: Store, card: StoredCard, count: int = 4, seed: int | None = None) -> list[str]:
    """The right answer among up to `count - 1` distractors from sibling cards, shuffled."""
    import random

    rng = random.Random(seed if seed is not None else card.id)
    backs = list(dict.fromkeys(s.back for s in store.siblings(card) if s.back != card.back))
    options = [card.back, *rng.sample(backs, min(count - 1, len(backs)))]
    rng.shuffle(options)
    return options


@dataclass(slots=True)
class Stats:
    """What a learner's history says, for the terminal's and the web's stats screens."""

    today: date
    per_day: Counter[date]  # answers per local day
    weeks: list[list[date]]  # the last weeks, Monday to Sunday, oldest first
    recent: int  # answers in the last 30 days
    remembered: int  # of those, not rated Again
    due_by_day: list[tuple[date, int]]  # today (overdue included) and the next six days


def stats(store: Store, user: int, weeks: int = 20) -> Stats:
    reviews = store.reviews(user)
    per_day = Counter(datetime.fromisoformat(r.reviewed_at).astimezone().date() for r in reviews)
    today = now().astimezone().date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    grid = [[first + timedelta(days=7 * w + d) for d in range(7)] for w in range(weeks)]
    month_ago = now() - timedelta(days=30)
    recent = [r for r in reviews if datetime.fromisoformat(r.reviewed_at) > month_ago]
    start = datetime.combine(today, datetime.min.time()).astimezone()
    due = store.due_between(user, start - timedelta(days=36500), start + timedelta(days=7))
    by_day = Counter(max(datetime.fromisoformat(d).astimezone().date(), today) for d in due)
    upcoming = [today + timedelta(days=n) for n in range(7)]
    return Stats(
        today,
        per_day,
        grid,
        len(recent),
        sum(r.rating > 1 for r in recent),
        [(day, by_day.get(day, 0)) for day in upcoming],
    )
