"""The card quality score (studykit.cards.quality) against the corpora's judgements: a card
a student keeps matches one of the corpus's expected cards, any other made card is one they
drop. Reports, per corpus, how well `quality < THRESHOLD` finds the dropped cards (precision:
the share of cards under the threshold that are dropped; recall: the share of dropped cards
under it), in sample and, for the real corpus, cross-validated (the model refitted on the
gold and held-out corpora and one half of the real notes, scored on the other half).

    python bench/quality_bench.py [--fit]
      --fit: print the weights fitted on all three corpora (to paste into cards/quality.py)
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
from cards_bench import GOLD, HELD_OUT, REAL, judged

from studykit.cards.quality import BIAS, FEATURES, THRESHOLD, WEIGHTS, features

Model = tuple[float, dict[str, float]]


def matrix(cards: list[tuple[Any, bool]]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[features(card)[name] for name in FEATURES] for card, _ in cards])
    return x, np.array([float(keep) for _, keep in cards])


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 8000) -> Model:
    """Logistic regression by gradient descent, kept and dropped cards weighted alike."""
    weight = np.where(y == 0, (y == 1).sum() / max((y == 0).sum(), 1), 1.0)
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.1 * (x.T @ ((p - y) * weight) / weight.sum() + l2 * w / len(y))
        b -= 0.1 * float(((p - y) * weight).sum() / weight.sum())
    return round(b, 2), {n: round(float(v), 2) for n, v in zip(FEATURES, w, strict=True)}


def scored(cards: list[tuple[Any, bool]], model: Model) -> list[tuple[float, bool]]:
    bias, weights = model
    out = []
    for card, keep in cards:
        z = bias + sum(weights[n] * v for n, v in features(card).items())
        out.append((round(1 / (1 + math.exp(-z)), 2), keep))
    return out


def report(name: str, pairs: list[tuple[float, bool]]) -> None:
    under = [keep for q, keep in pairs if q < THRESHOLD]
    dropped = sum(not keep for _, keep in pairs)
    hits = under.count(False)
    precision = hits / len(under) if under else 1.0
    recall = hits / dropped if dropped else 1.0
    print(f"| {name} | {len(pairs)} | {dropped} | {len(under)} | {precision:.2f} | {recall:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="Print weights fitted on all.")
    args = parser.parse_args()
    corpora = {"gold": judged(GOLD), "held-out": judged(HELD_OUT), "real": judged(REAL)}
    now: Model = (BIAS, dict(WEIGHTS))
    print(f"threshold {THRESHOLD}: cards under it are predicted dropped\n")
    print("| corpus | cards | dropped | under threshold | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, cards in corpora.items():
        report(name, scored(cards, now))
    real, base = corpora["real"], corpora["gold"] + corpora["held-out"]
    notes = sorted({card.deck for card, _ in real})
    halves = [{n for i, n in enumerate(notes) if i % 2 == k} for k in (0, 1)]
    crossed: list[tuple[float, bool]] = []
    for half in halves:
        train = base + [c for c in real if c[0].deck not in half]
        crossed += scored([c for c in real if c[0].deck in half], fit(*matrix(train)))
    report("real, cross-validated by note", crossed)
    if args.fit:
        bias, weights = fit(*matrix(base + real))
        print(f"\nBIAS = {bias}\nWEIGHTS = {weights}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
