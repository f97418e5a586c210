"""The stats page in Chromium at phone and desktop width, over a month of answers recorded
through the core on the service's own store: inline SVG charts with titles, labels and
legends, their figures as tables, topic links that land on the topic, no script, no
sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from helpers import Clock, follow_link, running_service

from studykit.accounts import user_id
from studykit.db import now, open_store
from studykit.review import session, store
from studykit.review.model import Mode, Rating
from studykit.review.sync import sync

PHONE, DESKTOP = 390, 1280


def study_a_month(db_path: str, folder: Path) -> set[str]:
    """Every card of the bundled note learnt a month ago; at its first review, the cards of
    one topic forgotten (Again, then relearnt), the others remembered. Returns that topic."""
    with open_store(db_path) as db:
        sync(db, folder / "notes", folder / "quizzes")
        user = user_id(db, "me")
        cards = store.cards(db)
        weak = cards[-1].topic
        start = now() - timedelta(days=30)
        for card in cards:
            first = session.answer(db, user, card, Rating.EASY, mode=Mode.FLIP, at=start)
            if card.topic == weak:
                session.answer(db, user, card, Rating.AGAIN, mode=Mode.FLIP, at=first.due)
                later = first.due + timedelta(minutes=10)
                session.answer(db, user, card, Rating.GOOD, mode=Mode.FLIP, at=later)
            else:
                session.answer(db, user, card, Rating.GOOD, mode=Mode.FLIP, at=first.due)
    return {weak}


@pytest.fixture
def dated(tmp_path: Path, clock: Clock) -> Iterator[tuple[str, str, str]]:
    """`studykit serve` (base URL, login link, store path) on the clock's day and zone."""
    db = str(tmp_path / "store.sqlite3")
    with running_service(tmp_path, db=db, env=clock.env) as (base, link, *_):
        yield base, link, db


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_stats_page_draws_the_charts(dated, open_page, shots, tmp_path: Path, width) -> None:
    base, link, db_path = dated
    weak = study_a_month(db_path, tmp_path)
    page = open_page(width)
    follow_link(page, link)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/stats")
    html = page.content()
    assert "<script" not in html and " onclick" not in html  # the CSP allows neither

    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for n in range(3):
        chart = charts.nth(n)
        assert chart.locator("title").first.text_content()
        assert chart.locator("desc").text_content()
        assert chart.get_attribute("aria-labelledby")
    heatmap = charts.nth(0)
    labels = heatmap.locator("text").all_text_contents()
    assert {"Mon", "Wed", "Fri", "answers a day:"} <= set(labels)
    assert now().astimezone().strftime("%b") in labels or any(
        label in labels for label in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                      "Sep", "Oct", "Nov", "Dec")
    )  # fmt: skip
    outside = heatmap.evaluate(
        "svg => [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();"
        " return b.x < 0 || b.x + b.width > svg.viewBox.baseVal.width; }).map(t => t.textContent)"
    )
    assert outside == []  # no label cut at the chart's edge ("De" on 3 December)
    today = now().astimezone().date()
    assert heatmap.locator("rect > title").filter(has_text=f"{today:%Y-%m-%d}").count() == 1
    forecast, retention = charts.nth(1), charts.nth(2)
    assert forecast.locator("rect").count() >= 1 and "today" in forecast.inner_html()
    assert retention.locator("line.target").count() == 1  # the desired retention
    bars = retention.locator("rect > title").all_text_contents()
    assert bars and all(b.startswith("week of ") and b.endswith(" remembered") for b in bars)
    main = " ".join(page.inner_text("main").split())
    assert "desired 90%" in main and "overdue" in main and "Recall, last 30 days:" in main
    calibration = page.locator("section[aria-labelledby=calibration]")
    assert "Are FSRS's predictions right for you?" in calibration.inner_text()
    assert "not fitted" in calibration.locator("table.calibration").inner_text()
    assert calibration.locator("table.bins tr").count() >= 2  # a bin at least
    assert "more needed" in calibration.locator(".too-few").inner_text()  # a month is little

    tables = page.locator("details.figures")
    assert tables.count() == 4  # every chart's figures as text
    tables.nth(2).locator("summary").click()
    assert "remembered" in tables.nth(2).inner_text()

    topics = page.locator("ol.topics li")
    assert topics.count() >= 3
    first = topics.first.locator("a")
    assert unquote(first.get_attribute("href")) == f"/notes/{next(iter(weak))}"  # weakest first
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shots(page, f"stats-{width}", full_page=True)
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [(v["id"], v["help"]) for v in violations if v["impact"] in {"serious", "critical"}]
    assert not blocking  # axe-core finds nothing serious on the page, details open or not

    for href in topics.locator("a").evaluate_all("links => links.map(a => a.href)")[:3]:
        page.goto(href)
        anchor = unquote(urlparse(href).fragment)
        assert page.locator(f"[id='{anchor}']").count() == 1, href

    figures = page.request.get(f"{base}/api/stats").json()
    assert figures["recent_answers"] > 0 and len(figures["due_next_30_days"]) == 30
    assert figures["topics"][0]["note"] + "#" + figures["topics"][0]["topic"] in weak
    assert figures["desired_retention"] == 0.9
    assert figures["calibration"]["more_needed"] > 0 and figures["calibration"]["own"] is None
