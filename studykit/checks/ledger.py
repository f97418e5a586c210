"""The claims ledger: the last result of every check, and the verdict on each claim.

A claim is a sentence of a note; one or more checks test it, each a reading of it (what the
sentence is taken to say) that the check supports (`verified`) or refutes (`refuted`). A
claim's verdict follows from its checks:

    verified   every reading supported          refuted    every reading refuted
    partly     some supported, some refuted     failed     a check errored (setup included)
    stale      code or versions changed since   unchecked  no check has run yet

Rows are keyed by the note's path relative to the notes folder (a note outside it keeps its
absolute path), so moving the folder keeps every verdict; they also keep the versions of
Python, torch and NumPy they ran with, so `studykit check --changed` re-runs them when one
changes. Lines are taken from the note as it is now, never from the row, so marks stay on
their claims when prose is inserted above them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from studykit.db import Database, now
from studykit.text import normalise

if TYPE_CHECKING:  # the quiz reads verdicts without loading the parser
    from studykit.checks.find import Check
    from studykit.notes.model import Note

NEVER_RUN = "never run"


class Verdict(StrEnum):
    """What one run of one check says, from least to most worth seeing."""

    XFAILED = "xfailed"
    SKIPPED = "skipped"
    VERIFIED = "verified"  # the check's reading holds
    REFUTED = "refuted"  # the check's reading is false, as its author expected
    FAILED = "failed"  # the check did not run as its author expected

    @property
    def passed(self) -> bool:
        """Did the check run as its author meant (a refuting check refuted its claim)?"""
        return self in (Verdict.VERIFIED, Verdict.REFUTED)


class ClaimVerdict(StrEnum):
    """What the checks of one claim say together, from least to most worth seeing."""

    UNCHECKED = "unchecked"
    STALE = "stale"
    VERIFIED = "verified"
    PARTLY = "partly"
    REFUTED = "refuted"
    FAILED = "failed"


ORDER = [*Verdict, *ClaimVerdict]
"""Every mark, least worth seeing first: where marks share a line, the later one wins."""


@dataclass(slots=True)
class CheckResult:
    """The last result of one check of a note: the ledger's row."""

    note: str  # the note's key: its path relative to the notes folder
    check_id: str  # topic-slug::name
    digest: str
    verdict: Verdict
    claim: str
    claim_line: int
    line: int
    detail: str
    checked_at: str
    reading: str = ""
    environment: str = ""
    stale: bool = False  # set when read against the note as it is now

    @property
    def topic(self) -> str:
        return self.check_id.rpartition("::")[0]

    @property
    def name(self) -> str:
        return self.check_id.rpartition("::")[2]


@dataclass(slots=True)
class Claim:
    """A claim of a note with the results of the checks that test it."""

    note: str
    topic: str
    text: str
    line: int
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def verdict(self) -> ClaimVerdict:
        found = {r.verdict for r in self.checks}
        if Verdict.FAILED in found:
            return ClaimVerdict.FAILED
        if any(r.stale for r in self.checks):
            return ClaimVerdict.STALE
        if Verdict.VERIFIED in found and Verdict.REFUTED in found:
            return ClaimVerdict.PARTLY
        if Verdict.REFUTED in found:
            return ClaimVerdict.REFUTED
        if Verdict.VERIFIED in found:
            return ClaimVerdict.VERIFIED
        return ClaimVerdict.UNCHECKED


DOUBTED = (ClaimVerdict.REFUTED, ClaimVerdict.PARTLY)
"""Claims a card must never teach unmarked, nor offer as a choice."""


def carried(text: str, found: list[Claim]) -> list[Claim]:
    """The claims a card's text states: those whose words (spacing and punctuation aside)
    it contains."""
    words = normalise(text)
    return [c for c in found if len(normalise(c.text)) >= 4 and normalise(c.text) in words]


def doubted(claims: list[Claim]) -> Callable[[str], bool]:
    """Does a text state a claim of these that is refuted or only partly true?"""

    def states_one(text: str) -> bool:
        return any(c.verdict in DOUBTED for c in carried(text, claims))

    return states_one


