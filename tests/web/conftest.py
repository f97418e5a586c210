"""What the browser tests share: one Chromium for the run, pages at phone and desktop width,
and screenshots kept as artifacts."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import running_service

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PHONE, DESKTOP = 390, 1280
"""Widths: a phone held upright (iPhone 12 to 15) and a laptop."""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium through Playwright; skipped when it is not installed (not in CI).

    One per test module: Playwright's sync API keeps an event loop running while it is
    open, which other modules' `asyncio.run` must not find."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (Debian package chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; `make test` installs it")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[[int], Any]]:
    """`open_page(width)`: a page in a fresh context; at PHONE width or less a touch screen
    (taps, no hover)."""
    contexts: list[Any] = []

    def make(width: int) -> Any:
        phone = width <= PHONE
        context = chromium.new_context(
            viewport={"width": width, "height": 844 if phone else 900},
            has_touch=phone,
            is_mobile=phone,
            device_scale_factor=1,
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """(base URL, login link, store path) of a `studykit serve` as a learner starts it."""
    db = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=db) as (base, link, *_):
        yield base, link, db


@pytest.fixture
def shots(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[..., Path]:
    """`shots(page, name)` saves a screenshot into the test's folder and, when
    $STUDYKIT_ARTIFACTS names a folder, a copy under it (the test's folder is removed
    when the test passes)."""
    kept = os.environ.get("STUDYKIT_ARTIFACTS")
    folder = Path(kept) / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_") if kept else None

    def shoot(page: Any, name: str, full_page: bool = False) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, folder / path.name)
        return path

    return shoot
