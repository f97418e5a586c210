"""Checks run isolated: each in a process of its own, so that nothing one check sets (torch's
default dtype, grad mode and threads, print options, NumPy's error state, warnings filters,
random states, the working directory, `sys.path`, the environment, a module's attributes)
reaches another, whatever the order or the subset run.

A worker process is started once per run (`Worker`, by the pytest plugin); it imports what
the checks need (torch, NumPy) once, runs nothing itself, and forks a fresh child per check,
so a check costs a fork, not an interpreter and a torch import. The child runs the check
(`run.run`) and sends back an `Outcome`; a child that dies or outlives its timeout is a
failure. Run as `python -m studykit.checks.worker FD`: requests on stdin, outcomes on FD.
"""

from __future__ import annotations

import io
import os
import pickle
import select
import signal
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from studykit.checks.find import Check
from studykit.checks.ledger import Verdict

GRACE = 10.0
"""Seconds past a check's own timeout before its process is killed (its SIGALRM comes first,
unless C code holds it)."""


@dataclass(slots=True)
class Outcome:
    """What one check's run showed: its verdict, the report of what it raised (empty when
    every assertion held) and what it printed."""

    verdict: Verdict
    report: str = ""
    output: str = ""


class Worker:
    """The parent's handle on the worker process (started at the first check)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.results: BinaryIO | None = None

    def run(self, check: Check) -> Outcome:
        if self.process is None or self.process.poll() is not None:
            self._start()
        assert self.process is not None and self.process.stdin and self.results
        try:
            pickle.dump(check, self.process.stdin)
            self.process.stdin.flush()
            found: Outcome = pickle.load(self.results)
        except (OSError, EOFError, pickle.UnpicklingError) as error:
            self.close()
            return Outcome(Verdict.FAILED, f"{check.note}: the checks' worker stopped ({error})")
        return found

    def _start(self) -> None:
        read, write = os.pipe()
        command = [sys.executable, "-m", "studykit.checks.worker", str(write)]
        here = str(Path(__file__).resolve().parents[2])  # this studykit, installed or not
        path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
        env = {**os.environ, "PYTHONPATH": path}
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, pass_fds=[write], env=env)
        os.close(write)
        self.results = os.fdopen(read, "rb")

    def close(self) -> None:
        if self.process is not None:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self.results is not None:
            self.results.close()
            self.results = None


def serve(requests: BinaryIO, results: BinaryIO) -> None:
    """The worker's loop: a fresh child per check, its outcome sent back."""
    import _pytest.assertion.rewrite  # noqa: F401 - what every child needs, loaded once

    import studykit.checks.explain
    import studykit.checks.run  # noqa: F401

    while True:
        try:
            check: Check = pickle.load(requests)
        except EOFError:
            return
        _preload(check)
        pickle.dump(_in_child(check), results)
        results.flush()


def _preload(check: Check) -> None:
    """Import, in the worker, the heavy modules the check uses, once for every child."""
    code = "\n".join(s.code for s in [*check.setup, check.snippet])
    for module in ("numpy", "torch"):
        if module in code:
            with suppress(ImportError):  # the check's own import will say so
                __import__(module)


def _in_child(check: Check) -> Outcome:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, send, and leave without the parent's exit handlers
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.close(read)
        try:
            with os.fdopen(write, "wb") as out:
                pickle.dump(execute(check), out)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        ready, _, _ = select.select([answer], [], [], check.timeout + GRACE)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return Outcome(Verdict.FAILED, _plain(check, f"killed after {check.timeout:g} s"))
        data = answer.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return Outcome(Verdict.FAILED, _plain(check, f"its process ended ({_status(status)})"))
    found: Outcome = pickle.loads(data)
    return found


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def _plain(check: Check, what: str) -> str:
    return f"{check.note}:{check.snippet.line}: the check did not finish: {what}"


def execute(check: Check) -> Outcome:
    """Run one check here and say what it showed: an assertion that failed refutes its
    reading; any other error (setup included, a timeout) is a failure."""
    from studykit.checks.explain import explain
    from studykit.checks.run import report, run

    printed = io.StringIO()
    try:
        with redirect_stdout(printed), redirect_stderr(printed):
            run(check)
    except AssertionError as error:
        extra = explain(error, check)
        if extra:
            error.args = (f"{extra}\n{error}".strip(),)
        return Outcome(Verdict.REFUTED, report(check, error), printed.getvalue())
    except BaseException as error:  # SystemExit too: the check did not run as meant
        return Outcome(Verdict.FAILED, report(check, error), printed.getvalue())
    return Outcome(Verdict.VERIFIED, "", printed.getvalue())


def main() -> None:
    results = os.fdopen(int(sys.argv[1]), "wb")
    os.dup2(2, 1)  # anything written to fd 1 below Python (C code) goes to stderr
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops this
    serve(sys.stdin.buffer, results)


if __name__ == "__main__":  # run by its module's name, so that outcomes unpickle as such
    from studykit.checks.worker import main as serve_checks

    serve_checks()
