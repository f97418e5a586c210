"""Deck files: written deterministically, rebuilt without losing the learner's edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import NOTES, ROOT, USER_NOTE

from studykit.cards import decks
from studykit.cli.main import cli
from studykit.errors import DeckError
from studykit.notes.parse import parse_note


def note_from(text: str, name: str = "day.md"):
    return parse_note(text, name)


BASE = """# LSTM

- forget gate: 얼마나 잊어버릴 지를 컨트롤
- input gate: 얼마나 기억할 지를 컨트롤

Q. 왜 cell state가 필요한가?

A. 기울기가 사라지지 않게
"""


def test_dump_load_round_trip_and_deterministic(tmp_path: Path) -> None:
    note = parse_note(USER_NOTE.read_text(encoding="utf-8"), USER_NOTE.name)
    deck = decks.build(note)
    path = decks.write(deck, tmp_path)
    assert path.name == "2024-08-14-boostcamp-day008.yaml"
    text = path.read_text(encoding="utf-8")
    assert "tags: [Naver Boostcamp, daily report]" in text
    loaded = decks.load(path)
    assert loaded.cards == deck.cards
    assert decks.dump(decks.build(note, loaded)) == text


def test_answer_edit_and_move_keep_ids() -> None:
    old = decks.build(note_from(BASE))
    edited = BASE.replace("기울기가 사라지지 않게", "gradient가 사라지지 않도록")
    moved = decks.build(note_from(edited, "week2/day.md"), old)
    assert [c.id for c in moved.cards] == [c.id for c in old.cards]
    assert moved.cards[-1].back == "gradient가 사라지지 않도록"


def test_slightly_reworded_front_keeps_its_id() -> None:
    old = decks.build(note_from(BASE))
    reworded = BASE.replace("왜 cell state가 필요한가?", "왜 cell state가 필요할까?")
    new = decks.build(note_from(reworded), old)
    assert new.cards[-1].id == old.cards[-1].id
    assert new.cards[-1].front == "왜 cell state가 필요할까?"


def test_genuinely_new_front_gets_a_new_id() -> None:
    old = decks.build(note_from(BASE))
    changed = BASE.replace("왜 cell state가 필요한가?", "GRU의 게이트는 몇 개인가?")
    new = decks.build(note_from(changed), old)
    assert new.cards[-1].id not in {c.id for c in old.cards}


def test_suspended_and_locked_survive_rebuild(tmp_path: Path) -> None:
    path = decks.write(decks.build(note_from(BASE)), tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("  front: forget gate\n", "  front: forget gate?\n  suspended: true\n", 1)
    text = text.replace(
        "  back: 얼마나 기억할 지를 컨트롤\n", "  back: 얼마나 새로 기억할지\n  locked: true\n", 1
    )
    path.write_text(text, encoding="utf-8")
    rebuilt = decks.build(note_from(BASE), decks.load(path))
    forget, inputs, _ = rebuilt.cards
    assert forget.suspended and forget.front == "forget gate"
    assert inputs.locked and inputs.back == "얼마나 새로 기억할지"
    decks.write(rebuilt, tmp_path)
    again = decks.load(path)
    assert again.cards[0].suspended and again.cards[1].back == "얼마나 새로 기억할지"


def test_hand_written_deck_loads(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "note: mine\ncards:\n  - id: c1\n    front: 한국의 수도는?\n    back: 서울\n",
        encoding="utf-8",
    )
    (card,) = decks.load(path).cards
    assert (card.kind, card.front, card.back) == ("manual", "한국의 수도는?", "서울")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("note: x\ncards:\n  - id: a\n    front: f\n", 3, "missing `back`"),
        (
            "note: x\ncards:\n  - id: a\n    front: f\n    back: b\n  - id: a\n    front: g\n"
            "    back: c\n",
            6,
            "duplicate card id a",
        ),
        ("note: x\ncards: {}\n", 2, "`cards` must be a list"),
        ("note: x\ncards:\n  - id: a\n    front: [unclosed\n", 5, ""),
        ("note: x\ncards:\n  - id: a\n    front: f\n    back: b\n    colour: red\n", 3, "colour"),
        ("- just\n- a list\n", 1, "a deck is a mapping"),
    ],
)
def test_invalid_decks_name_file_and_line(tmp_path: Path, text: str, line: int, message: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        decks.load(path)
    assert caught.value.line == line and message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_build_command_writes_decks_and_never_overwrites_a_broken_one(tmp_path: Path) -> None:
    notes, quizzes = tmp_path / "notes", tmp_path / "quizzes"
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    result = CliRunner().invoke(cli, ["build", str(notes), "--quizzes", str(quizzes)])
    assert result.exit_code == 0, result.output
    deck = quizzes / "2024-08-14-boostcamp-day008.yaml"
    assert len(decks.load(deck).cards) == 16  # 14 from the text, 2 claims; no personal Q&A
    deck.write_text("note: x\ncards: {}\n", encoding="utf-8")
    broken = CliRunner().invoke(cli, ["build", str(notes), "--quizzes", str(quizzes)])
    assert broken.exit_code == 1
    assert f"{deck}:2: `cards` must be a list" in broken.stderr
    assert deck.read_text(encoding="utf-8") == "note: x\ncards: {}\n"


def test_committed_decks_are_what_build_makes_today(tmp_path: Path) -> None:
    """`quiz` and `build` rewrite a deck that the rules no longer make: a committed deck out
    of step would dirty every clone on its first quiz (run `studykit build` and commit)."""
    committed = ROOT / "quizzes"
    shutil.copytree(committed, tmp_path / "quizzes")
    result = CliRunner().invoke(
        cli, ["--notes", str(NOTES), "build", "--quizzes", str(tmp_path / "quizzes")]
    )
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (tmp_path / "quizzes").iterdir())
    assert built == sorted(p.name for p in committed.iterdir())
    for name in built:
        assert (tmp_path / "quizzes" / name).read_text(encoding="utf-8") == (
            committed / name
        ).read_text(encoding="utf-8"), f"quizzes/{name} is out of step: run `studykit build`"
