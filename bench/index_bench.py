"""Index benchmark: 2,000 notes made by varying the bundled notes.

Prints, from one run: markdown-it-py's bare parse of the corpus (the floor), studykit's cold
index, a warm `studykit topics --json` (wall time of the real command), and re-indexing after
one note changed. Targets come from the notes-corpus issue; see bench/README.md.

    .venv/bin/python bench/index_bench.py [--notes 2000]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from studykit.notes.corpus import load_notes
from studykit.notes.parse import MD, decode

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notes").glob("*.md")) + sorted((ROOT / "tests" / "data").glob("*.md"))


def make_corpus(folder: Path, count: int) -> list[Path]:
    """Notes that differ in date, title, headings and section order, not just in name."""
    rng = random.Random(8)
    texts = [p.read_text(encoding="utf-8") for p in SOURCES if "broken" not in p.name]
    paths = []
    for n in range(count):
        base = texts[n % len(texts)]
        sections = base.split("\n### ")
        head, rest = sections[0], sections[1:]
        rng.shuffle(rest)
        body = "\n### ".join([head, *rest]) if rest else head
        body = body.replace("LSTM", rng.choice(["LSTM", "Long Short-Term Memory", "LSTM 셀"]))
        date = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
        path = folder / f"week{n % 20:02d}" / f"{date}-note{n:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body + f"\n\n## 복습 {n}\n\n- 추가 메모 {n}: 내용\n", encoding="utf-8")
        paths.append(path)
    return paths


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Median wall time of `fn` in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studykit-bench-"))
    folder, home = work / "notes", work / "home"
    home.mkdir()
    os.environ["STUDYKIT_HOME"] = str(home)
    paths = make_corpus(folder, args.notes)
    size = sum(p.stat().st_size for p in paths)

    def bare() -> None:
        for p in paths:
            MD.parse(decode(p.read_bytes(), p.name))

    def without_gc(fn: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            gc.disable()
            try:
                return fn()
            finally:
                gc.enable()

        return run

    floor_gc = timed(bare, repeat=3)
    floor = timed(without_gc(bare), repeat=3)  # the fairer floor: studykit parses with gc off

    def cold() -> None:
        (home / "index.sqlite3").unlink(missing_ok=True)
        load_notes(folder)

    cold_t = timed(cold, repeat=3)
    load_notes(folder)
    warm_t = timed(lambda: load_notes(folder, blocks=False), repeat=5)
    warm_full_t = timed(lambda: load_notes(folder), repeat=5)

    studykit = shutil.which("studykit", path=str(Path(sys.executable).parent)) or "studykit"
    command = [studykit, "topics", "--json", str(folder)]
    cli_t = timed(lambda: subprocess.run(command, check=True, capture_output=True), repeat=5)
    startup_t = timed(
        lambda: subprocess.run([sys.executable, "-c", "import click, rich"], check=True),
        repeat=5,
    )

    target = paths[len(paths) // 2]

    def touch_one() -> None:
        target.write_text(target.read_text() + "\n- one more line\n", encoding="utf-8")
        load_notes(folder, blocks=False)

    reindex_t = timed(touch_one, repeat=5)

    rows = [
        ("markdown-it-py bare parse, gc on", floor_gc, "", ""),
        ("markdown-it-py bare parse (floor)", floor, "", ""),
        (
            "studykit cold index",
            cold_t,
            f"<= 1.5x floor ({1.5 * floor:.3f} s)",
            cold_t <= 1.5 * floor,
        ),
        ("warm index, outline, in process", warm_t, "", ""),
        ("warm index, with blocks, in process", warm_full_t, "", ""),
        ('python -c "import click, rich"', startup_t, "", ""),
        ("warm `studykit topics --json`", cli_t, "<= 0.35 s", cli_t <= 0.35),
        ("re-index after one note changed", reindex_t, "<= 0.050 s", reindex_t <= 0.050),
    ]
    print(f"{len(paths)} notes, {size / 1e6:.1f} MB, in {folder}")
    print(f"{'measure':<36} {'seconds':>8}  {'target':<26} ok")
    for name, seconds, goal, ok in rows:
        verdict = "" if ok == "" else ("yes" if ok else "NO")
        print(f"{name:<36} {seconds:>8.3f}  {goal:<26} {verdict}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
