"""Running one check: its setup and code in a fresh namespace, with the note as the file
name and the note's own line numbers (so a traceback points at the Markdown line), with
Python's, NumPy's and torch's random generators seeded, and a timeout.
"""

from __future__ import annotations

import random
import signal
import sys
import threading
from types import CodeType, FrameType

from studykit.checks.find import Check, Snippet
from studykit.errors import CheckTimeout


def compiled(snippet: Snippet, path: str) -> CodeType:
    """The snippet's code object, with the note as file name and the note's line numbers."""
    return compile("\n" * snippet.line + snippet.code, path, "exec", dont_inherit=True)


def run(check: Check) -> None:
    """Run the check; raises what its code raises (AssertionError for a failed claim), or
    CheckTimeout past its timeout."""
    namespace: dict[str, object] = {"__name__": f"check:{check.id}"}
    _seed(check)
    with _Deadline(check.timeout):
        for snippet in [*check.setup, check.snippet]:
            exec(compiled(snippet, check.note), namespace)  # the note's own code, on purpose


def _seed(check: Check) -> None:
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if any("torch" in s.code for s in [*check.setup, check.snippet]):
        import torch  # only checks that use torch pay for importing it

        torch.manual_seed(0)


class _Deadline:
    """SIGALRM-based timeout; a no-op off the main thread, where signals cannot be used."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = threading.current_thread() is threading.main_thread()
        self.previous: object = None

    def __enter__(self) -> None:
        if self.active:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)  # type: ignore[arg-type]

    def _expired(self, signum: int, frame: FrameType | None) -> None:
        raise CheckTimeout(f"the check took longer than its {self.seconds:g} s timeout")


def failing_line(error: BaseException, path: str) -> int | None:
    """The note line where `error` was raised, from its traceback."""
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def excerpt(check: Check, lines: list[str], marked: int | None) -> str:
    """The check as written in the note, numbered, with the failing line marked `>`."""
    out = []
    for number in range(check.snippet.line, check.snippet.end + 1):
        prefix = ">" if number == marked else " "
        out.append(f"{prefix} {number:4d} | {lines[number - 1]}")
    return "\n".join(out)
