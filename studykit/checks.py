"""Runnable checks inside notes: the claims a learner can back with a few lines of code.

A fenced block whose info string is `python check` is a check; `python setup` blocks run
before every check of the same note. Attributes follow as `key=value` (shell quoting):

    ```python check name=forget-gate claim="forget gate = 1 :하나도 안 잊는다" timeout=20
    ...
    ```

`name`, `claim` (text quoted from the note), `expect=refute` (the check should disprove
its claim), `timeout` (seconds, default 60), `skip="reason"`, `xfail="reason"`. Plain
`python` fences are never run.

Code is compiled with the note as its file name and its own line numbers, so a traceback
points at the Markdown line. Each check runs in a fresh namespace, with Python's, NumPy's
and torch's random generators seeded.
"""

from __future__ import annotations

import hashlib
import random
import shlex
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from studykit.notes import Block, Note, Topic, decode, parse_note
from studykit.store import CheckResult, Store, now
from studykit.text import nfc

DEFAULT_TIMEOUT = 60.0
ATTRIBUTES = {"name", "claim", "expect", "timeout", "skip", "xfail"}
VERDICTS = ("xfailed", "skipped", "verified", "refuted", "failed")
"""What `studykit check` can say of a check, from least to most worth seeing."""
PASSED = ("verified", "refuted")
"""Verdicts of a check that ran as its author meant (a refuting check refuted its claim)."""


class CheckSyntaxError(ValueError):
    """A check's attributes cannot be read; names the note's line."""


class CheckTimeout(Exception):
    pass


@dataclass(slots=True)
class Snippet:
    code: str
    line: int  # the fence's line; code starts on the next one
    end: int


@dataclass(slots=True)
class Check:
    note: str  # path of the note file
    topic: str  # topic slug
    name: str
    snippet: Snippet
    setup: list[Snippet] = field(default_factory=list)
    claim: str = ""
    claim_line: int = 0
    refute: bool = False
    timeout: float = DEFAULT_TIMEOUT
    skip: str = ""
    xfail: str = ""

    @property
    def id(self) -> str:
        return f"{self.topic}::{self.name}"

    @property
    def digest(self) -> str:
        """Changes when the check's code, its setup or its attributes change."""
        parts = [s.code for s in self.setup] + [self.snippet.code, self.claim]
        parts += [str(self.refute), str(self.timeout), self.skip, self.xfail]
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()


def has_checks(text: str) -> bool:
    """A cheap test before parsing: can this Markdown text hold a check at all?"""
    return "python check" in text


def find_checks(note: Note, path: str) -> list[Check]:
    """The note's checks in file order; `path` is the note file as the runner names it."""
    setup = [
        Snippet(b.text, b.line, b.end)
        for t in note.topics
        for b in _code_blocks(t.blocks)
        if _words(b)[:2] == ["python", "setup"]
    ]
    found: list[Check] = []
    for topic in note.topics:
        names: set[str] = set()
        for block in _code_blocks(topic.blocks):
            words = _words(block)
            if words[:2] != ["python", "check"]:
                continue
            attrs = _attributes(words[2:], path, block.line)
            name = attrs.get("name") or f"check-{len(names) + 1}"
            if name in names:
                raise CheckSyntaxError(f"{path}:{block.line}: a second check named {name!r}")
            names.add(name)
            claim, claim_line = _claim(topic, block, attrs.get("claim", ""))
            found.append(
                Check(
                    note=path,
                    topic=topic.slug or note.slug,
                    name=name,
                    snippet=Snippet(block.text, block.line, block.end),
                    setup=setup,
                    claim=claim,
                    claim_line=claim_line,
                    refute=attrs.get("expect") == "refute",
                    timeout=float(attrs.get("timeout", DEFAULT_TIMEOUT)),
                    skip=attrs.get("skip", ""),
                    xfail=attrs.get("xfail", ""),
                )
            )
    return found


def _code_blocks(blocks: list[Block]) -> list[Block]:
    return [b for top in blocks for b in top.walk() if b.kind == "code" and b.info]


def _words(block: Block) -> list[str]:
    try:
        return shlex.split(block.info)
    except ValueError:
        return block.info.split()


