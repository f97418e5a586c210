"""Claim coverage on notes whose checkable claims are marked by hand: the user's note (each
sentence read and marked), and a note of claims and of what is not one (questions,
opinions, forecasts, advice, remarks)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from helpers import DATA, ORIGINAL_NOTE, USER_NOTE

from studykit import accounts
from studykit.checks.coverage import of_file
from studykit.cli.main import cli
from studykit.config import Settings, default_db
from studykit.db import open_store
from studykit.web.app import create_app

USER_CLAIMS = {
    "→ 자신의 output이 자신의 input으로 들어간다는 것이다.": True,
    ("중요한 특징: RNN은 시퀀스 안의 각각 단어들을 같은 weight 파라미터로 처리한다."): True,
    "다양한 길이의 input(가변적 길이)이 들어와도 x_t로 쪼개서 처리한다.": True,
    (
        "병렬화(x_1, x_2, x_3 한번에 넣을 수 없)가 "
        "힘들다.(↔ sequential : 하나하나 들어가서 차례대로 처리)"
    ): True,
    "1) vanishing gradient 문제 (기울기 소실)": True,
    "2) long-range dependece (장거리 의존성) 모델링의 실패문제": True,
    ("(→ 1)과 2)를 보완한 LSTM과 GRU → 긴 시퀀스 처리에 문제 → Attention model 생겨남)"): False,
    (
        "Many-to-many(input과 output크기가 같은) RNN은 "
        "입/출력 길이가 다르면 문제가 생긴다.(→ Seq2eq model이 생겨남)"
    ): True,
    ("RNN의 x_t에서 output(y_t hat)에서 loss를 계산하고 backpropagation을 수행한다."): True,
    (
        "h_t에서 h_t-1로 backprop시 발생하는 W_hh는 t번 곱해진다 → Exploding문제와 Vanishing문제"
    ): True,
    (
        "activation함수인 tanh가 미분되면 엄청 크거나 작은 "
        "값에서 기울기가 0이되어  vanishing gradients 문제 발생"
    ): True,
    ("💡 x가 정확히 1이 아닌 한(weight가 1인 아닌 한) x^k는 발산하거나 0으로 수렴한다."): True,
    "RNN에서의 k는 input sequence이다!(weight가 다 같기 때문)": True,
    (
        "fully connected 과정(W_xh를 x_t와 곱하고, W_hh를 h_t-1과 "
        "곱하여 더하는 과정)에서 backprop할때 W를 너무 많이 곱하게 되어 문제가 발생한다."
    ): True,
    ("fully connected를 통과하지 않아도 전의 정보가 다음 정보로 흘러갈 수 있게 다."): True,
    "forget gate: 얼마나 잊어버릴 지를 컨트롤": True,
    "input gate: 얼마나 기억할 지를 컨트롤": True,
    (
        "output gate: x_t, h_t, c_t를 combination해서 현재 상태를 얼마나 output 보낼건 지를 커트롤"
    ): True,
    "⇒ RNN에서 long-term memory를 기억하지 못하는 단점을 보완했다.": True,
    "→ 문장이 길 때 더 잘 저장 가능": True,
    "ex) forget gate = 1 :하나도 안 잊는다": True,
    "input gate = 0 : 모두 다 기억한다.": True,
    "RNN과 똑같이 작동하게 할 수 있다.": True,
    "→ h state를 두갈래로 나눠서 하나는 cell state처럼 쓰자.": True,
    "LSTM과 거의 같은 방식으로 vanishing 문제 해결": True,
    "적은 파라미터→ 더 빠른 계산과 LSTM보다 가볍게 시퀀스 모델링": True,
    "Least Square ~ 정규방정식": True,
}
"""The user's note, read sentence by sentence: each claim code can check, and whether a check
backs it. Not claims: headings and labels, `Recurrent하다?`, `cell state(c_t)라는 고속도로를
뚫는다!` (an image), `k는? neural network의 depth이다.` (a question and its answer), what
papers say, advice (`→ 이과정을 해결해야한다!`) and the master class's answers (opinions
and forecasts about careers)."""

MIXED = """\
# Attention

