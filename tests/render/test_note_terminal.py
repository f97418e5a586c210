"""A note as the terminal shows it at 60 and 100 columns: blocks apart, checks folded to a
line with their verdict, tables that wrap their cells and keep their alignment, math in
Unicode, code wrapped under its own indent."""

from __future__ import annotations

import io
import re

import pytest
from helpers import DATA, USER_NOTE
from rich.console import Console

from studykit.notes.parse import parse_note
from studykit.render.terminal import render_note

READING = DATA / "reading" / "2024-08-21-activations.md"


def shown(path, width: int, marks: dict[int, str] | None = None, checks: bool = False) -> str:
    text = path.read_text(encoding="utf-8")
    console = Console(width=width, color_system=None, file=io.StringIO())
    console.print(render_note(parse_note(text, path.name), marks=marks, checks=checks))
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines()) if needle in line)


@pytest.mark.parametrize("width", [60, 100])
def test_blocks_stand_apart_and_checks_fold_to_one_line_each(width: int) -> None:
    out = shown(USER_NOTE, width)
    lines = out.splitlines()
    # before `studykit check` ever ran (no marks): one line per block, no badge (the note
    # says once that its claims are unchecked, see `show`), none run together
    folded = [line for line in lines if line.startswith("▸ ")]
    source = USER_NOTE.read_text(encoding="utf-8")
    assert len(folded) == source.count("```python check") + source.count("```python setup")
    assert not any("unchecked" in line for line in lines)
    assert "▸ check same-weights  (14 lines)" in lines
    # once a check has run, a check without a verdict says it is unchecked
    marked = shown(USER_NOTE, width, marks={1: "verified"}).splitlines()
    assert "▸ check same-weights  · unchecked  (14 lines)" in marked
    assert "torch.manual_seed" not in out and "assert " not in out
    # a run of folded checks is one group: a blank line before and after, none inside
    lstm = line_of(out, "▸ check cell-state-kept")
    assert lines[lstm - 1] == "▸ setup  (15 lines)" and lines[lstm - 2] == ""
    assert [line.split()[2] for line in lines[lstm : lstm + 9]] == [
        "cell-state-kept", "old-content-kept", "input-zero-writes-nothing",
        "kept-with-forget-one", "input-zero-alone", "like-an-rnn", "hidden-state-recurrence",
        "rnn-step", "rnn-whole-run",
    ]  # fmt: skip
    assert lines[lstm + 9] == ""
    # headings, paragraphs and lists apart; a label right above its list
    heading = line_of(out, "### LSTM")
    assert lines[heading - 1] == "" and lines[heading + 1] == ""
    assert lines[heading + 2] == "cell state(c_t)라는 고속도로를 뚫는다!"
    assert lines[heading + 3] == ""
    label = line_of(out, "장점:")
    assert lines[label - 1] == "" and lines[label + 1].startswith("• ")
    assert out.rstrip().endswith("Checks are folded: show --checks for their code.")


def test_checks_expand_in_frames_with_their_verdict() -> None:
    marks = {39: "verified", 60: "failed"}  # same-weights passed, variable-length did not
    out = shown(USER_NOTE, 60, marks, checks=True)
    assert re.search(r"╭─ check same-weights  ✓ verified ─+╮", out)
    assert re.search(r"╭─ check variable-length  ! check failed ─+╮", out)
    assert re.search(r"╭─ setup ─+╮", out)
    frame = out.splitlines()[line_of(out, "╭─ check same-weights") :]
    assert frame[1].startswith("│ # one W_xh and one W_hh serve every step")
    assert frame[2].startswith("│     the length ")  # a comment wrapped under its line
    setup = out.splitlines()[line_of(out, "╭─ setup") :]
    assert setup[4].startswith("│ torch.set_default_dtype") and setup[5].startswith("╰")
    assert "Checks are folded" not in out
    # every frame closes before the next block opens: no two checks run together
    opened = closed = 0
    for line in out.splitlines():
        opened += line.startswith("╭")
        assert opened - closed <= 1, line
        closed += line.startswith("╰")
    assert opened == closed > 20


def test_table_wraps_its_cells_and_keeps_alignment_at_60_columns() -> None:
    out = shown(READING, 60)
    table = [line for line in out.splitlines() if line.startswith(("┃", "│"))]
    assert all(len(line) <= 60 for line in out.splitlines())
    column = " ".join(line.split("│")[4].strip() for line in table if line.count("│") == 5)
    assert (
        "깊은 층에서 기울기가 사라져 앞쪽 층은 학습하지 못한다." in column
    )  # not a character lost
    assert "…" not in out
    sigmoid = next(line for line in table if "sigmoid" in line).split("│")
    assert sigmoid[1] == " sigmoid "  # left
    left, right = (len(sigmoid[2]) - len(f(sigmoid[2])) for f in (str.lstrip, str.rstrip))
    assert sigmoid[2].strip() == "(0, 1)" and left > 1 and abs(left - right) <= 1  # centred
    assert sigmoid[3].endswith(" 0.25 ") and sigmoid[3].startswith("    ")  # right


def test_math_in_unicode_and_code_wrapped_under_its_indent() -> None:
    out = shown(READING, 60)
    assert "σ(x) = 1/(1+e⁻ˣ)" in out
    assert "chain rule: ∂L/∂h₀ = ∂L/∂h_T ∏ₜ₌₁ᵀ ∂hₜ/∂hₜ₋₁" in out
    assert "ℒ = 1/N ∑ᵢ₌₁ᴺ(yᵢ − ŷᵢ)²" in out
    assert "최댓값이 1/4 이다." in out
    assert "\\frac" not in out and "\\sqrt" not in out and "\\partial" not in out
    lines = out.splitlines()
    start = line_of(out, "grad = layer.weight.T")
    assert lines[start].startswith("│         grad")  # as written: 8 spaces
    assert lines[start + 1].startswith("│             layer.")  # wrapped: 8 + 4
    assert lines[start + 3].startswith("│     return grad")  # nothing lost or added
    assert lines[start + 4].startswith("╰")


def test_aside_keeps_its_lines() -> None:
    out = shown(READING, 100)
    assert "│ 💡 sigmoid를 여러 번 곱하면 기울기는 0.25ᵏ 보다 작다." in out
    assert "│ k는? 층의 수이다." in out
