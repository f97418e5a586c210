"""The search index: an SQLite FTS5 table of the notes' passages (topic titles and the text
of prose, list, math and table blocks) in the notes cache's file (studykit.notes.cache),
kept per note: before a search, the notes whose cached row changed since they were indexed
are indexed again and the notes gone are dropped; nothing is rebuilt. The review store may
be PostgreSQL when serving, but this file is always local, so one index serves the CLI,
the API and the web pages alike.

Each passage is indexed in six columns, each a way a word typed can meet it:

- `title`, `body`: its words folded (`fold`: case-folded, Hangul spellings that sound
  alike made one by `text.loose`, Hangul in jamo so that a stem is a prefix of its
  inflected forms: 사라지 finds 사라진다), a topic's title or a block's text;
- `inside`: the suffixes of its Hangul words from their second syllable (전파 in 역전파);
- `context`: the titles of its topic and the topics above it, so that a word in a title
  finds the passages under it (FCFS finds what FCFS is);
- `near`: each Hangul word of three syllables or more less one syllable, so that a word
  typed one syllable (or jamo) off still meets it (기룰기 and 기울기 share 기기).

The names the notes pair, `교착 상태(deadlock)`, are kept per note in `names`, both ways.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from studykit.errors import StudykitError
from studykit.notes.cache import connect, unpickled
from studykit.notes.model import Block, BlockKind, Note, Topic
from studykit.progress import Progress, each
from studykit.text import jamo, loose, nfc

_TABLES = """
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, root TEXT NOT NULL, path TEXT NOT NULL, topic TEXT NOT NULL,
    line INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_of_note ON passages (root, path);
CREATE TABLE IF NOT EXISTS indexed (
    root TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (root, path)
);
CREATE TABLE IF NOT EXISTS names (
    root TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS names_by_key ON names (root, key);
CREATE INDEX IF NOT EXISTS names_of_note ON names (root, path);
CREATE TABLE IF NOT EXISTS spellings (
    root TEXT NOT NULL, key TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (root, key, word)
) WITHOUT ROWID;
"""
_FTS = """CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    title, body, inside, context, outer, tokenize = 'unicode61 remove_diacritics 0'
)"""
"""Made by the first search, not with the cache: a Python whose SQLite lacks FTS5 still
reads notes, and only search says what is missing."""

SEARCHED = frozenset(
    {BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.LABEL, BlockKind.MATH, BlockKind.TABLE,
     BlockKind.HEADING, BlockKind.HTML}
)  # fmt: skip
"""Blocks whose text is searched, besides topic titles. Not code: the checks' code would
bury the prose it backs. An HTML block only as a container's summary, never raw HTML."""
WEIGHTS = "2.0, 1.0, 0.5, 1.2, 0.3"
"""bm25 weights of the columns: a topic's title (a passage of its own), a block's text, the
inner suffixes, the title of its topic, the titles above that. The topic's
title weighs about what the text does, so that the passages under a title named by the
query rank with those that name it; the titles further up, less."""

WORD = re.compile(r"[가-힣]+|[^\W가-힣]+")
"""A word as the index separates them: Hangul apart from other letters and digits, as in
`tanh가` or `x는`."""
WIDEN = 100
"""Passages holding a word below which its other names and parts are searched too: a word
in more finds enough by itself, and widening it would cost bm25 over thousands."""
NEAR = 4
"""Syllables from which a word's spellings one syllable off in the notes widen it like its
other names (스케줄러, 스케줄링); a shorter word is spelt otherwise only when it is nowhere."""
UNDER = 12
"""Words of a list item that the items nested in it stand under (its label, as a title)."""


