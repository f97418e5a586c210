"""Sets in prose: a sentence that names a thing's parts or kinds, all in one breath, asks for
them together (`OSI 7 계층은 물리 계층, 데이터 링크 계층, ..., 응용 계층으로 구성되어 있다.`
→ `OSI 7 계층의 구성 — 7가지?`).

Blog posts and interview answers list a set in running text rather than as a list: `X는 A, B,
C로 구성되어 있다` (이루어져 있다) asks for X's parts; `X는 A, B, C로 나뉜다` (분류된다, 나눌
수 있다) and `X에는 A, B (등)이 있다` for its kinds. Each member must be a name (a few words,
no clause), and there must be two to `MAX_ITEMS` of them; a sentence with one member (`...
제로화하는 것으로 구성됩니다`) is no set. A Q&A's answer gives these cards too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import SENTENCES, clean
from studykit.notes.model import Block

MAX_ITEMS = 10
_PARTS = (
    r"구성되어\s*있다|구성돼\s*있다|구성된다|구성됩니다|이루어져\s*있다|이루어진다|이루어집니다"
)
_KINDS = (
    r"나뉜다|나뉩니다|나누어진다|나눠진다|나눌\s*수\s*있다|분류된다|분류됩니다|분류할\s*수\s*있다"
)
_SET = re.compile(
    r"^(?P<name>[^,.]{1,30}?)(?:은|는|이|가)\s+(?:대표적으로|크게|주로|보통)?\s*"
    rf"(?P<items>.+?)\s*(?:으로|로)\s*(?P<verb>{_PARTS}|{_KINDS})\.?$"
)
_HAS = re.compile(
    r"^(?P<name>[^,.]{1,30}?)(?:에는|으로는|로는)\s+(?:대표적으로|크게|주로|보통)?\s*"
    r"(?P<items>.+?)(?:\s*등)?(?:이|가)\s+(?P<verb>있다|있습니다|있음)\.?$"
)
"""`Inner Join에는 Explicit Inner Join과 Implicit Inner Join이 있다`: its kinds."""
_VERBS = re.compile(rf"{_PARTS}|{_KINDS}|있다|있습니다|있음")
_SPLIT = re.compile(r",\s*|\s*/\s*|(?<=[\w)`])(?:와|과)\s+|\s+및\s+")
_NOT_A_NAME = re.compile(r"(?:[.!?:]|다|요|고|며|면|는|을|를|에서)$|\s(?:을|를|에|에서)\s")
_NOT_A_SUBJECT = re.compile(r"^(?:이|그|저|이것|그것|이는|여기|둘|셋)(?:\s|$)")


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    if _VERBS.search(block.text) is None:
        return  # most blocks: no set's verb, nothing to split
    for sentence in SENTENCES.split(block.text):
        found = members(sentence.strip())
        if found:
            name, aspect, items = found
            back = "\n".join(f"- {item}" for item in items)
            yield make(CardKind.LIST, f"{name}의 {aspect} — {len(items)}가지?", back, block.line)


def members(sentence: str) -> tuple[str, str, list[str]] | None:
    """(name, 구성 or 종류, the members) when the sentence lists a set, else None."""
    plain = clean(sentence).replace("`", "")
    found = _SET.match(plain) or _HAS.match(plain)
    if found is None:
        return None
    name = re.sub(r"\s*방법$", "", found["name"].strip()) if found.re is _HAS else found["name"]
    name = name.strip()
    if not name or len(name.split()) > 4 or _NOT_A_SUBJECT.match(name):
        return None
    items = [item.strip(" *") for item in _SPLIT.split(found["items"])]
    if not 2 <= len(items) <= MAX_ITEMS:
        return None
    if any(not item or len(item) > 40 or len(item.split()) > 5 for item in items):
        return None
    if any(_NOT_A_NAME.search(item) for item in items):
        return None
    aspect = "구성" if re.match(_PARTS, found["verb"]) else "종류"
    return name, aspect, items
