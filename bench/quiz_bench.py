"""Quiz start-up benchmark: time from `studykit quiz` to the first card on screen, and peak
memory, on the bundled notes and on 2,000 notes with 20,000 review rows.

Each run starts the real command in a pseudo-terminal, waits for the first card, reads the
process's peak RSS (VmHWM) and quits. The floor is `python -c "import click, rich"`.

    .venv/bin/python bench/quiz_bench.py [--notes 2000] [--reviews 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect
from index_bench import make_corpus

from studykit.accounts import user_id
from studykit.db import open_store
from studykit.review import session
from studykit.review.model import Mode, Rating, Selection
from studykit.review.sync import sync

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7


def first_card(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds to the first card, peak RSS in kB) of one run of `python argv`."""
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, argv, env=env, dimensions=(40, 100), timeout=60)
    child.expect("show answer")
    seconds = time.perf_counter() - start
    status = Path(f"/proc/{child.pid}/status").read_text()
    peak = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
    child.send("q")
    child.expect(pexpect.EOF)
    return seconds, peak


FLOOR = "import click, rich; print('show answer'); click.getchar()"
"""The floor, run through the same pseudo-terminal harness as the quiz."""
RICH_FLOOR = (
    "import click; from rich.console import Console; Console().print('show answer'); "
    "click.getchar()"
)
"""What any rich output costs: `import rich` alone does not load rich.console."""


def add_history(db: Path, reviews: int) -> None:
    """`reviews` answers spread over the last 60 days, through the real scheduler."""
    rng = random.Random(3)
    with open_store(db) as store:
        user = user_id(store)
        cards = session.plan(store, user, Selection(), limit=10**6, new_per_day=10**6)
        start = datetime.now(UTC) - timedelta(days=60)
        for n in range(reviews):
            card = cards[n % len(cards)]
            at = start + timedelta(seconds=n * 60 * 60 * 24 * 59 / reviews)
            rating = Rating(rng.choice([1, 3, 3, 3, 4]))
            session.answer(store, user, card, rating, mode=Mode.FLIP, at=at)


def measure(name: str, notes: Path, work: Path, reviews: int) -> list[tuple[str, float, int]]:
    env = {**os.environ, "TERM": "xterm", "STUDYKIT_HOME": str(work / "home")}
    quizzes = work / "quizzes"
    os.environ["STUDYKIT_HOME"] = env["STUDYKIT_HOME"]
    start = time.perf_counter()
    with open_store(work / "home" / "studykit.sqlite3") as store:
        sync(store, notes, quizzes)
    sync_t = time.perf_counter() - start
    note = sorted(notes.rglob("*.md"))[0]
    original = note.read_text(encoding="utf-8")
    note.write_text(original + "\n- edited: 한 줄 더\n", encoding="utf-8")
    start = time.perf_counter()
    with open_store(work / "home" / "studykit.sqlite3") as store:
        sync(store, notes, quizzes)
    resync_t = time.perf_counter() - start
    note.write_text(original, encoding="utf-8")
    if reviews:
        add_history(work / "home" / "studykit.sqlite3", reviews)
    argv = ["-m", "studykit", "--notes", str(notes), "quiz", "--quizzes", str(quizzes)]
    runs = [first_card(argv, env) for _ in range(RUNS)]
    seconds = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    return [
        (f"{name}: first sync (build decks)", sync_t, 0),
        (f"{name}: re-sync after one note changed", resync_t, 0),
        (f"{name}: quiz start to first card", seconds, peak),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=20000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studykit-quiz-bench-"))
    rows: list[tuple[str, float, int]] = []
    bundled = work / "bundled"
    shutil.copytree(ROOT / "notes", bundled / "notes")  # the bench edits notes: never the user's
    rows += measure("bundled notes", bundled / "notes", bundled, 0)
    big = work / "big"
    big.mkdir()
    make_corpus(big / "notes", args.notes)
    rows += measure(f"{args.notes} notes, {args.reviews} reviews", big / "notes", big, args.reviews)
    base = statistics.median(first_card(["-c", FLOOR], dict(os.environ))[0] for _ in range(RUNS))
    rich_base = statistics.median(
        first_card(["-c", RICH_FLOOR], dict(os.environ))[0] for _ in range(RUNS)
    )
    target = max(base * 1.5, 0)
    print(f"{'measure':<52} {'seconds':>8} {'peak RSS':>9}  target")
    floor_name = 'python -c "import click, rich" (floor)'
    print(f"{floor_name:<52} {base:>8.3f}")
    print(f"{'click + rich.console printing one line':<52} {rich_base:>8.3f}")
    for name, seconds, peak in rows:
        rss = f"{peak / 1024:.0f} MB" if peak else ""
        goal = ""
        if "first card" in name:
            ok = seconds <= min(target, 0.35) and peak <= 80 * 1024
            goal = f"<= {min(target, 0.35):.3f} s, <= 80 MB: {'yes' if ok else 'NO'}"
        print(f"{name:<52} {seconds:>8.3f} {rss:>9}  {goal}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