_SAFE_ENDINGS = ("은", "는", "을", "를")
"""One-syllable particles that hardly ever end a noun: taken off even a one-syllable stem."""
_PARTICLES = (
    "에서는 에서도 에서의 에게서 으로서 으로써 으로는 으로도 이라고 이라는 이라도 에서 에게 "
    "에는 에도 에의 으로 로서 로써 로는 로도 부터 까지 처럼 보다 마다 한테 께서 라고 라는 "
    "이란 이나 이며 이고 이다 이면 와의 과의 와는 과는 이랑 이 가 의 에 도 와 과 로 만 랑"
)
_VERB_ENDINGS = (
    "되었다 하였다 합니다 됩니다 했다 됐다 한다 된다 하다 되다 하는 되는 하고 되고 하여 되어 "
    "해서 돼서 하며 되며 하면 되면 하지 되지 하게 되게 했 됐 한 된 할 될 함 됨 해 돼 는다 다 인"
)
ENDINGS = sorted([*_PARTICLES.split(), *_VERB_ENDINGS.split(), *_SAFE_ENDINGS], key=len)[::-1]
"""Particles (josa) and endings (eomi) taken off a Korean word, the longest first. One of
one syllable other than _SAFE_ENDINGS is taken off only when two syllables remain: 결과,
정의, 속도 and 평가 end in one too."""
_BY_LENGTH = [
    (size, frozenset(e for e in ENDINGS if len(e) == size))
    for size in sorted({len(e) for e in ENDINGS}, reverse=True)
]
"""The endings by length, the longest first: a word is looked up once per length."""
_HANGUL_BASE, FINALS = 0xAC00, 28


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The word without one common particle or ending (Korean), or plural s (English).
    Cached: indexing a note stems every word of it, and words repeat."""
    if word.isascii():
        return word[:-1] if len(word) > 3 and word.endswith("s") and word[-2] != "s" else word
    if not is_hangul(word[-1]):
        return word
    for size, endings in _BY_LENGTH:
        ending, rest = word[-size:], word[:-size]
        if ending not in endings or not rest:
            continue
        if is_hangul(rest[-1]):
            if len(rest) < (1 if len(ending) > 1 or ending in _SAFE_ENDINGS else 2):
                continue
            if ending == "다" and final(rest[-1]) == 4:  # ㄴ다: 사라진다 → 사라지
                rest = rest[:-1] + chr(ord(rest[-1]) - 4)
        return rest  # after Latin letters (LSTM의, tanh가), any ending goes
    return word


def is_hangul(char: str) -> bool:
    return 0 <= ord(char) - _HANGUL_BASE < 11172


def final(syllable: str) -> int:
    """Index of a syllable's final consonant (0: none, 4: ㄴ)."""
    return (ord(syllable) - _HANGUL_BASE) % FINALS


def split(text: str) -> list[str]:
    """The words of `text`, case-folded."""
    return WORD.findall(text.casefold())


def words(text: str) -> list[str]:
    """The words of `text`, case-folded, Hangul spellings that sound alike made one
    (text.loose): as the index holds them, before jamo."""
    return WORD.findall(loose(text.casefold()))


def fold(text: str) -> tuple[str, str]:
    """The words of `text` as the index holds them (in jamo), and the suffixes of each
    Hangul word from its second syllable on (역전파: 전파, 파)."""
    found = words(text)
    inner = [word[n:] for word in found if _hangul(word) for n in range(1, len(word))]
    return jamo(" ".join(found)), jamo(" ".join(inner))


def near_keys(word: str) -> list[str]:
    """`word` less each one of its syllables: two words one syllable apart share one."""
    return [word[:n] + word[n + 1 :] for n in range(len(word))]


def _spellings(text: str) -> set[tuple[str, str]]:
    """(key, stem) for each stem of three Hangul syllables or more in `text`: the stem
    itself and the stem less each one of its syllables."""
    found = set()
    for word in words(text):
        base = stem(word)
        if len(base) >= 3 and _hangul(base):
            found |= {(k, base) for k in [base, *near_keys(base)]}
    return found


def _hangul(word: str) -> bool:
    return "가" <= word[0] <= "힣"


def key(name: str) -> str:
    """What names are looked up by: folded, without spaces, hyphens or dots."""
    return "".join(words(nfc(name)))


class Kind(Enum):
    """How a term meets a passage."""

    WORD = "word"  # a word or the start of one, in the titles or the text
    PHRASE = "phrase"  # words in a row (another name for the query's words)
    PARTS = "parts"  # each part of a word typed without spaces, or another name of it


