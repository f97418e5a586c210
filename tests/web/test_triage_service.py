"""Two learners on one service, on SQLite and PostgreSQL (issue 24): what one settles on the
triage page (a suspension, their own copy of a card) is theirs alone; their copy is the card
/api/next gives them and what their typed answer is graded against; an author's later edit
leaves the copy asked and shows the author's new text on the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers import USER_NOTE, log_in

from studykit import accounts
from studykit.cards import decks
from studykit.config import Settings
from studykit.db import open_store
from studykit.review import store
from studykit.review.sync import sync
from studykit.web.app import create_app


@pytest.fixture
def learners(tmp_path: Path, store_target: str):
    """(ana's client, logged in on the pages; ben's client; their tokens; the settings)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    with open_store(store_target) as db:
        tokens = {name: accounts.add_user(db, name) for name in ("ana", "ben")}
    settings = Settings(notes, tmp_path / "quizzes", store_target)
    app = create_app(settings)
    with TestClient(app) as ana, TestClient(app) as ben:
        log_in(ana, tokens["ana"])
        log_in(ben, tokens["ben"])
        yield ana, ben, tokens, settings


def next_card(client: TestClient, token: str) -> dict[str, str]:
    found = client.get("/api/next", headers={"Authorization": f"Bearer {token}"})
    assert found.status_code == 200, found.text
    card: dict[str, str] = found.json()["card"]
    return card


def triage(client: TestClient) -> tuple[str, int]:
    """The triage page's CSRF token and how many cards it has left to settle."""
    page = client.get("/triage").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)
    left = re.search(r"Card \d+ of (\d+)", page)
    assert csrf and left, page
    return csrf[1], int(left[1])


def test_one_learners_triage_is_theirs_alone(learners) -> None:
    ana, ben, tokens, settings = learners
    csrf, ana_left = triage(ana)
    _, ben_left = triage(ben)
    first = next_card(ben, tokens["ben"])
    copy = {"csrf": csrf, "action": "copy", "front": "내 질문", "back": "게이트가 정보를 거른다"}
    done = ana.post(f"/triage/{first['id']}", data=copy, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/triage?")
    with open_store(settings.db) as db:
        other = next(c.id for c in store.cards(db) if c.id != first["id"])  # to suspend
    done = ana.post(f"/triage/{other}", data={"csrf": csrf, "action": "suspend"})
    assert done.status_code == 200 and "Suspended" in done.text  # after the redirect

    assert triage(ana)[1] == ana_left - 2 and triage(ben)[1] == ben_left
    mine, theirs = next_card(ana, tokens["ana"]), next_card(ben, tokens["ben"])
    assert (mine["id"], mine["front"], mine["back"]) == (first["id"], "내 질문", copy["back"])
    assert (theirs["front"], theirs["back"]) == (first["front"], first["back"])
    for client, name, verdict in ((ana, "ana", "correct"), (ben, "ben", "wrong")):
        graded = client.post(
            "/api/grade",
            json={"card_id": first["id"], "answer": copy["back"]},
            headers={"Authorization": f"Bearer {tokens[name]}"},
        )
        assert graded.json()["verdict"] == verdict, (name, graded.json())
    answered = ana.post(
        "/api/reviews",
        json={"card_id": first["id"], "answer": copy["back"]},
        headers={"Authorization": f"Bearer {tokens['ana']}"},
    )
    assert answered.status_code == 201 and answered.json()["grade"]["verdict"] == "correct"
    with open_store(settings.db) as db:
        ben_id = accounts.user_id(db, "ben")
        assert store.suspended(db, ben_id) == set() and store.copies(db, ben_id) == []

    # the author edits the card: ana's copy is still asked, the page shows the new text
    path = settings.quizzes / f"{first['deck']}.yaml"
    deck = decks.load(path)
    card = next(c for c in deck.cards if c.id == first["id"])
    card.back, card.locked = "저자가 고친 답", True
    decks.write(deck, settings.quizzes)
    with open_store(settings.db) as db:
        sync(db, settings.notes, settings.quizzes)
        ana_id = accounts.user_id(db, "ana")
        assert store.card(db, first["id"], ana_id).back == copy["back"]
        assert store.card(db, first["id"], ben_id).back == "저자가 고친 답"
    page = ana.get("/triage").text
    assert "The author has changed this card" in page and "저자가 고친 답" in page

    dropped = ana.post(f"/triage/{first['id']}", data={"csrf": csrf, "action": "drop"})
    assert dropped.status_code == 200 and "Your copies" not in dropped.text
    with open_store(settings.db) as db:
        assert store.card(db, first["id"], ana_id).back == "저자가 고친 답"


def test_triage_forms_need_the_csrf_token_and_both_sides(learners) -> None:
    ana, ben, tokens, _ = learners
    csrf, _ = triage(ana)
    card = next_card(ben, tokens["ben"])["id"]
    assert ana.post(f"/triage/{card}", data={"action": "keep"}).status_code == 403
    empty = {"csrf": csrf, "action": "copy", "front": "앞", "back": " "}
    assert ana.post(f"/triage/{card}", data=empty).status_code == 422
    assert ana.post(f"/triage/{card}", data={"csrf": csrf, "action": "x"}).status_code == 422
    assert ana.post("/triage/nope", data={"csrf": csrf, "action": "keep"}).status_code == 404


def test_the_api_triages_for_the_token_holder_alone(learners) -> None:
    ana, ben, tokens, _ = learners
    bearer = {name: {"Authorization": f"Bearer {token}"} for name, token in tokens.items()}
    pending = ana.get("/api/triage", headers=bearer["ana"]).json()
    assert [p["quality"] for p in pending] == sorted(p["quality"] for p in pending)
    first, second = pending[0]["id"], pending[1]["id"]
    copy = {"action": "copy", "front": "내 질문", "back": "내 답"}
    done = ana.post(f"/api/cards/{first}/triage", json=copy, headers=bearer["ana"])
    assert done.json() == {"card_id": first, "front": "내 질문", "back": "내 답", "copied": True}
    ana.post(f"/api/cards/{second}/triage", json={"action": "suspend"}, headers=bearer["ana"])
    left = [p["id"] for p in ana.get("/api/triage", headers=bearer["ana"]).json()]
    assert first not in left and second not in left and len(left) == len(pending) - 2
    assert len(ben.get("/api/triage", headers=bearer["ben"]).json()) == len(pending)
    dropped = ana.post(f"/api/cards/{first}/triage", json={"action": "drop"}, headers=bearer["ana"])
    assert dropped.json()["copied"] is False and dropped.json()["back"] == pending[0]["back"]

    refused = ana.post(f"/api/cards/{first}/triage", json={"action": "keep"})  # session only
    assert refused.status_code == 403
    empty = {"action": "copy", "front": "앞", "back": ""}
    assert (
        ana.post(f"/api/cards/{first}/triage", json=empty, headers=bearer["ana"]).status_code == 422
    )
    missing = ana.post("/api/cards/nope/triage", json={"action": "keep"}, headers=bearer["ana"])
    assert missing.status_code == 404
    assert ana.get("/api/triage?target=nosuchdeck", headers=bearer["ana"]).status_code == 404
