"""Running one check: its setup, then its code, in a fresh namespace, with the note as the
file name and the note's own line numbers (so a traceback points at the Markdown line),
Python's, NumPy's and torch's random generators seeded, and a timeout.

The check's own code has its assertions rewritten by pytest's rewriter, so a failed one
shows its values (`assert [1, 2, 3] == [1, 2, 4]`); setup code runs as written. An error in
setup is a SetupFailed, never the check's own verdict.
"""

from __future__ import annotations

import ast
import random
import signal
import sys
import threading
from types import CodeType, FrameType

from studykit.checks.find import Check, Snippet
from studykit.errors import CheckTimeout, SetupFailed


def compiled(snippet: Snippet, path: str, *, rewrite: bool = False) -> CodeType:
    """The snippet's code object, with the note as file name and the note's line numbers;
    `rewrite`: with pytest's assertion rewriting."""
    source = "\n" * snippet.line + snippet.code
    if not rewrite:
        return compile(source, path, "exec", dont_inherit=True)
    from _pytest.assertion.rewrite import rewrite_asserts  # loaded only where checks run

    tree = ast.parse(source, path)
    rewrite_asserts(tree, source.encode(), path, None)
    return compile(tree, path, "exec", dont_inherit=True)


def run(check: Check) -> None:
    """Run the check; raises what its code raises (AssertionError for a failed claim),
    SetupFailed when a setup block raises, or CheckTimeout past its timeout."""
    namespace: dict[str, object] = {"__name__": f"check:{check.id}"}
    _seed(check)
    with _Deadline(check.timeout):
        for snippet in check.setup:
            try:
                exec(compiled(snippet, check.note), namespace)  # the note's own code
            except CheckTimeout:
                raise
            except Exception as error:
                raise SetupFailed(check.note, snippet.line, "the setup block failed") from error
        exec(compiled(check.snippet, check.note, rewrite=True), namespace)


def _seed(check: Check) -> None:
    """Seed every generator the check can reach: Python's always, NumPy's and torch's when
    the check uses them (so that importing either is paid only by checks that do)."""
    random.seed(0)
    code = "\n".join(s.code for s in [*check.setup, check.snippet])
    if "numpy" in sys.modules or "numpy" in code:
        try:
            import numpy
        except ImportError:
            pass  # the check's own import will say so
        else:
            numpy.random.seed(0)
    if "torch" in code:
        import torch

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


def report(check: Check, error: BaseException) -> str:
    """What a check that raised shows: `note:line: Error: message`, the claim, and the
    check (or its setup) as written, the failing line marked."""
    from pathlib import Path

    from studykit.notes.parse import source_lines

    path, snippet, where = check.note, check.snippet, "check"
    lines = source_lines(Path(path).read_text(encoding="utf-8"))
    claim = f"claim (line {check.claim_line}): {check.claim}"
    if isinstance(error, SetupFailed) and error.__cause__ is not None:
        snippet = next(s for s in check.setup if s.line == error.line)
        where, error = "setup", error.__cause__
    line = failing_line(error, path) or snippet.line
    if isinstance(error, SyntaxError) and error.filename == path and error.lineno:
        line = error.lineno
    kind = type(error).__name__
    message = str(error) or ("the claim does not hold" if kind == "AssertionError" else "")
    if where == "setup":
        kind = f"setup failed: {kind}"
    heading = f"{path}:{line}: {kind}: {message}".rstrip(": ")
    return "\n".join([heading, claim, "", excerpt(snippet, lines, line)])


def excerpt(snippet: Snippet, lines: list[str], marked: int | None) -> str:
    """A check or setup block as written in the note, numbered, the failing line marked `>`."""
    out = []
    for number in range(snippet.line, snippet.end + 1):
        prefix = ">" if number == marked else " "
        out.append(f"{prefix} {number:4d} | {lines[number - 1]}")
    return "\n".join(out)