@dataclass(frozen=True, slots=True)
class Term:
    """A way to find one word of a query: `text` as typed (NFC), `prefix`: as the start of
    a word; `inside`: at a syllable inside a Hangul word too (WORD only); `parts`: for
    PARTS, each part's names (the part first)."""

    kind: Kind
    text: str
    prefix: bool = True
    inside: bool = False
    parts: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """The terms that find one word of the query (`terms`, the word itself; `wide`, its
    other names and parts, searched too when the word is in fewer than WIDEN passages), and
    what a passage that holds the word gains in coverage; `near`: the stem whose spellings
    one syllable off are searched for instead when none of those is anywhere."""

    terms: tuple[Term, ...]
    weight: float = 1.0
    near: str = ""
    wide: tuple[Term, ...] = ()


@dataclass(slots=True)
class Passage:
    """A passage found: where it is (the note's path, the topic's slug, the line), and its
    text as written (whitespace collapsed)."""

    path: str
    topic: str
    line: int
    text: str


def _of_note(path: str | None) -> tuple[str, tuple[str, ...]]:
    """The condition and parameters that keep an FTS query to the note at `path`."""
    if path is None:
        return "", ()
    return " AND passages_fts.rowid IN (SELECT id FROM passages WHERE path = ?)", (path,)


def match(terms: Iterable[Term]) -> str:
    """The FTS5 query that finds any of `terms`."""
    return " OR ".join(_expression(term) for term in terms)


def _quoted(tokens: str, prefix: bool) -> str:
    return '"' + tokens.replace('"', '""') + '"' + (" *" if prefix else "")


def _expression(term: Term) -> str:
    if term.kind is Kind.PARTS:
        return " AND ".join(
            "("
            + " OR ".join(_expression(Term(Kind.WORD, n, inside=n == names[0])) for n in names)
            + ")"
            for names in term.parts
        )
    found = fold(term.text)[0]
    if not found:
        return '""'
    quoted = _quoted(found, term.prefix)
    inside = f" OR inside : {quoted}" if term.inside else ""
    return f"{{title body context outer}} : {quoted}{inside}"


