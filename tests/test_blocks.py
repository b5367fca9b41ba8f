"""Blocks carry the exact lines they stand on."""

import pytest

from planlint.blocks import parse_blocks


def blocks_of(text):
    return parse_blocks(text.split("\n"))


def test_lines_of_headings_lists_and_tables():
    text = "# T\n\n## Sprint 1\n- [ ] a\n  - b\n- [x] c\n\n| Risk | Impact |\n|---|---|\n| r1 | High |\n| r2 | Low |\n"
    blocks = blocks_of(text)
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [
        ("heading", 1, 1), ("heading", 3, 3), ("list", 4, 6), ("table", 8, 11)]
    items = blocks[2].items
    assert [(i.line, i.depth, i.checked, i.text) for i in items] == [
        (4, 0, False, "a"), (5, 1, None, "b"), (6, 0, True, "c")]
    assert [(r.line, r.cells) for r in blocks[3].rows] == [(10, ["r1", "High"]), (11, ["r2", "Low"])]


def test_heading_inside_a_fence_is_not_a_heading():
    blocks = blocks_of("# Title\n```bash\n# Spawn agent\npython x.py\n```\n## Sprint 2\n")
    assert [(b.kind, b.line) for b in blocks] == [("heading", 1), ("code", 2), ("heading", 6)]


def test_heading_right_after_a_list_keeps_its_own_line():
    blocks = blocks_of("- [ ] a\n- [ ] b\n#### Next\ntext\n")
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [("list", 1, 2), ("heading", 3, 3), ("paragraph", 4, 4)]


def test_list_interrupting_a_paragraph():
    blocks = blocks_of("**Key Deliverables**: 9 items\n- one\n- two\n")
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [("paragraph", 1, 1), ("list", 2, 3)]


def test_setext_heading_line_is_its_text_line():
    blocks = blocks_of("intro\n\nSprint 3\n========\n\nbody\n")
    assert [(b.kind, b.line) for b in blocks] == [("paragraph", 1), ("heading", 3), ("paragraph", 6)]


TRICKY_LISTS = [
    "1) first\n- second kind\n- more\n",
    "1. item\n  - indented less than the content\n   - deeper\n",
    "- a\n\n  continued after a blank\n- b\n\nparagraph after\n",
    "- a\nlazy continuation\n# heading ends it\n",
    "text\n2. cannot interrupt a paragraph\n1. can\n",
    "- a\n* * *\n- b\n",
    "- a\n> quote ends it\n",
    "- a\n```\ncode\n```\n",
    "- a\n\n\n- b after two blanks\n",
    "* star\n+ plus\n- dash\n",
    "- [ ] task\n    - [x] nested\n\t- tabbed\n| a | b |\n|---|---|\n| 1 | 2 |\n",
]


def _shape(lines, fast):
    return [(b.kind, b.line, b.end_line, [(i.line, i.depth) for i in b.items]) for b in parse_blocks(lines, fast)]


@pytest.mark.parametrize("text", TRICKY_LISTS)
def test_fast_list_extent_equals_mistune(text):
    lines = text.split("\n")
    assert _shape(lines, True) == _shape(lines, False)


def test_fast_list_extent_equals_mistune_on_real_plans():
    from conftest import CORPUS, SEEDS
    from planlint.source import PlanReadError, read_source

    paths = list(SEEDS.glob("*.md")) + list((CORPUS / "docs").glob("*.md")) + list((CORPUS / "histories").glob("*/*.md"))
    checked = 0
    for path in paths:
        try:
            lines = read_source(path).lines
        except PlanReadError:
            continue
        assert _shape(lines, True) == _shape(lines, False), path.name
        checked += 1
    assert checked >= 5


def test_a_comment_only_line_does_not_split_a_table_or_a_list():
    text = ("| Task | Hours |\n|---|---|\n| API | 20h |\n<!-- planlint-disable-next-line PL202 -->\n| **Total** | 30h |\n\n"
            "- [ ] a\n<!-- a note --> <!-- and another -->\n- [ ] b\n")
    blocks = blocks_of(text)
    assert [(b.kind, b.line, b.end_line) for b in blocks] == [("table", 1, 5), ("list", 7, 9)]
    assert [(r.line, r.cells) for r in blocks[0].rows] == [(3, ["API", "20h"]), (5, ["**Total**", "30h"])]
    assert [(i.line, i.text) for i in blocks[1].items] == [(7, "a"), (9, "b")]
    fenced = blocks_of("```\n<!-- code -->\n```\ntext\n")
    assert [(b.kind, b.line, b.end_line) for b in fenced] == [("code", 1, 3), ("paragraph", 4, 4)]
