"""The quiz and stats screens of the terminal: keys in, rich text out.

All decisions (which card, how it is scheduled, whether a typed answer is right) come from
studykit.review (session, schedule, grading, stats); this module only talks to the person.
Each answer is committed by session.answer before the next card is shown.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from prompt_toolkit.history import InMemoryHistory

from studykit.cards.model import Card
from studykit.checks import ledger
from studykit.checks.ledger import Claim
from studykit.cli import keys
from studykit.cli.common import plural
from studykit.cli.keys import Quit
from studykit.db import Database, now
from studykit.review import session, store
from studykit.review.model import Mode, Rating, Review, Selection

QUIT_TYPED = ":q"
_HISTORY: dict[str, InMemoryHistory] = {}
"""The session's typed answers, for Up in the line editor."""


@dataclass(slots=True)
class Tally:
    reviewed: int = 0
    correct: int = 0
    cards: set[str] = field(default_factory=set)


def run(
    console: Console,
    db: Database,
    user: int,
    queue: list[Card],
    mode: Mode,
    refresh: Callable[[], list[Card] | None] | None = None,
    pace: session.Pace | None = None,
    left: Callable[[], session.Counts] | None = None,
    notes: Path | None = None,
    selection: Selection | None = None,
) -> bool:
    """The session; returns False if it was stopped by Ctrl-C.

    `refresh` brings the store up to date with the notes and returns a new plan, or None if
    nothing changed. It runs once, while the first card is on screen: the learner sees a
    card at once, and no answer is given before the notes are checked. `left` counts the
    selection's cards still to answer (new, learning, review), shown under each card's front
    (counted once the card is on screen, so that the first card is not kept waiting).
    `notes`: the notes folder, to read the checks' verdicts against the notes as they are.
    `selection`: the cards asked, of which "next due" speaks.
    """
    if not queue:
        console.print(Text("Nothing to review now.", style="bold"), _next_due(db, user, selection))
        return True
    tally = Tally()
    finished = True
    claims: list[Claim] | None = None
    copies = {copy.card.id: copy for copy in store.copies(db, user)}  # the learner's own

    def progress(narrow: bool) -> str:
        if left:
            return _left(left(), narrow)
        return f"{tally.reviewed + 1}/{tally.reviewed + 1 + len(queue)}"

    later: list[tuple[datetime, Card]] = []  # cards in a learning step, soonest due first
    try:
        while queue or later:
            # a learning step when it is due, or when nothing else is left (learn-ahead)
            soon = later and (later[0][0] <= now() or not queue)
            card = later.pop(0)[1] if soon else queue.pop(0)
            started = time.monotonic()
            early = session.early(db, user, card)
            _front(console, card, mode, progress, early, copies.get(card.id))
            if refresh:
                fresh, refresh = refresh(), None
                if fresh is not None and (not fresh or fresh[0] != card):
                    console.print(Text("Your notes changed; the cards are updated.", "yellow"))
                    queue[:] = fresh
                    continue
                if fresh is not None:
                    queue[:] = fresh[1:]
            if claims is None:  # read once, while the first card is on screen
                claims = (
                    ledger.claims_now(db, notes) if notes else ledger.claims(ledger.results(db))
                )
            rating, typed, asked_in = _respond(console, db, user, card, mode, claims, pace)
            elapsed = int((time.monotonic() - started) * 1000)
            review = session.answer(
                db, user, card, rating, mode=asked_in, elapsed_ms=elapsed, typed=typed, pace=pace
            )
            tally.reviewed += 1
            tally.correct += rating > Rating.AGAIN
            tally.cards.add(card.id)
            back = session.comes_back(review, now())
            _rated(console, review, back)
            if back:
                later = sorted([*later, (review.due, card)], key=lambda pair: pair[0])
            queue[:] = session.still_shown(db, user, queue, now())  # siblings, leeches
            kept = session.still_shown(db, user, [c for _, c in later], now())
            later = [(due, c) for due, c in later if c in kept]
    except (Quit, EOFError):
        pass
    except KeyboardInterrupt:
        console.print()
        finished = False
    _summary(console, db, user, tally, selection)
    return finished


def _fit(console: Console, *variants: str) -> str:
    """The first of the variants (longest first) that fits the terminal's width on one
    line, else the last."""
    return next((v for v in variants if cell_len(v) <= console.width), variants[-1])


