"""Definitions (rules/definition.py): `term: definition` on a block's first line, the
nested lines joined to the answer; the author's own question about a term asked with its
nested answer; a line of dialogue is no definition."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def definitions(text: str, head: str = "") -> list[tuple[str, str]]:
    made = extract(parse_note(f"{head}# 메모\n\n{text}\n", "note.md"))
    return [(c.front, c.back) for c in made if c.kind == "definition"]


def test_term_colon_definition_with_its_nested_lines() -> None:
    text = "- forget gate: 얼마나 잊을지 정한다\n    - sigmoid로 0과 1 사이"
    assert definitions(text) == [("forget gate", "얼마나 잊을지 정한다\n\n- sigmoid로 0과 1 사이")]


def test_the_authors_question_is_asked_with_the_nested_answer() -> None:
    text = "- Recurrent Neural Network : Recurrent하다?\n\n    → 자신의 output이 input으로 들어간다"
    assert definitions(text) == [
        ("Recurrent Neural Network — Recurrent하다?", "자신의 output이 input으로 들어간다")
    ]


def test_a_question_or_an_address_is_no_term() -> None:
    assert definitions("- 왜 그럴까?: 다음 줄에서") == []
    assert definitions("- 참고: https://example.com/page") == []


def test_dialogue_is_left_out_unless_the_note_keeps_it() -> None:
    line = '- "김지우": 안녕하세요'
    assert definitions(line) == []
    assert definitions(line, "---\nkeep_personal: true\n---\n") == [('"김지우"', "안녕하세요")]


def test_a_step_from_one_party_to_another_is_no_term() -> None:
    step = "1. **A**(CLOSED) **→ B**(LISTEN) **: SYN(a)**\n    - 프로세스 A가 연결 요청 메시지 전송"
    assert definitions(step) == []


def test_a_term_in_html_bold_is_read_without_its_tags() -> None:
    text = "- <b>SYN(Synchronize Sequence Number/000010)</b> : 연결 설정. 세션을 연결하는 데 사용"
    assert definitions(text) == [
        ("SYN(Synchronize Sequence Number/000010)", "연결 설정. 세션을 연결하는 데 사용")
    ]
    assert definitions("- 출력: 한 단어씩 생성 (`<SOS>` 로 시작)") == [
        ("메모 — 출력?", "한 단어씩 생성 (`<SOS>` 로 시작)")
    ]


def test_a_check_mark_and_bold_do_not_count_against_the_terms_length() -> None:
    text = "✓ **입출력 또는 이벤트 완료 (I/O or Event Completion)** : 준비 상태로 전환하는 것."
    assert definitions(text) == [
        ("입출력 또는 이벤트 완료 (I/O or Event Completion)", "준비 상태로 전환하는 것.")
    ]
