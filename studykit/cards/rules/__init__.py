"""One module per way a card is found in a note, run in order by cards.extract (like
markdown-it's rules_block/).

A rule reads blocks and yields cards through `make`, which gives each card its topic,
context and tags (`extract` gives the id, once the shared passes have settled the front).
Three levels:

- topic rules see a topic's blocks in order (qa);
- block rules see each top-level block (labelled_list, formula);
- line rules see every paragraph and list item, nested ones too (author, definition,
  cloze, arrow); an author-marked card stops the other line rules on that block.

To add a rule: a module here with a `cards` function of the level's signature, listed in
cards.extract.
"""

from __future__ import annotations

from typing import Protocol

from studykit.cards.model import Card, CardKind
from studykit.notes.model import Block, BlockKind


class Make(Protocol):
    def __call__(
        self, kind: CardKind, front: str, back: str, line: int, *, reverse: bool = False
    ) -> Card: ...


def math(block: Block) -> str:
    """Display math as Markdown."""
    return f"$$\n{block.text}\n$$"


def block_text(block: Block, indent: str = "") -> str:
    """A block back as Markdown, for card answers."""
    if block.kind == BlockKind.LIST:
        lines = []
        for n, item in enumerate(block.children, start=1):
            marker = f"{n}." if block.info == "ordered" else "-"
            lines.append(f"{indent}{marker} {item.text}")
            lines += [block_text(child, indent + "  ") for child in item.children]
        return "\n".join(lines)
    if block.kind == BlockKind.MATH:
        return math(block)
    if block.kind == BlockKind.CODE:
        return f"```{block.info}\n{block.text}```"
    if block.kind in (BlockKind.QUOTE, BlockKind.HTML):
        return "\n\n".join(block_text(child, indent) for child in block.children) or block.text
    if block.kind == BlockKind.HR:
        return ""
    return indent + block.text if indent else block.text
