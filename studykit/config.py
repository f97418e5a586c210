"""Where studykit keeps its files and which settings a command runs with, for the CLI and
the service alike.

Settings come from options, else environment variables (`STUDYKIT_NOTES`, `STUDYKIT_QUIZZES`,
`STUDYKIT_DB`), else defaults. `studykit serve` hands them to its uvicorn workers as the same
environment variables, written and read here only.
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
    path.mkdir(parents=True, exist_ok=True)
    return path


def notes_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """The notes folder: `given`, else `$STUDYKIT_NOTES`, else `./notes`."""
    return Path(given or os.environ.get("STUDYKIT_NOTES") or "notes")


def default_db() -> str:
    """`$STUDYKIT_DB`, else `studykit.sqlite3` in the data directory."""
    return os.environ.get("STUDYKIT_DB") or str(data_dir() / "studykit.sqlite3")


@dataclass(slots=True)
class Settings:
    """What a command or a service worker runs on.

    `secret` signs the service's session cookies; `secure_cookies` marks them Secure (the
    service is reached beyond loopback).
    """

    notes: Path
    quizzes: Path
    db: str
    secret: str = ""
    secure_cookies: bool = False

    def to_env(self) -> dict[str, str]:
        """The settings as environment variables, for worker processes."""
        return {_env_name(f.name): _env_value(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_env(cls) -> Settings:
        """The settings written by `to_env` (in a service worker)."""
        env = {f.name: os.environ.get(_env_name(f.name), "") for f in fields(cls)}
        return cls(
            notes=Path(env["notes"]),
            quizzes=Path(env["quizzes"]),
            db=env["db"],
            secret=env["secret"],
            secure_cookies=env["secure_cookies"] == "1",
        )


def _env_name(field: str) -> str:
    return f"STUDYKIT_{field.upper()}"


def _env_value(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
