"""The quiz service attacked as the security review did: a real `studykit serve` on loopback,
on SQLite and on PostgreSQL, each finding of the review replayed (issue 12)."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import os
import re
import socket
import ssl
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
import psycopg
import pytest
from helpers import NOTES, PG_URL, Served, follow_link, free_port, running_service
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect

from studykit import accounts
from studykit.db import open_store
from studykit.web.deps import Pool, Problem


@pytest.fixture
def service(tmp_path: Path, store_target: str) -> Iterator[Served]:
    with running_service(tmp_path, db=store_target) as served:
        yield served


def bearer(served: Served) -> dict[str, str]:
    return {"Authorization": f"Bearer {served.token}"}


def browser_login(served: Served, client: httpx.Client, link: str | None = None) -> str:
    """Log in as a browser does with a login link (`/login#CODE`: the page's script posts
    the code with the form's CSRF token); returns the pages' CSRF token."""
    code = urlsplit(link or served.link).fragment
    form = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)[1]  # type: ignore[index]
    done = client.post("/login", data={"csrf": csrf, "code": code}, follow_redirects=True)
    assert done.status_code == 200 and done.url.path == "/", done.text
    return re.search(r'name="csrf-token" content="([^"]+)"', done.text)[1]  # type: ignore[index]


def first_card(served: Served) -> str:
    found = httpx.get(f"{served.base}/api/next", headers=bearer(served), timeout=30).json()
    return str(found["card"]["id"])


def reviews_with(store: str, key: str | None = None) -> int:
    with open_store(store) as db:
        if key is None:
            return int(db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
        query = "SELECT COUNT(*) FROM reviews WHERE answer_key = ?"
        return int(db.execute(query, (key,)).fetchone()[0])


# --- 1. connections: bounded per worker, given back ---------------------------------------


def test_a_burst_never_opens_more_connections_than_the_pool(tmp_path: Path, postgres_url: str):
    def connections(pid: int) -> int:
        query = "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s"
        with psycopg.connect(PG_URL) as admin:
            return int(admin.execute(query, (f"studykit {pid}",)).fetchone()[0])

    with running_service(tmp_path, "--pool-size", "3", db=postgres_url) as served:
        card, pid = first_card(served), served.process.pid
        peak = 0

        async def burst() -> list[int]:
            nonlocal peak
            async with httpx.AsyncClient(
                base_url=served.base, headers=bearer(served), timeout=60
            ) as client:
                sent = [
                    client.post("/api/grade", json={"card_id": card, "answer": "x" * 3000})
                    for _ in range(130)
                ]
                watched = asyncio.gather(*sent)
                while not watched.done():
                    peak = max(peak, await asyncio.to_thread(connections, pid))
                return [r.status_code for r in await watched]

        codes = asyncio.run(burst())
        after = connections(pid)
    assert set(codes) <= {200, 503} and codes.count(200) > 0, codes
    assert 1 <= peak <= 3 and after <= 3, (peak, after)
    assert connections(pid) == 0  # all closed when the service stops


def test_an_exhausted_pool_answers_503_with_retry_after(tmp_path: Path) -> None:
    pool = Pool(str(tmp_path / "s.sqlite3"), size=1)
    pool.WAIT = 0.05

    async def two_at_once() -> Problem:
        held = await pool.take()
        try:
            with pytest.raises(Problem) as refused:
                await pool.take()
        finally:
            pool.give_back(held)
        again = await pool.take()  # given back: usable again
        pool.give_back(again)
        return refused.value

    refused = asyncio.run(two_at_once())
    pool.close()
    assert refused.status == 503 and refused.retry_after == 1


# --- 2. no signing key; private files ---------------------------------------------------------


def test_no_secret_in_the_database_and_private_files(tmp_path: Path) -> None:
    store = tmp_path / "data" / "store.sqlite3"
    with running_service(tmp_path, db=str(store)) as served:
        first_card(served)
        with open_store(store) as db:
            assert db.get("service.secret") is None
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o700  # the data directory


# --- 3. sessions end at logout and at revocation, in every worker ----------------------------


def test_logout_ends_the_session_for_good(service: Served) -> None:
    with httpx.Client(base_url=service.base, timeout=30) as browser:
        csrf = browser_login(service, browser)
        cookie = browser.cookies["studykit"]
        assert browser.get("/api/stats").status_code == 200
        browser.post("/logout", data={"csrf": csrf})
    stolen = httpx.get(f"{service.base}/api/stats", cookies={"studykit": cookie}, timeout=30)
    assert stolen.status_code == 401


def test_revoking_a_learner_locks_them_out_of_every_worker_at_once(tmp_path: Path, store_target):
    with (
        running_service(tmp_path, "--workers", "2", db=store_target) as served,
        httpx.Client(base_url=served.base, timeout=30) as browser,
    ):
        browser_login(served, browser)
        for _ in range(6):  # both workers have seen the token and the session
            assert browser.get("/api/stats").status_code == 200
            assert httpx.get(f"{served.base}/api/stats", headers=bearer(served)).is_success
        studykit(tmp_path, store_target, "user", "revoke", "me")
        for _ in range(6):
            assert browser.get("/api/stats").status_code == 401
            refused = httpx.get(f"{served.base}/api/stats", headers=bearer(served))
            assert refused.status_code == 401


def studykit(folder: Path, store: str, *args: str) -> str:
    env = {**os.environ, "STUDYKIT_HOME": str(folder / "home")}
    done = subprocess.run(
        [sys.executable, "-m", "studykit", "--notes", str(folder / "notes"), "--db", store, *args],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def test_a_cookie_for_no_live_session_is_401(service: Served) -> None:
    forged = httpx.get(f"{service.base}/api/stats", cookies={"studykit": "forged"}, timeout=30)
    assert forged.status_code == 401 and forged.json()["title"] == "Not logged in"
    page = httpx.get(f"{service.base}/stats", cookies={"studykit": "forged"}, timeout=30)
    assert page.status_code == 303 and page.headers["location"] == "/login"


# --- 4. login links: one-time, short-lived, not the token, in no log -------------------------


def test_a_login_link_works_once_and_is_not_the_token(service: Served) -> None:
    code = urlsplit(service.link).fragment
    assert code and code != service.token and "token" not in service.link
    with httpx.Client(base_url=service.base, timeout=30) as first:
        browser_login(service, first)
    with httpx.Client(base_url=service.base, timeout=30) as second:
        form = second.get("/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)[1]  # type: ignore[index]
        again = second.post("/login", data={"csrf": csrf, "code": code})
    assert again.status_code == 401 and "not valid" in again.text


def test_an_expired_login_link_lets_no_one_in(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.sqlite3") as db:
        user = accounts.user_id(db, "me")
        assert accounts.use_login_code(db, accounts.login_code(db, user, minutes=0)) is None
        assert accounts.use_login_code(db, accounts.login_code(db, user)) == (user, "me")


def test_the_access_log_can_be_left_to_a_proxy(tmp_path: Path) -> None:
    """`--no-access-log`: requests answered, none of them logged (a proxy logs them)."""
    with running_service(tmp_path, "--no-access-log") as quiet:
        answered = httpx.get(f"{quiet.base}/api/stats", headers={"Authorization":
                             f"Bearer {quiet.token}"}, timeout=30)  # fmt: skip
        assert answered.status_code == 200
        assert "studykit on http" in quiet.log.read_text()
        assert "/api/stats" not in quiet.log.read_text()


def test_no_secret_reaches_the_log(service: Served) -> None:
    with httpx.Client(base_url=service.base, timeout=30) as browser:
        browser.get(f"/login?token={service.token}")  # an old-style link, pasted by habit
        browser_login(service, browser)
    studykit_log = service.log.read_text()
    assert "GET /login?token=***" in studykit_log
    for secret in (service.token, urlsplit(service.link).fragment):
        assert secret not in studykit_log


# --- 5. grading is bounded: see tests/review/test_grading.py and bench/grading_bench.py ----


def test_a_long_answer_is_graded_at_once(service: Served) -> None:
    card = first_card(service)
    answers = ["ㅋ" * 4000, "기울기" * 1333]
    for answer in answers:
        graded = httpx.post(
            f"{service.base}/api/grade", headers=bearer(service), timeout=5,
            json={"card_id": card, "answer": answer},
        )  # fmt: skip
        assert graded.status_code == 200 and graded.json()["verdict"] == "wrong"


# --- 6. TLS, and plain HTTP beyond loopback -------------------------------------------------


def test_tls_serves_secure_cookies(tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    trusted = ssl.create_default_context(cafile=cert)
    with running_service(tmp_path, "--certfile", str(cert), "--keyfile", str(key)) as served:
        assert served.base.startswith("https://")
        with httpx.Client(base_url=served.base, verify=trusted, timeout=30) as browser:
            browser_login(served, browser)
            assert browser.get("/api/stats").status_code == 200
        form = httpx.get(f"{served.base}/login", verify=trusted, timeout=30)
        assert "secure" in form.headers["set-cookie"].lower()


def test_plain_http_cookies_are_not_secure_and_beyond_loopback_warns(tmp_path: Path) -> None:
    with running_service(tmp_path, "--host", "0.0.0.0") as served:
        form = httpx.get(f"{served.base}/login", timeout=30)
        assert "secure" not in form.headers["set-cookie"].lower()  # a LAN login still works
        with httpx.Client(base_url=served.base, timeout=30) as browser:
            browser_login(served, browser)
    assert "Warning: serving plain HTTP on 0.0.0.0" in served.log.read_text()


# --- 7. text a database cannot store; unexpected errors ------------------------------------


def test_nul_and_lone_surrogates_are_refused_with_422(service: Served) -> None:
    card = first_card(service)
    sent = [
        ("POST", "/api/reviews", {"card_id": card, "answer": "a\u0000b"}),
        ("POST", "/api/reviews", {"card_id": "x\u0000", "rating": 3}),
        ("POST", "/api/grade", {"card_id": card, "answer": "\ud800"}),
        ("GET", "/api/next?target=a%00b", None),
        ("GET", "/api/next?tag=%00", None),
    ]
    for method, path, body in sent:
        content = None if body is None else _json(body)
        response = httpx.request(
            method, service.base + path, content=content, timeout=30,
            headers={**bearer(service), "Content-Type": "application/json"},
        )  # fmt: skip
        assert response.status_code == 422, (path, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def _json(body: dict[str, object]) -> bytes:
    """JSON as a client may send it: a lone surrogate escaped, which json.dumps allows."""
    import json

    return json.dumps(body).encode()


def damage_schedule(service: Served, store_target: str) -> None:
    """A schedule no code wrote for `me`'s first card: the store is damaged (a 500 to come)."""
    card = first_card(service)
    with open_store(store_target) as db:
        me = accounts.user_id(db, "me")
        with db.transaction() as tx:
            tx.execute(
                "INSERT INTO card_state VALUES (?, ?, ?, ?, ?)",
                (me, card, "2000-01-01T00:00:00+00:00", "{not json", 2),
            )


def test_an_unexpected_error_is_a_problem_with_a_request_id(service: Served, store_target):
    damage_schedule(service, store_target)
    broken = httpx.get(f"{service.base}/api/next", headers=bearer(service), timeout=30)
    assert broken.status_code == 500
    assert broken.headers["content-type"] == "application/problem+json"
    request_id = broken.json()["request_id"]
    time.sleep(0.5)
    assert f"request {request_id}" in service.log.read_text()
    assert "Traceback" in service.log.read_text()


# --- 8. headers, login CSRF, rate limit, masked passwords, body limit, strict types, docs ---


def test_every_response_carries_the_security_headers(service: Served) -> None:
    with httpx.Client(base_url=service.base, timeout=30) as browser:
        browser_login(service, browser)
        for path in ("/", "/quiz", "/api/stats", "/static/quiz.js", "/nowhere", "/api/docs"):
            headers = browser.get(path).headers
            csp = headers["content-security-policy"]
            assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
            assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "no-referrer"
            assert headers["x-frame-options"] == "DENY"
        page = browser.get("/quiz").text
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script
        assert not re.search(r"\son[a-z]+=", page)


def test_a_login_from_another_site_is_refused(service: Served) -> None:
    """Login CSRF: a form on another site posting a code has no login cookie to match."""
    code = urlsplit(service.link).fragment
    forged = httpx.post(f"{service.base}/login", data={"csrf": "guess", "code": code}, timeout=30)
    assert forged.status_code == 403
    with httpx.Client(base_url=service.base, timeout=30) as browser:  # the code still works
        browser_login(service, browser)


def test_failed_tokens_are_rate_limited(service: Served) -> None:
    url = f"{service.base}/api/stats"
    codes = [
        httpx.get(url, headers={"Authorization": f"Bearer no{i}"}).status_code for i in range(12)
    ]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    limited = httpx.get(f"{service.base}/api/stats", headers={"Authorization": "Bearer x"})
    assert int(limited.headers["retry-after"]) > 0


def test_a_database_password_is_never_printed(tmp_path: Path, postgres_url: str) -> None:
    with_password = postgres_url.replace("://postgres@", "://postgres:s3cr3tpw@")
    assert with_password != postgres_url  # trust authentication ignores the password
    with running_service(tmp_path, db=with_password) as served:
        first_card(served)
    printed = served.log.read_text()
    assert "s3cr3tpw" not in printed and "postgres:***@" in printed


def test_a_chunked_body_over_the_limit_is_413(service: Served) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 1024

    response = httpx.post(
        f"{service.base}/api/reviews", content=chunks(), timeout=30,
        headers={**bearer(service), "Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 413


def test_json_types_are_strict(service: Served) -> None:
    card = first_card(service)
    for rating in (True, 3.0, "3"):
        refused = httpx.post(
            f"{service.base}/api/reviews", headers=bearer(service), timeout=30,
            json={"card_id": card, "rating": rating},
        )  # fmt: skip
        assert refused.status_code == 422, rating
    assert reviews_with_user(service) == 0


def reviews_with_user(served: Served) -> int:
    stats = httpx.get(f"{served.base}/api/stats", headers=bearer(served), timeout=30).json()
    return int(stats["recent_answers"])


def test_api_docs_load_nothing_from_elsewhere(service: Served) -> None:
    docs = httpx.get(f"{service.base}/api/docs", timeout=30)
    sources = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert httpx.get(service.base + source, timeout=30).status_code == 200, source


# --- 9. answers are idempotent: a retry after a lost reply records nothing more ------------


def test_a_retry_after_the_server_died_between_commit_and_reply(tmp_path: Path, store_target):
    key = uuid.uuid4().hex
    with running_service(tmp_path, db=store_target) as served:
        card = first_card(served)
        body = _json({"card_id": card, "rating": 3})
        request = (
            f"POST /api/reviews HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {served.token}"
            f"\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        port = urlsplit(served.base).port
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(request)
            deadline = time.monotonic() + 30
            while not reviews_with(store_target, key):  # committed...
                assert time.monotonic() < deadline
                time.sleep(0.01)
            served.process.kill()  # ...and the reply never read: the client saw it drop
            served.process.wait()
    with running_service(tmp_path, db=store_target, port=port) as again:
        retried = httpx.post(
            f"{again.base}/api/reviews", content=body, timeout=30,
            headers={**bearer(again), "Content-Type": "application/json", "Idempotency-Key": key},
        )  # fmt: skip
        assert retried.status_code == 201 and retried.headers["idempotent-replayed"] == "true"
        assert retried.json()["rating"] == 3
        other = httpx.post(
            f"{again.base}/api/reviews", content=body, timeout=30,
            headers={**bearer(again), "Content-Type": "application/json", "Idempotency-Key": "k2"},
        )  # fmt: skip
        assert other.status_code == 201 and "idempotent-replayed" not in other.headers
    assert reviews_with(store_target, key) == 1 and reviews_with(store_target) == 2


def test_kill_9_under_load_with_retries_loses_and_doubles_nothing(tmp_path: Path, store_target):
    """Learners answer with keys while the server is killed -9 twice and restarted; each
    retries an answer until it is acknowledged. Every answer is stored exactly once."""
    learners, answers = 10, 8
    with running_service(tmp_path, db=store_target) as served:
        card, port, token = first_card(served), urlsplit(served.base).port, served.token
    acknowledged: set[str] = set()

    async def learner(client: httpx.AsyncClient, who: int) -> None:
        for n in range(answers):
            key = f"{who}-{n}"
            while True:
                try:
                    response = await client.post(
                        "/api/reviews", headers={"Idempotency-Key": key},
                        json={"card_id": card, "rating": 3},
                    )  # fmt: skip
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
                    continue
                if response.status_code == 201:
                    acknowledged.add(key)
                    break
                await asyncio.sleep(0.1)

    async def load() -> None:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}", timeout=10,
            headers={"Authorization": f"Bearer {token}"},
        ) as client:  # fmt: skip
            await asyncio.gather(*(learner(client, who) for who in range(learners)))

    def killer() -> None:
        for _ in range(2):
            with running_service(tmp_path, db=store_target, port=port) as running:
                time.sleep(0.4)
                running.process.kill()
                running.process.wait()
        with running_service(tmp_path, db=store_target, port=port):
            deadline = time.monotonic() + 120
            while len(acknowledged) < learners * answers and time.monotonic() < deadline:
                time.sleep(0.1)

    async def both() -> None:
        await asyncio.gather(load(), asyncio.to_thread(killer))

    asyncio.run(asyncio.wait_for(both(), 180))
    assert len(acknowledged) == learners * answers
    with open_store(store_target) as db:
        keys = [row[0] for row in db.execute("SELECT answer_key FROM reviews")]
    assert sorted(keys) == sorted(acknowledged)  # none lost, none twice


def test_a_link_for_another_learner_asks_before_switching(tmp_path: Path, open_page) -> None:
    """Login CSRF in the browser: logged in as `me`, a link to `ana`'s account (sent by
    anyone) does not switch learners silently."""
    store = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=store) as served:
        other = studykit(tmp_path, store, "user", "add", "ana", "--url", served.base)
        page = open_page(390)
        follow_link(page, served.link)
        page.goto(other.strip().splitlines()[-1])
        expect(page.locator("#current")).to_contain_text("logged in here as me")
        assert page.url == f"{served.base}/login"  # the code left the address bar
        page.get_by_role("button", name="Log in as the link's learner").click()
        page.wait_for_url(f"{served.base}/")
        expect(page.locator("header")).to_contain_text("ana")


# --- 10. issue 22: slow clients hold no connection; no input gives a 500 ---------------------

TIMEOUT = "1.5"  # --client-timeout for these tests: seconds for headers, then for a body


def answering(served: Served, seconds: float) -> list[float]:
    """A learner at work for `seconds`: the login page, stats, the next card and its answer,
    again and again; the latency of each request. Every one must succeed."""
    took: list[float] = []
    card = None
    with httpx.Client(base_url=served.base, headers=bearer(served), timeout=10) as client:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for path in ("/login", "/api/stats", "/api/next?new_per_day=1000"):
                start = time.monotonic()
                done = client.get(path)
                took.append(time.monotonic() - start)
                assert done.status_code == 200, (path, done.status_code, done.text)
            card = done.json()["card"] or card  # the last card again, once all are done
            assert card is not None
            start = time.monotonic()
            done = client.post("/api/reviews", json={"card_id": card["id"], "rating": 3})
            took.append(time.monotonic() - start)
            assert done.status_code == 201, done.text
    return took


def sockets(served: Served, count: int, buffer: int = 0) -> list[socket.socket]:
    """`count` connections to the service; `buffer`: a receive buffer of that size, fixed
    before connecting (else the kernel grows it to megabytes)."""
    made = []
    for _ in range(count):
        each = socket.socket()
        if buffer:
            each.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer)
        each.settimeout(10)
        each.connect(("127.0.0.1", urlsplit(served.base).port or 0))
        made.append(each)
    return made


