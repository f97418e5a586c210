"""The quiz service through its ASGI app, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from click.testing import CliRunner
from fastapi.testclient import TestClient
from fsrs import Scheduler
from helpers import USER_NOTE, log_in

from studykit import accounts
from studykit.cards.extract import extract
from studykit.cli.main import cli
from studykit.config import Settings
from studykit.db import open_store
from studykit.notes.parse import decode, parse_note
from studykit.review import store
from studykit.web.app import MAX_BODY, create_app

EVIL = """# 위험한 노트

<aside onclick="steal()">
**aside** 안의 *Markdown*
<script>alert("x")</script>
</aside>

[click](javascript:alert(1)) and <img src=x onerror="steal()">
<a href="javascript:alert(2)">raw link</a>

<details><summary>정답</summary>

$$x^2$$

</details>
"""


@pytest.fixture
def service(tmp_path: Path, store_target: str):
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    (notes / "evil.md").write_text(EVIL, encoding="utf-8")
    with open_store(store_target) as db:
        tokens = {name: accounts.add_user(db, name) for name in ("ana", "ben")}
    app = create_app(Settings(notes, tmp_path / "quizzes", store_target))
    with TestClient(app) as client:
        client.tokens = tokens  # type: ignore[attr-defined]
        yield client


def auth(client: TestClient, name: str = "ana") -> dict[str, str]:
    return {"Authorization": f"Bearer {client.tokens[name]}"}  # type: ignore[attr-defined]


def test_api_needs_a_token(service: TestClient) -> None:
    response = service.get("/api/next")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Not logged in"
    wrong = service.get("/api/next", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json()["title"] == "Invalid token"


def test_notes_and_topics(service: TestClient) -> None:
    notes = service.get("/api/notes", headers=auth(service)).json()
    assert {n["slug"] for n in notes} == {"2024-08-14-boostcamp-day008", "evil"}
    note = service.get("/api/notes/2024-08-14-boostcamp-day008", headers=auth(service)).json()
    assert [t["title"] for t in note["topics"]][-1] == "QnA"
    missing = service.get("/api/notes/nope", headers=auth(service))
    assert missing.status_code == 404 and missing.json()["detail"] == "No note has the slug 'nope'."
    decks = service.get("/api/decks", headers=auth(service)).json()
    made = extract(parse_note(decode(USER_NOTE.read_bytes(), USER_NOTE.name), USER_NOTE.name))
    assert {"deck": "2024-08-14-boostcamp-day008", "cards": len(made), "claims": []} in decks


def test_each_learner_has_their_own_schedule(service: TestClient) -> None:
    first = service.get("/api/next", headers=auth(service)).json()["card"]
    assert first["front"].endswith("— formula?")
    assert "<math" in first["back_html"]
    answered = service.post(
        "/api/reviews", json={"card_id": first["id"], "rating": 3}, headers=auth(service)
    )
    assert answered.status_code == 201 and answered.json()["rating"] == 3
    assert service.get("/api/next", headers=auth(service)).json()["card"]["id"] != first["id"]
    assert (
        service.get("/api/next", headers=auth(service, "ben")).json()["card"]["id"] == first["id"]
    )
    assert service.get("/api/stats", headers=auth(service)).json()["recent_answers"] == 1
    assert service.get("/api/stats", headers=auth(service, "ben")).json()["recent_answers"] == 0


@pytest.mark.usefixtures("clock")  # the day's new cards counted across midnight and zones
def test_next_card_comes_with_counts_and_intervals(service: TestClient) -> None:
    shown = service.get("/api/next?target=day008%23lstm", headers=auth(service)).json()
    assert shown["intervals"] == {"1": "<1m", "2": "6m", "3": "10m", "4": "8d"}
    left = shown["counts"]
    assert left["learning"] == left["review"] == 0 and left["new"] > 2
    assert service.get("/api/next", headers=auth(service)).json()["counts"]["new"] == 16  # all new
    for rating in (1, 3):
        card = service.get("/api/next?target=day008%23lstm", headers=auth(service)).json()["card"]
        posted = service.post(
            "/api/reviews", json={"card_id": card["id"], "rating": rating}, headers=auth(service)
        )
        assert posted.status_code == 201
    after = service.get("/api/next?target=day008%23lstm", headers=auth(service)).json()
    # both in a learning step due within 20 minutes: counted, as the terminal counts them
    assert after["counts"] == {"new": left["new"] - 2, "learning": 2, "review": 0}
    assert service.get("/api/next?new_per_day=2", headers=auth(service)).json()["counts"] == {
        "new": 0, "learning": 2, "review": 0,
    }  # fmt: skip
    assert after["card"]["lang"] == "ko" and shown["card"]["lang"] == "ko"
    nothing = service.get("/api/next?tag=nosuchtag", headers=auth(service))
    assert nothing.status_code == 404  # no card matches: not "nothing to review"
    ben = service.get("/api/next?target=day008%23lstm", headers=auth(service, "ben")).json()
    assert ben["counts"] == left  # each learner's own


def test_intervals_are_the_learners_schedule(service: TestClient) -> None:
    """The labels are the core's intervals for this learner: fitted parameters change them."""
    with open_store(service.app.state.worker.settings.db) as db:
        fitted = [0.4, 1.2, 30.0, 60.0, *Scheduler().parameters[4:]]  # slow to forget
        store.set_parameters(db, accounts.user_id(db, "ben"), fitted)
    ana = service.get("/api/next", headers=auth(service)).json()["intervals"]
    ben = service.get("/api/next", headers=auth(service, "ben")).json()["intervals"]
    assert ana["4"] == "8d" and ben["4"] == "2mo"
    assert ana["1"] == ben["1"] == "<1m"  # learning steps do not depend on them


