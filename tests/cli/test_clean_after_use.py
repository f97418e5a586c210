"""Clean after use: in a copy of the project as committed, a newcomer's first commands
(build, quiz, search, check, serve) change no tracked file and leave no untracked one; and
everything studykit writes into its data directory is its owner's alone."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pexpect
from helpers import ROOT, free_port


def clone(into: Path) -> Path:
    """The project's tracked files, as they are in the work tree, committed in a new repo."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "clone"]):
        subprocess.run([*git, *args], cwd=into, check=True)
    return into


def test_first_commands_leave_the_clone_clean_and_the_data_private(tmp_path: Path) -> None:
    project = clone(tmp_path / "project")
    home = tmp_path / "home"
    env = {**os.environ, "STUDYKIT_HOME": str(home), "TERM": "xterm"}
    studykit = [str(Path(sys.executable).parent / "studykit")]  # the installed command: the
    # code under test, not the copy's (python -m would import the copy from the working folder)
    for args in (["build"], ["search", "LSTM"], ["check"]):
        done = subprocess.run([*studykit, *args], cwd=project, env=env, capture_output=True)
        assert done.returncode in (0, 1), done.stderr.decode()  # 1: a check surprised
    quiz = pexpect.spawn(studykit[0], ["quiz"], cwd=str(project), env=env, timeout=30)
    quiz.expect("RNN")
    quiz.send("q")
    quiz.expect(pexpect.EOF)
    port = free_port()
    serve = subprocess.Popen(
        [*studykit, "serve", "--port", str(port)], cwd=project, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        assert serve.stdout is not None
        assert b"studykit on http" in serve.stdout.readline()
    finally:
        serve.terminate()
        serve.wait(timeout=10)

    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=project, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    written = [home, *home.rglob("*")]
    assert {p.name for p in written} >= {"studykit.sqlite3", "index.sqlite3"}
    modes = {str(p.relative_to(home)): stat.S_IMODE(p.stat().st_mode) for p in written}
    assert modes == {name: 0o700 if (home / name).is_dir() else 0o600 for name in modes}, (
        "every file studykit writes in its data directory is its owner's alone"
    )
