"""The terminal quiz as a learner reads it (issue 23), in a real terminal at 60 and 100
columns, on a deck written by hand: lines that fit, fair choices, the rating given and the
wait it set, learn-ahead said, "next due" of the selection, type mode fitted to the answer."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from studykit.accounts import user_id
from studykit.cli.main import cli
from studykit.db import open_store
from studykit.review import store

DECK = """note: mine
cards:
  - {id: g1, kind: definition, topic: "mine#gates", line: 1, tags: [ml],
     front: forget gate?, back: 얼마나 잊어버릴 지를 컨트롤}
  - {id: g2, kind: definition, topic: "mine#gates", line: 2, tags: [ml],
     front: input gate?, back: 새 정보를 얼마나 기억할 지를 컨트롤}
  - {id: g3, kind: definition, topic: "mine#gates", line: 3, tags: [ml],
     front: output gate?, back: 현재 상태를 얼마나 내보낼 지를 컨트롤}
  - {id: g4, kind: definition, topic: "mine#gates", line: 4, tags: [ml],
     front: cell state?, back: 정보가 그대로 흘러가는 컨베이어 벨트}
  - {id: r1, kind: list, topic: "mine#rnn", line: 5, tags: [ml],
     front: RNN — 장점?, back: "- 다양한 길이의 입력을 x_t로 쪼개서 처리한다"}
  - {id: r2, kind: list, topic: "mine#rnn", line: 6, tags: [ml],
     front: RNN — 단점?, back: "- 병렬화가 힘들다\\n- 기울기 소실"}
  - {id: q1, kind: qa, topic: "mine#qa", line: 7, tags: [ml], front: RNN의 가중치는?,
     back: RNN은 시퀀스의 각 단어를 같은 weight 파라미터로 처리한다}
  - {id: q2, kind: qa, topic: "mine#qa", line: 8, tags: [ml], front: 직업 전망?,
     back: "모델에 따라 다르다. 파이토치를 쓰는 인공지능 관련 직업은 많아질 것이다.
       다만 LLM이 가장 걱정이지만 그래도 공부는 계속한다.",
     more: 추가 설명은 여기에 있다.}
