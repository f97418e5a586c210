"""Reading commands in a real terminal (a pty at 60 and 100 columns, with and without
NO_COLOR): whole slugs in `notes`, the note in `show`, and a mistyped target answered with
the closest one."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from helpers import DATA, NOTES

SLUG = "2024-08-14-boostcamp-day008"
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[0-9;]+)m")
"""An escape that sets a foreground colour."""
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def in_terminal(*args: str, cols: int, colour: bool = True, notes: Path = NOTES) -> tuple[int, str]:
    """Exit status and screen text of `studykit ARGS` in a pty `cols` wide (escapes kept)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", **({} if colour else {"NO_COLOR": "1"}))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "studykit", "--notes", str(notes), *args],
        env=env,
        dimensions=(50, cols),
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before.replace("\r\n", "\n")


def plain(screen: str) -> list[str]:
    return ESCAPE.sub("", screen).splitlines()


@pytest.mark.parametrize("cols", [60, 100])
def test_notes_lists_whole_slugs(cols: int) -> None:
    status, screen = in_terminal("notes", cols=cols)
    lines = plain(screen)
    assert status == 0 and lines[0].startswith("1 note in ")  # not "1 notes"
    row = next(line for line in lines if SLUG in line)  # whole, on one line
    assert "<Day008> Naver" in row and all(len(line) <= cols for line in lines)
    assert ("2024-08-14" in row.replace(SLUG, "")) == (cols >= 100)  # the date if room


def test_notes_in_a_folder_of_many_at_60_columns() -> None:
    folder = DATA / "cards-gold"
    status, screen = in_terminal("notes", cols=60, notes=folder)
    lines = plain(screen)
    slugs = [
        n["slug"] for n in json.loads(in_terminal("notes", "--json", cols=60, notes=folder)[1])
    ]
    assert status == 0 and lines[0].startswith(f"{len(slugs)} notes in ")
    assert all(any(line.startswith(f" {slug} ") for line in lines) for slug in slugs)
    assert all(len(line.rstrip()) <= 60 for line in lines)


@pytest.mark.parametrize("cols", [60, 100])
def test_show_in_a_real_terminal_with_and_without_colour(cols: int) -> None:
    status, coloured = in_terminal("show", "day008#lstm", "--no-pager", cols=cols)
    assert status == 0 and COLOUR.search(coloured)
    status, screen = in_terminal("show", "day008#lstm", "--no-pager", cols=cols, colour=False)
    assert status == 0 and not COLOUR.search(screen)  # NO_COLOR: no colour at all
    lines = plain(screen)
    assert all(len(line.rstrip()) <= cols for line in lines)
    assert "### LSTM" in lines and "▸ check rnn-step  (14 lines)" in lines
    assert re.fullmatch(r"\d+ claims unchecked: studykit check", lines[0].rstrip())
    assert sum("unchecked" in line for line in lines) == 1  # before any check: one line
    assert "▸ check" in lines[lines.index("▸ setup  (15 lines)") + 1]  # no blank inside a run
    assert lines[-1] == "Checks are folded: show --checks for their code."


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["show", "day008#lsmt"], "no topic in 2024-08-14-boostcamp-day008 matches 'lsmt'"),
        (["cards", "day008#lsmt"], "no topic in 2024-08-14-boostcamp-day008 matches 'lsmt'"),
        (["topics", "--note", "day080"], "no note matches 'day080'"),
        (["quiz", "day008#lsmt"], "no card matches day008#lsmt"),
    ],
    ids=["show", "cards", "topics", "quiz"],
)
def test_an_unknown_target_suggests_the_closest(command, message, tmp_path: Path) -> None:
    quizzes = ["--quizzes", str(tmp_path)] if command[0] in ("quiz", "cards") else []
    status, screen = in_terminal(*command, *quizzes, cols=100, colour=False)
    text = " ".join(" ".join(plain(screen)).split())
    close = f"{SLUG}?" if command[0] == "topics" else "day008#lstm?"
    assert status == 2 and f"Error: {message}; did you mean {close}" in text


def test_a_korean_topic_with_a_wrong_vowel(tmp_path: Path) -> None:
    status, screen = in_terminal("show", "day008#피어새션", cols=100, colour=False)
    assert status == 2 and "did you mean day008#피어세션?" in " ".join(plain(screen))
    status, screen = in_terminal("show", "#nothing-like-it", cols=100, colour=False)
    assert status == 2 and "did you mean" not in screen  # nothing close: no guess
