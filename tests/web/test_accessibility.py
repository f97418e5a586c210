"""Every page audited by axe-core (through axe-playwright-python) at phone and desktop width,
the quiz in each mode and stage: no serious or critical violation. Also what axe cannot
see: the page's language is the note's, and the keyboard's focus is visible."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import follow_link
from playwright.sync_api import expect

PHONE, DESKTOP = 390, 1280
BLOCKING = {"serious", "critical"}


def audit(page: Any, name: str, found: dict[str, list[str]]) -> None:
    """Run axe on the page as it is now; note what blocks (impact serious or critical)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            where = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
            found.setdefault(name, []).append(
                f"{violation['impact']} {violation['id']}: {violation['help']} at {where}"
            )


def act(page: Any, selector: str) -> None:
    if page.viewport_size["width"] <= PHONE:
        page.tap(selector)
    else:
        page.click(selector)


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_every_page_passes_axe(served, open_page, shots, width: int) -> None:
    base, link, _ = served
    page = open_page(width)
    found: dict[str, list[str]] = {}

    page.goto(f"{base}/login")
    audit(page, "login", found)
    page.goto(f"{base}/login#wrong")
    expect(page.get_by_role("alert")).to_contain_text("not valid")  # the script sent it
    audit(page, "login failed", found)
    follow_link(page, link)
    page.wait_for_url(f"{base}/")  # the login page's script logged in with the link
    audit(page, "index", found)
    page.goto(f"{base}/notes/2024-08-14-boostcamp-day008")
    assert page.get_attribute("html", "lang") == "ko"  # the note's language
    assert page.get_attribute("header", "lang") == "en"  # studykit's own words
    audit(page, "note", found)
    page.goto(f"{base}/search?q=gate")
    assert page.locator("main li").count() >= 3
    audit(page, "search", found)

    page.goto(f"{base}/quiz")
    page.wait_for_selector("#show")
    audit(page, "quiz flip, front", found)
    act(page, "#show")
    page.wait_for_selector("#actions .ratings button")
    audit(page, "quiz flip, answer", found)
    act(page, "#actions [data-rating='3']")
    expect(page.locator("#done")).to_have_text("1")

    page.goto(f"{base}/quiz?mode=type&target=day008%23lstm")
    page.wait_for_selector("#answer")
    assert page.get_attribute("#quiz", "lang") == "ko"  # the card's language
    audit(page, "quiz type, front", found)
    page.fill("#answer", "얼마나 잊어버릴지 컨트롤")
    act(page, "#check")
    page.wait_for_selector("#quiz .grade dl")
    audit(page, "quiz type, graded", found)
    act(page, "#actions .ratings .suggested")
    expect(page.locator("#done")).to_have_text("1")

    page.goto(f"{base}/quiz?mode=choice&target=day008%23lstm")
    page.wait_for_selector("ol.choices button")
    audit(page, "quiz choice, front", found)
    act(page, "ol.choices li:nth-child(1) button")
    page.wait_for_selector("#quiz .grade")
    audit(page, "quiz choice, chosen", found)
    shots(page, f"choice-{width}")
    act(page, "#actions .ratings .suggested")
    expect(page.locator("#done")).to_have_text("1")

    page.goto(f"{base}/quiz?tag=nosuchtag")
    expect(page.locator("#quiz")).to_contain_text("No card")
    audit(page, "quiz, nothing due", found)
    page.goto(f"{base}/triage")
    page.get_by_text("Edit my copy").click()
    audit(page, "triage, editing a copy", found)
    page.get_by_label("Back").fill("내 답")
    page.get_by_role("button", name="Save my copy").click()
    expect(page.locator("#copies")).to_be_visible()
    audit(page, "triage, with a copy", found)
    page.goto(f"{base}/stats")
    assert "of 3 answers" in page.inner_text("main")
    audit(page, "stats", found)
    shots(page, f"stats-{width}", full_page=True)
    assert not found, "\n".join(f"{name}: {v}" for name, vs in found.items() for v in vs)


def test_keyboard_focus_is_visible(served, open_page) -> None:
    """Tabbing through the quiz: each focused control draws a clear outline."""
    base, link, _ = served
    page = open_page(DESKTOP)
    follow_link(page, link)
    page.goto(f"{base}/quiz")
    page.wait_for_selector("#show")
    seen = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
            return [e.tagName + (e.id ? '#' + e.id : '') + ':' + e.textContent.trim(),
                    s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
        )
        name, style, thickness = focused
        if name.startswith("BODY"):
            continue
        assert style != "none" and thickness >= 2, focused
        seen.add(name)
    assert "BUTTON#show:Show answer" in seen and any("Log out" in s for s in seen)
