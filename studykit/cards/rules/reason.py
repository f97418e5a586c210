"""Reasons in prose: `X인 이유는 Y 때문이다` asks `X인 이유?` for Y.

Lecture summaries, TIL notes and interview answers give a reason in one sentence (`OSI 7 계층을
나눈 이유는 ... 그 단계만 수정할 수 있기 때문이다.`, `탐욕 알고리즘으로 불리는 이유는 ...
욕심을 부려서 ... 하기 때문이다.`); the part before `이유는` is the question, written by the
author, and what comes before `때문` the answer. Not a card: a reason with no subject of its
own (`그 이유는 ...`, `이유는 ...`: what it is the reason for is in another sentence), or an
answer too short to say anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import SENTENCES, clean
from studykit.notes.model import Block

_REASON = re.compile(
    r"^(?P<asked>.{4,80}?)\s?이유는\s+(?:다음처럼\s+|바로\s+)?(?P<answer>.{6,}?)\s*"
    r"(?:이기\s*)?[때떄]문(?:이다|입니다|이에요|임)?[.)\\]*$"
)
"""`떄문` too: a slip of the keyboard the notes make."""
_NO_SUBJECT = re.compile(r"^(?:그|이|저|그런|이런|그러한|이러한|그게|이게)(?:\s|$)")
_CONNECTIVE = re.compile(r"^(?:그리고|또한|즉|그래서|따라서|결국)\s*,?\s*")


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    if "이유는" not in block.text:
        return
    for sentence in SENTENCES.split(block.text):
        found = reason(sentence.strip())
        if found:
            yield make(CardKind.DEFINITION, f"{found[0]} 이유?", found[1], block.line)


def reason(sentence: str) -> tuple[str, str] | None:
    """(what is asked, the reason) when the sentence gives a reason for something it names."""
    found = _REASON.match(clean(sentence).rstrip("\\ "))
    if found is None:
        return None
    asked = _CONNECTIVE.sub("", found["asked"].strip(" ,"))
    if _NO_SUBJECT.match(asked) or len(asked) < 4:
        return None
    return asked, f"{found['answer'].strip(' ,')} 때문"
