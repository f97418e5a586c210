"""Definitions in prose: a sentence that says what a term is, with no colon to mark it.

Blog posts and lecture summaries define in running text, and these are the forms they use:

- `X는 Y를 말한다` (의미한다, 뜻한다, 가리킨다, 일컫는다), `X란 Y`;
- `Y를 X라고 한다` (`라 한다`, 부른다): the term comes last (`이때 기다려 주는 epoch 수를
  patience라고 한다.`); `이를 X라고 한다` names what the sentence before it said;
- `X는 Y라고 하며, Z`: the term, its name, then what it is (`Q는 Query라고 하며, 조사하고
  싶은 대상이다.` asks `Q (Query)`);
- `X는 Y이다`, where Y is a noun phrase (`... 위한 조치이다`, `하나의 논리적인 작업단위다`,
  `**trade-off** 관계다`), not a verb or an adjective (`X는 느리다`, `X는 입력을 처리한다`);
- `... 나온 게 **X**다`: a bold term named at the end;
- `X = Y` where Y is a phrase of words, not math;
- English: `X is a Y that ...`, `X refers to Y`, `X is defined as Y`.

Never a card: a sentence that is an example (`예를 들어`), an opinion (`것 같다`, `생각한다`),
a narrative (past tense: `...였다`, `했다`), a question or an exclamation, the author in the
first person, or a term that is a pronoun (`이것은`, `It is`) or a clause rather than a name.
A block that is already `term: definition` is the definition rule's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.cards.wording import DEFINITION, EXAMPLE, SENTENCES, clean
from studykit.notes.model import Block

_CONNECTIVE = re.compile(
    r"^(?:이때|이 때|그리고|또한|즉|그래서|따라서|결국|보통|흔히|일반적으로)\s*,?\s*"
)
_NAMED = re.compile(
    r"^(?P<def>.+)(?:을|를)\s+(?:가리켜\s+)?(?P<term>\S.{0,38}?)(?:이)?라고?\s*"
    r"(?:한다|부른다|합니다|부릅니다|칭한다)\.?$"
)
_POINTED = re.compile(
    r"^(?P<def>.*?)[,\s]*(?<!\S)(?:이를|이것을|이\s?과정을|이\s?상태를|이러한\s\S+(?:을|를))\s+"
    r"(?:가리켜\s+)?(?P<term>\S.{0,38}?)(?:이)?라고?\s*(?:한다|부른다|합니다|부릅니다|칭한다)\.?\)?$"
)
"""`... 기다린다. 이를 TIME_WAIT 상태라고 한다.`: the term names what the sentence before (or
the clause before the comma) said."""
_ALSO_CALLED = re.compile(
    r"^(?P<term>.{1,40}?)(?:은|는)\s+(?P<name>[^\s,]{1,40}?)(?:이)?라고\s*(?:하며|하고|부르며|불리며)"
    r"\s*,?\s*(?P<def>.+)$"
)
_MEANS = re.compile(
    r"^(?P<term>.{1,40}?)(?:은|는|이란|란)\s+(?P<def>.+(?:을|를)\s*(?:말한다|의미한다|뜻한다|가리킨다|"
    r"일컫는다|지칭한다|말합니다|의미합니다|뜻합니다|가리킵니다)\.?)$"
)
_RAN = re.compile(r"^(?P<term>.{1,40}?[\w)`*])\s?(?:이란|란),?\s+(?P<def>.+)$")
_IS = re.compile(r"^(?P<term>.{1,40}?)(?:은|는)\s+(?P<def>.+)$")
_BOLD_LAST = re.compile(
    r"^(?P<def>.+?(?:게|것이|것은|건))\s+\*\*(?P<term>[^*]{1,40})\*\*(?:이)?다\.?$"
)
_EQUALS = re.compile(r"^(?P<term>[^=$:]{2,30}?)\s+=\s+(?P<def>[가-힣A-Za-z].+)$")
_ENGLISH = re.compile(
    r"^(?P<term>[A-Z][\w\-()/ ]{0,40}?)\s+(?:(?:is|are)\s+(?P<def>(?:an?|the)\s+.+?\s"
    r"(?:that|which|who|used|for|of|in|where)\s.+)|(?:refers? to|is defined as)\s+(?P<def2>.+))$"
)
_TWO = re.compile(
    r"반면에?\s*,?\s+\S{1,20}(?:은|는)\s|(?:을|를)\s+[^\s,]{0,19}[^\s,고며서면],\s+(?:.{1,30}?(?:을|를)\s|[^,]{1,30}$)"
)
"""A second topic after a contrast (`..., Pytorch는 ...`) or a second name (`A를 X, B를`)."""
_COPULA = re.compile(r"(?:이다|입니다|이에요|예요)\.?$")
_NOT_A_TERM = re.compile(
    r"^(?:이|그|저|이것|그것|저것|이건|그건|이는|여기|이때|이렇게|그렇게|둘|둘 다|그냥|다만|"
    r"특히|나머지|다음|아마|사실|참고로|물론|결과|보통|가장|제일|"
    r"it|this|that|these|those|they|there|he|she|we|"
    r"i|you)(?:\s|$)|\S(?:을|를|에서|에게|으로|로|에|하면|해서|하고|할|하지|않|면|며|고)(?:\s|$)|"
    r"[.!?,]$|^\d+$",
    re.I,
)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_LEADING_BOLD = re.compile(r"^\*\*([^*]{1,60}?)\*\*\s?")
"""`**인공지능이란** ...`, `**Regularization(정규화)** 란 ...`: the term in bold, read plain."""
_DEMONSTRATIVE = re.compile(r"^(?:이|그|저)\s+(?=\S{2,})")
"""`이 프로토콜이란 ...`: the term is `프로토콜`."""
_DEPENDENT = re.compile(r"^(?:걸|것을|것이|것은|게|거|건|데|줄|수|때)\s")
"""`모르는 걸 ...`: the 는 made a modifier of a dependent noun, so no term came before it."""
_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_EMOJI = re.compile(r"^[^\w`*$(\[]+")  # `📌 추천 시스템`: a marker, not part of the term
_SKIP = re.compile(
    r"예를\s*들어|예컨대|예시|for example|e\.g\.|ex\)|예\)|"  # an example
    r"것\s*같|같다\.?$|생각한다|생각합니다|듯하다|듯\.?$|느낌|"  # an opinion
    r"(?:^|\s)(?:나는|내가|저는|제가|우리는|우리가|난)\s|(?:^|\s)(?:I|we)\s|→|⇒|->",  # first person
    re.I,
)
_ASKED = re.compile(r"^\s*(?:Q|A|질문|답변?)\s*\d*\s*[.:)]")
_PAST = re.compile(r"[았었였했웠졌됐갔왔봤났]다\.?$")
MAX_SENTENCE = 220


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule."""
    text = block.text
    first = text.split("\n", 1)[0]
    if DEFINITION.match(first) or _author_marked(text) or EXAMPLE.search(clean(block.label)):
        return
    before = ""
    for sentence in SENTENCES.split(text):
        found = pointed(sentence.strip(), before) or definition(sentence.strip())
        if found:
            yield make(CardKind.DEFINITION, found[0], found[1], block.line)
        before = sentence.strip()


