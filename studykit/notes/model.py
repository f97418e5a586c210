"""What a parsed note is: a Note holds Topics (one per heading), a Topic holds Blocks.

Every other part of studykit reads these. Line numbers are the file's as written (1-based,
inclusive), so that cards, checks and error messages can point back at the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from studykit.text import language


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    LABEL = "label"  # a pseudo-heading: a `**Bold**` paragraph or a `장점:` line before a list
    LIST = "list"
    ITEM = "item"
    MATH = "math"
    CODE = "code"
    TABLE = "table"
    QUOTE = "quote"
    HTML = "html"
    HEADING = "heading"  # a heading inside an HTML container (no topic of its own)
    HR = "hr"


@dataclass(slots=True)
class Block:
    """One block of a topic.

    text: the inline text (paragraph, label, heading, item), the content (math, code), the
    `<summary>` (html) or the source lines (table). info: a fence's info string, a list's
    `bullet`/`ordered`, an item's marker, an HTML container's tag, a label's `**` or `:`.
    label: the pseudo-heading (`**Bold**` paragraph or `장점:` line) this block stands under.
    """

    kind: BlockKind
    line: int
    end: int
    text: str = ""
    info: str = ""
    label: str = ""
    children: list[Block] = field(default_factory=list)

    def walk(self) -> Iterator[Block]:
        """This block and every block inside it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class Topic:
    """The section under one heading, subsections included in its line range.

    `id` is `note-slug#topic-slug` (the note's own introduction, before any heading, has
    the note's slug alone and level 0).
    """

    id: str
    title: str
    level: int
    parent: str | None
    tags: list[str]
    line: int
    end: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.id.partition("#")[2]

    def walk(self) -> Iterator[Block]:
        """Every block of the topic, nested ones included, in file order."""
        for block in self.blocks:
            yield from block.walk()


@dataclass(slots=True)
class Note:
    """One Markdown file. `path` (relative to the notes folder, POSIX-style) identifies it;
    `slug` names it for display, in targets and as its deck's name. `warnings`: what was
    read otherwise than the author may have meant (`line: message`), such as an opening `---` block
    that is not front matter."""

    path: str
    slug: str
    title: str
    date: str | None
    tags: list[str]
    layout: str | None
    meta: dict[str, Any]
    lines: int
    topics: list[Topic]
    warnings: list[str] = field(default_factory=list)

    def subtree(self, topic: Topic) -> list[Topic]:
        """`topic` and every topic nested under it, in file order."""
        return [t for t in self.topics if topic.line <= t.line <= topic.end]

    def language(self) -> str:
        """The note's language for `lang=` ("ko", "en"): its front matter's `lang`, else
        told from its prose (titles and text, not code or math; the title alone when the
        blocks were not loaded)."""
        given = self.meta.get("lang")
        if isinstance(given, str) and given.strip():
            return given.strip()
        prose = [self.title, *(t.title for t in self.topics)]
        prose += [
            b.text
            for t in self.topics
            for b in t.walk()
            if b.kind not in {BlockKind.CODE, BlockKind.MATH, BlockKind.TABLE, BlockKind.HTML}
        ]
        return language("\n".join(prose))

    def summary(self) -> dict[str, Any]:
        """The note's fields with its topics counted: the JSON of `studykit notes` (the API
        lists the topics instead, see web.models.NoteOut)."""
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "topics"}
        return {**shown, "topics": len(self.topics)}

    def topic_summary(self, topic: Topic) -> dict[str, Any]:
        """A topic's fields but its blocks, with the note's path and date: the JSON of
        `studykit topics` and of the API."""
        shown = {f.name: getattr(topic, f.name) for f in fields(topic) if f.name != "blocks"}
        return {**shown, "note": self.path, "date": self.date}
