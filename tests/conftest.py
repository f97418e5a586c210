"""Shared fixtures: every test gets its own data directory, so the user's is never touched."""

from __future__ import annotations

import glob
import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from helpers import DATES, ORIGINAL_NOTE, PG_URL, ZONES, Clock
from hypothesis import settings

collect_ignore_glob = ["data/checks/*.md"]
"""Notes whose checks a believing student wrote for false claims: their refutations are
what tests/checks assert, never failures of the suite."""

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


@pytest.fixture(params=[(d, z) for d in DATES for z in ZONES], ids=lambda p: f"{p[0]} {p[1]}")
def clock(request: pytest.FixtureRequest) -> Iterator[Clock]:
    """Today is one of DATES in one of ZONES, in this process (time-machine, which sets TZ
    too) and in the processes a test starts with `clock.env` (libfaketime)."""
    wall, zone = request.param
    at = datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone))
    found = glob.glob("/usr/lib/*/faketime/libfaketime.so.1")
    if not found:
        reason = "libfaketime not found (Debian package faketime; `make system` installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    env = {"TZ": zone, "LD_PRELOAD": found[0], "FAKETIME": f"@{at:%Y-%m-%d %H:%M:%S}"}
    with time_machine.travel(at, tick=True):
        yield Clock(at, env)
