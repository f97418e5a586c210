"""The table rule: one card per row and per column after the first."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import table
from studykit.cards.rules.table import split_row


def cards(text: str) -> list[tuple[str, str, int]]:
    return [(card.front, card.back, card.line) for card in block_rule_cards(table.cards, text)]


def test_one_card_per_filled_cell() -> None:
    note = (
        "## 비교\n\n| 모델 | gate 수 | 언제 중요? |\n| --- | --- | --- |\n"
        "| **LSTM** | 3개 | 긴 시퀀스 |\n| GRU | 2개 | - |\n"
    )
    assert cards(note) == [
        ("LSTM — gate 수?", "3개", 5),
        ("LSTM — 언제 중요?", "긴 시퀀스", 5),
        ("GRU — gate 수?", "2개", 6),
    ]


def test_pipes_inside_math_and_code_do_not_split() -> None:
    assert split_row("| MAE | $|y - \\hat{y}|$ | `a|b` |") == ["MAE", "$|y - \\hat{y}|$", "`a|b`"]
    note = "| 함수 | 식 |\n| --- | --- |\n| MAE | $|y - \\hat{y}|$ |\n"
    assert cards(note) == [("MAE — 식?", "$|y - \\hat{y}|$", 3)]


def test_tables_that_give_no_card() -> None:
    cross = "|  | 실제 P | 실제 N |\n| --- | --- | --- |\n| 예측 P | TP | FP |\n"
    log = "| 설정 | train acc | val acc |\n| --- | --- | --- |\n| baseline | 99.1 | 70.3 |\n"
    numbered = "| # | 이름 |\n| --- | --- |\n| 1 | LSTM |\n| 2 | GRU |\n"
    single = "| 용어 |\n| --- |\n| LSTM |\n"
    for text in (cross, log, numbered, single):
        assert cards(text) == [], text


def test_degrees_marks_and_repeated_values_are_no_cards() -> None:
    text = """# Memory

|명칭|위치|접근속도|휘발성여부|
|---|---|---|---|
|레지스터|CPU 내부|가장 빠름|휘발성|
|캐시|CPU 내부|빠름|휘발성|
|하드 디스크|CPU 직접 접근 불가|낮음|비휘발성|
"""
    assert [(f, b) for f, b, _ in cards(text)] == [
        ("레지스터 — 접근속도?", "가장 빠름"),
        ("하드 디스크 — 위치?", "CPU 직접 접근 불가"),
        ("하드 디스크 — 휘발성여부?", "비휘발성"),
    ]


def test_example_records_and_remarks_are_no_cards() -> None:
    records = """# Key

| 회원 아이디 | 비밀번호 | 주민등록번호 |
| --- | --- | --- |
| malang123 | abc123 | 900101-1xxxxxx |
| marin | sdf90djfng | 900103-1xxxxxx |
"""
    assert cards(records) == []
    remarks = """# 섹터

| 구분 | 크기 | 비고 |
|------|------|------|
| 전통적 섹터 | 512 B | 2010년 이전 HDD 표준 |
| 4Kn | 4096 B | 최신 HDD/SSD 다수 |
"""
    assert [front for front, _, _ in cards(remarks)] == ["전통적 섹터 — 크기?", "4Kn — 크기?"]
