"""The review store: the cards of every deck, each learner's schedule and the full review
history, in the database (studykit.db).

Every answer is one transaction, committed before the next card is shown: a crash or
Ctrl-C loses nothing already answered. Answers of one learner are serialised (SQLite's
write lock, PostgreSQL's row lock on the user), so two at once are both kept and the
schedule follows them in order. Reviews are never deleted; a card that leaves its deck is
only marked inactive, so its history comes back with it.

Cards are chosen by a Selection, turned into SQL here and nowhere else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studykit.cards.model import Card, CardKind
from studykit.db import Database, stamp
from studykit.review.model import Mode, Phase, Rating, Review, Selection

State = dict[str, Any]
"""A card's FSRS memory state, in the `fsrs` package's own dict form."""

_CARD_COLUMNS = "c.id, c.deck, c.kind, c.front, c.back, c.topic, c.context, c.tags, c.line, "
_CARD_COLUMNS += "c.reverse, c.suspended, c.more, c.quality"
_WIDTH = _CARD_COLUMNS.count(",") + 1
_OWN_COLUMNS = _CARD_COLUMNS.replace(
    "c.front, c.back", "COALESCE(o.front, c.front), COALESCE(o.back, c.back)"
)
"""A card's columns as a learner is shown it: their own copy's front and back, if any."""
_OWN = "LEFT JOIN card_copies o ON o.card_id = c.id AND o.user_id = ?"
"""The join `_OWN_COLUMNS` reads the learner's copy from (its argument: the learner)."""


def _card(row: tuple[Any, ...]) -> Card:
    card_id, deck, kind, front, back, topic, context, tags, line, reverse, suspended = row[:11]
    return Card(
        card_id, CardKind(kind), front, back, deck, topic, line, context,
        json.loads(tags), bool(reverse), bool(suspended), more=row[11], quality=float(row[12]),
    )  # fmt: skip


def _literal(text: str) -> str:
    """Text matched as written inside a LIKE pattern (`_` and `%` are no wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(selection: Selection | None) -> tuple[str, tuple[str, ...]]:
    """SQL conditions (each starting with AND) and their arguments for a selection."""
    if selection is None:
        return "", ()
    where, args = "", tuple[str, ...]()
    deck, topic = (_literal(part) for part in selection.parts())
    if deck:
        where, args = where + " AND c.deck LIKE ? ESCAPE '\\'", (*args, f"%{deck}%")
    if topic:
        where, args = where + " AND c.topic LIKE ? ESCAPE '\\'", (*args, f"%#%{topic}%")
    if selection.tag:
        tag = _literal(selection.tag)
        where, args = where + " AND c.tags LIKE ? ESCAPE '\\'", (*args, f'%"{tag}"%')
    if selection.collection:
        where, args = where + " AND c.collection = ?", (*args, selection.collection)
    return where, args


def _shown(user: int, at: datetime | None = None) -> tuple[str, tuple[Any, ...]]:
    """An SQL condition (starting with AND) leaving out the cards the learner suspended
    and, when `at` is given, those buried at `at`; and its arguments."""
    flag = "f.suspended = 1" + (" OR f.buried_until > ?" if at else "")
    sql = f""" AND NOT EXISTS (SELECT 1 FROM card_flags f WHERE f.card_id = c.id
        AND f.user_id = ? AND ({flag}))"""
    return sql, (user, stamp(at)) if at else (user,)


# --- cards ---------------------------------------------------------------------------------


def sync_deck(db: Database, deck: str, cards: Iterable[Card], collection: str = "") -> None:
    """Make the deck's active cards exactly `cards`; the deck belongs to `collection` (its
    notes folder)."""
    sync_decks(db, {deck: cards}, collection)


def sync_decks(db: Database, decks: Mapping[str, Iterable[Card]], collection: str = "") -> None:
    """`sync_deck` for each deck, in one transaction: one commit (an fsync) for a whole sync,
    not one per deck."""
    with db.transaction() as tx:
        for deck, cards in decks.items():
            _load_deck(tx, deck, cards, collection)


def _load_deck(tx: Database, deck: str, cards: Iterable[Card], collection: str) -> None:
    rows = [
        (
            c.id, deck, n, str(c.kind), c.front, c.back, c.topic, c.context,
            json.dumps(c.tags, ensure_ascii=False), c.line, int(c.reverse), int(c.suspended),
            collection, c.more, c.quality,
        )
        for n, c in enumerate(cards)
    ]  # fmt: skip
    tx.execute("UPDATE cards SET active = 0 WHERE deck = ? AND collection = ?", (deck, collection))
    tx.executemany(
        """INSERT INTO cards (id, deck, position, kind, front, back, topic, context, tags,
            line, reverse, suspended, collection, more, quality, active)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
        ON CONFLICT (id) DO UPDATE SET deck = excluded.deck,
            position = excluded.position, kind = excluded.kind,
            front = excluded.front, back = excluded.back, topic = excluded.topic,
            context = excluded.context, tags = excluded.tags, line = excluded.line,
            reverse = excluded.reverse, suspended = excluded.suspended,
            collection = excluded.collection, more = excluded.more,
            quality = excluded.quality, active = 1""",
        rows,
    )


def drop_decks_except(db: Database, decks: Iterable[str], collection: str = "") -> None:
    """The collection's decks whose file is gone become inactive (their history stays);
    other collections' decks are left alone (cards stored before collections existed, with
    none, count as this one's)."""
    keep = list(decks)
    marks = ",".join("?" * len(keep))
    where = f"AND deck NOT IN ({marks})" if keep else ""  # PostgreSQL refuses `IN ()`
    with db.transaction() as tx:
        tx.execute(
            f"UPDATE cards SET active = 0 WHERE collection IN (?, '') {where}",
            (collection, *keep),
        )


