"""Notes rendered for the terminal with rich: inline Markdown styled, math shown in Unicode.

Rendering works from the parsed blocks (studykit.notes), so what the terminal shows is what
cards and checks see; inline Markdown inside a block is tokenised by the same markdown-it.
Badges for check verdicts are drawn here too, for `show` and the `check` ledger.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

if TYPE_CHECKING:  # the parser and most of rich load on first use: the quiz starts sooner
    from markdown_it.token import Token
    from rich.table import Table

    from studykit.checks.ledger import Claim
    from studykit.notes.model import Block, Note, Topic

_KEEP = {"_(": "\x00", "^(": "\x01"}
_OPERATOR = re.compile(
    r"\\(arccos|arcsin|arctan|arg|cosh|cos|coth|cot|csc|deg|det|dim|exp|gcd|inf|ker|lim|ln|"
    r"log|max|min|Pr|sec|sinh|sin|sup|tanh|tan|softmax|argmax|argmin)(?![A-Za-z])"
)
_TEXT = re.compile(r"\\(?:text|mathrm|operatorname|textrm)\{([^{}]*)\}")
HEADING_STYLES = {1: "bold magenta", 2: "bold cyan", 3: "bold green", 4: "bold yellow"}
MATH_STYLE = "italic bright_magenta"


def latex_to_unicode(source: str) -> str:
    """LaTeX math as readable Unicode: `h_{t-1}` → `hₜ₋₁`, `\\alpha` → `α`.

    unicodeit converts what Unicode can express and leaves the rest verbatim (`f_w`, since
    there is no subscript w); operator names (`\\tanh`) and `\\text{...}` become plain
    words. `h_(t-1)` is kept as written: LaTeX would subscript only the parenthesis, which
    is not what the author meant.
    """
    import unicodeit

    source = _TEXT.sub(r"\1", _OPERATOR.sub(r"\1", source))
    for keep, mark in _KEEP.items():
        source = source.replace(keep, mark)
    result = str(unicodeit.replace(source))
    for keep, mark in _KEEP.items():
        result = result.replace(mark, keep)
    return result


def inline(text: str, style: str = "") -> Text:
    """Inline Markdown (bold, italic, code, math, links) as styled rich Text."""
    from studykit.notes.parse import MD

    out = Text(style=style)
    styles: list[str] = []
    tokens = MD.parseInline(text)[0].children or []
    for token in tokens:
        kind = token.type
        if kind.endswith("_open"):
            styles.append(_open_style(token))
        elif kind.endswith("_close"):
            styles.pop() if styles else None
        elif kind == "math_inline" or kind == "math_inline_double":
            out.append(latex_to_unicode(token.content), " ".join([*styles, MATH_STYLE]))
        elif kind == "code_inline":
            out.append(token.content, " ".join([*styles, "bold cyan"]))
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "image":
            out.append(f"[image: {token.content}]", "dim")
        else:  # text, html_inline
            out.append(token.content, " ".join(styles) or None)
    return out


def _open_style(token: Token) -> str:
    if token.type == "link_open":
        return f"underline blue link {token.attrGet('href')}"
    return {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}.get(token.type, "")


BADGES = {
    "verified": ("✓ verified", "bold green"),
    "refuted": ("✗ refuted", "bold red"),
    "partly": ("◐ partly", "bold yellow"),
    "failed": ("! check failed", "bold yellow"),
    "stale": ("? stale", "yellow"),
    "unchecked": ("· unchecked", "dim"),
    "skipped": ("- check skipped", "dim"),
    "xfailed": ("- check xfailed", "dim"),
}
"""Label and style of each check's and claim's verdict (keyed by value, so that drawing
does not import the checks package)."""

Marks = Mapping[int, str]
"""Source line -> the verdict shown on it (checks.ledger.marks)."""


def badge(verdict: str) -> Text:
    label, style = BADGES.get(verdict, (verdict, "bold"))
    return Text(label, style=style)


def render_claims(
    claims: list[Claim], readings: bool = True, headings: bool = True
) -> RenderableType:
    """Claims grouped by note and topic (`headings`), each with its verdict, and under it
    (`readings`) each check with its result and the reading of the claim it tested."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    place: tuple[str, str] | None = None
    for claim in claims:
        if headings and place != (claim.note, claim.topic):
            if place is None or place[0] != claim.note:
                grid.add_row("", "", Text(claim.note, style="bold"))
            grid.add_row("", "", Text(f"#{claim.topic}", style="cyan"))
            place = (claim.note, claim.topic)
        grid.add_row(Text(f"L{claim.line}", style="dim"), badge(claim.verdict), inline(claim.text))
        for check in claim.checks if readings else []:
            shown = badge("stale" if check.stale else check.verdict)
            text = Text.assemble((check.name, "bold"), (f"  {check.reading}", "dim"))
            grid.add_row("", Text.assemble("  ", shown), text)
    return grid


