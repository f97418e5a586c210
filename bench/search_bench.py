"""Search benchmark: the FTS5 index in the notes cache (studykit.notes.index), on the 2,000
notes of index_bench.

Prints, from one run: building the index at the first search, warm queries (p50 and p95 over
every query and run, the corpus already loaded as the service and the CLI hold it), the same
queries as bare FTS5 (the floor: the FTS5 statements the search ran for the query, recorded
by SQLite's trace and replayed with their values on a new connection, nothing else: no
freshness check, no names looked up, no passages read, no marks), and the index update
after one note changed (the search right after its re-parse: finding the note stale,
deleting and inserting its passages, names and spellings, then the query), beside the bare
delete and insert of the same FTS rows. Each figure is wall time and, beside it, the
process's CPU time: on a machine shared with other work (the load average is printed
before and after) the CPU time is what a quiet machine would take. Targets come from issues
13 and 21.

    .venv/bin/python bench/search_bench.py [--notes 2000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from index_bench import make_corpus

from studykit.notes import cache, index
from studykit.notes.corpus import Corpus, load_notes
from studykit.notes.search import search

QUERIES = [
    "tanh 기울기",  # two words apart, one of them with a particle in the notes
    "기울기를",  # a particle the notes do not use
    "소실되는",  # an ending
    "forget gate",
    "gate",  # common
    "LSTM",  # in most notes
    "x",  # one letter: anchored at a word's start
    "exploding 문제",
    "정규방정식",  # rare
    "없는낱말",  # nowhere
    "기울기소실",  # a compound typed without spaces
    "망각 게이트가 뭐야",  # the Korean name of an English term, with a question word
    "그래디언트 소실 이유",  # a loanword spelling and a question word
    "기룰기",  # one syllable off
]


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


Sample = tuple[float, float]
"""Seconds of one run: wall clock, then CPU time (this process's and its children's)."""


def cpu_time() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def times(fn: Callable[[], object], runs: int) -> list[Sample]:
    found = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), cpu_time()
        fn()
        found.append((time.perf_counter() - start, cpu_time() - cpu))
    return found


def statements(corpus: Corpus, query: str) -> list[str]:
    """The FTS5 statements a search for `query` runs, with their values (SQLite's trace)."""
    seen: list[str] = []
    real = cache.connect

    def traced(file: Path) -> sqlite3.Connection:
        db = real(file)
        db.set_trace_callback(seen.append)
        return db

    setattr(index, "connect", traced)  # noqa: B010 (the index's own reference to it)
    try:
        search(corpus, query)
    finally:
        setattr(index, "connect", real)  # noqa: B010
    return [sql for sql in seen if "passages_fts MATCH" in sql]


def bare_query(file: Path, corpus: Corpus, query: str) -> Callable[[], object]:
    """The floor: the statements search ran for `query`, nothing around them."""
    found = statements(corpus, query)

    def run() -> object:
        db = sqlite3.connect(file)
        try:
            return [db.execute(sql).fetchall() for sql in found]
        finally:
            db.close()

    return run


def bare_update(file: Path, path: str) -> Sample:
    """Seconds to delete and insert one note's rows as they are, in one transaction."""
    db = sqlite3.connect(file)
    rows = db.execute(
        "SELECT p.id, f.title, f.body, f.inside, f.context, f.outer FROM passages p"
        " JOIN passages_fts f ON f.rowid = p.id WHERE p.path = ?",
        (path,),
    ).fetchall()
    start, cpu = time.perf_counter(), cpu_time()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(r[0],) for r in rows])
    db.executemany(
        "INSERT INTO passages_fts (rowid, title, body, inside, context, outer)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    seconds = (time.perf_counter() - start, cpu_time() - cpu)
    db.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studykit-search-bench-"))
    folder, home = work / "notes", work / "home"
    home.mkdir()
    os.environ["STUDYKIT_HOME"] = str(home)
    file = home / "index.sqlite3"
    paths = make_corpus(folder, args.notes)

    load = os.getloadavg()[0]
    load_notes(folder)  # the cache, parsed (index_bench measures this)
    corpus = load_notes(folder, blocks=False)
    first = times(lambda: search(corpus, "gate"), 1)  # indexes every note
    passages = sqlite3.connect(file).execute("SELECT count(*) FROM passages").fetchone()[0]
    size = file.stat().st_size + sum(f.stat().st_size for f in home.glob("index.sqlite3-*"))

    warm: list[Sample] = []
    floor: list[Sample] = []
    each: dict[str, tuple[float, float, float, int]] = {}  # p95 wall, CPU, floor; hits
    for query in QUERIES:
        search(corpus, query)
        ours = times(lambda q=query: search(corpus, q), args.runs)
        bare = times(bare_query(file, corpus, query), args.runs)
        warm, floor = warm + ours, floor + bare
        hits = len(search(corpus, query))
        each[query] = (*at(ours, 0.95), at(bare, 0.95)[0], hits)
    loaded = times(lambda: search(load_notes(folder, blocks=False), "tanh 기울기"), 10)

    target = paths[len(paths) // 2]
    rel = target.relative_to(folder).as_posix()
    updates, reparse, bare_updates = [], [], []
    for n in range(10):
        target.write_text(target.read_text() + f"\n- 추가한 줄 {n}\n", encoding="utf-8")
        start = time.perf_counter(), cpu_time()
        changed = load_notes(folder, blocks=False)
        reparse.append((time.perf_counter() - start[0], cpu_time() - start[1]))
        updates += times(lambda c=changed, n=n: search(c, f"추가한 줄 {n}"), 1)
        bare_updates.append(bare_update(file, rel))

    studykit = shutil.which("studykit", path=str(Path(sys.executable).parent)) or "studykit"
    command = [studykit, "--notes", str(folder), "search", "tanh", "기울기"]
    cli = times(lambda: subprocess.run(command, check=True, capture_output=True), 5)

    p95, floor95, update = at(warm, 0.95), at(floor, 0.95), at(updates, 0.5)
    rows = [
        ("first search: index every note", first[0], ""),
        ("bare FTS5 statements, p50 (floor)", at(floor, 0.5), ""),
        ("bare FTS5 statements, p95 (floor)", floor95, ""),
        ("warm query, p50", at(warm, 0.5), ""),
        ("warm query, p95", p95, f"<= 20 ms ({p95[0] / floor95[0]:.1f}x floor)"),
        ("query with load_notes (a request), median", at(loaded, 0.5), ""),
        ("re-parse of the changed note (load_notes)", at(reparse, 0.5), ""),
        ("bare FTS5 delete + insert of its rows", at(bare_updates, 0.5), ""),
        ("search after one note changed, median", update, "<= 50 ms"),
        ("warm `studykit search tanh 기울기`", at(cli, 0.5), ""),
    ]
    print(f"{len(paths)} notes, {passages} passages, index file {size / 1e6:.1f} MB")
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'measure':<44} {'wall ms':>8} {'CPU ms':>7}  target")
    for name, (wall, cpu), goal in rows:
        print(f"{name:<44} {wall * 1000:>8.1f} {cpu * 1000:>7.1f}  {goal}")
    print(f"\n{'query':<20} {'p95 ms':>7} {'CPU p95':>8} {'floor p95':>10} {'hits':>5}")
    for query, (wall95, cpu95, bare95, found) in each.items():
        times95 = f"{wall95 * 1000:>7.1f} {cpu95 * 1000:>8.1f} {bare95 * 1000:>10.1f}"
        print(f"{query:<20} {times95} {found:>5}")
    shutil.rmtree(work)


def at(samples: list[Sample], share: float) -> tuple[float, float]:
    """The `share` percentile of the wall times, and of the CPU times, apart."""
    return percentile([w for w, _ in samples], share), percentile([c for _, c in samples], share)


if __name__ == "__main__":
    main()