def card(db: Database, card_id: str, user: int | None = None) -> Card | None:
    """The card; with `user`, as that learner is shown it (their own copy, if any)."""
    if user is None:
        row = db.execute(f"SELECT {_CARD_COLUMNS} FROM cards c WHERE id = ?", (card_id,))
    else:
        query = f"SELECT {_OWN_COLUMNS} FROM cards c {_OWN} WHERE c.id = ?"
        row = db.execute(query, (user, card_id))
    found = row.fetchone()
    return _card(found) if found else None


def siblings(db: Database, of: Card, limit: int = 40) -> list[Card]:
    """Other active cards of the same kind and collection, from the same topic first, then
    the same deck, then decks sharing one of its tags."""
    shared = "".join(" OR c.tags LIKE ? ESCAPE '\\'" for _ in of.tags)
    tags = tuple(f'%"{_literal(tag)}"%' for tag in of.tags)
    rows = db.execute(
        f"""SELECT {_CARD_COLUMNS} FROM cards c
        WHERE c.active = 1 AND c.suspended = 0 AND c.kind = ? AND c.id != ?
        AND c.collection = (SELECT collection FROM cards WHERE id = ?) AND (c.deck = ? {shared})
        ORDER BY c.topic != ?, c.deck != ?, c.deck, c.position LIMIT ?""",
        (str(of.kind), of.id, of.id, of.deck, *tags, of.topic, of.deck, limit),
    )
    return [_card(row) for row in rows]


def cards(db: Database, selection: Selection | None = None) -> list[Card]:
    """Every active, unsuspended card (optionally of a selection), in deck order."""
    where, args = _where(selection)
    rows = db.execute(
        f"""SELECT {_CARD_COLUMNS} FROM cards c WHERE c.active = 1 AND c.suspended = 0
        {where} ORDER BY c.deck, c.position""",
        args,
    )
    return [_card(row) for row in rows]


def has_cards(db: Database, selection: Selection) -> bool:
    """Does the selection hold any active, unsuspended card?"""
    where, args = _where(selection)
    query = f"SELECT 1 FROM cards c WHERE c.active = 1 AND c.suspended = 0 {where} LIMIT 1"
    return db.execute(query, args).fetchone() is not None


# --- schedules -----------------------------------------------------------------------------


