"""The note cache: a SQLite file in the data directory with one row per note, keyed by the
notes folder and the note's relative path, and validated by size and mtime, then by a
content hash (so a `touch` or a checkout that rewrites identical bytes does not cost a
parse). Unreadable notes are cached as their error, so they are reported every time
without being re-read.

It holds nothing that cannot be parsed again: it is rebuilt when corrupt, and whenever the
parser's source (or this module) changes.

The same file holds the search index: an SQLite FTS5 table of each note's passages (topic
titles and the text of prose, list, math and table blocks), kept per note: before a
search, the notes whose cached row changed since they were indexed are indexed again and
the notes gone are dropped; nothing is rebuilt. The review store may be PostgreSQL when
serving, but this cache is always local, so one index serves the CLI, the API and the web
pages alike. Words are indexed folded (`fold`): case-folded, and Hangul split into jamo,
so that a prefix query on a stem finds its inflected forms (사라지 finds 사라진다); each
Hangul word's inner suffixes are indexed too, so that a word is found inside a compound
written without spaces (전파 in 역전파).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from studykit import markdown, text
from studykit.errors import NoteError, StudykitError
from studykit.notes import model, parse
from studykit.notes.model import BlockKind, Note
from studykit.notes.parse import decode, parse_note
from studykit.progress import Progress, each
from studykit.text import jamo


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
        self.changed = False  # a note parsed anew or gone: the search index must follow
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
DROP TABLE IF EXISTS stamps;
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
CREATE TABLE stamps (
    root TEXT PRIMARY KEY, changed INTEGER NOT NULL, indexed INTEGER NOT NULL
);
PRAGMA user_version = {CACHE_VERSION};
"""
"""`stamps` counts, per notes folder, the scans that changed a note (`changed`) and the
count the index last caught up with (`indexed`): equal, the index is current at no cost."""
_FTS = """CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    title, body, inside, context, tokenize = 'unicode61 remove_diacritics 0'
)"""
"""Made by the first search, not with the cache: a Python whose SQLite lacks FTS5 still
reads notes, and only search says what is missing."""

SEARCHED = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.LABEL, BlockKind.MATH, BlockKind.TABLE,
     BlockKind.HEADING, BlockKind.HTML}
)  # fmt: skip
"""Blocks whose text is searched, besides topic titles. Not code: the checks' code would
bury the prose it backs. An HTML block only as a container's summary, never raw HTML."""
WEIGHTS = "2.0, 1.0, 0.5, 0.3"
"""bm25 weights of the index's columns: a topic's title (a passage of its own), a block's
text, the inner suffixes of either's Hangul words, and the title of a block's topic."""
WORD = re.compile(r"[가-힣]+|[^\W가-힣]+")
"""A word as the index separates them: Hangul apart from other letters and digits, as in
`tanh가` or `x는`."""


def words(text: str) -> list[str]:
    """The words of `text`, case-folded."""
    return WORD.findall(text.casefold())


def fold(text: str) -> tuple[str, str]:
    """The words of `text` as the index holds them (case-folded, Hangul in jamo), and the
    suffixes of each Hangul word from its second syllable on (역전파: 전파, 파)."""
    found = words(text)
    inner = [word[n:] for word in found if "가" <= word[0] <= "힣" for n in range(1, len(word))]
    return jamo(" ".join(found)), jamo(" ".join(inner))


@dataclass(slots=True)
class Term:
    """A word to find, as the index holds it (`token`, folded); `prefix`: as the start of
    a word; `inside`: at a syllable inside a Hangul word too."""

    token: str
    prefix: bool
    inside: bool


@dataclass(slots=True)
class Passage:
    """A passage found: where it is (the note's path, the topic's slug, the line) and its
    text as written, whitespace collapsed."""

    path: str
    topic: str
    line: int
    text: str


def find(
    file: Path,
    root: Path,
    terms: Sequence[Term],
    path: str | None,
    limit: int,
    progress: Progress | None = None,
) -> list[Passage]:
    """The passages of the notes under `root` (or of the note at `path`) that hold every
    term in their text or their topic's title, and at least one in their text; best first
    (bm25, titles weighed most). The index is brought up to date first (`progress` hears
    of each note indexed)."""
    if not terms:
        return []
    match = fts_query(terms)
    db = _connect(file)
    try:
        try:
            db.execute(_FTS)
        except sqlite3.OperationalError as error:
            raise StudykitError(
                f"search needs SQLite's FTS5, missing from this Python's SQLite"
                f" {sqlite3.sqlite_version} ({error})"
            ) from None
        folder = str(root.resolve())
        _refresh(db, folder, progress)
        ranked = f"bm25(passages_fts, {WEIGHTS})"
        columns = "p.root, p.path, p.topic, p.line, p.text"
        if path is None:  # rank by the index alone, then read the best; one folder is usual
            rows = db.execute(
                f"SELECT {columns} FROM (SELECT rowid, {ranked} AS score FROM passages_fts"
                " WHERE passages_fts MATCH ? ORDER BY score LIMIT ?) AS f"
                " JOIN passages p ON p.id = f.rowid ORDER BY f.score, p.path, p.line",
                (match, limit),
            ).fetchall()
            if all(row[0] == folder for row in rows):
                return [Passage(*row[1:]) for row in rows]
        rows = db.execute(
            f"SELECT {columns} FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
            " WHERE passages_fts MATCH ? AND p.root = ? AND (? IS NULL OR p.path = ?)"
            f" ORDER BY {ranked}, p.path, p.line LIMIT ?",
            (match, folder, path, path, limit),
        ).fetchall()
        return [Passage(*row[1:]) for row in rows]
    finally:
        db.close()


