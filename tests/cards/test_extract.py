"""Card extraction on the user's note and on a note covering every card syntax."""

from __future__ import annotations

from collections import Counter

import pytest
from helpers import DATA, ORIGINAL_NOTE, USER_NOTE

from studykit.cards.extract import extract
from studykit.cards.model import Card, card_id
from studykit.notes.parse import decode, parse_note


def cards_of(path, name: str = "") -> list[Card]:
    return extract(parse_note(decode(path.read_bytes(), path.name), name or path.name))


@pytest.fixture(scope="module")
def user_cards() -> list[Card]:
    """Cards of the user's text as they wrote it (so the line numbers are theirs)."""
    return cards_of(ORIGINAL_NOTE, USER_NOTE.name)


def test_checks_added_to_the_note_change_no_card(user_cards: list[Card]) -> None:
    bundled = cards_of(USER_NOTE)
    assert [(c.id, c.front, c.back) for c in bundled] == [
        (c.id, c.front, c.back) for c in user_cards
    ]


def front(cards: list[Card], kind: str, start: str) -> Card:
    return next(c for c in cards if c.kind == kind and c.front.startswith(start))


def test_user_note_card_counts(user_cards: list[Card]) -> None:
    assert Counter(c.kind for c in user_cards) == {
        "qa": 10,
        "definition": 7,
        "arrow": 6,
        "list": 2,
        "formula": 1,
    }
    assert len({c.id for c in user_cards}) == len(user_cards)


def test_master_class_questions_each_give_one_card(user_cards: list[Card]) -> None:
    qa = [c for c in user_cards if c.kind == "qa"]
    assert [c.line for c in qa] == [94, 104, 108, 112, 115, 125, 131, 136, 142, 156]
    assert qa[0].front.startswith("인공지능은 어떻게 발전해갈 것이라고")
    assert qa[0].back.startswith("파이토치를 쓰는 인공지능 관련 직업은 많아질 것이다.")
    assert "저절로 코딩 된 코드" in qa[0].back
    gis = front(user_cards, "qa", "환경 기상 분야 GIS")
    assert gis.back.startswith("제가 썼던 데이터는")
    unmarked = front(user_cards, "qa", "미국대학원 유학")
    assert unmarked.back.startswith("유학가고싶은건 고딩때부터 그랬다.")
    assert unmarked.back.endswith("영어가 괜찮다면 어려움은 없을 것이다.")
    assert "서울대에서" not in unmarked.back
    video = front(user_cards, "qa", "비디오 분야")
    assert video.back == "Visual Transfromer!!!!!!!!!!!!!!!를 요새 주로 쓰는 추세이다."
    assert all(c.topic.endswith("#qna") for c in qa)


def test_definitions_lists_formula_and_arrows(user_cards: list[Card]) -> None:
    forget = front(user_cards, "definition", "forget gate")
    assert (forget.front, forget.back, forget.line) == (
        "forget gate",
        "얼마나 잊어버릴 지를 컨트롤",
        61,
    )
    rnn = front(user_cards, "definition", "Recurrent Neural Network")
    assert rnn.back == "Recurrent하다?\n\n→ 자신의 output이 자신의 input으로 들어간다는 것이다."
    cons = front(user_cards, "list", "RNN (단점을")
    assert cons.front.endswith("— 장점?")
    cons = [c for c in user_cards if c.kind == "list"][1]
    assert cons.front == "RNN (단점을 자세히 보고 Transformer가 왜 나왔나 살펴보기) — 단점?"
    assert cons.back.splitlines()[1:3] == [
        "- 1) vanishing gradient 문제 (기울기 소실)",
        "- 2) long-range dependece (장거리 의존성) 모델링의 실패문제",
    ]
    formula = front(user_cards, "formula", "RNN")
    assert formula.back == "$$\nh_t = f_w(h_(t-1), x_t)\n$$"
    arrow = front(user_cards, "arrow", "h_t에서 h_t-1로")
    assert arrow.front == "h_t에서 h_t-1로 backprop시 발생하는 W_hh는 t번 곱해진다 → ?"
    assert arrow.back == "Exploding문제와 Vanishing문제"
    seq2seq = front(user_cards, "arrow", "Many-to-many")
    assert seq2seq.front.endswith("생긴다.(→ ?)") and seq2seq.back == "Seq2eq model이 생겨남"


def test_no_card_from_qa_answers_or_sentences_with_colons(user_cards: list[Card]) -> None:
    assert not [c for c in user_cards if c.kind != "qa" and c.line > 92]
    assert not [c for c in user_cards if c.front.startswith("병렬화")]


def test_every_card_syntax() -> None:
    cards = cards_of(DATA / "cards-edge.md")
    by_kind = Counter(c.kind for c in cards)
    assert by_kind == {"cloze": 3, "author": 4, "qa": 2, "definition": 1}
    cloze = [(c.front, c.back) for c in cards if c.kind == "cloze"]
    assert cloze == [
        ("Attention은 […]로 계산한다.", "query, key, value"),
        ("Transformer는 […]만으로 시퀀스를 처리한다.", "self-attention"),
        ("GRU는 […]와 reset gate를 쓴다.", "update gate"),
    ]
    author = [(c.front, c.back, c.reverse) for c in cards if c.kind == "author"]
    assert author == [
        ("Softmax의 출력 합은?", "1", False),
        ("LSTM", "Long Short-Term Memory", True),
        ("Backprop through time이란", "시간축으로 펼친 RNN에 역전파를 적용하는 것", False),
        ("Vanishing gradient", "기울기 소실", True),
    ]
    qa = [(c.front, c.back) for c in cards if c.kind == "qa"]
    assert qa == [("왜 tanh를 쓰나?", "출력이 -1과 1 사이라서"), ("두 번째 질문?", "두 번째 답")]


def test_unanswered_question_and_duplicates_are_dropped() -> None:
    cards = cards_of(DATA / "cards-edge.md")
    assert not any(c.front == "답이 없는 질문" for c in cards)
    definitions = [(c.front, c.back) for c in cards if c.kind == "definition"]
    assert definitions == [("중복 용어", "같은 뜻")]


def test_ids_ignore_answers_spacing_and_case() -> None:
    a = card_id("note", "topic", "qa", "왜 tanh를 쓰나?")
    assert a == card_id("note", "topic", "qa", "왜  TANH를 쓰나")
    assert a != card_id("note", "other-topic", "qa", "왜 tanh를 쓰나?")
    assert a != card_id("note", "topic", "definition", "왜 tanh를 쓰나?")
