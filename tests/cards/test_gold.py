"""Card extraction against the gold corpus: the floors bench/cards_bench.py measures, held
so that a change to the rules that loses quality fails CI. Raise them as the rules improve;
the targets are in bench/cards_bench.py (TARGETS)."""

from __future__ import annotations

from cards_bench import HELD_OUT, score_corpus

FLOORS = {"precision": 0.92, "recall": 0.90, "style precision": 0.83}
HELD_OUT_FLOORS = {"precision": 0.88, "recall": 0.78}
"""On the notes written after the rules (0.80 / 0.70 when first scored, blind; 0.90 / 0.80
after the general fixes they showed were needed)."""


def test_gold_corpus_floors() -> None:
    scores = score_corpus()
    overall = scores.pop("overall")
    assert overall.precision >= FLOORS["precision"], overall.false
    assert overall.recall >= FLOORS["recall"], overall.missed
    assert min(s.precision for s in scores.values()) >= FLOORS["style precision"]


def test_gold_corpus_cards_are_well_formed() -> None:
    """No stray Markdown or HTML, no empty side, no front showing its answer, no card twice
    (bench/cards_bench.py's `malformed`), in every note of the corpus."""
    assert score_corpus()["overall"].malformed == []


def test_held_out_floors() -> None:
    overall = score_corpus(HELD_OUT)["overall"]
    assert overall.precision >= HELD_OUT_FLOORS["precision"], overall.false
    assert overall.recall >= HELD_OUT_FLOORS["recall"], overall.missed
    assert overall.malformed == []
