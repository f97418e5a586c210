"""Search over the FTS5 index kept in the notes cache: the user's note, and small notes
written here, through a real cache file."""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from helpers import NOTES, note_line

from studykit.config import data_dir
from studykit.notes import cache
from studykit.notes.corpus import load_notes
from studykit.notes.search import Hit, by_note, parse_query, search

USER_SLUG = "2024-08-14-boostcamp-day008"
TANH = note_line("activation함수인 tanh가")  # 기울기가 0이되어
VANISHING = note_line("vanishing gradient 문제 (기울기 소실)")
LEARNED = """# 학습

## 기울기 소실

깊은 신경망에서는 기울기가 소실된다. 층이 많을수록 심하다.

- 개가 짖는다
- 소개를 받았다
- 결과가 좋다
- 결정이 어렵다
- 모델이 크면 느리다
- max pooling은 x를 줄인다
- h가 작다
- 역전파로 학습한다
- 정보가 사라지는 문제, 사라진 정보

## Attention

attention은 attention을 만든다: attention만으로 충분하다.

이 문단은 훨씬 길고 여러 이야기를 하다가 마지막에 한 번 attention을 말하는데, 그 사이에
다른 단어가 아주 많이 들어 있어서 점수가 낮아야 한다. 문장이 이어지고 또 이어진다.
"""
OTHER = """# 다른 노트

## 요약

소실되는 정보가 없다. 모델을 다시 학습한다.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "learned.md").write_text(LEARNED, encoding="utf-8")
    (root / "other.md").write_text(OTHER, encoding="utf-8")
    return root


def find(root: Path, query: str, **options: object) -> list[Hit]:
    return search(load_notes(root, blocks=False), query, **options)  # type: ignore[arg-type]


def shown(hit: Hit) -> str:
    """The hit's text with its marks in brackets."""
    return "".join(f"[{piece}]" if marked else piece for piece, marked in hit.parts())


def test_two_words_apart_in_the_users_note() -> None:
    hits = find(NOTES, "tanh 기울기")
    assert (hits[0].note, hits[0].topic, hits[0].line) == (
        USER_SLUG, "1-explodingvanishing-gradient-문제", TANH
    )  # fmt: skip
    assert shown(hits[0]).startswith(
        "activation함수인 [tanh]가 미분되면 엄청 크거나 작은 값에서 [기울기]가"
    )
    assert all("tanh" not in h.text for h in hits[1:])  # the one holding both words first
    assert next((h.line, h.marks) for h in find(NOTES, "기울기 tanh")) == (TANH, hits[0].marks)
    assert hits[0].target == f"{USER_SLUG}#1-explodingvanishing-gradient-문제"
    assert hits[0].topic_title == "1) Exploding/Vanishing Gradient 문제"


def test_a_word_with_a_particle_finds_the_word_with_another() -> None:
    hits = find(NOTES, "기울기를")
    assert {h.line for h in hits[:2]} == {VANISHING, TANH}
    assert all("[기울기]" in shown(h) for h in hits[:2])
    # then its English name, in the text or in the topic's title (Vanishing Gradient)
    assert "[Gradient]" in shown(hits[2])
    assert [h.line for h in find(NOTES, "tanh가")] == [h.line for h in find(NOTES, "tanh")]


def test_endings_are_taken_off_verbs(folder: Path) -> None:
    assert [t.stem for t in parse_query("소실되는 소실된다 사라진다 학습했다 중요한")] == [
        "소실", "사라지", "학습", "중요",
    ]  # fmt: skip
    for query in ("소실되는", "소실된다", "소실"):
        found = {(h.note, shown(h)) for h in find(folder, query)}
        assert ("learned", "깊은 신경망에서는 기울기가 [소실]된다. 층이 많을수록 심하다.") in found
        assert ("other", "[소실]되는 정보가 없다. 모델을 다시 학습한다.") in found


