"""The review store: cards, each learner's schedule and the full review history.

SQLite by default: one file in the data directory (`studykit.sqlite3`, or `--db` /
`$STUDYKIT_DB`), in WAL mode so that two terminals (or the CLI and the service) can use it
at once. PostgreSQL when the target is a `postgresql://` URL, for several service
processes. Both run the same schema, migrations and queries (standard SQL upserts; `?`
placeholders become psycopg's `%s`).

Every answer is one transaction, committed before the next card is shown: a crash or
Ctrl-C loses nothing already answered. Answers of one learner are serialised (SQLite's
write lock, PostgreSQL's row lock on the user), so two at once are both kept and the
schedule follows them in order. Reviews are never deleted; a card that leaves its deck is
only marked inactive, so its history comes back with it.

The schema version is kept in `schema_version`; MIGRATIONS[n] takes version n to n+1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from studykit.paths import data_dir

LOCAL_USER = "local"

MIGRATIONS = [
    """
    CREATE TABLE users (
        id {serial}, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL
    );
    CREATE TABLE cards (
        id TEXT PRIMARY KEY, deck TEXT NOT NULL, position INTEGER NOT NULL,
        kind TEXT NOT NULL, front TEXT NOT NULL, back TEXT NOT NULL,
        topic TEXT NOT NULL, context TEXT NOT NULL, tags TEXT NOT NULL,
        line INTEGER NOT NULL, reverse INTEGER NOT NULL, suspended INTEGER NOT NULL,
        active INTEGER NOT NULL
    );
    CREATE INDEX cards_deck ON cards (deck, position);
    CREATE TABLE card_state (
        user_id INTEGER NOT NULL REFERENCES users (id), card_id TEXT NOT NULL,
        due TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (user_id, card_id)
    );
    CREATE INDEX card_state_due ON card_state (user_id, due);
    CREATE TABLE reviews (
        id {serial}, user_id INTEGER NOT NULL REFERENCES users (id),
        card_id TEXT NOT NULL, reviewed_at TEXT NOT NULL, rating INTEGER NOT NULL,
        state INTEGER NOT NULL, due TEXT NOT NULL, elapsed_ms INTEGER,
        mode TEXT NOT NULL, answer TEXT, first INTEGER NOT NULL
    );
    CREATE INDEX reviews_user_time ON reviews (user_id, reviewed_at);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    """
    CREATE TABLE check_results (
        note TEXT NOT NULL, check_id TEXT NOT NULL, digest TEXT NOT NULL,
        verdict TEXT NOT NULL, claim TEXT NOT NULL, claim_line INTEGER NOT NULL,
        line INTEGER NOT NULL, detail TEXT NOT NULL, checked_at TEXT NOT NULL,
        PRIMARY KEY (note, check_id)
    );
    """,
    """
    CREATE TABLE tokens (
        digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
        created TEXT NOT NULL
    );
    """,
]


def is_url(target: str | os.PathLike[str]) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def default_path() -> Path:
    return Path(os.environ.get("STUDYKIT_DB") or data_dir() / "studykit.sqlite3")


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class StoredCard:
    """A card as the quiz needs it: what to ask, what to show, where it came from."""

    id: str
    deck: str
    kind: str
    front: str
    back: str
    topic: str
    context: str
    tags: list[str]
    line: int
    reverse: bool


@dataclass(slots=True)
class CheckResult:
    """The last verdict on one check of a note: the claims ledger's row."""

    note: str
    check_id: str
    digest: str
    verdict: str
    claim: str
    claim_line: int
    line: int
    detail: str
    checked_at: str


@dataclass(slots=True)
class Review:
    card_id: str
    reviewed_at: str
    rating: int
    state: int
    due: str
    elapsed_ms: int | None
    mode: str


