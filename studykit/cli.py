"""The `studykit` command: thin click commands over the core modules.

Exit codes: 0 all well, 1 some notes were skipped (each reported on stderr with file and
line), 2 usage error (bad option, unknown target, missing folder).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.text import Text

from studykit.paths import notes_dir

if TYPE_CHECKING:  # the parser is imported only by the commands that parse notes
    from studykit.index import Corpus
    from studykit.notes import Note, Topic

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
    ctx.obj = Settings(notes_option, db)


@dataclass(slots=True)
class Settings:
    notes: Path | None
    db: str | None


def settings() -> Settings:
    return click.get_current_context().find_root().obj


def _notes_root(directory: Path | None = None) -> Path:
    root = notes_dir(directory or settings().notes)
    if not root.is_dir():
        raise click.UsageError(f"notes folder not found: {root}")
    return root


def _corpus(directory: Path | None = None, *, blocks: bool = True) -> Corpus:
    from studykit.index import load_corpus

    root = _notes_root(directory)
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
    from rich.table import Table

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
    from rich.tree import Tree

    from studykit.text import nfc

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


def _topic_tree(root: Any, note: Note, shown: list[Topic]) -> None:
    nodes: dict[str, Any] = {}
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
    rendered = render_note(note, topic, _marks(corpus.root / note.path))
    if not no_pager and out.is_terminal and _height(rendered) > out.size.height:
        os.environ.setdefault("LESS", "-R")
        with out.pager(styles=True):
            out.print(rendered)
    else:
        out.print(rendered)
    _done(corpus)


QUIZZES_DIR = click.option(
    "--quizzes",
    "quizzes_dir",
    envvar="STUDYKIT_QUIZZES",
    default="quizzes",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of deck files ($STUDYKIT_QUIZZES).",
)


@cli.command()
@NOTES_DIR
@QUIZZES_DIR
def build(directory: Path | None, quizzes_dir: Path) -> None:
    """Write one YAML deck of flashcards per note into the quizzes folder."""
    from rich.table import Table

    with _store() as store:
        report = _sync(store, _notes_root(directory), quizzes_dir, force=True)
    assert report is not None  # a forced sync always reports
    table = Table(title=f"decks in {quizzes_dir}", title_justify="left")
    table.add_column("deck")
    table.add_column("cards", justify="right")
    for name, count in sorted(report.decks.items()):
        table.add_row(name, str(count))
    out.print(table)
    if report.problems:
        click.get_current_context().exit(1)


def _store():
    from studykit.store import Store, default_path

    return Store(settings().db or default_path())


def _sync(store: Any, notes_root: Path, quizzes_dir: Path, force: bool = False) -> Any:
    """Bring the store's cards up to date with the notes and decks, reporting what was
    skipped; None when nothing had changed."""
    from studykit.quiz import sync

    report = sync(store, notes_root, quizzes_dir, force=force)
    if report:
        _warn(report.problems)
    return report


def _warn(problems: list[str]) -> None:
    for problem in problems:
        err.print(Text.assemble(("skipped ", "yellow"), problem), soft_wrap=True)


@cli.command()
@click.argument("target", required=False, default="")
@click.option("--tag", default="", help="Only cards with this tag.")
@click.option(
    "--mode",
    type=click.Choice(["flip", "type", "choice"]),
    default="flip",
    show_default=True,
    help="flip: reveal and rate; type: type the answer; choice: pick among four.",
)
@click.option("--new", "new_per_day", type=click.IntRange(0), default=20, show_default=True,
              help="New cards per day.")  # fmt: skip
@click.option("--limit", type=click.IntRange(1), default=100, show_default=True,
              help="Cards in this session at most.")  # fmt: skip
@click.option(
    "--retention",
    envvar="STUDYKIT_RETENTION",
    type=click.FloatRange(0.7, 0.99),
    default=0.9,
    show_default=True,
    help="Desired retention: the share of cards you want to recall when due.",
)
@QUIZZES_DIR
def quiz(
    target: str,
    tag: str,
    mode: str,
    new_per_day: int,
    limit: int,
    retention: float,
    quizzes_dir: Path,
) -> None:
    """Review due cards, then new ones: TARGET is a deck or DECK#TOPIC (or part of them)."""
    from studykit import terminal
    from studykit.quiz import Selection, plan

    notes_root, selection = _notes_root(), Selection(target, tag)
    with _store() as store:
        user = store.user_id()

        def refresh() -> list | None:
            if _sync(store, notes_root, quizzes_dir) is None:
                return None
            return plan(store, user, selection, limit=limit, new_per_day=new_per_day)

        queue = plan(store, user, selection, limit=limit, new_per_day=new_per_day)
        if not queue:  # first run, or nothing due: bring the cards up to date before saying so
            queue, refresh_later = refresh() or [], None
        else:
            refresh_later = refresh
        code = terminal.run(out, store, user, queue, mode, refresh_later, retention)
    click.get_current_context().exit(code)


