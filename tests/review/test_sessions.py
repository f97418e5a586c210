"""Quiz sessions as a learner has them: through click's runner and a real terminal, with the
history surviving quitting, Ctrl-C, kill -9 and edits to the notes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner
from helpers import USER_NOTE

from studykit.accounts import user_id
from studykit.cli.main import cli
from studykit.db import open_store
from studykit.review import store
from studykit.review.sync import sync

DECK = "2024-08-14-boostcamp-day008"


@pytest.fixture
def workspace(tmp_path: Path, studykit_home: Path) -> Path:
    (tmp_path / "notes").mkdir()
    shutil.copy(USER_NOTE, tmp_path / "notes")
    return tmp_path


def run(workspace: Path, *args: str, keys: str = ""):
    argv = ["--notes", str(workspace / "notes"), *args, "--quizzes", str(workspace / "quizzes")]
    return CliRunner().invoke(cli, argv, input=keys)


def reviews(studykit_home: Path) -> list[tuple[str, int, str]]:
    db = sqlite3.connect(studykit_home / "studykit.sqlite3")
    return db.execute("SELECT card_id, rating, mode FROM reviews ORDER BY id").fetchall()


def test_flip_session_rates_and_quits(workspace: Path, studykit_home: Path) -> None:
    result = run(workspace, "quiz", keys=" 3 1 q")
    assert result.exit_code == 0, result.output
    assert "RNN — formula?" in result.output  # the heading's remark is left out of the front
    assert "hₜ = f_w(h_(t−1), xₜ)" in result.output
    assert "Reviewed 2 answers on 2 cards, 1 remembered." in result.output
    assert [(r[1], r[2]) for r in reviews(studykit_home)] == [(3, "flip"), (1, "flip")]
    assert (workspace / "quizzes" / f"{DECK}.yaml").exists()


def test_type_mode_grades_korean_and_suggests_a_rating(workspace: Path, studykit_home) -> None:
    result = run(
        workspace, "quiz", "day008#lstm", "--mode", "type", keys="얼마나 잊어버릴지 컨트롤\n\n:q\n"
    )
    assert "forget gate" in result.output
    assert "near miss" in result.output and "Enter: 2" in result.output
    assert reviews(studykit_home) == [(reviews(studykit_home)[0][0], 2, "type")]


def test_choice_mode_offers_siblings(workspace: Path, studykit_home: Path) -> None:
    result = run(workspace, "quiz", "#lstm", "--mode", "choice", "--limit", "1", keys="1\nq")
    first = result.output.partition("pick")[0]  # the card comes back: asked again
    options = [line for line in first.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")]
    assert len(options) == 4 and "1-4: pick   q: quit" in result.output
    right = "1 is right" in result.output
    assert right or re.search(r"1 is wrong; the right one is [234]", result.output)
    assert [(r[1], r[2]) for r in reviews(studykit_home)] == [(3 if right else 1, "choice")]


def test_nothing_due_says_when_next(workspace: Path) -> None:
    result = run(workspace, "quiz", "--new", "0")
    assert result.exit_code == 0 and "Nothing to review now." in result.output


def test_history_follows_edits_to_the_note(workspace: Path, studykit_home: Path) -> None:
    note = workspace / "notes" / USER_NOTE.name
    run(workspace, "quiz", "day008#lstm", keys=" 3 3 3 q")
    before = {r[0] for r in reviews(studykit_home)}
    assert len(before) == 3
    text = note.read_text(encoding="utf-8")
    text = text.replace("얼마나 잊어버릴 지를 컨트롤", "얼마나 잊을지를 정한다")  # answer edited
    text = text.replace("- input gate:", "- the input gate:")  # front re-worded slightly
    (workspace / "notes" / "week1").mkdir()
    note.unlink()
    (workspace / "notes" / "week1" / USER_NOTE.name).write_text(text, encoding="utf-8")
    result = run(workspace, "build")
    assert result.exit_code == 0, result.output
    with open_store(studykit_home / "studykit.sqlite3") as db:
        user = user_id(db)
        for card_id in before:
            assert store.card(db, card_id) is not None
            assert len(store.reviews(db, user, card_id)) == 1
        cards = [store.card(db, c) for c in before]
        forget = next(c for c in cards if c and c.front == "forget gate")
        assert forget.back == "얼마나 잊을지를 정한다"
        assert any(c and c.front == "the input gate" for c in cards)


def test_sync_is_skipped_when_nothing_changed(workspace: Path, studykit_home: Path) -> None:
    notes, quizzes = workspace / "notes", workspace / "quizzes"
    with open_store(studykit_home / "studykit.sqlite3") as db:
        assert sync(db, notes, quizzes) is not None
        assert sync(db, notes, quizzes) is None
        (notes / "new.md").write_text("# New\n\n- term: meaning\n", encoding="utf-8")
        report = sync(db, notes, quizzes)
        assert report is not None and report.decks == {"new": 1}  # the other deck is untouched
        (quizzes / "mine.yaml").write_text(
            "note: mine\ncards:\n  - id: m1\n    front: 수도?\n    back: 서울\n", encoding="utf-8"
        )
        again = sync(db, notes, quizzes)
        assert again is not None and again.decks == {"mine": 1}
        mine = store.card(db, "m1")
        assert mine is not None and mine.back == "서울"


def studykit_in_terminal(workspace: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm"}
    argv = ["-m", "studykit", "--notes", str(workspace / "notes"), *args]
    argv += ["--quizzes", str(workspace / "quizzes")]
    return pexpect.spawn(
        sys.executable, argv, env=env, dimensions=(40, 100), encoding="utf-8", timeout=30
    )


def test_real_terminal_session_answer_quit_restart(workspace: Path, studykit_home) -> None:
    child = studykit_in_terminal(workspace, "quiz")
    child.expect("formula\\?")
    child.send(" ")
    child.expect("Enter: 3")
    child.send("3")
    child.expect("Recurrent Neural Network")
    child.send("q")
    child.expect("1 answer on 1 card")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    again = studykit_in_terminal(workspace, "quiz")
    again.expect("Recurrent Neural Network")  # the answered card is no longer first
    again.send("q")
    again.expect(pexpect.EOF)
    assert len(reviews(studykit_home)) == 1


def test_keys_typed_ahead_are_not_lost(workspace: Path, studykit_home: Path) -> None:
    child = studykit_in_terminal(workspace, "quiz")
    child.expect("show answer")
    child.send(" 3 3 4q")  # faster than the screen: every key still counts
    child.expect(pexpect.EOF)
    assert [r[1] for r in reviews(studykit_home)] == [3, 3, 4]


def rate_in_terminal(child: pexpect.spawn, *ratings: str) -> None:
    """Reveal and rate one card per rating, waiting for the screen each time."""
    for rating in ratings:
        child.expect("show answer")
        child.send(" ")
        child.expect("Enter: 3")
        child.send(rating)


def test_ctrl_c_keeps_every_answer(workspace: Path, studykit_home: Path) -> None:
    child = studykit_in_terminal(workspace, "quiz")
    rate_in_terminal(child, "3", "3")
    child.expect("show answer")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(reviews(studykit_home)) == 2


def test_kill_9_mid_session_loses_nothing_answered(workspace: Path, studykit_home) -> None:
    child = studykit_in_terminal(workspace, "quiz")
    rate_in_terminal(child, "4", "4", "4")
    child.expect("show answer")
    child.kill(signal.SIGKILL)
    child.close()
    assert [r[1] for r in reviews(studykit_home)] == [4, 4, 4]


NO_TORCH = """
import runpy, sys

