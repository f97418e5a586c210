"""Progress bars on long work, in a real terminal (a pty, through pexpect), and never when
the output is a pipe or --json."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from helpers import USER_NOTE

NOTES = 12
CHECKED_NOTE = """---
title: 덧셈
---

# 덧셈

- 1 더하기 1은 2다.

```python check name=one-plus-one claim="1 더하기 1은 2다."
assert 1 + 1 == 2
```

```python check name=commutes
assert 2 + 3 == 3 + 2
```
"""


@pytest.fixture
def folder(tmp_path: Path, studykit_home: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    for n in range(NOTES):
        shutil.copy(USER_NOTE, notes / f"day{n:03d}.md")
    return tmp_path


def command(folder: Path, *args: str, notes: str = "notes") -> list[str]:
    return ["-m", "studykit", "--notes", str(folder / notes), *args]


def in_terminal(folder: Path, *args: str, notes: str = "notes") -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm"}
    return pexpect.spawn(
        sys.executable, command(folder, *args, notes=notes), env=env, dimensions=(24, 100),
        encoding="utf-8", timeout=60,
    )  # fmt: skip


def piped(folder: Path, *args: str, notes: str = "notes") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *command(folder, *args, notes=notes)], capture_output=True, text=True
    )


def finished(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_build_shows_bars_in_a_terminal_and_none_in_a_pipe(folder: Path) -> None:
    child = in_terminal(folder, "build", "--quizzes", str(folder / "quizzes"))
    child.expect("reading notes")
    child.expect("building decks.*━.*/12")  # a bar, and the count done of 12 notes
    child.expect("decks in")  # the table comes once the bars are cleared
    finished(child)
    assert child.exitstatus == 0
    again = piped(folder, "build", "--quizzes", str(folder / "other"))
    assert again.returncode == 0 and "decks in" in again.stdout
    assert "building decks" not in again.stdout + again.stderr
    assert "\x1b[" not in again.stdout  # no cursor movement, no colour


def test_first_quiz_syncs_with_a_bar_then_shows_the_card(folder: Path) -> None:
    child = in_terminal(folder, "quiz", "--quizzes", str(folder / "quizzes"))
    child.expect("building decks")
    child.expect("formula\\?")
    child.send("q")
    finished(child)
    assert child.exitstatus == 0


def test_check_shows_a_bar_but_not_with_json(folder: Path) -> None:
    (folder / "checked").mkdir()
    (folder / "checked" / "sum.md").write_text(CHECKED_NOTE, encoding="utf-8")
    child = in_terminal(folder, "check", notes="checked")
    child.expect("running checks")
    child.expect("verified")
    finished(child)
    assert child.exitstatus == 0
    quiet = in_terminal(folder, "check", "--json", notes="checked")
    shown = finished(quiet)
    assert "running checks" not in shown and "\x1b[?25l" not in shown  # no live display
    found = json.loads(shown[shown.index("[") :])
    assert {r["verdict"] for r in found} == {"verified"}


def test_import_and_export_show_bars(folder: Path) -> None:
    vault = folder / "vault"
    vault.mkdir()
    (vault / "카드.md").write_text("# 카드\n\n수도::서울\n", encoding="utf-8")
    child = in_terminal(folder, "import", "obsidian", str(vault), "--quizzes", str(folder / "q"))
    child.expect("finding cards")
    child.expect("Imported 1 card from 1 note")
    finished(child)
    apkg = folder / "out.apkg"
    child = in_terminal(folder, "export", "anki", "-o", str(apkg), "--quizzes", str(folder / "q"))
    child.expect("converting cards")
    child.expect("Wrote")
    finished(child)
    assert child.exitstatus == 0 and apkg.stat().st_size > 0
    again = piped(folder, "export", "anki", "-o", str(apkg), "--quizzes", str(folder / "q"))
    assert again.returncode == 0 and "converting cards" not in again.stdout + again.stderr
