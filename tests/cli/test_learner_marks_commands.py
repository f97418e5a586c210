"""`studykit suspend`, `unsuspend`, `bury` and `leeches` as a learner runs them: by card id
(or its start), for the learner of --user, never written into the deck file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect

NOTE = """# Gates

- forget gate: 얼마나 잊을지
- input gate: 얼마나 새로 쓸지
"""


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "studykit", "--notes", str(folder / "notes"), *args]
    return subprocess.run(argv, capture_output=True, text=True, cwd=folder, check=False)


def card_ids(folder: Path) -> dict[str, str]:
    listed = json.loads(run(folder, "cards", "--json").stdout)
    return {card["front"]: card["id"] for card in listed}


def test_suspend_unsuspend_bury_per_learner(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "gates.md").write_text(NOTE, encoding="utf-8")
    assert run(tmp_path, "build").returncode == 0
    ids = card_ids(tmp_path)
    forget = ids["forget gate"]
    done = run(tmp_path, "suspend", forget[:8], "--user", "ann")
    assert done.returncode == 0, done.stderr
    assert f"suspended for ann: {forget}" in done.stdout
    deck = (tmp_path / "quizzes" / "gates.yaml").read_text(encoding="utf-8")
    assert "suspended: true\n" not in deck.split("\n", 2)[2]  # the header explains it

    def first_card(user: str) -> str:
        quiz = pexpect.spawn(
            sys.executable,
            ["-m", "studykit", "--notes", "notes", "quiz", "--user", user],
            cwd=str(tmp_path), env={**os.environ, "TERM": "xterm"}, encoding="utf-8",
            timeout=30,
        )  # fmt: skip
        found = ["forget gate", "input gate"][quiz.expect(["forget gate", "input gate"])]
        quiz.send("q")
        quiz.expect(pexpect.EOF)
        return found

    assert first_card("ann") == "input gate"
    assert first_card("bob") == "forget gate"
    assert run(tmp_path, "unsuspend", forget, "--user", "ann").returncode == 0
    assert first_card("ann") == "forget gate"
    assert run(tmp_path, "bury", forget, "--user", "ann").returncode == 0
    assert first_card("ann") == "input gate"

    wrong = run(tmp_path, "suspend", "nope", "--user", "ann")
    assert wrong.returncode == 2 and "no card with id 'nope'" in wrong.stderr


def test_leeches_lists_sets_and_keeps(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "gates.md").write_text(NOTE, encoding="utf-8")
    assert run(tmp_path, "build").returncode == 0
    listed = run(tmp_path, "leeches", "--lapses", "1", "--user", "ann")
    assert listed.returncode == 0 and "0 leeches (a card is one at 1 lapse)" in listed.stdout
    forget = card_ids(tmp_path)["forget gate"]
    from datetime import UTC, datetime, timedelta

    from studykit.accounts import user_id
    from studykit.db import open_store
    from studykit.review import session, store
    from studykit.review.model import Mode, Phase, Rating

    with open_store() as db:  # the test's own data directory, as the commands use it
        ann = user_id(db, "ann")
        card = store.card(db, forget)
        assert card is not None
        at = datetime(2026, 5, 1, 9, tzinfo=UTC)
        while (
            review := session.answer(db, ann, card, Rating.GOOD, mode=Mode.FLIP, at=at)
        ).phase != Phase.REVIEW:
            at = review.due
        session.answer(db, ann, card, Rating.AGAIN, mode=Mode.FLIP, at=review.due + timedelta(1))
    shown = json.loads(run(tmp_path, "leeches", "--json", "--user", "ann").stdout)
    assert shown["lapses"] == 1
    (leech,) = shown["leeches"]
    assert leech["id"] == forget and leech["suspended"] is True and leech["lapses"] == 1
    assert leech["note"] == f"{tmp_path / 'notes' / 'gates.md'}:3"
    text = run(tmp_path, "leeches", "--user", "ann").stdout
    assert "1 leech (a card is one at 1 lapse)" in text and f"unsuspend {forget}" in text
    assert "0 leeches" in run(tmp_path, "leeches", "--user", "bob").stdout
    kept = run(tmp_path, "leeches", "--keep", forget, "--user", "ann")
    assert "kept for ann" in kept.stdout and "0 leeches" in kept.stdout
