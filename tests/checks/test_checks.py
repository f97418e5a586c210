"""Checks inside notes: the pytest plugin on notes written for each case, the bundled
note's real checks, the claims ledger and its marks in `studykit show`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    result.stdout.fnmatch_lines(
        ["*cases.md:22: expected this check to refute its claim, but every*"]
    )
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


def test_a_bad_info_string_fails_that_check_only(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".md",
        bad="# T\n\n```python check colour=red\nassert True\n```\n\n"
        "```python check name=fine\nassert True\n```\n",
        other="# U\n\n```python check name=also-fine\nassert True\n```\n",
    )
    result = pytester.runpytest("-q")
    result.stdout.fnmatch_lines(["*bad.md:3: unknown check attribute 'colour=red'*"])
    result.assert_outcomes(passed=2, failed=1)


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
    assert f"{len(EXPECTED_VERDICTS)} passed" in done.stdout


EXPECTED_VERDICTS = {
    "output-fed-back": "verified",
    "same-weights": "verified",
    "variable-length": "verified",
    "sequential": "verified",
    "vanishing": "verified",
    "long-range": "verified",
    "many-to-many-lengths": "verified",
    "loss-per-step": "verified",
    "w-hh-multiplied": "verified",
    "w-hh-tanh-explodes": "refuted",
    "w-hh-tanh-unsaturated": "verified",
    "tanh-saturates": "verified",
    "k-is-length": "verified",
    "powers": "verified",
    "minus-one": "refuted",
    "backprop-product": "verified",
    "cell-path-keeps-gradient": "verified",
    "forget-controls": "verified",
    "input-controls": "verified",
    "output-gate-sees-c": "refuted",
    "output-gate-peephole": "verified",
    "output-gate-scales": "verified",
    "long-memory": "verified",
    "cell-state-kept": "verified",
    "old-content-kept": "verified",
    "input-zero-writes-nothing": "verified",
    "kept-with-forget-one": "verified",
    "input-zero-alone": "refuted",
    "like-an-rnn": "refuted",
    "hidden-state-recurrence": "verified",
    "rnn-step": "verified",
    "rnn-whole-run": "refuted",
    "gru-splits-h": "refuted",
    "gru-one-state": "verified",
    "gru-keeps-gradient": "verified",
    "gru-three-quarters": "verified",
    "normal-equation": "verified",
}
"""Each check of the bundled note: does its reading of its claim hold?"""

EXPECTED_CLAIMS = {
    "W_hh는 t번 곱해진다 → Exploding문제와 Vanishing문제": "partly",
    "x가 정확히 1이 아닌 한(weight가 1인 아닌 한) x^k는 발산하거나 0으로 수렴한다.": "partly",
    "output gate: x_t, h_t, c_t를 combination해서 현재 상태를 얼마나 output 보낼건 지를 커트롤": (
        "partly"
    ),
    "forget gate = 1 :하나도 안 잊는다": "verified",
    "input gate = 0 : 모두 다 기억한다.": "partly",
    "RNN과 똑같이 작동하게 할 수 있다.": "partly",
    "h state를 두갈래로 나눠서 하나는 cell state처럼 쓰자.": "partly",
}
"""The claims whose verdict is not simply `verified`, and those of the LSTM example."""


def check(folder: Path, *args: str):
    return CliRunner().invoke(cli, ["--notes", str(folder), "check", *args])


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The bundled notes checked once by `studykit check --json`: (its database, result)."""
    home = tmp_path_factory.mktemp("checked-home")
    folder = tmp_path_factory.mktemp("checked") / "notes"
    shutil.copytree(NOTES, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDYKIT_HOME", str(home))
        return home / "studykit.sqlite3", check(folder, "--json")


@pytest.fixture
def checked_notes(first_run: tuple[Path, Any], tmp_path: Path, studykit_home: Path) -> Path:
    """A copy of the bundled notes with this test's ledger as the first run left it (the
    ledger names notes relative to their folder, so a copy keeps every verdict)."""
    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    shutil.copy(first_run[0], studykit_home / "studykit.sqlite3")
    return folder


def test_ledger_on_the_bundled_note(first_run: tuple[Path, Any], checked_notes: Path) -> None:
    result = first_run[1]
    assert result.exit_code == 0, result.output
    ledger = json.loads(result.stdout)
    assert {r["check"].rpartition("::")[2]: r["verdict"] for r in ledger} == EXPECTED_VERDICTS
    claims = {r["claim"]: r["claim_verdict"] for r in ledger}
    assert {c: claims[c] for c in EXPECTED_CLAIMS} == EXPECTED_CLAIMS
    assert {v for c, v in claims.items() if c not in EXPECTED_CLAIMS} == {"verified"}
    like = next(r for r in ledger if r["check"].endswith("::like-an-rnn"))
    assert like["claim"] == "RNN과 똑같이 작동하게 할 수 있다." and like["reading"]
    lines = (checked_notes / USER_NOTE.name).read_text(encoding="utf-8").split("\n")
    assert "RNN과 똑같이 작동하게 할 수 있다." in lines[like["claim_line"] - 1]

    table = check(checked_notes, "--changed")
    assert "No check changed since it last passed." in table.output
    assert "◐ partly" in table.output and "✗ refuted" in table.output
    assert "normal-equation" in table.output and "rnn-step" in table.output

    shown = CliRunner().invoke(cli, ["--notes", str(checked_notes), "show", "day008#lstm"])
    assert "◐ partly RNN과 똑같이 작동하게 할 수 있다." in shown.output
    assert "✓ verified ex) forget gate = 1 :하나도 안 잊는다" in shown.output
    readings = CliRunner().invoke(
        cli, ["--notes", str(checked_notes), "show", "day008#lstm", "--claims", "--no-pager"]
    )
    assert "forget 0, input 1, output 1" in " ".join(readings.output.split())


def test_changed_runs_only_the_edited_check(checked_notes: Path) -> None:
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


def test_broken_snippet_fails_the_check_command(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "bad.md").write_text(CASES, encoding="utf-8")
    result = check(folder)
    assert result.exit_code == 1
    assert f"{folder / 'bad.md'}:33: AssertionError: x differs from y" in result.output


def test_moving_the_notes_folder_keeps_every_verdict(checked_notes: Path, tmp_path: Path) -> None:
    moved = checked_notes.rename(tmp_path / "moved")
    shown = CliRunner().invoke(cli, ["--notes", str(moved), "show", "day008#lstm"])
    assert "◐ partly RNN과 똑같이 작동하게 할 수 있다." in shown.output
    ledger = json.loads(check(moved, "--changed", "--json").stdout)
    assert {row["note"] for row in ledger} == {USER_NOTE.name}
    assert "No check changed" in check(moved, "--changed").output


def test_a_failing_setup_is_a_setup_failure_never_a_refutation(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".md",
        setup="# T\n\n```python setup\nready = False\nassert ready, 'not ready'\n```\n\n"
        "- 1 is 2\n\n```python check name=one expect=refute\nassert 1 == 2\n```\n",
    )
    result = pytester.runpytest("-q")
    result.assert_outcomes(failed=1)
    path = pytester.path / "setup.md"
    result.stdout.fnmatch_lines(
        [
            f"{path}:5: setup failed: AssertionError: not ready*",
            ">    5 | assert ready, 'not ready'",
        ]
    )


def test_failed_assertions_show_their_values(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", values="# T\n\n```python check\nassert [1, 2, 3] == [1, 2, 4]\n```\n")
    result = pytester.runpytest("-q")
    assert "values.md:4: AssertionError: assert [1, 2, 3] == [1, 2, 4]" in result.stdout.str()


def test_numpy_is_seeded_when_a_check_imports_it(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".md",
        seeded="# T\n\n```python check\nimport numpy as np\n"
        "assert np.random.rand() == 0.5488135039273248\n```\n",
    )
    for _ in range(2):  # each run in a fresh process, where numpy was never imported
        pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider").assert_outcomes(passed=1)


BOTH_PLUGINS = """\
# Both plugins

Plain Python, run by pytest-markdown-docs:

```python
assert sum([1, 2, 3]) == 6
```

```python setup
base = 10
```

- 10 + 1 is 11

```python check name=add
assert base + 1 == 11
```

```python check notest name=words
assert base * 2 == 20  # notest is pytest-markdown-docs' word; studykit ignores it
```
"""


def test_one_note_passes_under_both_plugins(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", both=BOTH_PLUGINS)
    alone = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "both.md")
    alone.assert_outcomes(passed=2)
    both = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--markdown-docs")
    both.assert_outcomes(passed=3)  # the plain block, and studykit's two checks


def test_bundled_notes_pass_under_markdown_docs_too() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--markdown-docs", NOTES],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout


def test_check_command_runs_every_good_check_beside_a_bad_one(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "bad.md").write_text(
        "# T\n\n- ok\n\n```python check notest colour=red\nassert True\n```\n\n"
        "- fine\n\n```python check name=fine\nassert True\n```\n",
        encoding="utf-8",
    )
    (folder / "good.md").write_text(
        "# U\n\n- two\n\n```python check name=two\nassert 1 + 1 == 2\n```\n", encoding="utf-8"
    )
    result = check(folder, "--json")
    assert result.exit_code == 1
    verdicts = {r["check"]: r["verdict"] for r in json.loads(result.stdout)}
    assert verdicts == {"t::check-1": "failed", "t::fine": "verified", "u::two": "verified"}


def test_lines_follow_the_note_when_prose_is_inserted(checked_notes: Path) -> None:
    folder = checked_notes
    note = folder / USER_NOTE.name
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("### LSTM\n", "### LSTM\n\n새 문단.\n\n둘째 문단.\n", 1), "utf-8")
    again = json.loads(check(folder, "--changed", "--json").stdout)
    like = next(r for r in again if r["check"].endswith("::like-an-rnn"))
    lines = note.read_text(encoding="utf-8").split("\n")
    assert "RNN과 똑같이 작동하게 할 수 있다." in lines[like["claim_line"] - 1]
    shown = CliRunner().invoke(cli, ["--notes", str(folder), "show", "day008#lstm"])
    assert "◐ partly RNN과 똑같이 작동하게 할 수 있다." in shown.output


def test_changed_reruns_checks_when_versions_change(
    checked_notes: Path, studykit_home: Path
) -> None:
    import sqlite3

    folder = checked_notes
    assert "No check changed" in check(folder, "--changed").output
    db = sqlite3.connect(studykit_home / "studykit.sqlite3")
    db.execute("UPDATE check_results SET environment = 'python 3.0.0; torch 0.1; numpy -'")
    db.commit()
    rows = json.loads(check(folder, "--changed", "--json").stdout)
    assert len({r["checked_at"] for r in rows}) == 1 and len(rows) == len(EXPECTED_VERDICTS)


def test_checks_fold_in_show_unless_asked(checked_notes: Path) -> None:
    folder = checked_notes
    args = ["--notes", str(folder), "show", "day008#lstm", "--no-pager"]
    folded = " ".join(CliRunner().invoke(cli, args).output.split())
    assert "▸ check rnn-step ✓ verified (14 lines)" in folded
    assert folded.endswith("Checks are folded: show --checks for their code.")
    assert "lstm_with_gates(forget=0.0" not in folded  # the code itself is folded away
    assert "◐ partly RNN과 똑같이 작동하게 할 수 있다." in folded
    unfolded = CliRunner().invoke(cli, [*args, "--checks"]).output
    assert "lstm_with_gates(forget=0.0" in unfolded
