"""The claims ledger: the last verdict of every check, with its own table access.

Rows are keyed by the note's path relative to the notes folder (a note outside it keeps its
absolute path), so moving the notes folder keeps every verdict. `show` and the note pages
read it to badge claims; `studykit check --changed` reads it to skip checks that passed
and have not changed since.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from studykit.checks.find import Check, checks_in
from studykit.db import Database, now


class Verdict(StrEnum):
    """What `studykit check` can say of a check, from least to most worth seeing."""

    XFAILED = "xfailed"
    SKIPPED = "skipped"
    VERIFIED = "verified"
    REFUTED = "refuted"
    FAILED = "failed"

    @property
    def passed(self) -> bool:
        """Did the check run as its author meant (a refuting check refuted its claim)?"""
        return self in (Verdict.VERIFIED, Verdict.REFUTED)


ORDER = list(Verdict)


@dataclass(slots=True)
class CheckResult:
    """The last verdict on one check of a note: the ledger's row."""

    note: str  # the note's key: its path relative to the notes folder
    check_id: str
    digest: str
    verdict: Verdict
    claim: str
    claim_line: int
    line: int
    detail: str
    checked_at: str


def note_key(file: str | Path, root: Path) -> str:
    """How the ledger names a note file: relative to the notes folder, else absolute."""
    path = Path(file).resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def results(db: Database, notes: list[str] | None = None) -> list[CheckResult]:
    """The ledger, for the given notes (keys) or for all of them."""
    rows = db.execute("SELECT * FROM check_results ORDER BY note, line")
    return [
        CheckResult(note, check, digest, Verdict(verdict), claim, claim_line, line, detail, at)
        for note, check, digest, verdict, claim, claim_line, line, detail, at in rows
        if notes is None or note in notes
    ]


def marks(found: list[CheckResult]) -> dict[int, Verdict]:
    """Line -> verdict of claims and check fences; where several checks share a line, the
    verdict most worth seeing wins (a failure over a refutation over a verification)."""
    shown: dict[int, Verdict] = {}
    for result in found:
        for line in (result.claim_line, result.line):
            if ORDER.index(result.verdict) >= ORDER.index(shown.get(line, Verdict.XFAILED)):
                shown[line] = result.verdict
    return shown


def note_marks(db: Database, note: str) -> dict[int, Verdict]:
    """The marks of one note (by its key), for `show` and the note page."""
    return marks(results(db, [note]))


def stale(files: list[Path], root: Path, db: Database) -> list[str]:
    """pytest node ids of the checks whose code, setup or attributes changed since they
    last passed (or that never did): what `studykit check --changed` runs."""
    ledger = {(r.note, r.check_id): r for r in results(db)}
    found = [check for file in files for check in checks_in(file)]
    return [c.node_id for c in found if _needs_run(c, ledger.get((note_key(c.note, root), c.id)))]


def _needs_run(check: Check, last: CheckResult | None) -> bool:
    return last is None or last.digest != check.digest or not last.verdict.passed


def record(
    db: Database, found: list[tuple[Check, Verdict, str]], root: Path, complete: bool
) -> None:
    """Save each check's verdict; after a complete run of a note, forget the checks it no
    longer has."""
    at = now().isoformat()
    for check, verdict, detail in found:
        _save(
            db,
            CheckResult(
                note_key(check.note, root), check.id, check.digest, verdict, check.claim,
                check.claim_line, check.snippet.line, detail, at,
            ),
        )  # fmt: skip
    if complete:
        for note in {check.note for check, _, _ in found}:
            keep = {c.id for c, _, _ in found if c.note == note}
            _forget(db, note_key(note, root), keep)


def _save(db: Database, result: CheckResult) -> None:
    with db.transaction() as tx:
        tx.execute(
            """INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (note, check_id) DO UPDATE SET digest = excluded.digest,
                verdict = excluded.verdict, claim = excluded.claim,
                claim_line = excluded.claim_line, line = excluded.line,
                detail = excluded.detail, checked_at = excluded.checked_at""",
            (
                result.note, result.check_id, result.digest, str(result.verdict), result.claim,
                result.claim_line, result.line, result.detail, result.checked_at,
            ),
        )  # fmt: skip


def _forget(db: Database, note: str, keep: set[str]) -> None:
    """Drop the ledger rows of checks that are no longer in the note."""
    with db.transaction() as tx:
        rows = tx.execute("SELECT check_id FROM check_results WHERE note = ?", (note,))
        gone = [(note, check_id) for (check_id,) in rows if check_id not in keep]
        tx.executemany("DELETE FROM check_results WHERE note = ? AND check_id = ?", gone)
