"""The note cache: a SQLite file in the data directory with one row per note, keyed by the
notes folder and the note's relative path, and validated by size and mtime, then by a
content hash (so a `touch` or a checkout that rewrites identical bytes does not cost a
parse). Unreadable notes are cached as their error, so they are reported every time
without being re-read.

It holds nothing that cannot be parsed again: it is rebuilt when corrupt, and whenever the
parser's source (or this module) changes.

The same file holds the search index: an SQLite FTS5 table (trigram tokenizer) of each
note's passages (topic titles and the text of prose, list, math and table blocks), kept
per note: before a search, the notes whose cached row changed since they were indexed are
indexed again and the notes gone are dropped; nothing is rebuilt. The review store may be
PostgreSQL when serving, but this cache is always local, so one index serves the CLI, the
API and the web pages alike. Passages are stored folded (`fold`): case-folded, Hangul
split into jamo so that a stem matches its inflected forms by substring (소실되 in
소실된다), and words separated by single spaces so that a term can be anchored at a word's
start.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from studykit import markdown, text
from studykit.errors import NoteError
from studykit.notes import model, parse
from studykit.notes.model import BlockKind, Note
from studykit.notes.parse import decode, parse_note


def _parser_version() -> int:
    """A fingerprint of the parser's source: any change to it invalidates the cache."""
    digest = hashlib.blake2b(digest_size=4)
    for module in (markdown, text, model, parse):
        digest.update(Path(module.__file__ or "").read_bytes())
    digest.update(Path(__file__).read_bytes())  # the schema and the search index's folding
    return int.from_bytes(digest.digest()) >> 1


CACHE_VERSION = _parser_version()
MAX_NOTE_BYTES = int(os.environ.get("STUDYKIT_MAX_NOTE_BYTES", 2 * 1024 * 1024))
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
        self.db = _connect(file)
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
        self.db.execute(
            "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.root, rel, stat.st_size, stat.st_mtime_ns, digest, *_pickled(result)),
        )
        return result

    def _load(self, row: tuple[Any, ...]) -> Note | NoteError:
        return _unpickled(row[3], row[4])


