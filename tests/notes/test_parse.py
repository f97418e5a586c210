"""The parser on the user's own note and on notes written for each edge case."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest
from helpers import DATA, ORIGINAL_NOTE, USER_NOTE

from studykit.errors import NoteError
from studykit.notes.model import Block, Note, Topic
from studykit.notes.parse import decode, parse_note
from studykit.text import slugify

SLUG = "2024-08-14-boostcamp-day008"


@pytest.fixture
def note(user_note_text: str) -> Note:
    return parse_note(user_note_text, USER_NOTE.name)


def topic(note: Note, title_start: str) -> Topic:
    return next(t for t in note.topics if t.title.startswith(title_start))


def blocks(topic: Topic) -> list[Block]:
    return [b for top in topic.blocks for b in top.walk()]


def test_user_note_is_kept_as_the_user_wrote_it() -> None:
    """The bundled note holds every line the user wrote, in order; what was added are only
    the fenced `python check` / `python setup` blocks under the claims they test."""
    original = ORIGINAL_NOTE.read_bytes()
    assert hashlib.sha256(original).hexdigest() == (
        "6fe03a05024819f63dd7fd73c3e7d6cac34f2dff13b021fe757af59c7956b4f6"
    )
    shared = USER_NOTE.parents[2] / "shared" / "user-notes" / USER_NOTE.name
    if shared.exists():
        assert original == shared.read_bytes()
    theirs = original.decode("utf-8").split("\n")
    bundled = USER_NOTE.read_text(encoding="utf-8").split("\n")
    kept, in_fence, openers = 0, False, []
    for line in bundled:
        if not in_fence and kept < len(theirs) and line == theirs[kept]:
            kept += 1
        elif line.startswith("```"):
            if not in_fence:
                openers.append(line)
            in_fence = not in_fence
        else:  # an added line: code inside an added fence, or a blank line around one
            assert in_fence or not line.strip(), line
    assert kept == len(theirs) and not in_fence
    assert len(openers) == 40  # 37 checks, 3 setup blocks
    assert all(f.startswith(("```python check ", "```python setup")) for f in openers)


def test_front_matter(note: Note) -> None:
    assert note.title == "<Day008> Naver Boostcamp AI Tech"
    assert note.date == "2024-08-14"
    assert note.tags == ["Naver Boostcamp", "daily report"]
    assert note.layout == "post"
    assert note.slug == SLUG
    assert note.lines == 162


def test_topic_tree(note: Note) -> None:
    outline = [(t.title, t.level, t.line, t.end) for t in note.topics]
    assert outline == [
        ("RNN (단점을 자세히 보고 Transformer가 왜 나왔나 살펴보기)", 3, 7, 33),
        ("1) Exploding/Vanishing Gradient 문제", 3, 35, 53),
        ("LSTM", 3, 55, 75),
        ("GRU", 3, 77, 84),
        ("피어세션", 2, 86, 89),
        ("마스터클래스_김수경 마스터", 2, 91, 162),
        ("QnA", 3, 92, 162),
    ]
    qna, master = topic(note, "QnA"), topic(note, "마스터클래스")
    assert qna.parent == master.id == f"{SLUG}#마스터클래스_김수경-마스터"
    assert topic(note, "1) Exploding").id == f"{SLUG}#1-explodingvanishing-gradient-문제"
    assert all(t.tags == ["Naver Boostcamp", "daily report"] for t in note.topics)
    assert note.subtree(master) == [master, qna]


def test_heading_lines_point_at_the_headings(note: Note, user_lines: list[str]) -> None:
    for t in note.topics:
        assert user_lines[t.line - 1].lstrip("#").strip() == t.title


def test_labelled_lists_under_rnn(note: Note) -> None:
    rnn = topic(note, "RNN")
    labelled = {b.label: b for b in rnn.blocks if b.kind == "list" and b.label}
    assert set(labelled) == {"장점", "단점"}
    assert [i.text for i in labelled["장점"].children] == [
        "다양한 길이의 input(가변적 길이)이 들어와도 x_t로 쪼개서 처리한다."
    ]
    cons = [i.text for i in labelled["단점"].children]
    assert cons[1:3] == [
        "1) vanishing gradient 문제 (기울기 소실)",
        "2) long-range dependece (장거리 의존성) 모델링의 실패문제",
    ]
    assert len(cons) == 4
    assert (labelled["장점"].line, labelled["단점"].line, labelled["단점"].end) == (21, 25, 31)
    follow_up = labelled["단점"].children[2].children[0]
    assert follow_up.kind == "paragraph" and follow_up.line == 29


def test_math_block(note: Note) -> None:
    math = topic(note, "RNN").blocks[0]
    assert (math.kind, math.text, math.line, math.end) == ("math", "h_t = f_w(h_(t-1), x_t)", 9, 11)


def test_aside_content_is_parsed(note: Note, user_lines: list[str]) -> None:
    aside = next(b for b in topic(note, "1) Exploding").blocks if b.kind == "html")
    assert (aside.info, aside.line, aside.end) == ("aside", 44, 49)
    (inner,) = aside.children
    assert inner.kind == "paragraph" and (inner.line, inner.end) == (45, 47)
    assert inner.text.startswith("💡 x가 정확히 1이 아닌 한")
    assert "RNN에서의 k는 input sequence이다!" in inner.text
    assert user_lines[inner.line - 1].startswith("💡")


def test_lstm_definitions_and_bold_label(note: Note) -> None:
    gates = [b.text for b in blocks(topic(note, "LSTM")) if b.kind == "item"][:3]
    assert gates[0] == "forget gate: 얼마나 잊어버릴 지를 컨트롤"
    qna = topic(note, "QnA")
    label = next(b for b in qna.blocks if b.kind == "label")
    assert (label.text, label.info, label.line) == ("캠퍼들에게 하고싶은 말", "**", 160)
    assert qna.blocks[-1].label == "캠퍼들에게 하고싶은 말"


def test_qna_paragraphs_keep_their_lines(note: Note, user_lines: list[str]) -> None:
    questions = [b for b in topic(note, "QnA").blocks if b.text.startswith("Q.")]
    assert len(questions) == 10
    for q in questions:
        assert user_lines[q.line - 1].startswith(q.text.splitlines()[0])


def test_every_block_line_is_inside_its_topic(note: Note) -> None:
    for t in note.topics:
        for b in blocks(t):
            assert t.line <= b.line <= b.end <= t.end, (t.id, b)


# --- notes written for the edge cases -------------------------------------------------------


def parse_file(name: str) -> Note:
    return parse_note(decode((DATA / name).read_bytes(), name), name)


def test_note_without_front_matter() -> None:
    note = parse_file("edge-no-front-matter.md")
    assert note.title == "Heading One"
    assert note.date is None and note.meta == {}
    intro = note.topics[0]
    assert (intro.id, intro.level, intro.title, intro.tags) == (
        "edge-no-front-matter",
        0,
        "Heading One",
        ["intro-tag"],
    )
    ids = [t.id.partition("#")[2] for t in note.topics[1:]]
    assert ids == ["heading-one", "repeated", "repeated-1", "장점과-단점-korean", "code-and-tables"]
    assert next(t for t in note.topics if "korean" in t.tags).level == 3


def test_every_kind_of_block() -> None:
    note = parse_file("edge-no-front-matter.md")
    found = {b.kind: b for t in note.topics for b in blocks(t)}
    assert set(found) >= {"paragraph", "label", "list", "item", "math", "code", "table"}
    assert {"quote", "html", "hr"} <= set(found)
    code = [b for t in note.topics for b in blocks(t) if b.kind == "code"]
    assert (code[0].info, code[0].line, code[0].end) == ("python check name=demo", 30, 32)
    assert code[1].info == "" and code[1].text == "indented code\n"
    table = found["table"]
    assert (table.line, table.end) == (36, 39) and "| RNN | 순환 신경망 |" in table.text
    details = next(b for t in note.topics for b in t.blocks if b.info == "details")
    assert details.text == "정답 보기"
    assert [b.kind for b in details.children] == ["paragraph", "list"]
    assert details.children[0].line == 49
    quote = found["quote"]
    assert [b.kind for b in quote.children] == ["paragraph", "list"]
    assert found["math"].text.startswith(r"\sigma(W_f")


def test_labels_with_space_before_colon_and_bold_labels() -> None:
    note = parse_file("edge-no-front-matter.md")
    pros = next(t for t in note.topics if t.title.startswith("장점과"))
    labels = [(b.text, b.info) for b in pros.blocks if b.kind == "label"]
    assert labels == [("장점", ":"), ("단점", ":"), ("Bold pseudo heading", "**")]
    lists = [b for b in pros.blocks if b.kind == "list"]
    assert [b.label for b in lists] == ["장점", "단점"]
    assert pros.blocks[-1].label == "Bold pseudo heading"


def test_nested_lists_and_string_tags() -> None:
    note = parse_file("2024-09-01-nested.md")
    assert note.tags == ["rnn", "lstm"] and note.meta["custom_key"] == "kept"
    assert note.date == "2024-09-01"
    outer = note.topics[0].blocks[0]
    first = outer.children[0]
    assert (outer.info, first.info, first.text) == ("ordered", "1.", "one")
    deepest = first.children[0].children[0].children[0].children[0]
    assert (deepest.text, deepest.line, deepest.end) == ("one.a.i\ndeeper text", 10, 11)


def test_crlf_and_decomposed_hangul_become_nfc() -> None:
    note = parse_file("crlf-nfd.md")
    (t,) = note.topics
    assert t.title == "Windows 한글" and unicodedata.is_normalized("NFC", t.title)
    assert t.id == "crlf-nfd#windows-한글"
    assert (t.line, t.blocks[0].line) == (4, 6)


def test_byte_order_mark_is_dropped() -> None:
    assert parse_file("bom.md").title == "BOM heading"


def test_broken_front_matter_loses_nothing_and_warns_with_its_line() -> None:
    note = parse_file("broken-front-matter.md")
    assert note.meta == {} and note.warnings == [
        "1: the `---` block is not front matter (line 4: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 3)): read as Markdown, `---` as a "
        "thematic break"
    ]
    assert [t.title for t in note.topics if t.level][-1] == "Never parsed"  # body kept


def test_an_opening_rule_is_a_thematic_break_and_the_body_is_carded() -> None:
    """A note opening with `---` and another `---` far below is Markdown, not metadata."""
    text = (
        "---\n\n## 교착 상태\n\n- 상호 배제: 한 번에 한 프로세스만 자원을 쓴다\n\n---\n\n## 다음\n"
    )
    note = parse_note(text, "rule.md")
    assert note.warnings and note.warnings[0].startswith("1: the `---` block is not front matter")
    assert [t.title for t in note.topics if t.level] == ["교착 상태", "다음"]
    assert note.topics[1].blocks[0].kind == "list" and note.topics[1].blocks[0].line == 5


@pytest.mark.parametrize(
    "text",
    [
        "---\n- a\n- b\n---\n# x\n",  # a list, not a mapping
        "---\ndate: 2024-13-45\n---\n# x\n",  # a date YAML refuses
        "---\njust a sentence\n---\n# x\n",  # a scalar
    ],
)
def test_front_matter_that_is_no_mapping_is_read_as_markdown(text: str) -> None:
    note = parse_note(text, "odd.md")
    assert note.meta == {} and len(note.warnings) == 1
    assert "x" in [t.title for t in note.topics]


def test_good_front_matter_gives_no_warning() -> None:
    assert parse_note("---\ntitle: T\n---\n# x\n", "ok.md").warnings == []


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"# ok\n\nfine \xff\xfe here\n", 3, "invalid UTF-8 (byte 0xff)"),
        (b"# png?\n\x89PNG\x00\x00", 2, "binary file"),
        (b"", 1, "empty note"),
        (b"  \n\n", 1, "empty note"),
    ],
)
def test_bad_input_names_file_and_line(data: bytes, line: int, message: str) -> None:
    with pytest.raises(NoteError) as caught:
        parse_note(decode(data, "bad.md"), "bad.md")
    assert caught.value.line == line
    assert message in caught.value.message


def test_deeply_nested_lists_are_refused_with_their_line() -> None:
    text = "# deep\n\n" + "".join("  " * i + "- level\n" for i in range(60))
    with pytest.raises(NoteError) as caught:
        parse_note(text, "deep.md")
    assert "nested more than" in caught.value.message
    assert caught.value.line == 3 + 30


def test_thirty_levels_still_parse() -> None:
    text = "# ok\n\n" + "".join("  " * i + "- level\n" for i in range(30))
    note = parse_note(text, "ok.md")
    assert sum(1 for b in note.topics[0].blocks[0].walk() if b.kind == "item") == 30


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("1) Exploding/Vanishing Gradient 문제", "1-explodingvanishing-gradient-문제"),
        ("마스터클래스_김수경 마스터", "마스터클래스_김수경-마스터"),
        ("RNN (단점을 자세히 보고 Transformer가 왜 나왔나 살펴보기)", None),
        ("???", "section"),
        ("Q&A: 질문과 답", "qa-질문과-답"),
    ],
)
def test_korean_safe_slugs(heading: str, slug: str | None) -> None:
    result = slugify(heading)
    assert result == (slug or "rnn-단점을-자세히-보고-transformer가-왜-나왔나-살펴보기")
    assert slugify(unicodedata.normalize("NFD", heading)) == result


def test_containers_nested_on_one_line() -> None:
    (outer,) = parse_note("<aside><aside>\n안쪽\n</aside>\n</aside>\n", "x.md").topics[0].blocks
    (inner,) = outer.children
    assert (outer.line, outer.end, inner.line, inner.end) == (1, 4, 1, 3)
    assert inner.children[0].text == "안쪽"
