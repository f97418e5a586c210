"""`studykit triage` in a real terminal: keep and edit cards, saved in the deck; suspend,
kept for the learner alone in the store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import yaml

NOTE = """# Gates

- forget gate: 얼마나 잊을지
- input gate: 얼마나 새로 쓸지
- output gate: 얼마나 내보낼지
"""
EDITOR = """import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace("얼마나 새로 쓸지", "새 정보를 얼마나 받을지"))
"""


def triage(folder: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "EDITOR": f"{sys.executable} {folder / 'edit.py'}"}
    argv = ["-m", "studykit", "--notes", str(folder / "notes"), "triage", *args]
    argv += ["--quizzes", str(folder / "quizzes")]
    return pexpect.spawn(
        sys.executable, argv, env=env, dimensions=(30, 80), encoding="utf-8", timeout=30
    )


def test_triage_keeps_suspends_and_edits_into_the_deck(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "gates.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "edit.py").write_text(EDITOR, encoding="utf-8")
    child = triage(tmp_path)
    actions = {"forget gate": "s", "input gate": "e", "output gate": "k"}
    fronts = list(actions)
    shown = []  # the lowest quality first, whatever their order in the note
    for _ in range(3):
        shown.append(fronts[child.expect(fronts)])
        child.expect("k keep")
        child.send(actions[shown[-1]])
    assert sorted(shown) == fronts
    child.expect("kept 1 card, suspended 1 card, edited 1 card")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    cards = yaml.safe_load((tmp_path / "quizzes" / "gates.yaml").read_text(encoding="utf-8"))
    forget, inputs, output = cards["cards"]
    assert "suspended" not in forget and "locked" not in forget  # the learner's, not the deck's
    assert inputs["back"] == "새 정보를 얼마나 받을지" and inputs["locked"] is True
    assert "suspended" not in output and "locked" not in output

    again = triage(tmp_path)
    again.expect("Nothing to triage")
    again.expect(pexpect.EOF)
    notes, quizzes = str(tmp_path / "notes"), str(tmp_path / "quizzes")
    quiz = pexpect.spawn(
        sys.executable,
        ["-m", "studykit", "--notes", notes, "quiz", "--quizzes", quizzes],
        env={**os.environ, "TERM": "xterm"},
        encoding="utf-8",
        timeout=30,
    )
    quiz.expect("input gate")
    quiz.send(" ")
    quiz.expect("새 정보를 얼마나 받을지")  # the edit survived the sync
    quiz.send("3")
    quiz.expect("output gate")  # the suspended card is never asked
    quiz.send("q")
    quiz.expect(pexpect.EOF)
    other = pexpect.spawn(
        sys.executable,
        ["-m", "studykit", "--notes", notes, "quiz", "--quizzes", quizzes, "--user", "bob"],
        env={**os.environ, "TERM": "xterm"},
        encoding="utf-8",
        timeout=30,
    )
    other.expect("forget gate")  # suspended by the first learner only
    other.send("q")
    other.expect(pexpect.EOF)


def quiz_in_terminal(folder: Path, user: str) -> pexpect.spawn:
    notes, quizzes = str(folder / "notes"), str(folder / "quizzes")
    argv = ["-m", "studykit", "--notes", notes, "quiz", "--quizzes", quizzes, "--user", user]
    env = {**os.environ, "TERM": "xterm"}
    return pexpect.spawn(sys.executable, argv, env=env, encoding="utf-8", timeout=30)


def test_my_copy_is_asked_to_me_alone_and_kept_marks_are_mine(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "gates.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "edit.py").write_text(EDITOR, encoding="utf-8")
    child = triage(tmp_path, "--user", "ann")
    actions = {"forget gate": "s", "input gate": "c", "output gate": "k"}
    for _ in range(3):
        front = list(actions)[child.expect(list(actions))]
        child.expect("c my copy")
        child.send(actions[front])
    child.expect("kept 1 card, suspended 1 card, copied 1 card")
    child.expect(pexpect.EOF)
    deck = yaml.safe_load((tmp_path / "quizzes" / "gates.yaml").read_text(encoding="utf-8"))
    assert not any("locked" in card or "suspended" in card for card in deck["cards"])
    assert deck["cards"][1]["back"] == "얼마나 새로 쓸지"  # the copy is not the author's

    again = triage(tmp_path, "--user", "ann")
    again.expect("Nothing to triage")  # all three settled, for ann
    again.expect(pexpect.EOF)
    other = triage(tmp_path, "--user", "bob")
    other.expect("forget gate|input gate|output gate")  # bob has settled nothing
    other.send("q")
    other.expect(pexpect.EOF)

    ann = quiz_in_terminal(tmp_path, "ann")
    ann.expect("input gate")
    ann.expect("your copy")
    ann.send(" ")
    ann.expect("새 정보를 얼마나 받을지")  # ann's copy
    ann.send("q")
    ann.expect(pexpect.EOF)
    bob = quiz_in_terminal(tmp_path, "bob")
    bob.expect("forget gate")
    bob.send(" ")
    bob.expect("Enter: 3")
    bob.send("3")
    bob.expect("input gate")
    bob.send(" ")
    bob.expect("얼마나 새로 쓸지")  # the author's text
    bob.send("q")
    bob.expect(pexpect.EOF)

    def copies(*args: str) -> str:
        argv = [sys.executable, "-m", "studykit", "--notes", str(tmp_path / "notes"), "copies"]
        done = subprocess.run([*argv, "--user", "ann", *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    (listed,) = json.loads(copies("--json"))
    assert (listed["back"], listed["changed"]) == ("새 정보를 얼마나 받을지", False)
    note = tmp_path / "notes" / "gates.md"  # the author rewrites the card's answer
    note.write_text(NOTE.replace("얼마나 새로 쓸지", "얼마나 새로 쓸지 정한다"), encoding="utf-8")
    for _ in range(2):  # the first quiz brings the cards up to date while its card is shown
        ann = quiz_in_terminal(tmp_path, "ann")
        ann.expect("input gate")
        ann.expect("your copy[^\r\n]*\r\n")  # the whole line
        said = ann.match.group(0)
        ann.send(" ")
        ann.expect("새 정보를 얼마나 받을지")  # ann's copy is still asked
        ann.send("q")
        ann.expect(pexpect.EOF)
    assert "your copy; the author changed the card (studykit copies)" in said
    (listed,) = json.loads(copies("--json"))
    assert listed["changed"] and listed["author_back"] == "얼마나 새로 쓸지 정한다"
    assert "The author has changed this card since" in copies()
    assert "dropped for ann" in copies("--drop", listed["id"][:8])
    assert "0 copies of ann" in copies()
    ann = quiz_in_terminal(tmp_path, "ann")
    ann.expect("input gate")
    ann.send(" ")
    ann.expect("얼마나 새로 쓸지")  # the author's text again
    ann.send("q")
    ann.expect(pexpect.EOF)
