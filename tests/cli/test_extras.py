"""Optional extras explained: in a venv with the core alone (what `make quiz` installs), each
command that needs an extra names it and the one command that installs it, exit 2, no
traceback; the quiz itself works. And the login link `user add` prints points where the
service really runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT, USER_NOTE, free_port, running_service

from studykit.extras import install_command, missing


@pytest.fixture(scope="module")
def core_venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with studykit installed as `make quiz` installs it: no extra."""
    venv = tmp_path_factory.mktemp("core") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "--disable-pip-version-check", "-e", str(ROOT)], check=True)
    yield venv / "bin" / "studykit"


def run(studykit: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    notes = home / "notes"
    if not notes.exists():
        notes.mkdir(parents=True)
        shutil.copy(USER_NOTE, notes)
    return subprocess.run(
        [str(studykit), "--notes", str(notes), *args],
        env={**os.environ, "STUDYKIT_HOME": str(home)}, cwd=home,
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (["serve"], "serve"),
        (["check"], "checks"),
        (["optimize"], "interop"),
        (["export", "anki", "-o", "deck.apkg"], "interop"),
        (["--db", "postgresql://me@127.0.0.1/test", "stats"], "serve"),
    ],
    ids=["serve", "check", "optimize", "export-anki", "postgresql"],
)
def test_a_missing_extra_is_named_with_its_install_command(
    core_venv: Path, tmp_path: Path, args: list[str], extra: str
) -> None:
    done = run(core_venv, tmp_path, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "ModuleNotFoundError" not in done.stderr
    said = " ".join(done.stderr.split())
    assert f"needs the '{extra}' extra" in said
    python = core_venv.parent / "python"
    assert f"Install it with: {python} -m pip install -e '{ROOT}[{extra}]'" in said, said


def test_the_core_alone_quizzes_and_reads(core_venv: Path, tmp_path: Path) -> None:
    for args in (["notes"], ["cards", "--json"], ["stats", "--json"]):
        done = run(core_venv, tmp_path, *args)
        assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [str(core_venv.parent / "python"), "-c", "import sys, studykit.cli.quiz; print(sorted("
         "m for m in sys.modules if m.split('.')[0] in ('torch', 'fastapi', 'uvicorn')))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_every_extra_is_installed_here() -> None:
    """The full install (`make test`) has every extra: nothing is reported missing."""
    assert [e for e in ("checks", "serve", "interop", "dev") if missing(e)] == []
    assert install_command("serve").endswith("[serve]'")


def test_user_add_links_to_where_serve_last_ran(tmp_path: Path) -> None:
    port = free_port()
    with running_service(tmp_path, port=port):
        pass  # serve ran, and stopped
    env = {**os.environ, "STUDYKIT_HOME": str(tmp_path / "home")}
    studykit = [sys.executable, "-m", "studykit", "--notes", str(tmp_path / "notes")]
    added = subprocess.run(
        [*studykit, "user", "add", "you"], env=env, capture_output=True, text=True, check=True
    )
    assert added.stdout.strip().splitlines()[-1].startswith(f"http://127.0.0.1:{port}/login#")
    assert "Assumed" not in added.stderr
    given = subprocess.run(
        [*studykit, "user", "link", "you", "--url", "https://study.example.org/"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert given.stdout.strip().splitlines()[-1].startswith("https://study.example.org/login#")


def test_user_add_says_which_address_it_assumed(tmp_path: Path) -> None:
    env = {**os.environ, "STUDYKIT_HOME": str(tmp_path)}
    added = subprocess.run(
        [sys.executable, "-m", "studykit", "user", "add", "me"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert added.stdout.strip().splitlines()[-1].startswith("http://127.0.0.1:8000/login#")
    assert "Assumed http://127.0.0.1:8000: serve has not run with this database" in added.stderr