@cli.command()
def stats() -> None:
    """Reviews per day, recall rate and the cards due in the next seven days."""
    from studykit import terminal

    with _store() as store:
        terminal.stats(out, store, store.user_id())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--changed", is_flag=True, help="Only checks changed since they last passed.")
@AS_JSON
def check(paths: tuple[Path, ...], changed: bool, as_json: bool) -> None:
    """Run the checks inside notes with pytest and print the claims ledger."""
    from pytest import ExitCode

    from studykit import checks
    from studykit.pytest_plugin import run_checks

    files = checks.note_files(list(paths) or [_notes_root()])
    with _store() as store:
        targets = [str(f) for f in files]
        if changed:
            ledger = {(r.note, r.check_id): r for r in store.check_results()}
            try:
                targets = checks.stale(files, ledger)
            except (checks.CheckSyntaxError, ValueError) as error:
                raise click.ClickException(str(error)) from None
        code, results = run_checks(targets, quiet=as_json)
        if code not in (ExitCode.OK, ExitCode.TESTS_FAILED):
            click.get_current_context().exit(2 if code == ExitCode.USAGE_ERROR else 1)
        checks.record(store, results, complete=not changed)
        shown = store.check_results([str(f.resolve()) for f in files])
    if as_json:
        _print_json([_result_json(r) for r in shown])
    else:
        if changed and not targets:
            out.print("No check changed since it last passed.")
        _ledger(shown)
    if any(verdict == "failed" for _, verdict, _ in results):
        click.get_current_context().exit(1)


def _ledger(results: list) -> None:
    from rich.table import Table

    from studykit.render import BADGES

    notes: dict[str, list] = {}
    for result in results:
        notes.setdefault(result.note, []).append(result)
    for note, rows in notes.items():
        table = Table(title=_relative(note), title_justify="left", show_lines=False)
        table.add_column("line", justify="right")
        table.add_column("claim", ratio=1, overflow="fold")
        table.add_column("check", no_wrap=True)
        table.add_column("verdict", no_wrap=True)
        for r in rows:
            label, style = BADGES.get(r.verdict, (r.verdict, ""))
            name = r.check_id.rpartition("::")[2]
            table.add_row(str(r.claim_line), r.claim, name, Text(label, style=style))
        out.print(table)


def _relative(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def _result_json(result: Any) -> dict[str, Any]:
    return {
        "note": _relative(result.note),
        "check": result.check_id,
        "claim": result.claim,
        "claim_line": result.claim_line,
        "line": result.line,
        "verdict": result.verdict,
        "detail": result.detail,
        "checked_at": result.checked_at,
    }


def _marks(note_file: Path) -> dict[int, str]:
    """Line -> verdict of the note's claims and checks, from the last `studykit check`."""
    from studykit.checks import marks

    with _store() as store:
        return marks(store.check_results([str(note_file.resolve())]))


USER = click.option("--user", default="local", show_default=True, help="Whose reviews.")


@cli.group()
def export() -> None:
    """Export cards to Anki, or the review log for FSRS tools."""


@export.command("anki")
@click.argument("target", required=False, default="")
@click.option("--tag", default="", help="Only cards with this tag.")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The .apkg file to write.",
)  # fmt: skip
@QUIZZES_DIR
def export_anki(target: str, tag: str, output: Path, quizzes_dir: Path) -> None:
    """Write the cards (of a deck or DECK#TOPIC, or all) as an Anki package."""
    from studykit import anki
    from studykit.index import load_corpus
    from studykit.quiz import Selection

    root = _notes_root()
    with _store() as store:
        _sync(store, root, quizzes_dir)
        cards = store.cards(*Selection(target, tag).sql())
    if not cards:
        raise click.UsageError(f"no cards match {target or tag!r}")
    titles = {n.slug: n.title for n in load_corpus(root, blocks=False).notes}
    counts = anki.export(cards, titles, output)
    for deck, count in counts.items():
        out.print(f"{count:5d}  {deck}")
    out.print(f"Wrote {sum(counts.values())} notes to {output}")


@export.command("reviews")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: standard output).",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv")
@USER
def export_reviews(output: Path | None, fmt: str, user: str) -> None:
    """The review log: card_id, review_time, review_rating, review_state, review_duration."""
    import csv
    import io

    from studykit.revlog import COLUMNS, entries

    with _store() as store:
        rows = [{c: getattr(e, c) for c in COLUMNS} for e in entries(store, store.user_id(user))]
    buffer = io.StringIO()
    if fmt == "csv":
        writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        buffer.writelines(json.dumps(row) + "\n" for row in rows)
    if output:
        output.write_text(buffer.getvalue(), encoding="utf-8")
        err.print(f"Wrote {len(rows)} reviews to {output}")
    else:
        click.echo(buffer.getvalue(), nl=False)