def closed_by_server(held: list[socket.socket], within: float) -> bool:
    """Whether the server closed every socket (EOF, after any answer) within `within` s."""
    end = time.monotonic() + within
    for each in held:
        each.settimeout(max(0.01, end - time.monotonic()))
        try:
            while each.recv(65536):
                pass
        except OSError:  # timed out (still open), or reset
            return False
    return True


POOL = "4"  # --pool-size: as many attacking sockets as connections, per worker


def test_slow_bodies_hold_no_connection(tmp_path: Path, store_target: str) -> None:
    """Finding 1: `POST /login` sockets that send their body a byte at a time, as many as the
    pool; a learner keeps answering in under a second, and the slow ones are cut off."""
    options = ("--pool-size", POOL, "--client-timeout", TIMEOUT)
    with running_service(tmp_path, *options, db=store_target) as served:
        held = sockets(served, int(POOL) * 2)
        for each in held:
            each.sendall(
                b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n\r\ncsrf="
            )
        took = answering(served, 1.0)
        for each in held:
            each.sendall(b"x")
        assert max(took) < 1.0, max(took)
        assert closed_by_server(held, float(TIMEOUT) + 2)


def test_a_slow_body_gets_408_and_the_connection_closed(service_timeout: Served) -> None:
    with sockets(service_timeout, 1)[0] as slow:
        slow.sendall(b"POST /api/grade HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{")
        slow.settimeout(float(TIMEOUT) + 3)
        reply = slow.recv(65536)
        assert reply.startswith(b"HTTP/1.1 408"), reply
        assert b"connection: close" in reply.lower()
        assert b"content-security-policy" in reply.lower()


