"""The claims ledger: the last result of every check, and the verdict on each claim.

A claim is a sentence of a note; one or more checks test it, each a reading of it (what the
sentence is taken to say). A check's verdict says what its code showed: every assertion held
(`verified`), an assertion failed (`refuted`: that reading is false), or it did not run as
meant (`failed`: any other error, setup included, or a timeout). `expect=refute` changes only
what its author expected, never the verdict: a result other than the expected one is a
surprise, which makes `studykit check` exit 1. A claim's verdict follows from its checks:

    verified   every reading supported          refuted    every reading refuted
    partly     some supported, some refuted     failed     a check did not run as meant
    stale      code, versions or the claim's    unchecked  no check has run yet
               text changed since (over failed)

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
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    VERIFIED = "verified"  # every assertion held: the check's reading holds
    REFUTED = "refuted"  # an assertion failed: the check's reading is false
    FAILED = "failed"  # any other error (setup included) or a timeout: it did not run as meant

    def surprise(self, refute: bool) -> bool:
        """Is this not what the check's author expected (`refute`: expect=refute)?"""
        if self == Verdict.REFUTED:
            return not refute
        if self == Verdict.VERIFIED:
            return refute
        return self == Verdict.FAILED


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
        if any(r.stale for r in self.checks):  # an old failure says nothing of the new text
            return ClaimVerdict.STALE
        if Verdict.FAILED in found:
            return ClaimVerdict.FAILED
        if Verdict.VERIFIED in found and Verdict.REFUTED in found:
            return ClaimVerdict.PARTLY
        if Verdict.REFUTED in found:
            return ClaimVerdict.REFUTED
        if Verdict.VERIFIED in found:
            return ClaimVerdict.VERIFIED
        return ClaimVerdict.UNCHECKED

    def summary(self) -> dict[str, Any]:
        """The claim as JSON: its text, verdict, and each check's reading and verdict."""
        readings = [
            {"check": r.name, "reading": r.reading, "verdict": "stale" if r.stale else r.verdict}
            for r in self.checks
        ]
        return {"text": self.text, "verdict": self.verdict, "readings": readings}


DOUBTED = (ClaimVerdict.PARTLY, ClaimVerdict.FAILED, ClaimVerdict.STALE)
"""Claims never offered as a choice, right or wrong: neither true nor false for sure. A
refuted claim may be a wrong choice; only a verified one may be the right answer."""


def carried(text: str, found: list[Claim], answer: str = "") -> list[Claim]:
    """The claims a card states: those whose words (spacing and punctuation aside) its text
    contains, and those that contain its whole `answer` (a card asking for part of a claim,
    its subject in the question)."""
    words, part = normalise(text), normalise(answer)
    stated = []
    for claim in found:
        said = normalise(claim.text)
        if (len(said) >= 4 and said in words) or (len(part) >= MIN_PART and part in said):
            stated.append(claim)
    return stated


MIN_PART = 8
"""Letters an answer needs for the claim holding it to count as stated (not `0` or `h`)."""


def unproven(text: str, claims: list[Claim], answer: str = "") -> list[Claim]:
    """The claims a card states (see carried) that are not verified: what it shows after its
    answer, with their readings, and why it is never the right answer of a choice."""
    return [c for c in carried(text, claims, answer) if c.verdict != ClaimVerdict.VERIFIED]


def choosable(claims: list[Claim]) -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """Two tests of a text for choice mode: may it be the right answer (every claim it
    states verified), and may it be a wrong choice (none partly true, failed or stale)?"""

    def right(answer: str) -> bool:
        return not unproven(answer, claims, answer)

    def wrong(answer: str) -> bool:
        return not any(c.verdict in DOUBTED for c in carried(answer, claims, answer))

    return right, wrong


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


def claims_now(db: Database, root: Path) -> list[Claim]:
    """Every claim of the ledger read against its note as it is now (a note gone: all its
    results stale): what the quiz and the service show with cards."""
    by_note: dict[str, list[CheckResult]] = {}
    for result in results(db):
        by_note.setdefault(result.note, []).append(result)
    found: list[CheckResult] = []
    for key, rows in by_note.items():
        file = root / key if not Path(key).is_absolute() else Path(key)
        try:
            stat = file.stat()
        except OSError:
            found += [replace(r, stale=True) for r in rows]
            continue
        found += current(rows, _checks_of(str(file.resolve()), stat.st_mtime_ns, stat.st_size), key)
    return claims(found)


@lru_cache(maxsize=256)
def _checks_of(path: str, mtime_ns: int, size: int) -> tuple[Check, ...]:
    """A note's checks, parsed again only when the file changes (the service asks per card)."""
    from studykit.checks.find import checks_in

    return tuple(checks_in(Path(path)))


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
        changed = changed or not check.claim_held
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
    grouped: dict[tuple[str, int, str], Claim] = {}
    for result in found:
        key = claim_key(result)
        claim = grouped.setdefault(
            key, Claim(result.note, result.topic, result.claim, result.claim_line)
        )
        claim.checks.append(result)
    return sorted(grouped.values(), key=lambda c: (c.note, c.line))


def claim_key(result: CheckResult) -> tuple[str, int, str]:
    """Which claim a result speaks of: one per quoted sentence, even two on one line."""
    return result.note, result.claim_line, normalise(result.claim)


def never_checked(found: list[CheckResult]) -> bool:
    """Has none of these checks run yet? Then a note shows one line for its claims, not a
    badge on each (a learner who only quizzes never runs them)."""
    return all(result.detail == NEVER_RUN for result in found)


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
    if last is None or last.verdict not in (Verdict.VERIFIED, Verdict.REFUTED):
        return True
    if last.verdict.surprise(check.refute):
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
