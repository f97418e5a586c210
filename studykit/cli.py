"""The `studykit` command: thin click commands over the core modules.

Exit codes: 0 all well, 1 some notes were skipped (each reported on stderr with file and
line), 2 usage error (bad option, unknown target, missing folder).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from studykit import decks
from studykit.index import Corpus, load_corpus
from studykit.notes import Note, Topic
from studykit.paths import notes_dir
from studykit.text import nfc

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

NOTES_DIR = click.argument(
    "directory", required=False, type=click.Path(file_okay=False, path_type=Path)
)
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--notes",
    "notes_option",
    envvar="STUDYKIT_NOTES",
    type=click.Path(file_okay=False, path_type=Path),
    help="Notes folder (default: ./notes, or $STUDYKIT_NOTES).",
)
@click.version_option(package_name="studykit")
@click.pass_context
def cli(ctx: click.Context, notes_option: Path | None) -> None:
    """Study notes in, topics and flashcards out."""
    ctx.obj = notes_option


def _corpus(directory: Path | None = None, *, blocks: bool = True) -> Corpus:
    root = notes_dir(directory or click.get_current_context().find_root().obj)
    if not root.is_dir():
        raise click.UsageError(f"notes folder not found: {root}")
    corpus = load_corpus(root, blocks=blocks)
    for problem in corpus.problems:
        where = f"{root / problem.path}:{problem.line}"
        err.print(
            Text.assemble(("skipped ", "yellow"), f"{where}: {problem.message}"), soft_wrap=True
        )
    return corpus


def _done(corpus: Corpus) -> None:
    """Exit 1 when some notes were skipped, after the output is complete."""
    if corpus.problems:
        click.get_current_context().exit(1)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@cli.command()
@NOTES_DIR
@AS_JSON
def notes(directory: Path | None, as_json: bool) -> None:
    """List the notes: date, title, tags and topic count."""
    corpus = _corpus(directory, blocks=False)
    listed = sorted(corpus.notes, key=lambda n: (n.date or "", n.path))
    if as_json:
        _print_json([_note_json(n) for n in listed])
    else:
        table = Table(title=f"{len(listed)} notes in {corpus.root}", title_justify="left")
        for column in ("date", "title", "tags", "topics", "slug"):
            table.add_column(column, justify="right" if column == "topics" else "left")
        for note in listed:
            table.add_row(
                note.date or "", note.title, ", ".join(note.tags), str(len(note.topics)), note.slug
            )
        out.print(table)
    _done(corpus)


def _note_json(note: Note) -> dict[str, Any]:
    return {
        "path": note.path,
        "slug": note.slug,
        "title": note.title,
        "date": note.date,
        "tags": note.tags,
        "layout": note.layout,
        "lines": note.lines,
        "topics": len(note.topics),
        "meta": note.meta,
    }


@cli.command()
@NOTES_DIR
@click.option("--note", "note_name", help="Only this note (slug, path or part of them).")
@click.option("--tag", help="Only topics with this tag.")
@AS_JSON
def topics(directory: Path | None, note_name: str | None, tag: str | None, as_json: bool) -> None:
    """Show the topic tree of every note (or one note), with source lines."""
    corpus = _corpus(directory, blocks=False)
    chosen = corpus.notes
    if note_name:
        try:
            chosen = [corpus.find(note_name.partition("#")[0])[0]]
        except LookupError as error:
            raise click.BadParameter(str(error), param_hint="--note") from None
    wanted = nfc(tag).casefold() if tag else None
    shown = [
        (note, [t for t in note.topics if wanted is None or wanted in _folded(t.tags)])
        for note in chosen
    ]
    if as_json:
        _print_json([_topic_json(note, t) for note, ts in shown for t in ts])
    else:
        tree = Tree(f"[bold]{corpus.root}[/]")
        for note, ts in shown:
            if ts:
                _topic_tree(tree.add(f"[bold]{note.title}[/] [dim]{note.slug}[/]"), note, ts)
        out.print(tree)
    _done(corpus)


def _folded(tags: list[str]) -> set[str]:
    return {t.casefold() for t in tags}


def _topic_json(note: Note, topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "note": note.path,
        "title": topic.title,
        "level": topic.level,
        "parent": topic.parent,
        "tags": topic.tags,
        "date": note.date,
        "line": topic.line,
        "end": topic.end,
    }


def _topic_tree(root: Tree, note: Note, shown: list[Topic]) -> None:
    nodes: dict[str, Tree] = {}
    by_id = {t.id: t for t in note.topics}
    for topic in shown:
        parent = topic.parent
        while parent and parent not in nodes:
            parent = by_id[parent].parent
        own_tags = [t for t in topic.tags if t not in note.tags]
        label = f"{topic.title or '(intro)'} [dim]#{topic.slug or ''} L{topic.line}-{topic.end}[/]"
        if own_tags:
            label += " [cyan]" + " ".join(f"#{t}" for t in own_tags) + "[/]"
        nodes[topic.id] = (nodes[parent] if parent else root).add(label)


@cli.command()
@click.argument("target")
@click.option("--no-pager", is_flag=True, help="Print straight to the terminal.")
def show(target: str, no_pager: bool) -> None:
    """Render a note or topic: NOTE, NOTE#TOPIC or #TOPIC (slugs, paths or parts of them)."""
    from studykit.render import render_note

    corpus = _corpus()
    try:
        note, topic = corpus.find(target)
    except LookupError as error:
        raise click.BadParameter(str(error), param_hint="TARGET") from None
    rendered = render_note(note, topic)
    if not no_pager and out.is_terminal and _height(rendered) > out.size.height:
        os.environ.setdefault("LESS", "-R")
        with out.pager(styles=True):
            out.print(rendered)
    else:
        out.print(rendered)
    _done(corpus)


@cli.command()
@NOTES_DIR
@click.option(
    "--quizzes",
    "quizzes_dir",
    envvar="STUDYKIT_QUIZZES",
    default="quizzes",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of deck files.",
)
def build(directory: Path | None, quizzes_dir: Path) -> None:
    """Write one YAML deck of flashcards per note into the quizzes folder."""
    corpus = _corpus(directory)
    table = Table(title=f"decks in {quizzes_dir}", title_justify="left")
    for column in ("deck", "cards", "kinds", "file"):
        table.add_column(column, justify="right" if column == "cards" else "left")
    unreadable = False
    for note in corpus.notes:
        target = quizzes_dir / f"{note.slug}.yaml"
        try:
            old = decks.load(target) if target.exists() else None
        except decks.DeckError as error:
            err.print(Text.assemble(("not rebuilt ", "yellow"), str(error)), soft_wrap=True)
            unreadable = True
            continue
        deck = decks.build(note, old)
        kinds = Counter(dc.card.kind for dc in deck.cards)
        summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        path = decks.write(deck, quizzes_dir)
        table.add_row(note.slug, str(len(deck.cards)), summary, str(path))
    out.print(table)
    if unreadable:
        click.get_current_context().exit(1)
    _done(corpus)


def _height(renderable: Any) -> int:
    return len(out.render_lines(renderable, out.options, pad=False))


def main() -> None:
    cli(prog_name="studykit")
