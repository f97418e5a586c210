"""Shared fixtures: every test gets its own data directory, so the user's is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

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
