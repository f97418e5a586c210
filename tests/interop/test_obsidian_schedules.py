"""The Obsidian spaced-repetition plugin's schedules carried over by `import obsidian`: its
comment formats as the plugin writes them (the forms of its own tests, note-card-schedule-
parser.test.ts: one line or the next, several for a cloze, legacy without `!`, the
placeholder of a card never reviewed, its FSRS form), each card started from its schedule
as an FSRS state for the learner of --user, on the store the CLI uses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Card, Scheduler
from helpers import Clock

from studykit.accounts import user_id
from studykit.cards import decks
from studykit.cli.main import cli
from studykit.db import open_store
from studykit.interop.obsidian import Fsrs, Sm2, parse_schedules
from studykit.review import session, store
from studykit.review.model import Selection
from studykit.review.schedule import from_sm2, fsrs_state

FSRS_PART = "fsrs,2023-09-06T00:10:00.000Z,0,0.4,5.5,1,1,0,1,2023-09-06T00:00:00.000Z"


def test_the_plugins_comment_forms() -> None:
    assert parse_schedules("!2023-09-02,4,270") == [Sm2(date(2023, 9, 2), 4, 270)]
    assert parse_schedules("2023-09-02,4,270") == [Sm2(date(2023, 9, 2), 4, 270)]  # legacy
    assert parse_schedules("!02-09-2023,4,270") == [Sm2(date(2023, 9, 2), 4, 270)]
    assert parse_schedules("!2023-09-03,1,230!2023-09-05,3,250!2023-09-06,4,270") == [
        Sm2(date(2023, 9, 3), 1, 230), Sm2(date(2023, 9, 5), 3, 250),
        Sm2(date(2023, 9, 6), 4, 270),
    ]  # fmt: skip
    assert parse_schedules("!2000-01-01,1,250") == [None]  # placeholder: never reviewed
    learning = Fsrs(
        datetime(2023, 9, 6, 0, 10, tzinfo=UTC), 0.4, 5.5, 1, 1, datetime(2023, 9, 6, tzinfo=UTC)
    )
    assert parse_schedules(f"!2023-09-02,4,270!{FSRS_PART}") == [
        Sm2(date(2023, 9, 2), 4, 270),
        learning,
    ]
    assert parse_schedules(f"!2000-01-01,1,250!{FSRS_PART}!2000-01-01,1,250") == [
        None,
        learning,
        None,
    ]
    assert parse_schedules("!2023-09-02,4.5,272.5") == [Sm2(date(2023, 9, 2), 4.5, 272.5)]
    assert parse_schedules("!garbage") == [None]


def test_sm2_becomes_the_fsrs_memory_whose_recall_is_90_percent_at_the_interval() -> None:
    due = datetime(2026, 11, 30, tzinfo=UTC)
    state = from_sm2(due, 10, 2.5)
    assert state["stability"] == pytest.approx(10) and state["state"] == 2
    last = datetime.fromisoformat(state["last_review"])
    assert due - last == timedelta(days=10)
    recall = Scheduler().get_card_retrievability(Card.from_dict({**state, "card_id": 0}), due)
    assert recall == pytest.approx(0.9, abs=0.005)
    harder, easier = from_sm2(due, 10, 1.3), from_sm2(due, 10, 3.0)
    assert harder["difficulty"] > state["difficulty"] > easier["difficulty"]
    assert easier["difficulty"] >= 1 and harder["difficulty"] <= 10
    learning = fsrs_state(due, 0.4, 5.5, 1, 1, due - timedelta(minutes=10))
    assert (learning["state"], learning["step"], learning["stability"]) == (1, 1, 0.4)


LEARNING = "fsrs,2026-11-30T00:10:00.000Z,0,0.4,5.5,1,1,0,1,2026-11-30T00:00:00.000Z"
VAULT_NOTE = f"""#flashcards

# 전기

전기장을 나타내는 기호는?::E <!--SR:!2026-11-20,4,270-->

