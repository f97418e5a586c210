"""The corpus and its cache, on real files and a real SQLite cache file."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import USER_NOTE

from studykit.errors import TargetError
from studykit.notes import cache
from studykit.notes.corpus import load_notes


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "week1").mkdir(parents=True)
    shutil.copy(USER_NOTE, root / USER_NOTE.name)
    (root / "week1" / "a.md").write_text("# A\n\nalpha\n", encoding="utf-8")
    (root / "week1" / "b.md").write_text("# B\n\nbeta\n", encoding="utf-8")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "hidden.md").write_text("# hidden\n", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG\x00")
    return root


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records which notes were actually parsed (read from disk), in order."""
    calls: list[str] = []
    real = cache.read_note

    def spy(path: str, rel: str, data: bytes | None = None):
        calls.append(rel)
        return real(path, rel, data)

    monkeypatch.setattr(cache, "read_note", spy)
    return calls


def test_walks_markdown_files_and_skips_hidden_folders(folder: Path) -> None:
    corpus = load_notes(folder)
    assert [n.path for n in corpus.notes] == [
        "2024-08-14-boostcamp-day008.md",
        "week1/a.md",
        "week1/b.md",
    ]
    assert corpus.problems == []


def test_unchanged_corpus_is_not_parsed_again(folder: Path, parsed: list[str]) -> None:
    first = load_notes(folder)
    assert len(parsed) == 3
    parsed.clear()
    second = load_notes(folder)
    assert parsed == []
    assert second.notes == first.notes


def test_outline_only_load_leaves_blocks_out(folder: Path) -> None:
    full = load_notes(folder)
    outline = load_notes(folder, blocks=False)
    assert [t.id for n in outline.notes for t in n.topics] == [
        t.id for n in full.notes for t in n.topics
    ]
    assert all(t.blocks == [] for n in outline.notes for t in n.topics)
    assert sum(len(t.blocks) for n in load_notes(folder).notes for t in n.topics) > 20


def test_changed_note_is_parsed_alone(folder: Path, parsed: list[str]) -> None:
    load_notes(folder)
    parsed.clear()
    (folder / "week1" / "a.md").write_text("# A changed\n\nalpha\n", encoding="utf-8")
    corpus = load_notes(folder)
    assert parsed == ["week1/a.md"]
    assert corpus.find("a")[0].title == "A changed"


def test_touched_but_identical_note_is_not_parsed(folder: Path, parsed: list[str]) -> None:
    load_notes(folder)
    parsed.clear()
    note = folder / "week1" / "b.md"
    os.utime(note, ns=(1, 1))
    load_notes(folder)
    assert parsed == []


def test_deleted_note_disappears(folder: Path, studykit_home: Path) -> None:
    load_notes(folder)
    (folder / "week1" / "b.md").unlink()
    corpus = load_notes(folder)
    assert [n.path for n in corpus.notes][-1] == "week1/a.md"
    rows = sqlite3.connect(studykit_home / "index.sqlite3").execute("SELECT path FROM notes")
    assert sorted(r[0] for r in rows) == ["2024-08-14-boostcamp-day008.md", "week1/a.md"]


def test_moved_note_keeps_its_content(folder: Path) -> None:
    load_notes(folder)
    (folder / "week1" / "a.md").rename(folder / "a.md")
    corpus = load_notes(folder)
    assert [n.path for n in corpus.notes] == [
        "2024-08-14-boostcamp-day008.md",
        "a.md",
        "week1/b.md",
    ]


def test_bad_notes_are_reported_and_the_rest_processed(folder: Path, parsed: list[str]) -> None:
    (folder / "bad.md").write_bytes(b"# ok\n\xc3\x28\n")
    (folder / "empty.md").write_bytes(b"")
    corpus = load_notes(folder)
    assert len(corpus.notes) == 3
    assert [(p.path, p.line) for p in corpus.problems] == [("bad.md", 2), ("empty.md", 1)]
    parsed.clear()
    again = load_notes(folder)
    assert parsed == [] and [str(p) for p in again.problems] == [str(p) for p in corpus.problems]


def test_large_note_is_refused_without_reading(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "huge.md").write_bytes(b"# huge\n\n" + b"word " * 1_100_000)
    corpus = load_notes(folder)
    (problem,) = corpus.problems
    assert problem.path == "huge.md" and problem.line == 1
    assert "5.5 MB, over the 2.1 MB limit" in problem.message
    monkeypatch.setattr(cache, "MAX_NOTE_BYTES", 10_000_000)
    assert load_notes(folder).find("huge")[0].title == "huge"


def test_corrupt_cache_is_rebuilt(folder: Path, studykit_home: Path) -> None:
    (studykit_home / "index.sqlite3").write_bytes(b"not a database at all" * 100)
    assert len(load_notes(folder).notes) == 3
    assert len(load_notes(folder).notes) == 3


def test_same_file_name_in_two_folders(folder: Path) -> None:
    (folder / "week2").mkdir()
    (folder / "week2" / "a.md").write_text("# A2\n\n## Sub\n", encoding="utf-8")
    corpus = load_notes(folder)
    slugs = sorted(n.slug for n in corpus.notes)
    assert slugs == ["2024-08-14-boostcamp-day008", "b", "week1/a", "week2/a"]
    week2 = corpus.find("week2/a")[0]
    assert [t.id for t in week2.topics] == ["week2/a#a2", "week2/a#sub"]
    assert week2.topics[1].parent == "week2/a#a2"


@pytest.mark.parametrize(
    ("target", "note", "topic"),
    [
        ("2024-08-14-boostcamp-day008", "2024-08-14-boostcamp-day008", None),
        ("day008", "2024-08-14-boostcamp-day008", None),
        ("day008#lstm", "2024-08-14-boostcamp-day008", "lstm"),
        ("day008#마스터", "2024-08-14-boostcamp-day008", "마스터클래스_김수경-마스터"),
        ("#qna", "2024-08-14-boostcamp-day008", "qna"),
        ("week1/a.md", "a", None),
        ("a#A", "a", "a"),
    ],
)
def test_find_targets(folder: Path, target: str, note: str, topic: str | None) -> None:
    found_note, found_topic = load_notes(folder).find(target)
    assert found_note.slug == note
    assert (found_topic.slug if found_topic else None) == topic


@pytest.mark.parametrize(("target", "message"), [("zzz", "no note"), ("day008#rnn#x", "no topic")])
def test_find_reports_misses(folder: Path, target: str, message: str) -> None:
    with pytest.raises(TargetError, match=message):
        load_notes(folder).find(target)


def test_ambiguous_target_lists_candidates(folder: Path) -> None:
    with pytest.raises(TargetError, match="matches several: a, b"):
        load_notes(folder).find("week1")


def test_a_broken_link_is_reported_and_the_rest_loads(folder: Path) -> None:
    (folder / "gone.md").symlink_to(folder / "nowhere.md")
    corpus = load_notes(folder)
    (problem,) = corpus.problems
    assert problem.path == "gone.md" and "cannot read the file" in problem.message
    assert len(corpus.notes) == 3
    from studykit.review.sync import fingerprint

    assert fingerprint(folder)  # the listing skips it too