def due_cards(
    db: Database,
    user: int,
    at: datetime,
    limit: int,
    selection: Selection | None = None,
    ahead: datetime | None = None,
) -> list[Card]:
    """The cards due at `at`, soonest due first, as the learner is shown them (their own
    copy); with `ahead`, instead those in a learning step due after `at` and by `ahead`
    (learn-ahead)."""
    where, args = _where(selection)
    shown, hidden = _shown(user, at)
    due = "s.due <= ?" if ahead is None else "s.due > ? AND s.due <= ? AND s.phase != ?"
    bounds = (stamp(at),) if ahead is None else (stamp(at), stamp(ahead), int(Phase.REVIEW))
    rows = db.execute(
        f"""SELECT {_OWN_COLUMNS} FROM cards c
        JOIN card_state s ON s.card_id = c.id AND s.user_id = ? {_OWN}
        WHERE c.active = 1 AND c.suspended = 0 AND {due} {where} {shown}
        ORDER BY s.due LIMIT ?""",
        (user, user, *bounds, *args, *hidden, limit),
    )
    return [_card(row) for row in rows]


def new_cards(
    db: Database,
    user: int,
    limit: int,
    selection: Selection | None = None,
    at: datetime | None = None,
) -> list[Card]:
    """Cards the learner never answered, in deck order, as they are shown them (their own
    copy); not those they suspended, nor those buried at `at`."""
    where, args = _where(selection)
    shown, hidden = _shown(user, at)
    rows = db.execute(
        f"""SELECT {_OWN_COLUMNS} FROM cards c {_OWN}
        WHERE c.active = 1 AND c.suspended = 0 {where} {shown} AND NOT EXISTS
            (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND s.user_id = ?)
        ORDER BY c.deck, c.position LIMIT ?""",
        (user, *args, *hidden, user, limit),
    )
    return [_card(row) for row in rows]


def due_by_deck(
    db: Database, user: int, selection: Selection | None, at: datetime, learning_until: datetime
) -> dict[str, dict[Phase, int]]:
    """How many of the selection's active cards are due at `at`, by deck and FSRS phase;
    cards in a learning step count when due by `learning_until`."""
    where, args = _where(selection)
    shown, hidden = _shown(user, at)
    rows = db.execute(
        f"""SELECT c.deck, s.phase, COUNT(*) FROM cards c
        JOIN card_state s ON s.card_id = c.id AND s.user_id = ?
        WHERE c.active = 1 AND c.suspended = 0 AND s.due <= ? AND (s.phase != ? OR s.due <= ?)
        {where} {shown} GROUP BY c.deck, s.phase""",
        (user, stamp(learning_until), int(Phase.REVIEW), stamp(at), *args, *hidden),
    )
    found: dict[str, dict[Phase, int]] = {}
    for deck, phase, count in rows:
        found.setdefault(deck, {})[Phase(phase)] = int(count)
    return found


def new_by_deck(
    db: Database, user: int, selection: Selection | None, at: datetime
) -> dict[str, int]:
    """How many of the selection's active cards the learner has never answered (and has
    not suspended, nor buried at `at`), by deck."""
    where, args = _where(selection)
    shown, hidden = _shown(user, at)
    rows = db.execute(
        f"""SELECT c.deck, COUNT(*) FROM cards c
        WHERE c.active = 1 AND c.suspended = 0 {where} {shown} AND NOT EXISTS
            (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND s.user_id = ?)
        GROUP BY c.deck""",
        (*args, *hidden, user),
    )
    return {deck: int(count) for deck, count in rows}


def introduced_since(db: Database, user: int, since: datetime) -> int:
    """Cards whose first review was at or after `since` (new cards taken today)."""
    row = db.execute(
        "SELECT COUNT(*) FROM reviews WHERE user_id = ? AND reviewed_at >= ? AND first = 1",
        (user, stamp(since)),
    ).fetchone()
    return int(row[0])


def state(db: Database, user: int, card_id: str) -> State | None:
    row = db.execute(
        "SELECT state FROM card_state WHERE user_id = ? AND card_id = ?", (user, card_id)
    ).fetchone()
    return json.loads(row[0]) if row else None


def next_due(
    db: Database, user: int, after: datetime, selection: Selection | None = None
) -> datetime | None:
    """When the learner's next active card (of the selection) is due after `after`, if any
    is scheduled."""
    shown, hidden = _shown(user)
    where, args = _where(selection)
    row = db.execute(
        f"""SELECT MIN(s.due) FROM card_state s JOIN cards c ON c.id = s.card_id
        WHERE s.user_id = ? AND c.active = 1 AND c.suspended = 0 AND s.due >= ? {where}
        {shown}""",
        (user, stamp(after), *args, *hidden),
    ).fetchone()
    return _time(row[0]) if row and row[0] else None


