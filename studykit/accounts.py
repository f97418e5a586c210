"""Learners and their API tokens, with their own table access.

A learner is a name. Commands that read or write reviews act for `--user` / `$STUDYKIT_USER`,
else for the one learner who has a token (the person who set up the web quiz), else for
`local`: one person quizzing in the terminal and on the web has one history. The first
learner given a token adopts `local`'s history, so answers given in the terminal before the
web was set up are not left behind.

A token is shown once, when made; the store keeps only its SHA-256, so a copied database
gives no one a way in. The same token works as `Authorization: Bearer` for the API and in
the login link, which turns it into a session cookie.
"""

from __future__ import annotations

from studykit.db import Database, now

LOCAL_USER = "local"


def user_id(db: Database, name: str = LOCAL_USER) -> int:
    """The learner's id; the learner is created on first use."""
    row = db.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    with db.transaction() as tx:
        tx.execute(
            "INSERT INTO users (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (name, now().isoformat()),
        )
        return int(tx.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()[0])


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

    return hashlib.sha256(token.encode()).hexdigest()


def add_user(db: Database, name: str) -> str:
    """Create `name` (or reuse it) and return a new token for it."""
    import secrets

    token, user = secrets.token_urlsafe(32), user_id(db, name)
    with db.transaction() as tx:
        tx.execute("INSERT INTO tokens VALUES (?, ?, ?)", (digest(token), user, now().isoformat()))
    return token


def adopt_local(db: Database, name: str) -> int:
    """Give `local`'s reviews and schedules to `name`, if `name` has none of its own: the
    person who quizzed in the terminal before setting up the web keeps one history.
    Returns how many reviews moved."""
    if name == LOCAL_USER:
        return 0
    user = user_id(db, name)
    with db.transaction() as tx:
        tx.lock_user(user)
        local = tx.execute("SELECT id FROM users WHERE name = ?", (LOCAL_USER,)).fetchone()
        own = tx.execute("SELECT 1 FROM reviews WHERE user_id = ? LIMIT 1", (user,)).fetchone()
        if local is None or own:
            return 0
        count = tx.execute("SELECT COUNT(*) FROM reviews WHERE user_id = ?", (local[0],))
        moved = int(count.fetchone()[0])
        for table in ("reviews", "card_state"):
            tx.execute(f"UPDATE {table} SET user_id = ? WHERE user_id = ?", (user, local[0]))
    return moved


def authenticate(db: Database, token: str) -> tuple[int, str] | None:
    """(user id, name) for a valid token, else None."""
    if not token:
        return None
    row = db.execute(
        "SELECT u.id, u.name FROM tokens t JOIN users u ON u.id = t.user_id WHERE digest = ?",
        (digest(token),),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None