def _attributes(words: list[str], path: str, line: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or key not in ATTRIBUTES:
            known = ", ".join(sorted(ATTRIBUTES))
            raise CheckSyntaxError(f"{path}:{line}: unknown check attribute {word!r} ({known})")
        attrs[key] = nfc(value)
    if attrs.get("expect", "verify") not in ("verify", "refute"):
        raise CheckSyntaxError(f"{path}:{line}: expect= takes verify or refute")
    try:
        if float(attrs.get("timeout", DEFAULT_TIMEOUT)) <= 0:
            raise ValueError
    except ValueError:
        raise CheckSyntaxError(f"{path}:{line}: timeout= takes a number of seconds") from None
    return attrs


def _claim(topic: Topic, check: Block, quoted: str) -> tuple[str, int]:
    """The claim a check backs: the block quoting `claim=`, else the text just above it."""
    texts = [b for top in topic.blocks for b in top.walk() if b.kind in ("paragraph", "item")]
    if quoted:
        wanted = " ".join(quoted.split())
        for block in texts:
            if wanted in " ".join(block.text.split()):
                return quoted, block.line
        return quoted, check.line
    above = [b for b in texts if b.line < check.line]
    if above:
        return above[-1].text.split("\n")[0], above[-1].line
    return topic.title, topic.line


def compiled(snippet: Snippet, path: str):
    """The snippet's code object, with the note as file name and the note's line numbers."""
    return compile("\n" * snippet.line + snippet.code, path, "exec", dont_inherit=True)


def run(check: Check) -> None:
    """Run the check; raises what its code raises (AssertionError for a failed claim), or
    CheckTimeout past its timeout."""
    namespace: dict[str, object] = {"__name__": f"check:{check.id}"}
    _seed(check)
    with _deadline(check.timeout):
        for snippet in [*check.setup, check.snippet]:
            exec(compiled(snippet, check.note), namespace)  # the note's own code, on purpose


def _seed(check: Check) -> None:
    random.seed(0)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(0)
    if any("torch" in s.code for s in [*check.setup, check.snippet]):
        import torch  # only checks that use torch pay for importing it

        torch.manual_seed(0)


class _deadline:
    """SIGALRM-based timeout; a no-op off the main thread, where signals cannot be used."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.active = threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self.active:
            self.previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)

    def _expired(self, signum: int, frame: object) -> None:
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


def note_files(paths: list[Path]) -> list[Path]:
    """Markdown files among `paths` (files, or folders searched recursively) that hold a check."""
    found: list[Path] = []
    for path in paths:
        files = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        found += [f for f in files if has_checks(f.read_text(encoding="utf-8", errors="replace"))]
    return found


def checks_in(file: Path) -> list[Check]:
    """The checks of one note file, named by its absolute path (as pytest names it)."""
    path = str(file.resolve())
    return find_checks(parse_note(decode(file.read_bytes(), path), path), path)


def marks(results: list[CheckResult]) -> dict[int, str]:
    """Line -> verdict of claims and check fences; where several checks share a line, the
    verdict most worth seeing wins (a failure over a refutation over a verification)."""
    found: dict[int, str] = {}
    for result in results:
        for line in (result.claim_line, result.line):
            if VERDICTS.index(result.verdict) >= VERDICTS.index(found.get(line, "xfailed")):
                found[line] = result.verdict
    return found


def stale(files: list[Path], ledger: dict[tuple[str, str], CheckResult]) -> list[str]:
    """pytest node ids of the checks whose code, setup or attributes changed since they
    last passed (or that never did): what `studykit check --changed` runs."""
    found = [check for file in files for check in checks_in(file)]
    return [f"{c.note}::{c.topic}::{c.name}" for c in found if _needs_run(c, ledger)]


def _needs_run(check: Check, ledger: dict[tuple[str, str], CheckResult]) -> bool:
    last = ledger.get((check.note, check.id))
    return last is None or last.digest != check.digest or last.verdict not in PASSED


def record(store: Store, results: list[tuple[Check, str, str]], complete: bool) -> None:
    """Save each check's verdict in the ledger; after a complete run of a note, forget the
    checks it no longer has."""
    at = now().isoformat()
    for check, verdict, detail in results:
        store.save_check(
            CheckResult(
                check.note, check.id, check.digest, verdict, check.claim, check.claim_line,
                check.snippet.line, detail, at,
            )
        )  # fmt: skip
    if complete:
        for note in {check.note for check, _, _ in results}:
            store.forget_checks(note, {c.id for c, _, _ in results if c.note == note})
