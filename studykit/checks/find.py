"""Runnable checks inside notes: the claims a learner can back with a few lines of code.

A fenced block whose info string is `python check` is a check; `python setup` blocks run
before every check of the same note. Attributes follow as `key=value` (shell quoting):

    ```python check name=forget-gate claim="forget gate = 1 :하나도 안 잊는다" timeout=20
    ...
    ```

`name`, `claim` (text quoted from the note), `reading` (which reading of the claim the
check tests; default: the code's first comment line), `expect=refute` (the check shows
that reading to be false: its assertion is expected to fail), `timeout` (seconds, default
60), `skip="reason"`, `xfail="reason"`, `card="question?"` (the claim becomes a card of its
own: the question asks for it, and the quiz marks it with its verdict). Plain `python`
fences are never run.

The words pytest-markdown-docs reads in info strings (`notest`, `continuation`,
`fixture:NAME`, `retry:N`) are accepted and ignored, so a note can go through both plugins.
A check whose info string cannot be read is kept, with its `error`: that one check fails,
naming the line, and every other check still runs.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from studykit.errors import CheckError
from studykit.markdown import runnable_fence
from studykit.notes.model import Block, BlockKind, Note, Topic
from studykit.notes.parse import decode, parse_note
from studykit.text import nfc

DEFAULT_TIMEOUT = 60.0
ATTRIBUTES = {"name", "claim", "reading", "expect", "timeout", "skip", "xfail", "card"}
MARKDOWN_DOCS_WORDS = {"notest", "continuation"}
MARKDOWN_DOCS_PREFIXES = ("fixture:", "retry:")


@dataclass(slots=True)
class Snippet:
    code: str
    line: int  # the fence's line; code starts on the next one
    end: int


@dataclass(slots=True)
class Check:
    """One check. note: the note file as the runner names it (an absolute path); topic: the
    topic id (`note#topic`)."""

    note: str
    topic: str
    name: str
    snippet: Snippet
    setup: list[Snippet] = field(default_factory=list)
    claim: str = ""
    claim_line: int = 0
    claim_held: bool = True  # False when the quoted claim is no longer in the note
    reading: str = ""
    refute: bool = False
    timeout: float = DEFAULT_TIMEOUT
    skip: str = ""
    xfail: str = ""
    error: str = ""  # why the info string cannot be read; the check then fails
    card: str = ""  # the question that asks for the claim, when it is to be a card

    @property
    def slug(self) -> str:
        """The topic's slug (the note's, for checks above the first heading)."""
        return self.topic.partition("#")[2] or self.topic

    @property
    def id(self) -> str:
        return f"{self.slug}::{self.name}"

    @property
    def node_id(self) -> str:
        """pytest's name for the check: `note.md::topic::name`."""
        return f"{self.note}::{self.id}"

    @property
    def digest(self) -> str:
        """Changes when the check's code, its setup or its attributes change."""
        parts = [s.code for s in self.setup] + [self.snippet.code, self.claim, self.reading]
        parts += [str(self.refute), str(self.timeout), self.skip, self.xfail, self.error]
        return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()


def has_checks(text: str) -> bool:
    """A cheap test before parsing: can this Markdown text hold a check at all?"""
    return "python check" in text


def find_checks(note: Note, path: str) -> list[Check]:
    """The note's checks in file order; `path` is the note file as the runner names it."""
    setup = [
        Snippet(b.text, b.line, b.end)
        for t in note.topics
        for b in _code_blocks(t)
        if runnable_fence(b.info) == "setup"
    ]
    found: list[Check] = []
    for topic in note.topics:
        names: set[str] = set()
        texts: list[tuple[Block, str]] | None = None  # the topic's text, read at its first check
        for block in _code_blocks(topic):
            if runnable_fence(block.info) != "check":
                continue
            words = _words(block)
            error = ""
            try:
                attrs = _attributes(words[2:], path, block.line)
            except CheckError as bad:
                attrs, error = {}, str(bad)
            name = attrs.get("name") or f"check-{len(names) + 1}"
            if name in names:
                error = str(CheckError(path, block.line, f"a second check named {name!r}"))
                name = f"{name}-line-{block.line}"
            names.add(name)
            if texts is None:
                texts = [
                    (b, " ".join(b.text.split()))
                    for b in topic.walk()
                    if b.kind in (BlockKind.PARAGRAPH, BlockKind.ITEM)
                ]
            claim, claim_line, held = _claim(topic, texts, block, attrs.get("claim", ""))
            found.append(
                Check(
                    note=path,
                    topic=topic.id,
                    name=name,
                    snippet=Snippet(block.text, block.line, block.end),
                    setup=setup,
                    claim=claim,
                    claim_line=claim_line,
                    claim_held=held,
                    reading=attrs.get("reading") or _first_comment(block.text),
                    refute=attrs.get("expect") == "refute",
                    timeout=float(attrs.get("timeout", DEFAULT_TIMEOUT)),
                    skip=attrs.get("skip", ""),
                    xfail=attrs.get("xfail", ""),
                    error=error,
                    card=attrs.get("card", ""),
                )
            )
    return found