def test_typed_answer_is_graded_by_the_server(service: TestClient) -> None:
    cards = service.get("/api/next?target=day008%23lstm", headers=auth(service)).json()
    card = cards["card"]
    assert card["front"] == "forget gate"
    preview = service.post(
        "/api/grade", json={"card_id": card["id"], "answer": "얼마나 잊어버릴지 컨트롤"},
        headers=auth(service),
    )  # fmt: skip
    assert preview.json()["verdict"] == "near miss"
    review = service.post(
        "/api/reviews",
        json={"card_id": card["id"], "answer": "얼마나 잊어버릴지 컨트롤", "mode": "type"},
        headers=auth(service),
    )
    assert review.status_code == 201
    assert review.json()["rating"] == 2 and review.json()["grade"]["suggested_rating"] == 2


@pytest.mark.parametrize(
    ("body", "status", "title"),
    [
        ('{"card_id": "nope", "rating": 3}', 404, "No such card"),
        ('{"card_id": "x", "rating": 9}', 422, "Invalid request"),
        ("{not json", 422, "Invalid request"),
        ('{"card_id": "x"}', 404, "No such card"),
        ("[]", 422, "Invalid request"),
    ],
)
def test_bad_requests_get_problem_details(
    service: TestClient, body: str, status: int, title: str
) -> None:
    response = service.post(
        "/api/reviews", content=body, headers={**auth(service), "Content-Type": "application/json"}
    )
    assert response.status_code == status
    assert response.json()["title"] == title
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        ("mode=type", "flip"),  # RNN's formula: too long to type
        ("mode=choice", "flip"),  # the note's only formula: no other answer to offer
        ("mode=flip", "flip"),
        ("mode=type&target=day008%23lstm", "type"),  # forget gate: typed whole
        ("mode=choice&target=day008%23lstm", "choice"),  # four gates to choose among
    ],
)
def test_the_mode_a_card_is_asked_in_is_the_one_recorded(
    service: TestClient, query: str, asked: str
) -> None:
    """A card that cannot be asked in the session's mode is flipped, says /api/next, and
    the quiz page records its answer so (stats of typed answers count typed ones only)."""
    shown = service.get(f"/api/next?{query}", headers=auth(service)).json()
    assert shown["asked"] == asked
    sent = {"card_id": shown["card"]["id"], "rating": 3, "mode": shown["asked"]}
    assert service.post("/api/reviews", json=sent, headers=auth(service)).status_code == 201
    with open_store(service.app.state.worker.settings.db) as db:
        last = db.execute("SELECT mode FROM reviews ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == asked


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "errors"),
    [
        ("GET", "/api/next?mode=bogus&new_per_day=-1", {}, None,
         [["query", "mode"], ["query", "new_per_day"]]),
        ("GET", "/api/next?target=" + "x" * 201, {}, None, [["query", "target"]]),
        ("POST", "/api/reviews", {"Content-Type": "application/json"}, "", [["body"]]),
        ("POST", "/api/reviews", {"Content-Type": "text/plain"}, '{"card_id": "x"}', [["body"]]),
        ("POST", "/api/reviews", {"Content-Type": "application/json"}, '{"card_id": "x",'
         ' "rating": true}', [["body", "rating"]]),
        ("POST", "/api/reviews", {"Content-Type": "application/json", "Idempotency-Key": " "},
         '{"card_id": "x", "rating": 3}', [["header", "idempotency-key"]]),
        ("POST", "/api/reviews", {"Content-Type": "application/json", "Idempotency-Key": ""},
         '{"card_id": "", "rating": 3}', [["body", "card_id"], ["header", "idempotency-key"]]),
    ],
)  # fmt: skip
def test_the_answer_paths_422s_name_the_part_and_field(
    service: TestClient,
    method: str,
    path: str,
    headers: dict[str, str],
    body: str | None,
    errors: list[list[str]],
) -> None:
    """`/api/next` and `/api/reviews` validate without FastAPI's solver (deps.Direct), and
    say what is wrong as every other route does: each part and field at fault."""
    response = service.request(method, path, headers={**auth(service), **headers}, content=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["loc"] for e in response.json()["errors"]] == errors


