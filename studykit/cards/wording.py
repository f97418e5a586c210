"""The wording of cards: what a front or answer says, and what a label means.

Shared by the rules (cards.rules) and the passes (cards.passes): emphasis, images and HTML
cleaned out of card text; generic labels (장점, 단점, 예, ...) told from terms; a
heading's parenthesised remark (`(다시 볼 것!!)`) told from an expansion
(`(Variational Autoencoder)`); the term an item is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from studykit.notes.model import Block, BlockKind
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
    손실 손실함수 업데이트식 공통점 주의할점 주의사항 주의점 목표 내용 특성 구성 구성요소
    시간복잡도 공간복잡도 복잡도
    pros cons advantages disadvantages advantage disadvantage features feature example
    examples eg ex input inputs output outputs conclusion summary note notes caution warning
    cause causes condition conditions structure loss gradient formula definition purpose goal
    limitation limitations problem problems steps order result results tip tips complexity
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
    r"할\s*일|내일\s*할\s*것|다음\s*할\s*것|오늘\s*느낀\s*점|느낀\s*점|daily\s*scrum|데일리\s*스크럼|"
    r"목차|table\s*of\s*contents|contents|toc)"
    r"(?:\s|$|[(_:])",
    re.I,
)
"""Titles of topics that log what happened or list what to do: no cards from them."""

EXAMPLE = re.compile(
    r"(?:^|\s)(?:예|예시|예제|ex|eg|e\.g\.|example|examples|for example)[):.]?$", re.I
)
"""A label (or the end of one) that marks a worked example: it belongs to its subject's
answer, never a card of its own (`- 예: ...` under `Padding`, `2층 MLP 예시: ...`)."""

GAP = "[…]"
"""The blank of a cloze's front."""
DEFINITION = re.compile(
    r"^(?:ex\)|e\.g\.|예\))?\s*(?P<term>[^:：]{1,40}?)(?:\s*[:：]\s+|\s+[:：]\s*)(?P<definition>\S.*)$",
    re.S,
)
"""`term: definition` on a line (an `ex)` or `예)` prefix dropped)."""
CODE_OR_MATH = re.compile(r"(`+)(?:(?!\1).)+?\1|\$\$.+?\$\$|\$[^$\n]+\$", re.S)
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[\[[^\]]*\]\]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = (
    re.compile(r"==(?=\S)([^\n]*?\S)==(?!=)"),
    re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*", re.S),
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S),
    re.compile(r"(?<![A-Za-z0-9_])__(?=\S)(.+?)(?<=\S)__(?![A-Za-z0-9_])", re.S),
    re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])", re.S),
    re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"),  # `_ASID_`, not snake_case
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


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """Emphasis markers (a stray `**` too), images and raw HTML tags out; math and code
    spans as written. Cached: the same titles and labels are cleaned for every card."""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = CODE_OR_MATH.sub(keep, text)
    text = IMAGE.sub("", text)
    text = _TAG.sub("", text)
    for emphasis in _EMPHASIS:
        text = emphasis.sub(r"\1", text)
    text = text.replace("**", "")  # a half of a pair a rule split (`**A → B : SYN**`)
    text = re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@lru_cache(maxsize=8192)
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


@lru_cache(maxsize=8192)
def drop_remarks(title: str) -> str:
    """A heading or label without its parenthesised remarks."""
    out = title
    for match in reversed(list(_PARENS.finditer(title))):
        if is_remark(match.group(1), title[: match.start()]):
            out = out[: match.start()] + out[match.end() :]
    return out.strip() or title.strip()


@lru_cache(maxsize=8192)
def key(label: str) -> str:
    """A label compared with GENERIC and METADATA: no trailing `?`/`:`, no spaces, folded."""
    return normalise(clean(label).strip().rstrip("?:：").strip())


@lru_cache(maxsize=8192)
def is_generic(label: str) -> bool:
    """A label naming an aspect of something: a word of GENERIC, maybe numbered (`성질 1`)
    or qualified (`학습 과정`, `핵심 아이디어`: a short label whose last word is one)."""
    if "—" in label:
        return False  # `Adam — 장점?` already has its subject
    words = _NUMBERED.sub("", clean(label).strip().rstrip("?:：")).split()
    if not words:
        return False
    return key(" ".join(words)) in GENERIC or (len(words) == 2 and key(words[-1]) in GENERIC)


SENTENCES = re.compile(r"(?<=[.!?。])\s+|\n+")
"""Where a sentence ends: after `.`, `!`, `?` and a space, or at a line break."""


