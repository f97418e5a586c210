"""studykit as a Python library: the public names, importable without cost, used on the
bundled notes as the README shows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import NOTES

import studykit


def test_import_studykit_loads_nothing_until_used() -> None:
    code = (
        "import sys, studykit\n"
        "heavy = {'markdown_it', 'yaml', 'fsrs', 'sqlite3', 'studykit.notes.parse'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
        "from studykit import load_notes, extract_cards, open_store\n"
        "print('markdown_it' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


def test_every_public_name_resolves() -> None:
    from studykit import errors

    assert set(errors.__all__) <= set(studykit.__all__)  # every error a caller may catch
    for name in studykit.__all__:
        assert getattr(studykit, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        studykit.nope  # noqa: B018


def test_load_notes_extract_cards_and_open_the_store(tmp_path: Path) -> None:
    corpus = studykit.load_notes(NOTES)
    note, topic = corpus.find("day008#lstm")
    assert topic is not None
    cards = [c for c in studykit.extract_cards(note) if c.topic == topic.id]
    assert any(c.front == "forget gate" for c in cards)
    deck = studykit.build_deck(note)
    assert {c.id for c in cards} <= {c.id for c in deck.cards}
    with studykit.open_store(tmp_path / "store.sqlite3") as db:
        assert db.get("sync.fingerprint") is None
    with pytest.raises(studykit.TargetError, match="no topic in"):
        corpus.find("day008#no-such-topic")
    with pytest.raises(studykit.NoteError) as error:
        studykit.parse_note("", "empty.md")
    assert isinstance(error.value, studykit.StudykitError) and error.value.exit_code == 1
