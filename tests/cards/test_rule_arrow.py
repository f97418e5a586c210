"""Arrow statements (rules/arrow.py): cause → effect, not token chains, timelines or
exclamations."""

from __future__ import annotations

import pytest

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def arrows(line: str, title: str = "메모") -> list[tuple[str, str]]:
    made = extract(parse_note(f"# {title}\n\n- {line}\n", "note.md"))
    return [(c.front, c.back) for c in made if c.kind == "arrow"]


def test_cause_and_effect() -> None:
    assert arrows("W_hh가 t번 곱해진다 → 기울기 폭발과 소실") == [
        ("W_hh가 t번 곱해진다 → ?", "기울기 폭발과 소실")
    ]


def test_arrow_with_space_on_one_side_counts() -> None:
    found = arrows("적은 파라미터→ 더 빠른 계산", title="GRU")
    assert found == [("GRU — 적은 파라미터→ ?", "더 빠른 계산")]  # a bare cause gets its subject


@pytest.mark.parametrize(
    "line",
    [
        "h1->h2->h3 처럼 순서대로 계산해야 한다",  # `->` inside tokens
        "conv1->bn1->relu 순서로 쌓는다",
        "True면 CPU→GPU 복사가 빨라짐",
        "파라미터가 너무 많아진다 → 이걸 해결해야 한다!",  # an exclamation
        "변경사항까지 전부 날림 → 복구 어려움 주의!!",
        "running mean을 쓴다 → model.eval() 꼭 해야 함",  # a note to self
        "RNN → Seq2Seq → Transformer",  # a timeline of short nouns
        "forward: 입력 → 은닉층 → 출력 순서로 계산",  # a pipeline
        "$x \\to y$ 와 `a -> b` 는 수식과 코드",  # math and code are not read
    ],
)
def test_not_arrow_cards(line: str) -> None:
    assert arrows(line) == []


def test_chain_of_clauses_is_kept() -> None:
    assert arrows("LSTM과 GRU가 보완 → 긴 시퀀스 처리에 여전히 문제 → Attention 등장") == [
        ("LSTM과 GRU가 보완 → 긴 시퀀스 처리에 여전히 문제 → ?", "Attention 등장")
    ]


def test_limits_and_moves_between_two_parties_are_notation() -> None:
    assert arrows("데이터의 개수 n → ∞ 일때 수행시간이 증가하는 비율") == []
    assert arrows("**A**(CLOSED) **→ B**(LISTEN) **: SYN(a)**") == []
    assert arrows("Client → Server: SYN") == []
    assert arrows("p < 0.05 → 귀무가설 기각") == [("p < 0.05 → ?", "귀무가설 기각")]
