"""Typing an answer in the terminal: a real line editor (cursor keys, Backspace over
Hangul, history), and what is graded is what was on screen."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pexpect

NOTE = "# 기울기\n\n- vanishing gradient: 기울기 소실\n- exploding gradient: 기울기 폭발\n"
BACKSPACE, LEFT, HOME = "\x7f", "\x1b[D", "\x1b[H"


def test_typed_answers_are_edited_as_shown(tmp_path: Path, studykit_home: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "gradients.md").write_text(NOTE, encoding="utf-8")
    notes, quizzes = str(tmp_path / "notes"), str(tmp_path / "quizzes")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "studykit", "--notes", notes, "quiz", "--mode", "type", "--quizzes", quizzes],
        env={**os.environ, "TERM": "xterm"},
        dimensions=(30, 100),
        encoding="utf-8",
        timeout=30,
    )
    child.expect("vanishing gradient")
    child.expect("your answer")
    child.send("기울기 소살" + BACKSPACE + "실")  # one wrong syllable, erased whole
    child.send("\r")
    child.expect("correct")
    child.send("\r")  # the suggested rating
    child.expect("exploding gradient")
    child.expect("your answer")
    child.send("폭발" + HOME + "기울기 " + LEFT + LEFT + LEFT + LEFT)  # edit at the start
    child.send("\r")
    child.expect("correct")
    child.send("\r")
    child.expect("your answer")  # the first card again: its learning step is due
    child.send(":q\r")
    child.expect("2 answers on 2 cards")
    child.expect(pexpect.EOF)
    child.close()
    db = sqlite3.connect(studykit_home / "studykit.sqlite3")
    typed = [row[0] for row in db.execute("SELECT answer FROM reviews ORDER BY id")]
    assert typed == ["기울기 소실", "기울기 폭발"]
