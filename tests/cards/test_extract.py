"""Card extraction on the user's note and on a note covering every card syntax."""

from __future__ import annotations

from collections import Counter

import pytest
from cards_bench import malformed
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
    asked = [c for c in bundled if c.kind == "claim"]  # a check's card= makes one card more
    assert [(c.id, c.front, c.back) for c in bundled if c.kind != "claim"] == [
        (c.id, c.front, c.back) for c in user_cards
    ]
    assert [(c.front, c.back) for c in asked] == [
        (
            "activation이 tanh이면 backprop에서 왜 vanishing gradient가 생기나?",
            "activation함수인 tanh가 미분되면 엄청 크거나 작은 값에서 기울기가 0이되어 "
            "vanishing gradients 문제 발생",  # the claim's whole sentence, not cut mid-way
        ),
        ("Least Square의 해는 어떤 방정식을 풀어 구하나?", "Least Square ~ 정규방정식"),
    ]


def front(cards: list[Card], kind: str, start: str) -> Card:
    return next(c for c in cards if c.kind == kind and c.front.startswith(start))


MANY_TO_MANY = (
    "Many-to-many(input과 output크기가 같은) RNN은 입/출력 길이가 다르면 문제가 생긴다.(→ ?)"
)
USER_CARDS = [
    # (line, kind, front): every card of the user's note, read one by one
    (9, "formula", "RNN — formula?"),
    (13, "definition", "Recurrent Neural Network — Recurrent하다?"),
    (17, "definition", "RNN — 중요한 특징?"),
    (21, "list", "RNN — 장점?"),
    (25, "list", "RNN — 단점?"),
    (
        31,
        "arrow",
        "Many-to-many(input과 output크기가 같은) RNN은 입/출력 길이가 다르면 문제가 생긴다.(→ ?)",
    ),
    (39, "arrow", "h_t에서 h_t-1로 backprop시 발생하는 W_hh는 t번 곱해진다 → ?"),
    (61, "definition", "forget gate"),
    (62, "definition", "input gate"),
    (63, "definition", "output gate"),
    (65, "arrow", "LSTM — RNN에서 long-term memory를 기억하지 못하는 단점을 보완했다. → ?"),
    (67, "definition", "forget gate = 1"),
    (69, "definition", "input gate = 0"),
    (84, "arrow", "GRU — 적은 파라미터→ ?"),
    # the master class's Q&A (career, study abroad, forecasts) is left out: personal
]
TALK_LINES = [94, 104, 108, 112, 115, 125, 131, 136, 142, 156]


def test_user_note_cards(user_cards: list[Card]) -> None:
    made = [(c.line, str(c.kind), c.front if c.kind != "qa" else "") for c in user_cards]
    assert made == USER_CARDS
    assert len({c.id for c in user_cards}) == len(user_cards)


def test_user_note_cards_are_well_formed(user_cards: list[Card]) -> None:
    assert [
        (c.front, malformed(c.front, c.back)) for c in user_cards if malformed(c.front, c.back)
    ] == []


def test_user_note_drops_what_a_student_would_not_keep(user_cards: list[Card]) -> None:
    fronts = " ".join(c.front for c in user_cards)
    assert "살펴보기" not in fronts  # the heading's remark
    assert "해결해야한다" not in " ".join(c.back for c in user_cards)  # a note to self
    assert not [c for c in user_cards if c.front.strip("?") in {"중요한 특징", "장점", "단점"}]