@cli.command()
@USER
def optimize(user: str) -> None:
    """Fit FSRS's parameters to your review history and use them from now on."""
    from studykit.optimize import MIN_REVIEWS, NotEnoughReviews, fit
    from studykit.revlog import entries

    with _store() as store:
        user_id = store.user_id(user)
        history = entries(store, user_id)
        try:
            result = fit(history)
        except NotEnoughReviews as short:
            err.print(
                f"Not enough history yet: {short.have} reviews count (a day or more after "
                f"the card's previous one, before the held-out 20%), {MIN_REVIEWS} are "
                f"needed: about {short.missing} more. Nothing was changed."
            )
            click.get_current_context().exit(1)
        store.set_parameters(user_id, result.parameters)
    before, after = result.before, result.after
    out.print(f"Fitted on {result.train_reviews} reviews before {result.cutoff:%Y-%m-%d}.")
    out.print(f"Held out: {after.reviews} reviews after it.")
    out.print(f"  log loss  {before.log_loss:.4f} (defaults) -> {after.log_loss:.4f} (fitted)")
    out.print(f"  RMSE      {before.rmse:.4f} (defaults) -> {after.rmse:.4f} (fitted)")
    out.print(f"Saved for {user!r}: the quiz schedules with these parameters from now on.")


@cli.group("import")
def import_() -> None:
    """Bring cards in from other tools."""


@import_.command("obsidian")
@click.argument("vault", type=click.Path(exists=True, file_okay=False, path_type=Path))
@QUIZZES_DIR
def import_obsidian(vault: Path, quizzes_dir: Path) -> None:
    """Turn a vault's spaced-repetition cards (::, :::, ?, ==cloze==) into decks."""
    from studykit import decks
    from studykit.obsidian import vault_decks

    found, problems = vault_decks(vault)
    _warn([str(p) for p in problems])
    for deck in found:
        path = decks.write(deck, quizzes_dir)
        out.print(f"{len(deck.cards):5d}  {path}")
    out.print(f"Imported {sum(len(d.cards) for d in found)} cards from {len(found)} notes.")
    if problems:
        click.get_current_context().exit(1)


@cli.group()
def user() -> None:
    """Accounts of the quiz service."""


@user.command("add")
@click.argument("name")
@click.option(
    "--url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Where the service will be reached, for the login link.",
)
def user_add(name: str, url: str) -> None:
    """Create NAME (or give it a new token) and print its token and login link."""
    from studykit.accounts import add_user

    with _store() as store:
        token = add_user(store, name)
    out.print(f"Token for {name!r} (shown once; use as `Authorization: Bearer <token>`):")
    click.echo(token)
    out.print("Login link:")
    click.echo(f"{url.rstrip('/')}/login?token={token}")


LOOPBACK = ("127.0.0.1", "localhost", "::1")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@QUIZZES_DIR
def serve(host: str, port: int, workers: int, quizzes_dir: Path) -> None:
    """Serve the quizzes and rendered notes to a study group over HTTP."""
    import secrets

    import uvicorn

    from studykit.store import default_path

    notes_root = _notes_root()
    db = str(settings().db or default_path())
    with _store() as store:
        if host not in LOOPBACK and not store.token_holders():
            raise click.UsageError(
                f"refusing to serve on {host} with no user: anyone could reach it. "
                "Run `studykit user add NAME` first (or serve on 127.0.0.1)."
            )
        _sync(store, notes_root, quizzes_dir)
        secret = store.get("service.secret")
        if secret is None:
            secret = secrets.token_urlsafe(32)
            store.put("service.secret", secret)
    os.environ.update(
        STUDYKIT_NOTES=str(notes_root.resolve()),
        STUDYKIT_QUIZZES=str(quizzes_dir.resolve()),
        STUDYKIT_DB=db,
        STUDYKIT_SECRET=secret,
        STUDYKIT_SECURE_COOKIES="0" if host in LOOPBACK else "1",
    )
    out.print(f"studykit on http://{host}:{port}/ (notes: {notes_root}, database: {db})")
    uvicorn.run(
        "studykit.service:app_from_env", factory=True, host=host, port=port, workers=workers
    )


def _height(renderable: Any) -> int:
    return len(out.render_lines(renderable, out.options, pad=False))


def main() -> None:
    cli(prog_name="studykit")
