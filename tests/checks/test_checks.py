"""Checks inside notes: the pytest plugin on notes written for each case, the bundled
note's real checks, the claims ledger and its marks in `studykit show`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import NOTES, USER_NOTE

from studykit.cli.main import cli

CASES = """\
# Algebra

```python setup
import math
```

- 2 + 2 is 4

```python check name=add
assert 2 + 2 == 4
```

- sqrt(2) is rational

```python check name=sqrt expect=refute
r = math.sqrt(2)
assert r * r == 2
```

- sqrt(4) is rational

```python check name=sqrt4 expect=refute
assert math.sqrt(4) == 2
```

## Broken

A wrong claim.

```python check name=wrong
x = 1
y = 2
assert x == y, "x differs from y"
```

```python check name=slow timeout=0.5
import time
time.sleep(5)
```

```python check name=later skip="not yet"
assert False
```

```python check name=known xfail="known bug"
assert False
```

```python check name=typo
def broken(:
    pass
```

```python
assert False, "plain python fences never run"
```
"""


@pytest.fixture
def cases(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".md", cases=CASES)
    return pytester


def test_items_are_named_note_topic_check(cases: pytest.Pytester) -> None:
    result = cases.runpytest("--collect-only", "-q")
    ids = [line for line in result.outlines if "::" in line]
    assert ids == [
        "cases.md::algebra::add",
        "cases.md::algebra::sqrt",
        "cases.md::algebra::sqrt4",
        "cases.md::broken::wrong",
        "cases.md::broken::slow",
        "cases.md::broken::later",
        "cases.md::broken::known",
        "cases.md::broken::typo",
    ]


def test_outcomes(cases: pytest.Pytester) -> None:
    result = cases.runpytest("-q")
    result.assert_outcomes(passed=2, failed=4, skipped=1, xfailed=1)


def test_failure_points_at_the_notes_line(cases: pytest.Pytester) -> None:
    result = cases.runpytest("-q", "cases.md::broken::wrong")
    path = cases.path / "cases.md"
    result.stdout.fnmatch_lines(
        [
            f"{path}:33: AssertionError: x differs from y",
            "claim (line 28): A wrong claim.",
            "*   30 | ```python check name=wrong",
            '>   33 | assert x == y, "x differs from y"',
        ]
    )


def test_refuting_check_whose_claim_holds_fails(cases: pytest.Pytester) -> None:
    result = cases.runpytest("-q", "cases.md::algebra::sqrt4")
    result.stdout.fnmatch_lines(["*CheckFailed: expected this check to refute its claim*"])
    result.assert_outcomes(failed=1)


def test_timeout_and_syntax_error_point_at_lines(cases: pytest.Pytester) -> None:
    result = cases.runpytest("-q", "cases.md::broken::slow", "cases.md::broken::typo")
    path = cases.path / "cases.md"
    result.stdout.fnmatch_lines([f"{path}:38: CheckTimeout: the check took longer than its 0.5 s*"])
    result.stdout.fnmatch_lines([f"{path}:50: SyntaxError: *"])
    assert result.duration < 4


def test_setup_runs_before_each_check_in_a_fresh_namespace(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".md",
        fresh="# T\n\n```python setup\ncounter = [0]\n```\n\n"
        "```python check name=a\ncounter[0] += 1\nleak = 1\nassert counter == [1]\n```\n\n"
        "```python check name=b\ncounter[0] += 1\nassert counter == [1]\n"
        "assert 'leak' not in globals()\n```\n",
    )
    pytester.runpytest("-q").assert_outcomes(passed=2)


def test_bad_attributes_are_collection_errors_naming_the_line(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", bad="# T\n\n```python check colour=red\nassert True\n```\n")
    result = pytester.runpytest("-q")
    result.stdout.fnmatch_lines(["*bad.md:3: unknown check attribute 'colour=red'*"])
    assert result.ret == pytest.ExitCode.INTERRUPTED


def test_markdown_without_checks_is_ignored(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", readme="# Readme\n\n```python\nraise SystemExit\n```\n")
    assert pytester.runpytest("-q").ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_a_note_outside_this_repository(tmp_path: Path) -> None:
    note = tmp_path / "elsewhere" / "mine.md"
    note.parent.mkdir()
    note.write_text("# 합\n\n- 1 + 1 = 2\n\n```python check\nassert 1 + 1 == 2\n```\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(note)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert "1 passed" in done.stdout, done.stdout


def test_bundled_notes_pass_under_pytest() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(NOTES)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    assert "11 passed" in done.stdout


EXPECTED_VERDICTS = {
    "same-weights": "verified",
    "many-to-many-lengths": "verified",
    "w-hh-multiplied": "verified",
    "tanh-saturates": "verified",
    "powers": "verified",
    "cell-path-keeps-gradient": "verified",
    "cell-state-kept": "verified",
    "hidden-state-is-gated-constant": "verified",
    "like-an-rnn": "refuted",
    "gru-three-quarters": "verified",
    "normal-equation": "verified",
}


@pytest.fixture(scope="module")
def checked_notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled notes, checked once by `studykit check`."""
    folder = tmp_path_factory.mktemp("checked") / "notes"
    shutil.copytree(NOTES, folder)
    return folder