class Store:
    """A connection to the store; use as a context manager, or call close().

    `target`: a SQLite file (default: the data directory's) or a `postgresql://` URL.
    `shared`: the connection may move between threads (one at a time), as in a pool.
    """

    def __init__(self, target: Path | str | None = None, *, shared: bool = False) -> None:
        self.target = target or default_path()
        self.db: _Database = (
            _Postgres(str(self.target))
            if is_url(self.target)
            else _SQLite(Path(self.target), shared)
        )
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> Any:
        return self.db.transaction()

    def _migrate(self) -> None:
        if self._version() == len(MIGRATIONS):
            return  # the common case, read without taking the write lock
        with self.transaction() as db:
            db.lock("migrations")
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > len(MIGRATIONS):
                raise RuntimeError(
                    f"{self.target} was written by a newer studykit (schema {version})"
                )
            for script in MIGRATIONS[version:]:
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement.format(serial=db.serial))
            if version < len(MIGRATIONS):
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS),))

    def _version(self) -> int:
        if not self.db.has_table("schema_version"):
            return 0
        row = self.db.execute("SELECT version FROM schema_version").fetchone()
        return row[0] if row else 0

    # --- users -------------------------------------------------------------------------------

    def user_id(self, name: str = LOCAL_USER) -> int:
        row = self.db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
        if row:
            return row[0]
        with self.transaction() as db:
            db.execute(
                "INSERT INTO users (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (name, now().isoformat()),
            )
            return db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()[0]

    def token_holders(self) -> list[str]:
        """Names of the learners who have at least one token (who can use the service)."""
        rows = self.db.execute(
            "SELECT DISTINCT u.name FROM users u JOIN tokens t ON t.user_id = u.id ORDER BY 1"
        )
        return [row[0] for row in rows]

    def add_token(self, user: int, digest: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO tokens VALUES (?, ?, ?)", (digest, user, now().isoformat()))

    def user_for_token(self, digest: str) -> tuple[int, str] | None:
        row = self.db.execute(
            "SELECT u.id, u.name FROM tokens t JOIN users u ON u.id = t.user_id WHERE digest = ?",
            (digest,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    # --- cards -------------------------------------------------------------------------------

    def sync_deck(self, deck: str, cards: Iterable[tuple[StoredCard, bool]]) -> None:
        """Make the deck's active cards exactly `cards` ((card, suspended) pairs)."""
        rows = [
            (
                c.id, deck, n, c.kind, c.front, c.back, c.topic, c.context,
                json.dumps(c.tags, ensure_ascii=False), c.line, int(c.reverse), int(suspended),
            )
            for n, (c, suspended) in enumerate(cards)
        ]  # fmt: skip
        with self.transaction() as db:
            db.execute("UPDATE cards SET active = 0 WHERE deck = ?", (deck,))
            db.executemany(
                """INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                ON CONFLICT (id) DO UPDATE SET deck = excluded.deck,
                    position = excluded.position, kind = excluded.kind,
                    front = excluded.front, back = excluded.back, topic = excluded.topic,
                    context = excluded.context, tags = excluded.tags, line = excluded.line,
                    reverse = excluded.reverse, suspended = excluded.suspended, active = 1""",
                rows,
            )

    def drop_decks_except(self, decks: Iterable[str]) -> None:
        """Decks whose file is gone become inactive (their history stays)."""
        keep = list(decks)
        marks = ",".join("?" * len(keep))
        where = f"WHERE deck NOT IN ({marks})" if keep else ""  # PostgreSQL refuses `IN ()`
        with self.transaction() as db:
            db.execute(f"UPDATE cards SET active = 0 {where}", keep)

    def card(self, card_id: str) -> StoredCard | None:
        row = self.db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE id = ?", (card_id,))
        found = row.fetchone()
        return _card(found) if found else None

    def siblings(self, card: StoredCard, limit: int = 12) -> list[StoredCard]:
        """Other active cards of the same kind, same topic first, then same deck."""
        rows = self.db.execute(
            f"""SELECT {_CARD_COLUMNS} FROM cards
            WHERE active = 1 AND kind = ? AND id != ? AND deck = ?
            ORDER BY topic != ?, position LIMIT ?""",
            (card.kind, card.id, card.deck, card.topic, limit),
        )
        return [_card(row) for row in rows]

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def parameters(self, user: int) -> list[float] | None:
        """The learner's own FSRS parameters (fitted by `studykit optimize`), if any."""
        value = self.get(f"fsrs.parameters.{user}")
        return json.loads(value) if value else None

    def set_parameters(self, user: int, parameters: list[float]) -> None:
        self.put(f"fsrs.parameters.{user}", json.dumps(parameters))

    def stamps(self, prefix: str) -> dict[str, str]:
        """Meta values whose key starts with `prefix`, keyed by the rest of the key."""
        rows = self.db.execute(
            "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return {key[len(prefix) :]: value for key, value in rows}

    def put(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                (key, value, value),
            )

    # --- schedule ----------------------------------------------------------------------------

    def cards(self, where: str = "", args: tuple = ()) -> list[StoredCard]:
        """Every active, unsuspended card (optionally filtered), in deck order."""
        rows = self.db.execute(
            f"""SELECT {_CARD_COLUMNS} FROM cards c WHERE c.active = 1 AND c.suspended = 0
            {where} ORDER BY c.deck, c.position""",
            args,
        )
        return [_card(row) for row in rows]

    def due_cards(
        self, user: int, at: datetime, limit: int, where: str = "", args: tuple = ()
    ) -> list[StoredCard]:
        rows = self.db.execute(
            f"""SELECT {_CARD_COLUMNS} FROM cards c
            JOIN card_state s ON s.card_id = c.id AND s.user_id = ?
            WHERE c.active = 1 AND c.suspended = 0 AND s.due <= ? {where}
            ORDER BY s.due LIMIT ?""",
            (user, at.isoformat(), *args, limit),
        )
        return [_card(row) for row in rows]

    def new_cards(
        self, user: int, limit: int, where: str = "", args: tuple = ()
    ) -> list[StoredCard]:
        rows = self.db.execute(
            f"""SELECT {_CARD_COLUMNS} FROM cards c
            WHERE c.active = 1 AND c.suspended = 0 {where} AND NOT EXISTS
                (SELECT 1 FROM card_state s WHERE s.card_id = c.id AND s.user_id = ?)
            ORDER BY c.deck, c.position LIMIT ?""",
            (*args, user, limit),
        )
        return [_card(row) for row in rows]

    def introduced_since(self, user: int, since: datetime) -> int:
        """Cards whose first review was at or after `since` (new cards taken today)."""
        row = self.db.execute(
            "SELECT COUNT(*) FROM reviews WHERE user_id = ? AND reviewed_at >= ? AND first = 1",
            (user, since.isoformat()),
        ).fetchone()
        return row[0]

    def state(self, user: int, card_id: str) -> dict | None:
        row = self.db.execute(
            "SELECT state FROM card_state WHERE user_id = ? AND card_id = ?", (user, card_id)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def answer(
        self,
        user: int,
        card_id: str,
        schedule: Callable[[dict | None], tuple[dict, Review]],
        typed: str = "",
    ) -> Review:
        """Record one answer: `schedule` turns the card's current state (None when new)
        into its next state and the review; both are written in one transaction, with the
        learner's other answers held back until it commits."""
        with self.transaction() as db:
            db.lock_user(user)
            row = db.execute(
                "SELECT state FROM card_state WHERE user_id = ? AND card_id = ?", (user, card_id)
            ).fetchone()
            state, review = schedule(json.loads(row[0]) if row else None)
            db.execute(
                """INSERT INTO reviews (user_id, card_id, reviewed_at, rating, state, due,
                elapsed_ms, mode, answer, first) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    user, card_id, review.reviewed_at, review.rating, review.state,
                    review.due, review.elapsed_ms, review.mode, typed or None, int(row is None),
                ),
            )  # fmt: skip
            db.execute(
                """INSERT INTO card_state VALUES (?, ?, ?, ?) ON CONFLICT (user_id, card_id)
                DO UPDATE SET due = excluded.due, state = excluded.state""",
                (user, card_id, review.due, json.dumps(state)),
            )
        return review

    def reviews(self, user: int, card_id: str | None = None) -> list[Review]:
        query = """SELECT card_id, reviewed_at, rating, state, due, elapsed_ms, mode
            FROM reviews WHERE user_id = ?"""
        args: tuple = (user,)
        if card_id:
            query, args = query + " AND card_id = ?", (user, card_id)
        return [Review(*row) for row in self.db.execute(query + " ORDER BY id", args)]

    def due_between(self, user: int, start: datetime, end: datetime) -> list[str]:
        rows = self.db.execute(
            """SELECT s.due FROM card_state s JOIN cards c ON c.id = s.card_id
            WHERE s.user_id = ? AND c.active = 1 AND c.suspended = 0 AND s.due < ?
            AND s.due >= ? ORDER BY s.due""",
            (user, end.isoformat(), start.isoformat()),
        )
        return [row[0] for row in rows]

    # --- claims ledger -----------------------------------------------------------------------

    def save_check(self, result: CheckResult) -> None:
        with self.transaction() as db:
            db.execute(
                """INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (note, check_id) DO UPDATE SET digest = excluded.digest,
                    verdict = excluded.verdict, claim = excluded.claim,
                    claim_line = excluded.claim_line, line = excluded.line,
                    detail = excluded.detail, checked_at = excluded.checked_at""",
                (
                    result.note, result.check_id, result.digest, result.verdict, result.claim,
                    result.claim_line, result.line, result.detail, result.checked_at,
                ),
            )  # fmt: skip

    def forget_checks(self, note: str, keep: set[str]) -> None:
        """Drop the ledger rows of checks that are no longer in the note."""
        with self.transaction() as db:
            rows = db.execute("SELECT check_id FROM check_results WHERE note = ?", (note,))
            gone = [(note, check_id) for (check_id,) in rows if check_id not in keep]
            db.executemany("DELETE FROM check_results WHERE note = ? AND check_id = ?", gone)

    def check_results(self, notes: list[str] | None = None) -> list[CheckResult]:
        """The ledger, for the given note files (absolute paths) or for all of them."""
        rows = self.db.execute("SELECT * FROM check_results ORDER BY note, line")
        return [CheckResult(*row) for row in rows if notes is None or row[0] in notes]


_CARD_COLUMNS = "id, deck, kind, front, back, topic, context, tags, line, reverse"


def _card(row: tuple) -> StoredCard:
    return StoredCard(*row[:7], json.loads(row[7]), row[8], bool(row[9]))


class _Database:
    """What Store needs of a database: one dialect's connection, transactions and locks."""

    serial: str  # the column type of an auto-numbered primary key

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def transaction(self) -> Any:
        raise NotImplementedError

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    def lock(self, name: str) -> None:
        """Hold `name` until the transaction ends (a no-op where writers are serialised)."""

    def lock_user(self, user: int) -> None:
        """Hold back the learner's other answers until the transaction ends."""

    def close(self) -> None:
        raise NotImplementedError


class _SQLite(_Database):
    """One file, WAL mode; BEGIN IMMEDIATE takes the write lock, which serialises writers.

    Writers of one process first queue on a Python lock: SQLite's own busy handler makes a
    waiting writer sleep in growing steps (up to 100 ms), which shows as long tails when a
    service's threads answer at once.
    """

    serial = "INTEGER PRIMARY KEY"
    _writers: ClassVar[dict[str, threading.Lock]] = {}

    def __init__(self, path: Path, shared: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=not shared
        )
        self.writer = self._writers.setdefault(str(path.resolve()), threading.Lock())
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")

    def execute(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(args))

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        self.conn.executemany(sql, rows)

    def has_table(self, name: str) -> bool:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self.conn.execute(query, (name,)).fetchone() is not None

    @contextmanager
    def transaction(self) -> Iterator[_SQLite]:
        with self.writer:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


class _Postgres(_Database):
    """psycopg in autocommit mode with explicit transactions and row or advisory locks."""

    serial = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str) -> None:
        import psycopg  # only PostgreSQL users need it (the `serve` extra)

        self.conn = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s"), tuple(args))

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def transaction(self) -> Iterator[_Postgres]:
        with self.conn.transaction():
            yield self

    def has_table(self, name: str) -> bool:
        return self.execute("SELECT to_regclass(?)", (name,)).fetchone()[0] is not None

    def lock(self, name: str) -> None:
        self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))

    def lock_user(self, user: int) -> None:
        self.execute("SELECT id FROM users WHERE id = ? FOR UPDATE", (user,))

    def close(self) -> None:
        self.conn.close()