def _front(
    console: Console,
    card: Card,
    mode: Mode,
    progress: Callable[[bool], str],
    early: timedelta | None,
    copy: store.Copy | None = None,
) -> None:
    """The card's front (the learner's own copy's, said so); then what is left (counted
    once the card is on screen), with short labels when the full ones would not fit the
    terminal's width."""
    from studykit.render.terminal import render_markdown

    console.rule(
        Text.assemble(
            (card.deck, "cyan"),
            (f" › {card.context}" if card.context else "", "cyan"),
            (f"  [{card.kind}]", "dim"),
        ),
        align="left",
    )
    console.print(render_markdown(card.front))
    if copy and copy.changed:  # theirs is asked still; the author's is one command away
        console.print(Text("your copy; the author changed the card (studykit copies)", "yellow"))
    elif copy:
        console.print(Text("your copy", style="dim"))
    if early:  # learn-ahead: the learner would otherwise wait for it
        label = session.interval_label(early)
        console.print(Text(f"asked early: due in {label} (learn-ahead)", style="yellow"))
    keys = ("   space: show answer   q: quit", "  space: answer  q: quit")
    if mode != Mode.FLIP:
        keys = ("", "")
    full, short = progress(False), progress(True)
    shown = _fit(console, full + keys[0], full + keys[1], short + keys[1])
    console.print(Text(shown, style="dim"))


def _left(counts: session.Counts, narrow: bool = False) -> str:
    if narrow:
        return f"{counts.new} new · {counts.learning} lrn · {counts.review} rev"
    return f"{counts.new} new · {counts.learning} learning · {counts.review} review"


def _rated(console: Console, review: Review, back: bool) -> None:
    """The rating given and the wait it set (the one applied, not a preview)."""
    wait = session.interval_label(review.due - review.reviewed_at)
    again = "again this session" if back else "next review"
    style = "red" if review.rating == Rating.AGAIN else "green"
    console.print(
        Text.assemble(("› ", "dim"), (review.rating.name.title(), f"bold {style}"),
                      f": {again} in {wait}")
    )  # fmt: skip


def _respond(
    console: Console,
    db: Database,
    user: int,
    card: Card,
    mode: Mode,
    claims: list[Claim],
    pace: session.Pace | None,
) -> tuple[Rating, str, Mode]:
    """The learner's answer to the card on screen: (rating, typed answer, the mode it was
    asked in: `session.asked_as`)."""
    from studykit.render.terminal import render_markdown

    typed, suggested = "", Rating.GOOD
    options = session.choices(db, card, fit=ledger.choosable(claims)) if mode == Mode.CHOICE else []
    asked_in = session.asked_as(mode, card, options)
    if mode == Mode.TYPE and asked_in == Mode.FLIP:
        note = "a long answer, not typed: recall it, then space shows it"
        console.print(Text(_fit(console, f"({note}   q: quit)", f"({note})"), style="dim"))
    if mode == Mode.CHOICE and asked_in == Mode.FLIP:
        said = session.fewer_choices(options)
        console.print(Text(f"({said}: space shows the answer)", style="dim"))
    if asked_in == Mode.FLIP:
        keys.key(" \r\n")
    elif asked_in == Mode.TYPE:
        typed = _typed(console)
        suggested = _show_grade(console, card.back, typed)
    else:
        suggested = _choose(console, card, options)
    console.print(Text("answer", style="bold green"))
    console.print(render_markdown(card.back))
    if card.more:  # the rest of a long answer, after what was asked, set apart
        console.print(Text("\nmore", style="bold dim"))
        console.print(render_markdown(card.more))
    _verdicts(console, ledger.carried(f"{card.front}\n{card.back}", claims, card.back))
    asked = now()  # one instant for all four, as the answer will measure from its own
    due = session.intervals(db, user, card, at=asked, pace=pace)
    wait = {r: session.interval_label(at - asked) for r, at in due.items()}
    keys_line = "  ".join(f"{int(r)} {r.name.title()} {wait[r]}" for r in Rating)
    hint = _fit(console, f"{keys_line}   Enter: {suggested}   q: quit", f"{keys_line}\n")
    if hint.endswith("\n"):  # narrow: the keys on a line of their own, not cut by a wrap
        hint += f"Enter: {suggested} ({suggested.name.title()})   q: quit"
    console.print(Text(hint, style="dim"))
    key = keys.key("1234\r\n")
    return (suggested if key in "\r\n" else Rating(int(key))), typed, asked_in


