"""Checks benchmark: `studykit check` on the bundled notes, and `--changed` after editing
one snippet, beside `python -c "import torch"` in the same run (torch is imported once per
process, not once per check). Works on a copy of the notes.

    .venv/bin/python bench/checks_bench.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3


def timed(argv: list[str], env: dict[str, str], expect: int = 0) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != expect:
        raise SystemExit(f"{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return seconds


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="studykit-checks-bench-"))
    notes = work / "notes"
    shutil.copytree(ROOT / "notes", notes)
    env = {**os.environ, "STUDYKIT_HOME": str(work / "home")}
    studykit = [sys.executable, "-m", "studykit", "--notes", str(notes), "check"]
    torch_t = statistics.median(
        timed([sys.executable, "-c", "import torch"], env) for _ in range(RUNS)
    )
    full_t = statistics.median(timed(studykit, env) for _ in range(RUNS))
    note = notes / "2024-08-14-boostcamp-day008.md"
    original = note.read_text(encoding="utf-8")
    changed = []
    for n in range(RUNS):
        edited = original.replace("for length in (1, 7, 100):", f"for length in (1, 7, {101 + n}):")
        assert edited != original, "the snippet to edit is no longer in the note"
        note.write_text(edited, encoding="utf-8")
        changed.append(timed([*studykit, "--changed"], env))
    changed_t = statistics.median(changed)
    unchanged_t = statistics.median(timed([*studykit, "--changed"], env) for _ in range(RUNS))
    rows = [
        ('python -c "import torch" (floor)', torch_t, ""),
        (
            "studykit check (every check of the bundled note)",
            full_t,
            f"<= floor + 3 s ({torch_t + 3:.2f} s)",
        ),
        (
            "studykit check --changed, one edited",
            changed_t,
            f"<= floor + 1 s ({torch_t + 1:.2f} s)",
        ),
        ("studykit check --changed, none edited", unchanged_t, ""),
    ]
    print(f"{'measure':<40} {'seconds':>8}  target")
    for name, seconds, goal in rows:
        ok = ""
        if goal:
            limit = torch_t + (3 if "3 s" in goal else 1)
            ok = "yes" if seconds <= limit else "NO"
        print(f"{name:<40} {seconds:>8.2f}  {goal} {ok}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
