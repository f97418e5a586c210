"""What tests share besides fixtures: the project's paths and a running `studykit serve`."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block, Topic
from studykit.notes.parse import parse_note

BlockRule = Callable[[Topic, Block, Make], Iterator[Card]]

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "notes"
DATA = Path(__file__).resolve().parent / "data"
USER_NOTE = NOTES / "2024-08-14-boostcamp-day008.md"
"""The user's note as bundled: their text, every line kept, with checks added under it."""
ORIGINAL_NOTE = DATA / "user-note-original.md"
"""The user's note exactly as they gave it: line numbers in tests refer to this text."""


def note_line(text: str) -> int:
    """The line of the bundled user's note that holds `text`: its checks grow, so tests
    that point into it find their lines instead of counting them."""
    lines = USER_NOTE.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


DATES = ["2026-12-01 08:00", "2026-12-31 23:59", "2027-01-01 00:30", "2028-02-29 12:00"]
ZONES = ["Pacific/Auckland", "America/Los_Angeles"]
"""Where tests that depend on today run, every run: the first days of a month and of a year,
the last minute of one, a leap day; a zone a day ahead of UTC and one behind it."""


class Clock(NamedTuple):
    at: datetime  # aware, in `zone`
    env: dict[str, str]  # for a child process: the same zone and the same clock (libfaketime)


PG_URL = os.environ.get("STUDYKIT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served(NamedTuple):
    base: str
    link: str  # a one-time login link
    token: str  # the API token
    process: subprocess.Popen[bytes]
    log: Path  # what the service printed (its access log included)


def added_secrets(output: str) -> tuple[str, str]:
    """(login link, API token) from what `studykit user add` printed."""
    lines = output.strip().splitlines()
    token = lines[1 + next(i for i, line in enumerate(lines) if line.startswith("API token"))]
    return lines[-1], token


@contextmanager
def running_service(
    folder: Path, *options: str, db: str = "", port: int = 0, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """`studykit serve` on loopback over a copy of the bundled note, run as a learner runs
    it (user `me` added first); yields its base URL, login link and API token, its process
    and its log, and stops it afterwards. `port`: a port to reuse (a restart); `env`: more
    environment for it (e.g. a Clock's)."""
    notes = folder / "notes"
    notes.mkdir(exist_ok=True)
    shutil.copy(USER_NOTE, notes)
    env = {**os.environ, **(env or {}), "STUDYKIT_HOME": str(folder / "home")}
    base = [sys.executable, "-m", "studykit", "--notes", str(notes), *(["--db", db] if db else [])]
    port = port or free_port()
    url = f"{'https' if '--certfile' in options else 'http'}://127.0.0.1:{port}"
    added = subprocess.run(
        [*base, "user", "add", "me", "--url", url],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    link, token = added_secrets(added.stdout)
    serve = [*base, "serve", "--port", str(port), "--quizzes", str(folder / "quizzes"), *options]
    log = folder / "serve.log"
    with log.open("ab") as output:
        process = subprocess.Popen(serve, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    process.kill()
                    pytest.fail(f"studykit serve did not start:\n{log.read_text()}")
                time.sleep(0.1)
        yield Served(url, link, token, process, log)
    finally:
        process.terminate()
        process.wait(timeout=10)


def follow_link(page: Any, link: str) -> None:
    """Open a login link in a logged-out browser page as a learner does: the page names
    whose account the link opens, and the learner clicks to log in."""
    page.goto(link)
    page.get_by_role("button", name=re.compile(r"^Log in as ")).click()
    page.wait_for_url(re.compile(r"/$"))


def log_in(client: Any, code: str) -> None:
    """Log a TestClient in as the login page does: its form, with a login code or token."""
    form = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf, form
    done = client.post("/login", data={"csrf": csrf[1], "code": code}, follow_redirects=False)
    assert done.status_code == 303 and "studykit" in done.cookies, done.text


def bare_card(kind: CardKind, front: str, back: str, line: int, *, reverse: bool = False) -> Card:
    """What a rule makes, seen alone: the card without its id or its note's context."""
    return Card("", kind, front, back, deck="t", topic="t", line=line, reverse=reverse)


def block_rule_cards(rule: BlockRule, text: str) -> list[Card]:
    """The cards one block rule makes from each top-level block of `text`."""
    note = parse_note(text, "t.md")
    return [
        card
        for topic in note.topics
        for block in topic.blocks
        for card in rule(topic, block, bare_card)
    ]


def qa_card(n: int, deck: str = "deck", topic: str = "", suspended: bool = False) -> Card:
    """Card `c{n}` of a deck, as the store keeps it: `질문 n` asking for `답 n`."""
    return Card(
        f"c{n}", CardKind.QA, f"질문 {n}", f"답 {n}", deck, topic or f"{deck}#t", n, "T", ["x"],
        suspended=suspended,
    )  # fmt: skip
