"""A sync with many decks to rebuild builds them in worker processes while it reads the notes:
the decks written, the cards stored and the problems reported are those of a sync in one
process."""

from __future__ import annotations

import multiprocessing
import resource
import shutil
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from helpers import NOTES

from studykit.db import open_store
from studykit.review import store, sync

DATA = Path(__file__).resolve().parent.parent / "data"


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def first_sync(
    tmp_path: Path, notes: Path, name: str, parallel_from: int
) -> tuple[sync.SyncReport | None, dict[str, bytes], list[object]]:
    quizzes = tmp_path / name / "quizzes"
    quizzes.mkdir(parents=True)
    (quizzes / "2024-09-01-nested.yaml").write_text("cards: [\n", encoding="utf-8")  # unreadable
    sync.PARALLEL_FROM = parallel_from  # in a process of the test's own (see both_syncs)
    with open_store(tmp_path / name / "store.sqlite3") as db:
        report = sync.sync(db, notes, quizzes)
        cards = list(store.cards(db))
    written = {path.name: path.read_bytes() for path in sorted(quizzes.glob("*.yaml"))}
    return report, written, cards


def both_syncs(tmp_path: Path, notes: Path) -> tuple[Any, Any, bool]:
    """The first sync in one process, then with workers; run in a process spawned for it,
    with one thread as a CLI sync has (the test run's own threads would keep it from
    forking): the two results, and whether worker processes did the building."""
    one = first_sync(tmp_path, notes, "one", 10**9)
    assert threading.active_count() == 1  # else the sync would not fork
    before = children_cpu()
    workers = first_sync(tmp_path, notes, "workers", 1)
    return one, workers, children_cpu() > before


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_decks_built_in_workers_are_those_built_in_one_process(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    for path in DATA.glob("*.md"):
        shutil.copy(path, notes / path.name)
    (notes / "again").mkdir()  # two notes of one name: decks named after their folders too
    shutil.copy(DATA / "bom.md", notes / "again" / "bom.md")
    with ProcessPoolExecutor(1, multiprocessing.get_context("spawn")) as fresh:
        one, workers, forked = fresh.submit(both_syncs, tmp_path, notes).result(timeout=300)
    assert forked  # the decks were built in other processes

    assert one[0] is not None and workers[0] is not None
    assert len(one[0].decks) > 5 and workers[0].decks == one[0].decks
    assert {"bom", "again/bom"} <= set(one[0].decks)
    problems = [p.replace("/workers/", "/one/") for p in workers[0].problems]
    assert problems == one[0].problems
    assert any("(deck not rebuilt)" in p for p in problems)  # the worker's DeckError
    assert workers[1] == one[1] and workers[2] == one[2]
