"""The one Markdown dialect of studykit: what the parser reads, the browser shows and Anki
gets. CommonMark, tables, strikethrough, Jekyll front matter and `$`/`$$` math, on
markdown-it-py with mdit-py-plugins.

Each user picks only how raw HTML and math are rendered; the syntax is the same everywhere,
so a card never renders differently from the note it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

MAX_DEPTH = 30
"""Lists or quotes nested deeper than this make a note invalid: markdown-it silently drops
everything after a block nested past its limit, and a note must never lose text quietly."""

MathRenderer = Callable[[str, dict[str, Any]], str]


def runnable_fence(info: str) -> str | None:
    """`"check"` or `"setup"` for studykit's runnable fences (```` ```python check ... ````,
    ```` ```python setup ````), else None: the one test the checks, cards and renderers share."""
    words = info.split(maxsplit=2)[:2]
    if len(words) == 2 and words[0] == "python" and words[1] in ("check", "setup"):
        return words[1]
    return None


def fence_name(info: str) -> str:
    """The `name=` of a runnable fence's info string, or "": what the terminal and the page
    show of a folded check."""
    import shlex

    try:
        words = shlex.split(info)
    except ValueError:  # unbalanced quotes: the check reports it; show the words as they are
        words = info.split()
    return next((w.removeprefix("name=") for w in words if w.startswith("name=")), "")


def dialect(*, html: bool = True, math: MathRenderer | None = None) -> MarkdownIt:
    """A parser (and renderer) of the notes' dialect.

    `html`: read raw HTML as HTML (Notion's `<aside>`; sanitise what is rendered), as
    CommonMark does; False escapes it as text (Anki's fields).
    `math`: how `$...$` and `$$...$$` are rendered (default: markdown-it's `<eqn>`).
    """
    md = MarkdownIt("commonmark", {"html": html, "maxNesting": 2 * MAX_DEPTH + 10})
    md.enable("table").enable("strikethrough").use(front_matter_plugin)
    return md.use(dollarmath_plugin, allow_digits=False, double_inline=True, renderer=math)
