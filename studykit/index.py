"""The corpus: every note under a folder, parsed once and cached until it changes.

The cache is a SQLite file in the data directory with one row per note, keyed by the notes
folder and the note's relative path, and validated by size and mtime, then by a content hash
(so a `touch` or a checkout that rewrites identical bytes does not cost a parse). Unreadable
notes are cached as their error, so they are reported every time without being re-read.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from studykit import notes, text
from studykit.notes import Note, NoteError, Topic, decode, parse_note
from studykit.paths import data_dir
from studykit.text import nfc, slugify


def _parser_version() -> int:
    """A fingerprint of the parser's source: any change to it invalidates the cache."""
    digest = hashlib.blake2b(digest_size=4)
    for module in (notes, text):
        digest.update(Path(module.__file__ or "").read_bytes())
    return int.from_bytes(digest.digest()) >> 1


CACHE_VERSION = _parser_version()

T = TypeVar("T")
MAX_NOTE_BYTES = int(os.environ.get("STUDYKIT_MAX_NOTE_BYTES", 2 * 1024 * 1024))
NOTE_SUFFIXES = (".md", ".markdown")


@dataclass(slots=True)
class Corpus:
    root: Path
    notes: list[Note] = field(default_factory=list)
    problems: list[NoteError] = field(default_factory=list)

    def find(self, target: str) -> tuple[Note, Topic | None]:
        """The note, and topic if one is named, for `note`, `note#topic`, a path or a topic.

        Exact slugs and paths win; otherwise a unique partial match is accepted, so that
        `show day008#lstm` works. Raises LookupError with the candidates when ambiguous.
        """
        note_part, _, topic_part = nfc(target).partition("#")
        if note_part:
            note = self._note(note_part)
        else:
            return self._topic_anywhere(topic_part)
        if not topic_part:
            return note, None
        return note, _pick(
            note.topics,
            topic_part,
            key=lambda t: (t.slug, t.title.lower()),
            what=f"topic in {note.slug}",
        )

    def _note(self, wanted: str) -> Note:
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
        )

    def _topic_anywhere(self, wanted: str) -> tuple[Note, Topic]:
        pairs = [(n, t) for n in self.notes for t in n.topics]
        return _pick(pairs, wanted, key=lambda p: (p[1].slug, p[1].title.lower()), what="topic")


def _pick(items: list[T], wanted: str, key: Callable[[T], tuple[str, ...]], what: str) -> T:
    """The item whose key matches `wanted` exactly, else the only one containing it."""
    wanted_l = wanted.lower()
    exact = [item for item in items if wanted in key(item) or wanted_l in key(item)]
    if len(exact) == 1:
        return exact[0]
    partial = [item for item in items if any(wanted_l in k.lower() for k in key(item))]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise LookupError(f"no {what} matches {wanted!r}")
    names = ", ".join(key(item)[0] for item in (exact or partial)[:8])
    raise LookupError(f"{wanted!r} matches several: {names}")


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


def load_corpus(root: Path, cache: Path | None = None, *, blocks: bool = True) -> Corpus:
    """Every note under `root`, parsed or taken from the cache (`cache=None`: the default).

    `blocks=False` loads only the outline (notes and topics, with empty `blocks`), which is
    all that listings need and several times faster to read back from the cache.
    """
    if not root.is_dir():
        raise FileNotFoundError(f"notes folder not found: {root}")
    corpus = Corpus(root)
    gc_was_on = gc.isenabled()
    gc.disable()  # parsing makes millions of short-lived, acyclic objects: no cycles to collect
    try:
        with _Cache(cache or data_dir() / "index.sqlite3", root, blocks) as store:
            for rel in note_files(root):
                result = store.get(os.path.join(root, rel), rel)
                if isinstance(result, NoteError):
                    corpus.problems.append(result)
                else:
                    result.path = rel
                    corpus.notes.append(result)
    finally:
        if gc_was_on:
            gc.enable()
    _dedupe_slugs(corpus.notes)
    return corpus


