"""A quiz session's core, independent of any screen: pick the cards to review, record each
answer through FSRS, offer choices.

Interfaces (the terminal quiz, the web service) call these functions; none of them prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from studykit.cards.model import Card
from studykit.db import Database, now
from studykit.review import plan as exam_plan
from studykit.review import store
from studykit.review.model import DEFAULT_RETENTION, Mode, Phase, Rating, Review, Selection
from studykit.review.store import State

LEARNING_WINDOW = timedelta(minutes=20)
"""A card due again within this window (a learning step) comes back in the same session."""
NEW_PER_DAY = 20
"""New cards a day unless the learner asks for another number (or follows a plan)."""


@dataclass(slots=True, frozen=True)
class Pace:
    """How a learner's quiz runs: FSRS's desired retention, new cards a day, the learner's
    fitted FSRS parameters (None: FSRS's defaults), the exam plan followed, if any, and the
    lapses that make a card a leech."""

    retention: float = DEFAULT_RETENTION
    new_per_day: int = NEW_PER_DAY
    parameters: list[float] | None = None
    plan: exam_plan.Active | None = None
    leech_lapses: int = store.LEECH_LAPSES

    def following(self) -> str:
        """What the quiz says of the plan it follows ("" when none)."""
        if self.plan is None:
            return ""
        return (
            f"Following your plan for the exam on {self.plan.exam}: "
            f"{self.new_per_day} new cards a day, retention {self.retention:.0%}."
        )


def learner_pace(
    db: Database,
    user: int,
    *,
    retention: float | None = None,
    new_per_day: int | None = None,
    at: datetime | None = None,
) -> Pace:
    """The pace the learner asked for; where they did not (None), their exam plan's while
    it is active, else the defaults. One statement: the web reads it on every request."""
    keys = store.PARAMETERS.format(user), exam_plan.KEY.format(user), store.LEECH.format(user)
    kept = db.values(*keys)
    plan = exam_plan.kept(kept.get(keys[1]), (at or now()).astimezone().date())
    if plan and retention is not None and new_per_day is not None:
        plan = None  # the learner chose both: no plan is followed
    return Pace(
        retention if retention is not None else plan.retention if plan else DEFAULT_RETENTION,
        new_per_day if new_per_day is not None else plan.new_per_day if plan else NEW_PER_DAY,
        store.parameters_from(kept.get(keys[0])),
        plan,
        store.leech_lapses_from(kept.get(keys[2])),
    )


def start_of_day(at: datetime) -> datetime:
    """Local midnight before `at`: the daily new-card limit resets there."""
    return _midnight(at.astimezone().date())


def tomorrow(at: datetime) -> datetime:
    """The local midnight after `at`: when a card buried at `at` comes back."""
    return _midnight(at.astimezone().date() + timedelta(days=1))


def _midnight(day: date) -> datetime:
    """The start of a local day, at that day's offset from UTC (the clocks may have changed
    since `at`: a naive time is read as local time then, not at `at`'s offset)."""
    return datetime.combine(day, time()).astimezone()


def plan(
    db: Database,
    user: int,
    selection: Selection,
    *,
    limit: int = 100,
    new_per_day: int = NEW_PER_DAY,
    at: datetime | None = None,
) -> list[Card]:
    """Due cards first (most overdue first), then new cards up to the day's allowance, then
    cards in a learning step due within LEARNING_WINDOW (learn-ahead, as Anki does: shown
    early rather than making the learner wait; `early` says so)."""
    at = at or now()
    return _plan(db, user, selection, limit, _allowance(db, user, new_per_day, at), at)


def _plan(
    db: Database, user: int, selection: Selection, limit: int, allowance: int, at: datetime
) -> list[Card]:
    due = store.due_cards(db, user, at, limit, selection)
    room = max(0, min(allowance, limit - len(due)))
    fresh = store.new_cards(db, user, room, selection, at) if room else []
    room = limit - len(due) - len(fresh)
    soon = at + LEARNING_WINDOW
    ahead = store.due_cards(db, user, at, room, selection, ahead=soon) if room > 0 else []
    return due + fresh + ahead


@dataclass(slots=True, frozen=True)
class Counts:
    """What is left of a selection now: new cards the day still allows, cards in a learning
    step (learning or relearning) that are due, and review cards that are due."""

    new: int
    learning: int
    review: int


def counts(
    db: Database,
    user: int,
    selection: Selection,
    *,
    new_per_day: int = NEW_PER_DAY,
    at: datetime | None = None,
) -> Counts:
    """The selection's cards left to answer, as `plan` would offer them (without its limit):
    what the terminal and the web both show, so that they agree (a card in a learning step
    counts when due within LEARNING_WINDOW, as `plan` offers it)."""
    at = at or now()
    return _counts(db, user, selection, _allowance(db, user, new_per_day, at), at)


def _counts(db: Database, user: int, selection: Selection, allowance: int, at: datetime) -> Counts:
    by_deck = _by_deck(db, user, selection, allowance, at)
    return Counts(
        new=min(allowance, sum(c.new for c in by_deck.values())),
        learning=sum(c.learning for c in by_deck.values()),
        review=sum(c.review for c in by_deck.values()),
    )


def next_up(
    db: Database, user: int, selection: Selection, *, new_per_day: int, at: datetime
) -> tuple[Card | None, Counts]:
    """The selection's next card (`plan`'s first) and what is left (`counts`), the day's
    new cards counted once: the service asks both before every card."""
    allowance = _allowance(db, user, new_per_day, at)
    planned = _plan(db, user, selection, 1, allowance, at)
    return (planned[0] if planned else None), _counts(db, user, selection, allowance, at)


def counts_by_deck(
    db: Database,
    user: int,
    selection: Selection,
    *,
    new_per_day: int = NEW_PER_DAY,
    at: datetime | None = None,
) -> dict[str, Counts]:
    """`counts` of each deck with cards left (the web's home page): the day's allowance of
    new cards is shared, so each deck's new count is at most all of it."""
    at = at or now()
    return _by_deck(db, user, selection, _allowance(db, user, new_per_day, at), at)


def _by_deck(
    db: Database, user: int, selection: Selection, allowance: int, at: datetime
) -> dict[str, Counts]:
    due = store.due_by_deck(db, user, selection, at, learning_until=at + LEARNING_WINDOW)
    fresh = store.new_by_deck(db, user, selection, at)
    found = {}
    for deck in sorted(due.keys() | fresh.keys()):
        phases = due.get(deck, {})
        learning = phases.get(Phase.LEARNING, 0) + phases.get(Phase.RELEARNING, 0)
        found[deck] = Counts(
            min(allowance, fresh.get(deck, 0)), learning, phases.get(Phase.REVIEW, 0)
        )
    return found


def _allowance(db: Database, user: int, new_per_day: int, at: datetime) -> int:
    """New cards the day still allows."""
    return max(0, new_per_day - store.introduced_since(db, user, start_of_day(at)))


def intervals(
    db: Database,
    user: int,
    card: Card,
    *,
    at: datetime | None = None,
    pace: Pace | None = None,
) -> dict[Rating, datetime]:
    """When the card would be due again after each rating, as `answer` would schedule it
    (FSRS at the learner's pace, `learner_pace` unless given); nothing is recorded."""
    at = at or now()
    return outlook(db, user, card, at=at, pace=pace or learner_pace(db, user, at=at))[0]


def outlook(
    db: Database, user: int, card: Card, *, at: datetime, pace: Pace
) -> tuple[dict[Rating, datetime], timedelta | None]:
    """`intervals` and `early` from one read of the card's state: the service shows both
    with every card."""
    from studykit.review.schedule import dues, scheduler  # not at start-up

    state = store.state(db, user, card.id)
    return dues(state, at, scheduler(pace.retention, pace.parameters)), _early(state, at)


def interval_label(wait: timedelta) -> str:
    """A wait as Anki shows it on its rating buttons: <1m (a minute or less), 10m, 2h, 3d,
    1.2mo, 1.5y."""
    seconds = wait.total_seconds()
    if seconds <= 60:
        return "<1m"
    if (minutes := round(seconds / 60)) < 60:
        return f"{minutes}m"
    if (hours := round(seconds / 3600)) < 24:
        return f"{hours}h"
    if (days := round(seconds / 86400)) < 30:
        return f"{days}d"
    if (months := round(seconds / 86400 / 30, 1)) < 12:
        return f"{months:g}mo"
    return f"{round(seconds / 86400 / 365, 1):g}y"


def answer(
    db: Database,
    user: int,
    card: Card,
    rating: Rating,
    *,
    mode: Mode,
    elapsed_ms: int | None = None,
    typed: str = "",
    at: datetime | None = None,
    pace: Pace | None = None,
    key: str | None = None,
) -> Review:
    """Schedule the card with FSRS and commit the review before returning.

    `key` makes the answer idempotent: when the learner's answer with that key is already
    recorded (a client's retry), that review is returned and nothing is recorded."""
    given = Answer(user, card, rating, mode, elapsed_ms, typed, key, at or now())
    return store.answer(db, pending(db, given, pace))


@dataclass(slots=True, frozen=True)
class Answer:
    """An answer as given, for `pending` (the service records answers in groups)."""

    user: int
    card: Card
    rating: Rating
    mode: Mode
    elapsed_ms: int | None = None
    typed: str = ""
    key: str | None = None
    at: datetime = field(default_factory=now)


def pending(db: Database, given: Answer, pace: Pace | None = None) -> store.Pending:
    """The answer, ready to record: scheduled by FSRS at the learner's pace (`learner_pace`
    unless given: their plan's retention while they follow one) on the card's state as the
    store holds it when recorded."""
    from studykit.review.schedule import scheduler, step  # not at start-up

    pace = pace or learner_pace(db, given.user, at=given.at)
    fsrs = scheduler(pace.retention, pace.parameters)
    card_id, rating, at = given.card.id, Rating(given.rating), given.at

    def schedule(state: State | None) -> tuple[State, Review]:
        new_state, due, phase = step(state, rating, at, fsrs)
        return new_state, Review(card_id, at, rating, phase, due, given.elapsed_ms, given.mode)

    return store.Pending(
        given.user, card_id, schedule, given.typed, given.key,
        bury_until=tomorrow(at), leech_lapses=pace.leech_lapses,
    )  # fmt: skip


def still_shown(db: Database, user: int, queue: list[Card], at: datetime) -> list[Card]:
    """The queue without the cards buried or suspended since it was planned (the siblings
    of a card just answered are buried)."""
    gone = store.hidden(db, user, {card.id for card in queue}, at)
    return [card for card in queue if card.id not in gone]


def comes_back(review: Review, at: datetime) -> bool:
    """Is the card due again soon enough (a learning step) to be asked again this session?"""
    return review.due - at <= LEARNING_WINDOW


def choices(
    db: Database,
    card: Card,
    count: int = 4,
    seed: int | None = None,
    fit: tuple[Callable[[str], bool], Callable[[str], bool]] | None = None,
) -> list[str]:
    """The right answer among up to `count - 1` distractors, shuffled anew at each call (by
    `seed` in tests), so that no answer can be learnt by its place: answers of cards of the
    same kind in the card's topic first, then in its note, then in notes sharing a tag.

    `fit` tests an answer as the right one and as a wrong one (checks.ledger.choosable: only
    a verified claim may be right; a partly true, failed or stale one is never offered): a
    card whose own answer is unfit gets no choices."""
    import random  # 1 ms the first card need not wait for

    right, wrong = fit or (_any, _any)
    if not right(card.back):
        return []
    rng = random.Random(seed)
    tiers: dict[int, list[str]] = {}  # 0: same topic, 1: same note, 2: a shared tag
    seen = {card.back}
    for other in store.siblings(db, card):
        if other.back not in seen and wrong(other.back):
            seen.add(other.back)
            tier = (other.topic != card.topic) + (other.deck != card.deck)
            tiers.setdefault(tier, []).append(other.back)
    distractors: list[str] = []
    for _, backs in sorted(tiers.items()):
        rng.shuffle(backs)
        distractors += backs
    options = [card.back, *distractors[: count - 1]]
    rng.shuffle(options)
    return options


def asked_as(mode: Mode, card: Card, options: list[str]) -> Mode:
    """How the card is asked in a `mode` session, and so recorded: an answer too long to
    type, or a card with fewer than two options to choose from, is recalled and flipped."""
    from studykit.review.grading import Typing, typing  # not at start-up

    if mode == Mode.TYPE and typing(card.back) == Typing.FLIP:
        return Mode.FLIP
    if mode == Mode.CHOICE and len(options) < 2:
        return Mode.FLIP
    return mode


def fewer_choices(options: list[str], count: int = 4) -> str:
    """Why `choices` offered fewer than `count` options ("" when it did not), for the
    learner: the terminal and the web say the same."""
    if not options:
        return "no options: its answer states a claim the checks have not verified"
    if len(options) == 1:
        return "no options: its topic, note and tags hold no other answer of this kind"
    if len(options) < count:
        return f"only {len(options)} options: its topic, note and tags hold no more of this kind"
    return ""


def early(db: Database, user: int, card: Card, at: datetime | None = None) -> timedelta | None:
    """How long before its due time the card is shown (learn-ahead), or None when it is
    due (or new)."""
    return _early(store.state(db, user, card.id), at or now())


def _early(state: State | None, at: datetime) -> timedelta | None:
    if state is None:
        return None
    wait = datetime.fromisoformat(state["due"]) - at
    return wait if wait > timedelta(0) else None


def _any(text: str) -> bool:
    return True
