"""Search: the passages of the notes that hold what a student types, best first, each
with the words marked. One search for `studykit search`, `GET /api/search` and the web's
search page, over one index (studykit.notes.index), which is local even when the service
keeps its reviews in PostgreSQL.

A query is split into words, each stemmed: a Korean word loses a common particle or ending
(기울기를 → 기울기, 소실되는 → 소실, 사라진다 → 사라지), an English one its plural s. A word
is found in a passage, or in the titles above it, in any of these ways:

- as the start of a word (gradient finds gradients; 기울기 finds 기울기가), or from two
  Hangul syllables on, inside a compound (전파 in 역전파); a single letter or digit only as
  itself (x finds x가, not xai);
- typed without spaces, as the spaced words (기울기소실 finds 기울기 소실), by its syllable
  pairs;
- spelled as it sounds alike (쓰레드, 스레드; 스케쥴링, 스케줄링: text.loose);
- by another name: the field's terms in both languages (studykit.notes.terms), the pairs the
  notes write (`교착 상태(deadlock)`), and the notes folder's own `synonyms.txt`; several
  words of the query can be one name (망각 게이트 finds forget gate);
- when it is nowhere in any of those ways and has three syllables or more, one syllable or
  jamo off (기룰기 finds 기울기).

Passages holding more of the query's words come first (a question word such as 뭐야 or 이유
counts for a quarter), then by bm25 summed over the words; a word found nowhere leaves the
others to rank. A query with nothing found can ask `closest` for terms of the notes' titles
spelled like its words.

Marks are (start, end) offsets in code points into a hit's `text`, end excluded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from studykit.config import data_dir
from studykit.errors import SourceError
from studykit.notes import index
from studykit.notes.corpus import Corpus
from studykit.notes.index import (
    ENDINGS,
    FINALS,
    Group,
    Index,
    Kind,
    Term,
    final,
    is_hangul,
    key,
    split,
    stem,
    words,
)
from studykit.notes.model import Note
from studykit.notes.terms import TERMS
from studykit.progress import Progress
from studykit.text import jamo, loose, nfc

MAX_QUERY = 200
"""Longest query the service takes, in characters."""
MAX_TERMS = 10
"""Words of a query searched for; the rest are ignored."""
SNIPPET = 160
"""Characters of a passage shown around its first match."""
SYNONYMS = "synonyms.txt"
"""The notes folder's own names for one thing: one line each, the names separated by `=`."""
LONGEST_NAME = 4
"""Words of the query that can be one name together."""
SOFT = 0.25
"""What a question word (뭐야, 이유, difference) adds to a passage's coverage."""
_QUESTIONS = (
    "뭐야 뭐지 뭔가 뭔지 뭐 뭐임 뭐예요 뭐에요 뭔가요 뭘까 무엇 무엇인가 무엇인지 무엇인 이유 왜 "
    "어떻게 어떤 언제 차이 차이점 설명 정의 의미 개념 예시 원리 역할 특징 방법 종류 장점 단점 "
    "장단점 비교 필요 알려줘 정리 대해 대해서 대한 관해 관해서 설명해 설명해줘 쉽게 간단히 "
    "뭔데 뭐임 무엇인가요 인가요 인지 하는 쓰 하 되 있 없 같 보 주 받 알 "
    "difference differences between versus vs explain meaning definition example mean"
)
"""Words a student adds to a question, and verbs that say little (쓰는, 하는): they rank a
little, they never decide."""
_FILLERS = (
    "the a an of to in on for and or is are was were be does do did what why how which "
    "when its it this that with by as"
)
"""English words searched for only when the query has nothing else."""
_QUESTION, _FILLER = frozenset(_QUESTIONS.split()), frozenset(_FILLERS.split())
_ADJECTIVE = {"른": "르", "린": "리"}
"""The last syllable of a 르/리 verb or adjective before a noun (빠른 이유, 느린 쿼리), and
its stem's, which its other forms start with (빠르다, 빠르게, 느리다)."""


