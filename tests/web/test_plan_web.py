"""The exam plan on the web (issue 24) in Chromium at 390 and 1280 px, on a real serve at
the clock's date and zone: the form makes the plan for the logged-in learner, the forecast
shows the statement, minutes per day and recall per topic without sideways scrolling, and
the plan is kept for the quiz; a form without the CSRF token is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers import Clock, follow_link, running_service

from studykit.accounts import user_id
from studykit.db import open_store
from studykit.review import plan as exam_plan


@pytest.mark.parametrize("width", [390, 1280], ids=["390px", "1280px"])
def test_plan_from_the_web(open_page, shots, tmp_path, clock: Clock, width) -> None:
    db_path = str(tmp_path / "store.sqlite3")
    exam = (clock.at + timedelta(days=14)).date()
    with running_service(tmp_path, db=db_path, env=clock.env) as (base, link, *_):
        page = open_page(width)
        follow_link(page, link)
        page.goto(f"{base}/stats")
        page.get_by_role("link", name="Plan for an exam day").click()
        page.fill("input[name=exam]", exam.isoformat())
        page.fill("input[name=minutes]", "20")
        page.get_by_role("button", name="Plan").click()
        forecast = page.locator("section[aria-labelledby=forecast]")
        assert "Target met: predicted recall" in forecast.inner_text()
        assert forecast.locator("table.minutes tr").count() == 1 + 14
        assert forecast.locator("table.topics-recall tr").count() >= 2
        assert f"exam on {exam}" in page.locator(".current").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = page.get_by_role("button", name="Plan").bounding_box()
        assert box and box["height"] >= 44
        shots(page, f"plan-{width}", full_page=True)
        with open_store(db_path) as db:
            kept = exam_plan.active(db, user_id(db, "me"), clock.at.date())
            assert kept is not None and kept.exam == exam
        refused = page.request.post(f"{base}/plan", form={"exam": exam.isoformat()})
        assert refused.status == 403
        page.fill("input[name=exam]", clock.at.date().isoformat())
        page.get_by_role("button", name="Plan").click()
        assert "Give an exam day after today." in page.locator("[role=alert]").inner_text()
