"""`studykit cards`: the cards of a note or topic, with kind, source line and quality."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers import NOTES

from studykit.cli.main import cli


def test_cards_of_a_topic(tmp_path: Path) -> None:
    argv = ["--notes", str(NOTES), "cards", "day008#lstm", "--quizzes", str(tmp_path), "--json"]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert cards and {c["topic"] for c in cards} == {"2024-08-14-boostcamp-day008#lstm"}
    assert all({"kind", "line", "quality", "front", "back"} <= set(c) for c in cards)
    assert all(0 <= c["quality"] <= 1 for c in cards)
    assert not list(tmp_path.iterdir())  # listing writes no deck
    table = CliRunner().invoke(cli, ["--notes", str(NOTES), "cards", "day008#lstm"])
    assert f"{len(cards)} cards of day008#lstm" in table.output
    missing = CliRunner().invoke(cli, ["--notes", str(NOTES), "cards", "day008#nope"])
    assert missing.exit_code == 2 and "no topic in" in missing.output


def test_cards_sorted_and_filtered_by_quality(tmp_path: Path) -> None:
    argv = ["--notes", str(NOTES), "cards", "day008", "--quizzes", str(tmp_path), "--json"]
    listed = json.loads(CliRunner().invoke(cli, [*argv, "--sort", "quality"]).stdout)
    scores = [c["quality"] for c in listed]
    assert len(scores) > 5 and scores == sorted(scores)
    cut = scores[len(scores) // 2]
    under = json.loads(CliRunner().invoke(cli, [*argv, "--below", str(cut)]).stdout)
    assert under and all(c["quality"] < cut for c in under)
    assert len(under) == sum(q < cut for q in scores)