class Index:
    """The index of one notes folder, open and brought up to date (`progress` hears of the
    notes indexed first: all of them, the first time)."""

    def __init__(self, file: Path, root: Path, progress: Progress | None = None) -> None:
        self.root = str(root.resolve())
        self.db = connect(file)
        try:
            made = "SELECT 1 FROM sqlite_master WHERE name = 'passages_fts'"
            if self.db.execute(made).fetchone() is None:  # the first search since a rebuild
                self.db.executescript(_TABLES)
                try:
                    self.db.execute(_FTS)
                except sqlite3.OperationalError as error:
                    raise StudykitError(
                        f"search needs SQLite's FTS5, missing from this Python's SQLite"
                        f" {sqlite3.sqlite_version} ({error})"
                    ) from None
            _refresh(self.db, self.root, progress)
        except BaseException:
            self.db.close()
            raise

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.db.close()

    def names(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """The other names the notes give each key's name (`key`), by key."""
        wanted = sorted(set(keys))
        found: dict[str, set[str]] = {}
        if not wanted:
            return found
        marks = ", ".join("?" * len(wanted))
        rows = self.db.execute(
            f"SELECT DISTINCT key, name FROM names WHERE root = ? AND key IN ({marks})",
            (self.root, *wanted),
        )
        for found_key, name in rows:
            found.setdefault(found_key, set()).add(name)
        return found

    def find(
        self, groups: Sequence[Group], path: str | None, limit: int
    ) -> tuple[list[Passage], dict[int, set[str]]]:
        """The passages of the folder (or of the note at `path`) holding the groups' words,
        those holding all of them first, by bm25 (one query, as cheap as a plain search);
        then, if fewer than `limit`, those holding the most by weight, by bm25. A group found
        nowhere is searched by its `near` spellings instead, if any, else left out. Returns
        too, by group, the spellings searched for."""
        spelt: dict[int, set[str]] = {}
        found: list[tuple[str, float]] = []
        for n, group in enumerate(groups):
            held = self._count(match(group.terms), path)
            terms = group.terms
            if held < WIDEN:
                spelt[n] = self.spellings(group.near) if len(group.near) >= NEAR else set()
                terms += group.wide + tuple(Term(Kind.WORD, w) for w in sorted(spelt[n]))
            if not held and not self._count(match(terms), path):
                spelt[n] = self.spellings(group.near) if group.near else set()
                terms = tuple(Term(Kind.WORD, w) for w in sorted(spelt[n]))
                if not terms:
                    continue
            found.append((f"({match(terms)})", group.weight))
        if not found:
            return [], spelt
        ranked = self._every(found, path, limit)
        if len(ranked) < limit and len(found) > 1:
            ranked += self._most(found, path, ranked, limit - len(ranked))
        return self._read(ranked, limit), spelt

    def _every(self, found: list[tuple[str, float]], path: str | None, limit: int) -> list[int]:
        """The best passages holding every word of weight 1 (every word if none is), by
        bm25 of all of them."""
        every = [e for e, weight in found if weight >= 1] or [e for e, _ in found]
        rest = [e for e, _ in found if e not in every]
        boost = f" AND ({' OR '.join([every[0], *rest])})" if rest else ""  # in bm25 only
        return self._ranked(" AND ".join(every) + boost, path, limit)

    def _count(self, expression: str, path: str | None) -> int:
        """How many passages (of the note at `path`) hold `expression`, up to WIDEN."""
        mine, where = _of_note(path)
        query = f"SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?{mine} LIMIT {WIDEN}"
        return len(self.db.execute(query, (expression, *where)).fetchall())

    def _ranked(self, expression: str, path: str | None, limit: int) -> list[int]:
        """The `limit` best passages holding `expression`, by bm25, ranked by the index
        alone (then read), as passages of one folder are the usual case."""
        mine, where = _of_note(path)
        ranked = f"bm25(passages_fts, {WEIGHTS})"
        rows = self.db.execute(
            f"SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?{mine}"
            f" ORDER BY {ranked}, rowid LIMIT ?",
            (expression, *where, limit),
        ).fetchall()
        ids = [row[0] for row in rows]
        if len(self._read(ids, limit)) == len(ids):
            return ids
        rows = self.db.execute(  # another folder's passages ranked among these
            f"SELECT p.id FROM passages_fts JOIN passages p ON p.id = passages_fts.rowid"
            f" WHERE passages_fts MATCH ? AND p.root = ?{mine}"
            f" ORDER BY {ranked}, p.id LIMIT ?",
            (expression, self.root, *where, limit),
        ).fetchall()
        return [row[0] for row in rows]

    def _most(
        self, found: list[tuple[str, float]], path: str | None, seen: list[int], limit: int
    ) -> list[int]:
        """The `limit` best passages not in `seen` holding any of the expressions, those
        holding the most (by weight) first, then by bm25 of all of them; in one statement,
        each expression's passages gathered once by SQLite."""
        mine, where = _of_note(path)
        held = " + ".join(
            f"(id IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)) * {weight}"
            for _, weight in found
        )
        shown = ", ".join(map(str, seen)) or "-1"  # NOT IN (NULL) would keep nothing
        rows = self.db.execute(
            f"SELECT id FROM (SELECT rowid AS id, bm25(passages_fts, {WEIGHTS}) AS score"
            f" FROM passages_fts WHERE passages_fts MATCH ?{mine} AND rowid NOT IN ({shown}))"
            f" ORDER BY {held} DESC, score, id LIMIT ?",
            (" OR ".join(e for e, _ in found), *where, *(e for e, _ in found), limit),
        ).fetchall()
        return [row[0] for row in rows]

    def _read(self, ranked: list[int], limit: int) -> list[Passage]:
        """The passages of this folder among `ranked`, in order, at most `limit`."""
        passages: list[Passage] = []
        step = max(limit, 50)
        for start in range(0, len(ranked), step):
            chunk = ranked[start : start + step]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(  # by id alone: an index on root would scan the folder
                f"SELECT id, root, path, topic, line, text FROM passages WHERE id IN ({marks})",
                chunk,
            )
            read = {row[0]: row[2:] for row in rows if row[1] == self.root}
            for i in chunk:
                if i in read:
                    where, topic, line, text = read[i]
                    passages.append(Passage(where, topic, line, text))
            if len(passages) >= limit:
                break
        return passages[:limit]

    def spellings(self, word: str) -> set[str]:
        """The stems of the notes one syllable (or jamo) off `word`: one replaced, added or
        left out."""
        folded = "".join(words(word))
        keys = [folded, *near_keys(folded)]
        marks = ", ".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT word FROM spellings WHERE root = ? AND key IN ({marks})",
            (self.root, *keys),
        )
        return {row[0] for row in rows} - {folded}


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
            note = unpickled(head, body)
            if isinstance(note, Note):
                rows = list(passages(note))
                _add(db, root, path, rows)
                db.executemany(
                    "INSERT INTO names VALUES (?, ?, ?, ?)",
                    {(root, path, key(a), b) for a, b in pairs(note)},
                )
                spelt = set().union(*(_spellings(row[2]) for row in rows))
                db.executemany(
                    "INSERT OR IGNORE INTO spellings VALUES (?, ?, ?)",
                    [(root, k, w) for k, w in spelt],
                )
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
    for table in ("passages", "indexed", "names"):
        db.execute(f"DELETE FROM {table} {where}", (root, path))


