"""Text helpers that treat Korean as first-class: NFC, jamo, identity keys and slugs.

One copy of each: the parser, card ids, deck re-wording, grading and search all call these.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NOT_SLUG = re.compile(r"[^\w\- ]+")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
"""Hangul syllables, jamo and compatibility jamo: what makes a text Korean."""
_LETTER = re.compile(r"[^\W\d_]")

KOREAN_SHARE = 0.2
"""The share of letters that are Hangul from which a text is Korean (notes mix in English
terms: one Hangul syllable carries about what two or three Latin letters do)."""


def nfc(text: str) -> str:
    """Compose Hangul jamo and accents so that equal-looking text compares equal."""
    return unicodedata.normalize("NFC", text)


def jamo(text: str) -> str:
    """Hangul syllables split into their jamo (NFD), so that one wrong vowel is a small
    difference to grading rather than a whole wrong syllable, and a stem is a prefix of its
    inflected forms in the search index; other text unchanged."""
    return unicodedata.normalize("NFD", text)


def _loose_syllable(code: int) -> str:
    initial, rest = divmod(code - 0xAC00, 588)
    vowel, final = divmod(rest, 28)
    initial = _PLAIN.get(initial, initial)
    if initial in _PALATAL:  # 쥴 → 줄, 져 → 저
        vowel = _UNIOTIZED.get(vowel, vowel)
    vowel = _VOWELS.get(vowel, vowel)
    return chr(0xAC00 + initial * 588 + vowel * 28 + final)


_PLAIN = {10: 9, 13: 12}
"""Initials written both ways in loanwords: ㅆ → ㅅ (쓰레드), ㅉ → ㅈ. Not ㄲ, ㄸ, ㅃ: the
particle 까지 would become the noun 가지."""
_PALATAL = {12, 14}  # ㅈ, ㅊ
_UNIOTIZED = {2: 0, 3: 1, 6: 4, 7: 5, 12: 8, 17: 13}
"""ㅑ→ㅏ, ㅒ→ㅐ, ㅕ→ㅓ, ㅖ→ㅔ, ㅛ→ㅗ, ㅠ→ㅜ: after ㅈ and ㅊ Korean does not tell them apart."""
_VOWELS = {1: 5, 10: 15, 11: 15}
"""ㅐ → ㅔ (레/래), ㅙ and ㅚ → ㅞ: vowels said alike."""


@functools.cache
def _loose_table() -> dict[int, str]:
    """Made at the first search, not at import: every command imports this module."""
    return {code: _loose_syllable(code) for code in range(0xAC00, 0xAC00 + 11172)}


def loose(text: str) -> str:
    """Hangul with the spellings that sound alike made one (쓰레드 and 스레드, 스케쥴 and
    스케줄, 그레디언트 and 그래디언트, 쎄션 and 세션), one syllable for one: offsets into
    the text stay true. Search folds both the notes and the query with it."""
    return text.translate(_loose_table())


def normalise(text: str) -> str:
    """Text as an identity key: NFC, case-folded, spacing and punctuation ignored."""
    return _NOT_WORD.sub("", nfc(text).casefold())


def slugify(text: str) -> str:
    """GitHub-style anchor slug that keeps Hangul and other letters intact.

    `1) Exploding/Vanishing Gradient 문제` becomes `1-explodingvanishing-gradient-문제`,
    the same anchor GitHub and Jekyll give that heading, so links keep working.
    """
    text = nfc(text).strip().lower()
    text = _NOT_SLUG.sub("", text)
    return _SPACES.sub("-", text).strip("-") or "section"


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-1`, `slug-2`, ... for the first one not in `taken` (which is updated)."""
    candidate, n = slug, 0
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate


def language(text: str) -> str:
    """The text's language as a BCP 47 tag for `lang=`: "ko" when Hangul makes up at least
    KOREAN_SHARE of its letters, else "en"."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return "en"
    return "ko" if len(_HANGUL.findall(text)) / letters >= KOREAN_SHARE else "en"