def test_a_word_inside_a_compound_and_an_open_last_syllable(folder: Path) -> None:
    assert [shown(h) for h in find(folder, "전파를")] == ["역[전파]로 학습한다"]
    assert [t.stem for t in parse_query("사라진다")] == ["사라지"]
    assert [shown(h) for h in find(folder, "사라진다")] == ["정보가 [사라지]는 문제, [사라진] 정보"]


def test_nouns_that_end_like_a_particle_keep_it(folder: Path) -> None:
    assert [t.stem for t in parse_query("결과 정의 속도 평가 결과가 모델을")] == [
        "결과", "정의", "속도", "평가", "모델",
    ]  # fmt: skip
    assert [shown(h) for h in find(folder, "결과")] == ["[결과]가 좋다"]
    assert {shown(h) for h in find(folder, "모델이") if h.note != USER_SLUG} == {
        "[모델]이 크면 느리다",
        "소실되는 정보가 없다. [모델]을 다시 학습한다.",
    }


def test_a_short_stem_must_start_a_word(folder: Path) -> None:
    assert [shown(h) for h in find(folder, "개를")] == ["[개]가 짖는다"]  # not 소개를
    assert [shown(h) for h in find(folder, "x")] == ["max pooling은 [x]를 줄인다"]
    assert [shown(h) for h in find(folder, "h가")] == ["[h]가 작다"]


def test_ranking_title_then_dense_then_long(folder: Path) -> None:
    hits = find(folder, "attention")
    assert [h.line for h in hits] == [17, 19, 21]  # the heading, three times, once in a long text
    assert shown(hits[1]) == "[attention]은 [attention]을 만든다: [attention]만으로 충분하다."


def test_a_word_in_the_topic_title_counts(folder: Path) -> None:
    # 소실 is in the topic's title, 짖 in the block: found together, marked where it is
    assert next(shown(h) for h in find(folder, "소실 짖는다")) == "개가 [짖]는다"
    # in no passage together: each still finds its own (a word never empties the result)
    assert {"개가 [짖]는다", "[Attention]"} <= {shown(h) for h in find(folder, "attention 짖는다")}


def test_long_passages_are_cut_around_the_match() -> None:
    hit = next(h for h in find(NOTES, "depth") if h.line == note_line("x가 정확히 1이 아닌 한"))
    assert len(hit.text) < 170 and hit.text.count("[") == 0
    assert "[depth]" in shown(hit) and all(hit.text[s:e] == "depth" for s, e in hit.marks)


def test_a_long_passage_without_spaces_is_cut_at_its_match(folder: Path) -> None:
    (folder / "long.md").write_text("# L\n\n" + "가나다라" * 80 + "역전파였다\n", "utf-8")
    [hit] = [h for h in find(folder, "역전파") if h.note == "long"]
    assert hit.text.startswith("… ") and hit.text.endswith("역전파였다")
    assert [hit.text[s:e] for s, e in hit.marks] == ["역전파"]


def test_tags_are_left_out_and_marks_escaped_by_the_caller(folder: Path) -> None:
    """HTML tags and link addresses are not what a reader sees: out of the passage (so
    `strong` or `png` find nothing); a code span is kept as written, for the caller to
    escape."""
    text = "use `<script>` & <b>bold</b> tags, ![a diagram](img/dia.png) [docs](https://x.org)"
    (folder / "html.md").write_text(f"# H\n\n{text}\n", "utf-8")
    [hit] = find(folder, "script")
    assert shown(hit) == "use `<[script]>` & bold tags, a diagram docs"
    assert find(folder, "png") == find(folder, "https") == find(folder, "b") == []


def test_hangul_typed_as_jamo_and_full_width_case(folder: Path) -> None:
    nfd = unicodedata.normalize("NFD", "기울기를")
    assert {h.line for h in find(NOTES, nfd)[:2]} == {VANISHING, TANH}
    assert [h.line for h in find(folder, "ATTENTION")] == [17, 19, 21]