def pointed(sentence: str, before: str) -> tuple[str, str] | None:
    """(term, what it names) for `이를 X라고 한다` after the sentence it points at."""
    if "라" not in sentence:
        return None
    found = _POINTED.match(_TAG.sub("", sentence))
    if found is None:
        return None
    term = _term(found["term"])
    said = found["def"].strip(" ,") or before.strip(" (")
    said = re.sub(r"(?:는데|으며|고)$", "", said.rstrip(" ."))
    said = re.sub(r"(?<=[는은])\s?데$", " 것", said)  # `처리하는 데 이 과정을`: 처리하는 것
    if not term or len(said) < 8 or len(said) > MAX_SENTENCE or _SKIP.search(said):
        return None
    return term, said


def definition(sentence: str) -> tuple[str, str] | None:
    """(term, what it is) when the sentence defines a term, else None."""
    if not 8 <= len(sentence) <= MAX_SENTENCE or sentence.endswith(("?", "!", ":")):
        return None
    if _SKIP.search(sentence) or _PAST.search(sentence):
        return None
    sentence = _CONNECTIVE.sub("", _TAG.sub("", sentence))
    sentence = _LEADING_BOLD.sub(r"\1 ", sentence).replace("  ", " ")
    for pattern in (_NAMED, _ALSO_CALLED, _MEANS, _BOLD_LAST, _RAN, _EQUALS, _ENGLISH, _IS):
        found = pattern.match(sentence)
        if found is None:
            continue
        term = _term(found["term"])
        answer = found.groupdict().get("def") or found.groupdict().get("def2") or ""
        answer = _CONNECTIVE.sub("", answer.strip())
        if not term or len(answer) < 4 or _DEPENDENT.match(answer) or _TWO.search(answer):
            return None  # `X는 A인 반면에, Y는 B이다`: two terms compared, not one defined
        if pattern is _BOLD_LAST:
            answer = re.sub(r"\s*(?:게|것이|것은|건)$", " 것", answer)
        if pattern is _ALSO_CALLED:
            term = f"{term} ({_term(found['name'])})"
        if pattern is _IS and not _noun_phrase(answer):
            return None
        if pattern is _EQUALS and (len(answer.split()) < 4 or not re.search(r"[가-힣]", answer)):
            return None
        return term, answer
    return None


