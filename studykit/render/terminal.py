"""Notes rendered for the terminal with rich: inline Markdown styled, math shown in Unicode.

Rendering works from the parsed blocks (studykit.notes), so what the terminal shows is what
cards and checks see; inline Markdown inside a block is tokenised by the same markdown-it.
Badges for check verdicts are drawn here too, for `show` and the `check` ledger.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import (
    Console,
    ConsoleOptions,
    Group,
    JustifyMethod,
    RenderableType,
    RenderResult,
)
from rich.text import Text

from studykit.render.latex import latex_to_unicode

if TYPE_CHECKING:  # the parser and most of rich load on first use: the quiz starts sooner
    from markdown_it.token import Token
    from rich.table import Table

    from studykit.checks.ledger import Claim
    from studykit.notes.model import Block, Note, Topic

HEADING_STYLES = {1: "bold magenta", 2: "bold cyan", 3: "bold green", 4: "bold yellow"}
MATH_STYLE = "italic bright_magenta"


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
    from studykit.markdown import runnable_fence
    from studykit.notes.model import BlockKind

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
            if shown.blocks:
                parts.append(Text())
        parts.extend(render_blocks(shown.blocks, marks or {}, fold=not checks, spaced=True))
    fences = (b for t in topics for b in t.walk() if b.kind == BlockKind.CODE)
    if not checks and any(runnable_fence(b.info) for b in fences):
        parts += [Text(), Text("Checks are folded: show --checks for their code.", style="dim")]
    return Group(*parts)


def render_blocks(
    blocks: list[Block], marks: Marks | None = None, fold: bool = False, spaced: bool = False
) -> list[RenderableType]:
    """Each block rendered; `spaced`: a blank line between blocks, as between paragraphs,
    except after a label (it names the block under it) and between folded checks (one
    list of them)."""
    out: list[RenderableType] = []
    previous: Block | None = None
    for block in blocks:
        renderable = _render(block, marks or {}, fold)
        if renderable is None:
            continue
        if spaced and previous and not _together(previous, block, fold):
            out.append(Text())
        out.append(renderable)
        previous = block
    return out


def _together(previous: Block, block: Block, fold: bool) -> bool:
    from studykit.markdown import runnable_fence
    from studykit.notes.model import BlockKind

    if previous.kind == BlockKind.LABEL:
        return True
    folded = [
        fold and b.kind == BlockKind.CODE and runnable_fence(b.info) for b in (previous, block)
    ]
    return all(folded)


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
    if kind == BlockKind.CODE:
        return _code(block, runnable_fence(block.info), marks, fold)
    if kind == BlockKind.TABLE:
        return _table(block.text)
    if kind == BlockKind.QUOTE:
        children = render_blocks(block.children, marks, fold, spaced=True)
        return Panel(Group(*children), border_style="dim")
    if kind == BlockKind.HTML and block.children:
        title = inline(block.text) if block.text else Text(block.info, style="dim")
        children = render_blocks(block.children, marks, fold, spaced=True)
        return Panel(Group(*children), title=title, title_align="left")
    if kind == BlockKind.HTML:
        return Text(block.text, style="dim")
    if kind == BlockKind.HR:
        return Rule(style="dim")
    return None


def _code(block: Block, runnable: str | None, marks: Marks, fold: bool) -> RenderableType:
    """Code in a frame titled by its info string; a check or setup block (`runnable`) titled
    by what it is, its name and verdict, and folded to that title line when `fold`."""
    from rich.panel import Panel

    from studykit.markdown import fence_name

    title = Text(block.info, style="dim")
    if runnable:
        title = Text.assemble(("▸ " if fold else "", "dim"), (runnable, "dim"))
        if name := fence_name(block.info):
            title.append(f" {name}", "dim")
        # a check without a mark is unchecked once any check has run (`marks` not empty)
        verdict = marks.get(block.line, "unchecked" if runnable == "check" and marks else None)
        if verdict:
            title.append_text(Text.assemble("  ", badge(verdict)))
    elif block.line in marks:
        title = _badged(title, block.line, marks)
    if runnable and fold:
        count = block.text.rstrip("\n").count("\n") + 1
        return title.append(f"  ({count} line{'' if count == 1 else 's'})", "dim")
    lexer = block.info.split()[0] if block.info else "text"
    code = Code(block.text.rstrip("\n"), lexer)
    return Panel(code, title=title if block.info or block.line in marks else None,
                 title_align="left", border_style="dim")  # fmt: skip


@dataclass(slots=True)
class Code:
    """Highlighted code that wraps at the frame with each wrapped part indented under the
    start of its line (rich's Syntax starts them at the left edge, which breaks Python's
    shape)."""

    text: str
    lexer: str

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.syntax import Syntax

        width = options.max_width
        highlighted = Syntax(self.text, self.lexer, theme="ansi_dark").highlight(self.text)
        highlighted.rstrip()  # the newline Syntax adds, which would be a blank last line
        for line in highlighted.split("\n", allow_blank=True):
            line.rstrip()
            if line.cell_len <= width:
                yield line
                continue
            indent = len(line.plain) - len(line.plain.lstrip(" "))
            hang = min(indent + 4, width // 2)
            first, *rest = line.wrap(console, width - hang, overflow="fold")
            yield first
            for part in rest:
                part.pad_left(hang)
                yield part


def _list(block: Block, marks: Marks, fold: bool) -> Table:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for number, item in enumerate(block.children, start=1):
        marker = item.info if block.info == "ordered" else "•"
        children = render_blocks(item.children, marks, fold)
        body = [_badged(inline(item.text), item.line, marks), *children]
        grid.add_row(Text(marker or str(number), style="dim"), Group(*body))
    return grid


_JUSTIFY: dict[str, JustifyMethod] = {"left": "left", "center": "center", "right": "right"}


def _table(source: str) -> Table:
    """A Markdown table; cells wrap (a word too long for its column folds, never drops a
    character) and columns keep their `:---:` / `---:` alignment."""
    from rich.table import Table

    from studykit.notes.parse import MD

    table = Table(show_lines=False, header_style="bold")
    row: list[Text] = []
    justify: list[JustifyMethod] = []
    in_head = False
    for token in MD.parse(source):
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "th_open":
            align = str(token.attrGet("style") or "").removeprefix("text-align:")
            justify.append(_JUSTIFY.get(align, "left"))
        elif token.type == "inline":
            row.append(inline(token.content))
        elif token.type == "tr_close":
            if in_head:
                for cell, how in zip(row, justify, strict=True):
                    table.add_column(cell, justify=how, overflow="fold")
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
