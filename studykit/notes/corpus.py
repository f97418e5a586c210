"""The corpus: every note under a folder, parsed once and cached until it changes
(studykit.notes.cache), and found again by the names a learner types.

Notes are identified by their path relative to the folder; slugs name them in targets
(`day008#lstm`), with a unique partial match accepted.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from studykit.config import data_dir
from studykit.errors import NoMatch, NoteError, TargetError, UsageError
from studykit.notes.cache import NOTE_SUFFIXES, Cache
from studykit.notes.model import Note, Topic
from studykit.progress import Progress, each
from studykit.text import jamo, nfc, slugify

T = TypeVar("T")
_SEPARATOR = re.compile(r"[-_/ ]")


@dataclass(slots=True)
class Corpus:
    root: Path
    notes: list[Note] = field(default_factory=list)
    problems: list[NoteError] = field(default_factory=list)

    def find(self, target: str) -> tuple[Note, Topic | None]:
        """The note, and topic if one is named, for `note`, `note#topic`, a path or a topic.

        Exact slugs and paths win; otherwise a unique partial match is accepted, so that
        `show day008#lstm` works. Raises TargetError with the candidates when ambiguous,
        and with the closest target when nothing matches ("did you mean day008#lstm?").
        """
        note_part, _, topic_part = nfc(target).partition("#")
        if note_part:
            note = self._note(note_part, f"#{topic_part}" if topic_part else "")
        else:
            return self._topic_anywhere(topic_part)
        if not topic_part:
            return note, None
        return note, _pick(
            note.topics,
            topic_part,
            key=lambda t: (t.slug, t.title.lower()),
            what=f"topic in {note.slug}",
            named=lambda t: f"{note_part}#{t.slug}",
        )

    def suggest(self, target: str) -> str | None:
        """The closest target to one that names nothing (for commands that look targets up
        elsewhere, such as the quiz in the store); None when it names something."""
        try:
            self.find(target)
        except NoMatch as error:
            return error.suggestion
        except TargetError:  # several match: no single one to suggest
            return None
        return None

    def by_slug(self, slug: str) -> Note:
        """The note with exactly this slug (the service finds notes this way only, never by
        a path, so no request can name a file)."""
        note = next((n for n in self.notes if n.slug == slug), None)
        if note is None:
            raise TargetError(f"no note has the slug {slug!r}")
        return note

    def _note(self, wanted: str, topic_part: str) -> Note:
        path = Path(wanted)
        for candidate in (path, Path.cwd() / path):
            if candidate.suffix in NOTE_SUFFIXES and candidate.exists():
                try:
                    wanted = candidate.resolve().relative_to(self.root.resolve()).as_posix()
                except ValueError:
                    break
        return _pick(
            self.notes,
            wanted.removesuffix(".md"),
            key=lambda n: (n.slug, n.path.removesuffix(".md"), n.title.lower()),
            what="note",
            named=lambda n: n.slug + topic_part,
            tails=True,
        )

    def _topic_anywhere(self, wanted: str) -> tuple[Note, Topic]:
        pairs = [(n, t) for n in self.notes for t in n.topics]
        return _pick(
            pairs,
            wanted,
            key=lambda p: (p[1].slug, p[1].title.lower()),
            what="topic",
            named=lambda p: f"#{p[1].slug}",
        )


def _pick(
    items: list[T],
    wanted: str,
    key: Callable[[T], tuple[str, ...]],
    what: str,
    named: Callable[[T], str],
    tails: bool = False,
) -> T:
    """The item whose key matches `wanted` exactly, else the only one containing it.

    When none does, the error names the closest item as a target (`named`); `tails`: a
    key's tails count as names too, so that `day009` is close to `2024-08-14-...-day008`.
    """
    wanted_l = wanted.lower()
    exact = [item for item in items if wanted in key(item) or wanted_l in key(item)]
    if len(exact) == 1:
        return exact[0]
    partial = [item for item in items if any(wanted_l in k.lower() for k in key(item))]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        close = _closest(items, wanted_l, key, tails)
        raise NoMatch(f"no {what} matches {wanted!r}", None if close is None else named(close))
    names = ", ".join(key(item)[0] for item in (exact or partial)[:8])
    raise TargetError(f"{wanted!r} matches several: {names}")


def _closest(
    items: list[T], wanted: str, key: Callable[[T], tuple[str, ...]], tails: bool
) -> T | None:
    """The item with the name most like `wanted` (difflib, on decomposed Hangul so that a
    wrong vowel is a small difference), if any is alike enough."""
    names: dict[str, T] = {}
    for item in items:
        for name in key(item):
            parts = [name[m.end() :] for m in _SEPARATOR.finditer(name)] if tails else []
            for part in (name, *parts):
                names.setdefault(jamo(part.lower()), item)
    found = difflib.get_close_matches(jamo(wanted), names, n=1)
    return names[found[0]] if found else None


def note_files(root: Path) -> list[str]:
    """Paths of the Markdown files under `root`, relative and POSIX-style, sorted; hidden
    folders (.git, .obsidian) are skipped. Plain strings: pathlib would double a warm load."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        prefix = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [prefix + f for f in files if f.endswith(NOTE_SUFFIXES) and not f.startswith(".")]
    return sorted(found)


def load_notes(
    root: Path,
    cache: Path | None = None,
    *,
    blocks: bool = True,
    progress: Progress | None = None,
    each_note: Callable[[Note], None] | None = None,
) -> Corpus:
    """Every note under `root`, parsed or taken from the cache (`cache=None`: the default).

    `blocks=False` loads only the outline (notes and topics, with empty `blocks`), which is
    all that listings need and several times faster to read back from the cache.
    `progress` hears of each file read; `each_note` is given each note as soon as it is
    read (a sync builds decks meanwhile), before two notes of one name get their folder in
    their slug.
    """
    if not root.is_dir():
        raise UsageError(f"notes folder not found: {root}")
    corpus = Corpus(root)
    gc_was_on = gc.isenabled()
    gc.disable()  # parsing makes millions of short-lived, acyclic objects: no cycles to collect
    try:
        with Cache(cache or data_dir() / "index.sqlite3", root, blocks) as store:
            for rel in each(note_files(root), "reading notes", progress):
                result = store.get(os.path.join(root, rel), rel)
                if isinstance(result, NoteError):
                    corpus.problems.append(result)
                else:
                    result.path = rel
                    corpus.notes.append(result)
                    if each_note is not None:
                        each_note(result)
    finally:
        if gc_was_on:
            gc.enable()
    _dedupe_slugs(corpus.notes)
    return corpus


def _dedupe_slugs(notes: list[Note]) -> None:
    """Notes with the same file name in different folders get their folder in the slug."""
    counts = Counter(note.slug for note in notes)
    for note in notes:
        if counts[note.slug] > 1:
            old = note.slug
            note.slug = "/".join(slugify(part) for part in note.path.rsplit(".", 1)[0].split("/"))
            for topic in note.topics:
                topic.id = note.slug + topic.id.removeprefix(old)
                if topic.parent:
                    topic.parent = note.slug + topic.parent.removeprefix(old)
