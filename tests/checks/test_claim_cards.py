"""Cards and claims joined: a card stating a claim the note's checks have not verified says
so after its answer, in the terminal and on the web, and is never the right answer of a
choice."""

from __future__ import annotations

import json
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
