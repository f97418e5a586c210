"""Cards and claims joined: a card stating a claim the note's checks have not verified says
so after its answer, in the terminal and on the web, and is never the right answer of a
choice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from studykit import accounts
from studykit.cli.main import cli
from studykit.config import Settings, default_db
from studykit.db import open_store
from studykit.web.app import create_app

NOTE = """\
# 거듭제곱

- x^k: 1이 아니면 발산하거나 0으로 수렴한다

```python check name=minus-one expect=refute claim="1이 아니면 발산하거나 0으로 수렴한다"
# every x other than 1 diverges or goes to 0
assert abs((-1.0) ** 2000) != 1, "(-1)^k stays at 1 in size"
```

- 0.5^k: 0으로 수렴한다

```python check name=half claim="0으로 수렴한다"
# 0.5^k goes to 0
assert 0.5**2000 < 1e-300
```

- 2^k: 무한히 커진다
- 1^k: 항상 1이다
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "powers.md").write_text(NOTE, encoding="utf-8")
    checked = CliRunner().invoke(cli, ["--notes", str(notes), "check", "--json"])
    verdicts = {r["check"]: r["claim_verdict"] for r in json.loads(checked.stdout)}
    assert verdicts == {"거듭제곱::minus-one": "refuted", "거듭제곱::half": "verified"}
    return tmp_path


def quiz(folder: Path, *args: str, keys: str) -> str:
    argv = ["--notes", str(folder / "notes"), "quiz", "--quizzes", str(folder / "q"), *args]
    result = CliRunner().invoke(cli, argv, input=keys)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_terminal_shows_the_verdict_after_the_answer(folder: Path) -> None:
    shown = " ".join(quiz(folder, keys=" 3 3 3 3 q").split())
    refuted = shown.index("✗ refuted 1이 아니면 발산하거나 0으로 수렴한다")
    assert shown.index("answer 1이 아니면 발산하거나") < refuted
    assert "every x other than 1 diverges or goes to 0" in shown[refuted:]
    assert "✓ verified 0으로 수렴한다" in shown


def test_choice_mode_never_offers_a_refuted_claim(folder: Path) -> None:
    shown = " ".join(quiz(folder, "--mode", "choice", keys=" 3 q").split())
    assert "its answer states a claim the checks have not verified" in shown
    with open_store() as db:
        token = accounts.add_user(db, "ana")
    app = create_app(Settings(folder / "notes", folder / "q", default_db()))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        offered: list[str] = []
        for _ in range(4):
            data = client.get("/api/next?mode=choice", headers=headers).json()
            card = data["card"]
            offered += data["choices"]
            if "발산하거나" in card["back"]:
                assert data["choices"] == []
                (claim,) = [c for c in card["claims"] if c["verdict"] == "refuted"]
                assert claim["readings"][0]["check"] == "minus-one"
            client.post("/api/reviews", json={"card_id": card["id"], "rating": 4}, headers=headers)
    assert offered  # a refuted claim may be offered as a wrong choice, never as the right one


def test_a_checked_claim_asked_as_a_card_of_its_own(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "sums.md").write_text(
        "# 합\n\n두 홀수의 합은 짝수다.\n\n"
        '```python check name=odd card="두 홀수의 합은 홀수일까 짝수일까?"\n'
        "assert all((a + b) % 2 == 0 for a in range(1, 99, 2) for b in range(1, 99, 2))\n```\n",
        encoding="utf-8",
    )
    CliRunner().invoke(cli, ["--notes", str(notes), "check"])
    shown = " ".join(quiz(tmp_path, keys=" 3 q").split())
    assert "두 홀수의 합은 홀수일까 짝수일까?" in shown
    assert shown.index("answer 두 홀수의 합은 짝수다.") < shown.index(
        "✓ verified 두 홀수의 합은 짝수다."
    )


