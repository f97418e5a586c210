"""Q&A pairs (rules/qa.py): `Q.` paragraphs and bold `**Q. ...**` lines; small talk dropped."""

from __future__ import annotations

from studykit.cards.extract import extract
from studykit.notes.parse import parse_note


def qa(text: str) -> list[tuple[str, str]]:
    return [(c.front, c.back) for c in extract(parse_note(text, "note.md")) if c.kind == "qa"]


def test_bold_question_line() -> None:
    text = "# 멘토링\n\n**Q. TTA는 꼭 해야 하나요?**\n\n추론 때 여러 번 변형해서 평균 낸다.\n"
    assert qa(text) == [("TTA는 꼭 해야 하나요?", "추론 때 여러 번 변형해서 평균 낸다.")]


def test_small_talk_is_dropped() -> None:
    text = """# 멘토링

Q. 다음 멘토링은 언제인가요?

A. 다음주 목요일 저녁 8시!

Q. 팀은 요즘 뭐 하세요?

A. 그건 비밀이라서... 다음에 얘기하자 ㅋㅋ

Q. 앙상블은 언제 하나요?

A. 단일 모델을 충분히 올린 다음에 한다!
"""
    assert qa(text) == [("앙상블은 언제 하나요?", "단일 모델을 충분히 올린 다음에 한다!")]


def test_heading_questions_with_the_answer_below() -> None:
    text = """# 면접 대비

### Q. 트랜잭션(transaction)

A. 데이터베이스의 상태를 바꾸는 하나의 논리적인 작업단위다.

### 1. 프로세스란?

실행 중인 프로그램이다.

### 질문

교착 상태의 네 가지 조건은 무엇인가요?

- 상호 배제
- 점유 대기

## 왜 ReLU를 쓰나요?

양수 구간에서 기울기가 1이라 vanishing gradient가 덜하다.

## PyTorch에서는?

autograd가 다 해준다.
"""
    assert qa(text) == [
        ("트랜잭션(transaction)", "데이터베이스의 상태를 바꾸는 하나의 논리적인 작업단위다."),
        ("프로세스란?", "실행 중인 프로그램이다."),
        ("교착 상태의 네 가지 조건은 무엇인가요?", "- 상호 배제\n- 점유 대기"),
        ("왜 ReLU를 쓰나요?", "양수 구간에서 기울기가 1이라 vanishing gradient가 덜하다."),
    ]


TALK = """# 마스터클래스

### QnA

Q. 많은 전공을 하신 이유 why?

A. 연봉이 높은 머신러닝으로 전향하게 되었다.

Q. 미국대학원 유학, 어떤 것을 준비하면 좋을까

A. 페이퍼가 한두 개는 있어야 한다.

Q. 비디오 분야 어떻게 발전 ?

A. Visual Transformer를 요새 주로 쓰는 추세이다.

Q. XAI 분야 관련

A. 도메인마다 평가방법이 다를 것 같다.

Q. 함수들의 수식을 보면서 어려움을 겪고 있다.

A. 엔지니어링은 개발을 잘하면 된다.

Q. 실험 관리는 어떻게 하셨나요?

A. wandb로 config랑 metric을 전부 남겼다.

Q. 비전공자인데 수학을 어디까지 해야 할까요?

A. 선형대수, 확률, 미분 정도면 충분하다고 생각한다.
"""


def test_personal_questions_are_left_out_and_practice_stays() -> None:
    assert [front for front, _ in qa(TALK)] == [
        "실험 관리는 어떻게 하셨나요?",
        "비전공자인데 수학을 어디까지 해야 할까요?",
    ]


def test_front_matter_keeps_personal_questions() -> None:
    kept = qa("---\nkeep_personal: true\n---\n" + TALK)
    assert len(kept) == 7 and kept[0][0] == "많은 전공을 하신 이유 why?"


def test_markers_in_bold_and_without_a_stop() -> None:
    text = (
        "**Q1** 로드밸런싱이란?\n> **A1** 트래픽을 적절히 분산해주는 기술입니다.\n\n"
        "**Q2** 라운드로빈의 장점?\n> **_A2._** 알고리즘이 간단합니다.\n"
    )
    assert qa(text) == [
        ("로드밸런싱이란?", "트래픽을 적절히 분산해주는 기술입니다."),
        ("라운드로빈의 장점?", "알고리즘이 간단합니다."),
    ]
    assert qa("Q3 없는 질문\n\n답이 아니다.\n") == []  # no stop and no `?`: no question
