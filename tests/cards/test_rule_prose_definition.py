"""Definitions in prose (rules/prose_definition.py): the forms blog posts and lectures use,
and the sentences that look like them but are examples, opinions or narratives."""

from __future__ import annotations

import pytest

from studykit.cards.rules.prose_definition import definition, pointed


@pytest.mark.parametrize(
    ("sentence", "term", "answer"),
    [
        (
            "Q는 Query라고 하며, 조사(질문)하고 싶은 대상이다.",
            "Q (Query)",
            "조사(질문)하고 싶은 대상이다.",
        ),
        (
            "Scaled 과정은 Gradient Vanishing을 예방하기 위한 조치이다.",
            "Scaled 과정",
            "Gradient Vanishing을 예방하기 위한 조치이다.",
        ),
        (
            "트랜잭션은 데이터베이스의 상태를 바꾸는 하나의 논리적인 작업단위다.",
            "트랜잭션",
            "데이터베이스의 상태를 바꾸는 하나의 논리적인 작업단위다.",
        ),
        ("이때 기다려 주는 epoch 수를 patience라고 한다.", "patience", "기다려 주는 epoch 수"),
        (
            "교착 상태란 두 프로세스가 서로의 자원을 기다리며 멈춘 상태를 말한다.",
            "교착 상태",
            "두 프로세스가 서로의 자원을 기다리며 멈춘 상태를 말한다.",
        ),
        (
            "오버피팅은 모델이 학습 데이터에만 맞춰진 현상을 의미한다.",
            "오버피팅",
            "모델이 학습 데이터에만 맞춰진 현상을 의미한다.",
        ),
        (
            "precision과 recall은 **trade-off** 관계다.",
            "precision과 recall",
            "**trade-off** 관계다.",
        ),
        (
            "그래서 Adam에 weight decay를 제대로 적용하려고 나온 게 **AdamW**다.",
            "AdamW",
            "Adam에 weight decay를 제대로 적용하려고 나온 것",
        ),
        (
            "A semaphore is a variable that controls access to a shared resource.",
            "semaphore",
            "a variable that controls access to a shared resource.",
        ),
        ("클러스터의 남는 영역을 슬랙이라 한다.", "슬랙", "클러스터의 남는 영역"),
        ("OSI 7 계층이란, ISO에서 개발한 모델이다.", "OSI 7 계층", "ISO에서 개발한 모델이다."),
        (
            "생성 모델 = 데이터의 분포를 학습해서 새 샘플을 만드는 모델.",
            "생성 모델",
            "데이터의 분포를 학습해서 새 샘플을 만드는 모델.",
        ),
    ],
)
def test_definitions_in_prose(sentence: str, term: str, answer: str) -> None:
    assert definition(sentence) == (term, answer)


@pytest.mark.parametrize(
    "sentence",
    [
        "예를 들어 RNN은 입력을 순서대로 처리하는 모델이다.",  # an example
        "Transformer는 정말 좋은 모델인 것 같다.",  # an opinion
        "어제 본 논문은 꽤 어려운 내용이었다.",  # a narrative, in the past
        "나는 이 방법이 가장 좋은 방법이다.",  # the author in the first person
        "이것은 가장 중요한 부분이다.",  # a pronoun is no term
        "RNN은 입력을 순서대로 처리한다.",  # a verb, not a noun phrase
        "이 방법은 느리다.",  # an adjective
        "모르는 걸 모른다고 말하는 게 제일 빨리 느는 방법이다.",  # 는 of a modifier
        "작은 배치는 flat minimizer에 수렴하는 경향이다.",  # 은 of a modifier
        "트랜잭션이란 무엇인가?",  # a question
        "It is a model that reads text.",  # a pronoun
        "Tensorflow는 Define-and-Run인 반면에, Pytorch는 Define-by-Run이다.",  # two compared
        "일부 연구자들은 테스트 시 드롭아웃을 사용합니다.",  # a polite verb
        "데이터가 있는 경우를 적중(hit), 없는 경우를 실패(miss)라고 한다.",  # two named
    ],
)
def test_what_is_no_definition(sentence: str) -> None:
    assert definition(sentence) is None


def test_a_name_given_to_what_the_sentence_before_said() -> None:
    before = "(클라이언트는 일정 시간동안 세션을 남겨놓고 패킷을 기다린다."
    assert pointed("이를 TIME_WAIT 상태라고 한다.)", before) == (
        "TIME_WAIT 상태",
        "클라이언트는 일정 시간동안 세션을 남겨놓고 패킷을 기다린다",
    )
    said = "CPU가 여러 프로세스를 돌아가면서 처리하는 데 이 과정을 Context Switching라 한다."
    assert pointed(said, "") == (
        "Context Switching",
        "CPU가 여러 프로세스를 돌아가면서 처리하는 것",
    )
    assert pointed("이를 이상이라고 한다.", "예를 들어 값이 중복된다.") is None  # an example
    assert pointed("이를 X라고 한다.", "") is None  # nothing to point at
