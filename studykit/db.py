"""The database: SQLite or PostgreSQL connections, the one schema and its migrations, and
the key-value `meta` table.

SQLite by default: one file in the data directory (`studykit.sqlite3`, or `--db` /
`$STUDYKIT_DB`), in WAL mode so that two terminals (or the CLI and the service) can use it
at once. PostgreSQL when the target is a `postgresql://` URL, for several service
processes. Both run the same schema, migrations and queries (standard SQL upserts; `?`
placeholders become psycopg's `%s`).

The tables are read and written by the storage modules only: review.store (cards, their
schedules, reviews), accounts (users, tokens), checks.ledger (check results), and `meta`
here. The schema version is kept in `schema_version`; MIGRATIONS[n] takes version n to n+1.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from studykit.config import default_db, private_file
from studykit.errors import SchemaError, UsageError
from studykit.extras import require


def _phases_from_states(db: Database) -> None:
    """card_state.phase for schedules written before it existed: read from the FSRS state."""
    import json

    rows = db.execute("SELECT user_id, card_id, state FROM card_state WHERE phase < 0")
    phases = [(int(json.loads(state)["state"]), user, card) for user, card, state in rows]
    db.executemany("UPDATE card_state SET phase = ? WHERE user_id = ? AND card_id = ?", phases)


def _kept_per_learner(db: Database) -> None:
    """Triage's kept cards, once one set for everyone in meta (`triage.kept.DECK`), become
    the mark of each learner the store knows: each of them was shown that set, and a kept
    card only means one not offered to triage again."""
    prefix = "triage.kept."
    rows = db.execute("SELECT value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
    kept = sorted({card for (value,) in rows for card in value.split()})
    users = [user for (user,) in db.execute("SELECT id FROM users")]
    db.executemany(
        """INSERT INTO card_flags (user_id, card_id, kept) VALUES (?, ?, 1)
        ON CONFLICT (user_id, card_id) DO UPDATE SET kept = 1""",
        [(user, card) for user in users for card in kept],
    )
    db.execute("DELETE FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))


MIGRATIONS: list[str | Callable[[Database], None]] = [
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
    """
    ALTER TABLE check_results ADD COLUMN reading TEXT NOT NULL DEFAULT '';
    ALTER TABLE check_results ADD COLUMN environment TEXT NOT NULL DEFAULT '';
    """,
    """
    ALTER TABLE cards ADD COLUMN collection TEXT NOT NULL DEFAULT '';
    CREATE INDEX cards_collection ON cards (collection, deck);
    """,
    """
    ALTER TABLE card_state ADD COLUMN phase INTEGER NOT NULL DEFAULT -1;
    """,
    _phases_from_states,
    """
    ALTER TABLE cards ADD COLUMN more TEXT NOT NULL DEFAULT '';
    DELETE FROM meta WHERE substr(key, 1, 5) = 'sync:';
    """,
    """
    CREATE TABLE sessions (
        digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
        csrf TEXT NOT NULL, expires TEXT NOT NULL
    );
    CREATE TABLE login_links (
        digest TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id),
        expires TEXT NOT NULL
    );
    ALTER TABLE reviews ADD COLUMN answer_key TEXT;
    CREATE UNIQUE INDEX reviews_answer_key ON reviews (user_id, answer_key);
    DELETE FROM meta WHERE key = 'service.secret';
    """,
    """
    CREATE TABLE auth_failures (
        subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, since TEXT NOT NULL
    );
    CREATE INDEX auth_failures_since ON auth_failures (since);
    """,
    """
    CREATE TABLE card_flags (
        user_id INTEGER NOT NULL REFERENCES users (id), card_id TEXT NOT NULL,
        suspended INTEGER NOT NULL DEFAULT 0, buried_until TEXT NOT NULL DEFAULT '',
        leech INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (user_id, card_id)
    );
    """,
    """
    ALTER TABLE card_flags ADD COLUMN kept INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE card_copies (
        user_id INTEGER NOT NULL REFERENCES users (id), card_id TEXT NOT NULL,
        front TEXT NOT NULL, back TEXT NOT NULL, author_front TEXT NOT NULL,
        author_back TEXT NOT NULL, edited TEXT NOT NULL, PRIMARY KEY (user_id, card_id)
    );
    """,
    _kept_per_learner,
    """
    ALTER TABLE cards ADD COLUMN quality DOUBLE PRECISION NOT NULL DEFAULT 1;
    DELETE FROM meta WHERE substr(key, 1, 5) = 'sync:';
    """,
]
"""The schema, as steps: SQL scripts (statements split at `;`), or a function for what SQL
shared by SQLite and PostgreSQL cannot say."""


def now() -> datetime:
    """The time stored with every write: timezone-aware UTC."""
    return datetime.now(UTC)


def stamp(at: datetime) -> str:
    """A time as stored: ISO 8601 in UTC, so that stored times compare as text whatever
    the zone of the time given (a local midnight compared as written would be hours off)."""
    return at.astimezone(UTC).isoformat()


def is_url(target: str | os.PathLike[str]) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


def open_store(target: str | os.PathLike[str] | None = None, *, shared: bool = False) -> Database:
    """A migrated connection to the store; use it as a context manager, or call close().

    `target`: a SQLite file (default: the data directory's) or a `postgresql://` URL.
    `shared`: the connection may move between threads (one at a time), as in a pool.
    """
    target = str(target or default_db())
    if is_url(target):
        require("serve", "a PostgreSQL database")  # psycopg comes with the service
    try:
        db: Database = Postgres(target) if is_url(target) else SQLite(Path(target), shared)
    except (OSError, sqlite3.Error) as error:
        raise UsageError(f"cannot open the database {shown(target)}: {error}") from None
    except Exception as error:  # psycopg's: the server is down, or refuses us
        if not is_url(target) or type(error).__module__.split(".")[0] != "psycopg":
            raise
        said = _masked(str(error).strip().splitlines()[0] if str(error).strip() else "", target)
        raise UsageError(f"cannot reach the database {shown(target)}: {said}") from None
    try:
        db.migrate()
    except sqlite3.DatabaseError as error:
        db.close()
        raise UsageError(f"{shown(target)} is not a studykit database: {error}") from None
    except BaseException:
        db.close()
        raise
    return db


def shown(target: str) -> str:
    """A target fit to print or log: a URL's password masked, in its user part or its
    query (`?password=`)."""
    target = re.sub(r"(://[^:/@]+:)[^@]+@", r"\1***@", target)
    return re.sub(r"([?&]password=)[^&#]*", r"\1***", target, flags=re.I)


def _masked(text: str, target: str) -> str:
    """`text` (a driver's error) with the target's password, if any, masked."""
    from urllib.parse import parse_qs, unquote, urlsplit

    parts = urlsplit(target)
    secrets = [unquote(parts.password or ""), *parse_qs(parts.query).get("password", [])]
    for secret in filter(None, secrets):
        text = text.replace(secret, "***")
    return text


def unavailable(error: BaseException) -> str | None:
    """What a database error says of the storage itself (full, read-only, failing, out of
    reach), for the learner and the log; None for any other error. The service answers
    these with 503: nothing is wrong with the request, and a retry may succeed."""
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF  # the primary result code
        return {
            sqlite3.SQLITE_FULL: "the database's disk is full",
            sqlite3.SQLITE_READONLY: "the database is read-only",
            sqlite3.SQLITE_IOERR: "the database's disk could not be written (full or failing)",
            sqlite3.SQLITE_CANTOPEN: "the database's files cannot be opened",
        }.get(code)
    if type(error).__module__.split(".")[0] != "psycopg":
        return None
    state = str(getattr(error, "sqlstate", None) or "")
    if state == "25006":
        return "the database is read-only"
    if state == "53100":
        return "the database server's disk is full"
    if state.startswith("53"):  # insufficient resources: memory, connections
        return "the database server is out of resources"
    lost = not state and type(error).__name__ in {"OperationalError", "InterfaceError"}
    if lost or state.startswith(("08", "57P")):  # no connection, or the server stops
        return "the database server cannot be reached"
    return None


def check_writable(target: str) -> None:
    """Refuse (UsageError) a SQLite store whose folder or file cannot be written: a
    read-only or full disk would otherwise fail every answer of a service that started
    without a word. Nothing is left behind. A PostgreSQL URL is the server's concern."""
    if is_url(target):
        return
    path = Path(target)
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        import tempfile

        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"studykit")
            probe.flush()
            os.fsync(probe.fileno())
        if path.exists():
            os.close(os.open(path, os.O_RDWR))
    except OSError as error:
        raise UsageError(
            f"cannot write the data directory {folder}: {error.strerror or error}"
        ) from None


class Database:
    """One dialect's connection, transactions and locks, plus the schema and `meta`."""

    serial: str  # the column type of an auto-numbered primary key
    target: str

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[Database]:
        raise NotImplementedError

    def savepoint(self) -> AbstractContextManager[Database]:
        """Inside a transaction: what the block writes is undone if it raises, and only
        that."""
        raise NotImplementedError

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    def lock(self, name: str) -> None:
        """Hold `name` until the transaction ends (a no-op where writers are serialised)."""

    def lock_user(self, user: int) -> None:
        """Hold back the learner's other answers until the transaction ends."""

    def close(self) -> None:
        raise NotImplementedError

    # --- schema ---------------------------------------------------------------------------

    def migrate(self) -> None:
        if self._version() == len(MIGRATIONS):
            return  # the common case, read without taking the write lock
        with self.transaction() as db:
            db.lock("migrations")
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > len(MIGRATIONS):
                raise SchemaError(
                    f"{shown(self.target)} was written by a newer studykit (schema {version})"
                )
            for step in MIGRATIONS[version:]:
                if callable(step):
                    step(db)
                    continue
                for statement in filter(str.strip, step.split(";")):
                    db.execute(statement.format(serial=db.serial))
            if version < len(MIGRATIONS):
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version VALUES (?)", (len(MIGRATIONS),))

    def _version(self) -> int:
        if not self.has_table("schema_version"):
            return 0
        row = self.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    # --- meta: sync stamps, FSRS parameters ---------------------------------------------------

    def get(self, key: str) -> str | None:
        row = self.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def values(self, *keys: str) -> dict[str, str]:
        """The meta values of these keys that are set, in one statement (the web's answer
        path reads a learner's several on every request)."""
        marks = ", ".join("?" * len(keys))
        rows = self.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys)
        return {str(key): str(value) for key, value in rows}

    def put(self, key: str, value: str) -> None:
        self.put_all({key: value})

    def put_all(self, values: dict[str, str]) -> None:
        """Several meta values in one transaction (a sync's stamps: one commit, not one per
        deck)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                [(key, value, value) for key, value in values.items()],
            )

    def stamps(self, prefix: str) -> dict[str, str]:
        """Meta values whose key starts with `prefix`, keyed by the rest of the key."""
        rows = self.execute(
            "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
        )
        return {key[len(prefix) :]: value for key, value in rows}


class SQLite(Database):
    """One file, WAL mode; BEGIN IMMEDIATE takes the write lock, which serialises writers.

    Writers of one process first queue on a Python lock: SQLite's own busy handler makes a
    waiting writer sleep in growing steps (up to 100 ms), which shows as long tails when a
    service's threads answer at once.
    """

    serial = "INTEGER PRIMARY KEY"
    _writers: ClassVar[dict[str, threading.Lock]] = {}

    def __init__(self, path: Path, shared: bool = False) -> None:
        private_file(path)
        self.target = str(path)
        self.conn = sqlite3.connect(
            path, timeout=30, isolation_level=None, check_same_thread=not shared
        )
        self.writer = self._writers.setdefault(str(path.resolve()), threading.Lock())
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA busy_timeout = 30000")

    def execute(self, sql: str, args: Iterable[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, tuple(args))

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany(sql, rows)

    def has_table(self, name: str) -> bool:
        query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self.conn.execute(query, (name,)).fetchone() is not None

    @contextmanager
    def transaction(self) -> Iterator[SQLite]:
        with self.writer:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:  # SQLite rolls back by itself on a full disk
                    self.conn.execute("ROLLBACK")
                raise

    @contextmanager
    def savepoint(self) -> Iterator[SQLite]:
        self.conn.execute("SAVEPOINT item")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:  # else SQLite already rolled back the whole
                self.conn.execute("ROLLBACK TO item")
                self.conn.execute("RELEASE item")
            raise
        self.conn.execute("RELEASE item")

    def close(self) -> None:
        self.conn.close()


class Postgres(Database):
    """psycopg in autocommit mode with explicit transactions and row or advisory locks."""

    serial = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str) -> None:
        import psycopg  # only PostgreSQL users need it (the `serve` extra)

        self.target = url
        # named after the process, so that pg_stat_activity tells whose connections are whose
        self.conn = psycopg.connect(
            url, autocommit=True, application_name=f"studykit {os.getpid()}"
        )

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s"), tuple(args))

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)

    @contextmanager
    def transaction(self) -> Iterator[Postgres]:
        with self.conn.transaction():
            yield self

    @contextmanager
    def savepoint(self) -> Iterator[Postgres]:
        with self.conn.transaction():  # nested: psycopg makes it a savepoint
            yield self

    def has_table(self, name: str) -> bool:
        return self.execute("SELECT to_regclass(?)", (name,)).fetchone()[0] is not None

    def lock(self, name: str) -> None:
        self.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))

    def lock_user(self, user: int) -> None:
        self.execute("SELECT id FROM users WHERE id = ? FOR UPDATE", (user,))

    def close(self) -> None:
        self.conn.close()
