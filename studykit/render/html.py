"""Notes rendered for the browser: markdown-it to HTML, math to MathML on the server
(latex2mathml), and everything sanitised by nh3 (ammonia), since notes may hold raw HTML.

Headings get the topic slugs as ids (the outline links to them); claims and checks that
`studykit check` judged get a `data-verdict` attribute the page styles as a badge.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import nh3
from latex2mathml.converter import convert
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from studykit.markdown import dialect, fence_name, runnable_fence
from studykit.notes.parse import CONTAINER_TAGS

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
_LINES = dialect(math=_math)
_LINES.options["breaks"] = True  # a container's text: each line of it shown as a line
_CONTAINER = re.compile(r"<([A-Za-z]+)(?:\s[^<>]*)?>")


def note_html(text: str, note: Note, marks: Mapping[int, str] | None = None) -> str:
    """The note's text as safe HTML; `marks` maps source lines to verdicts (of claims on
    their paragraphs, of checks on their fences; a check with none is shown unchecked)."""
    anchors = {topic.line: topic.slug for topic in note.topics if topic.level}
    tokens = _MD.parse(text)
    for index, token in enumerate(tokens):
        if not token.map:
            continue
        line = token.map[0] + 1
        if token.type == "heading_open" and line in anchors:
            token.attrSet("id", anchors[line])
        if marks is None:
            continue
        if token.type == "fence" and runnable_fence(token.info) == "check":
            token.attrSet("data-verdict", marks.get(line, "unchecked"))
        elif line in marks and token.type == "paragraph_open":
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
    """A check or setup block folds under a one-line summary (what it is, its name, its
    verdict, its length), so that the note reads as written; other code shows its info."""
    token = tokens[idx]
    body = html.escape(token.content)
    info = html.escape(token.info)
    language = html.escape(token.info.split()[0]) if token.info else ""
    code = f'<pre><code class="language-{language}">{body}</code></pre>'
    shown = f'<div class="fence-info">{info}</div>' if info else ""
    runnable = runnable_fence(token.info)
    if runnable is None:
        return f"<div>{shown}{code}</div>\n"
    verdict = token.attrGet("data-verdict")
    badge = f' data-verdict="{html.escape(str(verdict))}"' if verdict else ""
    name = fence_name(token.info)
    count = token.content.rstrip("\n").count("\n") + 1
    summary = (
        f'<summary class="fence-info"{badge}>{runnable}'
        f"{f' <strong>{html.escape(name)}</strong>' if name else ''}"
        f' <span class="meta">· {count} line{"" if count == 1 else "s"}</span></summary>'
    )
    return f'<div class="check"><details>{summary}{shown}{code}</details></div>\n'


def _table_open(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Tables scroll sideways in a box of their own on a narrow screen (the page never does),
    so that no cell has to break its words letter by letter."""
    return '<div class="table-scroll">' + renderer.renderToken(tokens, idx, options, env)


def _table_close(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return renderer.renderToken(tokens, idx, options, env) + "</div>\n"


def _alignment(state: StateCore) -> None:
    """A column's `:---:` / `---:` alignment as a class (the sanitiser drops `style`)."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and (style := token.attrGet("style")):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + str(style).removeprefix("text-align:"))


def _html_block(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Notion's `<aside>` with its text right under the tag (no blank line): that text is
    Markdown with one line per thought, so it is rendered as such, line breaks kept."""
    content = tokens[idx].content
    tag_line, _, rest = content.partition("\n")
    opened = _CONTAINER.fullmatch(tag_line.strip())
    if opened is None or opened[1].lower() not in CONTAINER_TAGS or not rest.strip():
        return content
    if rest.lstrip().startswith("<"):  # more HTML (a <summary>): left as written
        return content
    return tag_line + "\n" + str(_LINES.render(rest))


for _md in (_MD, _LINES):
    _md.add_render_rule("fence", _fence)
    _md.add_render_rule("table_open", _table_open)
    _md.add_render_rule("table_close", _table_close)
    _md.add_render_rule("html_block", _html_block)
    _md.core.ruler.push("alignment", _alignment)


@lru_cache(maxsize=8192)
def markdown_html(text: str) -> str:
    """A card's front or back as safe HTML (math as MathML); cached, as cards repeat."""
    return _scrollable(sanitize(_MD.render(text)))


def _scrollable(markup: str) -> str:
    """Code and display math scroll sideways on a narrow screen: they take the keyboard's
    focus too, so that they can be scrolled without a pointer (after sanitising, which
    drops every tabindex)."""
    markup = markup.replace("<pre>", '<pre tabindex="0">')
    markup = markup.replace('<div class="table-scroll">', '<div class="table-scroll" tabindex="0">')
    return markup.replace('<div class="math block">', '<div class="math block" tabindex="0">')


def sanitize(markup: str) -> str:
    """Keep structure, math and Notion's `<aside>`/`<details>`; drop scripts, event
    handlers, styles and `javascript:` links."""
    return nh3.clean(markup, tags=TAGS, attributes=ATTRIBUTES, link_rel="noopener noreferrer")
