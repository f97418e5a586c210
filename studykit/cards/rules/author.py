"""Author-marked cards, in the Obsidian spaced-repetition plugin's syntax: `front::back`,
`front:::back` (asked both ways), and `front` / `?` (or `??`) / `back` on their own lines.

As the plugin reads them: a separator line may carry trailing spaces (`? `), the deck tag
(`#flashcards`, `#flashcards/ml`) on the front's first line or among its words names the
deck and is no part of the question, and `{{c1::...}}` clozes (hints after a second `::`
included) are left to the cloze rule rather than read as `front::back`. The plugin's
scheduling comments (`<!--SR:...-->`) are removed from both sides by extract's make.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from studykit.cards.model import Card, CardKind
from studykit.cards.rules import Make
from studykit.notes.model import Block

INLINE = re.compile(r"^(?P<front>[^:{}\n][^\n]*?)(?P<sep>:::|::)(?P<back>[^:\n].*)$")
_IN_LINK = re.compile(r"\[[^\]]*::[^\]]*\]\(")  # `[a :: b](url)`: a link's text, no card
DECK_TAG = re.compile(r"(?<![\w#&/])#flashcards(?:/[\w/-]*)?(?![\w/-])\s*", re.I)


def cards(block: Block, make: Make) -> Iterator[Card]:
    """Line rule; the other line rules are skipped where it finds a card."""
    lines = block.text.split("\n")
    stripped = [line.strip() for line in lines]
    for sep in ("??", "?"):
        if sep in stripped:
            at = stripped.index(sep)
            front, back = untagged("\n".join(lines[:at])), "\n".join(lines[at + 1 :])
            yield make(CardKind.AUTHOR, front, back, block.line, reverse=sep == "??")
            return
    for line in lines:
        match = INLINE.match(untagged(line.strip()))
        if match and "{{" not in line and not _IN_LINK.search(line):
            reverse = match["sep"] == ":::"
            yield make(CardKind.AUTHOR, match["front"], match["back"], block.line, reverse=reverse)


def untagged(text: str) -> str:
    """The text without the plugin's deck tags, and without lines that held only tags."""
    kept = [DECK_TAG.sub("", line).rstrip() for line in text.split("\n")]
    return "\n".join(line for line in kept if line.strip()).strip()
