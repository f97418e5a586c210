"""The heading-definition rule: a term's heading followed directly by its definition."""

from __future__ import annotations

from helpers import block_rule_cards

from studykit.cards.rules import heading_definition
from studykit.cards.wording import heading_subject, heading_term


def cards(text: str) -> list[tuple[str, str]]:
    return [(card.front, card.back) for card in block_rule_cards(heading_definition.cards, text)]


def test_a_term_heading_over_a_definition_paragraph() -> None:
    definition = "학습할 때 이전 예측 대신 정답 토큰을 넣어주는 방법."
    note = f"# Lecture\n\n### Teacher forcing\n\n{definition}\n"
    assert cards(note) == [("Teacher forcing", definition)]


def test_remarks_dropped_and_expansions_kept() -> None:
    assert heading_subject("Attention (다시 볼 것!!)") == "Attention"
    assert heading_subject("1. Gradient Descent 복습") == "Gradient Descent"
    assert heading_subject("VAE (Variational Autoencoder)") == "VAE (Variational Autoencoder)"
    assert heading_subject("Early Stopping (제일 쉬움)") == "Early Stopping"
    assert heading_subject("[NLP] Seq2Seq") == "Seq2Seq"
    assert heading_subject("[ 캐시히트(Cache Hit) ]") == "캐시히트(Cache Hit)"
    assert heading_subject("피어세션") == ""


def test_what_is_not_a_term() -> None:
    for title in (
        "정리",
        "Summary",
        "실습",
        "오늘 배운 것",
        "PyTorch에서는?",
        "LSTM의 장점",
        "Exploding/Vanishing Gradient 문제",
        "Stride / Padding",
        "경사하강법으로 선형회귀",
        "조건부확률과 기계학습",
        "모델이 너무 크다",
    ):
        assert heading_term(title) is None, title


def test_paragraphs_that_are_not_definitions_give_no_card() -> None:
    for paragraph in (
        "cell state라는 고속도로를 뚫는다!",
        "오늘은 과제하다가 막힌 부분 위주로 정리.",
        "$z = (x+y)^2$ 라고 하면",
        "기계학습 문제는 대부분 확률분포를 명시적으로 모를 때가 많다.",
        "데이터 공간을 $X$ 라 하고, 분포를 $D$ 라고 한다.",
        "업데이트 식 $w \\leftarrow w - \\eta g$",
        "→ 이걸 해결해야 한다.",
    ):
        assert cards(f"## Term\n\n{paragraph}\n") == [], paragraph


def test_a_title_is_a_term_only_when_nothing_else_opens_its_paragraph() -> None:
    assert cards("# Loss Functions\n\n손실함수는 예측과 정답의 차이를 숫자로 나타낸 것.\n") == []
    assert cards("# Generative Models\n\n생성 모델 = 분포를 배워 샘플을 만드는 모델.\n") == []
    assert cards("# 선형대수 for ML\n\n피어세션에서 얘기가 나와서 다시 정리함.\n") == []
    links = "참고링크: [위키](https://a.example/w), [블로그](https://b.example/p)"
    note = f"# Greedy Algorithm\n\n{links}\n\n매 순간 최선의 선택을 하는 알고리즘이다.\n"
    assert cards(note) == [("Greedy Algorithm", "매 순간 최선의 선택을 하는 알고리즘이다.")]
    note = "# 순환(Recursion) 이란?\n\n- 자기 자신을 호출하는 함수\n"
    assert cards(note) == [("순환(Recursion)", "자기 자신을 호출하는 함수")]


def test_a_quote_or_a_bold_sentence_under_a_term_is_its_definition() -> None:
    note = "## 교착상태 (Deadlock)\n\n> 프로세스들이 서로가 가진 자원을 기다리며 block된 상태\n"
    assert cards(note) == [
        ("교착상태 (Deadlock)", "프로세스들이 서로가 가진 자원을 기다리며 block된 상태")
    ]
    note = "# 메모리 (Memory)\n**CPU가 직접 접근할 수 있는 기억장치**\n\n프로그램이 올라온다.\n"
    assert cards(note) == [("메모리 (Memory)", "CPU가 직접 접근할 수 있는 기억장치")]
    assert cards("## RNN\n\n**장점**\n\n- 가변 길이 입력\n") == []


def test_quotes_that_are_no_definition_give_no_card() -> None:
    for quote in (
        "> 작성자 : [서그림](https://github.com/Seogeurim)",
        "> [!note] 왜 정리하냐면\n> p-value 뜻을 거꾸로 알고 있었음",
        "> 배열 data에 정수 target이 있는지 검색한다.",
    ):
        assert cards(f"## 순차탐색\n\n{quote}\n") == [], quote
    assert cards("## 점근적 분석의 예: 상수 시간\n\n> n/2번째 데이터를 꺼내는 일\n") == []