class Watch:  # records any attempt to import torch or the web stack, installed or not
    tried = []

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "fastapi", "starlette", "uvicorn", "jinja2"):
            self.tried.append(name)

sys.meta_path.insert(0, Watch())
sys.argv = ["studykit", *sys.argv[1:]]
try:
    runpy.run_module("studykit", run_name="__main__")
except SystemExit:
    pass
print("heavy imports:", Watch.tried)
"""


@pytest.mark.parametrize(
    "command",
    [["quiz"], ["quiz", "--mode", "type"], ["show", "day008"], ["notes"], ["stats"],
     ["stats", "--json"]],
)  # fmt: skip
def test_quiz_show_notes_never_import_torch(workspace: Path, command: list[str]) -> None:
    args = ["--notes", str(workspace / "notes"), *command]
    if command[0] == "quiz":
        args += ["--quizzes", str(workspace / "quizzes")]
    done = subprocess.run(
        [sys.executable, "-c", NO_TORCH, *args], input=" 3q", capture_output=True, text=True
    )
    assert "heavy imports: []" in done.stdout, (done.stdout, done.stderr)


def test_notes_edited_since_last_quiz_update_the_card_on_screen(workspace: Path) -> None:
    run(workspace, "quiz", keys="q")
    note = workspace / "notes" / USER_NOTE.name
    text = note.read_text(encoding="utf-8").replace("h_t = f_w(h_(t-1), x_t)", "h_t = \\tanh(z_t)")
    note.write_text(text, encoding="utf-8")
    result = run(workspace, "quiz", keys=" 3q")
    assert "Your notes changed; the cards are updated." in result.output
    assert "hₜ = tanh(zₜ)" in result.output and "f_w" not in result.output


@pytest.mark.usefixtures("clock")
def test_stats_show_heatmap_recall_and_due(workspace: Path, studykit_home: Path) -> None:
    run(workspace, "quiz", keys=" 3 1 q")
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0
    assert "Reviews per day, last 20 weeks" in result.output
    assert "Recall, last 30 days: 50% of 2 answers" in result.output
    assert "Due in the next 30 days" in result.output
    db = sqlite3.connect(studykit_home / "studykit.sqlite3")
    due = [datetime.fromisoformat(d).astimezone().date() for (d,) in db.execute(
        "SELECT due FROM card_state")]  # fmt: skip
    today = sum(d <= datetime.now().astimezone().date() for d in due)  # 0 a minute to midnight
    assert f"today {today} · this week 2 · 30 days 2" in result.output


def test_db_option_and_environment_choose_the_database(workspace: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "elsewhere.sqlite3"
    argv = ["--notes", str(workspace / "notes"), "--db", str(chosen), "quiz"]
    CliRunner().invoke(cli, [*argv, "--quizzes", str(workspace / "quizzes")], input=" 3q")
    by_env = tmp_path / "by-env.sqlite3"
    CliRunner().invoke(
        cli,
        ["--notes", str(workspace / "notes"), "quiz", "--quizzes", str(workspace / "quizzes")],
        input=" 4q",
        env={"STUDYKIT_DB": str(by_env)},
    )
    for path, rating in ((chosen, 3), (by_env, 4)):
        rows = sqlite3.connect(path).execute("SELECT rating FROM reviews").fetchall()
        assert rows == [(rating,)]


def test_two_terminals_on_one_database(workspace: Path, studykit_home: Path) -> None:
    run(workspace, "build")
    first = studykit_in_terminal(workspace, "quiz", "#lstm")
    second = studykit_in_terminal(workspace, "quiz", "#rnn")
    for child in (first, second, first, second):
        rate_in_terminal(child, "3")
    for child in (first, second):
        child.expect("show answer")
        child.send("q")
        child.expect(pexpect.EOF)
    assert len(reviews(studykit_home)) == 4


def test_desired_retention_changes_intervals(workspace: Path) -> None:
    from datetime import UTC, datetime

    from studykit.review.model import Rating
    from studykit.review.schedule import scheduler, step

    at, good = datetime(2026, 1, 1, tzinfo=UTC), Rating.GOOD
    state = step(step(None, good, at)[0], good, at)[0]
    loose = step(state, good, at, scheduler(0.8))[1]
    strict = step(state, good, at, scheduler(0.95))[1]
    assert loose > strict
    bad = run(workspace, "quiz", "--retention", "1.5")
    assert bad.exit_code == 2 and "0.7<=x<=0.99" in bad.output
    by_env = CliRunner().invoke(
        cli, ["--notes", str(workspace / "notes"), "quiz"], env={"STUDYKIT_RETENTION": "0.5"}
    )
    assert by_env.exit_code == 2


def test_terminal_shows_cards_left_and_each_ratings_next_interval(workspace: Path) -> None:
    result = run(workspace, "quiz", keys=" 1 q")
    assert "16 new · 0 learning · 0 review" in result.output
    assert "15 new · 1 learning · 0 review" in result.output  # the card rated Again comes back
    assert "1 Again <1m  2 Hard" in result.output and "4 Easy " in result.output


def test_the_rest_of_a_long_answer_is_shown_after_it(workspace: Path) -> None:
    note = workspace / "notes" / USER_NOTE.name  # the master class's Q&A, kept on purpose
    text = note.read_text(encoding="utf-8").replace("---\n", "---\nkeep_personal: true\n", 1)
    note.write_text(text, encoding="utf-8")
    shown = run(workspace, "quiz", "day008#qna", keys=" 3 q").output
    answer, _, after = shown.partition("more")
    assert "파이토치를 쓰는 인공지능 관련 직업은 많아질 것이다." in answer
    assert "LLM이 가장 걱정이다." in after and "LLM이 가장 걱정이다." not in answer
