"""The optional extras (`checks`, `serve`, `interop`): whether one is installed, and the one
command that installs it. A command that needs an extra asks here first, so that a learner
who ran `make quiz` (the core alone) reads what to type, not a ModuleNotFoundError.

What each extra holds is read from studykit's own metadata (pyproject.toml), never listed
twice."""

from __future__ import annotations

import re
import shlex
import sys
from importlib import metadata
from pathlib import Path

from studykit.errors import MissingExtra

_NAME = re.compile(r"[A-Za-z0-9._-]+")
_EXTRA = re.compile(r"""extra\s*==\s*["']([\w-]+)["']""")


def missing(extra: str) -> list[str]:
    """The distributions `extra` asks for that are not installed."""
    absent = []
    for requirement in metadata.requires("studykit") or []:
        wanted = _EXTRA.search(requirement)
        name = _NAME.match(requirement)
        if wanted and wanted[1] == extra and name:
            try:
                metadata.version(name[0])
            except metadata.PackageNotFoundError:
                absent.append(name[0])
    return absent


def install_command(extra: str) -> str:
    """The command that installs `extra` into the Python running studykit: from the source
    tree when studykit runs from one (`make quiz` installs it editable), else from PyPI."""
    tree = Path(__file__).resolve().parent.parent
    if (tree / "pyproject.toml").is_file():
        here = Path.cwd().resolve()
        place = "." if tree == here else str(tree)
        spec = f"-e {shlex.quote(f'{place}[{extra}]')}"
    else:
        spec = shlex.quote(f"studykit[{extra}]")
    return f"{shlex.quote(sys.executable)} -m pip install {spec}"


def require(extra: str, needed_for: str) -> None:
    """Raise MissingExtra (exit 2) when `extra` is not installed."""
    absent = missing(extra)
    if absent:
        raise MissingExtra(
            f"{needed_for} needs the {extra!r} extra ({', '.join(absent)} not installed). "
            f"Install it with: {install_command(extra)}"
        )
