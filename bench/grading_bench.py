"""Grading benchmark: the worst typed answers against the card's answer, beside rapidfuzz
on the same strings without studykit's normalisation (the floor).

Per case: `grade` (what the verdict costs), `diff` (what the learner sees) and both (what
`POST /api/grade` and the terminal quiz do per answer), in milliseconds (the least of RUNS).
The floor of `grade` is Indel similarity on the strings already decomposed into jamo; the
floor of `diff` is Indel opcodes on the strings as given. Target: one grading of a
4,000-character answer under 10 ms; `ok` says whether `grade`, then grade and diff, met it.

    .venv/bin/python bench/grading_bench.py
"""

from __future__ import annotations

import random
import timeit
from collections.abc import Callable

from rapidfuzz.distance import Indel
from rich.cells import cell_len

from studykit.review.grading import Grade, diff, grade
from studykit.text import jamo

RUNS = 21
TARGET_MS = 10.0


def syllables(n: int, seed: int) -> str:
    """`n` Hangul syllables drawn at random: the most jamo per character, few repeats."""
    rng = random.Random(seed)
    return "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(n))


def letters(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(n))


def one_vowel_off(text: str, every: int) -> str:
    """`text` with the vowel of every `every`-th syllable moved to the next one."""
    out = list(text)
    for i in range(every // 2, len(text), every):
        code = ord(text[i]) - 0xAC00
        out[i] = chr(0xAC00 + code // 588 * 588 + (code % 588 + 28) % 588)
    return "".join(out)


CARD = syllables(4000, seed=1)
CASES: list[tuple[str, str, str]] = [
    ("4,000 ㅣ vs 기울기 소실", "기울기 소실", "\u1175" * 4000),
    ("4,000 나 vs 4,000 가", "가" * 4000, "나" * 4000),
    ("4,000 syllables vs 4,000 others", CARD, syllables(4000, seed=2)),
    ("4,000 syllables, every 10th vowel off", CARD, one_vowel_off(CARD, 10)),
    ("4,000 letters vs 4,000 others", letters(4000, seed=1), letters(4000, seed=2)),
    ("ba×2,000 vs ab×2,000", "ab" * 2000, "ba" * 2000),
    ("21,000 syllables (64 kB) vs 4,000", CARD, syllables(21000, seed=3)),
    ("21,000 syllables (64 kB) vs 400", CARD[:400], syllables(21000, seed=3)),
]


def ms(call: Callable[..., object], *args: str) -> float:
    """Milliseconds of `call(*args)`: the least of RUNS, as the machine is shared and the
    least is the one nothing else interfered with (for studykit and floor alike)."""
    return min(timeit.repeat(lambda: call(*args), number=1, repeat=RUNS)) * 1000


def answered(card: str, typed: str) -> tuple[Grade, list[tuple[str, str]]]:
    """What one typed answer costs the web and the terminal quiz: its grade and its diff."""
    return grade(card, typed), diff(card, typed)


def main() -> None:
    columns = ("floor", "grade", "x", "floor", "diff", "both")
    print(f"{'case':<36}", *(f"{c:>6}" for c in columns), " ok")
    for name, card, typed in CASES:
        floor = ms(Indel.normalized_similarity, jamo(card), jamo(typed))
        graded = ms(grade, card, typed)
        figures = (floor, graded, graded / floor, ms(Indel.opcodes, typed, card))
        shown, both = ms(diff, card, typed), ms(answered, card, typed)
        ok = "/".join("yes" if t <= TARGET_MS else "NO" for t in (graded, both))
        pad = " " * (36 - cell_len(name))  # Hangul takes two columns
        print(f"{name}{pad}", *(f"{f:>6.2f}" for f in (*figures, shown, both)), f" {ok}")


if __name__ == "__main__":
    main()
