"""The web quiz without a keyboard: a learner taps (390 px, touch screen) or clicks
(1280 px) through a session in each mode, from the login link to three recorded answers.
No test here presses a key; screenshots are kept (see conftest.shots)."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import follow_link
from playwright.sync_api import expect

from studykit.accounts import user_id
from studykit.db import open_store
from studykit.review import store
from studykit.text import nfc

PHONE, DESKTOP = 390, 1280
RATINGS = {"flip": [3, 1, 4], "type": [None, 1, 3], "choice": [None, 4, 2]}
"""The button tapped after each card (None: the one the grade suggests)."""
KOREAN_ANSWER = "얼마나 잊어버릴지 컨트롤"


def act(page: Any, selector: str) -> None:
    """A tap on a touch screen, a click elsewhere; never a key."""
    if page.viewport_size["width"] <= PHONE:
        page.tap(selector)
    else:
        page.click(selector)


def counts(page: Any) -> tuple[int, int, int]:
    return tuple(int(page.inner_text(f"#count-{name}")) for name in ("new", "learning", "review"))


def assert_fits(page: Any) -> None:
    """Nothing wider than the screen; the nav's words whole; every control big enough."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for link in page.locator("header nav a").all():
        box = link.bounding_box()
        assert box["x"] + box["width"] <= width and box["height"] >= 44
        assert link.evaluate("a => a.getClientRects().length") == 1  # one line: no word broken
        assert link.evaluate("a => a.scrollWidth <= a.clientWidth")
    for control in page.locator("#quiz button:visible, #actions button:visible").all():
        box = control.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, control.inner_text()


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280px", "390px"])
@pytest.mark.parametrize("mode", ["flip", "type", "choice"])
def test_a_session_by_tapping_or_clicking(served, open_page, shots, mode: str, width: int) -> None:
    base, link, db = served
    page = open_page(width)
    follow_link(page, link)
    assert page.url == f"{base}/"
    act(page, "header nav >> text=Quiz")
    act(page, f"nav.modes >> text={mode.title()}")
    page.wait_for_selector("#quiz .front")
    assert page.url.endswith(f"mode={mode}&target=")
    assert_fits(page)
    assert page.is_visible("#keys") == (width == DESKTOP)  # no "space: show answer" on a phone
    shots(page, f"{mode}-{width}-start")
    chosen = typed = 0
    tapped: list[int] = []
    asked: list[str] = []  # how each card was asked: recorded so
    for n, rating in enumerate(RATINGS[mode], start=1):
        before = counts(page)
        front = page.inner_text("#quiz .front")
        if page.locator("#answer").count():
            label = page.inner_text("label[for=answer]")  # a medium answer: on its key terms
            assert label in ("Your answer", "Your answer (its key terms count)")
            page.fill("#answer", KOREAN_ANSWER)
            act(page, "#check")
            typed += 1
            asked.append("type")
        elif page.locator("ol.choices button").count():
            options = page.locator("ol.choices button").all_inner_texts()
            assert len(options) >= 2
            act(page, f"ol.choices li:nth-child({n % len(options) + 1}) button")
            chosen += 1
            asked.append("choice")
        else:  # flip, a card offered without choices, or an answer too long to type
            assert page.inner_text("#show") == "Show answer"
            if mode == "type":
                assert "A long answer, not typed" in page.inner_text("#quiz")
                typed += 1
            act(page, "#show")
            asked.append("flip")
        page.wait_for_selector("#actions .ratings button")
        assert_fits(page)
        labels = page.locator("#actions .ratings button").all_inner_texts()
        names = [label.split("\n")[0].strip() for label in labels]
        assert names == ["Again", "Hard", "Good", "Easy"]
        if before[0] and n == 1:  # a new card: the learning steps and FSRS's first interval
            assert [label.split("\n")[1].strip() for label in labels] == ["<1m", "6m", "10m", "8d"]
        if rating is None:
            rating = int(page.get_attribute("#actions .ratings .suggested", "data-rating"))
        shots(page, f"{mode}-{width}-answer-{n}")
        act(page, f"#actions .ratings [data-rating='{rating}']")
        expect(page.locator("#done")).to_have_text(str(n))
        after = counts(page)
        assert after != before and after[0] == before[0] - 1  # one new card fewer
        # a learning step within 20 minutes counts as learning (learn-ahead, as the terminal)
        assert after[1] == before[1] + (rating < 4)
        assert page.inner_text("#quiz .front") != front or after == (0, 0, 0)
        tapped.append(rating)
    shots(page, f"{mode}-{width}-end")
    if mode == "type":
        assert typed == 3
    if mode == "choice":
        assert chosen >= 1

    recorded = page.request.get(f"{base}/api/stats").json()
    assert recorded["recent_answers"] == 3
    with open_store(db) as connection:
        history = store.reviews(connection, user_id(connection, "me"))
    assert [r.rating for r in history] == tapped
    assert [str(r.mode) for r in history] == asked  # a long answer flipped is no typed one
    assert mode in asked


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_hangul_typed_answer_graded_on_two_lines(served, open_page, shots, width: int) -> None:
    base, link, db = served
    page = open_page(width)
    follow_link(page, link)
    page.goto(f"{base}/quiz?mode=type&target=day008%23lstm")
    page.wait_for_selector("#answer")
    card = page.request.get(f"{base}/api/next?mode=type&target=day008%23lstm").json()["card"]
    assert page.inner_text("#quiz .front") == card["front"]
    assert page.get_attribute("#quiz", "lang") == card["lang"] == "ko"
    page.fill("#answer", KOREAN_ANSWER)
    act(page, "#check")
    page.wait_for_selector("#quiz .grade dl")
    verdict = page.inner_text("#quiz .grade strong")
    assert verdict in {"near miss", "wrong"}
    yours, expected = page.locator(".grade dd.yours"), page.locator(".grade dd.expected")
    assert nfc(yours.inner_text()) == KOREAN_ANSWER  # what was typed, as typed
    assert nfc(expected.inner_text()) == nfc(card["back"].strip())  # the answer, whole
    assert expected.locator("ins").count() >= 1  # what the typed answer lacks, marked
    assert yours.bounding_box()["y"] < expected.bounding_box()["y"]  # one above the other
    assert page.locator(".grade dt").all_inner_texts() == ["your answer", "expected"]
    suggested = int(page.get_attribute("#actions .ratings .suggested", "data-rating"))
    assert suggested == (2 if verdict == "near miss" else 1)
    shots(page, f"type-{width}-graded", full_page=True)
    act(page, "#actions .ratings .suggested")
    expect(page.locator("#done")).to_have_text("1")
    with open_store(db) as connection:
        (review,) = store.reviews(connection, user_id(connection, "me"))
        typed = connection.execute("SELECT answer FROM reviews").fetchone()[0]
    assert review.rating == suggested and str(review.mode) == "type" and typed == KOREAN_ANSWER
