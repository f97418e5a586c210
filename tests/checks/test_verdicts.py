"""Verdicts say what the code showed, on two notes in the user's style whose checks are
written as a student who believes each claim would write them: a failed assertion refutes
its reading, any other error is a failure, `expect=refute` changes only what is expected,
and `studykit check` exits 1 on any surprise. Each check runs in a process of its own, so the
verdicts are the same whatever the order or the subset, under `studykit check` and pytest."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DATA

from studykit.cli.main import cli

NOTES = DATA / "checks"
DAY12, DAY13 = "2024-08-21-boostcamp-day012.md", "2024-08-22-boostcamp-day013.md"

CHECKS = {
    "활성화-함수::sigmoid-range": "verified",
    "활성화-함수::tanh-range": "refuted",
    "활성화-함수::softmax-shift": "verified",
    "활성화-함수::relu-positive": "verified",
    "활성화-함수::relu-everywhere": "refuted",
    "gru-vs-lstm::gru-more-params": "refuted",
    "gru-vs-lstm::gru-output-is-h": "verified",
    "dropout::dropout-zeroes": "verified",
    "dropout::dropout-eval-scales": "refuted",
    "batch-norm::bn-train-batch-stats": "verified",
    "batch-norm::bn-eval-batch-stats": "refuted",
    "weight-decay::decay-sgd": "verified",
    "weight-decay::decay-adamw": "refuted",
}
"""Each check of the two notes: did its reading of its claim hold?"""

CLAIMS = {
    "sigmoid의 출력은 0과 1 사이다.": "verified",
    "tanh의 출력도 0과 1 사이다.": "refuted",
    "softmax는 입력에 상수를 더해도 결과가 같다.": "verified",
    "ReLU는 vanishing gradient 문제가 없다.": "partly",
    "GRU는 LSTM보다 파라미터가 많다.": "refuted",
    "GRU의 hidden state는 출력과 같다.": "verified",
    "dropout은 학습 때 일부 뉴런을 0으로 만든다.": "verified",
    "dropout은 추론 때 출력에 p를 곱한다.": "refuted",
    "Batch norm은 학습 때 배치의 평균과 분산으로 정규화한다.": "verified",
    "Batch norm은 추론 때도 배치 통계를 쓴다.": "refuted",
    "weight decay는 L2 정규화와 같다.": "partly",
}
FALSE = [c for c, v in CLAIMS.items() if v != "verified"]


def check(folder: Path, *args: str):
    return CliRunner().invoke(cli, ["--notes", str(folder), "check", *args])


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]], int]:
    """The two notes copied and checked once: (folder, `check --json`, exit code)."""
    folder = tmp_path_factory.mktemp("verdicts") / "notes"
    shutil.copytree(NOTES, folder)
    done = check(folder, "--json")
    return folder, json.loads(done.stdout), done.exit_code


def test_a_failed_assertion_refutes_and_surprises(checked) -> None:
    _, rows, code = checked
    assert {r["check"]: r["verdict"] for r in rows} == CHECKS
    assert {r["claim"]: r["claim_verdict"] for r in rows} == CLAIMS
    assert code == 1  # refutations nobody expected
    gru = next(r for r in rows if r["check"].endswith("gru-more-params"))
    assert "AssertionError: assert 18816 > 25088" in gru["detail"]


def test_two_claims_of_one_paragraph_stay_two(checked) -> None:
    _, rows, _ = checked
    sigmoid, tanh = (
        next(r for r in rows if r["check"].endswith(n)) for n in ("sigmoid-range", "tanh-range")
    )
    assert sigmoid["claim_line"] == tanh["claim_line"] == 8  # one line, two claims
    assert (sigmoid["claim_verdict"], tanh["claim_verdict"]) == ("verified", "refuted")


def one_note(tmp_path: Path, text: str) -> Path:
    """A notes folder holding one note, `n.md`, with this text."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "n.md").write_text(text, encoding="utf-8")
    return folder


def test_expected_refutations_exit_zero_and_a_surprise_exits_one(tmp_path: Path) -> None:
    folder = one_note(
        tmp_path,
        "# T\n\n- 2는 홀수다.\n\n```python check name=odd expect=refute\nassert 2 % 2 == 1\n```\n\n"
        "- 2는 짝수다.\n\n```python check name=even\nassert 2 % 2 == 0\n```\n",
    )
    note = folder / "n.md"
    done = check(folder, "--json")
    assert done.exit_code == 0, done.output
    assert {r["check"]: r["verdict"] for r in json.loads(done.stdout)} == {
        "t::odd": "refuted",
        "t::even": "verified",
    }
    note.write_text(note.read_text("utf-8").replace("assert 2 % 2 == 1", "assert 3 % 2 == 1"))
    held = check(folder, "--json")  # an expected refutation that held: a surprise
    assert held.exit_code == 1
    assert {r["check"]: r["verdict"] for r in json.loads(held.stdout)}["t::odd"] == "verified"
    note.write_text(note.read_text("utf-8").replace("assert 2 % 2 == 0", "assert 2 % 0 == 0"))
    broke = check(folder, "--json")  # an error other than an assertion: failed
    verdicts = {r["check"]: r["verdict"] for r in json.loads(broke.stdout)}
    assert broke.exit_code == 1 and verdicts["t::even"] == "failed"