def environment() -> str:
    """The versions a check's result depends on (read without importing anything)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    found = [f"python {platform.python_version()}"]
    for package in ("torch", "numpy"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} -")
    return "; ".join(found)


def note_key(file: str | Path, root: Path) -> str:
    """How the ledger names a note file: relative to the notes folder, else absolute."""
    path = Path(file).resolve()
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def results(db: Database, notes: list[str] | None = None) -> list[CheckResult]:
    """The ledger, for the given notes (keys) or for all of them, as last run."""
    rows = db.execute(
        """SELECT note, check_id, digest, verdict, claim, claim_line, line, detail,
        checked_at, reading, environment FROM check_results ORDER BY note, line"""
    )
    return [
        CheckResult(note, check, digest, Verdict(verdict), claim, claim_line, line, *rest)
        for note, check, digest, verdict, claim, claim_line, line, *rest in rows
        if notes is None or note in notes
    ]


def note_results(db: Database, note: Note) -> list[CheckResult]:
    """The ledger of one note (parsed with its blocks), read against the note as it is now."""
    from studykit.checks.find import find_checks

    return current(results(db, [note.path]), find_checks(note, note.path), note.path)


def current(found: list[CheckResult], checks: Iterable[Check], note: str) -> list[CheckResult]:
    """The results read against the note as it is now: lines and claims from the note,
    results of checks it no longer has dropped, a check never run shown as unchecked, and
    results whose code or versions changed marked stale."""
    by_id = {r.check_id: r for r in found}
    env = environment()
    shown = []
    for check in checks:
        last = by_id.get(check.id)
        if last is None:
            shown.append(_unchecked(check, note))
            continue
        changed = last.digest != check.digest or last.environment != env
        shown.append(
            replace(
                last,
                claim=check.claim,
                claim_line=check.claim_line,
                line=check.snippet.line,
                reading=check.reading,
                stale=changed,
            )
        )
    return shown


def _unchecked(check: Check, note: str) -> CheckResult:
    """A check that never ran: a result with no time, which counts for no verdict."""
    return CheckResult(
        note, check.id, check.digest, Verdict.SKIPPED, check.claim, check.claim_line,
        check.snippet.line, NEVER_RUN, "", check.reading,
    )  # fmt: skip


def claims(found: list[CheckResult]) -> list[Claim]:
    """The claims the results speak of, in line order, each with its checks."""
    grouped: dict[tuple[str, int], Claim] = {}
    for result in found:
        key = (result.note, result.claim_line)
        claim = grouped.setdefault(
            key, Claim(result.note, result.topic, result.claim, result.claim_line)
        )
        claim.checks.append(result)
    return sorted(grouped.values(), key=lambda c: (c.note, c.line))


def marks(found: list[CheckResult]) -> dict[int, Verdict | ClaimVerdict]:
    """Line -> mark: each claim's verdict on its line, each check's result on its fence;
    where marks share a line, the one most worth seeing wins."""
    shown: dict[int, Verdict | ClaimVerdict] = {}

    def put(line: int, mark: Verdict | ClaimVerdict) -> None:
        if line not in shown or ORDER.index(mark) >= ORDER.index(shown[line]):
            shown[line] = mark

    for claim in claims(found):
        put(claim.line, claim.verdict)
    for result in found:
        if result.detail != NEVER_RUN:
            put(result.line, ClaimVerdict.STALE if result.stale else result.verdict)
    return shown


def stale(files: list[Path], root: Path, db: Database) -> list[str]:
    """pytest node ids of the checks whose code, setup, attributes or versions changed
    since they last passed (or that never did): what `studykit check --changed` runs."""
    from studykit.checks.find import checks_in

    ledger = {(r.note, r.check_id): r for r in results(db)}
    env = environment()
    found = [check for file in files for check in checks_in(file)]
    return [
        c.node_id for c in found if _needs_run(c, ledger.get((note_key(c.note, root), c.id)), env)
    ]


def _needs_run(check: Check, last: CheckResult | None, env: str) -> bool:
    if last is None or not last.verdict.passed:
        return True
    return last.digest != check.digest or last.environment != env


def record(
    db: Database, found: list[tuple[Check, Verdict, str]], root: Path, complete: bool
) -> None:
    """Save each check's result; after a complete run of a note, forget the checks it no
    longer has."""
    at, env = now().isoformat(), environment()
    for check, verdict, detail in found:
        _save(
            db,
            CheckResult(
                note_key(check.note, root), check.id, check.digest, verdict, check.claim,
                check.claim_line, check.snippet.line, detail, at, check.reading, env,
            ),
        )  # fmt: skip
    if complete:
        for note in {check.note for check, _, _ in found}:
            keep = {c.id for c, _, _ in found if c.note == note}
            _forget(db, note_key(note, root), keep)


def _save(db: Database, result: CheckResult) -> None:
    with db.transaction() as tx:
        tx.execute(
            """INSERT INTO check_results (note, check_id, digest, verdict, claim, claim_line,
                line, detail, checked_at, reading, environment)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (note, check_id) DO UPDATE SET digest = excluded.digest,
                verdict = excluded.verdict, claim = excluded.claim,
                claim_line = excluded.claim_line, line = excluded.line,
                detail = excluded.detail, checked_at = excluded.checked_at,
                reading = excluded.reading, environment = excluded.environment""",
            (
                result.note, result.check_id, result.digest, str(result.verdict), result.claim,
                result.claim_line, result.line, result.detail, result.checked_at,
                result.reading, result.environment,
            ),
        )  # fmt: skip


def _forget(db: Database, note: str, keep: set[str]) -> None:
    """Drop the ledger rows of checks that are no longer in the note."""
    with db.transaction() as tx:
        rows = tx.execute("SELECT check_id FROM check_results WHERE note = ?", (note,))
        gone = [(note, check_id) for (check_id,) in rows if check_id not in keep]
        tx.executemany("DELETE FROM check_results WHERE note = ? AND check_id = ?", gone)