def _term(raw: str) -> str:
    term = _ARTICLE.sub("", _EMOJI.sub("", clean(raw)).strip(" ,"))
    term = _DEMONSTRATIVE.sub("", term)
    words = term.split()
    if not term or len(term) > 40 or len(words) > 4 or _NOT_A_TERM.search(term):
        return ""
    last = re.sub(r"[^가-힣]", "", words[-1])
    if last and last == words[-1] and len(last) < 2:
        return ""  # `작은`, `보는`: the 은/는 of a modifier, not of a term
    return term


def _noun_phrase(answer: str) -> bool:
    """Does `Y` of `X는 Y` end as a noun phrase with a copula (`... 조치이다`, `하나의 논리적인
    작업단위다`, `**trade-off** 관계다`), not a verb or an adjective (`처리한다`, `느리다`)?"""
    answer = answer.rstrip(" .")
    if answer.endswith("니다") and not answer.endswith("입니다"):
        return False  # `... 드롭아웃을 사용합니다`: a polite verb, not a noun phrase
    if _COPULA.search(answer):
        return len(answer.split()) >= 2
    words = answer.split()
    if len(words) < 2 or not words[-1].endswith("다"):
        return False
    stem = words[-1][:-1]
    if not stem or not ("가" <= stem[-1] <= "힣") or stem.endswith(("하", "되", "있", "없", "같")):
        return False
    if (ord(stem[-1]) - 0xAC00) % 28 != 0:
        return False  # a final consonant before 다 (`한다`, `된다`, `많다`): a verb's ending
    before = words[-2]
    if before.endswith("**"):
        return True  # `**trade-off** 관계다`: the author marked the noun phrase
    last = before.rstrip("*`)")[-1:]
    if not last or not ("가" <= last <= "힣"):
        return False
    return last == "의" or (ord(last) - 0xAC00) % 28 in (4, 8)  # `논리적인`, `바꾸는`, `할`


def _author_marked(text: str) -> bool:
    lines = [line.strip() for line in text.split("\n")]
    return "?" in lines or "??" in lines or "::" in text or _ASKED.match(text) is not None
