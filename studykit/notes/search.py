"""Finding text in the notes: which topics and blocks hold a query.

A plain scan, NFC and case-folded: titles first, then blocks in file order.
"""

from __future__ import annotations

from dataclasses import dataclass

from studykit.notes.corpus import Corpus
from studykit.notes.model import BlockKind
from studykit.text import nfc

SEARCHED = (BlockKind.PARAGRAPH, BlockKind.ITEM, BlockKind.LABEL, BlockKind.MATH)


@dataclass(slots=True)
class Hit:
    note: str  # the note's slug
    title: str
    topic: str  # the topic's slug
    topic_title: str
    line: int
    text: str


def search(corpus: Corpus, query: str, limit: int = 50) -> list[Hit]:
    """Topics whose title and blocks whose text contain the query; the corpus must be
    loaded with its blocks."""
    wanted = nfc(query).casefold().strip()
    if not wanted:
        return []
    hits: list[Hit] = []
    for note in corpus.notes:
        for topic in note.topics:
            if wanted in topic.title.casefold():
                hits.insert(
                    0, Hit(note.slug, note.title, topic.slug, topic.title, topic.line, topic.title)
                )
            for block in topic.walk():
                if block.kind in SEARCHED and wanted in block.text.casefold():
                    hits.append(
                        Hit(note.slug, note.title, topic.slug, topic.title, block.line, block.text)
                    )
    return hits[:limit]
