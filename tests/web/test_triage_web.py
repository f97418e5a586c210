"""The triage page in Chromium at 390 and 1280 px (issue 24): the logged-in learner's cards
not yet reviewed, one at a time, lowest quality first; keep, suspend, skip, and their own
copy of front and back, then dropped again; all kept in the store for them alone, never in
the deck file; no sideways scrolling on a phone."""

from __future__ import annotations

import re

import pytest
from helpers import follow_link, running_service

from studykit.accounts import user_id
from studykit.db import now, open_store
from studykit.review import session, store
from studykit.review.model import Selection
from studykit.review.sync import sync


def card_number(page) -> tuple[int, int]:
    found = re.search(r"Card (\d+) of (\d+)", page.locator("#card-heading").inner_text())
    assert found, page.inner_text("main")
    return int(found[1]), int(found[2])


@pytest.mark.parametrize("width", [390, 1280], ids=["390px", "1280px"])
def test_triage_keeps_suspends_skips_and_copies(open_page, shots, tmp_path, width) -> None:
    db_path = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=db_path) as (base, link, *_):
        page = open_page(width)
        follow_link(page, link)
        page.get_by_role("navigation").get_by_role("link", name="Triage").click()
        page.wait_for_url(f"{base}/triage")
        _, total = card_number(page)
        assert total > 3
        for name in ("Keep", "Suspend"):
            box = page.get_by_role("button", name=name).bounding_box()
            assert box and box["height"] >= 44  # a thumb's target at 390 px
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shots(page, f"triage-{width}", full_page=True)

        with open_store(db_path) as db:
            me = user_id(db, "me")
            ids = [c.id for c in store.cards(db)]
        refused = page.request.post(f"{base}/triage/{ids[0]}", form={"action": "keep"})
        assert refused.status == 403  # no CSRF token

        page.get_by_role("button", name="Keep").click()
        assert page.get_by_role("status").inner_text().startswith("Kept")
        assert card_number(page) == (1, total - 1)
        page.get_by_role("button", name="Suspend").click()
        assert page.get_by_role("status").inner_text().startswith("Suspended")
        page.get_by_role("link", name="Skip for now").click()
        assert card_number(page) == (2, total - 2)

        page.get_by_text("Edit my copy").click()
        page.get_by_label("Front").fill("내 질문")
        page.get_by_label("Back").fill("내 답\n둘째 줄")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shots(page, f"triage-copy-form-{width}", full_page=True)
        page.get_by_role("button", name="Save my copy").click()
        assert page.get_by_role("status").inner_text().startswith("Saved your copy")
        assert card_number(page) == (2, total - 3)  # the next card, in the copied one's place
        copies = page.locator("section[aria-labelledby=copies]")
        assert "내 질문" in copies.inner_text() and "둘째 줄" in copies.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shots(page, f"triage-copies-{width}", full_page=True)

        with open_store(db_path) as db:
            (copy,) = store.copies(db, me)
            assert (copy.front, copy.back) == ("내 질문", "내 답\n둘째 줄")  # CRLF sent, LF kept
            assert len(store.untriaged(db, me)) == total - 3 and len(store.suspended(db, me)) == 1
            other = user_id(db, "other")
            assert len(store.untriaged(db, other)) == total and store.copies(db, other) == []
        deck = next((tmp_path / "quizzes").glob("*.yaml")).read_text(encoding="utf-8")
        assert "내 질문" not in deck  # the author's deck is untouched

        copies.get_by_role("button", name="Use the author's text").click()
        page.wait_for_url(re.compile(r"#copies$"))
        assert page.get_by_role("status").inner_text().startswith("Dropped your copy")
        assert page.locator("section[aria-labelledby=copies]").count() == 0
        with open_store(db_path) as db:
            assert store.copies(db, me) == []


def test_the_web_quiz_asks_my_copy_and_grades_against_it(open_page, tmp_path) -> None:
    db_path = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=db_path) as (base, link, *_):
        with open_store(db_path) as db:
            sync(db, tmp_path / "notes", tmp_path / "quizzes")
            me, other = user_id(db, "me"), user_id(db, "other")
            (first,) = session.plan(db, me, Selection(), limit=1)
            store.save_copy(db, me, first.id, "내가 고친 질문", "게이트", now())
            assert session.plan(db, other, Selection(), limit=1)[0].front == first.front
        page = open_page(390)
        follow_link(page, link)
        page.goto(f"{base}/quiz?mode=type")
        page.wait_for_selector("#answer")
        assert "내가 고친 질문" in page.inner_text("#quiz .front")
        page.fill("#answer", "게이트")
        page.press("#answer", "Enter")
        page.wait_for_selector("#quiz .grade")
        assert "correct" in page.inner_text("#quiz .grade")
