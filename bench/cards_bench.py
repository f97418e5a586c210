"""Card extraction against the gold corpus (tests/data/cards-gold): precision, recall and F1
per note style and overall, and counts of malformed cards.

The matching rule is the corpus README's: text compared after NFC, case folding, `*`, `_`
and backticks removed and white space collapsed; a made card matches an expected card when
every front phrase is in its front and every back phrase in its back; one to one, in file
order. A made card matching an optional card counts neither way.

Malformed: stray Markdown emphasis, an image or raw HTML in a side, an empty side, a front
that contains its own answer, the same card twice in a note.

A note is lost when it gives no topics or cannot be read at all (a `NoteError`): none of
its expected cards can be made, and it is listed apart.

    python bench/cards_bench.py [--cards] [--held-out | --real]
      --cards: list every unmatched card; --held-out: the notes the rules were not tuned on;
      --real: public notes written by others (tests/data/real, see its SOURCES.md)
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "cards-gold"
HELD_OUT = ROOT / "tests" / "data" / "cards-heldout"
"""Notes written after the rules, by someone who never saw them: how the rules do on notes
they were not tuned on."""
REAL = ROOT / "tests" / "data" / "real"
"""Public study notes written by others, their expected cards written before studykit was run
on them (blind): how the rules do on notes nobody here wrote."""
NOT_NOTES = {"README.md", "SOURCES.md"}
TARGETS = {"precision": 0.90, "recall": 0.80, "style precision": 0.80}

_MARKS = re.compile(r"[*_`]")
_SPACE = re.compile(r"\s+")
_STRAY = re.compile(r"\*\*|__|(?<![\w*])\*(?!\s)|!\[|<(?:img|aside|details|summary|div|br)\b|</")


def normal(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", _MARKS.sub("", text)).strip()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    expected: int = 0
    violations: list[str] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)  # made cards matching nothing
    missed: list[str] = field(default_factory=list)  # expected cards never made
    notes: int = 0
    lost: list[str] = field(default_factory=list)  # notes read as no topics, or not at all
    judged: list[tuple[Any, bool]] = field(default_factory=list)  # each made card, kept?

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.expected += other.expected
        self.notes += other.notes
        for name in ("violations", "malformed", "false", "missed", "lost", "judged"):
            getattr(self, name).extend(getattr(other, name))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def malformed(front: str, back: str) -> str:
    """Why a card is malformed, or ''."""
    if not front.strip() or not back.strip():
        return "an empty side"
    for side in (front, back):
        if _STRAY.search(re.sub(r"`[^`]*`|\$[^$]*\$", "", side)):
            return f"stray Markdown or HTML in {side[:60]!r}"
    answer = normal(back)
    if len(answer) >= 2 and answer in normal(front) and "[…]" not in front:
        return "the front contains its own answer"
    return ""


def _matches(card: Any, expected: dict[str, Any]) -> bool:
    front, back = normal(card.front), normal(card.back)
    return all(normal(p) in front for p in expected.get("front") or []) and all(
        normal(p) in back for p in expected.get("back") or []
    )


def score_note(note: Path) -> tuple[str, Score]:
    """The style of a gold note and how the extractor's cards score against it."""
    from studykit.cards.extract import extract
    from studykit.errors import NoteError
    from studykit.notes.parse import decode, parse_note

    gold = yaml.safe_load(note.with_suffix(".cards.yaml").read_text(encoding="utf-8"))
    expected: list[dict[str, Any]] = gold.get("cards") or []
    avoid = {normal(a["front"]) for a in gold.get("avoid") or []}
    taken: set[int] = set()
    score = Score(expected=sum(not e.get("optional") for e in expected), notes=1)
    try:
        parsed = parse_note(decode(note.read_bytes(), note.name), note.name)
    except NoteError as err:
        parsed, score.lost = None, [f"{note.name}: not read: {err}"]
    if parsed is not None and not parsed.topics:
        score.lost = [f"{note.name}: no topics"]
    cards = extract(parsed) if parsed is not None else []
    seen: set[tuple[str, str]] = set()
    for card in cards:
        where = f"{note.name}:{card.line} [{card.kind}] {card.front!r} -> {card.back[:60]!r}"
        problem = malformed(card.front, card.back)
        key = (normal(card.front), normal(card.back))
        if key in seen:
            problem = problem or "the same card twice"
        seen.add(key)
        if problem:
            score.malformed.append(f"{where}: {problem}")
        if normal(card.front) in avoid:
            score.violations.append(where)
        match = next(
            (n for n, e in enumerate(expected) if n not in taken and _matches(card, e)), None
        )
        score.judged.append((card, match is not None))  # an optional match is kept too
        if match is None:
            score.fp += 1
            score.false.append(where)
            continue
        taken.add(match)
        score.tp += not expected[match].get("optional")
    score.missed = [
        f"{note.name}:{e.get('line', '?')} {e.get('front')} -> {e.get('back')}"
        for n, e in enumerate(expected)
        if n not in taken and not e.get("optional")
    ]
    return str(gold["style"]), score


def score_corpus(folder: Path = GOLD) -> dict[str, Score]:
    """Scores per style, and `overall`."""
    by_style: dict[str, Score] = defaultdict(Score)
    for note in sorted(folder.glob("*.md")):
        if note.name in NOT_NOTES:
            continue
        style, score = score_note(note)
        by_style[style].add(score)
    overall = Score()
    for score in by_style.values():
        overall.add(score)
    return {**dict(sorted(by_style.items())), "overall": overall}


def judged(folder: Path) -> list[tuple[Any, bool]]:
    """Every card made from a corpus, with the student's judgement: kept (it matches an
    expected card, optional ones too) or dropped (bench/quality_bench.py calibrates on it)."""
    return score_corpus(folder)["overall"].judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", action="store_true", help="List unmatched and missed cards.")
    corpus = parser.add_mutually_exclusive_group()
    corpus.add_argument("--held-out", action="store_true", help="Score the held-out notes.")
    corpus.add_argument("--real", action="store_true", help="Score the real public notes.")
    args = parser.parse_args()
    scores = score_corpus(HELD_OUT if args.held_out else REAL if args.real else GOLD)
    print(
        "| style | notes | lost | precision | recall | F1 | made | expected | malformed "
        "| avoided made |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for style, s in scores.items():
        print(
            f"| {style} | {s.notes} | {len(s.lost)} | {s.precision:.2f} | {s.recall:.2f} "
            f"| {s.f1:.2f} | {s.tp + s.fp} | {s.expected} | {len(s.malformed)} "
            f"| {len(s.violations)} |"
        )
    overall = scores["overall"]
    worst = min(s.precision for k, s in scores.items() if k != "overall")
    print(
        f"\ntargets: precision {overall.precision:.2f} >= {TARGETS['precision']}, "
        f"recall {overall.recall:.2f} >= {TARGETS['recall']}, "
        f"lowest style precision {worst:.2f} >= {TARGETS['style precision']}, "
        f"malformed {len(overall.malformed)} == 0, notes lost {len(overall.lost)} == 0"
    )
    if overall.lost:
        print("\n## lost notes\n" + "\n".join(overall.lost))
    if args.cards:
        for title, rows in (
            ("false", overall.false),
            ("missed", overall.missed),
            ("malformed", overall.malformed),
            ("avoided but made", overall.violations),
        ):
            print(f"\n## {title} ({len(rows)})")
            print("\n".join(rows))


if __name__ == "__main__":
    sys.exit(main())
