"""Blocks carry the exact lines they stand on."""

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