쿨롱 법칙의 상수:::k
<!--SR:!2026-11-25,10,250!2026-11-26,12,250-->

마찰 전기 현상의 이름
?
정전기
대전 현상
<!--SR:!2026-12-10,30,290-->

빛은 ==파동==이면서 ==입자==이고 ==광자==로 이루어진다.
<!--SR:!2026-11-28,3,230!2000-01-01,1,250!2026-12-01,6,250-->

옴의 법칙?::V = IR
<!--SR:2026-11-22,2,250-->

저항의 단위?::옴
학습 중인 카드?::FSRS <!--SR:!{LEARNING}-->
새 카드?::아직
"""


def test_import_carries_each_cards_schedule_over(tmp_path: Path, clock: Clock) -> None:
    """At every date and zone of the clock: a due day is that day's local midnight."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "전기.md").write_text(VAULT_NOTE, encoding="utf-8")
    quizzes = tmp_path / "quizzes"
    argv = ["--notes", str(tmp_path), "import", "obsidian", str(vault), "--quizzes", str(quizzes)]
    result = CliRunner().invoke(cli, [*argv, "--user", "ann"])
    assert result.exit_code == 0, result.output
    assert "7 schedules carried over for ann (7 new to studykit)" in result.output
    (deck_file,) = quizzes.iterdir()
    by_front = {c.front: c for c in decks.load(deck_file).cards}
    with open_store() as db:
        ann, bob = user_id(db, "ann"), user_id(db, "bob")

        def state(front: str) -> dict | None:
            return store.state(db, ann, by_front[front].id)

        def days(front: str) -> tuple[date, float]:
            found = state(front)
            assert found is not None, front
            due = datetime.fromisoformat(found["due"]).astimezone().date()
            return due, round(found["stability"], 3)

        assert days("전기장을 나타내는 기호는?") == (date(2026, 11, 20), 4)
        assert days("쿨롱 법칙의 상수") == (date(2026, 11, 25), 10)  # the forward side's
        assert days("마찰 전기 현상의 이름") == (date(2026, 12, 10), 30)
        assert days("옴의 법칙?") == (date(2026, 11, 22), 2)  # legacy form
        clozes = [c for c in by_front.values() if c.kind == "cloze"]
        assert [c.back for c in clozes] == ["파동", "입자", "광자"]
        assert [state(c.front) and days(c.front) for c in clozes] == [
            (date(2026, 11, 28), 3),
            None,
            (date(2026, 12, 1), 6),
        ]  # the placeholder's card stays new
        learning = state("학습 중인 카드?")
        assert learning is not None and (learning["state"], learning["step"]) == (1, 1)
        assert state("저항의 단위?") is None and state("새 카드?") is None
        assert store.state(db, bob, by_front["옴의 법칙?"].id) is None  # ann's alone
        midnight = datetime.combine(date(2026, 11, 20), time()).astimezone()
        assert datetime.fromisoformat(state("전기장을 나타내는 기호는?")["due"]) == midnight

    again = CliRunner().invoke(cli, [*argv, "--user", "ann"])  # never over studykit's own
    assert "7 schedules carried over for ann (0 new to studykit)" in again.output
    quiz = CliRunner().invoke(
        cli, ["--notes", str(tmp_path), "quiz", "--quizzes", str(quizzes), "--user", "ann"],
        input="q",
    )  # fmt: skip
    assert quiz.exit_code == 0, quiz.output
    with open_store() as db:
        ann = user_id(db, "ann")
        on = datetime(2026, 11, 23, 12, tzinfo=UTC)  # explicit: due by then, or not yet
        due = {c.front for c in session.plan(db, ann, Selection(), new_per_day=0, at=on)}
        assert due == {"전기장을 나타내는 기호는?", "옴의 법칙?"}
        later = datetime(2026, 11, 30, 1, tzinfo=UTC)
        due = {c.front for c in session.plan(db, ann, Selection(), new_per_day=0, at=later)}
        assert "학습 중인 카드?" in due and "마찰 전기 현상의 이름" not in due
