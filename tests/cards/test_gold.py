"""Card extraction against the gold corpus: the floors bench/cards_bench.py measures, held
so that a change to the rules that loses quality fails CI. Raise them as the rules improve;
the targets are in bench/cards_bench.py (TARGETS)."""

from __future__ import annotations

from cards_bench import score_corpus

FLOORS = {"precision": 0.46, "recall": 0.44, "style precision": 0.26}


def test_gold_corpus_floors() -> None:
    scores = score_corpus()
    overall = scores.pop("overall")
    assert overall.precision >= FLOORS["precision"], overall.false
    assert overall.recall >= FLOORS["recall"], overall.missed
    assert min(s.precision for s in scores.values()) >= FLOORS["style precision"]
