"""Shared fixtures: every test gets its own data directory, so the user's is never touched."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs every property test (the parser's, schemathesis's) the same way each time, with
# no deadline: a submission must not fail on a slow machine or an unlucky draw. Local runs
# keep exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "notes"
DATA = Path(__file__).resolve().parent / "data"
USER_NOTE = NOTES / "2024-08-14-boostcamp-day008.md"
"""The user's note as bundled: their text, every line kept, with checks added under it."""
ORIGINAL_NOTE = DATA / "user-note-original.md"
"""The user's note exactly as they gave it: line numbers in tests refer to this text."""


@pytest.fixture(autouse=True)
def studykit_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STUDYKIT_HOME", str(home))
    monkeypatch.delenv("STUDYKIT_NOTES", raising=False)
    return home


@pytest.fixture
def user_note_text() -> str:
    return ORIGINAL_NOTE.read_text(encoding="utf-8")


@pytest.fixture
def user_lines(user_note_text: str) -> list[str]:
    return user_note_text.splitlines()


pytest_plugins = ["pytester"]

PG_URL = os.environ.get("STUDYKIT_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema in the test PostgreSQL; skipped when there is none, except in CI."""
    import psycopg

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = f"PostgreSQL not reachable at {PG_URL} ({error})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
        pytest.skip(reason)
    schema = f"studykit_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The review store on each database studykit supports."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite3")
    return request.getfixturevalue("postgres_url")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_service(folder: Path, *options: str, db: str = "") -> Iterator[tuple[str, str]]:
    """`studykit serve` on loopback over a copy of the bundled note, run as a learner runs
    it (user added first); yields (base URL, login link) and stops it afterwards."""
    notes = folder / "notes"
    notes.mkdir(exist_ok=True)
    shutil.copy(USER_NOTE, notes)
    env = {**os.environ, "STUDYKIT_HOME": str(folder / "home")}
    base = [sys.executable, "-m", "studykit", "--notes", str(notes), *(["--db", db] if db else [])]
    port = free_port()
    added = subprocess.run(
        [*base, "user", "add", "me", "--url", f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    link = added.stdout.strip().splitlines()[-1]
    serve = [*base, "serve", "--port", str(port), "--quizzes", str(folder / "quizzes"), *options]
    process = subprocess.Popen(serve, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    process.kill()
                    pytest.fail(f"studykit serve did not start:\n{process.stdout.read().decode()}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", link
    finally:
        process.terminate()
        process.wait(timeout=10)
