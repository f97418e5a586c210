"""Definitions: `term: definition` on a block's first line (`ex)` and `예)` prefixes
dropped); the block's nested content joins the answer.

When the part after the colon is the author's own question about the term, answered in
the nested lines (`- Recurrent Neural Network : Recurrent하다?` then `→ 자신의 output이 ...`),
the card asks that question and the nested lines answer it.

A speaker is no term: `"김지우": 안녕하세요`, `캠퍼B: 저는 ... 헤맸어요` (a quoted name, an
answer in quotes, in the first person or telling what happened in spoken style) is a line
of dialogue, left out unless the note's front matter says `keep_personal: true`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make, block_text
from studykit.cards.wording import DEFINITION, clean
from studykit.notes.model import Block

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_ARROWED = re.compile(r"^\s*(?:→|⇒|->|=>)\s*")  # `→ answer`: the arrow only leads it in
_ARROW = re.compile(r"→|⇒|->|=>")
_CLAUSE = re.compile(r"[가-힣][을를]\s")
_ROLE = re.compile(r"(?:^|\s):[a-z]+:`")
_QUOTED = re.compile(r'^\s*(?:"[^"]+"|“[^”]+”|\'[^\']+\'|‘[^’]+’|「[^」]+」|『[^』]+』)\s*$')
_FIRST_PERSON = re.compile(r"^(?:저는|제가|저도|저희는|저희가)\s")  # not the generic `내가`
_PAST_SPOKEN = re.compile(r"[았었였했났갔왔봤됐맸셨][어아]요[.!?~]*$")
"""A sentence told in spoken style about what happened (`nan이 났어요`): a speaker's line."""


def speech(term: str, answer: str) -> bool:
    """Is `term: answer` a line of dialogue rather than a term and its definition?"""
    answer = answer.strip()
    return bool(
        _QUOTED.match(term)
        or _QUOTED.match(answer)
        or _FIRST_PERSON.match(answer)
        or _PAST_SPOKEN.search(answer)
    )


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    first_line = _unmarked(clean(block.text.split("\n", 1)[0]))  # `<b>SYN(...)</b> :`, `✓ ...:`
    found = DEFINITION.match(first_line)
    if not found or not _balanced(found["term"]) or "://" in first_line:
        return
    if _ROLE.search(first_line) or found["term"].rstrip().endswith((",", "、")):
        return  # `:numref:`, `:cite:` (Sphinx roles), or a clause before its comma
    bare = re.sub(r"\([^()]*\)", "", found["term"])  # `(LIS Problem)` counts as no words
    if _CLAUSE.search(found["term"]) or len(bare.split()) > 5:
        return  # `데이터 경계를 구분하지 않음: ...`: a clause with its object, not a term
    if _ARROW.search(found["term"]):
        return  # `A(CLOSED) → B(LISTEN) : SYN(a)`: a step from one to another, not a term
    term, definition = found["term"], found["definition"].strip()
    if getattr(make, "keep_personal", False) is not True and speech(term, definition):
        return
    nested = [text for text in map(block_text, block.children) if text.strip()]
    if definition.endswith("?") and nested:
        answer = "\n\n".join(nested)
        yield make(
            CardKind.DEFINITION, f"{term} — {definition}", _ARROWED.sub("", answer), block.line
        )
        return
    yield make(CardKind.DEFINITION, term, "\n\n".join([definition, *nested]), block.line)


def _unmarked(line: str) -> str:
    """The line without the check mark or emoji it opens with (`✓ 승인 : ...`)."""
    n = 0
    while n < len(line) and (line[n].isspace() or unicodedata.category(line[n]) == "So"):
        n += 1
    return line[n:]


def _balanced(term: str) -> bool:
    """Brackets closed, and not a sentence (a term does not end with `.`, `!` or `?`)."""
    stack: list[str] = []
    for char in term:
        if char in _BRACKETS:
            stack.append(_BRACKETS[char])
        elif char in _BRACKETS.values() and (not stack or stack.pop() != char):
            return False
    return not stack and not term.rstrip().endswith((".", "!", "?"))