def test_one_note_only(folder: Path) -> None:
    corpus = load_notes(folder, blocks=False)
    note, _ = corpus.find("other")
    assert {h.note for h in search(corpus, "소실")} == {"learned", "other"}
    assert {h.note for h in search(corpus, "소실", note=note)} == {"other"}


def test_hits_are_grouped_by_note_then_topic_in_rank_order() -> None:
    def hit(note: str, topic: str, line: int) -> Hit:
        return Hit(note, note.upper(), topic, topic.upper(), line, "text")

    ranked = [hit("a", "t1", 5), hit("b", "t1", 2), hit("a", "t2", 9), hit("a", "t1", 1)]
    assert [[[h.line for h in found] for found in topics] for topics in by_note(ranked)] == [
        [[5, 1], [9]],
        [[2]],
    ]


def test_no_words_no_hits(folder: Path) -> None:
    assert find(folder, "  ?! ") == []
    assert find(folder, "없는말입니다") == []


def passage_ids(path: str) -> list[int]:
    with sqlite3.connect(data_dir() / "index.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT id FROM passages WHERE path = ?", (path,))]


def test_an_edited_note_is_indexed_again_alone(folder: Path) -> None:
    assert find(folder, "트랜스포머") == []
    kept = passage_ids("learned.md")
    note = folder / "other.md"
    note.write_text(OTHER.replace("모델을", "트랜스포머를"), encoding="utf-8")
    os.utime(note, ns=(1, 1))  # a new mtime whatever the clock's resolution
    assert [shown(h) for h in find(folder, "트랜스포머")] == [
        "소실되는 정보가 없다. [트랜스포머]를 다시 학습한다."
    ]
    assert {h.note for h in find(folder, "모델")} == {"learned"}
    assert passage_ids("learned.md") == kept  # the other notes were not indexed again


def test_a_scan_cut_short_still_has_its_notes_indexed(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert find(folder, "트랜스포머") == []
    (folder / "learned.md").write_text(LEARNED + "\n트랜스포머 문단\n", encoding="utf-8")
    other = folder / "other.md"
    other.write_text(OTHER + "\n더 쓴 줄\n", encoding="utf-8")
    real = cache.read_note

    def interrupted(path: str, rel: str, data: bytes | None = None):  # Ctrl-C at other.md
        if rel == "other.md":
            raise KeyboardInterrupt
        return real(path, rel, data)

    monkeypatch.setattr(cache, "read_note", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load_notes(folder, blocks=False)
    monkeypatch.setattr(cache, "read_note", real)  # not undo(): it would undo STUDYKIT_HOME
    other.write_text(OTHER, encoding="utf-8")  # as cached: the next scan parses nothing
    assert [h.note for h in find(folder, "트랜스포머")] == ["learned"]


def test_a_deleted_note_is_gone(folder: Path) -> None:
    assert {h.note for h in find(folder, "소실")} == {"learned", "other"}
    (folder / "other.md").unlink()
    assert {h.note for h in find(folder, "소실")} == {"learned"}
    assert passage_ids("other.md") == []


def test_a_note_that_cannot_be_read_is_not_searched(folder: Path) -> None:
    (folder / "bad.md").write_bytes(b"\xff\xfe\x00broken \x00")
    corpus = load_notes(folder, blocks=False)
    assert corpus.problems and {h.note for h in search(corpus, "소실")} == {"learned", "other"}


def test_two_notes_folders_in_one_cache_stay_apart(tmp_path: Path, folder: Path) -> None:
    other = tmp_path / "other-notes"
    other.mkdir()
    dense = "".join(f"## attention attention {n}\n\nattention attention\n\n" for n in range(5))
    (other / "dense.md").write_text(dense, encoding="utf-8")
    assert [h.note for h in find(other, "attention", limit=3)] == ["dense"] * 3
    # the other folder's passages rank first in the index: the best of this one still come
    assert [(h.note, h.line) for h in find(folder, "attention", limit=2)] == [
        ("learned", 17),
        ("learned", 19),
    ]