Row = tuple[str, int, str, str, str, str, str, str]
"""A passage to index: topic slug, line, text, then its five columns."""


def _add(db: sqlite3.Connection, root: str, path: str, passages: list[Row]) -> None:
    first = (db.execute("SELECT max(id) FROM passages").fetchone()[0] or 0) + 1  # bare: O(log n)
    db.executemany(
        "INSERT INTO passages VALUES (?, ?, ?, ?, ?, ?)",
        [(first + n, root, path, *row[:3]) for n, row in enumerate(passages)],
    )
    db.executemany(
        "INSERT INTO passages_fts (rowid, title, body, inside, context, outer)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(first + n, *row[3:]) for n, row in enumerate(passages)],
    )


def passages(note: Note) -> Iterator[Row]:
    """Each topic's title, then its searched blocks (a table row by row), each with the
    titles above it; not a list of references. The note's introduction (level 0) has no
    title over it."""
    by_id = {topic.id: topic for topic in note.topics}
    for topic in note.topics:
        if _REFERENCES.fullmatch(topic.title):
            continue
        heading = topic.title if topic.level else ""
        above = _above(topic, by_id)
        outer = fold(above)[0]
        if heading:
            title, inside = fold(heading)
            yield topic.slug, topic.line, heading, title, "", inside, "", outer
        for line, text, under in _texts(topic.blocks):
            body, inside = fold(text)
            context = fold(f"{heading} {under}")[0]
            yield topic.slug, line, text, "", body, inside, context, outer


def _texts(blocks: list[Block], under: str = "") -> Iterator[tuple[int, str, str]]:
    """The searched text of blocks by line, with what they stand under besides the topic's
    title (their label, the list item they are nested in): links as their text, a table's
    rows apart, not a table of contents (items that only link inside the note)."""
    for block in blocks:
        above = " ".join(filter(None, [under, _plain(block.label)]))
        found: list[tuple[int, str]] = []
        if block.kind == BlockKind.TABLE:
            rows = enumerate(block.text.splitlines())
            found = [(block.line + n, " | ".join(_cells(row))) for n, row in rows]
        elif _LINKS_ONLY.fullmatch(block.text.strip()):
            continue
        elif block.kind in SEARCHED and (block.kind != BlockKind.HTML or block.children):
            found = [(block.line, block.text)]
        for line, text in found:
            text = " ".join(_plain(text).split())
            if text:
                yield line, text, above
        item = block.kind == BlockKind.ITEM
        inner = " ".join(_plain(block.text).split()[:UNDER]) if item else ""
        yield from _texts(block.children, inner or above)


def _plain(text: str) -> str:
    """`text` without the addresses of its links and images and without HTML tags (but
    in code spans): what a reader sees, not png, https or strong."""
    pieces = _CODE.split(text)
    return "".join(p if n % 2 else _TAG.sub(" ", _LINK.sub(r"\1", p)) for n, p in enumerate(pieces))


def _cells(row: str) -> list[str]:
    """A table row's cells, none for the rule under the header."""
    cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
    return [] if all(set(cell) <= set(":- ") for cell in cells) else [c for c in cells if c]