def due_between(db: Database, user: int, start: datetime, end: datetime) -> list[datetime]:
    """When the learner's active cards are due, from `start` up to `end`, soonest first."""
    shown, hidden = _shown(user)
    rows = db.execute(
        f"""SELECT s.due FROM card_state s JOIN cards c ON c.id = s.card_id
        WHERE s.user_id = ? AND c.active = 1 AND c.suspended = 0 AND s.due < ?
        AND s.due >= ? {shown} ORDER BY s.due""",
        (user, stamp(end), stamp(start), *hidden),
    )
    return [_time(row[0]) for row in rows]


def card_states(db: Database, user: int) -> list[tuple[str, str, str, str, State | None]]:
    """(card id, deck, topic, topic title, FSRS state or None if never answered) of every
    active card not suspended (by the author or the learner), in deck order: what per-topic
    mastery is figured from."""
    shown, hidden = _shown(user)
    rows = db.execute(
        f"""SELECT c.id, c.deck, c.topic, c.context, s.state FROM cards c
        LEFT JOIN card_state s ON s.card_id = c.id AND s.user_id = ?
        WHERE c.active = 1 AND c.suspended = 0 {shown} ORDER BY c.deck, c.position""",
        (user, *hidden),
    )
    return [
        (card_id, deck, topic, title, json.loads(state) if state else None)
        for card_id, deck, topic, title, state in rows
    ]


PARAMETERS = "fsrs.parameters.{}"
"""The meta key of a learner's fitted FSRS parameters."""


def parameters(db: Database, user: int) -> list[float] | None:
    """The learner's own FSRS parameters (fitted by `studykit optimize`), if any."""
    return parameters_from(db.get(PARAMETERS.format(user)))


def parameters_from(value: str | None) -> list[float] | None:
    """Parameters as kept in meta (`value`), if any."""
    return [float(p) for p in json.loads(value)] if value else None


def set_parameters(db: Database, user: int, fitted: list[float]) -> None:
    db.put(PARAMETERS.format(user), json.dumps(fitted))


def adopt(db: Database, user: int, states: dict[str, tuple[State, datetime, Phase]]) -> int:
    """Start cards from schedules another tool kept ((state, due, phase) by card id), for
    cards the learner has no schedule of yet; returns how many were started."""
    rows = [
        (user, card_id, stamp(due), json.dumps(state), int(phase))
        for card_id, (state, due, phase) in states.items()
    ]
    with db.transaction() as tx:
        before = tx.execute("SELECT COUNT(*) FROM card_state WHERE user_id = ?", (user,))
        count = int(before.fetchone()[0])
        tx.executemany(
            """INSERT INTO card_state (user_id, card_id, due, state, phase)
            VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, card_id) DO NOTHING""",
            rows,
        )
        after = tx.execute("SELECT COUNT(*) FROM card_state WHERE user_id = ?", (user,))
        return int(after.fetchone()[0]) - count


# --- the learner's own marks: suspended, buried, leech, kept --------------------------------

LEECH_LAPSES = 8
"""Lapses (Again on a card due for review) that make a card a leech, as in Anki."""


@dataclass(slots=True, frozen=True)
class Leech:
    card: Card
    lapses: int
    suspended: bool


def find_cards(db: Database, prefix: str) -> list[Card]:
    """Active cards whose id is `prefix` or starts with it (the full id when it is one)."""
    rows = db.execute(
        f"""SELECT {_CARD_COLUMNS} FROM cards c WHERE c.active = 1
        AND (c.id = ? OR c.id LIKE ? ESCAPE '\\') ORDER BY c.deck, c.position""",
        (prefix, _literal(prefix) + "%"),
    )
    found = [_card(row) for row in rows]
    exact = [c for c in found if c.id == prefix]
    return exact or found


def _flag(db: Database, user: int, card_id: str, column: str, value: Any) -> None:
    db.execute(
        f"""INSERT INTO card_flags (user_id, card_id, {column}) VALUES (?, ?, ?)
        ON CONFLICT (user_id, card_id) DO UPDATE SET {column} = excluded.{column}""",
        (user, card_id, value),
    )


