"""The learner's leeches on the stats page in Chromium at 390 and 1280 px (issue 24):
listed with the note's link, and the buttons unsuspend and keep change that learner's
marks only, with the page's CSRF token; a form without it is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import follow_link, running_service

from studykit.accounts import user_id
from studykit.db import open_store
from studykit.review import session, store
from studykit.review.model import Mode, Phase, Rating
from studykit.review.sync import sync

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def make_leech(db_path: str, folder: Path) -> str:
    """One card of the bundled note lapses once for `me`, whose leeches start at 1 lapse."""
    with open_store(db_path) as db:
        sync(db, folder / "notes", folder / "quizzes")
        me = user_id(db, "me")
        store.set_leech_lapses(db, me, 1)
        card = store.cards(db)[0]
        at = T0
        while (done := session.answer(db, me, card, Rating.GOOD, mode=Mode.FLIP, at=at)).phase != (
            Phase.REVIEW
        ):
            at = done.due
        session.answer(db, me, card, Rating.AGAIN, mode=Mode.FLIP, at=done.due + timedelta(1))
        assert [x.card.id for x in store.leeches(db, me)] == [card.id]
        return card.id


@pytest.mark.parametrize("width", [390, 1280], ids=["390px", "1280px"])
def test_leeches_listed_and_kept_from_the_stats_page(open_page, shots, tmp_path, width) -> None:
    db_path = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=db_path) as (base, link, *_):
        card_id = make_leech(db_path, tmp_path)
        page = open_page(width)
        follow_link(page, link)
        page.goto(f"{base}/stats")
        leeches = page.locator("section[aria-labelledby=leeches]")
        text = leeches.inner_text()
        assert "1 lapses · suspended" in text and card_id in text
        assert leeches.get_by_role("link", name="edit the note").count() == 1
        for name in ("unsuspend", "keep"):
            box = leeches.get_by_role("button", name=name).bounding_box()
            assert box and box["height"] >= 44  # a thumb's target at 390 px
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shots(page, f"leeches-{width}", full_page=True)

        refused = page.request.post(f"{base}/cards/{card_id}/mark", form={"action": "keep"})
        assert refused.status == 403
        leeches.get_by_role("button", name="unsuspend").click()
        page.wait_for_url(f"{base}/stats#leeches")
        assert (
            "1 lapses · asked again"
            in page.locator("section[aria-labelledby=leeches]").inner_text()
        )
        page.locator("section[aria-labelledby=leeches]").get_by_role("button", name="keep").click()
        page.wait_for_url(f"{base}/stats#leeches")
        assert page.locator("section[aria-labelledby=leeches]").count() == 0
        with open_store(db_path) as db:
            me = user_id(db, "me")
            assert store.leeches(db, me) == [] and store.suspended(db, me) == set()