def test_a_claim_edited_out_goes_stale_and_stale_shows_over_failed(tmp_path: Path) -> None:
    folder = one_note(
        tmp_path,
        "# T\n\n1 더하기 1은 2다. 2 더하기 2는 5다.\n\n"
        '```python check name=two claim="1 더하기 1은 2다."\n'
        'assert 1 + 1 == 2\n```\n\n```python check name=four claim="2 더하기 2는 5다."\n'
        'assert 2 + 2 == 5\n```\n\n```python check name=broken claim="2 더하기 2는 5다."\n'
        "raise RuntimeError('no')\n```\n",
    )
    note = folder / "n.md"
    check(folder)
    before = {
        r["check"]: r["claim_verdict"]
        for r in json.loads(check(folder, "--changed", "--json").stdout)
    }
    assert before == {"t::two": "verified", "t::four": "failed", "t::broken": "failed"}
    note.write_text(
        note.read_text("utf-8").replace("1 더하기 1은 2다. 2 더하기 2는 5다.", "고쳤다.")
    )
    shown = CliRunner().invoke(cli, ["--notes", str(folder), "show", "n", "--claims", "--no-pager"])
    assert "? stale" in shown.output
    assert "✓ verified" not in shown.output and "! check failed" not in shown.output
    rows = json.loads(check(folder, "--changed", "--json").stdout)
    assert {r["claim_verdict"] for r in rows} == {"stale"}  # re-run, yet the text is gone


# Checks isolated: a note that changes every global state a check can reach, and one that
# asserts each is as a fresh interpreter has it.

POLLUTE = """\
# 바꾸기

- 전역 상태를 바꾼다.

```python setup
import os, random, sys, warnings, json
import numpy as np
import torch
torch.set_default_dtype(torch.float64)
torch.set_grad_enabled(False)
torch.set_num_threads(1 if torch.get_num_threads() != 1 else 2)
torch.backends.cudnn.deterministic = True
torch.set_printoptions(precision=1)
np.seterr(all="raise")
warnings.simplefilter("error")
os.chdir("/")
sys.path.insert(0, "/nowhere")
os.environ["STUDYKIT_LEAK"] = "1"
json.leaked = True
```

```python check name=changed
torch.use_deterministic_algorithms(True)  # here only: it imports torch's compiler (2 s)
assert torch.get_default_dtype() == torch.float64
```

```python check name=fresh-again
# the setup runs again in a process of its own: no second insert
assert sys.path.count("/nowhere") == 1
```
"""

DEFAULTS = """\
# 기본값

- softmax는 입력에 상수를 더해도 결과가 같다.

```python check name=softmax-shift
# float32, c = 1000: the shift costs about 1e-4 of each input
import torch
x = torch.randn(6)
assert not torch.allclose(torch.softmax(x + 1000, 0), torch.softmax(x, 0), atol=0, rtol=1e-9)
assert torch.allclose(torch.softmax(x + 1000, 0), torch.softmax(x, 0), atol=1e-3)
```

- 모든 상태는 처음 그대로다.

```python check name=defaults
import json, os, sys, warnings
import numpy as np
import torch
assert torch.get_default_dtype() == torch.float32
assert torch.is_grad_enabled()
assert torch.get_num_threads() == int(os.environ["EXPECTED_THREADS"])
assert not torch.are_deterministic_algorithms_enabled()
assert not torch.backends.cudnn.deterministic
assert torch._tensor_str.PRINT_OPTS.precision == 4
assert np.geterr()["divide"] == "warn"
assert not any(f[0] == "error" for f in warnings.filters)
assert os.getcwd() != "/" and "/nowhere" not in sys.path
assert "STUDYKIT_LEAK" not in os.environ and not hasattr(json, "leaked")
```
"""