@pytest.fixture
def service_timeout(tmp_path: Path) -> Iterator[Served]:
    with running_service(tmp_path, "--client-timeout", TIMEOUT) as served:
        yield served


def test_slow_headers_are_cut_off(tmp_path: Path, store_target: str) -> None:
    """Finding 8: half-sent headers (and silent connections) are closed after the client
    timeout; meanwhile a learner keeps answering."""
    options = ("--pool-size", POOL, "--client-timeout", TIMEOUT)
    with running_service(tmp_path, *options, db=store_target) as served:
        held = sockets(served, 40)
        for n, each in enumerate(held):
            if n % 2:  # half say nothing at all
                each.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        took = answering(served, 1.0)
        for each in held[1::2]:
            each.sendall(b"a")  # still trickling: not a reason to wait longer
        assert max(took) < 1.0, max(took)
        assert closed_by_server(held, float(TIMEOUT) + 2)


def test_slow_readers_hold_no_connection(tmp_path: Path, store_target: str) -> None:
    """Finding 2: as many sockets as the pool has connections pipeline requests for a big
    answer (1 MB of topics) and never read; a learner keeps answering, since connections
    are given back before a response is sent."""
    (tmp_path / "notes").mkdir()
    topics = "".join(f"## 주제 {n} {'가나다 ' * 20}\n\n" for n in range(2000))
    (tmp_path / "notes" / "big.md").write_text(f"# Big\n\n{topics}", encoding="utf-8")
    options = ("--pool-size", POOL, "--client-timeout", TIMEOUT)
    with running_service(tmp_path, *options, db=store_target) as served:
        request = (
            f"GET /api/topics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {served.token}\r\n\r\n"
        ).encode()
        held = sockets(served, int(POOL), buffer=4096)
        for each in held:  # more than the sockets' buffers hold: the server's sends block
            each.sendall(request * 10)
        time.sleep(2.0)  # until every one is stuck
        took = answering(served, 1.0)
        assert max(took) < 1.0, max(took)
        for each in held:
            each.close()


