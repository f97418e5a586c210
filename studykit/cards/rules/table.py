"""Tables: each row names a thing in its first cell and says something about it under each
other column's header, so each filled cell asks `<first cell> — <column header>?`.

Learners compare models, functions and metrics in tables (`| 모델 | gate 수 | 내부 state |`),
and a comparison is recalled one cell at a time: "how many gates has an LSTM?".

Not cards: empty cells (and `-`), a cell that says only a degree or a mark (`빠름`, `O`), a
value the same in several rows of its column (it tells no row from another), a cross table
whose top-left header is empty (its cells are named by both headers, as in a confusion
matrix), a table whose first column is not a name (numbers only) or is a record's key (`|
회원 아이디 | 비밀번호 |`, `| 주문번호 | ...`: example rows of a database), a table of
measurements (every other cell a number: an experiment log, not facts to memorise), and a
`비고` (remarks) column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block, BlockKind, Topic

_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMBER = re.compile(r"^[+\-−±~≈<>]?\s*\d[\d.,]*\s*(?:%|x|배|개|ms|s|초|epoch|GB|MB)?$", re.I)
_EMPTY = {"", "-", "—", "–", "x", "n/a"}
_MARKS = re.compile(r"\*\*|__")
_RECORD_KEY = re.compile(r"(?:^|\s)(?:id|아이디|번호|no\.?|#)$", re.I)
_REMARKS = re.compile(r"비고|참고|remarks?|notes?|comments?|etc\.?", re.I)


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule."""
    if block.kind != BlockKind.TABLE:
        return
    lines = block.text.split("\n")
    if len(lines) < 3 or not _RULE_ROW.match(lines[1]):
        return
    header = [_plain(cell) for cell in split_row(lines[0])]
    rows = [(block.line + 2 + n, split_row(line)) for n, line in enumerate(lines[2:])]
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows or len(header) < 2 or not header[0]:
        return
    if _RECORD_KEY.search(header[0]):
        return  # `| 회원 아이디 | 비밀번호 | ...`: example records of a database, not facts
    names = [_plain(cells[0]) if cells else "" for _, cells in rows]
    if not any(names) or all(_NUMBER.match(n) or not n for n in names):
        return
    others = [c for _, cells in rows for c in cells[1:] if c.strip().casefold() not in _EMPTY]
    if others and all(_NUMBER.match(_plain(c)) for c in others):
        return  # measurements
    repeated = _repeated([cells for _, cells in rows])
    for (line, cells), name in zip(rows, names, strict=True):
        if not name or _NUMBER.match(name):
            continue
        for n, (column, cell) in enumerate(zip(header[1:], cells[1:], strict=False), start=1):
            if not column or _REMARKS.fullmatch(column) or cell.strip().casefold() in _EMPTY:
                continue  # a `비고` column holds the author's remarks, not the row's facts
            if _bare(cell):
                continue
            if (n, _plain(cell)) in repeated:
                continue  # the same in several rows: it tells no row from another
            yield make(CardKind.DEFINITION, f"{name} — {column}?", cell.strip(), line)


def _bare(cell: str) -> bool:
    """A cell that says only a degree or a mark (`빠름`, `적음`, `O`, `✓`): nothing to recall."""
    text = _plain(cell)
    return len(text) <= 2 and not _NUMBER.match(text)


def _repeated(rows: list[list[str]]) -> set[tuple[int, str]]:
    """(column, value) pairs that appear in more than one row."""
    seen: dict[tuple[int, str], int] = {}
    for cells in rows:
        for n, cell in enumerate(cells[1:], start=1):
            key = (n, _plain(cell))
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


def split_row(line: str) -> list[str]:
    """A table row's cells; `|` inside code or math, or escaped, does not split."""
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    cells, current, quote = [], "", ""
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if char in "`$":
            quote = "" if quote == char else (quote or char)
        if char == "|" and not quote:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        i += 1
    cells.append(current.strip())
    return cells


def _plain(cell: str) -> str:
    return _MARKS.sub("", cell).strip().rstrip("?？").strip()