@pytest.fixture(scope="module")
def two_notes_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The two notes with true, false and partly true claims, checked once: (notes, its
    database)."""
    from helpers import DATA

    notes = tmp_path_factory.mktemp("claims") / "notes"
    shutil.copytree(DATA / "checks", notes)
    home = tmp_path_factory.mktemp("claims-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDYKIT_HOME", str(home))
        CliRunner().invoke(cli, ["--notes", str(notes), "check"])
    return notes, home / "studykit.sqlite3"


@pytest.fixture
def claimed(two_notes_home: tuple[Path, Path], tmp_path: Path, studykit_home: Path) -> Path:
    notes = tmp_path / "notes"
    shutil.copytree(two_notes_home[0], notes)
    shutil.copy(two_notes_home[1], studykit_home / "studykit.sqlite3")
    return notes


FALSE = {"tanh의 출력도", "GRU는 LSTM보다", "dropout은 추론 때", "Batch norm은 추론 때도"}
PARTLY = {"ReLU는 vanishing", "weight decay는 L2"}


def test_choice_mode_offers_only_verified_claims_as_right(claimed: Path, tmp_path: Path) -> None:
    from studykit.checks import ledger
    from studykit.review import session, store
    from studykit.review.sync import sync

    with open_store() as db:
        sync(db, claimed, tmp_path / "q")
        claims = ledger.claims_now(db, claimed)
        offered = {
            c.back: session.choices(db, c, fit=ledger.choosable(claims)) for c in store.cards(db)
        }
        token = accounts.add_user(db, "ana")
    for false in FALSE | PARTLY:  # never the right answer: the card gets no choices
        (back,) = [b for b in offered if false in b]
        assert offered[back] == []
    asked = [choices for choices in offered.values() if choices]
    assert len(asked) >= 4  # verified claims are asked, among the others
    for choices in asked:  # a partly true claim is never a wrong choice; a false one may be
        assert not any(p in choice for choice in choices for p in PARTLY)
    app = create_app(Settings(claimed, tmp_path / "q", default_db()))
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(app) as client:
        data = client.get("/api/next?mode=choice&new_per_day=100", headers=headers).json()
        card = data["card"]
        if any(c["verdict"] != "verified" for c in card["claims"]):
            assert data["choices"] == []
        else:
            assert card["back"] in data["choices"]
        for claim in card["claims"]:
            assert claim["verdict"] and claim["readings"]
        decks = {d["deck"]: d for d in client.get("/api/decks", headers=headers).json()}
    listed = {c["text"]: c for d in decks.values() for c in d["claims"]}
    assert listed["dropout은 추론 때 출력에 p를 곱한다."]["verdict"] == "refuted"
    assert listed["dropout은 추론 때 출력에 p를 곱한다."]["cards"]
    assert listed["weight decay는 L2 정규화와 같다."]["verdict"] == "partly"


def test_the_terminal_marks_each_false_claim_after_its_answer(claimed: Path) -> None:
    folder = claimed.parent
    shown = " ".join(quiz(folder, "--mode", "choice", keys=" 1" * 13 + " q").split())
    for mark in ("✗ refuted GRU는 LSTM보다 파라미터가 많다.", "◐ partly ReLU는 vanishing"):
        assert mark in shown
    assert "negative inputs get a gradient of 0" not in shown  # details stay in the ledger
    assert "every input gets a gradient of 1" in shown  # the refuted reading is shown


def test_cards_json_carries_claims_with_verdicts(claimed: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--notes", str(claimed), "cards", "2024-08-22-boostcamp-day013", "--json"]
    )
    cards = json.loads(result.stdout)
    dropout = next(c for c in cards if c["back"] == "dropout은 추론 때 출력에 p를 곱한다.")
    assert [(c["verdict"], c["readings"][0]["verdict"]) for c in dropout["claims"]] == [
        ("refuted", "refuted")
    ]


def test_the_anki_export_shows_verdicts_and_tags_them(claimed: Path, tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    out = tmp_path / "deck.apkg"
    argv = ["--notes", str(claimed), "export", "anki", "-o", str(out), "--quizzes", str(tmp_path)]
    assert CliRunner().invoke(cli, argv).exit_code == 0
    zipfile.ZipFile(out).extractall(tmp_path / "apkg")
    db = sqlite3.connect(tmp_path / "apkg" / "collection.anki2")
    notes = [
        (flds.split("\x1f"), tags.split())
        for flds, tags in db.execute("SELECT flds, tags FROM notes")
    ]
    dropout = next(n for n in notes if n[0][1] == "dropout은 추론 때 출력에 p를 곱한다.")
    assert "claim::refuted" in dropout[1] and "at inference the output" in dropout[0][2]
    true = next(n for n in notes if n[0][1] == "dropout은 학습 때 일부 뉴런을 0으로 만든다.")
    assert len(true[0]) == 2 and not any(t.startswith("claim::") for t in true[1])