# --- 11. idempotency keys ---------------------------------------------------------------------


def test_idempotency_key_edges(service: Served, store_target: str) -> None:
    """Finding 3: an empty, blank, over-long or non-ASCII key is refused (422) and breaks
    nothing; 200 characters are kept; the same key twice at once is recorded once."""
    card = first_card(service)
    url = f"{service.base}/api/reviews"

    def answer(key: bytes) -> tuple[int, dict[str, str], str]:
        """By http.client, which sends any header value (httpx refuses blank ones)."""
        sent = http.client.HTTPConnection("127.0.0.1", urlsplit(service.base).port, timeout=30)
        sent.putrequest("POST", "/api/reviews")
        sent.putheader("Authorization", f"Bearer {service.token}")
        sent.putheader("Content-Type", "application/json")
        sent.putheader("Idempotency-Key", key)
        body = _json({"card_id": card, "rating": 3})
        sent.putheader("Content-Length", str(len(body)))
        sent.endheaders(body)
        got = sent.getresponse()
        reply = (got.status, {k.lower(): v for k, v in got.getheaders()}, got.read().decode())
        sent.close()
        return reply

    for refused in (b"", b" ", b"   ", b"k" * 201, "é".encode(), "키".encode(), b"a\tb"):
        for _ in range(2):  # a second one is refused the same way, not with a 500
            status, headers, text = answer(refused)
            assert status == 422, (refused, text)
            assert headers["content-type"] == "application/problem+json"
    assert reviews_with(store_target) == 0
    longest = b"k" * 200
    assert answer(longest)[0] == 201
    status, headers, _ = answer(longest)
    assert status == 201 and headers["idempotent-replayed"] == "true"
    assert answer(b"with spaces inside")[0] == 201

    def same_key() -> httpx.Response:
        return httpx.post(
            url, json={"card_id": card, "rating": 2}, timeout=30,
            headers={"Authorization": f"Bearer {service.token}", "Idempotency-Key": "same"},
        )  # fmt: skip

    with ThreadPoolExecutor(8) as threads:  # threads: a browser test's loop may be running
        both = list(threads.map(lambda _: same_key(), range(8)))
    assert [r.status_code for r in both] == [201] * 8
    assert sum("idempotent-replayed" not in r.headers for r in both) >= 1
    assert len({r.json()["due"] for r in both}) == 1  # all the one review
    assert reviews_with(store_target, "same") == 1
    assert reviews_with(store_target) == 3