@dataclass(slots=True)
class Word:
    """A word of the query: as typed, its stem, whether it is only a question word, the
    other names it is part of, and for a Hangul word typed without spaces, the names of
    each pair of parts it splits into (filled in by `search`)."""

    word: str
    stem: str
    soft: bool = False
    names: set[str] = field(default_factory=set)
    parts: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)

    def group(self) -> Group:
        """The ways the index finds this word."""
        hangul = _all_hangul(self.stem)
        prefix = len(self.stem) > 1 or (hangul and not self.soft)  # 개 finds 개가; 퀵 itself
        wide = [Term(Kind.PARTS, self.stem, parts=parts) for parts in self.parts]
        for name in sorted(self.names):
            wide.append(Term(Kind.WORD, name))
            if " " in name and _all_hangul(name.replace(" ", "")):
                wide.append(Term(Kind.WORD, name.replace(" ", "")))
        if hangul and len(self.stem) > 1 and self.stem[-1] in _ADJECTIVE:  # 빠른: 빠르다
            wide.append(Term(Kind.WORD, self.stem[:-1] + _ADJECTIVE[self.stem[-1]]))
        near = self.stem if hangul and len(self.stem) >= 3 else ""
        word = Term(Kind.WORD, self.stem, prefix, _inside(self.stem))
        return Group((word,), SOFT if self.soft else 1.0, near, tuple(wide))

    def splits(self) -> list[tuple[str, str]]:
        """The ways a Hangul word typed without spaces, of four syllables or more, splits in
        two words of two syllables or more (공간지역성: 공간 지역성, 공간지 역성)."""
        if not _all_hangul(self.stem):
            return []
        return [(self.stem[:n], self.stem[n:]) for n in range(2, len(self.stem) - 1)]


def _all_hangul(text: str) -> bool:
    return bool(text) and all(map(is_hangul, text))


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
    if not wanted:
        return []
    with Index(cache or data_dir() / "index.sqlite3", corpus.root, progress) as found:
        spans = _spans(wanted)
        pieces = {key(p) for w in wanted for split in w.splits() for p in split}
        table = _names(corpus.root)
        written = found.names([*spans, *pieces])

        def names(name: str) -> set[str]:
            known = table.table.get(name, frozenset()) | written.get(name, set())
            return set(known or _near_name(name, table))

        for span, (start, end) in spans.items():
            for word in wanted[start:end]:
                word.names |= {n for n in names(span) if key(n) != span}
        for word in wanted:
            word.parts = [
                tuple((part, *sorted(names(key(part)) - {part})) for part in split)
                for split in word.splits()
            ]
        passages, spelt = found.find(
            [w.group() for w in wanted], note.path if note else None, limit
        )
        for n, near in spelt.items():
            wanted[n].names |= near
    notes = {n.path: n for n in corpus.notes}
    marks = marker(wanted)
    hits = []
    for passage in passages:
        owner = notes.get(passage.path)
        topic = next((t for t in owner.topics if t.slug == passage.topic), None) if owner else None
        if owner is None or topic is None:  # changed since the corpus was loaded
            continue
        text, shown = _snippet(passage.text, marks(passage.text))
        hits.append(
            Hit(owner.slug, owner.title, topic.slug, topic.title, passage.line, text, shown)
        )
    return hits


def _spans(wanted: list[Word]) -> dict[str, tuple[int, int]]:
    """Each run of up to LONGEST_NAME words of the query, by its key (index.key), with
    where it starts and ends."""
    found: dict[str, tuple[int, int]] = {}
    for start in range(len(wanted)):
        for end in range(start + 1, min(len(wanted), start + LONGEST_NAME) + 1):
            found.setdefault(key(" ".join(w.stem for w in wanted[start:end])), (start, end))
    return found


