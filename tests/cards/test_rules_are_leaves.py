"""The card rules are leaves: what they share is in cards.wording (and the package's
`Make` and `block_text`), no rule imports another, and nothing in cards/ imports in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import studykit.cards

CARDS = Path(studykit.cards.__file__).parent
RULES = CARDS / "rules"


def imports(path: Path) -> set[str]:
    """The studykit modules a file imports, anywhere in it (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("studykit"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("studykit")}
    return found


def module(path: Path) -> str:
    parts = path.relative_to(CARDS.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_rule_imports_another_rule() -> None:
    rules = {module(p) for p in RULES.glob("*.py") if p.name != "__init__.py"}
    assert len(rules) >= 13
    for path in RULES.glob("*.py"):
        others = (imports(path) & rules) - {module(path)}
        assert not others, f"{path.name} imports {sorted(others)}"


def test_no_import_cycle_in_cards() -> None:
    files = {module(p): p for p in CARDS.rglob("*.py")}
    graph = {
        name: {m for m in imports(path) if m in files and m != name} for name, path in files.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph[start]:
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = [name for name in graph if reaches(name, name, {name})]
    assert cycles == []