# --- 12. no input gives a 500 -----------------------------------------------------------------


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_non_ascii_csrf_values_are_403_not_500(service: Served) -> None:
    """Finding 4: secrets compared as bytes; the connection is kept, nothing is logged."""
    with httpx.Client(base_url=service.base, timeout=30) as browser:
        form = browser.get("/login")
        assert form.status_code == 200
        forged = browser.post("/login", content=b"csrf=%C3%A9&code=x", headers=FORM)
        assert forged.status_code == 403
        browser_login(service, browser)
        for header in ("é".encode(), b"\xff\xfe", "키".encode()):
            wrong = browser.post(
                "/api/reviews", json={"card_id": "x", "rating": 3},
                headers=[(b"X-CSRF-Token", header)],
            )  # fmt: skip
            assert wrong.status_code == 403, wrong.text
        out = browser.post("/logout", content=b"csrf=%C3%A9", headers=FORM)
        assert out.status_code == 403
        assert browser.get("/api/stats").status_code == 200  # same connection, still in
    assert "Traceback" not in service.log.read_text()


SECURITY = ("content-security-policy", "x-frame-options", "x-content-type-options",
            "referrer-policy")  # fmt: skip


def test_a_500_carries_the_security_headers_and_keeps_the_connection(
    service: Served, store_target: str
) -> None:
    damage_schedule(service, store_target)
    with httpx.Client(base_url=service.base, headers=bearer(service), timeout=30) as client:
        broken = client.get("/api/next")
        assert broken.status_code == 500
        for name in SECURITY:
            assert name in broken.headers, name
        assert broken.headers["cache-control"] == "no-store"
        assert client.get("/api/notes").status_code == 200
    time.sleep(0.3)
    assert service.log.read_text().count("Traceback") == 1  # logged once, by request id


