"""Lead-ins: a sentence that announces the list right below it (`파일 시스템을 사용했을 때의
주요 문제점은 다음과 같다.`, `**데이터베이스**는 다음의 **장점**을 가진다.`, `한편 **단점**도
존재한다.`) asks for the list, named by what the sentence announces.

Blog posts and lecture summaries introduce lists in prose rather than with a `장점:` label,
so the labelled-list rule sees no label. The name is the bold words of the sentence (the
subject and the aspect: `데이터베이스 — 장점?`), else what comes before its topic particle
(`파일 시스템의 주요 문제점?`); a generic name alone (`단점`) is given its subject by the
shared passes. A sentence that announces an example (`예를 들면 다음과 같다.`) or code is
no lead-in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import EXAMPLE, clean, is_generic
from studykit.notes.model import Block, BlockKind, Topic

_LEAD_IN = re.compile(
    r"(?:다음과\s*같다|다음과\s*같습니다|아래와\s*같다|아래와\s*같습니다|다음이\s*있다|"
    r"다음의\s*\S+(?:을|를)\s*가진다|(?:도|이|가)\s*존재한다|(?:은|는)\s*다음과\s*같이\s*\S+다)\.?\s*$"
)
_BOLD = re.compile(r"\*\*([^*]{1,40})\*\*")
_TOPIC = re.compile(r"^(?P<name>.{2,40}?)(?:은|는|이|가|도)\s")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_EXAMPLE = re.compile(r"예를\s*들|예시|예제|코드|for example", re.I)


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: a list right after a paragraph that ends by announcing it."""
    if block.kind != BlockKind.LIST or block.label:
        return
    at = next((n for n, b in enumerate(topic.blocks) if b is block), 0)
    above = topic.blocks[at - 1] if at else None
    if above is None or above.kind != BlockKind.PARAGRAPH or above.end + 2 < block.line:
        return
    sentence = _SENTENCES.split(above.text.replace("\n", " ").strip())[-1]
    if not _LEAD_IN.search(sentence) or _EXAMPLE.search(sentence):
        return
    name = _name(sentence)
    if not name or EXAMPLE.search(name):
        return
    items = "\n".join(f"- {item.text}" for item in block.children)
    yield make(CardKind.LIST, f"{name}?", items, block.line)


def _name(sentence: str) -> str:
    """What the sentence announces: its bold words (subject, then aspect), else the words
    before its topic particle."""
    bold = [clean(b).strip() for b in _BOLD.findall(sentence)]
    if len(bold) == 2 and is_generic(bold[1]):
        return f"{bold[0]} — {bold[1]}"
    if len(bold) == 1:
        return bold[0]
    plain = re.sub(r"^(?:한편|또한|그리고|이\s*때|이때)\s*,?\s*", "", clean(sentence))
    found = _TOPIC.match(plain)
    return found["name"].strip() if found else ""
