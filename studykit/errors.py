"""Every error studykit raises on purpose, and the exit code each one means.

    StudykitError          something the user can fix; exit code 1
    ├── UsageError         the command line names something that is not there; exit code 2
    │   ├── TargetError    no note, topic or deck matches (or several do)
    │   │   └── NoMatch    nothing matches: the message says the closest target
    │   └── MissingExtra   the command needs an optional extra that is not installed
    ├── SourceError        a file is wrong at a line: path, line and message
    │   ├── NoteError      a note that cannot be read
    │   ├── DeckError      a deck file that cannot be read
    │   ├── CheckError     a check whose attributes cannot be read
    │   └── SetupFailed    a check's setup block raised: the check could not run
    ├── SchemaError        the database was written by a newer studykit
    ├── NotEnoughReviews   too little history to fit FSRS's parameters
    ├── CheckTimeout       a check ran past its timeout
    ├── Incomplete         the work is done, but some inputs were skipped (each reported)
    └── Interrupted        the learner pressed Ctrl-C; exit code 130

The core raises them and never exits; the interfaces turn them into exit codes (the CLI,
through `exit_code`) or HTTP problems (the service). Modelled on click's ClickException.
"""

from __future__ import annotations

import os
from typing import Any


class StudykitError(Exception):
    """Base of studykit's errors; `exit_code` is what the CLI exits with."""

    exit_code = 1

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class UsageError(StudykitError):
    """The command line names a folder, note or value that is not there."""

    exit_code = 2


class TargetError(UsageError):
    """No note, topic or deck matches a target, or several match it."""


class NoMatch(TargetError):
    """Nothing matches a target; the message ends with the closest target, if any."""

    def __init__(self, message: str, suggestion: str | None) -> None:
        super().__init__(f"{message}; did you mean {suggestion}?" if suggestion else message)
        self.suggestion = suggestion


class MissingExtra(UsageError):
    """A command needs an optional extra (`serve`, `checks`, `interop`) that is not
    installed; the message names it and the command that installs it."""


class SourceError(StudykitError):
    """A file that is wrong at one line; the message reads `path:line: message`."""

    def __init__(self, path: str | os.PathLike[str], line: int, message: str) -> None:
        super().__init__(message)
        self.path, self.line = os.fspath(path), line

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:  # the note cache pickles errors
        return (type(self), (self.path, self.line, self.message))


class NoteError(SourceError):
    """A note that cannot be read."""


class SetupFailed(SourceError):
    """A check's `python setup` block raised (its error is the cause): the check could not
    run, which says nothing of its claim."""


class DeckError(SourceError):
    """A deck file that cannot be read."""


class CheckError(SourceError):
    """A check whose attributes cannot be read."""


class SchemaError(StudykitError):
    """The database's schema is newer than this studykit knows."""


class NotEnoughReviews(StudykitError):
    """Too few countable reviews to fit FSRS's parameters."""

    def __init__(self, have: int, needed: int) -> None:
        super().__init__(f"{have} countable reviews, {needed} needed")
        self.have, self.missing = have, needed - have


class CheckTimeout(StudykitError):
    """A check that ran longer than its timeout."""


class Incomplete(StudykitError):
    """The command finished, but skipped inputs it has already reported."""


class Interrupted(StudykitError):
    """Stopped by Ctrl-C; what was done so far is kept."""

    exit_code = 130


__all__ = [
    "CheckError",
    "CheckTimeout",
    "DeckError",
    "Incomplete",
    "Interrupted",
    "MissingExtra",
    "NoMatch",
    "NotEnoughReviews",
    "NoteError",
    "SchemaError",
    "SetupFailed",
    "SourceError",
    "StudykitError",
    "TargetError",
    "UsageError",
]
