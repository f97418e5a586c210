"""One rule says which fences are studykit's runnable snippets; checks, cards and both
renderers follow it, so a block never runs without folding, or folds without running."""

from __future__ import annotations

from rich.console import Console

from studykit.checks.find import find_checks
from studykit.markdown import runnable_fence
from studykit.notes.parse import parse_note
from studykit.render.html import note_html
from studykit.render.terminal import render_note

NOTE = """# Gates

```python setup
import math
```

```python check name=real claim="runs"
assert math.pi > 3
```

```python checkpoint
not_a_check = 1
```

```python check-ish
also_not = 2
```
"""


def test_the_fence_rule() -> None:
    assert runnable_fence("python check name=x timeout=5") == "check"
    assert runnable_fence("python\tsetup") == "setup"
    for info in ("python checkpoint", "python check-ish", "python", "py check", "", "text"):
        assert runnable_fence(info) is None, info


def test_checks_and_renderers_agree_on_it() -> None:
    note = parse_note(NOTE, "gates.md")
    checks = find_checks(note, "gates.md")
    assert [c.name for c in checks] == ["real"]
    assert [s.code for s in checks[0].setup] == ["import math\n"]

    console = Console(width=100, record=True)
    console.print(render_note(note))
    shown = console.export_text()
    assert "▸ setup" in shown and "▸ check real" in shown
    assert "not_a_check = 1" in shown and "also_not = 2" in shown  # shown, not folded

    page = note_html(NOTE, note)
    assert page.count("<details>") == 2  # setup and check fold; the other two do not