Attention은 query와 key의 내적으로 weight를 계산한다.

Transformer는 RNN보다 병렬화가 쉽다.

Attention이 요즘 가장 인기 있는 것 같다.

Transformer를 꼭 공부해야 한다.

GPT는 앞으로 더 커질 것이다.

Self-attention은 왜 쓰나?

softmax의 출력 합은 1이다.

오늘 Transformer 강의를 들었다.

Q. 어떤 논문부터 읽으면 좋을까요? A. CNN보다 Attention is all you need를 먼저 읽어라.

A. Transformer 기반 모델이 RNN보다 더 빨리 학습된다고 생각한다.

- layer norm은 각 샘플의 feature 평균과 분산으로 정규화한다
"""
MIXED_CLAIMS = [
    "Attention은 query와 key의 내적으로 weight를 계산한다.",
    "Transformer는 RNN보다 병렬화가 쉽다.",
    "softmax의 출력 합은 1이다.",
    "layer norm은 각 샘플의 feature 평균과 분산으로 정규화한다",
]
"""Marked by hand: a mechanism, a comparison, a quantity, a mechanism. Not claims: an
opinion, advice, a forecast, a question, a remark on the day, an interview's Q and A."""


def test_the_users_note_as_marked_by_hand() -> None:
    found = of_file(USER_NOTE, USER_NOTE.name)
    assert {s.text: s.checked for s in found.sentences} == USER_CLAIMS
    assert (found.covered, len(found.sentences)) == (26, 27)
    before = of_file(ORIGINAL_NOTE, "original")  # the note as the user wrote it: no check
    assert before.covered == 0 and len(before.sentences) == 26  # the same, unchecked


def test_claims_and_what_is_not_one(tmp_path: Path) -> None:
    note = tmp_path / "attention.md"
    note.write_text(MIXED, encoding="utf-8")
    found = of_file(note, "attention.md")
    assert [s.text for s in found.sentences] == MIXED_CLAIMS
    assert found.share == 0 and found.summary()["unchecked"][1]["kinds"] == ["comparison"]


def test_the_two_notes_are_fully_checked() -> None:
    for file in sorted((DATA / "checks").glob("*.md")):
        found = of_file(file, file.name)
        assert found.share == 1 and len(found.sentences) in (5, 6)


def test_check_coverage_lists_what_no_check_backs(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / USER_NOTE.name).write_bytes(USER_NOTE.read_bytes())
    (folder / "attention.md").write_text(MIXED, encoding="utf-8")
    shown = CliRunner().invoke(cli, ["--notes", str(folder), "check", "--coverage"])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert f"{USER_NOTE.name}: 26 of 27 checkable sentences checked (96%)" in text
    assert "L85 (→ 1)과 2)를 보완한 LSTM과 GRU" in text
    assert "attention.md: 0 of 4 checkable sentences checked (0%) #attention L3 Attention은" in text
    rows = json.loads(
        CliRunner().invoke(cli, ["--notes", str(folder), "check", "--coverage", "--json"]).stdout
    )
    assert [(r["note"], r["checked"], r["checkable"]) for r in rows] == [
        (USER_NOTE.name, 26, 27),
        ("attention.md", 0, 4),
    ]


def test_the_note_page_says_its_coverage(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / USER_NOTE.name).write_bytes(USER_NOTE.read_bytes())
    with open_store() as db:
        token = accounts.add_user(db, "ana")
    app = create_app(Settings(folder, tmp_path / "q", default_db()))
    with TestClient(app) as client:
        page = client.get(
            "/notes/2024-08-14-boostcamp-day008", headers={"Authorization": f"Bearer {token}"}
        )
    assert "Claim coverage: 26 of 27 checkable sentences have a check (96%)" in page.text