def suspend(db: Database, user: int, card_id: str, suspended: bool = True) -> None:
    """Hide the card from the learner (or show it again), for this learner only: the deck
    file's `suspended` is the author's, for everyone."""
    with db.transaction() as tx:
        _flag(tx, user, card_id, "suspended", int(suspended))


def bury(db: Database, user: int, card_id: str, until: datetime) -> None:
    """Hide the card from the learner until `until` (the next day)."""
    with db.transaction() as tx:
        _flag(tx, user, card_id, "buried_until", stamp(until))


def keep(db: Database, user: int, card_id: str) -> None:
    """The learner keeps the card as it is: settled, so triage no longer offers it; a leech
    is no longer marked, and asked again."""
    with db.transaction() as tx:
        tx.execute(
            """INSERT INTO card_flags (user_id, card_id, kept) VALUES (?, ?, 1)
            ON CONFLICT (user_id, card_id) DO UPDATE SET kept = 1, leech = 0, suspended = 0""",
            (user, card_id),
        )


def suspended(db: Database, user: int) -> set[str]:
    """The cards the learner suspended."""
    rows = db.execute("SELECT card_id FROM card_flags WHERE user_id = ? AND suspended = 1", (user,))
    return {card_id for (card_id,) in rows}


def untriaged(db: Database, user: int, selection: Selection | None = None) -> list[Card]:
    """The selection's cards the learner has not settled in triage: neither suspended (by
    them or the author) nor kept, nor ever answered (they know the card); the likeliest not
    worth keeping (lowest quality) first, in deck order among equals."""
    where, args = _where(selection)
    rows = db.execute(
        f"""SELECT {_CARD_COLUMNS} FROM cards c WHERE c.active = 1 AND c.suspended = 0 {where}
        AND NOT EXISTS (SELECT 1 FROM card_flags f WHERE f.card_id = c.id AND f.user_id = ?
            AND (f.suspended = 1 OR f.kept = 1))
        AND NOT EXISTS (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND s.user_id = ?)
        ORDER BY c.quality, c.deck, c.position""",
        (*args, user, user),
    )
    return [_card(row) for row in rows]


def hidden(db: Database, user: int, card_ids: Iterable[str], at: datetime) -> set[str]:
    """Which of the cards the learner suspended or has buried at `at`."""
    ids = list(card_ids)
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        f"""SELECT card_id FROM card_flags WHERE user_id = ? AND card_id IN ({marks})
        AND (suspended = 1 OR buried_until > ?)""",
        (user, *ids, stamp(at)),
    )
    return {card_id for (card_id,) in rows}


def leeches(db: Database, user: int) -> list[Leech]:
    """The learner's leeches (as they are shown them: their own copy), most lapses first."""
    rows = db.execute(
        f"""SELECT {_OWN_COLUMNS}, f.suspended FROM cards c JOIN card_flags f
        ON f.card_id = c.id AND f.user_id = ? {_OWN} WHERE f.leech = 1 AND c.active = 1
        ORDER BY c.deck, c.position""",
        (user, user),
    )
    found = [Leech(_card(row[:-1]), _lapses(db, user, row[0]), bool(row[-1])) for row in rows]
    return sorted(found, key=lambda leech: -leech.lapses)


LEECH = "leech.lapses.{}"
"""Meta key: the lapses that make a card a leech for the learner of this id."""


def leech_lapses(db: Database, user: int) -> int:
    """Lapses that make a card a leech for the learner (0: never)."""
    return leech_lapses_from(db.get(LEECH.format(user)))


def leech_lapses_from(value: str | None) -> int:
    return int(value) if value else LEECH_LAPSES


def set_leech_lapses(db: Database, user: int, lapses: int) -> None:
    db.put(LEECH.format(user), str(lapses))


def _lapses(db: Database, user: int, card_id: str) -> int:
    """Answers Again to the card when it was due for review (its previous answer had left
    it in the review phase)."""
    rows = db.execute(
        "SELECT rating, state FROM reviews WHERE user_id = ? AND card_id = ? ORDER BY id",
        (user, card_id),
    )
    lapses, before = 0, None
    for rating, phase in rows:
        lapses += rating == Rating.AGAIN and before == Phase.REVIEW
        before = phase
    return lapses


