"""Finding: `search`, the passages of the notes that hold a query's words."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from studykit.cli.common import AS_JSON, done, load, out, pass_settings, plural, print_json
from studykit.config import Settings
from studykit.errors import UsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from studykit.notes.search import Hit

MARK = "bold underline red"
"""A match in a hit's text: bold and underlined too, so that NO_COLOR still shows it."""


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--note", "note_name", help="Only this note (slug, path or part of them).")
@click.option(
    "--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Most hits shown."
)
@AS_JSON
@pass_settings
def search(
    settings: Settings, query: tuple[str, ...], note_name: str | None, limit: int, as_json: bool
) -> None:
    """Find the passages that hold the words of QUERY, those holding the most first.

    Words match in any order, in a passage or the titles above it; Korean particles and
    endings are ignored (기울기를 finds 기울기가), words typed together find them apart
    (기울기소실), near spellings and one syllable off are forgiven (쓰레드, 스케쥴링), and
    Korean and English names meet (망각 게이트, forget gate; add yours to synonyms.txt in
    the notes folder). With --json, each hit's `marks` are [start, end) offsets in code
    points into its `text`.
    """
    from studykit.cli.progress import bars
    from studykit.notes.search import closest, parse_query
    from studykit.notes.search import search as find

    wanted = " ".join(query)
    if not parse_query(wanted):
        raise UsageError(f"nothing to search for in {wanted!r}: give a word")
    corpus = load(settings, blocks=False)
    note = corpus.find(note_name.partition("#")[0])[0] if note_name else None
    with bars(not as_json) as progress:  # the first search indexes every note
        hits = find(corpus, wanted, note=note, limit=limit, progress=progress)
    if as_json:
        print_json([{**asdict(hit), "target": hit.target} for hit in hits])
    elif hits:
        out.print(_results(hits))
        out.print(f"\nRead one: studykit show {hits[0].target}", style="dim", soft_wrap=True)
    else:
        near = closest(corpus, wanted)
        hint = f" Closest in the notes: {', '.join(near)}" if near else ""
        out.print(f"No passage matches {wanted!r}.{hint}")
    done(corpus)


def _results(hits: list[Hit]) -> RenderableType:
    """Hits grouped by note, then by topic: the note, the topic, each hit's line and text
    with the matches marked."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from studykit.notes.search import by_note

    groups = by_note(hits)
    shown: list[RenderableType] = [
        Text(f"{plural(len(hits), 'hit')} in {plural(len(groups), 'note')}", style="dim")
    ]
    for topics in groups:
        first = topics[0][0]
        shown.append(Text.assemble("\n", (first.title, "bold"), "  ", (first.note, "dim")))
        for found in topics:
            title = Text(found[0].topic_title or found[0].title, "cyan")
            if found[0].topic:
                title.append(f"  #{found[0].topic}", "dim")
            lines = Table.grid(padding=(0, 1))
            lines.add_column(style="dim", justify="right", no_wrap=True)
            lines.add_column()
            for hit in found:
                text = Text.assemble(*((p, MARK if m else "") for p, m in hit.parts()))
                lines.add_row(f"L{hit.line}", text)
            shown += [Padding(title, (0, 0, 0, 2), expand=False), Padding(lines, (0, 0, 0, 4))]
    return Group(*shown)
