"""The `studykit` commands, through click's runner and through a real terminal."""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from pathlib import Path

import pexpect
import pytest
from click.testing import CliRunner
from helpers import DATA, NOTES, ROOT, USER_NOTE

from studykit.cli.main import cli

SLUG = "2024-08-14-boostcamp-day008"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["--notes", str(NOTES), *args], env=env)


def test_notes_table() -> None:
    result = run("notes")
    assert result.exit_code == 0, result.output
    assert "<Day008> Naver" in result.output and "2024-08-14" in result.output


def test_notes_json() -> None:
    result = run("notes", "--json")
    (note,) = json.loads(result.output)
    assert note["slug"] == SLUG and note["topics"] == 7
    assert note["tags"] == ["Naver Boostcamp", "daily report"]
    assert note["meta"]["layout"] == "post"


def test_notes_folder_from_argument_and_environment(tmp_path: Path) -> None:
    shutil.copy(DATA / "2024-09-01-nested.md", tmp_path)
    by_arg = CliRunner().invoke(cli, ["notes", "--json", str(tmp_path)])
    by_env = CliRunner().invoke(cli, ["notes", "--json"], env={"STUDYKIT_NOTES": str(tmp_path)})
    assert json.loads(by_arg.output)[0]["title"] == "Nested lists"
    assert by_env.output == by_arg.output


def test_default_folder_is_dot_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["topics", "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 7


def test_topics_tree_and_json() -> None:
    lines = USER_NOTE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    start, end = lines.index("### QnA") + 1, len(lines)  # the last topic runs to the end
    tree = run("topics")
    assert f"└── QnA #qna L{start}-{end}" in tree.output
    topics = json.loads(run("topics", "--json").output)
    qna = next(t for t in topics if t["title"] == "QnA")
    assert qna == {
        "id": f"{SLUG}#qna",
        "note": USER_NOTE.name,
        "title": "QnA",
        "level": 3,
        "parent": f"{SLUG}#마스터클래스_김수경-마스터",
        "tags": ["Naver Boostcamp", "daily report"],
        "date": "2024-08-14",
        "line": start,
        "end": end,
    }


def test_topics_filters() -> None:
    only_note = json.loads(
        CliRunner().invoke(cli, ["topics", str(DATA), "--note", "nested", "--json"]).stdout
    )
    assert [t["id"] for t in only_note] == ["2024-09-01-nested#lists"]
    tagged = CliRunner().invoke(cli, ["topics", str(DATA), "--tag", "KOREAN", "--json"])
    assert [t["title"] for t in json.loads(tagged.stdout)] == ["장점과 단점 #korean"]
    assert tagged.exit_code == 0  # its broken front matter only warns: the note is read
    assert run("topics", "--tag", "nothing", "--json").output.strip() == "[]"


def test_show_renders_math_and_korean() -> None:
    result = run("show", "day008#rnn")
    assert result.exit_code == 0
    assert "### RNN (단점을 자세히 보고 Transformer가 왜 나왔나 살펴보기)" in result.output
    assert "hₜ = f_w(h_(t−1), xₜ)" in result.output
    assert "장점:" in result.output and "LSTM" not in result.output.split("단점:")[0]


def test_show_topic_includes_subtopics_only() -> None:
    output = run("show", "day008#마스터클래스").output
    assert "### QnA" in output and "### LSTM" not in output
    assert "캠퍼들에게 하고싶은 말" in output


def test_show_renders_aside_details_table_and_code() -> None:
    result = CliRunner().invoke(cli, ["--notes", str(DATA), "show", "edge-no-front-matter"])
    out = result.output
    assert "╭─ 정답 보기" in out and "Hidden answer here." in out
    assert "순환 신경망" in out and "σ(W_f ⋅ [hₜ₋₁, xₜ] + b_f)" in out
    assert "▸ check demo" in out and "assert 1 + 1 == 2" not in out  # a check's code folds
    checks = ["--notes", str(DATA), "show", "edge-no-front-matter", "--checks"]
    assert "assert 1 + 1 == 2" in CliRunner().invoke(cli, checks).output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["notes", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "notes folder not found" in missing.output
    unknown = run("show", "no-such-note")
    assert unknown.exit_code == 2 and "no note matches 'no-such-note'" in unknown.output
    bad_option = run("topics", "--bogus")
    assert bad_option.exit_code == 2


def test_skipped_note_exits_1_and_names_file_and_line(tmp_path: Path) -> None:
    shutil.copy(USER_NOTE, tmp_path)
    (tmp_path / "bad.md").write_bytes(b"# ok\n\nfine \xff here\n")
    result = CliRunner().invoke(cli, ["notes", "--json", str(tmp_path)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)[0]["slug"] == SLUG
    assert f"skipped {tmp_path}/bad.md:3: invalid UTF-8" in result.stderr


def test_broken_front_matter_is_a_warning_and_the_note_is_listed(tmp_path: Path) -> None:
    shutil.copy(DATA / "broken-front-matter.md", tmp_path)
    result = CliRunner().invoke(cli, ["notes", "--json", str(tmp_path)])
    assert result.exit_code == 0
    assert [n["slug"] for n in json.loads(result.stdout)] == ["broken-front-matter"]
    assert f"warning {tmp_path}/broken-front-matter.md:1: the `---` block" in result.stderr


def test_korean_table_columns_line_up() -> None:
    """Wide Hangul takes two cells: every row of the rendered table has the same width."""
    result = CliRunner().invoke(
        cli, ["--notes", str(DATA), "show", "edge-no-front-matter#code-and-tables"]
    )
    rows = [line for line in result.output.splitlines() if "순환" in line or "━━" in line]
    assert len(rows) >= 2
    widths = {sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in r) for r in rows}
    assert len(widths) == 1, rows


def studykit_in_terminal(*args: str, rows: int = 24, cols: int = 80) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm", "PAGER": "less", "LESS": "-R"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        sys.executable,
        ["-m", "studykit", "--notes", str(NOTES), *args],
        env=env,
        dimensions=(rows, cols),
        encoding="utf-8",
        timeout=20,
    )


@pytest.mark.skipif(shutil.which("less") is None, reason="the pager test needs `less`")
def test_long_note_opens_in_pager_in_a_real_terminal() -> None:
    child = studykit_in_terminal("show", "day008", rows=20)
    child.expect("RNN")
    child.expect(r"\n:|\(END\)|lines \d")  # less waits at its prompt instead of exiting
    assert child.isalive()
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_short_topic_prints_without_pager_in_a_real_terminal() -> None:
    child = studykit_in_terminal("show", "day008#피어세션", rows=40)
    child.expect("정규방정식")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
