"""Claim coverage: which sentences of a note read as claims that code could check, and which
of them a check backs.

A sentence is a checkable claim when a check quotes it, or when it names something technical
(a Latin-letter term such as RNN or W_hh, or a formula's `=` or `^`) and says one of:

    mechanism   how something works      (처리한다, 곱해진다, 흘러간다, computes, passes)
    quantity    a number, a count        (t번, 3/4, 0과 1 사이)
    comparison  more, less, the same     (보다, 더, 같다, 빠른, faster, than)
    formula     an equation, a relation  (=, ^, A ~ B)
    cause       a reason or an effect    (→, 때문, 문제, because, causes)

and is none of: a question, an opinion or a forecast (것 같다, 생각, 추세, a future 할 것이다),
advice (해야, 해라). It is covered when a check's claim holds it or lies within it. The
markers are heuristics, tested on notes whose claims are marked by hand
(tests/checks/test_coverage.py); a sentence they miss is simply not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studykit.checks.find import Check
from studykit.notes.model import BlockKind, Note
from studykit.text import normalise

KINDS = {
    "formula": re.compile(r"=|\^|√|∑|\w ~ \w"),
    "quantity": re.compile(r"(?<!\w)\d|\b[tnk]번|몇|범위|사이[다에]"),
    "comparison": re.compile(
        r"보다|더 |덜 |[많적크]다|[많적큰]은 |적게|같다|같은|같이|다르|다른|빠[르른]|느[리린]|"
        r"가볍|무겁|\b(than|faster|slower|more|less|same|equal|differs?)\b",
        re.IGNORECASE,
    ),
    "cause": re.compile(
        r"때문|므로|인해|원인|문제|\b(because|causes?|leads? to|so that)\b", re.IGNORECASE
    ),
    "mechanism": re.compile(
        r"처리|곱[해하]|더[하해]|들어[가간]|흘러|흐르|통과|전달|계산|저장|기억|잊|수렴|발산|해결|"
        r"컨트롤|조절|작동|나눠|나누|합[치쳐]|정규화|만든다|출력|보내|보낼|미분|backprop|"
        r"\b(computes?|passes|flows?|stores?|multipl\w+|converges?|diverges?|normali[sz]es?)\b",
        re.IGNORECASE,
    ),
}
ARROW = re.compile(r"[→⇒]")
"""An arrow says `therefore` beside another marker, but also `see` or `stands for`: alone it
makes no claim."""
TECHNICAL = re.compile(r"[A-Za-z]{2,}|[A-Za-z]_\w|[=^]")
NOT_A_CLAIM = re.compile(r"것 ?같|생각|추천|좋겠|걱정|추세|전망|해야|해라|봐라|\?\s*$|\bI think\b")
INTERVIEW = re.compile(r"^\s*[QA][.:]\s")
"""A block opening with `Q.` or `A.`: a question, or someone's answer to one (an opinion)."""
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?!\()|(?<=다\.)(?=[^\s(])")
ENUMERATOR = re.compile(r"^\s*(\d+[.)]|[-*•]|ex\))\s*")
MIN_LENGTH = 8


@dataclass(slots=True)
class Sentence:
    """A sentence of a note that reads as a checkable claim."""

    topic: str  # the topic's slug
    line: int
    text: str
    kinds: list[str]
    checked: bool


@dataclass(slots=True)
class Coverage:
    """A note's checkable sentences, in file order, and how many of them a check backs."""

    note: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def covered(self) -> int:
        return sum(s.checked for s in self.sentences)

    @property
    def share(self) -> float:
        return self.covered / len(self.sentences) if self.sentences else 1.0

    def summary(self) -> dict[str, object]:
        """As JSON: the figures and each unchecked sentence with its topic and line."""
        return {
            "note": self.note,
            "checkable": len(self.sentences),
            "checked": self.covered,
            "share": round(self.share, 3),
            "unchecked": [
                {"topic": s.topic, "line": s.line, "text": s.text, "kinds": s.kinds}
                for s in self.sentences
                if not s.checked
            ],
        }


def coverage(note: Note, checks: Iterable[Check]) -> Coverage:
    """The note's (parsed with its blocks) checkable sentences and which ones `checks` back."""
    claims = [normalise(c.claim) for c in checks if c.claim and c.claim_held]
    found = Coverage(note.path)
    for topic in note.topics:
        for block in topic.walk():
            if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ITEM):
                continue
            interview = bool(INTERVIEW.match(block.text))
            for offset, text in _sentences(block.text):
                said = normalise(text)
                checked = any(c in said or (len(said) >= 4 and said in c) for c in claims if c)
                bare = ENUMERATOR.sub("", text)  # `1) vanishing ...` counts no quantity
                kinds = [k for k, marker in KINDS.items() if marker.search(bare)]
                if kinds and ARROW.search(bare) and "cause" not in kinds:
                    kinds.append("cause")
                if checked or (not interview and _reads_as_claim(text, kinds)):
                    line = block.line + offset
                    found.sentences.append(Sentence(topic.slug, line, text, kinds, checked))
    return found


def of_file(file: Path, name: str) -> Coverage:
    """The coverage of one note file, named `name` (as the ledger names it)."""
    from studykit.checks.find import find_checks
    from studykit.notes.parse import decode, parse_note

    path = str(file.resolve())
    note = parse_note(decode(file.read_bytes(), path), path)
    found = coverage(note, find_checks(note, path))
    found.note = name
    return found


def _sentences(text: str) -> Iterable[tuple[int, str]]:
    """(line offset in the block, sentence) for each sentence of a block's text."""
    for offset, line in enumerate(text.split("\n")):  # a line break ends a sentence too
        for part in SENTENCE_END.split(line):
            if part.strip():
                yield offset, part.strip()


def _reads_as_claim(text: str, kinds: list[str]) -> bool:
    if len(text) < MIN_LENGTH or not kinds or not TECHNICAL.search(text):
        return False
    return not NOT_A_CLAIM.search(text) and not _forecast(text)


def _forecast(text: str) -> bool:
    """A future `-ㄹ 것이다` (많아질 것이다): said of what will be, not of what is."""
    for match in re.finditer(r"(\S) ?것이", text):
        syllable = ord(match.group(1)) - 0xAC00
        if 0 <= syllable < 11172 and syllable % 28 == 8:  # the final consonant ㄹ
            return True
    return False
