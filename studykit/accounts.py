"""Learners and their API tokens, with their own table access.

A learner is a name. Commands that read or write reviews act for `--user` / `$STUDYKIT_USER`,
else for the one learner who has a token (the person who set up the web quiz), else for
`local`: one person quizzing in the terminal and on the web has one history. The first
learner given a token adopts `local`'s history, so answers given in the terminal before the
web was set up are not left behind.

Three secrets let a learner in, each shown once and stored only as its SHA-256, so a copied
database gives no one a way in:
- an API token (`Authorization: Bearer`), valid until revoked;
- a login link's code, good for one login within a short time, never the token itself;
- a browser session, made by that login, ended by logging out, by revoking the learner, or
  after SESSION_DAYS. Sessions live in the database, so every service worker sees a logout
  or a revocation at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from studykit.db import Database, now, stamp

LOCAL_USER = "local"
SESSION_DAYS = 14
LINK_MINUTES = 60


def known(db: Database, name: str) -> int | None:
    """The learner's id, or None when there is no such learner (nothing is created)."""
    row = db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    return int(row[0]) if row else None


def user_id(db: Database, name: str = LOCAL_USER) -> int:
    """The learner's id; the learner is created on first use."""
    found = known(db, name)
    if found is not None:
        return found
    with db.transaction() as tx:
        tx.execute(
            "INSERT INTO users (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (name, now().isoformat()),
        )
        created = known(tx, name)
    assert created is not None  # inserted, or inserted by another process just before
    return created


def learner(db: Database, name: str | None = None) -> tuple[int, str]:
    """(id, name) of the learner a command acts for: `name` if given, else the only learner
    with a token, else `local`."""
    if not name:
        holders = token_holders(db)
        name = holders[0] if len(holders) == 1 else LOCAL_USER
    return user_id(db, name), name


def token_holders(db: Database) -> list[str]:
    """Names of the learners who have at least one token (who can use the service)."""
    rows = db.execute(
        "SELECT DISTINCT u.name FROM users u JOIN tokens t ON t.user_id = u.id ORDER BY 1"
    )
    return [row[0] for row in rows]


def digest(token: str) -> str:
    import hashlib  # OpenSSL costs the terminal quiz 4 MB: loaded only for tokens

    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()  # any str


def _secret() -> str:
    import secrets

    return secrets.token_urlsafe(32)


def add_user(db: Database, name: str) -> str:
    """Create `name` (or reuse it) and return a new API token for it."""
    token, user = _secret(), user_id(db, name)
    with db.transaction() as tx:
        tx.execute("INSERT INTO tokens VALUES (?, ?, ?)", (digest(token), user, now().isoformat()))
    return token


def login_code(db: Database, user: int, minutes: int = LINK_MINUTES) -> str:
    """A new login link's code: one login, within `minutes`."""
    code, expires = _secret(), (now() + timedelta(minutes=minutes)).isoformat()
    with db.transaction() as tx:
        tx.execute("INSERT INTO login_links VALUES (?, ?, ?)", (digest(code), user, expires))
    return code


def use_login_code(db: Database, code: str) -> tuple[int, str] | None:
    """(user id, name) for a login code not yet used nor expired, which is used up here."""
    if not code:
        return None
    with db.transaction() as tx:
        row = tx.execute(
            "DELETE FROM login_links WHERE digest = ? RETURNING user_id, expires", (digest(code),)
        ).fetchone()
        tx.execute("DELETE FROM login_links WHERE expires < ?", (now().isoformat(),))
    if row is None or row[1] < now().isoformat():
        return None
    name = db.execute("SELECT name FROM users WHERE id = ?", (row[0],)).fetchone()
    return (int(row[0]), str(name[0])) if name else None


def code_holder(db: Database, code: str) -> tuple[int, str] | None:
    """(user id, name) a login code not yet used nor expired would log in, leaving it
    unused: what a login link's page names before the learner agrees to log in."""
    if not code:
        return None
    row = db.execute(
        """SELECT u.id, u.name FROM login_links l JOIN users u ON u.id = l.user_id
        WHERE l.digest = ? AND l.expires >= ?""",
        (digest(code), now().isoformat()),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


@dataclass(slots=True, frozen=True)
class Session:
    """A browser session: whose it is and the CSRF token its pages send back."""

    user: int
    name: str
    csrf: str


def start_session(db: Database, user: int) -> str:
    """A new session for the learner; returns its id (the cookie's value)."""
    sid, expires = _secret(), (now() + timedelta(days=SESSION_DAYS)).isoformat()
    with db.transaction() as tx:
        tx.execute("DELETE FROM sessions WHERE expires < ?", (now().isoformat(),))
        tx.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?)", (digest(sid), user, _secret(), expires)
        )
    return sid