def render_note(
    note: Note, topic: Topic | None = None, marks: Marks | None = None, checks: bool = False
) -> Group:
    """A whole note, or one topic with its subtopics, ready for Console.print.

    `marks` maps source lines to verdicts: the claims and checks on those lines get a badge
    (✓ verified, ✗ refuted, ◐ partly...). The code of `python check` and `python setup`
    blocks is folded to one line each unless `checks`: the note reads as the author wrote it.
    """
    topics = note.subtree(topic) if topic else note.topics
    header = Text(note.title, style="bold")
    details = " · ".join(filter(None, [note.date, ", ".join(note.tags)]))
    parts: list[RenderableType] = [header]
    if details:
        parts.append(Text(details, style="dim"))
    for shown in topics:
        parts.append(Text())
        if shown.level:
            marker = "#" * shown.level + " "
            parts.append(Text(marker + shown.title, style=HEADING_STYLES.get(shown.level, "bold")))
        parts.extend(render_blocks(shown.blocks, marks or {}, fold=not checks))
    return Group(*parts)


def render_blocks(
    blocks: list[Block], marks: Marks | None = None, fold: bool = False
) -> list[RenderableType]:
    out: list[RenderableType] = []
    for block in blocks:
        renderable = _render(block, marks or {}, fold)
        if renderable is not None:
            out.append(renderable)
    return out


def _badged(text: Text, line: int, marks: Marks) -> Text:
    if line not in marks:
        return text
    return Text.assemble(badge(marks[line]), " ", text)


def _render(block: Block, marks: Marks, fold: bool) -> RenderableType | None:
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.rule import Rule

    from studykit.markdown import runnable_fence
    from studykit.notes.model import BlockKind

    kind = block.kind
    if kind == BlockKind.PARAGRAPH:
        return _badged(inline(block.text), block.line, marks)
    if kind == BlockKind.LABEL:
        return inline(block.text + (":" if block.info == ":" else ""), "bold yellow")
    if kind == BlockKind.HEADING:
        return inline(block.text, "bold")
    if kind == BlockKind.LIST:
        return _list(block, marks, fold)
    if kind == BlockKind.MATH:
        return Padding(Text(latex_to_unicode(block.text), style=MATH_STYLE), (0, 4))
    if kind == BlockKind.CODE and fold and (what := runnable_fence(block.info)):
        return _folded(block, what, marks)
    if kind == BlockKind.CODE:
        from rich.syntax import Syntax

        lexer = block.info.split()[0] if block.info else "text"
        code = Syntax(block.text.rstrip("\n"), lexer, theme="ansi_dark", word_wrap=True)
        if block.line in marks:
            title = _badged(Text(block.info, style="dim"), block.line, marks)
            return Panel(code, title=title, title_align="left", border_style="dim")
        return code
    if kind == BlockKind.TABLE:
        return _table(block.text)
    if kind == BlockKind.QUOTE:
        return Panel(Group(*render_blocks(block.children, marks, fold)), border_style="dim")
    if kind == BlockKind.HTML and block.children:
        title = inline(block.text) if block.text else Text(block.info, style="dim")
        children = Group(*render_blocks(block.children, marks, fold))
        return Panel(children, title=title, title_align="left")
    if kind == BlockKind.HTML:
        return Text(block.text, style="dim")
    if kind == BlockKind.HR:
        return Rule(style="dim")
    return None


def _folded(block: Block, what: str, marks: Marks) -> Text:
    """A check or setup block (`what`) as one line: what it is, its verdict, how long it is."""
    import shlex

    try:
        words = shlex.split(block.info)
    except ValueError:  # unbalanced quotes: the check reports it; show the words as they are
        words = block.info.split()
    name = next((w.removeprefix("name=") for w in words if w.startswith("name=")), "")
    count = block.text.rstrip("\n").count("\n") + 1
    size = f"{count} line" if count == 1 else f"{count} lines"
    shown = Text.assemble(("▸ ", "dim"), (what, "dim"), (f" {name}" if name else "", "dim"))
    if block.line in marks:
        shown.append("  ")
        shown.append_text(badge(marks[block.line]))
    return shown.append(f"  ({size}: show --checks)", "dim")


def _list(block: Block, marks: Marks, fold: bool) -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for number, item in enumerate(block.children, start=1):
        marker = item.info if block.info == "ordered" else "•"
        children = render_blocks(item.children, marks, fold)
        body = [_badged(inline(item.text), item.line, marks), *children]
        grid.add_row(Text(marker or str(number), style="dim"), Group(*body))
    return grid


def _table(source: str) -> Table:
    from rich.table import Table

    from studykit.notes.parse import MD

    table = Table(show_lines=False, header_style="bold")
    row: list[Text] = []
    in_head = False
    for token in MD.parse(source):
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "inline":
            row.append(inline(token.content))
        elif token.type == "tr_close":
            if in_head:
                for cell in row:
                    table.add_column(cell)
            else:
                table.add_row(*row)
            row = []
    return table


_MARKUP = re.compile(r"[*_`$\[\]<>|\\~=#&]|^\s*(?:[-+>]|\d+[.)])(?:\s|$)|^ {4}|\t", re.M)


def render_markdown(text: str) -> RenderableType:
    """A snippet of Markdown (a card's front or back) rendered like a note's blocks.

    Text without any Markdown syntax is shown as it is, without loading the parser: most
    card fronts are plain, and the quiz shows its first card sooner for it.
    """
    if not _MARKUP.search(text):
        return Text(text.strip())
    from studykit.notes.parse import parse_note

    blocks = [b for topic in parse_note(text, "card.md").topics for b in topic.blocks]
    return Group(*render_blocks(blocks))