def check(folder: Path, *args: str):
    return CliRunner().invoke(cli, ["--notes", str(folder), "check", *args])


def test_ledger_on_the_bundled_note(checked_notes: Path) -> None:
    result = check(checked_notes, "--json")
    assert result.exit_code == 0, result.output
    ledger = json.loads(result.stdout)
    assert {r["check"].rpartition("::")[2]: r["verdict"] for r in ledger} == EXPECTED_VERDICTS
    refuted = next(r for r in ledger if r["verdict"] == "refuted")
    assert refuted["claim"] == "RNN과 똑같이 작동하게 할 수 있다."
    lines = (checked_notes / USER_NOTE.name).read_text(encoding="utf-8").split("\n")
    assert "RNN과 똑같이 작동하게 할 수 있다." in lines[refuted["claim_line"] - 1]

    table = check(checked_notes)
    assert "✗ refuted" in table.output and "normal-equation" in table.output

    shown = CliRunner().invoke(cli, ["--notes", str(checked_notes), "show", "day008#lstm"])
    assert "✗ refuted RNN과 똑같이 작동하게 할 수 있다." in shown.output
    assert "✓ verified ex) forget gate = 1 :하나도 안 잊는다" in shown.output


def test_changed_runs_only_the_edited_check(checked_notes: Path) -> None:
    check(checked_notes)
    unchanged = check(checked_notes, "--changed")
    assert "No check changed since it last passed." in unchanged.output
    note = checked_notes / USER_NOTE.name
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("for x in (0.99, -0.99, 0.5):", "for x in (0.9, -0.99):"), "utf-8")
    edited = check(checked_notes, "--changed", "--json")
    assert edited.exit_code == 0
    assert "1 passed" not in edited.stdout  # --json: only JSON on stdout
    rows = json.loads(edited.stdout)
    newest = max(rows, key=lambda r: r["checked_at"])
    assert newest["check"].endswith("::powers")
    assert sum(r["checked_at"] == newest["checked_at"] for r in rows) == 1


def test_broken_snippet_fails_the_check_command(checked_notes: Path, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "bad.md").write_text(CASES, encoding="utf-8")
    result = check(folder)
    assert result.exit_code == 1
    assert f"{folder / 'bad.md'}:33: AssertionError: x differs from y" in result.output


def test_moving_the_notes_folder_keeps_every_verdict(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    assert check(folder).exit_code == 0
    moved = folder.rename(tmp_path / "moved")
    shown = CliRunner().invoke(cli, ["--notes", str(moved), "show", "day008#lstm"])
    assert "✗ refuted RNN과 똑같이 작동하게 할 수 있다." in shown.output
    ledger = json.loads(check(moved, "--changed", "--json").stdout)
    assert {row["note"] for row in ledger} == {USER_NOTE.name}
    assert "No check changed" in check(moved, "--changed").output