def test_master_class_questions_each_give_one_card_when_kept() -> None:
    """With `keep_personal: true` the talk's Q&A is carded, one card a question."""
    text = ORIGINAL_NOTE.read_text(encoding="utf-8").replace(
        "---\n", "---\nkeep_personal: true\n", 1
    )
    kept = extract(parse_note(text, USER_NOTE.name))
    qa = [c for c in kept if c.kind == "qa"]
    assert [c.line - 1 for c in qa] == TALK_LINES  # the switch is one line more
    user_cards = kept
    assert qa[0].front.startswith("인공지능은 어떻게 발전해갈 것이라고")
    assert qa[0].back == "파이토치를 쓰는 인공지능 관련 직업은 많아질 것이다."
    assert "저절로 코딩 된 코드" in qa[0].more  # the rest of the answer, shown after it
    gis = front(user_cards, "qa", "환경 기상 분야 GIS")
    assert gis.back.startswith("제가 썼던 데이터는") and not gis.more
    unmarked = front(user_cards, "qa", "미국대학원 유학")
    assert unmarked.back.startswith("유학가고싶은건 고딩때부터 그랬다.")
    assert unmarked.more.endswith("영어가 괜찮다면 어려움은 없을 것이다.")
    assert "서울대에서" not in unmarked.back + unmarked.more
    papers = front(user_cards, "qa", "대학원을 준비하는 대학생")
    assert papers.back.splitlines()[::2] == [
        "CNN, RNN, Seq2Seq",
        "Attention is all you need",
        "VIT → visual transformation",
    ]
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
    assert rnn.front == "Recurrent Neural Network — Recurrent하다?"  # the author's question
    assert rnn.back == "자신의 output이 자신의 input으로 들어간다는 것이다."
    example = front(user_cards, "definition", "forget gate = 1")
    assert example.back == "하나도 안 잊는다"  # not input gate's, nor what follows it
    cons = front(user_cards, "list", "RNN — 단점")
    assert cons.context == "RNN (단점을 자세히 보고 Transformer가 왜 나왔나 살펴보기)"
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
    assert by_kind == {"cloze": 2, "author": 4, "qa": 2, "definition": 1}
    cloze = [(c.front, c.back) for c in cards if c.kind == "cloze"]
    assert cloze == [
        ("Attention은 […]로 계산한다.", "query, key, value"),
        ("Transformer는 […]만으로 시퀀스를 처리한다.", "self-attention"),
    ]  # `GRU는 **update gate**와 ...`: bold is a cloze only where the note opts in
    author = [(c.front, c.back, c.reverse) for c in cards if c.kind == "author"]
    assert author == [
        ("Softmax의 출력 합은?", "1", False),
        ("LSTM", "Long Short-Term Memory", True),
        ("Backprop through time이란", "시간축으로 펼친 RNN에 역전파를 적용하는 것", False),
        ("Vanishing gradient", "기울기 소실", True),
    ]
    qa = [(c.front, c.back) for c in cards if c.kind == "qa"]
    assert qa == [("왜 tanh를 쓰나?", "출력이 -1과 1 사이라서"), ("두 번째 질문?", "두 번째 답")]


BOLD = """---
cloze_bold: true
---
# GRU

GRU는 **update gate**와 reset gate를 쓴다.
"""


def test_bold_clozes_when_the_note_opts_in() -> None:
    on = extract(parse_note(BOLD, "bold.md"))
    off = extract(parse_note(BOLD.replace("true", "false"), "bold.md"))
    assert [(c.front, c.back) for c in on] == [("GRU는 […]와 reset gate를 쓴다.", "update gate")]
    assert off == []


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


def test_quoted_speakers_are_no_terms_unless_kept() -> None:
    body = """# 대화

- "김지우": 안녕하세요 반가워요
- 캠퍼B: 저는 loss를 안 나눠서 한참 헤맸어요
- 캠퍼A: warmup 없이 시작했더니 loss가 nan이 났어요
- Query: 내가 지금 찾고 싶은 것
"""
    fronts = [c.front for c in extract(parse_note(body, "talk.md"))]
    assert fronts == ["Query"]
    kept = extract(parse_note("---\nkeep_personal: true\n---\n" + body, "talk.md"))
    assert [c.front for c in kept] == ['"김지우"', "캠퍼B", "캠퍼A", "Query"]


def test_a_clause_before_a_colon_is_no_term() -> None:
    body = (
        "# TCP\n\n- 데이터 경계를 구분하지 않음: 바이트 스트림 서비스\n- 흐름 제어: 속도를 맞춘다\n"
    )
    assert [c.front for c in extract(parse_note(body, "tcp.md"))] == ["흐름 제어"]


def test_lists_set_in_a_quote_are_read_as_lists() -> None:
    """Blog posts put whole sections in `>`: the block rules read the lists there too."""
    note = """# Key

> #### 무결성
>
> - **개체 무결성**
>   - 기본키를 구성하는 속성은 null값을 가질 수 없다.
> - **참조 무결성**
>   - 외래키는 참조 테이블의 기본키 값과 같아야 한다.
"""
    made = [(c.front, c.back) for c in extract(parse_note(note, "key.md"))]
    assert ("개체 무결성", "- 기본키를 구성하는 속성은 null값을 가질 수 없다.") in made
    assert ("참조 무결성", "- 외래키는 참조 테이블의 기본키 값과 같아야 한다.") in made


def test_fronts_that_differ_only_in_a_sign_are_not_numbered() -> None:
    note = "# 정책\n\n- FORCE: commit 때 반영하는 정책\n- ¬FORCE: commit 때 반영하지 않는 정책\n"
    made = extract(parse_note(note, "policy.md"))
    assert [c.front for c in made] == ["FORCE", "¬FORCE"]
    assert len({c.id for c in made}) == 2