def _routes() -> list[tuple[str, str]]:
    """Every (method, path) the app answers, read from the app itself: a new route is
    fuzzed without anyone listing it here."""
    from studykit.config import Settings
    from studykit.web.app import create_app

    app = create_app(Settings(Path("notes"), Path("quizzes"), "unused.sqlite3"))
    found = []
    for route in app.routes:
        path = str(getattr(route, "path", ""))
        methods = getattr(route, "methods", None) or {"GET"}  # a mount: static files
        found += [(method, path) for method in methods]
    return sorted(set(found))


ROUTES = _routes()
_VALUE = st.binary(max_size=30).map(
    lambda b: bytes(c for c in b if c == 9 or 32 <= c < 127 or c >= 128).strip()
)
"""A header value as a client may send one (no CR, LF or NUL, which no client can send)."""
_NAMES = st.sampled_from(
    ["authorization", "x-csrf-token", "idempotency-key", "content-type", "cookie",
     "x-forwarded-for", "accept", "range", "if-none-match", "origin", "content-encoding"]
)  # fmt: skip
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_QUERIES = st.sampled_from(["q", "target", "tag", "note", "limit", "new_per_day", "token"])
_FIELDS = st.sampled_from(["card_id", "rating", "answer", "mode", "elapsed_ms", "csrf", "code"])


@st.composite
def _requests(draw: st.DrawFn) -> dict[str, object]:
    method, path = draw(st.sampled_from(ROUTES))
    path = re.sub(
        r"\{[^}]+\}", lambda _: quote(draw(st.text(min_size=1, max_size=12)), safe=""), path
    )
    if path in {"/static", "/api/docs/assets"}:
        path += "/" + quote(draw(st.text(max_size=12)), safe="/")
    names = _FIELDS | _QUERIES | st.text(max_size=5)
    query = draw(st.lists(st.tuples(names, st.text(max_size=20)), max_size=4))
    headers = draw(st.lists(st.tuples(_NAMES, _VALUE), max_size=4))
    who = draw(st.sampled_from(["nobody", "token", "session", "session+csrf", "login form"]))
    body = draw(st.sampled_from(["none", "json", "object", "form", "bytes"]))
    drawn: dict[str, object] = {"method": method, "path": path, "query": query,
                                "headers": headers, "who": who}  # fmt: skip
    if body == "json":
        drawn["json"] = draw(_JSON)
    elif body == "object":
        drawn["json"] = draw(st.fixed_dictionaries({}, optional={
            "card_id": st.text(max_size=20), "rating": _JSON, "answer": st.text(max_size=30),
            "mode": st.text(max_size=8), "elapsed_ms": _JSON}))  # fmt: skip
    elif body == "form":
        drawn["data"] = draw(st.dictionaries(_FIELDS, st.text(max_size=30), max_size=3))
    elif body == "bytes":
        drawn["content"] = draw(st.binary(max_size=100))
    return drawn