"""
WIDTHS = [60, 100]
_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]")


@pytest.fixture
def workspace(tmp_path: Path, studykit_home: Path) -> Path:
    (tmp_path / "notes").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "mine.yaml").write_text(DECK, encoding="utf-8")
    return tmp_path


def terminal(workspace: Path, width: int, *args: str) -> tuple[pexpect.spawn, io.StringIO]:
    """`studykit` in a real terminal `width` columns wide; everything it wrote is kept."""
    argv = ["-m", "studykit", "--notes", str(workspace / "notes"), *args]
    argv += ["--quizzes", str(workspace / "quizzes")]
    env = {**os.environ, "TERM": "xterm"}
    child = pexpect.spawn(
        sys.executable, argv, env=env, dimensions=(40, width), encoding="utf-8", timeout=30
    )
    child.logfile_read = written = io.StringIO()
    return child, written


def screen(written: io.StringIO, width: int) -> list[str]:
    """The lines written, without escapes; each must fit the terminal."""
    lines = [line.rstrip("\r") for line in _ESCAPE.sub("", written.getvalue()).split("\n")]
    lines = [line.split("\r")[-1].rstrip() for line in lines]  # what stays after a redraw
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, too_wide
    return lines


def run(workspace: Path, *args: str, keys: str = "") -> str:
    argv = ["--notes", str(workspace / "notes"), *args, "--quizzes", str(workspace / "quizzes")]
    result = CliRunner().invoke(cli, argv, input=keys)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("width", WIDTHS)
def test_flip_lines_fit_and_say_the_wait_applied(workspace: Path, width: int) -> None:
    child, written = terminal(workspace, width, "quiz", "mine#gates", "--new", "1")
    child.expect("show answer")
    child.send(" ")
    child.expect(r"3 Good (\S+)")
    shown = child.match.group(1)
    child.expect("q: quit")
    child.send("3")
    child.expect(r"asked early: due in (\S+) \(learn-ahead\)")  # the only card, back early
    child.expect("show answer")
    child.send("q")
    child.expect(pexpect.EOF)
    lines = screen(written, width)
    assert f"› Good: again this session in {shown}" in lines  # the wait applied, as shown
    status = [line for line in lines if "new ·" in line]
    assert len(status) == 2 and all(line.endswith("q: quit") for line in status)
    assert status[0].startswith("1 new · 0 ") and status[1].startswith("0 new · 1 ")
    ratings = next(n for n, line in enumerate(lines) if line.startswith("1 Again"))
    assert "4 Easy" in lines[ratings]  # the four keys on one line, then Enter and q
    keys = lines[ratings] if width >= 100 else lines[ratings + 1]
    assert keys.endswith("Enter: 3   q: quit") or keys == "Enter: 3 (Good)   q: quit"
    assert "quit" not in " ".join(line for line in lines if "q: quit" not in line)
    assert any(line == f"Next card due in {shown.removesuffix('m')} min." for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_choice_mode_wraps_hints_and_shows_the_right_option(workspace: Path, width: int) -> None:
    child, written = terminal(workspace, width, "quiz", "mine#gates", "--mode", "choice")
    child.expect(r"1-4: pick   q: quit")
    options = re.findall(r"^(\d)\. (.+)$", _ESCAPE.sub("", child.before), re.M)
    assert [number for number, _ in options] == ["1", "2", "3", "4"]
    right = next(n for n, text in options if text.strip() == "얼마나 잊어버릴 지를 컨트롤")
    wrong = "1" if right != "1" else "2"
    child.send(wrong)
    child.expect("the right one is")
    child.expect("얼마나 잊어버릴 지를 컨트롤")
    child.expect("Enter: 1")
    child.send("\r")
    child.expect("pick")
    child.send("q")
    child.expect(pexpect.EOF)
    lines = screen(written, width)
    assert f"{wrong} is wrong; the right one is {right}, the answer below:" in lines
    assert "› Again: again this session in <1m" in lines
    list_card, written = terminal(workspace, width, "quiz", "mine#rnn", "--mode", "choice")
    list_card.expect("1-2: pick")
    list_card.send("q")
    list_card.expect(pexpect.EOF)
    shown = " ".join(screen(written, width))
    assert "(only 2 options: its topic, note and tags hold no more of this kind)" in shown
    assert "1. • " in shown and "2. • " in shown


@pytest.mark.usefixtures("clock")
def test_next_due_speaks_of_the_selection(workspace: Path) -> None:
    run(workspace, "quiz", "mine#gates", "--new", "1", keys=" 3q")  # due again in 10 min
    assert "No cards are scheduled yet." in run(workspace, "quiz", "mine#rnn", "--new", "0")
    run(workspace, "quiz", "mine#rnn", keys=" 4q")  # due in days
    nothing = run(workspace, "quiz", "mine#rnn", "--new", "0")
    assert "Nothing to review now." in nothing and "Next card due on " in nothing
    assert "Next card due in 10 min." in run(workspace, "quiz", "--new", "0", keys="q")


def test_type_mode_fits_the_answer(workspace: Path, studykit_home: Path) -> None:
    shown = run(
        workspace, "quiz", "mine#qa", "--mode", "type",
        keys="시퀀스 단어를 같은 웨이트 파라미터로\n\n 3q",
    )  # fmt: skip
    assert "wrong  (3 of 6 key terms)  missing: RNN, weight, 처리" in shown
    assert "alike" not in shown  # no character diff of a sentence
    assert "(a long answer, not typed: recall it, then space shows it" in shown
    with open_store(studykit_home / "studykit.sqlite3") as db:
        modes = [str(r.mode) for r in store.reviews(db, user_id(db))]
    assert modes == ["type", "flip"]  # the long answer was recalled, not typed
    after = shown.partition("모델에 따라 다르다.")[2]
    assert "\nmore\n추가 설명은 여기에 있다." in after
    near = run(workspace, "quiz", "mine#qa", "--mode", "type", keys="rnn 시퀀스 단어 weight\n")
    assert "near miss  (4 of 6 key terms)  missing: 파라미터, 처리" in near
    assert "Enter: 2" in near
    good = run(
        workspace, "quiz", "mine#qa", "--mode", "type", keys="RNN 시퀀스 단어 weight 파라미터\n"
    )
    assert "correct  (5 of 6 key terms)  missing: 처리" in good and "Enter: 3" in good
