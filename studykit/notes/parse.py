"""Parsing one note: Markdown text in, a Note with its topics and blocks out.

A note is a Markdown file with optional Jekyll-style YAML front matter: an opening `---`
block is front matter only when it reads as a YAML mapping; otherwise its `---` is a
thematic break and the whole file is read as Markdown, with a warning naming the line (a
note is never lost to its metadata). Each heading opens a
topic; topics nest by heading level. A topic holds the blocks written under it (paragraphs,
lists, math, code, tables, quotes, HTML containers such as Notion's `<aside>`), each with the
lines it occupies in the file as written.

Markdown is parsed by markdown-it-py in studykit's one dialect (studykit.markdown); this
module only walks its token stream.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import PurePosixPath
from typing import Any

import yaml
from markdown_it.token import Token

from studykit.errors import NoteError
from studykit.markdown import MAX_DEPTH, dialect
from studykit.notes.model import Block, BlockKind, Note, Topic
from studykit.text import nfc, slugify, unique_slug

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
_HASHTAG = re.compile(r"(?<![\w#&/])#([^\W\d][\w/-]*)")
_OPEN_TAG = re.compile(r"^\s*<([A-Za-z][\w-]*)(?:\s[^>]*)?>")
_SUMMARY = re.compile(r"<summary[^>]*>(.*?)</summary>", re.S | re.I)
_EXPANSION = re.compile(r"^\s*\([^()\n]{1,60}\)\s*:?\s*$")
CONTAINER_TAGS = frozenset({"aside", "details", "div", "section", "figure", "article", "callout"})


MD = dialect()
"""The notes' dialect, whole: for inline Markdown (headings, labels, rendering)."""
_BLOCKS = dialect().disable("inline")
"""Block structure only: indexing needs inline tokens only for headings and bold labels,
and skipping the rest halves the parse time of a corpus."""
_NO_META = dialect().disable(["inline", "front_matter"])
"""The same, for a file whose opening `---` block is not front matter."""


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a note, NFC-normalised; refuses binary files and bad bytes by line."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise NoteError(path, line, "binary file (NUL byte), not a Markdown note")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise NoteError(path, line, f"invalid UTF-8 (byte 0x{data[err.start]:02x})") from None
    return nfc(text.removeprefix("\ufeff"))


def parse_note(text: str, path: str) -> Note:
    """Parse one note's text; `path` is its path relative to the notes folder."""
    if not text.strip():
        raise NoteError(path, 1, "empty note")
    lines = source_lines(text)
    tokens = _BLOCKS.parse(text)
    # a list level is two token levels (list, item); the innermost item adds two (paragraph, text)
    too_deep = next((n for n, t in enumerate(tokens) if t.level > 2 * MAX_DEPTH + 2), None)
    if too_deep is not None:
        line = _first_line(tokens, too_deep)
        raise NoteError(path, line, f"lists or quotes nested more than {MAX_DEPTH} levels deep")

    meta: dict[str, Any] = {}
    warnings: list[str] = []
    if tokens and tokens[0].type == "front_matter":
        try:
            meta = _front_matter(tokens[0], path)
            tokens = tokens[1:]
        except NoteError as error:
            why = error.message.removeprefix("broken front matter: ")
            warnings.append(
                f"1: the `---` block is not front matter (line {error.line}: {why}): "
                "read as Markdown, `---` as a thematic break"
            )
            tokens = _NO_META.parse(text)

    stem = PurePosixPath(path).stem
    slug = slugify(stem)
    topics = _topics(tokens, lines, slug, _tags(meta.get("tags")))
    headings = [t for t in topics if t.level > 0]
    title = nfc(str(meta.get("title") or (headings[0].title if headings else stem)))
    if topics and topics[0].level == 0:
        topics[0].title = title
    return Note(
        path=path,
        slug=slug,
        title=title,
        date=_date(meta.get("date"), stem),
        tags=_tags(meta.get("tags")),
        layout=meta.get("layout"),
        meta=meta,
        lines=len(lines),
        topics=topics,
        warnings=warnings,
    )


