"""Notes rendered for the browser: markdown-it to HTML, math to MathML on the server
(latex2mathml), and everything sanitised by nh3 (ammonia), since notes may hold raw HTML.

Headings get the topic slugs as ids (the outline links to them); claims and checks that
`studykit check` judged get a `data-verdict` attribute the page styles as a badge.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import nh3
from latex2mathml.converter import convert
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from studykit.markdown import dialect, runnable_fence

if TYPE_CHECKING:
    from studykit.notes.model import Note

MATHML_TAGS = {
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
    "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
    "mstyle", "mpadded", "mphantom", "menclose", "semantics", "annotation",
}  # fmt: skip
TAGS = nh3.ALLOWED_TAGS | MATHML_TAGS | {"section", "input"}
ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "class", "data-verdict", "data-line", "title"},
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form"},
    "mstyle": {"displaystyle", "scriptlevel"},
    "mtd": {"columnalign"},
    "mspace": {"width"},
    "input": {"type", "checked", "disabled"},
}


def _math(content: str, options: dict[str, Any]) -> str:
    """MathML; `h_(t-1)` keeps its underscore, as in the terminal (LaTeX would subscript only
    the parenthesis, which is not what the author meant)."""
    display = "block" if options.get("display_mode") else "inline"
    try:
        return convert(content.strip().replace("_(", r"\_("), display=display)
    except Exception:  # latex2mathml cannot read it: show the source, as written
        return f'<code class="math-source">{html.escape(content)}</code>'


_MD = dialect(math=_math)


def note_html(text: str, note: Note, marks: Mapping[int, str] | None = None) -> str:
    """The note's text as safe HTML; `marks` maps source lines to verdicts (of claims on
    their paragraphs, of checks on their fences)."""
    anchors = {topic.line: topic.slug for topic in note.topics if topic.level}
    tokens = _MD.parse(text)
    for index, token in enumerate(tokens):
        if not token.map:
            continue
        line = token.map[0] + 1
        if token.type == "heading_open" and line in anchors:
            token.attrSet("id", anchors[line])
        if marks and line in marks and token.type in ("paragraph_open", "fence"):
            _mark(tokens, index, marks[line])
    return _scrollable(sanitize(_MD.renderer.render(tokens, _MD.options, {})))


def _mark(tokens: list[Token], index: int, verdict: str) -> None:
    """Badge a claim once: on its paragraph, or on its list item where the list is tight
    (markdown-it then renders no `<p>`, so the paragraph's attributes would be lost)."""
    token = tokens[index]
    if token.hidden:
        token = next(t for t in reversed(tokens[:index]) if t.type == "list_item_open")
    token.attrSet("data-verdict", verdict)
    token.attrSet("class", "claim")


def _fence(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Fences keep their verdict attributes (markdown-it's default drops them); the code of
    a check or setup block folds under its info line, so that the note reads as written."""
    token = tokens[idx]
    body = html.escape(token.content)
    language = html.escape(token.info.split()[0]) if token.info else ""
    verdict = token.attrGet("data-verdict")
    badge = f' class="check" data-verdict="{verdict}"' if verdict else ""
    code = f'<pre><code class="language-{language}">{body}</code></pre>'
    if runnable_fence(token.info):
        summary = f'<summary class="fence-info">{html.escape(token.info)}</summary>'
        return f"<div{badge}><details>{summary}{code}</details></div>\n"
    info = f'<div class="fence-info">{html.escape(token.info)}</div>' if token.info else ""
    return f"<div{badge}>{info}{code}</div>\n"


_MD.add_render_rule("fence", _fence)


@lru_cache(maxsize=8192)
def markdown_html(text: str) -> str:
    """A card's front or back as safe HTML (math as MathML); cached, as cards repeat."""
    return _scrollable(sanitize(_MD.render(text)))


def _scrollable(markup: str) -> str:
    """Code and display math scroll sideways on a narrow screen: they take the keyboard's
    focus too, so that they can be scrolled without a pointer (after sanitising, which
    drops every tabindex)."""
    markup = markup.replace("<pre>", '<pre tabindex="0">')
    return markup.replace('<div class="math block">', '<div class="math block" tabindex="0">')


def sanitize(markup: str) -> str:
    """Keep structure, math and Notion's `<aside>`/`<details>`; drop scripts, event
    handlers, styles and `javascript:` links."""
    return nh3.clean(markup, tags=TAGS, attributes=ATTRIBUTES, link_rel="noopener noreferrer")