def is_leech(lapses: int, threshold: int) -> bool:
    """A card is a leech at `threshold` lapses, and again at every half threshold after
    (Anki's rule: a leech kept and lapsing again is flagged again)."""
    if threshold <= 0 or lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


# --- the learner's own copy of a card ------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Copy:
    """A learner's own front and back of a card, asked in place of the author's. `card` is
    the author's card as it is now; `changed`: the author has edited it since the copy was
    made (the copy is still asked; the author's text is `card.front` and `card.back`)."""

    card: Card
    front: str
    back: str
    edited: datetime
    changed: bool


def save_copy(db: Database, user: int, card_id: str, front: str, back: str, at: datetime) -> bool:
    """Keep the learner's own front and back of the card (never written to a deck file), and
    the card as settled (kept); a copy the same as the author's text is dropped instead.
    False when there is no such card."""
    with db.transaction() as tx:
        row = tx.execute("SELECT front, back FROM cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            return False
        if (front, back) == tuple(row):
            tx.execute("DELETE FROM card_copies WHERE user_id = ? AND card_id = ?", (user, card_id))
        else:
            tx.execute(
                """INSERT INTO card_copies (user_id, card_id, front, back, author_front,
                    author_back, edited) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (user_id, card_id) DO UPDATE SET front = excluded.front,
                    back = excluded.back, author_front = excluded.author_front,
                    author_back = excluded.author_back, edited = excluded.edited""",
                (user, card_id, front, back, row[0], row[1], stamp(at)),
            )
        _flag(tx, user, card_id, "kept", 1)
    return True


def drop_copy(db: Database, user: int, card_id: str) -> bool:
    """Ask the learner the author's text again; False when they had no copy of the card."""
    with db.transaction() as tx:
        gone = tx.execute(
            "DELETE FROM card_copies WHERE user_id = ? AND card_id = ?", (user, card_id)
        )
        return bool(gone.rowcount)


def copies(db: Database, user: int, card_id: str | None = None) -> list[Copy]:
    """The learner's copies of active cards (or of one card), in deck order."""
    one = " AND c.id = ?" if card_id else ""
    rows = db.execute(
        f"""SELECT {_CARD_COLUMNS}, o.front, o.back, o.edited, o.author_front, o.author_back
        FROM card_copies o JOIN cards c ON c.id = o.card_id
        WHERE o.user_id = ? AND c.active = 1{one} ORDER BY c.deck, c.position""",
        (user, card_id) if card_id else (user,),
    )
    found = []
    for row in rows:
        author = _card(row[:_WIDTH])
        front, back, edited, was_front, was_back = row[_WIDTH:]
        changed = (was_front, was_back) != (author.front, author.back)
        found.append(Copy(author, front, back, _time(edited), changed))
    return found


# --- reviews -------------------------------------------------------------------------------


@dataclass(slots=True, frozen=True)
class Pending:
    """An answer to record. `schedule` turns the card's current state (None when new) into
    its next state and the review; `key` (a client's Idempotency-Key) makes it idempotent."""

    user: int
    card_id: str
    schedule: Callable[[State | None], tuple[State, Review]]
    typed: str = ""
    key: str | None = None
    bury_until: datetime | None = None  # the card's siblings are buried until then
    leech_lapses: int = 0  # a lapse that makes this many suspends the card as a leech


def answer(db: Database, pending: Pending) -> Review:
    """Record one answer: the review and the card's next state in one transaction, with
    the learner's other answers held back until it commits. An answer whose key is already
    recorded for the learner is not recorded again: the first review is returned."""
    with db.transaction() as tx:
        tx.lock_user(pending.user)
        return _record(tx, pending)


def answer_all(db: Database, pendings: list[Pending]) -> list[Review | Exception]:
    """Record several answers in one transaction: one commit (one fsync) for all. Each is
    recorded in a savepoint, so one that fails is left out (its exception is returned in
    its place) and the others are kept. Learners are locked in id order, so two groups
    never wait on each other."""
    done: list[Review | Exception] = []
    if len(pendings) == 1:  # alone: its own transaction is its savepoint
        try:
            return [answer(db, pendings[0])]
        except Exception as error:  # handed back in the answer's place
            return [error]
    with db.transaction() as tx:
        for user in sorted({p.user for p in pendings}):
            tx.lock_user(user)
        for pending in pendings:
            try:
                with tx.savepoint():
                    done.append(_record(tx, pending))
            except Exception as error:  # handed back in the answer's place
                done.append(error)
    return done


def _record(tx: Database, pending: Pending) -> Review:
    user, card_id, key = pending.user, pending.card_id, pending.key
    if key and (first := answered(tx, user, key)):
        return first
    row = tx.execute(
        "SELECT state FROM card_state WHERE user_id = ? AND card_id = ?", (user, card_id)
    ).fetchone()
    new_state, review = pending.schedule(json.loads(row[0]) if row else None)
    due = stamp(review.due)
    tx.execute(
        """INSERT INTO reviews (user_id, card_id, reviewed_at, rating, state, due,
        elapsed_ms, mode, answer, first, answer_key)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            user, card_id, stamp(review.reviewed_at), int(review.rating),
            int(review.phase), due, review.elapsed_ms, str(review.mode), pending.typed or None,
            int(row is None), key,
        ),
    )  # fmt: skip
    tx.execute(
        """INSERT INTO card_state (user_id, card_id, due, state, phase) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id, card_id) DO UPDATE SET due = excluded.due,
            state = excluded.state, phase = excluded.phase""",
        (user, card_id, due, json.dumps(new_state), int(review.phase)),
    )
    if pending.bury_until:
        _bury_siblings(tx, user, card_id, pending.bury_until)
    lapsed = row is not None and json.loads(row[0])["state"] == Phase.REVIEW
    lapsed = lapsed and review.rating == Rating.AGAIN
    if lapsed and is_leech(_lapses(tx, user, card_id), pending.leech_lapses):
        _flag(tx, user, card_id, "leech", 1)
        _flag(tx, user, card_id, "suspended", 1)
    return review


def _bury_siblings(tx: Database, user: int, card_id: str, until: datetime) -> None:
    """Bury the card's siblings (the other gaps of a cloze: cloze cards from the same note
    line) that are new or due for review, as Anki does: one asked right after the other
    would be answered from memory of the first. A two-way card is one card here, and other
    rules' cards of one line (a paragraph of `term::definition`) are no siblings."""
    tx.execute(
        """INSERT INTO card_flags (user_id, card_id, buried_until)
        SELECT ?, c.id, ? FROM cards c JOIN cards me ON me.id = ?
        WHERE c.deck = me.deck AND c.line = me.line AND c.id != me.id AND c.active = 1
        AND c.kind = ? AND me.kind = ? AND NOT EXISTS (SELECT 1 FROM card_state s
            WHERE s.user_id = ? AND s.card_id = c.id AND s.phase IN (?, ?))
        ON CONFLICT (user_id, card_id) DO UPDATE SET buried_until = excluded.buried_until""",
        (
            user,
            stamp(until),
            card_id,
            str(CardKind.CLOZE),
            str(CardKind.CLOZE),
            user,
            int(Phase.LEARNING),
            int(Phase.RELEARNING),
        ),
    )


_REVIEW = "SELECT card_id, reviewed_at, rating, state, due, elapsed_ms, mode FROM reviews"


def reviews(db: Database, user: int, card_id: str | None = None) -> list[Review]:
    """The learner's answers (to one card, or all), oldest first."""
    if card_id:
        rows = db.execute(
            _REVIEW + " WHERE user_id = ? AND card_id = ? ORDER BY id", (user, card_id)
        )
    else:
        rows = db.execute(_REVIEW + " WHERE user_id = ? ORDER BY id", (user,))
    return [_review(row) for row in rows]


def answered(db: Database, user: int, key: str) -> Review | None:
    """The learner's review recorded with this idempotency key, if any."""
    row = db.execute(_REVIEW + " WHERE user_id = ? AND answer_key = ?", (user, key)).fetchone()
    return _review(row) if row else None


def _review(row: tuple[Any, ...]) -> Review:
    card, at, rating, phase, due, elapsed, mode = row
    return Review(card, _time(at), Rating(rating), Phase(phase), _time(due), elapsed, Mode(mode))


def _time(stored: str) -> datetime:
    return datetime.fromisoformat(stored)
