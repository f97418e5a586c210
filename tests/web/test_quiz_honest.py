"""The web quiz is honest with the learner (issue 23), in Chromium at 390 and 1280 px
(screenshots kept, see conftest.shots): the home page says what is due and studies it, a
choice picked shows red and green and the right option, learn-ahead and the wait applied
are said, and the terminal and the web count the cards left alike."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import follow_link
from playwright.sync_api import expect

from studykit.cli.main import cli

PHONE, DESKTOP = 390, 1280
WIDTHS = pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280px", "390px"])
GREEN, RED = "rgb(218, 251, 225)", "rgb(255, 235, 233)"


def act(page: Any, selector: str) -> None:
    """A tap on a touch screen, a click elsewhere."""
    if page.viewport_size["width"] <= PHONE:
        page.tap(selector)
    else:
        page.click(selector)


def quiz_counts(page: Any) -> tuple[int, int, int]:
    return tuple(int(page.inner_text(f"#count-{name}")) for name in ("new", "learning", "review"))


def fits(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@WIDTHS
def test_home_page_says_what_is_due_and_studies_it(served, open_page, shots, width) -> None:
    base, link, _ = served
    page = open_page(width)
    follow_link(page, link)
    left = page.locator("#left")
    expect(left).to_contain_text("0 due now")
    new = int(re.search(r"(\d+) new today", left.inner_text())[1])
    assert 0 < new <= 20  # the day's allowance at most
    row = page.locator("ul.notes li").first
    slug = row.locator(".due").get_attribute("data-deck")
    assert row.locator(".due").inner_text() == f"0 due · {new} new"
    fits(page)
    for study in page.locator("a.study").all():
        box = study.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    shots(page, f"home-{width}-before")
    act(page, "ul.notes li:first-child a.study")
    page.wait_for_selector("#quiz .front")
    assert page.url == f"{base}/quiz?target={slug}"
    assert quiz_counts(page) == (new, 0, 0)
    act(page, "#show")
    act(page, "#actions .ratings [data-rating='1']")  # Again: back within the minute
    expect(page.locator("#done")).to_have_text("1")
    expect(page.locator("#last")).to_have_text("Again: next in <1m")
    assert quiz_counts(page) == (new - 1, 1, 0)  # the terminal's counts too (learn-ahead)
    page.goto(f"{base}/")
    expect(left).to_contain_text("1 due now")
    expect(left).to_contain_text(f"{new - 1} new today")
    assert row.locator(".due").inner_text() == f"1 due · {new - 1} new"
    shots(page, f"home-{width}-after")


@WIDTHS
def test_a_picked_choice_shows_red_green_and_the_right_option(
    served, open_page, shots, width
) -> None:
    base, link, _ = served
    page = open_page(width)
    follow_link(page, link)
    page.goto(f"{base}/quiz?mode=choice")
    for n in range(12):  # the first option each time, until it is a wrong one
        page.wait_for_selector("#quiz .front")
        options = page.locator("ol.choices button")
        if not options.count():
            act(page, "#show")
        else:
            texts = options.all_inner_texts()
            if len(texts) < 4:
                assert page.inner_text("#quiz .fewer").startswith(f"(only {len(texts)} options:")
            act(page, "ol.choices li:nth-child(1) button")
            said = page.inner_text("#quiz .picked")
            if said.startswith("1 is wrong"):
                right = page.locator("ol.choices button.right")
                at = int(re.search(r"the right one is (\d+)", said)[1])
                assert texts[at - 1] == right.inner_text() and said.endswith(right.inner_text())
                wrong = page.locator("ol.choices li:nth-child(1) button")
                assert "wrong" in wrong.get_attribute("class")
                page.mouse.move(0, 0)
                assert wrong.evaluate("b => getComputedStyle(b).backgroundColor") == RED
                assert right.evaluate("b => getComputedStyle(b).backgroundColor") == GREEN
                fits(page)
                shots(page, f"choice-{width}-wrong")
                break
            assert said == "1 is right"
        page.wait_for_selector("#actions .ratings button")
        act(page, "#actions .ratings [data-rating='3']")
        expect(page.locator("#done")).to_have_text(str(n + 1))
    else:
        pytest.fail("never a wrong first option in 12 cards")


def test_terminal_and_web_count_the_cards_left_alike(served, open_page, tmp_path: Path) -> None:
    base, link, db = served
    argv = ["--notes", str(tmp_path / "notes"), "--db", db, "quiz", "--user", "me"]
    argv += ["--quizzes", str(tmp_path / "quizzes")]
    env = {"STUDYKIT_HOME": str(tmp_path / "home")}
    answered = CliRunner().invoke(cli, argv, input=" 1 3 3 4 1 q", env=env)
    assert answered.exit_code == 0, answered.output
    shown = CliRunner().invoke(cli, argv, input="q", env=env).output
    found = re.search(r"(\d+) new · (\d+) learning · (\d+) review", shown)
    assert found, shown
    page = open_page(DESKTOP)
    follow_link(page, link)
    web = page.request.get(f"{base}/api/next").json()["counts"]
    assert (web["new"], web["learning"], web["review"]) == tuple(map(int, found.groups()))
    assert web["learning"] >= 3  # the cards rated Again and Good, due within 20 minutes
