"""The `studykit` group: global options, the commands, and the one place where studykit's
errors become exit codes.

Exit codes: 0 all well, 1 something was skipped or failed (each reported on stderr with
file and line), 2 usage error (bad option, unknown target, missing folder), 130 Ctrl-C.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from studykit.cli import cards, checks, interop, notes, quiz, search, service
from studykit.cli.common import err
from studykit.config import Settings, notes_dir
from studykit.errors import StudykitError


class Group(click.Group):
    """Runs a command; a StudykitError it raises is printed (when it has a message) and
    becomes the process's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except StudykitError as error:
            if str(error):
                err.print(f"Error: {error}", soft_wrap=True)
            ctx.exit(error.exit_code)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--notes",
    "notes_option",
    envvar="STUDYKIT_NOTES",
    type=click.Path(file_okay=False, path_type=Path),
    help="Notes folder (default: ./notes, or $STUDYKIT_NOTES).",
)
@click.option(
    "--db",
    envvar="STUDYKIT_DB",
    metavar="FILE|URL",
    help="Review database: a SQLite file or a postgresql:// URL (default: studykit.sqlite3 "
    "in the data directory, or $STUDYKIT_DB).",
)
@click.version_option(package_name="studykit")
@click.pass_context
def cli(ctx: click.Context, notes_option: Path | None, db: str | None) -> None:
    """Study notes in, topics and flashcards out."""
    # the commands that use decks take --quizzes ($STUDYKIT_QUIZZES) themselves
    ctx.obj = Settings(notes_dir(notes_option), Path("quizzes"), db or "")


for command in (
    notes.notes,
    notes.topics,
    notes.show,
    search.search,
    quiz.build,
    quiz.quiz,
    quiz.stats,
    quiz.plan,
    cards.cards,
    cards.triage,
    cards.suspend,
    cards.unsuspend,
    cards.bury,
    cards.leeches,
    cards.copies,
    checks.check,
    interop.export,
    interop.optimize,
    interop.import_,
    service.user,
    service.serve,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="studykit")
