"""The exam plan on the web (issue 24) on a real serve at the clock's date and zone: in
Chromium at 390 and 1280 px, the form makes the plan for the logged-in learner and the
forecast draws minutes per day (budget line) and recall per topic as inline SVG, readable
and whole at both widths, with tables as their text, axe clean and without sideways
scrolling; the quiz page says it follows the plan; a form without the CSRF token is
refused. Through the API, a simulated learner's quiz follows the active plan's new cards a
day and retention, and without one is as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from helpers import Clock, follow_link, running_service
from test_accessibility import audit

from studykit.accounts import user_id
from studykit.db import Database, open_store
from studykit.review import plan as exam_plan
from studykit.review import store
from studykit.review.model import Selection
from studykit.review.schedule import scheduler, step

OUTSIDE = (
    "svg => [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();"
    " return b.x < 0 || b.x + b.width > svg.viewBox.baseVal.width; }).map(t => t.textContent)"
)
"""The labels of a chart cut at its edge."""
SMALLEST = (
    "svg => Math.min(...[...svg.querySelectorAll('text')]"
    ".map(t => t.getBoundingClientRect().height))"
)
"""The height on screen of a chart's smallest label, in CSS pixels."""


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
        topics = forecast.locator("table.topics-recall tr").count() - 1
        assert topics >= 2
        charts = forecast.locator("svg.chart")
        assert charts.count() == 2
        for n in range(2):
            chart = charts.nth(n)
            assert chart.locator("title").first.text_content()
            assert chart.locator("desc").text_content()
            assert chart.get_attribute("role") == "img"
            assert chart.evaluate(OUTSIDE) == []  # no label cut at the chart's edge
            assert chart.evaluate(SMALLEST) >= 9  # readable on a phone
        minutes, recall = charts.nth(0), charts.nth(1)
        assert minutes.locator("rect").count() == 14 and minutes.locator("line.target").count()
        assert "budget 20 min" in (minutes.text_content() or "")
        assert recall.locator("rect").count() == min(topics, 15)
        assert "target 90%" in (recall.text_content() or "")
        assert f"exam on {exam}" in page.locator(".current").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = page.get_by_role("button", name="Plan").bounding_box()
        assert box and box["height"] >= 44
        found: dict[str, list[str]] = {}
        audit(page, "plan", found)
        shots(page, f"plan-{width}", full_page=True)
        with open_store(db_path) as db:
            kept = exam_plan.active(db, user_id(db, "me"), clock.at.date())
            assert kept is not None and kept.exam == exam
        drawn = forecast.locator("svg.chart").evaluate_all("all => all.map(c => c.outerHTML)")
        page.goto(f"{base}/plan")  # the plan kept is drawn again, as it was made
        assert forecast.locator("svg.chart").evaluate_all("a => a.map(c => c.outerHTML)") == drawn
        page.goto(f"{base}/quiz")
        said = page.locator(".following").inner_text()
        assert f"Following your plan for the exam on {exam}: {kept.new_per_day} new cards" in said
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        audit(page, "quiz following a plan", found)
        assert found == {}
        refused = page.request.post(f"{base}/plan", form={"exam": exam.isoformat()})
        assert refused.status == 403
        page.goto(f"{base}/plan")
        page.fill("input[name=exam]", clock.at.date().isoformat())
        page.get_by_role("button", name="Plan").click()
        assert "Give an exam day after today." in page.locator("[role=alert]").inner_text()


def learn_new_cards(base: str, token: str, query: str = "") -> list[dict[str, Any]]:
    """A simulated learner on the web quiz's API: takes /api/next's card and answers it
    Easy (a new card goes straight to review: no learning step comes back today), until
    no card is left; returns the answers' results."""
    headers = {"Authorization": f"Bearer {token}"}
    answered = []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for _ in range(200):
            shown = client.get(f"/api/next{query}")
            assert shown.status_code == 200, shown.text
            card = shown.json()["card"]
            if card is None:
                return answered
            saved = client.post("/api/reviews", json={"card_id": card["id"], "rating": 4})
            assert saved.status_code == 201, saved.text
            answered.append(saved.json())
    raise AssertionError("the quiz never ran out of cards")


def scheduled_at(db: Database, user: int, retention: float) -> bool:
    """Whether every answer of the learner was scheduled by FSRS at this retention."""
    fsrs = scheduler(retention, store.parameters(db, user))
    reviews = store.reviews(db, user)
    return bool(reviews) and all(
        step(None, r.rating, r.reviewed_at, fsrs)[1] == r.due for r in reviews
    )


def test_the_web_quiz_follows_an_active_plan(tmp_path, store_target: str, clock: Clock) -> None:
    """With an active plan, /api/next offers its new cards a day and the answers are
    scheduled at its retention; a request's own new_per_day still wins; with no plan (or
    once it is dropped), 20 a day (the bundled note has fewer) at FSRS's 0.9, as before."""
    with running_service(tmp_path, db=store_target, env=clock.env) as (base, _, token, *_):
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
            new = c.get("/api/next").json()["counts"]["new"]  # the cards synced first
        with open_store(store_target) as db:
            me = user_id(db, "me")
            assert new == min(20, len(store.cards(db, Selection()))) > 5
            exam = clock.at.date() + timedelta(days=14)
            made = exam_plan.make(db, me, Selection(), exam, minutes=10, at=clock.at)
            exam_plan.save(db, me, replace(made, retention=0.8, new_per_day=3))
        assert len(learn_new_cards(base, token)) == 3
        with open_store(store_target) as db:
            assert scheduled_at(db, me, 0.8) and not scheduled_at(db, me, 0.9)
        assert len(learn_new_cards(base, token, "?new_per_day=5")) == 2  # 3 already today
        with open_store(store_target) as db:
            exam_plan.drop(db, me)
        assert len(learn_new_cards(base, token)) == new - 5  # 20 a day: every one left
        with open_store(store_target) as db:
            later = [r for r in store.reviews(db, me)][5:]
            fsrs = scheduler(0.9)
            assert all(step(None, r.rating, r.reviewed_at, fsrs)[1] == r.due for r in later)
