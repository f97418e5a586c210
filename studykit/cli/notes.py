"""Reading the notes: `notes`, `topics` and `show`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.cells import cell_len
from rich.text import Text

from studykit.cli.common import (
    AS_JSON,
    NO_PAGER,
    NOTES_DIR,
    done,
    load,
    out,
    page,
    pass_settings,
    plural,
    print_json,
)
from studykit.config import Settings

if TYPE_CHECKING:
    from rich.table import Table
    from rich.tree import Tree

    from studykit.notes.model import Note, Topic


@click.command()
@NOTES_DIR
@AS_JSON
@pass_settings
def notes(settings: Settings, directory: Path | None, as_json: bool) -> None:
    """List the notes: slug, title, topic count, date and tags."""
    corpus = load(settings, directory, blocks=False)
    listed = sorted(corpus.notes, key=lambda n: (n.date or "", n.path))
    if as_json:
        print_json([n.summary() for n in listed])
    else:
        out.print(_notes_table(listed, f"{plural(len(listed), 'note')} in {corpus.root}"))
    done(corpus)


TITLE_WIDTH = 30
"""Cells a title keeps (or all it needs, if less) before the date and then the tags columns
give way to it."""


def _notes_table(listed: list[Note], title: str) -> Table:
    """Whole slugs, always (they are what the learner types next); the date and tags only
    where the terminal leaves the title room."""
    from rich import box
    from rich.table import Table

    rows = [
        {"slug": n.slug, "topics": str(len(n.topics)), "title": n.title, "date": n.date or "",
         "tags": ", ".join(n.tags)}
        for n in listed
    ]  # fmt: skip
    columns = ["slug", "topics", "title", "date", "tags"]

    def width(column: str) -> int:  # a column's widest cell, with its padding
        return max(cell_len(r[column]) for r in [{c: c for c in columns}, *rows]) + 2

    room = out.width - sum(width(c) for c in ("slug", "topics"))
    wanted = min(width("title"), TITLE_WIDTH)
    for optional in ("date", "tags"):
        if room - width(optional) >= wanted:
            room -= width(optional)
        else:
            columns.remove(optional)
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
        header_style="bold",
    )  # fmt: skip
    for column in columns:
        table.add_column(
            column,
            justify="right" if column == "topics" else "left",
            no_wrap=column in ("slug", "date"),
            style="bold" if column == "slug" else "dim" if column == "tags" else None,
            ratio=1 if column == "title" else None,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(row[c] for c in columns))
    return table


@click.command()
@NOTES_DIR
@click.option("--note", "note_name", help="Only this note (slug, path or part of them).")
@click.option("--tag", help="Only topics with this tag.")
@AS_JSON
@pass_settings
def topics(
    settings: Settings, directory: Path | None, note_name: str | None, tag: str | None,
    as_json: bool,
) -> None:  # fmt: skip
    """Show the topic tree of every note (or one note), with source lines."""
    from rich.tree import Tree

    from studykit.text import nfc

    corpus = load(settings, directory, blocks=False)
    chosen = [corpus.find(note_name.partition("#")[0])[0]] if note_name else corpus.notes
    wanted = nfc(tag).casefold() if tag else None
    shown = [
        (note, [t for t in note.topics if wanted is None or wanted in _folded(t.tags)])
        for note in chosen
    ]
    if as_json:
        print_json([note.topic_summary(t) for note, ts in shown for t in ts])
    else:
        tree = Tree(Text(str(corpus.root), style="bold"))
        for note, ts in shown:
            if ts:
                title = Text.assemble((note.title, "bold"), " ", (note.slug, "dim"))
                _topic_tree(tree.add(title), note, ts)
        out.print(tree)
    done(corpus)


def _folded(tags: list[str]) -> set[str]:
    return {t.casefold() for t in tags}


def _topic_tree(root: Tree, note: Note, shown: list[Topic]) -> None:
    nodes: dict[str, Tree] = {}
    by_id = {t.id: t for t in note.topics}
    for topic in shown:
        parent = topic.parent
        while parent and parent not in nodes:
            parent = by_id[parent].parent
        own_tags = [t for t in topic.tags if t not in note.tags]
        label = Text.assemble(
            topic.title or "(intro)", (f" #{topic.slug or ''} L{topic.line}-{topic.end}", "dim")
        )
        if own_tags:
            label.append(" " + " ".join(f"#{t}" for t in own_tags), "cyan")
        nodes[topic.id] = (nodes[parent] if parent else root).add(label)


@click.command()
@click.argument("target")
@NO_PAGER
@click.option("--claims", is_flag=True, help="Then the claims checked, with their readings.")
@click.option("--checks", is_flag=True, help="Show the code of checks (folded by default).")
@pass_settings
def show(settings: Settings, target: str, no_pager: bool, claims: bool, checks: bool) -> None:
    """Render a note or topic: NOTE, NOTE#TOPIC or #TOPIC (slugs, paths or parts of them)."""
    from rich.console import Group

    from studykit.checks import ledger
    from studykit.cli.common import store
    from studykit.render.terminal import render_claims, render_note

    corpus = load(settings)
    note, topic = corpus.find(target)
    with store(settings) as db:
        results = ledger.note_results(db, note)
    if topic:
        shown = {t.slug or t.id for t in note.subtree(topic)}
        results = [r for r in results if r.topic in shown]
    quiet = ledger.never_checked(results)  # before any run: one line, not a badge each
    rendered = render_note(note, topic, None if quiet else ledger.marks(results), checks=checks)
    if quiet and (count := len(ledger.claims(results))):
        said = Text(f"{plural(count, 'claim')} unchecked: studykit check", style="dim")
        rendered = Group(said, Text(), rendered)
    elif claims:
        rendered = Group(rendered, Text(), render_claims(ledger.claims(results)))
    page(rendered, pager=not no_pager)
    done(corpus)