@dataclass(frozen=True, slots=True)
class _Names:
    """Each name's key to every name of its line, and each key of four Hangul syllables
    or more with one syllable made `?`, to its names (for `_near_name`)."""

    table: dict[str, frozenset[str]]
    near: dict[str, frozenset[str]]

    @classmethod
    def of(cls, table: dict[str, frozenset[str]]) -> _Names:
        near: dict[str, frozenset[str]] = {}
        for name, names in table.items():
            if len(name) >= 4 and _all_hangul(name):
                for n in range(len(name)):
                    near.setdefault(name[:n] + "?" + name[n + 1 :], names)
        return cls(table, near)


def _names(root: Path) -> _Names:
    """The built-in names (studykit.notes.terms) and the notes folder's `synonyms.txt`."""
    path = root / SYNONYMS
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return _merged(None, 0)
    return _merged(path, stamp)


@lru_cache(maxsize=8)
def _merged(path: Path | None, stamp: int) -> _Names:
    """The built-in names and those of the synonyms file at `path` as it was at `stamp`."""
    found = dict(_table(TERMS, "studykit/notes/terms.py"))
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(path, 1, f"cannot read the synonyms ({error})") from None
        for name, other in _table(text, str(path)).items():
            found[name] = found.get(name, frozenset()) | other
    return _Names.of(found)


