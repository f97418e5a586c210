"""Note text is never read as rich markup: `[bold]x[/bold]`, `[mask]`, `[link=...]y[/link]`,
`[/]` and `\\[` print as the note has them in every command that shows note or card text
(`\\[` as the Markdown escape it is where the text is rendered)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from helpers import DATA

NOTE = DATA / "markup" / "markup-note.md"
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]")
LITERAL = ["[bold]x[/bold]", "[mask]", "[link=https://example.com]y[/link]", "[/]"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    shutil.copy(NOTE, tmp_path / "notes")
    return tmp_path


def studykit(folder: Path, *args: str, ok: bool = True) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "studykit", "--notes", str(folder / "notes"), *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert (done.returncode == 0) == ok, done.stdout + done.stderr
    return " ".join((done.stdout + done.stderr).split())


def spawn(folder: Path, *args: str) -> pexpect.spawn:
    argv = ["-m", "studykit", "--notes", str(folder / "notes"), *args]
    argv += ["--quizzes", str(folder / "quizzes")]
    return pexpect.spawn(
        sys.executable, argv, env={**os.environ, "TERM": "xterm"}, dimensions=(40, 200),
        encoding="utf-8", timeout=30,
    )  # fmt: skip


def screen(child: pexpect.spawn, keys: str) -> str:
    """Everything shown while pressing `keys` one by one, then quitting."""
    shown = []
    for key in keys:
        child.expect([r"\S", pexpect.TIMEOUT], timeout=1)
        shown.append(child.before + (child.after if isinstance(child.after, str) else ""))
        child.send(key)
    child.send("q")
    child.expect(pexpect.EOF)
    shown.append(child.before)
    return " ".join(ESCAPE.sub("", "".join(shown)).replace("\r", "").split())


def test_reading_commands_show_markup_as_written(folder: Path) -> None:
    listed = studykit(folder, "notes")
    assert "[bold]Markup[/bold] 노트" in listed
    topics = studykit(folder, "topics")
    assert "[mask] 토큰" in topics and "[dim]게이트[/dim]" in topics, topics
    shown = studykit(folder, "show", "markup", "--no-pager")
    assert all(text in shown for text in LITERAL), shown
    assert "역슬래시: [ 그대로" in shown  # the Markdown escape, rendered
    found = studykit(folder, "search", "mask")
    assert "[mask]" in found, found


def test_cards_show_markup_and_math_as_written(folder: Path) -> None:
    listed = studykit(folder, "cards", "markup", "--no-pager")
    for text in ("[bold]x[/bold] 표기는 무엇인가?", "[mask] 와 [/] 와 \\[ 를", "[/] 그대로"):
        assert text in listed, listed
    assert r"[h_{t-1}, x_t]" in listed


def test_errors_show_the_target_as_typed(folder: Path) -> None:
    said = studykit(folder, "show", "[mask]nothing[/]", ok=False)
    assert "'[mask]nothing[/]'" in said, said


def test_quiz_triage_and_stats_show_markup_as_written(folder: Path) -> None:
    triaged = screen(spawn(folder, "triage"), "kkkkkk")
    assert "[bold]x[/bold] 표기는 무엇인가?" in triaged and "[/] 그대로" in triaged, triaged
    quizzed = screen(spawn(folder, "quiz"), " 3" * 6)
    assert "[bold]x[/bold] 표기는 무엇인가?" in quizzed, quizzed
    assert "[mask] 와 [/] 와 [ 를" in quizzed and "[hₜ₋₁, xₜ]" in quizzed, quizzed
    figures = studykit(folder, "stats")
    assert "[dim]게이트[/dim]" in figures, figures  # a topic studied: its title
