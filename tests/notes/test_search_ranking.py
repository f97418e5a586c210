"""Search ranked on what students type (issue 21): coverage first, compounds both ways,
near spellings, titles over their passages, Korean and English names, and the floor of the
judged query set (bench/search_quality.py), all through a real cache file."""

from __future__ import annotations

from pathlib import Path

import pytest
from search_quality import corpus, judged, score, studykit

from studykit.errors import SourceError
from studykit.notes.corpus import load_notes
from studykit.notes.search import Hit, closest, parse_query, search

OS = """# 운영체제

## 교착 상태

교착 상태(deadlock)는 프로세스들이 서로의 자원을 기다리며 멈춘 상태다.

## 스케줄링

- FCFS
    - 큐에 도착한 순서대로 CPU를 할당한다
- Round Robin
    - 같은 시간 할당량만큼 돌아가며 실행한다

## 스레드

스레드는 프로세스 안의 실행 단위이며 스택을 따로 가진다.

## 트랜잭션 격리 수준

격리 수준이 낮으면 다른 트랜잭션의 변경이 보인다.

## 기타

트랜잭션은 작업의 단위다.
"""
DL = """# 딥러닝

## RNN

기울기 소실 때문에 먼 과거를 잊는다. 장기의존성 문제라고도 한다.

## LSTM

forget gate가 셀 상태에서 지울 양을 정한다.

그레디언트가 잘 흐른다.

## 정리

| 용어 | 뜻 |
| --- | --- |
| 드롭아웃 | 뉴런을 무작위로 끈다 |
| 배치 정규화 | 층의 입력을 정규화한다 |

## References

- [기울기 소실 정리](https://example.org/vanishing)
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "os.md").write_text(OS, encoding="utf-8")
    (root / "dl.md").write_text(DL, encoding="utf-8")
    return root


def find(root: Path, query: str) -> list[Hit]:
    return search(load_notes(root, blocks=False), query)


def texts(root: Path, query: str) -> list[str]:
    return [h.text for h in find(root, query)]


def test_passages_holding_more_words_first_and_a_word_found_nowhere_empties_nothing(
    folder: Path,
) -> None:
    hits = texts(folder, "트랜잭션 격리 수준이 뭐야")  # 뭐야 is in no note
    assert hits[0] == "트랜잭션 격리 수준"  # the title holding all three words
    assert hits[1] == "격리 수준이 낮으면 다른 트랜잭션의 변경이 보인다."
    assert "트랜잭션은 작업의 단위다." in hits[2:]  # one word of three, after
    assert [w.soft for w in parse_query("트랜잭션 격리 수준이 뭐야")] == [False] * 3 + [True]


def test_compounds_typed_without_spaces_and_the_reverse(folder: Path) -> None:
    assert texts(folder, "기울기소실")[0].startswith("기울기 소실 때문에")
    assert texts(folder, "장기 의존성")[0].startswith("기울기 소실 때문에")  # 장기의존성
    found = find(folder, "기울기소실")[0]
    assert [found.text[s:e] for s, e in found.marks] == ["기울기 소실"]


def test_spellings_that_sound_alike_meet(folder: Path) -> None:
    assert texts(folder, "쓰레드")[0] == "스레드"
    assert texts(folder, "그래디언트")[0] == "그레디언트가 잘 흐른다."
    assert texts(folder, "스케쥴링")[0] == "스케줄링"


def test_one_syllable_off_from_three_syllables(folder: Path) -> None:
    assert texts(folder, "기룰기")[0].startswith("기울기 소실")  # ㅜ for ㄹ: one jamo off
    assert texts(folder, "프로셋스")  # 프로세스, one syllable off
    assert texts(folder, "셍태") == []  # 상태 one off, but two syllables: too short to guess


def test_a_title_ranks_the_passages_under_it(folder: Path) -> None:
    """FCFS is a list item; what is nested in it is what FCFS is."""
    assert texts(folder, "FCFS")[:2] == ["FCFS", "큐에 도착한 순서대로 CPU를 할당한다"]


def test_korean_and_english_names_meet(folder: Path) -> None:
    # the built-in table of the field's terms: 망각 게이트 is forget gate
    found = find(folder, "망각 게이트가 뭐야")[0]
    assert found.text.startswith("forget gate가")
    assert [found.text[s:e] for s, e in found.marks] == ["forget gate"]
    assert texts(folder, "round robin 스케줄링")[0] == "Round Robin"
    # a pair the note writes, 교착 상태(deadlock), read both ways
    assert texts(folder, "deadlock")[0].startswith("교착 상태(deadlock)")
    assert texts(folder, "교착상태")[0] == "교착 상태"


def test_a_synonyms_file_in_the_notes_folder(folder: Path) -> None:
    assert texts(folder, "락") == []
    (folder / "synonyms.txt").write_text(
        "# my own names\n교착 상태 = 락 걸림 = 데드락\n", encoding="utf-8"
    )
    assert texts(folder, "락 걸림")[0] == "교착 상태"
    (folder / "synonyms.txt").write_text("교착 상태 = 데드락\n교착\n", encoding="utf-8")
    with pytest.raises(SourceError) as error:
        find(folder, "락 걸림")
    assert str(error.value).endswith(
        "synonyms.txt:2: a line of synonyms names two or more, between ="
    )


def test_tables_row_by_row_and_no_reference_lists(folder: Path) -> None:
    hits = find(folder, "드롭아웃")
    assert [(h.line, h.text) for h in hits] == [(17, "드롭아웃 | 뉴런을 무작위로 끈다")]
    assert all(h.topic != "references" for h in find(folder, "기울기 소실 정리"))


def test_nothing_found_suggests_the_closest_title_words(folder: Path) -> None:
    notes = load_notes(folder, blocks=False)
    assert search(notes, "없는낱말") == [] and closest(notes, "없는낱말") == []
    assert search(notes, "Referencs") == []  # a reference list is not searched
    assert closest(notes, "Referencs") == ["References"]
    assert closest(notes, "트렌젝숀 격리") == ["트랜잭션"]  # 격리 is there: nothing to add


FLOORS = {"ndcg": 0.78, "no_hit": 0.02}
"""On the judged queries of tests/data/search-queries.yaml (0.81 and 0.5% when this floor was
set; the baseline, a character-bigram BM25, scored 0.50 and 2.2%). Raise it as search
improves."""


def test_judged_queries_floor(tmp_path: Path) -> None:
    files, queries = judged()
    found = corpus(tmp_path, files)
    result = score(queries, studykit(found), found.places)
    worst = sorted(result.each.items(), key=lambda item: item[1])[:10]
    assert result.ndcg >= FLOORS["ndcg"], worst
    assert result.no_hit <= FLOORS["no_hit"]
