"""A sync with many decks to rebuild builds them in worker processes while it reads the notes:
the decks written, the cards stored and the problems reported are those of a sync in one
process."""

from __future__ import annotations

import resource
import shutil
import sys
import threading
from pathlib import Path

import pytest
from helpers import NOTES

from studykit.db import open_store
from studykit.review import store, sync

DATA = Path(__file__).resolve().parent.parent / "data"


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def first_sync(
    tmp_path: Path, notes: Path, name: str, parallel_from: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[sync.SyncReport | None, dict[str, bytes], list[object]]:
    quizzes = tmp_path / name / "quizzes"
    quizzes.mkdir(parents=True)
    (quizzes / "2024-09-01-nested.yaml").write_text("cards: [\n", encoding="utf-8")  # unreadable
    monkeypatch.setattr(sync, "PARALLEL_FROM", parallel_from)
    with open_store(tmp_path / name / "store.sqlite3") as db:
        report = sync.sync(db, notes, quizzes)
        cards = list(store.cards(db))
    written = {path.name: path.read_bytes() for path in sorted(quizzes.glob("*.yaml"))}
    return report, written, cards


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_decks_built_in_workers_are_those_built_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    for path in DATA.glob("*.md"):
        shutil.copy(path, notes / path.name)
    (notes / "again").mkdir()  # two notes of one name: decks named after their folders too
    shutil.copy(DATA / "bom.md", notes / "again" / "bom.md")
    one = first_sync(tmp_path, notes, "one", 10**9, monkeypatch)
    assert threading.active_count() == 1  # else the sync would not fork
    before = children_cpu()
    workers = first_sync(tmp_path, notes, "workers", 1, monkeypatch)
    assert children_cpu() > before  # the decks were built in other processes

    assert one[0] is not None and workers[0] is not None
    assert len(one[0].decks) > 5 and workers[0].decks == one[0].decks
    assert {"bom", "again/bom"} <= set(one[0].decks)
    problems = [p.replace("/workers/", "/one/") for p in workers[0].problems]
    assert problems == one[0].problems
    assert any("(deck not rebuilt)" in p for p in problems)  # the worker's DeckError
    assert workers[1] == one[1] and workers[2] == one[2]
