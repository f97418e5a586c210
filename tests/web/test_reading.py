"""Reading a note in Chromium at phone and desktop width: checks folded under their verdict,
tables that scroll sideways instead of breaking words, alignment kept, Notion's `<aside>`
with its lines, and a page that never scrolls sideways itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import DATA, USER_NOTE, follow_link

PHONE, DESKTOP = 390, 1280
READING = DATA / "reading" / "2024-08-21-activations.md"
WIDE = DATA / "cards-gold" / "notion-1.md"  # five columns of Korean prose

BROKEN_WORDS = """() => {
  const words = new Intl.Segmenter("ko", {granularity: "word"});
  const broken = [];
  for (const cell of document.querySelectorAll("article td, article th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of words.segment(node.data)) {
        if (!word.isWordLike) continue;
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word.segment.length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(word.segment);
      }
    }
  }
  return broken;
}"""
"""Words of table cells (Unicode word boundaries, as a Korean reader splits them) laid out
on more than one line: a word broken inside."""

LINES = """(selector) => {
  const tops = new Set();
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) tops.add(Math.round(rect.bottom));
  }
  return tops.size;
}"""
"""How many lines of text an element shows."""


def overflow(page: Any) -> int:
    """How far the page itself scrolls sideways (0: it does not)."""
    return int(page.evaluate("document.documentElement.scrollWidth - innerWidth"))


def height(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def log_in(served: tuple[str, str, str], page: Any) -> str:
    base, link, _ = served
    follow_link(page, link)
    page.wait_for_selector("main a[href='/notes/2024-08-14-boostcamp-day008']", state="attached")
    return base


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_the_users_note_reads_with_its_checks_folded(served, open_page, shots, width) -> None:
    page = open_page(width)
    base = log_in(served, page)
    page.goto(f"{base}/notes/{USER_NOTE.stem}")
    summaries = page.locator("article .check summary")
    checks = USER_NOTE.read_text(encoding="utf-8").count("```python check")
    setups = USER_NOTE.read_text(encoding="utf-8").count("```python setup")
    assert summaries.count() == checks + setups
    assert page.locator("[data-verdict]").count() == 0  # before any `studykit check`: quiet,
    said = page.inner_text("p.unchecked")  # and one line says so
    assert re.fullmatch(r"\d+ claims unchecked: studykit check", said)
    assert "check same-weights · 14 lines" in " ".join(summaries.nth(2).inner_text().split())
    assert page.locator("article pre:visible").count() == 0  # no check's code shows
    assert overflow(page) == 0

    # Notion's aside: its three lines stay three lines (more on a phone, never fewer)
    assert page.locator("article aside br").count() == 2
    lines = page.evaluate(LINES, "article aside")
    assert lines == 3 if width == DESKTOP else lines > 3
    shots(page, f"note-{width}", full_page=True)

    folded = height(page)
    page.evaluate("document.querySelectorAll('article .check details').forEach(d => d.open = 1)")
    assert page.locator("article pre:visible").count() == checks + setups
    unfolded = height(page)
    print(f"note page at {width} px: {folded} px folded, {unfolded} px with every check open")
    assert folded < 0.7 * unfolded
    summaries.first.click()  # a tap or click closes one again
    assert page.locator("article pre:visible").count() == checks + setups - 1


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_tables_scroll_sideways_and_keep_alignment(served, open_page, shots, width) -> None:
    page = open_page(width)
    base = log_in(served, page)
    notes = Path(served[2]).parent / "notes"
    shutil.copy(READING, notes)
    shutil.copy(WIDE, notes / "2024-08-07-models.md")

    page.goto(f"{base}/notes/{READING.stem}")
    assert page.evaluate(BROKEN_WORDS) == []
    assert "학습하지 못한다." in page.inner_text("article table")
    align = "el => getComputedStyle(el).textAlign"
    cells = page.locator("article tbody tr").first.locator("td")
    shown = [cells.nth(i).evaluate(align) for i in range(4)]
    assert shown == ["left", "center", "right", "start"]  # `---` is the page's own (left)
    assert page.locator("article thead th").nth(3).evaluate(align) == "left"  # `---`
    assert overflow(page) == 0
    shots(page, f"activations-{width}", full_page=True)

    page.goto(f"{base}/notes/2024-08-07-models")
    assert page.evaluate(BROKEN_WORDS) == []
    box = page.locator("article .table-scroll").first
    scrolls = box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert scrolls == (width == PHONE)  # the table scrolls in its box on a phone...
    assert overflow(page) == 0  # ...and the page never does
    assert box.get_attribute("tabindex") == "0"  # scrolled from the keyboard too
    narrowest = min(box.locator("td").evaluate_all("cells => cells.map(c => c.clientWidth)"))
    assert narrowest >= 40  # no column squeezed to a letter or two (17 px font)
    shots(page, f"wide-table-{width}", full_page=True)
