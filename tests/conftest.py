"""Shared fixtures: every test gets its own data directory, so the user's is never touched."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ORIGINAL_NOTE, PG_URL
from hypothesis import settings

# CI runs every property test (the parser's, schemathesis's) the same way each time, with
# no deadline: a submission must not fail on a slow machine or an unlucky draw. Local runs
# keep exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


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