def source_lines(text: str) -> list[str]:
    """The file's lines as editors and markdown-it count them: split at LF, CR LF or CR only
    (str.splitlines would also split at form feeds and other separators)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def _first_line(tokens: list[Token], index: int) -> int:
    """1-based line of the nearest token at or before `index` that knows its line."""
    for token in reversed(tokens[: index + 1]):
        if token.map:
            return token.map[0] + 1
    return 1


def _front_matter(token: Token, path: str) -> dict[str, Any]:
    try:
        meta = yaml.load(token.content, Loader=_YAML_LOADER)
    except yaml.MarkedYAMLError as err:
        mark, context = err.problem_mark or err.context_mark, err.context_mark
        line = mark.line + 2 if mark else 1
        message = f"broken front matter: {err.problem or err}"
        if context and err.context and context.line != (mark and mark.line):
            message += f" ({err.context} started at line {context.line + 2})"
        raise NoteError(path, line, message) from None
    except (yaml.YAMLError, ValueError) as err:
        raise NoteError(path, 1, f"broken front matter: {err}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise NoteError(path, 2, "front matter must be a mapping of keys to values")
    return {str(k): v for k, v in meta.items()}


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value))
    return [nfc(str(tag)).strip() for tag in items if str(tag).strip()]


def _date(value: Any, stem: str) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value:
        return str(value)
    found = _DATE_IN_NAME.search(stem)
    return found.group(1) if found else None


def _inline_children(source: str) -> list[Token]:
    return MD.parseInline(source)[0].children or []


def _inline_text(source: str) -> str:
    """Plain text of inline Markdown: markup dropped, code and math kept."""
    return "".join(
        child.content if child.type != "softbreak" else " " for child in _inline_children(source)
    ).strip()


def _topics(tokens: list[Token], lines: list[str], note_slug: str, tags: list[str]) -> list[Topic]:
    taken: set[str] = set()
    topics: list[Topic] = []
    stack: list[Topic] = []
    pending: list[Token] = []

    def flush(limit: int) -> None:
        if not pending:
            return
        if not topics:  # text before the first heading: the note's own introduction
            intro = Topic(note_slug, "", 0, None, list(tags), _first_line(pending, 0), 0)
            topics.append(intro)
        topics[-1].blocks.extend(_blocks(pending, _Section(lines, limit), 0))
        pending.clear()

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open" and token.level == 0 and token.map:
            flush(token.map[0])
            level, inline = int(token.tag[1:]), tokens[i + 1]
            title = _inline_text(inline.content)
            while stack and stack[-1].level >= level:
                stack.pop()
            topic_id = f"{note_slug}#{unique_slug(slugify(title), taken)}"
            parent = stack[-1].id if stack else None
            topic = Topic(topic_id, title, level, parent, list(tags), token.map[0] + 1, 0)
            topic.tags += [t for t in _HASHTAG.findall(title) if t not in topic.tags]
            topics.append(topic)
            stack.append(topic)
            i += 3
            continue
        pending.append(token)
        i += 1
    flush(len(lines))

    for n, topic in enumerate(topics):
        following = (t.line for t in topics[n + 1 :] if t.level <= topic.level or topic.level == 0)
        last = next(following, len(lines) + 1) - 1
        topic.end = _trim_end(_Section(lines, len(lines)), topic.line, last)
        for block in topic.blocks:
            for b in block.walk():
                if "#" in b.text and b.kind in (
                    BlockKind.PARAGRAPH,
                    BlockKind.ITEM,
                    BlockKind.LABEL,
                ):
                    topic.tags += [t for t in _HASHTAG.findall(b.text) if t not in topic.tags]
    return topics


@dataclass(slots=True)
class _Section:
    """The note's lines, where the current section stops (its last line), and the lines an
    enclosing HTML container changed (its tags removed), all 1-based."""

    lines: list[str]
    limit: int
    edits: dict[int, str] = field(default_factory=dict)

    def line(self, number: int) -> str:
        return self.edits.get(number, self.lines[number - 1])

    def inside(self, first: int, last: int, inner: list[str]) -> _Section:
        """The section of a container spanning lines first..last, its tags removed."""
        return _Section(self.lines, last, {**self.edits, first: inner[0], last: inner[-1]})


def _trim_end(src: _Section, start: int, end: int) -> int:
    """`end` moved up past blank lines, never above `start` (1-based, inclusive)."""
    while end > start and not src.line(end).strip():
        end -= 1
    return max(end, start)


def _groups(tokens: list[Token]) -> list[list[Token]]:
    """Split a flat token list into its top-level blocks (an open token up to its close)."""
    groups: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
    return groups


def _blocks(tokens: list[Token], src: _Section, offset: int) -> list[Block]:
    """Blocks for a token list; `offset` is added to markdown-it's 0-based line numbers."""
    blocks: list[Block] = []
    skip_to, label = -1, ""
    for group in _groups(tokens):
        head = group[0]
        if head.map and head.map[0] + offset < skip_to:
            continue  # inside an HTML container already parsed
        block = _block(group, src, offset)
        if block is None:
            continue
        if block.kind == BlockKind.HTML and block.children:
            skip_to = block.end
        if block.kind == BlockKind.LABEL:
            label = block.text
        else:
            block.label = label
        blocks.append(block)
    _colon_labels(blocks)
    return blocks


def _colon_labels(blocks: list[Block]) -> None:
    """A one-line paragraph ending in a colon right before a list labels that list."""
    for block, after in pairwise(blocks):
        if (
            block.kind == BlockKind.PARAGRAPH
            and after.kind == BlockKind.LIST
            and block.line == block.end
            and block.text.endswith(":")
            and len(block.text) > 1
        ):
            block.kind, block.text, block.info = BlockKind.LABEL, block.text[:-1].strip(), ":"
            after.label = block.text