def fts_query(terms: Sequence[Term]) -> str:
    """The FTS5 query: every term in any column, and one at least in the passage itself."""

    def phrase(term: Term, columns: str) -> str:
        quoted = '"' + term.token.replace('"', '""') + '"' + ("*" if term.prefix else "")
        return f"{{{columns}}} : {quoted}" + (f" OR inside : {quoted}" if term.inside else "")

    own = " OR ".join(phrase(term, "title body") for term in terms)
    if len(terms) == 1:
        return own
    return " AND ".join([*(f"({phrase(t, 'title body context')})" for t in terms), f"({own})"])


_CHANGED = """FROM notes n LEFT JOIN indexed i ON i.root = n.root AND i.path = n.path
WHERE n.root = ? AND i.digest IS NOT n.digest"""
_GONE = """FROM indexed i LEFT JOIN notes n ON n.root = i.root AND n.path = i.path
WHERE i.root = ? AND n.path IS NULL"""


def _refresh(db: sqlite3.Connection, root: str, progress: Progress | None = None) -> None:
    """Index again the notes whose cached row changed since they were indexed, and drop
    the notes no longer cached, unless the stamps say no scan changed a note since; under
    the write lock, so that two searches at once do the work once."""
    stamp = "SELECT changed, indexed FROM stamps WHERE root = ?"
    found = db.execute(stamp, (root,)).fetchone()
    if found and found[0] == found[1]:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        changed = (db.execute(stamp, (root,)).fetchone() or (0, None))[0]
        for (path,) in db.execute(f"SELECT i.path {_GONE}", (root,)).fetchall():
            _forget(db, root, path)
        stale = db.execute(f"SELECT n.path {_CHANGED}", (root,)).fetchall()
        for (path,) in each(stale, "indexing notes for search", progress):
            _forget(db, root, path)
            digest, head, body = db.execute(
                "SELECT digest, head, body FROM notes WHERE root = ? AND path = ?", (root, path)
            ).fetchone()
            note = _unpickled(head, body)
            _add(db, root, path, list(_passages(note)) if isinstance(note, Note) else [])
            db.execute("INSERT INTO indexed VALUES (?, ?, ?)", (root, path, digest))
        db.execute("INSERT OR REPLACE INTO stamps VALUES (?, ?, ?)", (root, changed, changed))
        db.commit()
    except BaseException:
        db.rollback()
        raise


def _forget(db: sqlite3.Connection, root: str, path: str) -> None:
    where = "WHERE root = ? AND path = ?"
    ids = db.execute(f"SELECT id FROM passages {where}", (root, path)).fetchall()
    db.executemany("DELETE FROM passages_fts WHERE rowid = ?", ids)  # by rowid: no scan
    db.execute(f"DELETE FROM passages {where}", (root, path))
    db.execute(f"DELETE FROM indexed {where}", (root, path))


Row = tuple[str, int, str, str, str, str, str]
"""A passage to index: topic slug, line, text, then its title, body, inner and context."""


def _add(db: sqlite3.Connection, root: str, path: str, passages: list[Row]) -> None:
    first = (db.execute("SELECT max(id) FROM passages").fetchone()[0] or 0) + 1  # bare: O(log n)
    db.executemany(
        "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
        [(first + n, root, path, *row[:3]) for n, row in enumerate(passages)],
    )
    db.executemany(
        "INSERT INTO passages_fts (rowid, title, body, inside, context) VALUES (?, ?, ?, ?, ?)",
        [(first + n, *row[3:]) for n, row in enumerate(passages)],
    )


def _passages(note: Note) -> Iterator[Row]:
    """Each topic's title, then its searched blocks."""
    for topic in note.topics:
        title, inside = fold(topic.title)
        if topic.title:
            yield topic.slug, topic.line, topic.title, title, "", inside, ""
        for block in topic.walk():
            searched = block.kind in SEARCHED and (block.kind != BlockKind.HTML or block.children)
            text = " ".join(block.text.split())
            if searched and text:
                yield topic.slug, block.line, text, "", *fold(text), title
