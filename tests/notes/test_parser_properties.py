"""Property: whatever Markdown-like text a learner writes, the parser never crashes and every
topic and block it reports lies inside the file, in order."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studykit.errors import NoteError
from studykit.notes.parse import parse_note, source_lines

FRAGMENTS = [
    "# ",
    "## ",
    "### ",
    "- ",
    "  - ",
    "1. ",
    "1) ",
    "> ",
    "**",
    "*",
    "`",
    "```",
    "```python check",
    "$$",
    "$",
    "<aside>",
    "</aside>",
    "<details>",
    "<summary>",
    "</summary>",
    "</details>",
    "<div>",
    "</div>",
    "|",
    "|---|",
    ":",
    "장점:",
    "Q. ",
    "A. ",
    "==",
    "::",
    "---",
    "***",
    "    ",
    "\t",
    "한글",
    "각",
    "x_t",
    "h_{t-1}",
    "\\frac{a}{b}",
    "#tag",
    "[link](x)",
    "  ",
]
line = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=6).map("".join)
document = st.lists(line, max_size=40).map("\n".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_parser_never_crashes_and_lines_stay_inside_the_file(text: str) -> None:
    try:
        note = parse_note(text, "prop.md")
    except NoteError as err:
        assert 1 <= err.line <= max(1, len(source_lines(text)))
        return
    total = len(source_lines(text))
    previous = 0
    for topic in note.topics:
        assert 1 <= topic.line <= topic.end <= total
        assert topic.line > previous
        previous = topic.line
        for top in topic.blocks:
            for block in top.walk():
                assert topic.line <= block.line <= block.end <= topic.end, (topic, block)


front = st.lists(
    st.sampled_from(["title: x", "tags: [a", "- a", "date: 2024-13-45", ": :", "a: {", "한글"])
    | st.text(max_size=12),
    max_size=5,
).map("\n".join)
opened = st.tuples(front, document).map(lambda parts: f"---\n{parts[0]}\n---\n{parts[1]}")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(opened | st.text(max_size=3000))
def test_any_text_gives_a_note_or_a_reason_not_about_metadata(text: str) -> None:
    """No note is lost to its metadata: whatever follows an opening `---`, the file is a note
    (its body read as Markdown when the block is not front matter), or it is refused for a
    named reason about its text (empty, nested too deep), never about front matter."""
    try:
        note = parse_note(text, "any.md")
    except NoteError as err:
        assert "front matter" not in err.message
        assert err.message == "empty note" or "nested more than" in err.message
        return
    body = [b for t in note.topics for b in t.walk()]
    if note.warnings:  # the block was no mapping: everything after it was still read
        assert note.meta == {}
        assert body or any(t.level for t in note.topics) or not text.split("---", 2)[-1].strip()


def test_two_megabytes_of_text_give_a_note() -> None:
    line = "---\n- TCP: 연결 지향, 신뢰성 있는 전송 (3-way handshake) **중요**\n"
    text = (line * (2 * 1024 * 1024 // len(line.encode())))[: 2 * 1024 * 1024]
    note = parse_note(text, "big.md")
    assert note.lines > 20_000 and sum(1 for t in note.topics for _ in t.walk()) > 1000