def whole_sentence(text: str, part: str) -> str:
    """The sentence(s) of `text` that `part` is cut from, so that an answer quoting a note
    never stops mid-sentence (`... 기울기가 0이되어` gives the rest of its line); `part`
    itself when `text` does not hold it."""
    words = " ".join(part.split())
    sentences = [" ".join(s.split()) for s in SENTENCES.split(text) if s.strip()]
    for size in range(1, len(sentences) + 1):  # the fewest sentences that hold it
        for first in range(len(sentences) - size + 1):
            joined = " ".join(sentences[first : first + size])
            if words in joined:
                return joined
    return part


_ECHO_WORD = re.compile(r"[A-Za-z]{3,}|[가-힣]{2,}")
_ECHO_PARTICLE = re.compile(r"(?:을|를|이|가|은|는|의|로|으로|에|과|와|도)$")


def echoes(front: str, back: str) -> bool:
    """A short answer that opens with a word of its front: `Output Gate` → `output을
    내보낸다.`, `유니온 베이스(union-based) sql injection` → `union 명령어를 이용한
    공격기법이다.` (the front says what the answer is)."""
    words = clean(back).split()
    if not words or len(words) > 6 or "\n" in back or "—" in front:
        return False
    found = _ECHO_WORD.search(words[0])
    if found is None or found.start() > 0:
        return False
    head = _ECHO_PARTICLE.sub("", found.group(0)).casefold() if found.group(0)[0] >= "가" else ""
    head = head or found.group(0).casefold()
    asked = {w.casefold() for w in _ECHO_WORD.findall(clean(front))}
    return len(head) >= 2 and head in asked


def term_of(item: Block) -> str:
    """The term an item is about: its `term:` part, or its whole text when short."""
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


# --- headings: the term or subject a heading names ------------------------------------

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[A-Za-z][.)]|[IVX]+\.)\s+|^\s*\d+\)\s*")
_BRACKETED = re.compile(r"^\[\s*(.+?)\s*\]$")
_TAG_PREFIX = re.compile(r"^\s*\[[^\]]{1,20}\]\s*")  # `[NLP] Seq2Seq`
_SUBTITLE = re.compile(r"\s[:|]\s")
_PART = re.compile(r"^(?:point|part|step|chapter|section|lecture|week|day)\s*\d+$", re.I)
"""`Point 1 : Deadlock 발생의 4가지 조건`: a numbering label; the title is what follows."""
MARKER = re.compile(r"^[^\w`*(\[$]+(?=\w)|(?<=[\w)])[^\w`*)\]$.?!]+$")
"""A heading's emoji or symbol before or after its words (`✔️ 목적`, `메인 메모리 🛵`)."""
_HEADING_PARENS = re.compile(r"\s*[(（]([^()（）]*)[)）]")
_REMARK_WORDS = re.compile(r"\s*(?:복습|총정리|정리|요약|맛보기|기초|개념|노트|메모)$")
_TOPIC_SUFFIX = re.compile(r"(?<=[\w)])\s?(?:이란|란)\??$")
SECTIONS = frozenset(
    {
        *("정리", "요약", "총정리", "복습", "실습", "과제", "참고", "참고자료", "레퍼런스", "출처"),
        *("목차", "개요", "소개", "서론", "결론", "회고", "특강", "질문", "기타", "덤", "부록"),
        *("공지", "할일", "예제", "예시", "코드", "실험", "결과", "링크", "자료", "qna", "q&a"),
        *("faq", "todo", "summary", "recap", "overview", "introduction", "intro", "conclusion"),
        *("references", "reference", "notes", "note", "exercise", "exercises", "practice"),
        *("homework", "assignment", "lab", "example", "examples", "links", "daily scrum"),
    }
)
_SECTION_PHRASES = (
    *("배운 것", "할 것", "느낀 점", "궁금한 점", "피어세션", "멘토링", "마스터클래스"),
    *("회고", "관련", "해보기", "살펴보기", "한 줄 정리", "스크럼", "오늘의"),
)
ASPECTS = (
    "장점",
    "단점",
    "장단점",
    "한계",
    "한계점",
    "문제",
    "문제점",
    "특징",
    "이유",
    "원인",
    "차이",
    "차이점",
    "비교",
    "종류",
    "조건",
    "방법",
    "과정",
    "순서",
    "역할",
    "목적",
    "효과",
    "구조",
    "원리",
    "유도",
    "증명",
    "해결책",
    "해결 방법",
    "용도",
    "주의점",
    "pros",
    "cons",
    "advantages",
    "disadvantages",
    "limitations",
    "drawbacks",
    "benefits",
    "features",
)
_ASPECT = re.compile(
    r"(?:^|[\s의])(?:" + "|".join(re.escape(a) for a in ASPECTS) + r")$|\bvs\.?\b|^(?:pros|cons)\b",
    re.I,
)
_TWO_TERMS = re.compile(r"/|,|&|\s[+]\s|\s및\s|[가-힣A-Za-z0-9)](?:와|과|랑|하고)\s")
_PHRASE = re.compile(r"[가-힣](?:으로|에서|에게|에는|을|를)\s")  # `경사하강법으로 선형회귀`
_STATEMENT = re.compile(r"(?:[.。]|[가-힣](?:다|요|죠))$")


