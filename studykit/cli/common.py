"""What the commands share: the settings passed down from the group, options, output, and
the few steps many commands take (load the notes, open the store, sync the decks).

Errors are raised as studykit's own (studykit.errors); cli.main turns them into exit codes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console, RenderableType
from rich.text import Text

from studykit.config import Settings
from studykit.errors import Incomplete, UsageError

if TYPE_CHECKING:  # the parser and the store load only in the commands that use them
    from studykit.db import Database
    from studykit.notes.corpus import Corpus
    from studykit.review.sync import SyncReport

# Notes' text is never markup: `[mask]` or `[h_{t-1}, x_t]` print as written. Styles go
# through Text objects, never through markup in strings.
out = Console(highlight=False, markup=False)
err = Console(stderr=True, highlight=False, markup=False)

pass_settings = click.make_pass_decorator(Settings)

NOTES_DIR = click.argument(
    "directory", required=False, type=click.Path(file_okay=False, path_type=Path)
)
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
QUIZZES_DIR = click.option(
    "--quizzes",
    "quizzes_dir",
    envvar="STUDYKIT_QUIZZES",
    default="quizzes",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of deck files ($STUDYKIT_QUIZZES).",
)
USER = click.option(
    "--user",
    "user_name",
    envvar="STUDYKIT_USER",
    help="Whose reviews ($STUDYKIT_USER; default: the one learner with a login, else local).",
)


def notes_root(settings: Settings, directory: Path | None = None) -> Path:
    """The notes folder (a command's DIRECTORY argument first), which must exist."""
    root = directory or settings.notes
    if not root.is_dir():
        raise UsageError(f"notes folder not found: {root}")
    return root


def load(settings: Settings, directory: Path | None = None, *, blocks: bool = True) -> Corpus:
    """The notes, each one that could not be read reported on stderr, and each one read
    otherwise than its author may have meant (a `---` block that is not front matter)."""
    from studykit.notes.corpus import load_notes

    root = notes_root(settings, directory)
    corpus = load_notes(root, blocks=blocks)
    cautions([f"{root / n.path}:{w}" for n in corpus.notes for w in n.warnings])
    warn([f"{root / p.path}:{p.line}: {p.message}" for p in corpus.problems])
    return corpus


def done(corpus: Corpus) -> None:
    """Exit 1 when some notes were skipped, after the output is complete."""
    if corpus.problems:
        raise Incomplete()


def store(settings: Settings) -> Database:
    from studykit.db import open_store

    return open_store(settings.db or None)


def sync(
    db: Database, root: Path, quizzes: Path, force: bool = False, progress: bool = False
) -> SyncReport | None:
    """Bring the store's cards up to date with the notes and decks, reporting what was
    skipped; None when nothing had changed. `progress`: bars on a terminal meanwhile."""
    from studykit.cli.progress import bars
    from studykit.review.sync import sync as sync_decks

    with bars(progress) as shown:
        report = sync_decks(db, root, quizzes, force=force, progress=shown)
    if report:
        cautions(report.warnings)
        warn(report.problems)
    return report


def warn(problems: list[str]) -> None:
    for problem in problems:
        err.print(Text.assemble(("skipped ", "yellow"), problem), soft_wrap=True)


def cautions(warnings: list[str]) -> None:
    """What was read, but maybe not as its author meant: said, never a failure."""
    for warning in warnings:
        err.print(Text.assemble(("warning ", "yellow"), warning), soft_wrap=True)


NO_PAGER = click.option("--no-pager", is_flag=True, help="Print straight to the terminal.")


def page(renderable: RenderableType, *, pager: bool = True) -> None:
    """Print `renderable`, through a pager (less, keeping colours) when it is longer than
    the terminal is high."""
    if pager and out.is_terminal:
        height = len(out.render_lines(renderable, out.options, pad=False))
        if height > out.size.height:
            os.environ.setdefault("LESS", "-R")
            with out.pager(styles=True):
                out.print(renderable)
            return
    out.print(renderable)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