def test_later_paragraphs_give_no_card() -> None:
    note = "## GAN\n\n$$\nx\n$$\n\n생성자와 판별자가 경쟁하며 학습하는 모델.\n"
    assert cards(note) == []


def test_a_reason_clause_subject_and_a_bold_subject() -> None:
    note = "### Positional Encoding\n\nSelf-attention은 순서를 모르니까 위치 정보를 더해준다.\n"
    assert cards(note)[0][0] == "Positional Encoding"
    note = "## RNN\n\n**Vanilla RNN**은 매 시점마다 같은 가중치를 공유한다.\n"
    assert cards(note)[0][0] == "Vanilla RNN"


def test_a_list_opening_with_a_statement() -> None:
    note = "## Bidirectional RNN\n\n- 정방향과 역방향 RNN을 돌려서 concat한다\n- 특징: 뒤쪽 문맥\n"
    assert cards(note) == [("Bidirectional RNN", "정방향과 역방향 RNN을 돌려서 concat한다")]
    assert cards("## LSTM\n\n- forget gate: 얼마나 버릴지\n- input gate: 얼마나 쓸지\n") == []
    assert cards("### Linux\n\n- **nohup**\n\n    세션이 끊겨도 돌게 한다\n") == []


def test_images_are_dropped_from_the_answer() -> None:
    note = "### Dropout\n\n뉴런을 확률 p로 끄는 방법이다.\n![](image.png)\n"
    assert cards(note) == [("Dropout", "뉴런을 확률 p로 끄는 방법이다.")]


def test_a_paragraph_naming_another_term_gives_no_card() -> None:
    note = "## 고유값 분해\n\n$Av = \\lambda v$ 인 벡터 $v$ 가 고유벡터, $\\lambda$ 가 고유값.\n"
    assert cards(note) == []
    note = "### Adagrad\n\n많이 변한 파라미터는 조금, 적게 변한 파라미터는 많이 업데이트한다.\n"
    assert cards(note)[0][0] == "Adagrad"


def test_a_first_line_that_is_no_definition_gives_no_card() -> None:
    announced = "# 강의\n\n### RNN\n\n이번 시간에는 RNN과 LSTM에 대해서 배우게 됩니다.\n"
    category = "# OS\n\n### FCFS(First Come First Served)\n\n비선점 스케줄링\n"
    assert cards(announced) == [] and cards(category) == []
    method = "# OS\n\n### FCFS(First Come First Served)\n\n먼저 온 프로세스를 먼저 처리하는 방법\n"
    assert cards(method) == [
        ("FCFS(First Come First Served)", "먼저 온 프로세스를 먼저 처리하는 방법")
    ]


def test_a_list_under_a_term_heading_answers_with_its_next_short_statements() -> None:
    text = """# Network

#### [7] 응용 계층 (Application Layer) : 데이터 단위 message | 프로토콜 HTTP

- 통신의 최종 목적지로, 응용 프로그램들이 통신으로 활용하는 계층이다.
- 사용자에게 가장 가까운 계층이다.
- 장점: 새 프로토콜 추가가 쉽다.
"""
    assert cards(text) == [
        (
            "응용 계층 (Application Layer)",
            "통신의 최종 목적지로, 응용 프로그램들이 통신으로 활용하는 계층이다.\n\n"
            "사용자에게 가장 가까운 계층이다.",
        )
    ]


def test_a_reason_is_no_definition() -> None:
    assert cards("## Greedy\n\n탐욕 알고리즘이라 불리는 이유는 현재만 보기 때문이다.\n") == []


def test_a_definition_in_bold_over_its_details_defines_the_heading() -> None:
    note = (
        "## 레지스터\n\n- **CPU가 요청을 처리하는 데 필요한 데이터를 잠시 저장하는 기억장치**\n"
        "    - CPU 안에 있다\n"
    )
    assert cards(note) == [
        (
            "레지스터",
            "CPU가 요청을 처리하는 데 필요한 데이터를 잠시 저장하는 기억장치\n\n- CPU 안에 있다",
        )
    ]


def test_a_textbooks_polite_telling_is_no_definition() -> None:
    told = "## 오버피팅 재검토\n\n특징이 많으면 선형 모델은 과적합되는 경향이 있습니다.\n"
    assert cards(told) == []
    said = "## 드롭아웃\n\n학습 중에 뉴런을 확률 p로 끄는 방법입니다.\n"
    assert cards(said) == [("드롭아웃", "학습 중에 뉴런을 확률 p로 끄는 방법입니다.")]


def test_a_title_over_a_paragraph_that_defines_another_term() -> None:
    assert cards("# OS\n\n스레드(Thread)란 프로세스 안의 실행 단위이다.\n") == []
