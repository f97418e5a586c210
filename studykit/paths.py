"""Where studykit keeps its files: the notes folder and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path


def data_dir() -> Path:
    """`$STUDYKIT_HOME`, else the platform's user data directory (XDG on Linux)."""
    home = os.environ.get("STUDYKIT_HOME")
    path = Path(home) if home else user_data_path("studykit", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def notes_dir(given: str | os.PathLike[str] | None = None) -> Path:
    """The notes folder: `given`, else `$STUDYKIT_NOTES`, else `./notes`."""
    return Path(given or os.environ.get("STUDYKIT_NOTES") or "notes")
