"""Sets in prose (rules/prose_set.py): `X는 A, B, C로 구성되어 있다 / 나뉜다` asks for the
members together; one member, a clause or no subject is no set."""

from __future__ import annotations

from studykit.cards.rules.prose_set import members


def test_parts_and_kinds_listed_in_a_sentence() -> None:
    parts = (
        "OSI 7 계층은 **물리 계층, 데이터 링크 계층, 네트워크 계층, 전송 계층**으로 구성되어 있다."
    )
    assert members(parts) == (
        "OSI 7 계층",
        "구성",
        ["물리 계층", "데이터 링크 계층", "네트워크 계층", "전송 계층"],
    )
    kinds = "**지역성**은 대표적으로 `시간적 지역성`, `공간적 지역성`, `순차적 지역성`으로 나뉜다."
    assert members(kinds) == ("지역성", "종류", ["시간적 지역성", "공간적 지역성", "순차적 지역성"])
    assert members("DBMS는 질의 처리기와 저장 시스템으로 구성된다.") == (
        "DBMS",
        "구성",
        ["질의 처리기", "저장 시스템"],
    )


def test_what_is_no_set() -> None:
    for sentence in (
        "표준 드롭아웃은 각 계층에서 노드의 일부를 제로화하는 것으로 구성됩니다.",
        "목적에 따라 두 가지 유형으로 나뉜다.",
        "이는 A, B로 나뉜다.",
        "요청은 서버에 보내고, 응답을 받은 뒤 처리하는 단계로 나뉜다.",
    ):
        assert members(sentence) is None, sentence


def test_kinds_a_thing_has() -> None:
    joins = "`Inner Join`에는 `Explicit Inner Join`과 `Implicit Inner Join`이 있다"
    assert members(joins) == ("Inner Join", "종류", ["Explicit Inner Join", "Implicit Inner Join"])
    norms = "**정규화** 방법에는 Batch Normalization, Min-Max Normalization 등이 있다."
    assert members(norms) == ("정규화", "종류", ["Batch Normalization", "Min-Max Normalization"])
