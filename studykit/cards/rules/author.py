"""Author-marked cards, in the Obsidian spaced-repetition plugin's syntax: `front::back`,
`front:::back` (asked both ways), and `front` / `?` (or `??`) / `back` on their own lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block

INLINE = re.compile(r"^(?P<front>[^:{}\n][^\n]*?)(?P<sep>:::|::)(?P<back>[^:\n].*)$")


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule; the other line rules are skipped where it finds a card."""
    lines = block.text.split("\n")
    for sep in ("??", "?"):
        if sep in lines:
            at = lines.index(sep)
            front, back = "\n".join(lines[:at]), "\n".join(lines[at + 1 :])
            yield make(CardKind.AUTHOR, front, back, block.line, reverse=sep == "??")
            return
    for line in lines:
        match = INLINE.match(line.strip())
        if match and "{{" not in line:
            reverse = match["sep"] == ":::"
            yield make(CardKind.AUTHOR, match["front"], match["back"], block.line, reverse=reverse)
