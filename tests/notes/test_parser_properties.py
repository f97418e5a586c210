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