def _first_comment(code: str) -> str:
    """The code's first line when it is a comment: the reading it tests, in the author's
    words."""
    first = code.lstrip().split("\n", 1)[0].strip()
    return first.lstrip("#").strip() if first.startswith("#") else ""


def checks_in(file: Path) -> list[Check]:
    """The checks of one note file, named by its absolute path (as pytest names it)."""
    path = str(file.resolve())
    return find_checks(parse_note(decode(file.read_bytes(), path), path), path)


def note_files(paths: list[Path]) -> list[Path]:
    """Markdown files among `paths` (files, or folders searched recursively) that hold a check."""
    from studykit.notes.corpus import note_files as notes_in  # hidden folders left out too

    found: list[Path] = []
    for path in paths:
        files = [path / name for name in notes_in(path)] if path.is_dir() else [path]
        found += [f for f in files if has_checks(f.read_text(encoding="utf-8", errors="replace"))]
    return found


def _code_blocks(topic: Topic) -> list[Block]:
    return [b for b in topic.walk() if b.kind == BlockKind.CODE and b.info]


def _words(block: Block) -> list[str]:
    """The info string's words, shell-quoted; without a backslash or an open quote they are
    read here as shlex reads them, ten times faster."""
    info = block.info
    if "\\" not in info and not _SHELL_WORD.sub("", info).strip(" \t\r\n"):
        return [_QUOTED.sub(_unquote, word) for word in _SHELL_WORD.findall(info)]
    try:
        return shlex.split(info)
    except ValueError:
        return info.split()


_SHELL_WORD = re.compile(r"""(?:[^ \t\r\n'"\\]+|'[^']*'|"[^"\\]*")+""")
"""A word as shlex splits one without backslashes: shlex's white space is these four."""
_QUOTED = re.compile(r"""'([^']*)'|"([^"]*)["]""")


def _unquote(quoted: re.Match[str]) -> str:
    return quoted.group(1) if quoted.group(1) is not None else quoted.group(2)


def _attributes(words: list[str], path: str, line: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for word in words:
        if word in MARKDOWN_DOCS_WORDS or word.startswith(MARKDOWN_DOCS_PREFIXES):
            continue
        key, sep, value = word.partition("=")
        if not sep or key not in ATTRIBUTES:
            known = ", ".join(sorted(ATTRIBUTES))
            raise CheckError(path, line, f"unknown check attribute {word!r} ({known})")
        attrs[key] = nfc(value)
    if attrs.get("expect", "verify") not in ("verify", "refute"):
        raise CheckError(path, line, "expect= takes verify or refute")
    try:
        if float(attrs.get("timeout", DEFAULT_TIMEOUT)) <= 0:
            raise ValueError
    except ValueError:
        raise CheckError(path, line, "timeout= takes a number of seconds") from None
    return attrs


def _claim(
    topic: Topic, texts: list[tuple[Block, str]], check: Block, quoted: str
) -> tuple[str, int, bool]:
    """The claim a check backs, its line, and whether the note still holds it: the sentence
    quoted by `claim=` (in the nearest block above the check that has it, else the first
    one), else the text just above the check. `texts`: the topic's paragraphs and items,
    each with its words joined by single spaces."""
    if quoted:
        wanted = " ".join(quoted.split())
        quoting = [b for b, words in texts if wanted in words]
        above = [b for b in quoting if b.line < check.line]
        if quoting:
            block = above[-1] if above else quoting[0]
            return quoted, block.line + _line_of(wanted, block.text), True
        return quoted, check.line, False  # gone from the note: its results are stale
    above = [b for b, _ in texts if b.line < check.line]
    if above:
        return above[-1].text.split("\n")[0], above[-1].line, True
    return topic.title, topic.line, True


def _line_of(wanted: str, text: str) -> int:
    """Which line of a block's text (0 for its first) the quoted words start on, so that
    two claims of one paragraph each get their own line."""
    lines = text.split("\n")
    for start in range(len(lines) - 1, -1, -1):
        if wanted in " ".join(" ".join(lines[start:]).split()):
            return start
    return 0
