"""Search through a running `studykit serve`: `GET /api/search` with a token, and the search
page over HTTP and in Chromium at phone and desktop width."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import pytest
from helpers import follow_link, note_line, running_service

SLUG = "2024-08-14-boostcamp-day008"
EVIL = """# 위험한 노트

## 태그

<b>굵게</b> 쓰는 `<script>alert(1)</script>` 태그는 기울기와 상관없다.
"""


class Service(NamedTuple):
    base: str
    token: str
    notes: Path


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("search")
    with running_service(folder) as served:
        yield Service(served.base, served.token, folder / "notes")


def get(service: Service, path: str, **params: str) -> httpx.Response:
    auth = {"Authorization": f"Bearer {service.token}"}
    return httpx.get(f"{service.base}{path}", params=params, headers=auth)


def test_api_needs_a_token(service: Service) -> None:
    response = httpx.get(f"{service.base}/api/search", params={"q": "gate"})
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"


def test_api_hits_ranked_with_marks(service: Service) -> None:
    found = get(service, "/api/search", q="tanh가 기울기를").json()
    assert found["terms"] == ["tanh", "기울기"] and found["suggestions"] == []
    hit = found["hits"][0]  # the one passage holding both words, as `studykit search` ranks
    assert (hit["note"], hit["line"]) == (SLUG, note_line("activation함수인 tanh가"))
    assert hit["target"] == f"{SLUG}#1-explodingvanishing-gradient-문제"
    assert [hit["text"][start:end] for start, end in hit["marks"]] == ["tanh", "기울기", "gradient"]
    gate = get(service, "/api/search", q="gate", limit="3").json()["hits"]
    assert len(gate) == 3 and all(h["topic"] == "lstm" for h in gate)


def test_api_one_note_and_bounds(service: Service) -> None:
    hits = get(service, "/api/search", q="gate", note=SLUG).json()["hits"]
    assert hits and {h["note"] for h in hits} == {SLUG}
    missing = get(service, "/api/search", q="gate", note="day008")  # exact slugs only
    assert missing.status_code == 404 and missing.json()["title"] == "No such note"
    for bad in ({"q": "x" * 201}, {}, {"q": "a\x00b"}, {"q": "gate", "limit": "0"}):
        assert get(service, "/api/search", **bad).status_code == 422, bad


def test_a_note_added_while_serving_is_found_escaped_then_gone(service: Service) -> None:
    added = service.notes / "evil.md"
    added.write_text(EVIL, encoding="utf-8")
    try:
        hit = get(service, "/api/search", q="script 기울기").json()["hits"][0]
        assert hit["note"] == "evil" and hit["topic_title"] == "태그"
        page = get(service, "/search", q="script").text
        assert "굵게 쓰는 `&lt;<mark>script</mark>&gt;alert(1)&lt;/" in page  # tags left out
        assert "<script>alert" not in page and "<b>굵게" not in page
    finally:
        added.unlink()
    assert "evil" not in {
        h["note"] for h in get(service, "/api/search", q="script 기울기").json()["hits"]
    }


def test_nothing_found_suggests_the_closest_words(service: Service) -> None:
    found = get(service, "/api/search", q="Exploiding").json()
    assert found["hits"] == [] and found["suggestions"] == ["Exploding"]
    page = get(service, "/search", q="Exploiding").text
    assert 'Closest in the notes: <a href="/search?q=Exploding">Exploding</a>' in page


def test_search_page_in_a_browser(served, open_page, shots) -> None:
    """Typed into the box at 390 px (touch), results grouped by note with topic links and
    the words marked; nothing wider than the screen; then the same page at 1280 px."""
    base, link, _ = served
    page: Any = open_page(390)
    follow_link(page, link)
    page.goto(f"{base}/search")
    box = page.locator("input#q")
    assert box.get_attribute("type") == "search" and box.bounding_box()["height"] >= 44
    box.fill("기울기를")
    page.keyboard.press("Enter")
    page.wait_for_selector("section.found")
    assert re.fullmatch(r"\d+ hits in 1 note", page.locator("[role=status]").inner_text())
    assert page.locator("section.found h2").all_inner_texts() == [
        "<Day008> Naver Boostcamp AI Tech"
    ]
    topics = page.locator("section.found h3 a")
    assert topics.count() >= 2
    assert topics.first.get_attribute("href").startswith(f"/notes/{SLUG}#rnn-")
    assert page.locator("mark").all_inner_texts()[:2] == ["gradient", "기울기"]  # L60
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shots(page, "search-390", full_page=True)
    topics.first.tap()
    page.wait_for_url(f"**/notes/{SLUG}#rnn-*")
    page.go_back()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_selector("section.found")
    shots(page, "search-1280", full_page=True)