def test_no_request_gets_a_server_error(tmp_path: Path, store_target: str) -> None:
    """Finding 4: every route, with arbitrary headers, cookies, forms, queries and JSON,
    as nobody, with the token or with a browser session: 2xx, 3xx or 4xx, never 5xx."""
    with (
        running_service(tmp_path, db=store_target) as served,
        httpx.Client(base_url=served.base, timeout=30) as browser,
    ):
        csrf = browser_login(served, browser)
        session = browser.cookies["studykit"]
        login_page = browser.get("/login")
        login_csrf = re.search(r'name="csrf" value="([^"]+)"', login_page.text)[1]  # type: ignore[index]
        seen: list[tuple[str, str, int]] = []

        @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
        @given(_requests())
        def check(drawn: dict[str, object]) -> None:
            who = drawn.pop("who")
            headers: list[tuple[bytes, bytes]] = [(n.encode(), v) for n, v in drawn.pop("headers")]  # type: ignore[attr-defined]
            if who == "token":
                headers.append((b"authorization", f"Bearer {served.token}".encode()))
            if str(who).startswith("session"):
                headers.append((b"cookie", f"studykit={session}".encode()))
            if who == "session+csrf":
                headers.append((b"x-csrf-token", csrf.encode()))
                if isinstance(drawn.get("data"), dict):
                    drawn["data"]["csrf"] = csrf  # type: ignore[index]
            if who == "login form":
                headers.append((b"cookie", f"studykit_login={login_csrf}".encode()))
                if isinstance(drawn.get("data"), dict):
                    drawn["data"]["csrf"] = login_csrf  # type: ignore[index]
            if drawn["method"] == "POST" and drawn["path"] == "/logout" and who == "session+csrf":
                return  # it would end the session the other examples use
            with httpx.Client(base_url=served.base, timeout=30) as client:
                response = client.request(
                    str(drawn.pop("method")), str(drawn.pop("path")),
                    params=drawn.pop("query"), headers=headers, **drawn,  # type: ignore[arg-type]
                )  # fmt: skip
            seen.append((response.request.method, response.request.url.path, response.status_code))
            assert response.status_code < 500, (response.request, response.text)
            assert "content-security-policy" in response.headers

        check()
    assert {code // 100 for *_, code in seen} >= {2, 4}
    assert "Traceback" not in served.log.read_text()


# --- 13. the failed-auth limit: in the database, per address and per learner ----------------


def test_failed_tokens_are_limited_across_workers_and_valid_ones_still_work(
    tmp_path: Path, store_target: str
) -> None:
    """Finding 5: ten failures from an address in all workers together, then 429; the
    learner's own token and login link from that address still let them in."""
    with running_service(tmp_path, "--workers", "2", db=store_target) as served:
        url = f"{served.base}/api/stats"
        codes = [  # a connection each: the workers take turns
            httpx.get(url, headers={"Authorization": f"Bearer no{i}"}).status_code
            for i in range(12)
        ]
        assert codes == [401] * 10 + [429] * 2
        for _ in range(4):
            assert httpx.get(url, headers=bearer(served)).status_code == 200
        with httpx.Client(base_url=served.base, timeout=30) as browser:
            browser_login(served, browser)  # the link, from the locked address
            form = browser.get("/login").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form)[1]  # type: ignore[index]
            wrong = browser.post("/login", data={"csrf": csrf, "code": "guess"})
            assert wrong.status_code == 429 and int(wrong.headers["retry-after"]) > 0


def test_failed_csrf_tokens_are_limited_per_learner(tmp_path: Path, store_target: str) -> None:
    """From ten addresses (a trusted proxy's X-Forwarded-For), one learner's session sends
    a wrong CSRF token each: the learner is limited, the addresses are not."""
    with (
        running_service(tmp_path, "--proxy-headers", db=store_target) as served,
        httpx.Client(base_url=served.base, timeout=30) as browser,
    ):
        csrf = browser_login(served, browser)
        card = first_card(served)

        def answer(token: str, address: str) -> int:
            sent = browser.post(
                "/api/reviews", json={"card_id": card, "rating": 3},
                headers={"X-CSRF-Token": token, "X-Forwarded-For": address},
            )  # fmt: skip
            return sent.status_code

        codes = [answer("wrong", f"10.0.0.{n}") for n in range(11)]
        assert codes == [403] * 10 + [429]
        assert answer(csrf, "10.0.0.99") == 201  # the right token is never refused
        other = httpx.get(
            f"{served.base}/api/stats", timeout=30,
            headers={"Authorization": "Bearer no", "X-Forwarded-For": "10.0.0.1"},
        )  # fmt: skip
        assert other.status_code == 401  # that address failed once only


def test_failures_expire_and_are_forgotten(tmp_path: Path) -> None:
    at = datetime(2026, 1, 1, 12, tzinfo=UTC)
    with open_store(tmp_path / "s.sqlite3") as db:
        for n in range(accounts.FAILURE_LIMIT):
            assert accounts.locked_for(db, ["address 1"], at) == 0
            accounts.failed(db, ["address 1"], at + timedelta(seconds=n))
        assert accounts.locked_for(db, ["address 1"], at + timedelta(seconds=10)) == 50
        assert accounts.locked_for(db, ["address 2"], at) == 0
        later = at + accounts.FAILURE_WINDOW + timedelta(seconds=1)
        assert accounts.locked_for(db, ["address 1"], later) == 0
        accounts.failed(db, ["address 2"], later)  # writing forgets what has expired
        rows = db.execute("SELECT subject, failures FROM auth_failures").fetchall()
    assert [tuple(row) for row in rows] == [("address 2", 1)]


