"""The real corpus (tests/data/real: public notes written by others, see its SOURCES.md) is
read whole: every note loads through the same path as a notes folder and gives topics. A
note skipped or read as nothing is lost to cards and search alike, so none may be."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from studykit.notes.corpus import load_notes

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
NOTES = sorted(p for p in REAL.glob("*.md") if p.name != "SOURCES.md")


def test_every_real_note_loads_with_topics(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    for note in NOTES:
        shutil.copy(note, folder / note.name)
    corpus = load_notes(folder, tmp_path / "index.sqlite3")
    assert [str(problem) for problem in corpus.problems] == []
    assert sorted(n.path for n in corpus.notes) == [p.name for p in NOTES]
    assert [n.path for n in corpus.notes if not n.topics] == []


def test_every_real_note_has_frozen_cards_and_a_source() -> None:
    """Each note has its expected cards and a row in SOURCES.md naming its repository,
    commit and licence."""
    sources = (REAL / "SOURCES.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| (\S+\.md) \|.*$", sources, re.M)}
    assert len(NOTES) >= 20
    for note in NOTES:
        assert note.with_suffix(".cards.yaml").is_file(), note.name
        row = rows.get(note.name, "")
        assert re.search(r"\| [0-9a-f]{12} \| (MIT|CC-BY)", row), (note.name, row)