@cache
def _table(text: str, source: str) -> dict[str, frozenset[str]]:
    """Lines of names separated by `=` (`#` starts a comment), each name's key to the
    names of its line."""
    found: dict[str, set[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        names = [nfc(" ".join(n.split())) for n in line.partition("#")[0].split("=")]
        names = [n for n in names if n]
        if not names:
            continue
        if len(names) < 2:
            raise SourceError(source, number, "a line of synonyms names two or more, between =")
        for name in names:
            found.setdefault(key(name), set()).update(names)
    return {k: frozenset(v) for k, v in found.items()}


def _near_name(name: str, known: _Names) -> frozenset[str]:
    """The names of a built-in or synonyms-file term one syllable off `name` (a key of
    four Hangul syllables or more, the same length): 세그먼테이션 finds 세그멘테이션's
    line. Not a syllable more or less: 데이터셋 is not 데이터."""
    if len(name) < 4 or not _all_hangul(name):
        return frozenset()
    for n in range(len(name)):
        found = known.near.get(name[:n] + "?" + name[n + 1 :])
        if found:
            return found
    return frozenset()


def closest(corpus: Corpus, query: str, most: int = 3) -> list[str]:
    """Words of the notes' titles spelled most like the query's words (compared in jamo):
    what to suggest when nothing was found."""
    seen: dict[str, str] = {}
    for note in corpus.notes:
        for title in [note.title, *(t.title for t in note.topics)]:
            for found in index.WORD.findall(nfc(title)):
                if len(found) > 1:
                    seen.setdefault(jamo(loose(found.casefold())), found)
    suggestions: list[str] = []
    for word in parse_query(query):
        typed = jamo(loose(word.stem))
        for close in difflib.get_close_matches(typed, seen, n=most, cutoff=0.6):
            if seen[close] not in suggestions and close != typed:
                suggestions.append(seen[close])
    return suggestions[:most]


def by_note(hits: list[Hit]) -> list[list[list[Hit]]]:
    """Hits grouped by note, then by topic, each group where its best hit ranks."""
    notes: dict[str, dict[str, list[Hit]]] = {}
    for hit in hits:
        notes.setdefault(hit.note, {}).setdefault(hit.topic, []).append(hit)
    return [list(topics.values()) for topics in notes.values()]


def parse_query(query: str) -> list[Word]:
    """The query's words (at most MAX_TERMS, each stem once), stemmed; English filler (the,
    is, what) left out unless there is nothing else."""
    typed = _query_words(query)
    kept = [w for w in typed if w not in _FILLER] or typed
    found: dict[str, Word] = {}
    for word in kept:
        base = stem(word)
        soft = word in _QUESTION or base in _QUESTION
        found.setdefault(base, Word(word, base, soft))
    chosen = list(found.values())[:MAX_TERMS]
    if all(w.soft for w in chosen):  # 정의, 차이점: what the student wants after all
        for chosen_word in chosen:
            chosen_word.soft = False
    return chosen


def _query_words(query: str) -> list[str]:
    """The query's words as the index separates them, less the particles split off a
    Latin word (the 가 of tanh가)."""
    found: list[str] = []
    for spaced in nfc(query).split():
        pieces = split(spaced)
        found += pieces[:1] + [p for p in pieces[1:] if p not in ENDINGS]
    return found


def mark(text: str, wanted: list[Word]) -> list[tuple[int, int]]:
    """Where in `text` the words match as the index matches them (at a word's start, or
    inside a Hangul word; a last syllable without a final consonant takes any), their other
    names and their parts, with or without spaces between syllables, and, when none of
    those is there, their spellings one syllable off; merged where they touch."""
    return marker(wanted)(text)


def marker(wanted: list[Word]) -> Callable[[str], list[tuple[int, int]]]:
    """`mark` for these words, its patterns made once for all the hits of a query."""
    needles = []
    for word in wanted:
        stem = loose(word.stem)
        pieces = {p for parts in word.parts for names in parts for p in names}
        others = {"".join(words(o)) for o in [stem, *word.names, *pieces]}
        longest = sorted((n for n in others if len(n) > 1), key=len, reverse=True)
        spaced = [r"\s*".join(map(re.escape, n)) for n in longest]
        needles.append((stem, re.compile("|".join(spaced)) if spaced else None))

    def marks(text: str) -> list[tuple[int, int]]:
        folded = text.casefold()
        if len(folded) != len(text):  # ß, İ: keep offsets, leave such letters as they are
            folded = "".join(c if len(c.casefold()) != 1 else c.casefold() for c in text)
        folded = loose(folded)
        spans = []
        for stem, pattern in needles:
            found = [
                (at, at + len(stem))
                for at in _occurrences(folded, stem)
                if (_inside(stem) or _starts_word(folded, at))
                and (len(stem) > 1 or is_hangul(stem) or _ends_word(folded, at + len(stem)))
            ]
            if pattern:
                found += [m.span() for m in pattern.finditer(folded)]
            spans += found or list(_near(folded, stem))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            elif start < end:
                merged.append((start, end))
        return merged

    return marks


def _inside(stem: str) -> bool:
    return len(stem) > 1 and all(map(is_hangul, stem))


def _near(text: str, stem: str) -> Iterator[tuple[int, int]]:
    """Where a Hangul word of `text` starts one syllable off `stem` (three syllables or
    more): one replaced, added or left out."""
    if len(stem) < 3 or not all(map(is_hangul, stem)):
        return
    for run in re.finditer("[가-힣]+", text):
        for size in (len(stem), len(stem) - 1, len(stem) + 1):
            if _one_off(run.group()[:size], stem) and size <= len(run.group()):
                yield run.start(), run.start() + size
                break


def _one_off(a: str, b: str) -> bool:
    """`a` and `b` differ by one syllable: replaced, added or left out."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:n] + long[n + 1 :] == short for n in range(len(long)))


def _occurrences(text: str, stem: str) -> Iterator[int]:
    """Where `stem` is in `text`, its last syllable with any final consonant when it has
    none (지: 지, 진, 질, ...)."""
    last = stem[-1]
    open_end = is_hangul(last) and not final(last)
    needle = stem[:-1] if open_end else stem
    if not needle:  # one open syllable
        yield from (m.start() for m in re.finditer(f"[{last}-{chr(ord(last) + 27)}]", text))
        return
    at = text.find(needle)
    while at >= 0:
        end = at + len(stem)
        if not open_end or (end <= len(text) and 0 <= ord(text[end - 1]) - ord(last) < FINALS):
            yield at
        at = text.find(needle, at + 1)


def _starts_word(text: str, at: int) -> bool:
    """A word starts at `at`: after no letter or digit, or after one of another script."""
    before = text[at - 1] if at else " "
    return not before.isalnum() or is_hangul(before) != is_hangul(text[at])


def _ends_word(text: str, end: int) -> bool:
    after = text[end] if end < len(text) else " "
    return not after.isalnum() or is_hangul(after) != is_hangul(text[end - 1])


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
