"""The note cache: a SQLite file in the data directory with one row per note, keyed by the
notes folder and the note's relative path, and validated by size and mtime, then by a
content hash (so a `touch` or a checkout that rewrites identical bytes does not cost a
parse). Unreadable notes are cached as their error, so they are reported every time
without being re-read.

It holds nothing that cannot be parsed again: it is rebuilt when corrupt, and whenever the
parser's source (or this module) changes.

The same file holds the search index (studykit.notes.index), which keeps its own tables
and reads the notes from here; `stamps` tells it when a scan changed a note.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from studykit import markdown, text
from studykit.config import max_note_bytes, private_file
from studykit.errors import NoteError
from studykit.notes import model, parse
from studykit.notes.model import Note
from studykit.notes.parse import decode, parse_note


def _parser_version() -> int:
    """A fingerprint of the parser's source: any change to it invalidates the cache."""
    digest = hashlib.blake2b(digest_size=4)
    for module in (markdown, text, model, parse):
        digest.update(Path(module.__file__ or "").read_bytes())
    for name in ("cache.py", "index.py"):  # the schemas, and what the search index holds
        digest.update(Path(__file__).with_name(name).read_bytes())
    return int.from_bytes(digest.digest()) >> 1


CACHE_VERSION = _parser_version()
MAX_NOTE_BYTES = max_note_bytes()
NOTE_SUFFIXES = (".md", ".markdown")


def read_note(path: str, rel: str, data: bytes | None = None) -> Note:
    """Parse one note file (or its `data`, already read); every failure is a NoteError."""
    size = os.stat(path).st_size if data is None else len(data)
    if size > MAX_NOTE_BYTES:
        raise NoteError(rel, 1, f"note is {_mb(size)}, over the {_mb(MAX_NOTE_BYTES)} limit")
    return parse_note(decode(Path(path).read_bytes() if data is None else data, rel), rel)


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


class Cache:
    """Note rows of one notes folder; written in one transaction when the scan ends.

    A row keeps a note's outline (`head`) apart from its blocks (`body`), so that listings
    unpickle only the outline.
    """

    def __init__(self, file: Path, root: Path, blocks: bool) -> None:
        self.root, self.blocks = str(root.resolve()), blocks
        self.seen: list[str] = []
        self.changed = False  # a note parsed anew or gone: the search index must follow
        self.db = connect(file)
        body = "body" if blocks else "NULL"
        rows = self.db.execute(
            f"SELECT path, size, mtime_ns, digest, head, {body} FROM notes WHERE root = ?",
            (self.root,),
        )
        self.rows = {row[0]: row[1:] for row in rows}

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, failed: type[BaseException] | None, *exc: object) -> None:
        if failed is None:  # a scan cut short has not seen every note: forget none
            gone = set(self.rows) - set(self.seen)
            self.db.executemany(
                "DELETE FROM notes WHERE root = ? AND path = ?", [(self.root, p) for p in gone]
            )
            self.changed = self.changed or bool(gone)
        if self.changed:  # the rows written are kept even when the scan was cut short
            self.db.execute(
                "INSERT INTO stamps VALUES (?, 1, 0)"
                " ON CONFLICT (root) DO UPDATE SET changed = changed + 1",
                (self.root,),
            )
        self.db.commit()
        self.db.close()

    def get(self, path: str, rel: str) -> Note | NoteError:
        self.seen.append(rel)
        try:
            stat = os.stat(path)
        except OSError as error:  # a broken link, a file gone since the listing
            return NoteError(rel, 1, f"cannot read the file ({error.strerror})")
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
        self.changed = True
        self.db.execute(
            "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.root, rel, stat.st_size, stat.st_mtime_ns, digest, *_pickled(result)),
        )
        return result

    def _load(self, row: tuple[Any, ...]) -> Note | NoteError:
        return unpickled(row[3], row[4])


def unpickled(head: bytes, body: bytes | None) -> Note | NoteError:
    """The cached note, with its blocks when `body` was read too."""
    result: Note | NoteError = pickle.loads(head)
    if body is not None and isinstance(result, Note):
        for topic, blocks in zip(result.topics, pickle.loads(body), strict=True):
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


def connect(file: Path) -> sqlite3.Connection:
    """The cache database, rebuilt from scratch if it is corrupt or from an older studykit.

    It holds nothing that cannot be parsed again, so it skips fsync (synchronous = OFF).
    """
    try:
        db = sqlite3.connect(private_file(file), timeout=10)
        if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
            _rebuild(db)
    except sqlite3.DatabaseError:
        file.unlink(missing_ok=True)
        db = sqlite3.connect(private_file(file), timeout=10)
        _rebuild(db)
    db.execute("PRAGMA synchronous = OFF")
    return db


def _rebuild(db: sqlite3.Connection) -> None:
    """Every table dropped (the search index's too: it is made again by the next search),
    then the cache's made."""
    tables = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY sql NOT LIKE 'CREATE VIRTUAL%'"  # an FTS table drops its own tables
    ).fetchall()
    for (name,) in tables:
        db.execute(f'DROP TABLE IF EXISTS "{name}"')
    db.executescript(_SCHEMA)


_SCHEMA = f"""
PRAGMA journal_mode = WAL;
CREATE TABLE notes (
    root TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL, head BLOB NOT NULL, body BLOB, PRIMARY KEY (root, path)
);
CREATE TABLE stamps (
    root TEXT PRIMARY KEY, changed INTEGER NOT NULL, indexed INTEGER NOT NULL
);
PRAGMA user_version = {CACHE_VERSION};
"""
"""`stamps` counts, per notes folder, the scans that changed a note (`changed`) and the
count the index last caught up with (`indexed`): equal, the index is current at no cost."""
