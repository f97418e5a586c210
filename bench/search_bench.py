"""Search benchmark: the FTS5 index in the notes cache (studykit.notes.index), on the 2,000
notes of index_bench.

Prints, from one run: building the index at the first search, warm queries (p50 and p95 over
every query and run, the corpus already loaded as the service and the CLI hold it), the same
queries as bare FTS5 (the floor: one MATCH with bm25 per word of the query, as search runs
them, on the same table, a new connection each, nothing else: no names looked up, no
coverage, no spellings, no passages read, no marks), and the index update after one note
changed (the search right after its re-parse: finding the note stale, deleting and
inserting its passages, names and spellings, then the query), beside the bare delete and
insert of the same FTS rows. Targets come from issues 13 and 21.

    .venv/bin/python bench/search_bench.py [--notes 2000] [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from index_bench import make_corpus

from studykit.notes import index
from studykit.notes.corpus import load_notes
from studykit.notes.search import parse_query, search

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


def times(fn: Callable[[], object], runs: int) -> list[float]:
    found = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        found.append(time.perf_counter() - start)
    return found


def bare_query(file: Path, query: str) -> Callable[[], object]:
    """The floor: each word's MATCH with bm25, as search runs them, nothing around them."""
    matches = [index.match(w.group().terms) for w in parse_query(query)]

    def run() -> object:
        db = sqlite3.connect(file)
        try:
            return [
                db.execute(
                    f"SELECT rowid, bm25(passages_fts, {index.WEIGHTS}) FROM passages_fts"
                    " WHERE passages_fts MATCH ?",
                    (match,),
                ).fetchall()
                for match in matches
            ]
        finally:
            db.close()

    return run


def bare_update(file: Path, path: str) -> float:
    """Seconds to delete and insert one note's rows as they are, in one transaction."""
    db = sqlite3.connect(file)
    rows = db.execute(
        "SELECT p.id, f.title, f.body, f.inside, f.context, f.outer FROM passages p"
        " JOIN passages_fts f ON f.rowid = p.id WHERE p.path = ?",
        (path,),
    ).fetchall()
    start = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(r[0],) for r in rows])
    db.executemany(
        "INSERT INTO passages_fts (rowid, title, body, inside, context, outer)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    seconds = time.perf_counter() - start
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

    load_notes(folder)  # the cache, parsed (index_bench measures this)
    corpus = load_notes(folder, blocks=False)
    first = times(lambda: search(corpus, "gate"), 1)[0]  # indexes every note
    passages = sqlite3.connect(file).execute("SELECT count(*) FROM passages").fetchone()[0]
    size = file.stat().st_size + sum(f.stat().st_size for f in home.glob("index.sqlite3-*"))

    warm: list[float] = []
    floor: list[float] = []
    each: dict[str, tuple[float, float, int]] = {}  # per query: p95, floor p95, hits
    for query in QUERIES:
        search(corpus, query)
        ours = times(lambda q=query: search(corpus, q), args.runs)
        bare = times(bare_query(file, query), args.runs)
        warm, floor = warm + ours, floor + bare
        each[query] = (percentile(ours, 0.95), percentile(bare, 0.95), len(search(corpus, query)))
    loaded = times(lambda: search(load_notes(folder, blocks=False), "tanh 기울기"), 10)

    target = paths[len(paths) // 2]
    rel = target.relative_to(folder).as_posix()
    updates, reparse, bare = [], [], []
    for n in range(10):
        target.write_text(target.read_text() + f"\n- 추가한 줄 {n}\n", encoding="utf-8")
        start = time.perf_counter()
        changed = load_notes(folder, blocks=False)
        reparse.append(time.perf_counter() - start)
        updates += times(lambda c=changed, n=n: search(c, f"추가한 줄 {n}"), 1)
        bare.append(bare_update(file, rel))

    studykit = shutil.which("studykit", path=str(Path(sys.executable).parent)) or "studykit"
    command = [studykit, "--notes", str(folder), "search", "tanh", "기울기"]
    cli = times(lambda: subprocess.run(command, check=True, capture_output=True), 5)

    ms = 1000
    p95, floor95 = percentile(warm, 0.95), percentile(floor, 0.95)
    update = statistics.median(updates)
    rows = [
        ("first search: index every note", first, "", ""),
        ("bare FTS5 query, p50 (floor)", percentile(floor, 0.5), "", ""),
        ("bare FTS5 query, p95 (floor)", floor95, "", ""),
        ("warm query, p50", percentile(warm, 0.5), "", ""),
        ("warm query, p95", p95, f"<= 20 ms ({p95 / floor95:.1f}x floor)", p95 <= 0.020),
        ("query with load_notes (a request), median", statistics.median(loaded), "", ""),
        ("re-parse of the changed note (load_notes)", statistics.median(reparse), "", ""),
        ("bare FTS5 delete + insert of its rows", statistics.median(bare), "", ""),
        ("search after one note changed, median", update, "<= 50 ms", update <= 0.050),
        ("warm `studykit search tanh 기울기`", statistics.median(cli), "", ""),
    ]
    print(f"{len(paths)} notes, {passages} passages, index file {size / 1e6:.1f} MB")
    print(f"{'measure':<44} {'ms':>8}  {'target':<30} ok")
    for name, seconds, goal, ok in rows:
        verdict = "" if ok == "" else ("yes" if ok else "NO")
        print(f"{name:<44} {seconds * ms:>8.1f}  {goal:<30} {verdict}")
    print(f"\n{'query':<20} {'p95 ms':>7} {'floor p95':>10} {'hits':>5}")
    for query, (ours_95, bare_95, found) in each.items():
        print(f"{query:<20} {ours_95 * ms:>7.1f} {bare_95 * ms:>10.1f} {found:>5}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