@pytest.fixture(scope="module")
def two_notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("isolated") / "notes"
    folder.mkdir()
    (folder / "a-pollute.md").write_text(POLLUTE, encoding="utf-8")
    (folder / "b-defaults.md").write_text(DEFAULTS, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def fresh_threads() -> str:
    """torch's thread count in a fresh interpreter."""
    found = subprocess.run(
        [sys.executable, "-c", "import torch; print(torch.get_num_threads())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return found.stdout.strip()


@pytest.fixture(autouse=True)
def threads(monkeypatch: pytest.MonkeyPatch, fresh_threads: str) -> None:
    monkeypatch.setenv("EXPECTED_THREADS", fresh_threads)


ISOLATED = {
    "바꾸기::changed": "verified",
    "바꾸기::fresh-again": "verified",
    "기본값::softmax-shift": "verified",
    "기본값::defaults": "verified",
}


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a"), ("b",)])
def test_the_same_verdicts_in_any_order_under_check(
    two_notes: Path, order: tuple[str, ...]
) -> None:
    files = {"a": two_notes / "a-pollute.md", "b": two_notes / "b-defaults.md"}
    done = check(two_notes, "--json", *(str(files[n]) for n in order))
    assert done.exit_code == 0, done.output
    found = {r["check"]: r["verdict"] for r in json.loads(done.stdout)}
    assert found == {
        k: v for k, v in ISOLATED.items() if any(k.startswith(p) for p in _topics(order))
    }


def _topics(order: tuple[str, ...]) -> list[str]:
    return [{"a": "바꾸기", "b": "기본값"}[n] for n in order]


@pytest.mark.parametrize(
    "targets",
    [
        ["a-pollute.md", "b-defaults.md"],
        ["a-pollute.md::바꾸기::changed", "b-defaults.md::기본값::defaults", "a-pollute.md"],
    ],
)
def test_the_same_verdicts_in_any_order_under_pytest(two_notes: Path, targets: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *targets],
        capture_output=True, text=True, cwd=two_notes,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    assert "failed" not in done.stdout


def test_the_users_note_beside_the_two_notes_keeps_their_verdicts(tmp_path: Path) -> None:
    """The user's note sets float64 in its setup; checked first, it changes nothing after it."""
    from helpers import USER_NOTE

    folder = tmp_path / "notes"
    shutil.copytree(NOTES, folder)
    shutil.copy(USER_NOTE, folder / "0-user.md")
    (folder / "b-defaults.md").write_text(DEFAULTS, encoding="utf-8")
    rows = json.loads(check(folder, "--json").stdout)
    found = {r["check"]: r["verdict"] for r in rows}
    assert {k: found[k] for k in CHECKS} == CHECKS
    assert found["기본값::defaults"] == found["기본값::softmax-shift"] == "verified"


COMPARISONS = """\
# 비교

```python check name=torch-close
import torch
a = torch.zeros(2, 3)
b = a.clone()
b[1, 2] = 0.5
assert torch.allclose(a, b)
```

```python check name=torch-equal
import torch
assert torch.equal(torch.ones(3, dtype=torch.float64), torch.ones(4))
```

```python check name=np-close
import numpy as np
x = np.array([1.0, 2.0, 3.0])
for scale in (1.0, 1.1):
    assert np.allclose(x, x * scale, rtol=1e-3)
```

```python check name=np-equal
import numpy as np
assert np.array_equal(np.arange(4), np.array([0, 1, 2, 4]))
```
"""


def test_tensor_and_array_failures_say_where_they_differ(pytester: pytest.Pytester) -> None:
    pytester.makefile(".md", comparisons=COMPARISONS)
    out = pytester.runpytest("-q").stdout.str()
    assert (
        "AssertionError: torch.allclose(a, b): shapes (2, 3) and (2, 3), dtypes torch.float32 "
        "and torch.float32; 1 of 6 elements differ beyond rtol=1e-05, atol=1e-08; largest "
        "absolute difference 0.5 at (1, 2) (0 vs 0.5); largest relative difference 1 at (1, 2)"
    ) in out
    assert (
        "torch.equal(torch.ones(3, dtype=torch.float64), torch.ones(4)): shapes (3,) and (4,), "
        "dtypes torch.float64 and torch.float32: the shapes do not broadcast"
    ) in out
    assert (
        "np.allclose(x, x * scale, rtol=0.001): shapes (3,) and (3,), dtypes float64 and "
        "float64; 3 of 3 elements differ beyond rtol=0.001, atol=1e-08; largest absolute "
        "difference 0.3 at (2,) (3 vs 3.3)"
    ) in out
    assert (
        "np.array_equal(np.arange(4), np.array([0, 1, 2, 4])): shapes (4,) and (4,), dtypes "
        "int64 and int64; 1 of 4 elements differ; largest absolute difference 1 at (3,) (3 vs 4)"
    ) in out