_ADDRESS = r"\((?:[^()\n]|\([^()\n]*\))*\)"
"""A link's address in parentheses, which may hold a pair of its own (#트랜잭션(transaction))."""
_LINK = re.compile(rf"!?\[([^\]]*)\]{_ADDRESS}")
"""A Markdown link or image: its text is kept, its address is not (png, https, github...)."""
_CODE = re.compile(r"(`[^`]*`)")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_LINKS_ONLY = re.compile(rf"(?:[-*·|,]?\s*\[[^\]]*\]{_ADDRESS}\s*)+")
"""A block that only links, to headings of its note (a table of contents) or elsewhere (a
list of references): it names what other passages hold."""
_REFERENCES = re.compile(
    r"\W*(references?|sources?|bibliography|links?|참고\s*(자료|문헌|링크|사항)?|출처|링크)\W*",
    re.IGNORECASE,
)
"""The title of a topic that lists where the note's text came from: not searched."""


def _above(topic: Topic, by_id: dict[str, Topic]) -> str:
    """The titles of the topics `topic` is nested in, nearest first."""
    titles: list[str] = []
    parent = by_id.get(topic.parent or "")
    while parent is not None and len(titles) < 5:
        titles.append(parent.title)
        parent = by_id.get(parent.parent or "")
    return " ".join(titles)


_PAREN = re.compile(r"\(([^()]{2,60})\)")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9\- ]*[A-Za-z0-9]")
_HANGUL_WORD = re.compile(r"[가-힣]+")
_NOT_A_NAME = re.compile(r"\b(vs|versus|and|or|e\.g|ex|i\.e)\b|[,&/]|\d", re.IGNORECASE)
"""Parentheses that hold a comparison, a list or an example, not another name: `차이(Process
vs Thread)`, `(CPU, memory)`."""


def pairs(note: Note) -> Iterator[tuple[str, str]]:
    """The names the note gives one thing in two ways, both ways round: a Korean name and
    an English one in parentheses (`교착 상태(deadlock)`, `어텐션 (attention)`, `deadlock(교착
    상태)`), or an English name and its acronym (`Long Short-Term Memory(LSTM)`)."""
    for topic in note.topics:
        texts = [topic.title, *(b.text for b in topic.walk() if b.kind in SEARCHED)]
        for text in texts:
            for found in _PAREN.finditer(text):
                inner = found.group(1).strip()
                name = _named(text[: found.start()].rstrip(), inner)
                if name:
                    yield name, inner
                    yield inner, name


def _named(before: str, inner: str) -> str | None:
    """The name written before the parentheses that hold `inner`, if `inner` is the same
    thing's name in the other script (or the acronym of Latin words before it)."""
    tail = before.split()
    if _NOT_A_NAME.search(inner):
        return None
    if _LATIN_NAME.fullmatch(inner) and len(inner.split()) <= 5:
        run: list[str] = []
        for word in reversed(tail[-3:]):
            if not _HANGUL_WORD.fullmatch(word) or (run and word.endswith(_LINKS)):
                break
            run.insert(0, word)
        if run:
            return " ".join(run)
        if inner.isupper() and tail:  # an acronym: the words whose initials it spells
            initials = [(w, "".join(p[:1] for p in w.split("-"))) for w in tail[-6:]]
            for n in range(1, len(initials) + 1):
                spelled = "".join(i for _, i in initials[-n:])
                if spelled.upper() == inner and spelled[:1].isupper():
                    return " ".join(w for w, _ in initials[-n:])
        return None
    if _HANGUL_WORD.fullmatch(inner.replace(" ", "")) and len(inner.split()) <= 3:
        latin: list[str] = []
        for word in reversed(tail[-4:]):
            if not _LATIN_NAME.fullmatch(word):
                break
            latin.insert(0, word)
        return " ".join(latin) or None
    return None


_LINKS = ("은", "는", "을", "를", "의", "에서", "으로", "에게", "이란", "이라는")
"""Endings of a word that ends a phrase of its own: `이를 교착 상태(deadlock)` names
교착 상태, not 이를 교착 상태."""
