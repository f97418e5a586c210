"""Sets (rules/term_set.py): a list of N explained terms under a name that says it is a set
asks for the N names."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import term_set


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(term_set.cards, text)]


def test_a_heading_over_explained_terms() -> None:
    text = """# DB

#### 트랜잭션 특징

- 원자성(Atomicity)

  > 모두 반영되거나 전혀 반영되지 않아야 된다.

- 일관성(Consistency)

  > 작업 처리 결과는 항상 일관성 있어야 한다.
"""
    assert cards(text) == [("트랜잭션 특징 — 2가지?", "- 원자성(Atomicity)\n- 일관성(Consistency)")]


def test_keyed_items_under_a_label_and_a_set_of_sets() -> None:
    text = """# OS

### CPU 스케줄링의 종류

- 비선점 스케줄링
    1. FCFS
        - 도착한 순서대로
    2. SJF
        - 짧은 것부터
- 선점 스케줄링
    1. Round Robin
        - 같은 시간만큼

교착 상태 발생 조건:

- 상호 배제: 한 번에 한 프로세스만
- 점유 대기: 가진 채로 기다린다
"""
    assert cards(text) == [
        ("CPU 스케줄링의 종류 — 2가지?", "- 비선점 스케줄링\n- 선점 스케줄링"),
        ("비선점 스케줄링의 종류 — 2가지?", "- FCFS\n- SJF"),
        ("교착 상태 발생 조건 — 2가지?", "- 상호 배제\n- 점유 대기"),
    ]


def test_no_set_of_aspects_comparisons_or_tips() -> None:
    aspects = "# X\n\n### Anchor box 특징\n\n- 장점\n    - 빠르다\n- 단점\n    - 튜닝\n"
    compared = "# X\n\n### SVD랑 차이\n\n- 고유값 분해: 정방행렬\n- SVD: 아무 행렬\n"
    tips = "# X\n\n### numpy\n\n- broadcasting: 모양을 맞춘다\n- axis: 방향\n"
    assert cards(aspects) == cards(compared) == cards(tips) == []


def test_a_heading_over_numbered_member_headings() -> None:
    from studykit.cards.extract import extract
    from studykit.notes.parse import parse_note

    text = """# 교착상태

### ✔️ Point 1 : Deadlock 발생의 2가지 조건

### 1) Mutual exclusion (상호 배제)

- 매 순간 하나의 프로세스만이 자원을 사용할 수 있음

### 2) No preemption (비선점)

- 강제로 빼앗기지 않음

### 3. 다음 절

### 4. 그 다음 절
"""
    sets = [(c.front, c.back) for c in extract(parse_note(text, "d.md")) if c.kind == "list"]
    assert sets == [
        ("Deadlock 발생의 2가지 조건?", "- Mutual exclusion (상호 배제)\n- No preemption (비선점)")
    ]
