"""Search: the passages of the notes that hold a query's words, best first, each with the
words marked. One search for `studykit search`, `GET /api/search` and the web's search
page, all over one index: SQLite FTS5 kept with the notes cache (studykit.notes.cache),
which is local even when the service keeps its reviews in PostgreSQL.

A query is split into words; a passage matches when it holds every word (in any order, at
any distance) in its text or its topic's title, and at least one in its text. Ranking is
bm25. Korean is matched by stem: a word loses a common particle or ending (기울기를 →
기울기, 소실되는 → 소실, 사라진다 → 사라지), and the stem matches the start of a word,
whatever follows (기울기가, 소실된다, 사라진), or, from two syllables on, inside a
compound (전파 in 역전파). Other words match the start of a word (gradient finds
gradients); a single letter or digit matches only itself (x finds x가, not xai).

Marks are (start, end) offsets in code points into a hit's `text`, end excluded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from studykit.config import data_dir
from studykit.notes.cache import Term, find, words
from studykit.notes.corpus import Corpus
from studykit.notes.model import Note
from studykit.progress import Progress
from studykit.text import jamo, nfc

MAX_QUERY = 200
"""Longest query the service takes, in characters."""
MAX_TERMS = 10
"""Words of a query searched for; the rest are ignored."""
SNIPPET = 160
"""Characters of a passage shown around its first match."""

_SAFE_ENDINGS = ("은", "는", "을", "를")
"""One-syllable particles that hardly ever end a noun: taken off even a one-syllable stem."""
_PARTICLES = (
    "에서는 에서도 에서의 에게서 으로서 으로써 으로는 으로도 이라고 이라는 이라도 에서 에게 "
    "에는 에도 에의 으로 로서 로써 로는 로도 부터 까지 처럼 보다 마다 한테 께서 라고 라는 "
    "이란 이나 이며 이고 이다 이면 와의 과의 와는 과는 이 가 의 에 도 와 과 로 만"
)
_VERB_ENDINGS = (
    "되었다 하였다 합니다 됩니다 했다 됐다 한다 된다 하다 되다 하는 되는 하고 되고 하여 되어 "
    "해서 돼서 하며 되며 하면 되면 하지 되지 하게 되게 했 됐 한 된 할 될 함 됨 해 돼 는다 다 인"
)
_ENDINGS = sorted([*_PARTICLES.split(), *_VERB_ENDINGS.split(), *_SAFE_ENDINGS], key=len)[::-1]
"""Particles (josa) and endings (eomi) taken off a Korean word, the longest first. One of
one syllable other than _SAFE_ENDINGS is taken off only when two syllables remain: 결과,
정의, 속도 and 평가 end in one too."""
_HANGUL_BASE, _FINALS = 0xAC00, 28


@dataclass(slots=True)
class Word:
    """A word of the query, its stem, and the term the index is searched for."""

    word: str
    stem: str
    term: Term


@dataclass(slots=True)
class Hit:
    note: str  # the note's slug
    title: str
    topic: str  # the topic's slug
    topic_title: str
    line: int
    text: str  # the passage, or SNIPPET characters of it around the first match
    marks: list[tuple[int, int]] = field(default_factory=list)

    @property
    def target(self) -> str:
        """What `studykit show` takes for this hit's topic."""
        return f"{self.note}#{self.topic}" if self.topic else self.note

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut at the marks: (piece, marked) in order, for the interfaces to style."""
        pieces, at = [], 0
        for start, end in self.marks:
            pieces += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        pieces.append((self.text[at:], False))
        return [(piece, marked) for piece, marked in pieces if piece]


def search(
    corpus: Corpus,
    query: str,
    *,
    note: Note | None = None,
    limit: int = 50,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> list[Hit]:
    """The passages that match `query`, best first, in the notes of `corpus` (just loaded,
    so that the cache is current) or in `note` alone. `cache` is the file load_notes used;
    `progress` hears of the notes indexed first (all of them, the first time)."""
    wanted = parse_query(query)
    found = find(
        cache or data_dir() / "index.sqlite3",
        corpus.root,
        [w.term for w in wanted],
        note.path if note else None,
        limit,
        progress,
    )
    notes = {n.path: n for n in corpus.notes}
    hits = []
    for passage in found:
        owner = notes.get(passage.path)
        topic = next((t for t in owner.topics if t.slug == passage.topic), None) if owner else None
        if owner is None or topic is None:  # changed since the corpus was loaded
            continue
        text, marks = _snippet(passage.text, mark(passage.text, wanted))
        hits.append(
            Hit(owner.slug, owner.title, topic.slug, topic.title, passage.line, text, marks)
        )
    return hits


def by_note(hits: list[Hit]) -> list[list[list[Hit]]]:
    """Hits grouped by note, then by topic, each group where its best hit ranks."""
    notes: dict[str, dict[str, list[Hit]]] = {}
    for hit in hits:
        notes.setdefault(hit.note, {}).setdefault(hit.topic, []).append(hit)
    return [list(topics.values()) for topics in notes.values()]


def parse_query(query: str) -> list[Word]:
    """The query's words (at most MAX_TERMS, each stem once), stemmed."""
    found: dict[str, Word] = {}
    for word in _query_words(query):
        stem = _stem(word)
        hangul = all(map(_is_hangul, stem))
        term = Term(jamo(stem), prefix=len(stem) > 1 or hangul, inside=hangul and len(stem) > 1)
        found.setdefault(stem, Word(word, stem, term))
    return list(found.values())[:MAX_TERMS]


