"""The wording of cards: what a front or answer says, and what a label means.

Shared by the rules (cards.rules) and the passes (cards.passes): emphasis, images and HTML
cleaned out of card text; generic labels (장점, 단점, 예, ...) told from terms; a
heading's parenthesised remark (`(다시 볼 것!!)`) told from an expansion
(`(Variational Autoencoder)`); the term an item is about.
"""

from __future__ import annotations

import re

from studykit.notes.model import Block
from studykit.text import normalise


def _words(text: str) -> list[str]:
    return text.split()


GENERIC = frozenset(
    _words(
        """
    장점 단점 특징 주요특징 중요한특징 한줄특징 예 예시 예제 입력 출력 결론 정리 요약 주의 참고 구조
    아이디어 핵심 직관 성질 흐름 방법들 해결방법
    원인 결과 조건 한계 문제 문제점 순서 학습순서 과정 방법 목적 목적함수 의미 수식 식 공식 정의
    역할 종류 용도 기본값 이유 효과 단계 차이 차이점 비교 특징비교 해결 해결책 다시정리 한줄정리
    손실 손실함수 업데이트식
    pros cons advantages disadvantages advantage disadvantage features feature example
    examples eg ex input inputs output outputs conclusion summary note notes caution warning
    cause causes condition conditions structure loss gradient formula definition purpose goal
    limitation limitations problem problems steps order result results tip tips
    """
    )
)
"""Labels that name an aspect of something, never a thing: compared after `normalise`."""

METADATA = frozenset(
    _words(
        """
    created tags tag status date 날짜 작성일 강의 출처 source sources reference references
    참고 참고한것 참고자료 링크 link links todo 할일 내일할것 다음할것 느낀점 오늘느낀점 소감
    회고 오늘의회고 후기 한마디 오늘한일
    """
    )
)
"""Keys of page properties, sources, to-dos and diary remarks: `key: value` is no card."""

LOGS = re.compile(
    r"^(?:\d+[.)]\s*)?(?:피어\s*세션|오늘\s*한\s*일|회고|참고(?:\s*자료|한\s*것)?|references?|todo|to-do|"
    r"할\s*일|내일\s*할\s*것|다음\s*할\s*것|오늘\s*느낀\s*점|느낀\s*점|daily\s*scrum|데일리\s*스크럼)"
    r"(?:\s|$|[(_:])",
    re.I,
)
"""Titles of topics that log what happened or list what to do: no cards from them."""

EXAMPLE = re.compile(
    r"(?:^|\s)(?:예|예시|예제|ex|eg|e\.g\.|example|examples|for example)[):.]?$", re.I
)
"""A label (or the end of one) that marks a worked example: it belongs to its subject's
answer, never a card of its own (`- 예: ...` under `Padding`, `2층 MLP 예시: ...`)."""

CODE_OR_MATH = re.compile(r"(`+)(?:(?!\1).)+?\1|\$\$.+?\$\$|\$[^$\n]+\$", re.S)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[\[[^\]]*\]\]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = (
    re.compile(r"==(?=\S)([^\n]*?\S)==(?!=)"),
    re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", re.S),
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S),
    re.compile(r"(?<![A-Za-z0-9_])__(?=\S)(.+?)(?<=\S)__(?![A-Za-z0-9_])", re.S),
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S),
)
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[A-Za-z]{2,}")
"""A Latin word: beside it, a short Hangul parenthesis is a translation (`vanishing
gradient (기울기 소실)`), not a remark."""
_REMARK_MARK = re.compile(r"[!?~…]|\.\.|[ㅋㅎㅠㅜ]")
_REMARK_WORD = re.compile(
    r"다시|제일|가장|꼭|그냥|자세히|먼저|복습|참고|중요|질문|정리|생각|헷갈|이거|이건|내일|나중|"
    r"님\b|님,|시험|볼\s*것|보기|하기|살펴|비교하면서"
)
_REMARK_END = re.compile(r"(?:것|기|음|움|함|됨|짐|옴|봄|임|듯|다|요|지|냐)$")
_SENTENCE_END = re.compile(r"(?:[.!?。]|다|요)$")
_NUMBERED = re.compile(r"\s*(?:\d+|[①-⑩])\s*$")  # `성질 1`: the first of several
TODO = re.compile(r"^\s*\[[ xX]\]\s")
"""A task-list item (`[ ] 차이 정리하기`): something to do, not something to learn."""
SPEAKER = re.compile(r"(?:왈|曰|님|says|said)\s*$", re.I)
"""A label that attributes what follows (`💡 멘토님 왈:`, `멘토님:`): a quote, not a term."""


def clean(text: str) -> str:
    """Emphasis markers, images and raw HTML tags out; math and code spans as written."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = CODE_OR_MATH.sub(keep, text)
    text = IMAGE.sub("", text)
    text = _TAG.sub("", text)
    for emphasis in _EMPHASIS:
        text = emphasis.sub(r"\1", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def is_remark(inner: str, outer: str) -> bool:
    """Whether `(inner)` after `outer` in a heading is the author's remark (a note to self,
    an exclamation, a verb) rather than an expansion or a translation of the term."""
    inner = inner.strip()
    if not inner:
        return True
    if _REMARK_MARK.search(inner):
        return True
    if not _HANGUL.search(inner):
        return False  # `(Variational Autoencoder)`, `(NAG)`, `(Dataset, DataLoader)`
    if _REMARK_WORD.search(inner):
        return True
    words = inner.split()
    if len(words) >= 2 and _REMARK_END.search(inner):
        return True
    return not (len(words) <= 3 and _LATIN.search(outer))  # `vanishing gradient (기울기 소실)`


def drop_remarks(title: str) -> str:
    """A heading or label without its parenthesised remarks."""
    out = title
    for match in reversed(list(_PARENS.finditer(title))):
        if is_remark(match.group(1), title[: match.start()]):
            out = out[: match.start()] + out[match.end() :]
    return out.strip() or title.strip()


def key(label: str) -> str:
    """A label compared with GENERIC and METADATA: no trailing `?`/`:`, no spaces, folded."""
    return normalise(clean(label).strip().rstrip("?:：").strip())


def is_generic(label: str) -> bool:
    """A label naming an aspect of something: a word of GENERIC, maybe numbered (`성질 1`)
    or qualified (`학습 과정`, `핵심 아이디어`: a short label whose last word is one)."""
    if "—" in label:
        return False  # `Adam — 장점?` already has its subject
    words = _NUMBERED.sub("", clean(label).strip().rstrip("?:：")).split()
    if not words:
        return False
    return key(" ".join(words)) in GENERIC or (len(words) == 2 and key(words[-1]) in GENERIC)


def term_of(item: Block) -> str:
    """The term an item is about: its `term:` part, or its whole text when short."""
    from studykit.cards.rules.definition import DEFINITION

    first = clean(item.text.split("\n", 1)[0])
    found = DEFINITION.match(first)
    if found:
        return found["term"].strip()
    if first and len(first) <= 40 and not _SENTENCE_END.search(first) and "→" not in first:
        return first
    return ""


def termlike(text: str) -> bool:
    text = clean(text)
    return 0 < len(text) <= 50 and not _SENTENCE_END.search(text) and not is_generic(text)
