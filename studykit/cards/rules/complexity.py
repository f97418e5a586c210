"""Complexities: a sentence that gives an algorithm's cost in big-O notation asks for it
(`퀵소트는 최악의 경우 O(n^2), 평균적으로 Θ(nlogn)을 가짐` → `퀵소트 — 최악 시간복잡도?`
→ `O(n^2)`, and `퀵소트 — 평균 시간복잡도?` → `Θ(nlogn)`).

Algorithm notes, lectures and TIL bullets all state costs this way, in passing, inside a
longer explanation; a student learns each bound as a card of its own. The subject is the
sentence's own topic (`퀵소트는`), else what the item defines (`LIS Problem : ... O(N²)`),
else the heading (the `subjects` pass gives it to the bare `최악 시간복잡도`). A bound's case
(최악, 평균, 최선) is what is said just before it; the answer is the clause that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import DEFINITION, GENERIC, SENTENCES, clean, key, termlike
from studykit.notes.model import Block

BOUND = re.compile(r"(?<![A-Za-z])[OΟΘΩ]\s?\((?=[^()\n]*[A-Za-z0-9])[^()\n]{1,24}\)")
"""`O(n^2)`, `Ο(1)` (an omicron), `Θ(nlogn)`, `O(V³)`: a bound in big-O notation."""
_CASES = {"최악": "최악", "worst": "최악", "평균": "평균", "average": "평균", "최선": "최선"}
_CASE = re.compile("|".join(_CASES), re.I)
_TOPIC = re.compile(r"^(?P<topic>[^,()]{2,30}?)(?:은|는)\s")
_NOT_A_SUBJECT = re.compile(
    r"경우|복잡도|시간|횟수|이것|그것|^(?:이|그|저)(?:\s|$)|[을를에서]\s|(?:하면|하고|할|한)$"
)
_CLAUSES = re.compile(r",\s+")
_POINTING = re.compile(r"^(?:이|그|저|이는|이것은|그것은|이런|그런|이러한|그러한)\s")


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    if BOUND.search(block.text) is None:
        return  # most blocks: no bound, nothing to split
    sentences = [s.strip() for s in SENTENCES.split(clean(block.text)) if s.strip()]
    if not sentences:
        return
    keyed = DEFINITION.match(sentences[0])
    if keyed and key(keyed["term"]) in GENERIC:
        return  # `단점: 역행렬 계산이 O(m^3)`: the label's own card asks it
    named = termlike(sentences[0].rstrip(".")) and len(sentences) > 1  # `최단거리 - Floyd.`
    owner = keyed["term"].strip() if keyed else sentences[0].rstrip(".") if named else ""
    for sentence in sentences:
        for front, back in bounds(sentence, owner):
            yield make(CardKind.DEFINITION, front, back, block.line)


def bounds(sentence: str, owner: str = "") -> Iterator[tuple[str, str]]:
    """(front, answer) for each bound the sentence gives; `owner`: the term of the item
    the sentence is in, when it has no topic of its own."""
    if BOUND.search(sentence) is None or _POINTING.match(sentence):
        return  # `이 경우 ... Ο(1)이다`, `이는 다른 O(nlogn) ...`: about what came before
    keyed = DEFINITION.match(sentence)
    if keyed and BOUND.search(keyed["term"]) is None:
        owner, sentence = keyed["term"].strip(), keyed["definition"].strip()
    topic = _TOPIC.match(sentence)
    subject = owner
    if topic and not _NOT_A_SUBJECT.search(topic["topic"]):
        subject = topic["topic"].strip()
        sentence = sentence[topic.end() :]
    kind = "공간복잡도" if "공간" in sentence else "시간복잡도"
    said: dict[str, list[str]] = {}
    start = 0
    for clause in _CLAUSES.split(sentence):
        at = sentence.find(clause, start)
        found = BOUND.search(clause)
        if found is not None:
            cases = _CASE.findall(sentence[start : at + found.start()])
            label = f"{_CASES[cases[-1].casefold()] if cases else ''} {kind}".strip()
            said.setdefault(label, []).append(clause.strip().rstrip("."))
            start = at + len(clause)
    for label, clauses in said.items():
        yield (f"{subject} — {label}?" if subject else label), ", ".join(clauses)