def _block(group: list[Token], src: _Section, offset: int) -> Block | None:
    head = group[0]
    if head.map is None:
        return None
    line, end = head.map[0] + 1 + offset, head.map[1] + offset
    end = _trim_end(src, line, end)
    kind = head.type
    if kind == "paragraph_open":
        text = group[1].content.strip()
        if _bold_only(text):
            return Block(BlockKind.LABEL, line, end, _inline_text(text), info="**")
        return Block(BlockKind.PARAGRAPH, line, end, text)
    if kind == "heading_open":
        return Block(BlockKind.HEADING, line, end, _inline_text(group[1].content), info=head.tag)
    if kind in ("bullet_list_open", "ordered_list_open"):
        items = [_item(g, src, offset) for g in _groups(group[1:-1])]
        return Block(BlockKind.LIST, line, end, info=kind.split("_")[0], children=items)
    if kind == "blockquote_open":
        return Block(BlockKind.QUOTE, line, end, children=_blocks(group[1:-1], src, offset))
    if kind == "math_block":
        return Block(BlockKind.MATH, line, end, head.content.strip())
    if kind in ("fence", "code_block"):
        return Block(BlockKind.CODE, line, end, head.content, info=head.info.strip())
    if kind == "table_open":
        return Block(BlockKind.TABLE, line, end, "\n".join(map(src.line, range(line, end + 1))))
    if kind == "hr":
        return Block(BlockKind.HR, line, end)
    if kind == "html_block":
        return _html(head, src, line, end)
    return None


def _bold_only(text: str) -> bool:
    """Is this paragraph nothing but bold text (a pseudo-heading such as `**요약**`), maybe
    with its expansion in parentheses (`**YOLO** (You Only Look Once)`)?"""
    if not text.startswith(("**", "__")):
        return False
    children = [c for c in _inline_children(text) if c.type != "text" or c.content.strip()]
    expansion = len(children) == 4 and _EXPANSION.match(children[3].content) is not None
    return (
        (len(children) == 3 or expansion)
        and children[0].type == "strong_open"
        and children[2].type == "strong_close"
    )


def _item(group: list[Token], src: _Section, offset: int) -> Block:
    head = group[0]
    start, stop = head.map or (0, 0)  # markdown-it maps every list item
    line = start + 1 + offset
    end = _trim_end(src, line, stop + offset)
    children = _blocks(group[1:-1], src, offset)
    marker = f"{head.info}{head.markup}" if head.info else head.markup
    first = children[0] if children else None
    if first and first.line == line and first.kind in (BlockKind.PARAGRAPH, BlockKind.LABEL):
        text = children.pop(0).text
    else:  # `- 1) vanishing gradient`: markdown-it sees a list in the item; keep the line
        source = src.line(line).lstrip()
        text = source[len(head.markup) :].strip() if source.startswith(head.markup) else source
        if first and first.line == line and first.kind == BlockKind.LIST:
            inner = first.children.pop(0)
            children[:1] = inner.children + ([first] if first.children else [])
    return Block(BlockKind.ITEM, line, end, text, info=marker, children=children)


def _html(token: Token, src: _Section, line: int, end: int) -> Block:
    """Raw HTML; a container such as `<aside>` has its inner Markdown parsed as blocks."""
    opened = _OPEN_TAG.match(token.content)
    tag = opened.group(1).lower() if opened else ""
    close = _closing_line(src, line, tag) if tag in CONTAINER_TAGS else None
    if opened is None or close is None:
        return Block(BlockKind.HTML, line, end, token.content.rstrip("\n"), info=tag)
    inner = [src.line(n) for n in range(line, close + 1)]
    inner[0] = inner[0].replace(opened.group(0).strip(), "", 1)
    inner[-1] = re.sub(rf"</{tag}\s*>", "", inner[-1], count=1, flags=re.I)
    source = "\n".join(inner)
    summary = _SUMMARY.search(source)
    if summary:
        source = source.replace(summary.group(0), "", 1)
    children = _blocks(_BLOCKS.parse(source), src.inside(line, close, inner), line - 1)
    title = nfc(summary.group(1).strip()) if summary else ""
    return Block(BlockKind.HTML, line, close, title, info=tag, children=children)


def _closing_line(src: _Section, line: int, tag: str) -> int | None:
    """1-based line of the tag that closes the container opened on `line` (nesting counted);
    None if it is not closed within the section, since a container never spans a heading."""
    opener, closer = re.compile(rf"<{tag}[\s>]", re.I), re.compile(rf"</{tag}\s*>", re.I)
    depth = 0
    for n in range(line - 1, src.limit):
        text = src.line(n + 1)
        depth += len(opener.findall(text)) - len(closer.findall(text))
        if depth <= 0:
            return n + 1
    return None
