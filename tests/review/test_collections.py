"""Two notes folders, one store: each folder is a collection of its own. Syncing one never
deactivates the other's cards, and a quiz in one folder shows only its own cards (unless
--everywhere). Run as a learner runs it: in a real terminal, from each folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

NOTES = {"a": "# Alpha\n\n- alpha term: 알파의 뜻\n", "b": "# Beta\n\n- beta term: 베타의 뜻\n"}


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    found = {}
    for name, text in NOTES.items():
        (tmp_path / name / "notes").mkdir(parents=True)
        (tmp_path / name / "notes" / f"{name}.md").write_text(text, encoding="utf-8")
        found[name] = tmp_path / name
    return found


def studykit(folder: Path, *args: str) -> pexpect.spawn:
    """studykit run from `folder`, with its defaults: ./notes and ./quizzes."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "studykit", *args],
        cwd=folder,
        env={**os.environ, "TERM": "xterm"},
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=30,
    )


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before or ""


def test_build_in_both_then_quiz_in_one(folders: dict[str, Path]) -> None:
    finish(studykit(folders["a"], "build"))
    finish(studykit(folders["b"], "build"))
    quiz = studykit(folders["a"], "quiz")
    quiz.expect("alpha term")
    quiz.send(" ")
    quiz.expect("알파의 뜻")
    quiz.send("4")
    shown = finish(quiz)
    assert "beta" not in shown and "notes changed" not in shown
    again = studykit(folders["b"], "quiz")  # B's cards are still active after A's sync
    again.expect("beta term")
    again.send("q")
    assert "alpha" not in finish(again)


def test_fresh_store_build_elsewhere_then_quiz_here(folders: dict[str, Path]) -> None:
    finish(studykit(folders["b"], "build"))
    quiz = studykit(folders["a"], "quiz")
    quiz.expect("alpha term")  # the first card is this folder's
    quiz.send("q")
    assert "beta" not in finish(quiz)
    everywhere = studykit(folders["a"], "quiz", "--everywhere")
    everywhere.expect("alpha term")
    everywhere.send(" ")
    everywhere.send("3")
    everywhere.expect("beta term")
    everywhere.send("q")
    finish(everywhere)


def test_a_selection_that_matches_nothing_says_so(folders: dict[str, Path]) -> None:
    tagged = studykit(folders["a"], "quiz", "--tag", "nosuchtag")
    tagged.expect("no card matches --tag nosuchtag")
    tagged.expect(pexpect.EOF)
    tagged.close()
    assert tagged.exitstatus == 2
    other = studykit(folders["a"], "quiz", "beta")  # B's deck, not in this folder
    other.expect("no card matches beta")
    other.expect(pexpect.EOF)