def test_request_bodies_are_bounded(service: TestClient) -> None:
    big = '{"card_id": "x", "answer": "' + "가" * MAX_BODY + '"}'
    response = service.post(
        "/api/reviews", content=big, headers={**auth(service), "Content-Type": "application/json"}
    )
    assert response.status_code == 413


def login(service: TestClient) -> str:
    """Log in with the token pasted in the login form; returns the pages' CSRF token."""
    log_in(service, service.tokens["ana"])  # type: ignore[attr-defined]
    page = service.get("/quiz")
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_session_writes_need_the_csrf_token(service: TestClient) -> None:
    csrf = login(service)
    card = service.get("/api/next").json()["card"]
    refused = service.post("/api/reviews", json={"card_id": card["id"], "rating": 3})
    assert refused.status_code == 403
    accepted = service.post(
        "/api/reviews", json={"card_id": card["id"], "rating": 3}, headers={"X-CSRF-Token": csrf}
    )
    assert accepted.status_code == 201


def test_logout_form_needs_the_csrf_token(service: TestClient) -> None:
    csrf = login(service)
    assert service.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert service.get("/stats").status_code == 200  # still logged in
    out = service.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    assert service.get("/stats", follow_redirects=False).headers["location"] == "/login"


def test_pages_need_a_login(service: TestClient) -> None:
    response = service.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    form = service.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    bad = service.post("/login", data={"csrf": csrf, "code": "nope"})
    assert bad.status_code == 401 and "not valid" in bad.text


def test_note_page_renders_math_korean_and_claims(service: TestClient) -> None:
    login(service)
    page = service.get("/notes/2024-08-14-boostcamp-day008")
    assert page.status_code == 200
    assert "<h1><Day008>" not in page.text and "&lt;Day008&gt; Naver Boostcamp AI Tech" in page.text
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in page.text
    assert 'id="lstm"' in page.text and 'href="#lstm"' in page.text
    assert "하나도 안 잊는다" in page.text


def test_raw_html_in_notes_is_sanitised(service: TestClient) -> None:
    login(service)
    page = service.get("/notes/evil").text
    article = page[page.index("<article>") :]
    assert "<aside>" in article and "<details>" in article and "<summary>정답</summary>" in article
    for bad in ("<script", "onclick=", "onerror=", 'href="javascript', "alert(2)"):
        assert bad not in article
    assert "raw link" in article  # the link's text stays, its target does not
    assert "<math" in article


def test_no_path_outside_the_notes_is_served(service: TestClient) -> None:
    login(service)
    for path in ("/notes/..%2F..%2Fetc%2Fpasswd", "/notes/../../etc/passwd", "/notes/%2e%2e"):
        response = service.get(path)
        assert response.status_code == 404 and "root:" not in response.text


def test_search_quiz_and_stats_pages(service: TestClient) -> None:
    login(service)
    found = service.get("/search?q=forget gate").text
    assert "lstm" in found and "얼마나 잊어버릴 지를 컨트롤" in found
    assert 'data-mode="type"' in service.get("/quiz?mode=type").text
    assert "Reviews per day" in service.get("/stats").text


def test_openapi_document(service: TestClient) -> None:
    paths = service.get("/openapi.json").json()["paths"]
    assert {"/api/notes", "/api/next", "/api/reviews", "/api/grade", "/api/stats"} <= set(paths)


def test_serving_beyond_loopback_without_users_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--notes", str(USER_NOTE.parent), "--db", str(tmp_path / "s.db"), "serve",
              "--host", "0.0.0.0"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0 with no user" in result.output