@lru_cache(maxsize=8192)
def heading_subject(title: str) -> str:
    """A heading without its numbering, tag prefix, remark words and the author's remarks in
    parentheses (an expansion or abbreviation in parentheses is kept); '' for a section name
    such as 정리 or 피어세션."""
    text = _BRACKETED.sub(r"\1", title.strip())  # `[ Circular wait ]`
    text = _TAG_PREFIX.sub("", _NUMBERING.sub("", MARKER.sub("", text)))
    parts = _SUBTITLE.split(text, maxsplit=1)  # `응용 계층 : 데이터 단위 message | ...`
    text = parts[1] if len(parts) > 1 and _PART.match(parts[0]) else parts[0]
    text = _HEADING_PARENS.sub(
        lambda m: "" if is_remark(m.group(1), text[: m.start()]) else m.group(0), text
    ).strip()
    text = _TOPIC_SUFFIX.sub("", _REMARK_WORDS.sub("", text)).strip(" -:")
    if not text or is_section(text):
        return ""
    return text


def heading_term(title: str) -> str | None:
    """The term a heading names, or None when it names a section, an aspect of a term, two
    terms, or asks or states something."""
    term = heading_subject(title)
    if EXAMPLE.search(title.split(":", 1)[0].strip()):
        return None  # `점근적 분석의 예: 상수 시간 복잡도`: a worked example
    if not term or "?" in term or "!" in term or _ASPECT.search(term) or _TWO_TERMS.search(term):
        return None
    if _PHRASE.search(term):
        return None
    if len(term.split()) > 6 or len(term) > 50 or _STATEMENT.search(term):
        return None
    return term


def is_section(text: str) -> bool:
    """Is this a section name (summary, practice, references, a meeting) rather than a term?"""
    folded = text.casefold().strip()
    return folded in SECTIONS or any(p in folded for p in _SECTION_PHRASES)


# --- named formulas: a name, then an inline formula ------------------------------------

NAMED = re.compile(r"^(?P<name>[^$:：→=\n]{2,30}?)\s*(?P<math>\$[^$\n]+\$(?:\s*,\s*\$[^$\n]+\$)*)")
_PARTICLE = re.compile(r"(?<=[가-힣])(?:은|는)$")
_NOT_A_NAME = re.compile(
    r"(?:[을를에와과로의]|에서|에게|이면|하면|라면|으면|면|고|서|[,.!?()])$"
    r"|^(?:이|그|저)(?:걸|것|건)|^(?:이|그)\s|^(?:예|ex|e\.g)\b",
    re.I,
)
_RELATION = re.compile(
    r"(?<![<>!=])=(?!=)|\\leftarrow|\\gets|\\approx|\\equiv|\\propto|\\leq?\b|\\geq?\b"
)
_FORMULA_NOUN = re.compile(r"(?:식|공식|수식|항|formula|equation|term|rule)$", re.I)
_FORMULA_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n")
_FORMULA_MARKS = re.compile(r"\*\*|`")


def named_formulas(text: str) -> Iterator[tuple[str, str]]:
    """(name, `$math$`) for each sentence that opens with a name and an inline formula."""
    for sentence in _FORMULA_SENTENCES.split(text):
        found = NAMED.match(sentence.strip())
        if found is None:
            continue
        name = _PARTICLE.sub("", _FORMULA_MARKS.sub("", found["name"]).strip()).strip()
        if not name or len(name.split()) > 5 or _NOT_A_NAME.search(name):
            continue
        if not (_RELATION.search(found["math"]) or _FORMULA_NOUN.search(name)):
            continue
        yield name, found["math"]


# --- child labels: `- 장점` over its own items ------------------------------------------

CHILD_LABELS = frozenset(
    {
        *("장점", "단점", "장단점", "특징", "한계", "한계점", "문제점", "원인", "이유", "조건"),
        *("종류", "용도", "역할", "효과", "주의점", "주의사항", "차이점", "사용처", "활용"),
        *("pros", "cons", "advantages", "disadvantages", "limitations", "features", "benefits"),
        "drawbacks",
    }
)
_LABEL_MARKS = re.compile(r"\*+|`|(?<!\w)__?|__?(?!\w)")  # emphasis, not `num_workers`


def is_child_label(item: Block) -> bool:
    """`- 장점` (no colon) with items under it."""
    return label_of(item).casefold() in CHILD_LABELS and any(
        c.kind == BlockKind.LIST for c in item.children
    )


def label_of(item: Block) -> str:
    """An item's text without emphasis: `- **장점**` is the label 장점."""
    return _LABEL_MARKS.sub("", item.text).strip()
