"""A learner in a real browser: Debian's Chromium driven by Playwright, against a real
`studykit serve` on loopback. Screenshots of the note and quiz pages go to the test's
folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import follow_link, running_service
from playwright.sync_api import expect


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, login link) of a studykit service started as a learner would start it."""
    with running_service(tmp_path) as (base, link, *_):
        yield base, link


@pytest.fixture
def page(open_page):
    return open_page(1000)


def test_learner_reads_the_note_and_takes_a_quiz(server, page, tmp_path: Path) -> None:
    base, link = server
    follow_link(page, link)
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
        expect(page.locator("#done")).to_have_text(str(answered))
    page.goto(f"{base}/stats")
    assert "Recall, last 30 days: 100% of 3 answers" in " ".join(page.inner_text("main").split())
    assert (tmp_path / "note.png").stat().st_size > 10_000
    assert (tmp_path / "quiz.png").stat().st_size > 5_000


def answer_until(page, front: str, done: int) -> int:
    """Rate the cards shown before the one asking `front` Easy, by keys; the answers so far."""
    while page.inner_text("#quiz .front") != front:
        if page.locator("#answer").count():
            page.fill("#answer", "모름")
            page.press("#answer", "Enter")
        else:
            page.keyboard.press("1" if page.locator("ol.choices").count() else "Space")
        page.wait_for_selector("#quiz .answer")
        page.keyboard.press("4")
        done += 1
        expect(page.locator("#done")).to_have_text(str(done))
    return done


def test_type_and_choice_modes_in_the_browser(server, page) -> None:
    base, link = server
    follow_link(page, link)
    page.goto(f"{base}/quiz?mode=type&target=day008%23lstm")
    page.wait_for_selector("#answer")
    done = answer_until(page, "forget gate", 0)  # a check's question may come first
    page.fill("#answer", "얼마나 잊어버릴지 컨트롤")
    page.press("#answer", "Enter")
    page.wait_for_selector("#quiz .grade")
    assert "near miss" in page.inner_text("#quiz .grade")
    assert page.locator("#quiz .grade ins").count() >= 1  # the missing part, marked
    assert "Enter: 2" in page.inner_text("#keys")
    page.keyboard.press("Enter")
    done += 1
    expect(page.locator("#done")).to_have_text(str(done))

    page.goto(f"{base}/quiz?mode=choice&target=day008%23lstm")
    page.wait_for_selector("#quiz .front")
    answered = answer_until(page, "input gate", 0)
    choices = page.locator("#quiz ol.choices li").all_inner_texts()
    assert len(choices) == 4 and "얼마나 기억할 지를 컨트롤" in choices
    page.keyboard.press(str(choices.index("얼마나 기억할 지를 컨트롤") + 1))
    page.wait_for_selector("#quiz .grade")
    assert (
        page.inner_text("#quiz .grade")
        == f"{choices.index('얼마나 기억할 지를 컨트롤') + 1} is right"
    )
    page.keyboard.press("Enter")
    answered += 1
    expect(page.locator("#done")).to_have_text(str(answered))
    page.goto(f"{base}/stats")
    assert f"of {done + answered} answers" in page.inner_text("main")


def test_enter_while_composing_hangul_does_not_submit(server, page) -> None:
    """An IME (Chromium's own, driven over CDP) composing the last syllable: Enter then
    ends the syllable, it does not check the answer; the next Enter does."""
    base, link = server
    follow_link(page, link)
    page.goto(f"{base}/quiz?mode=type&target=day008%23lstm")
    page.wait_for_selector("#answer")
    ime = page.context.new_cdp_session(page)
    page.fill("#answer", "얼마나 잊어버릴 지를 컨트")
    ime.send("Input.imeSetComposition", {"text": "로", "selectionStart": 1, "selectionEnd": 1})
    assert page.evaluate("document.getElementById('answer').value").endswith("컨트로")
    page.keyboard.press("Enter")  # keydown with isComposing: the IME's, not the page's
    page.wait_for_timeout(300)
    assert page.locator("#quiz .grade").count() == 0 and page.is_enabled("#answer")
    ime.send("Input.insertText", {"text": "롤"})  # the syllable committed
    page.keyboard.press("Enter")
    page.wait_for_selector("#quiz .grade")
    assert page.inner_text(".grade dd.yours") == "얼마나 잊어버릴 지를 컨트롤"  # whole
