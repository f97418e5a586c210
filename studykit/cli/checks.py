"""`studykit check`: run the checks inside notes with pytest and print the claims ledger."""

from __future__ import annotations

import io
from contextlib import nullcontext, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studykit.cli.common import AS_JSON, notes_root, out, pass_settings, print_json, store
from studykit.cli.progress import bars
from studykit.config import Settings
from studykit.errors import Incomplete, UsageError
from studykit.extras import require

if TYPE_CHECKING:
    from studykit.checks.ledger import CheckResult


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--changed", is_flag=True, help="Only checks changed since they last passed.")
@click.option(
    "--coverage", "show_coverage", is_flag=True,
    help="Run nothing: list the sentences that read as checkable claims with no check.",
)  # fmt: skip
@AS_JSON
@pass_settings
def check(
    settings: Settings, paths: tuple[Path, ...], changed: bool, show_coverage: bool, as_json: bool
) -> None:
    """Run the checks inside notes with pytest and print the claims ledger."""
    require("checks", "`studykit check`")
    from pytest import ExitCode

    from studykit.checks import ledger
    from studykit.checks.find import checks_in, note_files
    from studykit.checks.pytest_plugin import run_checks
    from studykit.render.terminal import render_claims

    root = notes_root(settings) if not paths else settings.notes
    if show_coverage:
        return _coverage(list(paths) or [root], root, as_json)
    files = note_files(list(paths) or [root])
    with store(settings) as db:
        targets = ledger.stale(files, root, db) if changed else [str(f) for f in files]
        report = io.StringIO()  # pytest's report, held while a bar is drawn
        with bars(not as_json) as progress, redirect_stdout(report) if progress else nullcontext():
            code, results = run_checks(targets, quiet=as_json, progress=progress)
        click.echo(report.getvalue(), nl=False)
        if code == ExitCode.USAGE_ERROR:
            raise UsageError("pytest could not run the checks (see above)")
        ledger.record(db, results, root, complete=not changed)
        shown = [
            result
            for file in files
            for result in ledger.current(
                ledger.results(db, [ledger.note_key(file, root)]),
                checks_in(file),
                ledger.note_key(file, root),
            )
        ]
    if as_json:
        claims = {ledger.claim_key(c.checks[0]): c.verdict for c in ledger.claims(shown)}
        print_json([_result_json(r, claims[ledger.claim_key(r)]) for r in shown])
    else:
        if changed and not targets:
            out.print("No check changed since it last passed.")
        out.print(render_claims(ledger.claims(shown)))
    ran_as_meant = code in (ExitCode.OK, ExitCode.TESTS_FAILED)
    if not ran_as_meant or any(verdict.surprise(c.refute) for c, verdict, _ in results):
        raise Incomplete()  # a failure, or a verdict its check's author did not expect


def _coverage(paths: list[Path], root: Path, as_json: bool) -> None:
    """Per note and topic, the checkable sentences no check backs, and the share covered."""
    from rich.text import Text

    from studykit.checks import coverage, ledger
    from studykit.notes.corpus import note_files as notes_in

    files = [f for p in paths for f in ([p / n for n in notes_in(p)] if p.is_dir() else [p])]
    found = [coverage.of_file(f, ledger.note_key(f, root)) for f in files]
    if as_json:
        print_json([c.summary() for c in found])
        return
    for each in found:
        share = f"{each.covered} of {len(each.sentences)} checkable sentences checked"
        out.print(Text.assemble((each.note, "bold"), f": {share} ({each.share:.0%})"))
        topic = None
        for sentence in (s for s in each.sentences if not s.checked):
            if sentence.topic != topic:
                out.print(Text(f"  #{sentence.topic}", style="cyan"))
                topic = sentence.topic
            out.print(Text.assemble((f"  L{sentence.line} ", "dim"), sentence.text))


def _result_json(result: CheckResult, claim_verdict: str) -> dict[str, Any]:
    return {
        "note": result.note,
        "topic": result.topic,
        "check": result.check_id,
        "claim": result.claim,
        "claim_line": result.claim_line,
        "claim_verdict": claim_verdict,
        "reading": result.reading,
        "line": result.line,
        "verdict": "stale" if result.stale else result.verdict,
        "detail": result.detail,
        "checked_at": result.checked_at,
    }