def _unpickled(head: bytes, body: bytes | None) -> Note | NoteError:
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
DROP TABLE IF EXISTS passages;
DROP TABLE IF EXISTS indexed;
DROP TABLE IF EXISTS passages_fts;
CREATE TABLE notes (
    root TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL, head BLOB NOT NULL, body BLOB, PRIMARY KEY (root, path)
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY, root TEXT NOT NULL, path TEXT NOT NULL, topic TEXT NOT NULL,
    line INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX passages_of_note ON passages (root, path);
CREATE TABLE indexed (
    root TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (root, path)
);
CREATE VIRTUAL TABLE passages_fts USING fts5(title, body, context, tokenize = 'trigram');
PRAGMA user_version = {CACHE_VERSION};
"""

SEARCHED = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.LABEL, BlockKind.MATH, BlockKind.TABLE,
     BlockKind.HEADING, BlockKind.HTML}
)  # fmt: skip
"""Blocks whose text is searched, besides topic titles. Not code: the checks' code would
bury the prose it backs. An HTML block only as a container's summary, never raw HTML."""
WEIGHTS = "2.0, 1.0, 0.3"
"""bm25 weights of the index's columns: a topic's title (a passage of its own), a block's
text, and the title of the block's topic."""
NOT_WORD = re.compile(r"\W+")
SCRIPT_BREAK = re.compile(r"(?<=[가-힣])(?=[^\W가-힣])|(?<=[^\W가-힣])(?=[가-힣])")
"""Between Hangul and other letters or digits: a word break, as in `tanh가` or `x는`."""


def words(text: str) -> list[str]:
    """The words of `text`, case-folded, as the index separates them."""
    return SCRIPT_BREAK.sub(" ", NOT_WORD.sub(" ", text.casefold())).split()


def fold(text: str) -> str:
    """Text as the index holds it: its words decomposed (Hangul into jamo), one space
    between each two and at both ends."""
    return f" {unicodedata.normalize('NFD', ' '.join(words(text)))} "


@dataclass(slots=True)
class Passage:
    """A passage found: where it is (the note's path, the topic's slug, the line) and its
    text as written, whitespace collapsed."""

    path: str
    topic: str
    line: int
    text: str


def find(
    file: Path, root: Path, terms: Sequence[str], path: str | None, limit: int
) -> list[Passage]:
    """The passages of the notes under `root` (or of the note at `path`) that hold every
    folded term in their text or their topic's title, and at least one in their text;
    best first (bm25, titles weighed most). The index is brought up to date first."""
    if not terms:
        return []
    phrases = ['"' + term.replace('"', '""') + '"' for term in terms]
    match = f"{' AND '.join(phrases)} AND {{title body}} : ({' OR '.join(phrases)})"
    db = _connect(file)
    try:
        folder = str(root.resolve())
        _refresh(db, folder)
        rows = db.execute(
            "SELECT p.path, p.topic, p.line, p.text FROM passages_fts"
            " JOIN passages p ON p.id = passages_fts.rowid"
            " WHERE passages_fts MATCH ? AND p.root = ? AND (? IS NULL OR p.path = ?)"
            f" ORDER BY bm25(passages_fts, {WEIGHTS}), p.path, p.line LIMIT ?",
            (match, folder, path, path, limit),
        )
        return [Passage(*row) for row in rows]
    finally:
        db.close()


_CHANGED = """FROM notes n LEFT JOIN indexed i ON i.root = n.root AND i.path = n.path
WHERE n.root = ? AND i.digest IS NOT n.digest"""
_GONE = """FROM indexed i LEFT JOIN notes n ON n.root = i.root AND n.path = i.path
WHERE i.root = ? AND n.path IS NULL"""


def _refresh(db: sqlite3.Connection, root: str) -> None:
    """Index again the notes whose cached row changed since they were indexed, and drop
    the notes no longer cached; under the write lock, so that two searches at once do the
    work once."""
    stale = f"SELECT EXISTS (SELECT 1 {_CHANGED}) OR EXISTS (SELECT 1 {_GONE})"
    if not db.execute(stale, (root, root)).fetchone()[0]:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        for (path,) in db.execute(f"SELECT i.path {_GONE}", (root,)).fetchall():
            _forget(db, root, path)
        for (path,) in db.execute(f"SELECT n.path {_CHANGED}", (root,)).fetchall():
            _forget(db, root, path)
            digest, head, body = db.execute(
                "SELECT digest, head, body FROM notes WHERE root = ? AND path = ?", (root, path)
            ).fetchone()
            found = _unpickled(head, body)
            _add(db, root, path, list(_passages(found)) if isinstance(found, Note) else [])
            db.execute("INSERT INTO indexed VALUES (?, ?, ?)", (root, path, digest))
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _forget(db: sqlite3.Connection, root: str, path: str) -> None:
    where = "WHERE root = ? AND path = ?"
    db.execute(
        f"DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages {where})", (root, path)
    )
    db.execute(f"DELETE FROM passages {where}", (root, path))
    db.execute(f"DELETE FROM indexed {where}", (root, path))


def _add(
    db: sqlite3.Connection,
    root: str,
    path: str,
    passages: list[tuple[str, int, str, str, str, str]],
) -> None:
    first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM passages").fetchone()[0]
    db.executemany(
        "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
        [
            (first + n, root, path, topic, line, text)
            for n, (topic, line, text, *_) in enumerate(passages)
        ],
    )
    db.executemany(
        "INSERT INTO passages_fts (rowid, title, body, context) VALUES (?, ?, ?, ?)",
        [(first + n, *folded) for n, (_, _, _, *folded) in enumerate(passages)],
    )


def _passages(note: Note) -> Iterator[tuple[str, int, str, str, str, str]]:
    """(topic slug, line, text, then the title, body and context columns) of each passage
    of a note: each topic's title, then its searched blocks."""
    for topic in note.topics:
        context = fold(topic.title)
        if topic.title:
            yield topic.slug, topic.line, topic.title, context, "", ""
        for block in topic.walk():
            searched = block.kind in SEARCHED and (block.kind != BlockKind.HTML or block.children)
            text = " ".join(block.text.split())
            if searched and text:
                yield topic.slug, block.line, text, "", fold(text), context