# --- 14. storage failures said plainly; nothing acknowledged lost ----------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs of the test's own (root may mount one; else the test is skipped)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(disk)],
        capture_output=True, text=True,
    )  # fmt: skip
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_serve_refuses_a_data_directory_it_cannot_write(tmp_path: Path, small_disk: Path):
    store = str(small_disk / "store.sqlite3")
    (tmp_path / "notes").mkdir()
    studykit(tmp_path, store, "user", "add", "me")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    env = {**os.environ, "STUDYKIT_HOME": str(tmp_path / "home")}
    refused = subprocess.run(
        [sys.executable, "-m", "studykit", "--notes", str(tmp_path / "notes"), "--db", store,
         "serve", "--port", "1"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.strip().splitlines() == [
        f"Error: cannot write the data directory {small_disk}: Read-only file system"
    ]


def test_a_full_disk_is_503_and_loses_nothing(tmp_path: Path, store_target: str, request):
    """Finding 6: while the disk is full, answers are 503 with Retry-After and a problem
    that says so, one log line each; after the repair the retries are stored, each once."""
    if store_target.startswith("postgresql"):
        store = store_target

        def fill() -> None:  # what PostgreSQL raises when it cannot extend a file
            with psycopg.connect(store, autocommit=True) as admin:
                admin.execute(
                    "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    "RAISE EXCEPTION 'could not extend file: No space left on device' "
                    "USING ERRCODE = 'disk_full'; END $$"
                )
                admin.execute(
                    "CREATE TRIGGER full_disk BEFORE INSERT ON reviews "
                    "FOR EACH ROW EXECUTE FUNCTION full_disk()"
                )

        def repair() -> None:
            with psycopg.connect(store, autocommit=True) as admin:
                admin.execute("DROP TRIGGER full_disk ON reviews")
    else:
        disk = request.getfixturevalue("small_disk")
        store = str(disk / "store.sqlite3")
        filler = disk / "filler"

        def fill() -> None:
            with open_store(store) as db:  # an empty WAL: the next answer needs new blocks
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with filler.open("wb") as out, contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()

        def repair() -> None:
            filler.unlink()

    with running_service(tmp_path, db=store) as served:
        card = first_card(served)

        def answer(key: str) -> httpx.Response:
            return httpx.post(
                f"{served.base}/api/reviews", json={"card_id": card, "rating": 3}, timeout=30,
                headers={**bearer(served), "Idempotency-Key": key},
            )  # fmt: skip

        assert [answer(f"before {n}").status_code for n in range(3)] == [201] * 3
        fill()
        for n in range(3):
            refused = answer(f"during {n}")
            assert refused.status_code == 503, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            assert int(refused.headers["retry-after"]) > 0
            assert "disk is full" in refused.json()["detail"], refused.json()
        assert httpx.get(f"{served.base}/api/stats", headers=bearer(served)).status_code == 200
        repair()
        assert [answer(f"during {n}").status_code for n in range(3)] == [201] * 3
        assert [answer(f"before {n}").status_code for n in range(3)] == [201] * 3  # replays
    assert reviews_with(store) == 6
    assert all(
        reviews_with(store, f"{when} {n}") == 1 for when in ("before", "during") for n in range(3)
    )
    log = served.log.read_text()
    assert "Traceback" not in log
    assert (
        len([line for line in log.splitlines() if "POST /api/reviews: the database" in line]) == 3
    )


# --- 15. passwords and an unreachable database -----------------------------------------------


def test_a_password_in_the_query_is_never_printed(tmp_path: Path, postgres_url: str, monkeypatch):
    """Finding 7: `?password=` masked; with PGPASSWORD (or ~/.pgpass) the URL needs none."""
    with_password = f"{postgres_url}&password=s3cr3tpw"
    with running_service(tmp_path, db=with_password) as served:
        first_card(served)
    printed = served.log.read_text()
    assert "s3cr3tpw" not in printed and "password=***" in printed
    assert "Warning: the database URL holds a password" in printed
    monkeypatch.setenv("PGPASSWORD", "s3cr3tpw")
    (tmp_path / "again").mkdir()
    with running_service(tmp_path / "again", db=postgres_url) as served:
        first_card(served)
    assert "s3cr3tpw" not in served.log.read_text()
    assert "holds a password" not in served.log.read_text()


def test_an_unreachable_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, "STUDYKIT_HOME": str(tmp_path / "home")}
    port = free_port()  # nothing listens there
    url = f"postgresql://postgres:s3cr3tpw@127.0.0.1:{port}/test"
    for command in (["serve"], ["user", "add", "me"], ["stats"]):
        done = subprocess.run(
            [sys.executable, "-m", "studykit", "--notes", str(NOTES), "--db", url, *command],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2, (command, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(
            f"Error: cannot reach the database postgresql://postgres:***@127.0.0.1:{port}/test:"
        ), lines
        assert "s3cr3tpw" not in done.stderr + done.stdout


# --- 16. Cache-Control, HEAD ------------------------------------------------------------------


def test_personal_answers_are_not_stored_and_head_works(service: Served) -> None:
    """Finding 8: no-store on pages and API answers (static files may be cached); HEAD is
    answered wherever GET is, headers and no body."""
    with httpx.Client(base_url=service.base, timeout=30) as browser:
        browser_login(service, browser)
        for path in ("/", "/quiz", "/stats", "/login", "/api/stats", "/api/next", "/nowhere"):
            got = browser.get(path)
            assert got.headers["cache-control"] == "no-store", path
            head = browser.head(path)
            assert head.status_code == got.status_code, path
            assert head.content == b"" and head.headers["cache-control"] == "no-store"
            assert head.headers["content-type"] == got.headers["content-type"], path
        assert "no-store" not in browser.get("/static/quiz.js").headers.get("cache-control", "")
        assert browser.head("/static/quiz.js").status_code == 200


def test_a_login_link_says_whose_account_it_opens_first(tmp_path: Path, open_page) -> None:
    """Finding 8: logged out, a link someone sent (to their own account) does not log the
    browser in without a word: the page names the account, and a click logs in."""
    store = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=store) as served:
        other = studykit(tmp_path, store, "user", "add", "ana", "--url", served.base)
        page = open_page(390)
        page.goto(other.strip().splitlines()[-1])
        expect(page.locator("#holder")).to_contain_text("opens the account of ana")
        assert page.url == f"{served.base}/login"  # the code left the address bar
        assert page.context.cookies() == [] or all(
            c["name"] != "studykit" for c in page.context.cookies()
        )  # not logged in yet
        page.get_by_role("button", name="Log in as ana").click()
        page.wait_for_url(f"{served.base}/")
        expect(page.locator("header")).to_contain_text("ana")
