"""`studykit check`: run the checks inside notes with pytest and print the claims ledger."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studykit.cli.common import AS_JSON, notes_root, out, pass_settings, print_json, store
from studykit.config import Settings
from studykit.errors import Incomplete, UsageError

if TYPE_CHECKING:
    from studykit.checks.ledger import CheckResult


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--changed", is_flag=True, help="Only checks changed since they last passed.")
@AS_JSON
@pass_settings
def check(settings: Settings, paths: tuple[Path, ...], changed: bool, as_json: bool) -> None:
    """Run the checks inside notes with pytest and print the claims ledger."""
    from pytest import ExitCode

    from studykit.checks import ledger
    from studykit.checks.find import note_files
    from studykit.checks.ledger import Verdict
    from studykit.checks.pytest_plugin import run_checks

    root = notes_root(settings) if not paths else settings.notes
    files = note_files(list(paths) or [root])
    with store(settings) as db:
        targets = ledger.stale(files, root, db) if changed else [str(f) for f in files]
        code, results = run_checks(targets, quiet=as_json)
        if code == ExitCode.USAGE_ERROR:
            raise UsageError("pytest could not run the checks (see above)")
        if code not in (ExitCode.OK, ExitCode.TESTS_FAILED):
            raise Incomplete()
        ledger.record(db, results, root, complete=not changed)
        shown = ledger.results(db, [ledger.note_key(f, root) for f in files])
    if as_json:
        print_json([_result_json(r) for r in shown])
    else:
        if changed and not targets:
            out.print("No check changed since it last passed.")
        _table(shown)
    if any(verdict == Verdict.FAILED for _, verdict, _ in results):
        raise Incomplete()


def _table(results: list[CheckResult]) -> None:
    from rich.table import Table

    from studykit.render.terminal import badge

    notes: dict[str, list[CheckResult]] = {}
    for result in results:
        notes.setdefault(result.note, []).append(result)
    for note, rows in notes.items():
        table = Table(title=note, title_justify="left", show_lines=False)
        table.add_column("line", justify="right")
        table.add_column("claim", ratio=1, overflow="fold")
        table.add_column("check", no_wrap=True)
        table.add_column("verdict", no_wrap=True)
        for r in rows:
            name = r.check_id.rpartition("::")[2]
            table.add_row(str(r.claim_line), r.claim, name, badge(r.verdict))
        out.print(table)


def _result_json(result: CheckResult) -> dict[str, Any]:
    return {
        "note": result.note,
        "check": result.check_id,
        "claim": result.claim,
        "claim_line": result.claim_line,
        "line": result.line,
        "verdict": result.verdict,
        "detail": result.detail,
        "checked_at": result.checked_at,
    }
