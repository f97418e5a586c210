"""First sync benchmark: the first sync of 2,000 notes against the cold index, in one run.

The first sync is what `studykit quiz` does on a fresh data directory: parse every note
(the cold index), extract the cards, write the YAML decks and load them into the store.
Issue 19's target is a first sync of at most 2x the cold index in the same run; both are
measured alternately (median of 3 each), in wall time and in CPU time (getrusage, this
process and its children: less sensitive to the other work on the machine).

    .venv/bin/python bench/sync_bench.py [--notes 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from index_bench import make_corpus

from studykit.db import open_store
from studykit.notes.corpus import load_notes
from studykit.review.sync import sync

TARGET = 2.0
"""The first sync may take at most this many times the cold index."""


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call of `fn`."""
    wall, used = time.perf_counter(), cpu()
    fn()
    return time.perf_counter() - wall, cpu() - used


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studykit-sync-bench-"))
    folder, home = work / "notes", work / "home"
    os.environ["STUDYKIT_HOME"] = str(home)
    make_corpus(folder, args.notes)

    def fresh() -> None:
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(work / "quizzes", ignore_errors=True)
        home.mkdir()

    def cold_index() -> None:
        load_notes(folder)

    def first_sync() -> None:
        with open_store(home / "studykit.sqlite3") as store:
            sync(store, folder, work / "quizzes")

    index_runs, sync_runs = [], []
    for _ in range(args.runs):  # alternately, so both see the same load on the machine
        fresh()
        index_runs.append(timed(cold_index))
        fresh()
        sync_runs.append(timed(first_sync))
    shutil.rmtree(work)

    index_wall, index_cpu = (statistics.median(r[i] for r in index_runs) for i in (0, 1))
    sync_wall, sync_cpu = (statistics.median(r[i] for r in sync_runs) for i in (0, 1))
    print(f"{args.notes} notes, median of {args.runs} runs each, load {os.getloadavg()[0]:.1f}")
    print(f"{'measure':<36} {'wall s':>8} {'CPU s':>8}")
    print(f"{'cold index':<36} {index_wall:>8.3f} {index_cpu:>8.3f}")
    print(f"{'first sync (index, cards, decks)':<36} {sync_wall:>8.3f} {sync_cpu:>8.3f}")
    wall_ratio, cpu_ratio = sync_wall / index_wall, sync_cpu / index_cpu
    ok = "yes" if wall_ratio <= TARGET else "NO"
    print(f"{'first sync / cold index':<36} {wall_ratio:>7.2f}x {cpu_ratio:>7.2f}x  ", end="")
    print(f"target <= {TARGET:.0f}x (wall): {ok}")


if __name__ == "__main__":
    main()