FUZZ_DIR = tempfile.TemporaryDirectory(prefix="studykit-fuzz-")
"""Where the fuzzed app keeps its notes and store; removed when the test run ends (the
schema is loaded at import, before any pytest fixture exists)."""


def _fuzz_target() -> tuple[object, str]:
    """An app over a copy of the bundled notes in a temporary folder, and a token for it."""
    folder = Path(FUZZ_DIR.name)
    shutil.copytree(USER_NOTE.parent, folder / "notes")
    target = str(folder / "fuzz.sqlite3")
    with open_store(target) as db:
        token = accounts.add_user(db, "fuzz")
    return create_app(Settings(folder / "notes", folder / "quizzes", target)), token


FUZZ_APP, FUZZ_TOKEN = _fuzz_target()
fuzzed = schemathesis.openapi.from_asgi("/openapi.json", FUZZ_APP)


@fuzzed.parametrize()
def test_api_fuzzing_finds_no_server_error(case) -> None:
    response = case.call(headers={"Authorization": f"Bearer {FUZZ_TOKEN}"})
    assert response.status_code < 500, response.text


def test_cli_and_service_share_one_sqlite_file(tmp_path: Path) -> None:
    notes, db = tmp_path / "notes", str(tmp_path / "shared.sqlite3")
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    with open_store(db) as connection:
        token = accounts.add_user(connection, "ana")
    app = create_app(Settings(notes, tmp_path / "quizzes", db))
    with TestClient(app) as client:
        headers = {"Authorization": f"Bearer {token}"}
        card = client.get("/api/next", headers=headers).json()["card"]
        quizzed = CliRunner().invoke(
            cli, ["--notes", str(notes), "--db", db, "quiz", "--quizzes", str(tmp_path / "q")],
            input=" 3q",
        )  # fmt: skip
        assert quizzed.exit_code == 0, quizzed.output
        posted = client.post(
            "/api/reviews", json={"card_id": card["id"], "rating": 4}, headers=headers
        )
        assert posted.status_code == 201
    with open_store(db) as connection:  # the terminal acted for ana, the one with a login
        assert store.reviews(connection, accounts.user_id(connection)) == []
        ana = accounts.user_id(connection, "ana")
        assert [r.rating for r in store.reviews(connection, ana)] == [3, 4]


def test_core_errors_become_problem_details(tmp_path: Path) -> None:
    app = create_app(Settings(tmp_path / "gone", tmp_path / "q", str(tmp_path / "s.sqlite3")))
    with open_store(tmp_path / "s.sqlite3") as db:
        token = accounts.add_user(db, "ana")
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/notes", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Server error" and "gone" not in response.text


def test_note_page_shows_claim_verdicts_and_their_readings(tmp_path: Path) -> None:
    notes, db = tmp_path / "notes", str(tmp_path / "s.sqlite3")
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    checked = CliRunner().invoke(cli, ["--notes", str(notes), "--db", db, "check"])
    assert checked.exit_code == 0, checked.output
    with open_store(db) as connection:
        token = accounts.add_user(connection, "ana")
    with TestClient(create_app(Settings(notes, tmp_path / "q", db))) as client:
        log_in(client, token)
        page = client.get("/notes/2024-08-14-boostcamp-day008").text
    assert 'data-verdict="partly">RNN과 똑같이 작동하게 할 수 있다.' in page
    assert "<strong>rnn-step</strong> forget 0, input 1, output 1" in page
    folded = '<details><summary class="fence-info" data-verdict="verified">check <strong>rnn-step'
    assert folded in page  # folded under its verdict
    assert '<p data-verdict="partly" class="claim">RNN과' in page  # the badge on its own line


def test_a_selection_that_matches_no_card_says_so(service: TestClient) -> None:
    missing = service.get("/api/next?tag=nosuchtag", headers=auth(service))
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No card matches tag nosuchtag."
    assert service.get("/api/next?tag=daily%20report", headers=auth(service)).json()["card"]


def test_the_rest_of_a_long_answer_comes_with_the_card(service: TestClient, tmp_path: Path) -> None:
    note = tmp_path / "notes" / USER_NOTE.name  # the master class's Q&A, kept on purpose
    text = note.read_text(encoding="utf-8").replace("---\n", "---\nkeep_personal: true\n", 1)
    note.write_text(text, encoding="utf-8")
    card = service.get("/api/next?target=day008%23qna", headers=auth(service)).json()["card"]
    assert "파이토치" in card["back_html"] and "LLM이 가장 걱정이다." in card["more_html"]
