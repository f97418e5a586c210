"""How likely a card is one a student keeps: a score 0..1 calibrated on judged cards.

The gold, held-out and real corpora (tests/data/cards-gold, cards-heldout, real) say, card by
card, which made cards a careful student keeps (they match an expected card) and which they
drop. `quality` is a logistic model over what can be seen in a card alone (its kind, the
lengths of its sides, a subject given to its front, an answer of several lines or cut short,
Markdown left over, a numbered repeat), fitted on those judgements with the two classes
weighted alike. Cards under `THRESHOLD` are the ones most likely dropped: `studykit cards
--sort quality` and `triage` show them first. Refit with `bench/quality_bench.py --fit`;
its precision and recall at the threshold are in bench/README.md.
"""

from __future__ import annotations

import math
import re

from studykit.cards.model import Card
from studykit.cards.wording import CODE_OR_MATH, GAP, clean, is_generic

THRESHOLD = 0.4
"""Under this, a card is more likely dropped than kept."""
FEATURES = (
    *("qa", "definition", "list", "formula", "cloze", "arrow", "author", "claim"),
    *("front_length", "back_length", "long_front", "lines", "subject", "asks", "sentence"),
    *("more", "tiny_back", "arrow_back", "numbered", "code_front", "long_back", "leftovers"),
    "generic",
)
BIAS = -0.11
WEIGHTS: dict[str, float] = {
    **{"qa": -0.06, "definition": -1.11, "list": -0.29, "formula": 0.35, "cloze": 0.43},
    **{"arrow": -0.29, "author": 0.94, "claim": 0.0, "front_length": 0.34, "back_length": 0.13},
    **{"long_front": -0.08, "lines": 0.03, "subject": -0.25, "asks": -0.58, "sentence": 0.11},
    **{
        "more": -0.24,
        "tiny_back": -0.15,
        "arrow_back": -0.11,
        "numbered": -1.29,
        "code_front": -0.1,
    },
    **{"long_back": -1.97, "leftovers": 0.0, "generic": -1.1},
}
"""Fitted by `bench/quality_bench.py --fit` on 2026-12-03 (778 judged cards)."""
_END = re.compile(r"(?:[.!?。]|다|요)\s*$")
_LEFTOVER = re.compile(r"\*\*|__|!\[|</?[a-z]+\b[^>]*>")


def features(card: Card) -> dict[str, float]:
    """What the model sees of a card, each 0..1 but the two log lengths."""
    front, back = card.front, card.back
    shown = CODE_OR_MATH.sub("", f"{front}\n{back}")
    kinds = {kind: float(card.kind == kind) for kind in FEATURES[:8]}
    return kinds | {
        "front_length": math.log1p(len(front)),
        "back_length": math.log1p(len(back)),
        "long_front": float(len(front.split()) > 8),
        "lines": float("\n" in back.strip()),
        "subject": float("—" in front),
        "asks": float(front.rstrip().endswith("?")),
        "sentence": float(_END.search(back) is not None),
        "more": float(bool(card.more)),
        "tiny_back": float(len(clean(back)) < 6),
        "arrow_back": float("→" in back or "->" in back),
        "numbered": float(re.search(r"\(\d+\)$", front) is not None),
        "code_front": float(re.search(r"[`$]", front) is not None),
        "long_back": float(len(back) > 300),
        "leftovers": float(bool(_LEFTOVER.search(shown)) or shown.count("$") % 2 == 1),
        "generic": float(is_generic(front.replace(GAP, "").strip())),
    }


def quality(card: Card) -> float:
    """0..1, rounded to two places: the calibrated chance that a student keeps the card."""
    seen = features(card)
    z = BIAS + sum(WEIGHTS.get(name, 0.0) * value for name, value in seen.items())
    return round(1 / (1 + math.exp(-z)), 2)