def read_note(path: str, rel: str, data: bytes | None = None) -> Note:
    """Parse one note file (or its `data`, already read); every failure is a NoteError."""
    size = os.stat(path).st_size if data is None else len(data)
    if size > MAX_NOTE_BYTES:
        raise NoteError(rel, 1, f"note is {_mb(size)}, over the {_mb(MAX_NOTE_BYTES)} limit")
    return parse_note(decode(Path(path).read_bytes() if data is None else data, rel), rel)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class _Cache:
    """Note rows of one notes folder; written in one transaction when the scan ends.

    A row keeps a note's outline (`head`) apart from its blocks (`body`), so that listings
    unpickle only the outline.
    """

    def __init__(self, file: Path, root: Path, blocks: bool) -> None:
        self.root, self.blocks = str(root.resolve()), blocks
        self.seen: list[str] = []
        self.db = _connect(file)
        body = "body" if blocks else "NULL"
        rows = self.db.execute(
            f"SELECT path, size, mtime_ns, digest, head, {body} FROM notes WHERE root = ?",
            (self.root,),
        )
        self.rows = {row[0]: row[1:] for row in rows}

    def __enter__(self) -> _Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        gone = set(self.rows) - set(self.seen)
        self.db.executemany(
            "DELETE FROM notes WHERE root = ? AND path = ?", [(self.root, p) for p in gone]
        )
        self.db.commit()
        self.db.close()

    def get(self, path: str, rel: str) -> Note | NoteError:
        self.seen.append(rel)
        stat = os.stat(path)
        row = self.rows.get(rel)
        if row and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
            return self._load(row)
        if stat.st_size > MAX_NOTE_BYTES:
            return _attempt(path, rel)
        data = Path(path).read_bytes()
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        if row and row[2] == digest:
            self.db.execute(
                "UPDATE notes SET size = ?, mtime_ns = ? WHERE root = ? AND path = ?",
                (stat.st_size, stat.st_mtime_ns, self.root, rel),
            )
            return self._load(row)
        result = _attempt(path, rel, data)
        self.db.execute(
            "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.root, rel, stat.st_size, stat.st_mtime_ns, digest, *_pickled(result)),
        )
        return result

    def _load(self, row: tuple) -> Note | NoteError:
        result = pickle.loads(row[3])
        if self.blocks and isinstance(result, Note):
            for topic, blocks in zip(result.topics, pickle.loads(row[4]), strict=True):
                topic.blocks = blocks
        return result


def _pickled(result: Note | NoteError) -> tuple[bytes, bytes | None]:
    """(head, body): the note with its topics' blocks left out, and those blocks."""
    if isinstance(result, NoteError):
        return pickle.dumps(result), None
    outline = replace(result, topics=[replace(t, blocks=[]) for t in result.topics])
    body = [t.blocks for t in result.topics]
    return pickle.dumps(outline, protocol=5), pickle.dumps(body, protocol=5)


def _attempt(path: str, rel: str, data: bytes | None = None) -> Note | NoteError:
    try:
        return read_note(path, rel, data)
    except NoteError as err:
        return err
    except RecursionError:
        return NoteError(rel, 1, "note is nested too deeply to parse")


def _connect(file: Path) -> sqlite3.Connection:
    """The cache database, rebuilt from scratch if it is corrupt or from an older studykit.

    It holds nothing that cannot be parsed again, so it skips fsync (synchronous = OFF).
    """
    try:
        db = sqlite3.connect(file, timeout=10)
        if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
            db.executescript(_SCHEMA)
    except sqlite3.DatabaseError:
        file.unlink(missing_ok=True)
        db = sqlite3.connect(file, timeout=10)
        db.executescript(_SCHEMA)
    db.execute("PRAGMA synchronous = OFF")
    return db


_SCHEMA = f"""
PRAGMA journal_mode = WAL;
DROP TABLE IF EXISTS notes;
CREATE TABLE notes (
    root TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL, head BLOB NOT NULL, body BLOB, PRIMARY KEY (root, path)
);
PRAGMA user_version = {CACHE_VERSION};
"""


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
