"""Where studykit keeps its files: the notes folder and the user's data directory."""

from __future__ import annotations

import os
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