def session(db: Database, sid: str) -> Session | None:
    """The live session with this id, else None (ended, expired, or its learner gone)."""
    if not sid:
        return None
    row = db.execute(
        """SELECT u.id, u.name, s.csrf FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.digest = ? AND s.expires > ?""",
        (digest(sid), now().isoformat()),
    ).fetchone()
    return Session(int(row[0]), str(row[1]), str(row[2])) if row else None


def end_session(db: Database, sid: str) -> None:
    with db.transaction() as tx:
        tx.execute("DELETE FROM sessions WHERE digest = ?", (digest(sid),))


def revoke(db: Database, user: int) -> int:
    """End the learner's sessions and invalidate their tokens and login links, at once.
    Returns how many of those there were; the learner's reviews stay."""
    ended = 0
    with db.transaction() as tx:
        for table in ("tokens", "sessions", "login_links"):
            ended += tx.execute(f"DELETE FROM {table} WHERE user_id = ?", (user,)).rowcount
    return ended


def adopt_local(db: Database, name: str) -> int:
    """Give `local`'s reviews and schedules to `name`, if `name` has none of its own: the
    person who quizzed in the terminal before setting up the web keeps one history.
    Returns how many reviews moved."""
    if name == LOCAL_USER:
        return 0
    user = user_id(db, name)
    with db.transaction() as tx:
        tx.lock_user(user)
        local = known(tx, LOCAL_USER)
        own = tx.execute("SELECT 1 FROM reviews WHERE user_id = ? LIMIT 1", (user,)).fetchone()
        if local is None or own:
            return 0
        count = tx.execute("SELECT COUNT(*) FROM reviews WHERE user_id = ?", (local,))
        moved = int(count.fetchone()[0])
        for table in ("reviews", "card_state"):
            tx.execute(f"UPDATE {table} SET user_id = ? WHERE user_id = ?", (user, local))
    return moved


FAILURE_LIMIT = 10
FAILURE_WINDOW = timedelta(seconds=60)
"""After FAILURE_LIMIT failed attempts by one subject (a client address, a learner) within
FAILURE_WINDOW of the first, its further failures are refused until the window ends."""


def locked_for(db: Database, subjects: list[str], at: datetime) -> int:
    """Seconds until the most locked of `subjects` may fail again; 0 when none is locked.
    Kept in the database, so that every service worker counts the same failures."""
    if not subjects:
        return 0
    marks = ", ".join("?" * len(subjects))
    rows = db.execute(
        f"SELECT since FROM auth_failures WHERE subject IN ({marks}) AND failures >= ?"
        " AND since > ?",
        (*subjects, FAILURE_LIMIT, stamp(at - FAILURE_WINDOW)),
    ).fetchall()
    if not rows:
        return 0
    first = min(datetime.fromisoformat(row[0]) for row in rows)
    return max(1, math.ceil((first + FAILURE_WINDOW - at).total_seconds()))


def failed(db: Database, subjects: list[str], at: datetime) -> None:
    """Count a failed attempt against each subject; entries older than the window go."""
    with db.transaction() as tx:
        tx.execute("DELETE FROM auth_failures WHERE since <= ?", (stamp(at - FAILURE_WINDOW),))
        tx.executemany(
            "INSERT INTO auth_failures VALUES (?, 1, ?) ON CONFLICT (subject) DO UPDATE"
            " SET failures = auth_failures.failures + 1",
            [(subject, stamp(at)) for subject in subjects],
        )


def authenticate(db: Database, token: str) -> tuple[int, str] | None:
    """(user id, name) for a valid token, else None."""
    if not token:
        return None
    row = db.execute(
        "SELECT u.id, u.name FROM tokens t JOIN users u ON u.id = t.user_id WHERE digest = ?",
        (digest(token),),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


SERVICE_URL = "service.url"
"""Meta key: the address `studykit serve` last ran on, for the links `user add` prints."""


def remember_url(db: Database, url: str) -> None:
    db.put(SERVICE_URL, url)


def service_url(db: Database) -> str | None:
    """Where `studykit serve` last ran with this database, if it ever did."""
    return db.get(SERVICE_URL)
