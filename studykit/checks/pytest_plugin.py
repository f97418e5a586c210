"""pytest plugin (entry point `pytest11`): the checks inside Markdown notes as test items.

`pytest notes/` collects one item per check, with the node id `note.md::topic-slug::name`,
so one topic's or one check's can be selected. Each check runs in a process of its own
(checks.worker), so the verdicts are the same whatever the order or the subset run. An item
passes when its check ends as its author expected: every assertion held (`verified`), or,
for `expect=refute`, an assertion failed (`refuted`); anything else fails it, reported at
the note's line with the check's code and the failing line marked.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from studykit.checks.find import Check, find_checks, has_checks
from studykit.checks.ledger import Verdict
from studykit.checks.run import excerpt
from studykit.checks.worker import Worker
from studykit.errors import SourceError
from studykit.markdown import runnable_fence
from studykit.notes.parse import decode, parse_note, source_lines
from studykit.progress import Progress

WORKER = pytest.StashKey[Worker]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[WORKER] = Worker()  # started at the first check only


def pytest_unconfigure(config: pytest.Config) -> None:
    if WORKER in config.stash:
        config.stash[WORKER].close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix in (".md", ".markdown"):
        return MarkdownFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    """With pytest-markdown-docs installed too: its parser, with studykit's `python check`
    and `python setup` fences hidden from it (they run here, with their setup), so a note
    passes under both plugins."""
    md = MarkdownIt()
    md.core.ruler.push("studykit_checks", _hide_checks)
    return md


def _hide_checks(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "fence" and runnable_fence(token.info):
            token.info = "text " + token.info


class MarkdownFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item | pytest.Collector]:
        data = self.path.read_bytes()
        if not has_checks(data.decode("utf-8", errors="replace")):
            return
        path = str(self.path)
        try:
            note = parse_note(decode(data, path), path)
            found = find_checks(note, path)
        except SourceError as error:
            raise self.CollectError(str(error)) from None
        by_topic: dict[str, list[Check]] = {}
        for check in found:
            by_topic.setdefault(check.slug, []).append(check)
        for topic, topic_checks in by_topic.items():
            yield TopicNode.from_parent(self, name=topic, checks=topic_checks)


class TopicNode(pytest.Collector):
    def __init__(self, *, checks: list[Check], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.checks = checks

    def collect(self) -> Iterator[pytest.Item]:
        for check in self.checks:
            item = CheckItem.from_parent(self, name=check.name, check=check)
            if check.skip:
                item.add_marker(pytest.mark.skip(reason=check.skip))
            if check.xfail:
                item.add_marker(pytest.mark.xfail(reason=check.xfail, strict=False))
            yield item


class CheckFailed(Exception):
    """A check that did not end as its author expected; its message is the report."""


class CheckItem(pytest.Item):
    def __init__(self, *, check: Check, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.verdict = Verdict.FAILED

    def runtest(self) -> None:
        if self.check.error:
            raise CheckFailed(self.check.error)
        found = self.config.stash[WORKER].run(self.check)
        print(found.output, end="")  # pytest captures it, as if the check ran here
        self.verdict = found.verdict
        if not found.verdict.surprise(self.check.refute):
            return
        if found.verdict == Verdict.VERIFIED:
            raise CheckFailed(
                f"{self.check.note}:{self.check.snippet.line}: expected this check to refute "
                "its claim, but every assertion held"
            )
        raise CheckFailed(found.report)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.check.snippet.line - 1, f"{self.check.id} (check)"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        error, snippet = excinfo.value, self.check.snippet
        if not isinstance(error, CheckFailed):
            return str(super().repr_failure(excinfo))
        if not self.check.error and self.verdict != Verdict.VERIFIED:
            return str(error)  # the worker's report, from where the check raised
        lines = source_lines(Path(self.check.note).read_text(encoding="utf-8"))
        claim = f"claim (line {self.check.claim_line}): {self.check.claim}"
        return "\n".join([str(error), claim, "", excerpt(snippet, lines, snippet.line)])


PYTEST_ARGS = [
    "-o", "addopts=",
    "--assert=plain",  # no rewriting import hook (1 s): run.compiled rewrites check code only
    "--continue-on-collection-errors",  # one unreadable note stops none of the others
    "-p", "no:cacheprovider",
    "-p", "no:hypothesispytest",  # its terminal summary alone takes 1 s
    "-p", "no:schemathesis",  # imports its whole engine (0.4 s) where installed
    "-p", "no:unraisableexception",  # a forced gc.collect() at exit (0.2 s after torch)
]  # fmt: skip


CHECKING = "running checks"
Outcome = tuple[Check, Verdict, str]
"""A check, its verdict and the detail (a skip's reason, a failure's first line)."""


def run_checks(
    targets: list[str], quiet: bool, progress: Progress | None = None
) -> tuple[int, list[Outcome]]:
    """Run checks (files or node ids) with pytest in this process: (exit code, verdicts).

    `quiet` leaves pytest's report out entirely (for --json); otherwise it is pytest's -q.
    `progress` hears of each check run, between checks (never while one runs).
    """
    recorder = Recorder(progress)
    if not targets:
        return pytest.ExitCode.OK, []
    output = ["-p", "no:terminal"] if quiet else ["-q"]
    code = pytest.main([*targets, *output, *PYTEST_ARGS], plugins=[recorder])
    return int(code), recorder.results


class Recorder:
    """Collects each check's verdict as pytest reports it (`studykit check` passes one)."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.results: list[Outcome] = []
        self.progress = progress
        self.total = 0
        self.done = 0

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.total = len(session.items)
        if self.progress:
            self.progress(CHECKING, 0, self.total)

    def pytest_runtest_logfinish(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(CHECKING, self.done, self.total)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        if not isinstance(item, CheckItem):
            return
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.results.append((item.check, _verdict(item, report), _detail(report)))


def _verdict(item: CheckItem, report: pytest.TestReport) -> Verdict:
    if hasattr(report, "wasxfail"):
        return Verdict.XFAILED if report.skipped else item.verdict
    if report.skipped:
        return Verdict.SKIPPED
    return item.verdict if report.when == "call" else Verdict.FAILED


def _detail(report: pytest.TestReport) -> str:
    if report.skipped and isinstance(report.longrepr, tuple):
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    if report.failed:
        return str(report.longrepr).splitlines()[0]
    return ""