def _typed(console: Console) -> str:
    """The typed answer, read by a real line editor in a terminal (prompt_toolkit: cursor
    keys, Backspace over wide Hangul, Up for the session's earlier answers), so that what is
    graded is what was on screen."""
    prompt = f"your answer ({QUIT_TYPED} quits) › "
    if sys.stdin.isatty():
        from prompt_toolkit import prompt as read_line  # loaded in type mode only

        typed = read_line(prompt, history=_HISTORY.setdefault("answers", _history()))
    else:
        typed = console.input(Text(prompt, style="bold"))
    if typed.strip() == QUIT_TYPED:
        raise Quit
    return typed


def _history() -> InMemoryHistory:
    from prompt_toolkit.history import InMemoryHistory

    return InMemoryHistory()


def _show_grade(console: Console, expected: str, typed: str) -> Rating:
    from studykit.review.grading import diff, grade, key_terms

    result = grade(expected, typed)
    style = {"correct": "bold green", "near miss": "bold yellow"}.get(result.verdict, "bold red")
    if result.missing is not None:  # graded on key terms: which were missing, not a diff
        terms = len(key_terms(expected))
        line = Text.assemble((result.verdict, style), f"  ({terms - len(result.missing)} of ")
        line.append(f"{terms} key terms)")
        if result.missing:
            line.append("  missing: ").append(", ".join(result.missing), "green underline")
        console.print(line)
        return result.rating
    line = Text.assemble((result.verdict, style), f"  ({result.similarity:.0%} alike)  ")
    for op, text in diff(expected, typed):
        line.append(text, {"equal": "", "delete": "red strike", "insert": "green underline"}[op])
    console.print(line)
    return result.rating


def _verdicts(console: Console, carried: list[Claim]) -> None:
    """What the note's checks say of the claims in this card: one not verified (refuted,
    partly, failed, stale) with each reading and its result, a verified one with its mark."""
    from studykit.render.terminal import render_claims

    unproven = [c for c in carried if c.verdict != ledger.ClaimVerdict.VERIFIED]
    verified = [c for c in carried if c.verdict == ledger.ClaimVerdict.VERIFIED]
    if verified:
        console.print(render_claims(verified, readings=False, headings=False))
    if unproven:
        console.print(render_claims(unproven, readings=True, headings=False))


def _choose(console: Console, card: Card, options: list[str]) -> Rating:
    """The options (two or more), numbered and wrapped; after a pick, whether it was right
    and, when not, the right one's number and text."""
    from studykit.render.terminal import render_markdown

    fewer = session.fewer_choices(options)
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # wrapped, never cut
    for number, option in enumerate(options, start=1):
        grid.add_row(Text(f"{number}.", style="bold"), render_markdown(option))
    console.print(grid)
    if fewer:
        console.print(Text(f"({fewer})", style="dim"))
    console.print(Text(f"1-{len(options)}: pick   q: quit", style="dim"))
    number = int(keys.key("".join(str(n) for n in range(1, len(options) + 1))))
    right = options.index(card.back) + 1
    if number == right:
        console.print(Text(f"{number} is right", style="bold green"))
        return Rating.GOOD
    console.print(
        Text.assemble((f"{number} is wrong", "bold red"), "; the right one is ",
                      (f"{right}", "bold green"), ", the answer below:")
    )  # fmt: skip
    return Rating.AGAIN


def _next_due(db: Database, user: int, selection: Selection | None) -> Text:
    upcoming = store.next_due(db, user, now(), selection)
    if upcoming is None:
        return Text("No cards are scheduled yet.", style="dim")
    return Text(f"Next card due {_when(upcoming)}.", style="dim")


def _when(at: datetime) -> str:
    delta = at - now()
    if delta <= timedelta(0):
        return "now"
    if delta < timedelta(hours=1):  # rounded as the rating keys' labels are (10m: 10 min)
        return f"in {max(1, round(delta.total_seconds() / 60))} min"
    if delta < timedelta(days=1):
        return f"in {round(delta.total_seconds() / 3600)} h"
    return f"on {at.astimezone():%Y-%m-%d}"


def _summary(
    console: Console, db: Database, user: int, tally: Tally, selection: Selection | None
) -> None:
    if tally.reviewed:
        console.print(
            Text.assemble(
                ("Reviewed ", "bold"),
                f"{plural(tally.reviewed, 'answer')} on {plural(len(tally.cards), 'card')}, ",
                (f"{tally.correct} remembered", "green"),
                ". All answers are saved.",
            )
        )
    console.print(_next_due(db, user, selection))
