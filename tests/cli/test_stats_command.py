"""`studykit stats` over a month of answers recorded through the core: text charts in a real
terminal at 60 and 100 columns (every line fits, Korean titles measured in cells), and the
--json schema."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pexpect
import pytest
from helpers import USER_NOTE, Clock
from rich.cells import cell_len

from studykit.accounts import user_id
from studykit.db import now, open_store
from studykit.notes.parse import parse_note
from studykit.review import session, store
from studykit.review.model import Mode, Rating
from studykit.review.sync import sync

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BAR = "█▉▊▋▌▍▎▏"


@pytest.fixture
def studied(tmp_path: Path, studykit_home: Path, clock: Clock) -> tuple[Path, str]:
    """The bundled note learnt a month ago; at the first review, its last topic's cards
    forgotten and relearnt, the others remembered. Returns (notes folder, that topic)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    with open_store(str(studykit_home / "studykit.sqlite3")) as db:
        sync(db, notes, tmp_path / "quizzes")
        user = user_id(db)
        cards = store.cards(db)
        start = now() - timedelta(days=30)
        for card in cards:
            first = session.answer(db, user, card, Rating.EASY, mode=Mode.FLIP, at=start)
            again = card.topic == cards[-1].topic
            rating = Rating.AGAIN if again else Rating.GOOD
            session.answer(db, user, card, rating, mode=Mode.FLIP, at=first.due)
            if again:
                later = first.due + timedelta(minutes=10)
                session.answer(db, user, card, Rating.GOOD, mode=Mode.FLIP, at=later)
    return notes, cards[-1].context


def screen(notes: Path, columns: int, clock: Clock) -> list[str]:
    child = pexpect.spawn(
        sys.executable, ["-m", "studykit", "--notes", str(notes), "stats"],
        env={**os.environ, **clock.env, "TERM": "xterm"}, dimensions=(60, columns),
        encoding="utf-8", timeout=30,
    )  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return ANSI.sub("", str(child.before)).replace("\r", "").splitlines()


@pytest.mark.parametrize("columns", [60, 100])
def test_text_charts_fit_the_terminal(
    studied: tuple[Path, str], columns: int, clock: Clock
) -> None:
    notes, weak = studied
    lines = screen(notes, columns, clock)
    assert all(cell_len(line) <= columns for line in lines), "\n".join(lines)
    text = "\n".join(lines)
    heat = lines.index("Reviews per day, last 20 weeks")
    assert f"{now().astimezone():%b}" in lines[heat + 1]  # month names above the weeks
    assert [lines[heat + 2 + n][:3] for n in (0, 2, 4, 6)] == ["Mon", "Wed", "Fri", "Sun"]
    assert "answers a day: ·· 0 ░░" in text
    assert re.search(r"Recall, last 30 days: \d+% of \d+ answers", text)
    assert "Due in the next 30 days" in text and re.search(r"today \d+ .*this week \d+", text)
    assert "Retention per week (desired 90%)" in text and "┃ marks the desired 90%" in text
    topics = lines.index("Weakest topics (predicted recall in 7 days)")
    assert lines[topics + 1].split()[0] == "topic"
    rows = [line for line in lines[topics + 2 :] if any(c in line for c in BAR)]
    assert rows[0].startswith(weak[:10])  # the forgotten topic comes first
    # the bars start in the same cell on every row, whatever the script of the title
    starts = {cell_len(row[: min(row.index(c) for c in BAR if c in row)]) for row in rows}
    assert len(starts) == 1 and any(re.search("[가-힣]", row) for row in rows)
    assert "Are FSRS's predictions right for you?" in text
    flowing = " ".join(text.split())  # the sentence may wrap at 60 columns
    assert re.search(r"Too few reviews to judge: \d+ reviews? scored, \d+ more needed", flowing)
    assert "not fitted: studykit optimize" in flowing


def test_json_has_the_figures_and_topics_that_exist(
    studied: tuple[Path, str], clock: Clock
) -> None:
    notes, weak = studied
    done = subprocess.run(
        [sys.executable, "-m", "studykit", "--notes", str(notes), "stats", "--json"],
        capture_output=True, text=True, check=True, env={**os.environ, **clock.env},
    )  # fmt: skip
    figures = json.loads(done.stdout)
    assert set(figures) == {
        "today", "reviews_per_day", "recent_answers", "recall", "due_next_7_days",
        "due_next_30_days", "overdue", "desired_retention", "retention_by_week", "topics",
        "calibration", "mastery_horizon_days",
    }  # fmt: skip
    assert figures["mastery_horizon_days"] == 7
    calibration = figures["calibration"]  # few reviews: said, with how many more
    assert not calibration["enough"] and calibration["own"] is None
    assert calibration["more_needed"] == 200 - calibration["reviews"] > 0
    assert (
        len(figures["due_next_30_days"]) == 30
        and figures["due_next_30_days"][0][0] == (figures["today"])
    )
    assert figures["desired_retention"] == 0.9
    measured = [w for w in figures["retention_by_week"] if w["reviews"]]
    assert sum(w["reviews"] for w in measured) == sum(t["cards"] for t in figures["topics"])
    assert figures["topics"][0]["title"] == weak and figures["topics"][0]["missed"] > 0
    note = parse_note(USER_NOTE.read_text(encoding="utf-8"), USER_NOTE.name)
    slugs = {t.slug for t in note.topics}
    assert all(t["topic"] in slugs for t in figures["topics"])  # each links to its topic
    assert "━" not in done.stdout and "\x1b[" not in done.stdout
    later = subprocess.run(
        [sys.executable, "-m", "studykit", "--notes", str(notes), "stats", "--json",
         "--horizon", "30"], capture_output=True, text=True, check=True,
        env={**os.environ, **clock.env},
    )  # fmt: skip
    further = json.loads(later.stdout)
    assert further["mastery_horizon_days"] == 30
    assert further["topics"][0]["recall"] < figures["topics"][0]["recall"]  # forgotten more
