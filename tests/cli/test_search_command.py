"""`studykit search`: JSON for scripts, exit codes, and the marked text in a real terminal."""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata

import pexpect
from click.testing import CliRunner
from helpers import NOTES, note_line

from studykit.cli.main import cli

SLUG = "2024-08-14-boostcamp-day008"


def run(*args: str):
    return CliRunner().invoke(cli, ["--notes", str(NOTES), "search", *args])


def test_json_hits_with_marks() -> None:
    result = run("--json", "tanh가", "기울기를")
    assert result.exit_code == 0, result.output
    hit = json.loads(result.stdout)[0]  # the one passage holding both words
    assert hit["note"] == SLUG and hit["line"] == note_line("activation함수인 tanh가")
    assert hit["target"] == f"{SLUG}#1-explodingvanishing-gradient-문제"
    marked = [hit["text"][start:end] for start, end in hit["marks"]]
    assert marked == ["tanh", "기울기", "gradient"]  # 기울기's English name too


def test_one_note_and_an_unknown_note() -> None:
    found = json.loads(run("--json", "--note", "day008", "gate").stdout)
    assert found and {h["note"] for h in found} == {SLUG}
    assert len(json.loads(run("--json", "--limit", "2", "gate").stdout)) == 2
    unknown = run("--note", "day009", "gate")
    assert unknown.exit_code == 2
    assert "no note matches 'day009'" in unknown.stderr


def test_nothing_found_and_nothing_to_find() -> None:
    missing = run("없는낱말")
    assert missing.exit_code == 0 and missing.stdout == "No passage matches '없는낱말'.\n"
    assert json.loads(run("--json", "없는낱말").stdout) == []
    # a word of the notes' titles spelled like the query's is suggested
    close = run("Exploiding")
    assert close.stdout == "No passage matches 'Exploiding'. Closest in the notes: Exploding\n"
    empty = run("?!")
    assert empty.exit_code == 2 and "nothing to search for" in empty.stderr


def cells(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_marks_in_a_real_terminal_at_60_columns(tmp_path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "STUDYKIT_HOME": str(tmp_path)}
    env.pop("NO_COLOR", None)
    argv = ["-m", "studykit", "--notes", str(NOTES), "search", "tanh", "기울기를"]
    child = pexpect.spawn(
        sys.executable, argv, env=env, dimensions=(40, 60), encoding="utf-8", timeout=20
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "indexing notes for search" in output  # the first search's bar, cleared after
    styled = re.findall(r"\x1b\[1;4;31m([^\x1b]+)\x1b\[0m", output)
    assert styled[:2] == ["tanh", "기울기"]  # bold, underlined, red
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output)
    lines = re.split(r"\r\n|\r|\n", plain)
    assert any(line.startswith("  1) Exploding/Vanishing Gradient 문제") for line in lines)
    hint = f"Read one: studykit show {SLUG}#1-explodingvanishing-gradient-문제"
    assert hint in lines  # one line, wrapped by the terminal: copied whole
    assert max(cells(line.rstrip()) for line in lines if line != hint) <= 60
