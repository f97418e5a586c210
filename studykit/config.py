"""Where studykit keeps its files and which settings a command runs with, for the CLI and
the service alike.

Settings come from options, else environment variables (`STUDYKIT_NOTES`, `STUDYKIT_QUIZZES`,
`STUDYKIT_DB`), else defaults. `studykit serve` hands them to its uvicorn workers as the same
environment variables. studykit's own variables (`STUDYKIT_*`) are read here only, besides the
command-line options click reads them for (`envvar=`); the files of the data directory are
made here, its owner's alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


def data_dir() -> Path:
    """`$STUDYKIT_HOME`, else the platform's user data directory (XDG on Linux)."""
    home = os.environ.get("STUDYKIT_HOME")
    if home:
        path = Path(home)
    else:
        from platformdirs import user_data_path  # 5 ms of start-up, only when needed

        path = user_data_path("studykit", appauthor=False)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # reviews and tokens: the owner's alone
    return path


def private_file(path: Path) -> Path:
    """`path`, created empty if missing, readable by its owner alone (its folder too): the
    data directory holds reviews, tokens and the notes' text. SQLite gives a database's
    -wal and -shm files the database's mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    return path


def max_note_bytes() -> int:
    """`$STUDYKIT_MAX_NOTE_BYTES`, else 2 MiB: a larger note is skipped, named, not parsed
    (one pasted log must not stall every command)."""
    return int(os.environ.get("STUDYKIT_MAX_NOTE_BYTES") or 2 * 1024 * 1024)


def notes_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """The notes folder: `given`, else `$STUDYKIT_NOTES`, else `./notes`."""
    return Path(given or os.environ.get("STUDYKIT_NOTES") or "notes")


def default_db() -> str:
    """`$STUDYKIT_DB`, else `studykit.sqlite3` in the data directory."""
    return os.environ.get("STUDYKIT_DB") or str(data_dir() / "studykit.sqlite3")


POOL_SIZE = 8
"""Database connections per service worker, by default."""
CLIENT_TIMEOUT = 10.0
"""Seconds a client of the service has to send a request's headers, and then its body."""


@dataclass(slots=True)
class Settings:
    """What a command or a service worker runs on.

    `pool_size`: the most database connections one service worker's requests hold; each
    worker has one more to record answers. Size it against PostgreSQL's `max_connections`:
    workers × (pool_size + 1), plus room for the CLI. `client_timeout`: see CLIENT_TIMEOUT.
    """

    notes: Path
    quizzes: Path
    db: str
    pool_size: int = POOL_SIZE
    client_timeout: float = CLIENT_TIMEOUT

    def to_env(self) -> dict[str, str]:
        """The settings as environment variables, for worker processes."""
        return {_env_name(f.name): str(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_env(cls) -> Settings:
        """The settings written by `to_env` (in a service worker)."""
        env = {f.name: os.environ.get(_env_name(f.name), "") for f in fields(cls)}
        return cls(
            notes=Path(env["notes"]),
            quizzes=Path(env["quizzes"]),
            db=env["db"],
            pool_size=int(env["pool_size"] or POOL_SIZE),
            client_timeout=float(env["client_timeout"] or CLIENT_TIMEOUT),
        )


def _env_name(field: str) -> str:
    return f"STUDYKIT_{field.upper()}"
