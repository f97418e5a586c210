"""A learner in a real browser: Debian's Chromium driven by Playwright, against a real
`studykit serve` on loopback. Screenshots of the note and quiz pages go to the test's
folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import USER_NOTE

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, login link) of a studykit service started as a learner would start it."""
    notes = tmp_path / "notes"
    notes.mkdir()
    shutil.copy(USER_NOTE, notes)
    env = {**os.environ, "STUDYKIT_HOME": str(tmp_path / "home")}
    base = [sys.executable, "-m", "studykit", "--notes", str(notes)]
    port = free_port()
    added = subprocess.run(
        [*base, "user", "add", "me", "--url", f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    link = added.stdout.strip().splitlines()[-1]
    process = subprocess.Popen(
        [*base, "serve", "--port", str(port), "--quizzes", str(tmp_path / "quizzes")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"studykit serve did not start:\n{process.stdout.read().decode()}")
    yield f"http://127.0.0.1:{port}", link
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def page():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (Debian package chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; `make test` installs it")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser.new_page(viewport={"width": 1000, "height": 900})
        browser.close()


def test_learner_reads_the_note_and_takes_a_quiz(server, page, tmp_path: Path) -> None:
    base, link = server
    page.goto(link)
    assert page.url == f"{base}/"
    page.click("text=<Day008> Naver Boostcamp AI Tech")
    assert page.url.endswith("/notes/2024-08-14-boostcamp-day008")
    formula = page.locator("math[display=block]").first
    assert formula.is_visible() and formula.bounding_box()["height"] > 10
    assert page.locator("math msub").count() >= 3  # h_t, f_w, x_t as real subscripts
    page.click("nav.outline >> text=LSTM")
    lstm = page.locator("h3#lstm")
    assert lstm.is_visible() and lstm.inner_text() == "LSTM"
    page.screenshot(path=str(tmp_path / "note.png"), full_page=False)

    page.goto(f"{base}/quiz")
    page.wait_for_selector("#quiz .front")
    page.screenshot(path=str(tmp_path / "quiz.png"))
    for answered in range(1, 4):
        page.keyboard.press("Space")
        page.wait_for_selector("#quiz .answer")
        page.keyboard.press("3")
        page.wait_for_function(f"document.getElementById('done').textContent === '{answered}'")
    page.goto(f"{base}/stats")
    assert "Recall, last 30 days: 100% of 3 answers" in " ".join(page.inner_text("main").split())
    assert (tmp_path / "note.png").stat().st_size > 10_000
    assert (tmp_path / "quiz.png").stat().st_size > 5_000
