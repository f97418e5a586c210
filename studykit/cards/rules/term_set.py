"""Sets: a list of N terms, each explained, under a heading, a label or a parent item, asks
for the N names together (`트랜잭션 특징 — 4가지?` → 원자성, 일관성, 독립성, 지속성).

The four deadlock conditions, ACID, the OSI layers: each item is a card of its own (a
definition), and a student also learns the set as a whole. The list counts as a set when
every item names a term, either as `term: definition` or as a name with its explanation
indented under it, and there are 2 to `MAX_ITEMS` of them. The set is named by the heading
whose first block the list is, by the label right above it (a generic label with its topic:
`CPU 스케줄링 — 종류`), or by the item it is nested under; a name that is not already an aspect
(`특징`, `조건`, `종류`, ...) asks for its kinds (`비선점 스케줄링의 종류 — 3가지?`). A
heading that names a set over numbered headings (`### Deadlock 발생의 4가지 조건`, then
`### 1) Mutual exclusion` ...) is a set too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import (
    ASPECTS,
    DEFINITION,
    clean,
    drop_remarks,
    heading_subject,
    is_generic,
    is_section,
)
from studykit.notes.model import Block, BlockKind, Topic

MAX_ITEMS = 10
_EXPLAINED = (BlockKind.LIST, BlockKind.QUOTE, BlockKind.PARAGRAPH)
_NOT_A_NAME = re.compile(r"(?:[.!?。:]|다|요|죠|음|함|됨|임)$|→|->|=|\$|https?:")
_COLLECTIONS = (
    *("원칙", "유형", "구성", "구성요소", "요소", "단계", "방식", "기법", "알고리즘"),
    *("척도", "지표"),
    *("상태", "계층", "규칙", "성질", "속성", "분류", "types", "kinds", "steps", "layers"),
)
_SET_NAME = re.compile(
    r"(?:^|[\s의])(?:"
    + "|".join(re.escape(a) for a in (*ASPECTS, *_COLLECTIONS))
    + r")\s*(?:\(.*\))?$"
    r"|\d+\s*(?:가지|개|단계|계층|원칙|types?|kinds?)",
    re.I,
)
"""A name that says it is a set: it ends with an aspect or a collection (`트랜잭션 특징`,
`교착 상태 발생 조건`, `CPU 스케줄링의 종류`) or counts its members (`4가지 조건`)."""
_NUMBERED = re.compile(r"^\s*\(?(\d+)([.)])\s")
_COUNT = re.compile(r"(\d+)\s*(?:가지|개)")
_COMPARED = re.compile(r"(?:차이|차이점|비교)\s*$|\bvs\.?\b", re.I)
_MARKER = re.compile(r"^[^\w`*(]+|[^\w`*)]+$")  # `🎯 구조`, `긍정적 단어 😃`


def cards(topic: Topic, block: Block, make: Make) -> Iterator[Card]:
    """Block rule: the block's list, and every list nested in its items."""
    if block.kind != BlockKind.LIST:
        return
    name = ""
    if block.label:
        label = drop_remarks(clean(block.label))
        name = f"{heading_subject(topic.title)} {label}".strip() if is_generic(label) else label
    elif topic.level >= 2 and topic.blocks and block is _first_list(topic):
        name = heading_subject(topic.title)
    name = _MARKER.sub("", name).strip()
    alone = len(name.split()) == 1 and is_generic(name)
    if not _SET_NAME.search(name) or _COMPARED.search(name) or alone:
        return  # `구조` alone: whose? `SVD랑 차이`: a comparison, not a set
    found = list(_set(block, name, make))
    yield from found
    if not found:
        return
    for item in block.children:  # a set of sets: `- 비선점 스케줄링` over `1. FCFS`, `2. SJF`
        for child in item.children:
            if child.kind == BlockKind.LIST and all(i.children for i in child.children):
                yield from _set(child, f"{_name(item.text)}의 종류", make)


def heading_cards(topics: list[Topic], at: int, make: Make) -> Iterator[Card]:
    """Topic rule: a heading that names a set (`Deadlock 발생의 4가지 조건`) followed by
    numbered headings, one a member (`### 1) Mutual exclusion`, `### 2) No preemption`)."""
    topic = topics[at]
    name = _MARKER.sub("", heading_subject(topic.title)).strip()
    if topic.level < 2 or not _SET_NAME.search(name) or _COMPARED.search(name):
        return
    if _NUMBERED.match(topic.title):
        return  # `### 3. 프로세스 상태` among `### 4. ...`: sections, not members
    members: list[str] = []
    style = ""
    for after in topics[at + 1 :]:
        numbered = _NUMBERED.match(after.title)
        if numbered is None or (members and numbered[2] != style):
            if after.level <= topic.level or members:
                break
            continue
        if after.level < topic.level or int(numbered[1]) != len(members) + 1:
            break
        style = numbered[2]  # `1)` or `1.`: members are numbered alike, one after another
        members.append(_name(heading_subject(after.title), longest=60))
    counted = _COUNT.search(name)
    if len(members) < 2 or not all(members) or (counted and int(counted[1]) != len(members)):
        return
    back = "\n".join(f"- {member}" for member in members)
    yield make(
        CardKind.LIST, f"{name}?" if counted else f"{name} — {len(members)}가지?", back, topic.line
    )


def _set(block: Block, name: str, make: Make) -> Iterator[Card]:
    terms = [_term(item) for item in block.children]
    if not name or is_section(name) or not 2 <= len(terms) <= MAX_ITEMS or not all(terms):
        return
    if any(is_generic(term) for term in terms):
        return  # `- 장점`, `- 단점`: aspects of one thing, not members of a set
    back = "\n".join(f"- {term}" for term in terms)
    yield make(CardKind.LIST, f"{name} — {len(terms)}가지?", back, block.line)


def _term(item: Block) -> str:
    """The term an item names (`term: ...`, or a name explained under it), else ''."""
    first = item.text.split("\n", 1)[0]
    keyed = DEFINITION.match(first)
    if keyed:
        return _name(keyed["term"])
    if item.children and item.children[0].kind in _EXPLAINED:
        return _name(first)
    return ""


def _name(text: str, longest: int = 40) -> str:
    name = clean(text).strip()
    if not name or len(name) > longest or len(name.split()) > 8 or _NOT_A_NAME.search(name):
        return ""
    return name


def _first_list(topic: Topic) -> Block | None:
    """The topic's list when only a short lead-in paragraph or a rule comes before it."""
    for block in topic.blocks:
        if block.kind == BlockKind.LIST:
            return block
        if block.kind not in (BlockKind.HR, BlockKind.PARAGRAPH, BlockKind.HTML) or (
            block.kind == BlockKind.PARAGRAPH and len(block.text) > 80
        ):
            return None
    return None