def _query_words(query: str) -> list[str]:
    """The query's words as the index separates them, less the particles split off a
    Latin word (the 가 of tanh가)."""
    found: list[str] = []
    for spaced in nfc(query).split():
        pieces = words(spaced)
        found += pieces[:1] + [p for p in pieces[1:] if p not in _ENDINGS]
    return found


def _stem(word: str) -> str:
    """The word without one common particle or ending (Korean), or plural s (English)."""
    if word.isascii():
        return word[:-1] if len(word) > 3 and word.endswith("s") and word[-2] != "s" else word
    if not _is_hangul(word[-1]):
        return word
    for ending in _ENDINGS:
        rest = word[: -len(ending)]
        if not word.endswith(ending) or not rest:
            continue
        if _is_hangul(rest[-1]):
            if len(rest) < (1 if len(ending) > 1 or ending in _SAFE_ENDINGS else 2):
                continue
            if ending == "다" and _final(rest[-1]) == 4:  # ㄴ다: 사라진다 → 사라지
                rest = rest[:-1] + chr(ord(rest[-1]) - 4)
        return rest  # after Latin letters (LSTM의, tanh가), any ending goes
    return word


def _is_hangul(char: str) -> bool:
    return 0 <= ord(char) - _HANGUL_BASE < 11172


def _final(syllable: str) -> int:
    """Index of a syllable's final consonant (0: none, 4: ㄴ)."""
    return (ord(syllable) - _HANGUL_BASE) % _FINALS


def mark(text: str, wanted: list[Word]) -> list[tuple[int, int]]:
    """Where in `text` the words match as the index matches them (at a word's start, or
    inside a Hangul word; a last syllable without a final consonant takes any), merged
    where they touch."""
    folded = text.casefold()
    if len(folded) != len(text):  # ß, İ: keep offsets, leave such letters as they are
        folded = "".join(c if len(c.casefold()) != 1 else c.casefold() for c in text)
    spans = []
    for word in wanted:
        stem, term = word.stem, word.term
        for at in _occurrences(folded, stem):
            end = at + len(stem)
            if (term.inside or _starts_word(folded, at)) and (
                term.prefix or _ends_word(folded, end)
            ):
                spans.append((at, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _occurrences(text: str, stem: str) -> Iterator[int]:
    """Where `stem` is in `text`, its last syllable with any final consonant when it has
    none (지: 지, 진, 질, ...)."""
    last = stem[-1]
    open_end = _is_hangul(last) and not _final(last)
    needle = stem[:-1] if open_end else stem
    if not needle:  # one open syllable
        yield from (m.start() for m in re.finditer(f"[{last}-{chr(ord(last) + 27)}]", text))
        return
    at = text.find(needle)
    while at >= 0:
        end = at + len(stem)
        if not open_end or (end <= len(text) and 0 <= ord(text[end - 1]) - ord(last) < _FINALS):
            yield at
        at = text.find(needle, at + 1)


def _starts_word(text: str, at: int) -> bool:
    """A word starts at `at`: after no letter or digit, or after one of another script."""
    before = text[at - 1] if at else " "
    return not before.isalnum() or _is_hangul(before) != _is_hangul(text[at])


def _ends_word(text: str, end: int) -> bool:
    after = text[end] if end < len(text) else " "
    return not after.isalnum() or _is_hangul(after) != _is_hangul(text[end - 1])


def _snippet(
    text: str, marks: list[tuple[int, int]], width: int = SNIPPET
) -> tuple[str, list[tuple[int, int]]]:
    """`text`, or `width` characters of it from a word break before its first mark, with
    … where it was cut, and the marks moved to match."""
    if len(text) <= width:
        return text, marks
    first = marks[0][0] if marks else 0
    start = 0
    if first >= width // 3:  # from a space a little before the first mark, if there is one
        near = first - width // 4
        start = text.rfind(" ", max(0, near - width // 8), near) + 1 or near
    end = start + width
    if end < len(text):
        cut = text.rfind(" ", start + width // 2, end)
        end = cut if cut > 0 else end
    head, tail = "… " if start else "", " …" if end < len(text) else ""
    shift = len(head) - start
    inside = [(s + shift, min(e, end) + shift) for s, e in marks if start <= s < end]
    return head + text[start:end] + tail, inside
