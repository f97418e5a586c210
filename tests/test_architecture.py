"""docs/architecture.md stays true where it can be checked: every path it names exists,
every name its code map gives a module or package is defined there, the layering it states
holds import by import, and every card rule has its own test module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "studykit"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
TICKED = re.compile(r"`([^`\n]+)`")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def section(title: str) -> str:
    start = DOC.index(f"## {title}\n")
    end = DOC.find("\n## ", start + 1)
    return DOC[start : end if end > 0 else None]


def bullets(text: str) -> dict[str, str]:
    """`- `subject`: text` bullets (with their continuation lines), by subject."""
    found: dict[str, str] = {}
    for match in re.finditer(r"^- `([^`]+)`:?(.*(?:\n  .*)*)", text, re.M):
        found[match[1]] = match[2]
    return found


def modules(subject: str) -> list[Path]:
    """The source files a code-map subject stands for: a module, or a package's modules."""
    path = PACKAGE / subject
    if subject.endswith("/"):
        return sorted(path.rglob("*.py"))
    return [path]


def defined(files: list[Path]) -> set[str]:
    """Every name these files define or say: modules, functions, classes and their members,
    assignments, and the words of string constants (a value such as `local`, a table)."""
    names: set[str] = set()
    for file in files:
        names |= {file.stem, file.parent.name}
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name | ast.arg):
                names.add(node.id if isinstance(node, ast.Name) else node.arg)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names |= set(re.findall(r"\w+", node.value))
    return names


def imports(file: Path, *, top: bool = False) -> set[str]:
    """The modules `file` imports (only at its top level when `top`; TYPE_CHECKING blocks
    left out)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    nodes = tree.body if top else list(ast.walk(tree))
    checking = {
        id(n)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for n in ast.walk(branch)
    }
    found = set()
    for node in nodes:
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


CODE_MAP = bullets(section("Code map"))


FILE = re.compile(r"[\w/.-]+(/|\.(py|html|js|yaml|md|toml))")


def test_every_path_named_exists() -> None:
    """A path from the project's root or the package's, or a file named alone (`quiz.js`)
    found somewhere in the package."""
    missing = []
    for ticked in TICKED.findall(DOC):
        if not FILE.fullmatch(ticked) or "<" in ticked:
            continue
        found = any((base / ticked).exists() for base in (ROOT, PACKAGE))
        if not (found or ("/" not in ticked.rstrip("/") and any(PACKAGE.rglob(ticked)))):
            missing.append(ticked)
    assert missing == []


def top_level(text: str) -> set[str]:
    """The names a package's entry lists outside any brackets: its modules."""
    depth, names = 0, set()
    for match in re.finditer(r"`([^`]+)`|[()]", text):
        if match[0] == "(":
            depth += 1
        elif match[0] == ")":
            depth -= 1
        elif depth == 0 and re.fullmatch(r"\w+/?", match[1]):
            names.add(match[1])
    return names


EVERYWHERE = defined(sorted(PACKAGE.rglob("*.py")))


@pytest.mark.parametrize("subject", sorted(CODE_MAP))
def test_every_name_in_the_code_map_is_defined(subject: str) -> None:
    """A package's entry lists its modules (`name` then its contents in brackets), all of
    them and only them; every other name an entry gives is defined in studykit."""
    files = modules(subject)
    assert files and all(f.exists() for f in files), f"{subject} does not exist"
    text = CODE_MAP[subject]
    if subject.endswith("/"):
        listed = top_level(text)
        folder = PACKAGE / subject
        own = {f.stem for f in folder.glob("*.py")} - {"__init__"}
        own |= {f"{d.name}/" for d in folder.iterdir() if d.is_dir() and d.name != "__pycache__"}
        own -= {n for n in own if f"{subject}{n}.py" in CODE_MAP}  # an entry of its own
        assert sorted(listed - own) == [], f"not modules of {subject}"
        assert sorted(own - listed) == [], f"modules of {subject} the map does not name"
    named = {
        part
        for ticked in TICKED.findall(text)
        if NAME.fullmatch(ticked) and not FILE.fullmatch(ticked)
        for part in ticked.split(".")
    }
    assert sorted(named - EVERYWHERE) == []


CORE = [
    p
    for p in PACKAGE.rglob("*.py")
    if p.parts[-2] not in ("cli", "web") and p.name not in ("__main__.py", "pytest_plugin.py")
]  # the interfaces: cli/, web/, `python -m studykit` and the pytest plugin
INTERFACES = ("studykit.cli", "studykit.web", "click", "fastapi", "starlette", "uvicorn")


@pytest.mark.parametrize("file", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_imports_an_interface(file: Path) -> None:
    assert not {m for m in imports(file) if m.startswith(INTERFACES)}


def test_cli_and_web_do_not_import_each_other() -> None:
    for package, other in (("cli", "studykit.web"), ("web", "studykit.cli")):
        for file in (PACKAGE / package).rglob("*.py"):
            assert not {m for m in imports(file) if m.startswith(other)}, file


BASE = {
    "errors": set(),
    "text": set(),
    "markdown": set(),
    "config": set(),
    "extras": {"studykit.errors"},
    "db": {"studykit.config", "studykit.errors", "studykit.extras"},
    "accounts": {"studykit.db"},
}
"""The base modules and all they may import from studykit, as the doc's layering says."""


@pytest.mark.parametrize("name", sorted(BASE))
def test_the_base_imports_only_what_the_layering_allows(name: str) -> None:
    own = {m for m in imports(PACKAGE / f"{name}.py") if m.startswith("studykit")}
    assert own <= BASE[name]


LIGHT = ("click", "rich", "studykit.cli", "studykit.config", "studykit.errors", "studykit.extras")


MAIN = (PACKAGE / "cli" / "main.py").read_text(encoding="utf-8")
COMMANDS = sorted(
    PACKAGE / "cli" / f"{name.strip()}.py"
    for name in re.search(r"from studykit.cli import ([\w, ]+)", MAIN)[1].split(",")  # type: ignore[index]
)
"""The modules of commands, as cli/main.py imports them."""


@pytest.mark.parametrize("file", COMMANDS, ids=lambda p: p.name)
def test_command_modules_import_only_light_modules_at_the_top(file: Path) -> None:
    """What a command needs beyond these loads inside the command: `studykit quiz` starts
    without the parser, the web stack or torch."""
    heavy = {
        m
        for m in imports(file, top=True)
        if m.startswith("studykit") or m.split(".")[0] in ("fastapi", "torch", "uvicorn")
    }
    assert {m for m in heavy if not m.startswith(LIGHT)} <= {"studykit.db"}


def test_every_card_rule_has_a_test_module() -> None:
    """tests/**/test_rule_NAME.py, or test_NAME_cards.py for the claim cards of checks."""
    rules = {p.stem for p in (PACKAGE / "cards" / "rules").glob("*.py")} - {"__init__"}
    found = {p.stem for p in (ROOT / "tests").rglob("test_*.py")}
    assert sorted(r for r in rules if not {f"test_rule_{r}", f"test_{r}_cards"} & found) == []


@pytest.mark.parametrize("file", CORE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_defines_errors_only_in_errors_py(file: Path) -> None:
    if file.name == "errors.py":
        return
    tree = ast.parse(file.read_text(encoding="utf-8"))
    errors = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(re.search(r"(Error|Exception)$", ast.unparse(base)) for base in node.bases)
    ]
    assert errors == []
