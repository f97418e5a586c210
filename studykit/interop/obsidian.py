"""Import an Obsidian vault's spaced-repetition cards into decks, so a learner can move over.

The cards are those of the Obsidian spaced-repetition plugin's syntax, which studykit
reads anyway: `front::back`, `front:::back` (both ways), multi-line cards split by `?` or
`??`, and cloze deletions (`==highlight==`, `**bold**`, `{{c1::...}}`). The plugin's
scheduling comments are read too (`schedules`), so that a learner moving over keeps them:
`<!--SR:!2026-11-30,3,250-->` after a question (on its line or the next), one `!due,
interval,ease` per card of the question (a two-way card's forward side first, a cloze's
deletions in order), `!2000-01-01,...` for a card never reviewed, the legacy form without
`!`, and the plugin's FSRS form `!fsrs,due,interval,stability,difficulty,state,reps,
lapses,steps,last review`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from studykit.cards.decks import Deck
from studykit.cards.extract import extract
from studykit.cards.model import Card, CardKind
from studykit.errors import NoteError
from studykit.notes.corpus import load_notes
from studykit.progress import Progress, each

PLUGIN_KINDS = (CardKind.AUTHOR, CardKind.CLOZE)
PREFIX = "obsidian-"


def vault_decks(
    vault: Path, progress: Progress | None = None
) -> tuple[list[Deck], list[NoteError], dict[str, Schedule]]:
    """One deck per vault note that holds plugin cards (hidden folders such as .obsidian
    are skipped), the notes that could not be read, and the plugin's schedules of the
    cards by card id; `progress` hears of each note."""
    corpus = load_notes(vault, progress=progress)
    found, kept = list[Deck](), dict[str, Schedule]()
    for note in each(corpus.notes, "finding cards", progress):
        cards = [c for c in extract(note) if c.kind in PLUGIN_KINDS]
        if cards:
            name = PREFIX + note.slug.replace("/", "-")
            for card in cards:
                card.deck = name
            source = f"obsidian:{vault.name}/{note.path}"
            found.append(Deck(name, source, note.title, cards))
            kept |= schedules((vault / note.path).read_text(encoding="utf-8"), cards)
    return found, corpus.problems, kept


COMMENT = re.compile(r"<!--SR:(?P<body>.*?)-->")
MARKS = re.compile(r"==|\*\*|\{\{c\d+::(?P<inner>[^}]*?)(?:::[^}]*)?\}\}")
"""A cloze's marks: `==x==`, `**x**`, `{{c1::x::hint}}`."""
NEVER_REVIEWED = date(2000, 1, 1)
"""The plugin's placeholder due date for a card of a question not yet reviewed."""


@dataclass(slots=True, frozen=True)
class Sm2:
    """The plugin's default (SM-2 like) schedule: due day, interval in days, ease x 100."""

    due: date
    interval: float
    ease: float


@dataclass(slots=True, frozen=True)
class Fsrs:
    """The plugin's FSRS schedule, field by field (ts-fsrs states: 1 learning, 2 review,
    3 relearning)."""

    due: datetime
    stability: float
    difficulty: float
    state: int
    step: int
    last_review: datetime


Schedule = Sm2 | Fsrs


def parse_schedules(body: str) -> list[Schedule | None]:
    """The schedules of one `<!--SR:...-->` comment's body, one per card (None for a card
    not yet reviewed); a part that cannot be read counts as not reviewed."""
    parts = body.split("!")[1:] if body.startswith("!") else [body]  # legacy: no `!`
    return [_schedule(part.strip()) for part in parts]


def _schedule(part: str) -> Schedule | None:
    fields = part.split(",")
    try:
        if fields[0] == "fsrs" and len(fields) >= 10:
            due, _, stability, difficulty, state, _, _, step, last = fields[1:10]
            if int(state) == 0:
                return None
            return Fsrs(
                _instant(due), float(stability), float(difficulty), int(state), int(step),
                _instant(last),
            )  # fmt: skip
        when = _day(fields[0])
        if when == NEVER_REVIEWED or len(fields) != 3:
            return None
        return Sm2(when, float(fields[1]), float(fields[2]))
    except ValueError:
        return None


def _day(text: str) -> date:
    """YYYY-MM-DD, or DD-MM-YYYY (both written by the plugin)."""
    if re.fullmatch(r"\d{2}-\d{2}-\d{4}", text):
        day, month, year = text.split("-")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def schedules(text: str, cards: list[Card]) -> dict[str, Schedule]:
    """The schedule the plugin kept for each of a note's cards, by card id.

    A comment belongs to the question just before it: the text of its own line, else the
    nearest line above it that is not blank. Its schedules go to the cards that line
    belongs to, in order: a two-way card takes two (studykit asks it one way, so keeps the
    first), any other card one."""
    lines = text.split("\n")
    found: dict[str, Schedule] = {}
    for number, line in enumerate(lines):
        match = COMMENT.search(line)
        if not match:
            continue
        question = COMMENT.sub("", line).strip()
        above = number
        while not question and above > 0:
            above -= 1
            question = COMMENT.sub("", lines[above]).strip()
        given = parse_schedules(match["body"])
        for card in [card for card in cards if _from_line(card, question)]:
            if not given:
                break
            schedule, given = given[0], given[1 + card.reverse :]
            if schedule is not None:
                found[card.id] = schedule
    return found


def _from_line(card: Card, line: str) -> bool:
    """Does the card come from this line of its note (its question, or a multi-line
    card's last line of answer)?"""
    if card.kind == CardKind.CLOZE:  # the sentence, its gaps filled and unmarked
        plain = MARKS.sub(lambda m: m["inner"] or "", line)
        return card.front.replace("[…]", card.back) in plain
    if "::" in line:
        return card.front in line.split("::")[0]
    return bool(line) and card.back.rstrip().endswith(line)
