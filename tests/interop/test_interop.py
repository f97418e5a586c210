"""Anki export, the review log, FSRS parameters fitted with torch, Obsidian import."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS
from helpers import DATA, USER_NOTE

from studykit.accounts import user_id
from studykit.cards import decks
from studykit.cards.model import Card as StudyCard
from studykit.cards.model import CardKind
from studykit.cli.main import cli
from studykit.db import Database, open_store
from studykit.review import session, store
from studykit.review.model import Mode, Phase, Review
from studykit.review.model import Rating as StudyRating
from studykit.review.optimize import fit
from studykit.review.revlog import numeric_id


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    shutil.copy(USER_NOTE, tmp_path / "notes")
    shutil.copy(DATA / "cards-edge.md", tmp_path / "notes")
    return tmp_path


def _store() -> Database:
    """The store the CLI uses (in this test's STUDYKIT_HOME)."""
    return open_store()


def card(card_id: str, deck: str = "synthetic") -> StudyCard:
    return StudyCard(card_id, CardKind.QA, f"q {card_id}", f"a {card_id}", deck, f"{deck}#t", 1)


def invoke(workspace: Path, *args: str, keys: str = ""):
    argv = ["--notes", str(workspace / "notes"), *args]
    return CliRunner().invoke(cli, argv, input=keys)


def apkg_notes(path: Path) -> tuple[dict[str, tuple[str, list[str], str]], list[str], list[str]]:
    """{guid: (model name, fields, tags)}, model names, deck names of an .apkg file."""
    folder = path.with_suffix("")
    zipfile.ZipFile(path).extractall(folder)
    db = sqlite3.connect(folder / "collection.anki2")
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    notes = {
        guid: (models[str(mid)]["name"], flds.split("\x1f"), tags.strip())
        for guid, mid, flds, tags in db.execute("SELECT guid, mid, flds, tags FROM notes")
    }
    return (
        notes,
        sorted(m["name"] for m in models.values()),
        sorted(d["name"] for d in decks.values()),
    )


def test_anki_export(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    result = invoke(workspace, "export", "anki", "-o", str(out), "--quizzes", str(workspace / "q"))
    assert result.exit_code == 0, result.output
    notes, models, deck_names = apkg_notes(out)
    # the user's deck and cards-edge.md (whose one **bold** is no cloze: the note does not
    # opt in with `cloze_bold: true`)
    assert len(notes) == 16 + 9  # the user's deck (14 from the text, 2 claims) and card syntax
    assert not [f for _, fields, _ in notes.values() for f in fields if "**" in f or "__" in f]
    assert "studykit::<Day008> Naver Boostcamp AI Tech" in deck_names
    assert "studykit::Card syntax" in deck_names
    assert {"Basic (genanki)", "Basic (and reversed card) (genanki)", "Cloze (genanki)"} <= set(
        models
    )
    with _store() as db:
        cards = {c.id: c for c in store.cards(db)}
    by_guid = {genanki.guid_for("studykit", card_id): card for card_id, card in cards.items()}
    assert set(notes) == set(by_guid)
    formula = next(n for g, n in notes.items() if by_guid[g].kind == "formula")
    assert formula[1][1] == '<div class="math block">\n\\[h_t = f_w(h_(t-1), x_t)\\]\n</div>'
    assert "Naver_Boostcamp" in formula[2].split()
    assert (
        "topic::2024-08-14-boostcamp-day008::rnn-단점을-자세히-보고-transformer가-왜-나왔나-살펴보기"
        in formula[2]
    )
    cloze = [n for g, n in notes.items() if by_guid[g].kind == "cloze"]
    assert ("Cloze (genanki)", ["Attention은 {{c1::query, key, value}}로 계산한다.", ""]) in [
        (n[0], n[1]) for n in cloze
    ]
    reversed_ = [n for g, n in notes.items() if by_guid[g].reverse]
    assert {n[0] for n in reversed_} == {"Basic (and reversed card) (genanki)"}


def test_anki_guids_survive_an_edit(workspace: Path, tmp_path: Path) -> None:
    quizzes = str(workspace / "q")
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    invoke(workspace, "export", "anki", "day008#lstm", "-o", str(first), "--quizzes", quizzes)
    note = workspace / "notes" / USER_NOTE.name
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("얼마나 잊어버릴 지를 컨트롤", "잊을 양을 정한다"), "utf-8")
    invoke(workspace, "export", "anki", "day008#lstm", "-o", str(second), "--quizzes", quizzes)
    before, _, _ = apkg_notes(first)
    after, _, _ = apkg_notes(second)
    assert set(before) == set(after) and len(after) == 6
    changed = [g for g in after if before[g][1] != after[g][1]]
    assert len(changed) == 1 and after[changed[0]][1][1] == "잊을 양을 정한다"


def test_review_log_export(workspace: Path, tmp_path: Path) -> None:
    invoke(workspace, "quiz", "--limit", "1", "--quizzes", str(workspace / "q"), keys=" 1 3 q")
    as_csv = invoke(workspace, "export", "reviews")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(rows[0]) == [
        "card_id",
        "review_time",
        "review_rating",
        "review_state",
        "review_duration",
    ]
    assert [r["review_rating"] for r in rows] == ["1", "3"]
    assert [r["review_state"] for r in rows] == ["0", "1"]  # new, then learning
    assert rows[0]["card_id"] == rows[1]["card_id"]  # the card rated Again came back
    with _store() as db:
        first = store.reviews(db, user_id(db))[0]
    assert int(rows[0]["card_id"]) == numeric_id(first.card_id)
    stamp = first.reviewed_at.timestamp() * 1000
    assert int(rows[0]["review_time"]) == int(stamp)
    out = tmp_path / "log.jsonl"
    invoke(workspace, "export", "reviews", "--format", "jsonl", "-o", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines == [{k: int(v) for k, v in row.items()} for row in rows]


def synthetic_log(true_parameters: list[float], cards: int = 150, days: int = 120) -> list[Review]:
    """A learner whose memory follows `true_parameters`, scheduled by FSRS's defaults."""
    rng = random.Random(1)
    memory = Scheduler(parameters=true_parameters, enable_fuzzing=False)
    app = Scheduler(enable_fuzzing=False)
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    entries = []
    for n in range(cards):
        first = start + timedelta(days=n * days // (2 * cards), minutes=n)
        truth, shown, at = Card(card_id=n, due=first), Card(card_id=n, due=first), first
        while at < start + timedelta(days=days):
            if truth.last_review:
                recalled = rng.random() < memory.get_card_retrievability(truth, at)
                rating = rng.choice([2, 3, 3, 3, 4]) if recalled else 1
            else:
                rating = rng.choice([1, 3, 3])
            entries.append(
                Review(f"{n:x}", at, StudyRating(rating), Phase.NEW, at, 5000, Mode.FLIP)
            )
            truth, _ = memory.review_card(truth, Rating(rating), at)
            shown, _ = app.review_card(shown, Rating(rating), at)
            at = max(shown.due, at + timedelta(minutes=1))
    return entries


FORGETFUL = list(DEFAULT_PARAMETERS)
FORGETFUL[0:4] = [p * 0.25 for p in FORGETFUL[0:4]]  # a learner who forgets new cards fast
FORGETFUL[8] *= 0.6


def test_fitted_parameters_predict_held_out_reviews_better() -> None:
    result = fit(synthetic_log(FORGETFUL))
    assert result.train_reviews >= 512 and result.after.reviews > 200
    assert result.after.log_loss < result.before.log_loss
    assert result.after.rmse < result.before.rmse
    assert result.parameters != list(DEFAULT_PARAMETERS)
    assert result.parameters[0] < DEFAULT_PARAMETERS[0]  # it found the fast forgetting


def test_optimize_command_saves_and_uses_parameters(workspace: Path) -> None:
    log = synthetic_log(FORGETFUL)
    with _store() as db:
        user = user_id(db)
        store.sync_deck(db, "synthetic", [card(f"{n:x}") for n in range(150)])
        for entry in log:
            session.answer(
                db,
                user,
                card(entry.card_id),
                entry.rating,
                mode=Mode.FLIP,
                at=entry.reviewed_at,
            )
    result = invoke(workspace, "optimize")
    assert result.exit_code == 0, result.output
    assert "log loss" in result.output and "Saved for 'local'" in result.output
    with _store() as db:
        user = user_id(db)
        fitted = store.parameters(db, user)
        assert fitted and fitted[0] != DEFAULT_PARAMETERS[0]
        fresh = card("fresh", "fresh")
        store.sync_deck(db, "fresh", [fresh])
        session.answer(db, user, fresh, StudyRating.AGAIN, mode=Mode.FLIP)  # stability: w[0]
        state = store.state(db, user, "fresh")
        assert state and state["stability"] == pytest.approx(fitted[0])


def test_optimize_with_too_few_reviews_changes_nothing(workspace: Path) -> None:
    invoke(workspace, "quiz", "--quizzes", str(workspace / "q"), keys=" 3 3 q")
    result = invoke(workspace, "optimize")
    assert result.exit_code == 1
    assert "512 are needed: about 512 more. Nothing was changed." in " ".join(result.stderr.split())
    with _store() as db:
        assert store.parameters(db, user_id(db)) is None


def test_obsidian_vault_import(workspace: Path, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / ".obsidian" / "app.md").write_text("hidden::never", encoding="utf-8")
    (vault / "ML").mkdir()
    (vault / "ML" / "RNN.md").write_text(
        "#flashcards\n\n# RNN\n\nRNN의 가중치 공유란?::모든 시점에 같은 W를 쓴다\n\n"
        "LSTM:::Long Short-Term Memory <!--SR:!2024-05-01,3,250-->\n\n"
        "기울기 소실의 원인\n?\ntanh의 미분과 W_hh의 반복 곱\n\n"
        "Vanishing gradient\n??\n기울기 소실\n\n"
        "GRU는 ==update gate==와 reset gate를 쓴다.\n\n"
        "- 이건 정의: 카드가 되면 안 된다\n",
        encoding="utf-8",
    )
    (vault / "plain.md").write_text("# 메모\n\n카드 없음\n", encoding="utf-8")
    quizzes = workspace / "q"
    result = invoke(workspace, "import", "obsidian", str(vault), "--quizzes", str(quizzes))
    assert result.exit_code == 0, result.output
    assert "Imported 5 cards from 1 note." in result.output
    deck = quizzes / "obsidian-rnn.yaml"
    assert sorted(p.name for p in quizzes.iterdir()) == ["obsidian-rnn.yaml"]
    cards = [(c.kind, c.front, c.back, c.reverse) for c in decks.load(deck).cards]
    assert cards == [
        ("author", "RNN의 가중치 공유란?", "모든 시점에 같은 W를 쓴다", False),
        ("author", "LSTM", "Long Short-Term Memory", True),
        ("author", "기울기 소실의 원인", "tanh의 미분과 W_hh의 반복 곱", False),
        ("author", "Vanishing gradient", "기울기 소실", True),
        ("cloze", "GRU는 […]와 reset gate를 쓴다.", "update gate", False),
    ]
    quiz_run = invoke(workspace, "quiz", "obsidian", "--quizzes", str(quizzes), keys=" 3q")
    assert "RNN의 가중치 공유란?" in quiz_run.output
