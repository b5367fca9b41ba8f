"""Reading files: encodings, line endings, mojibake, and what cannot be read."""

import pytest

from planlint.source import PlanReadError, decode, encode, repair_mojibake


def test_crlf_and_bom_keep_line_numbers():
    src = decode("\ufeff# Plan\r\n\r\n## Sprint 1\r\nline four\r\n".encode())
    assert src.bom
    assert src.lines == ("# Plan", "", "## Sprint 1", "line four")
    assert src.endings == ("\r\n",) * 4


def test_mixed_endings_are_written_back_as_they_were():
    data = b"a\r\nb\nc\rd"
    src = decode(data)
    assert src.lines == ("a", "b", "c", "d")
    assert encode(src, list(src.raw_lines)) == data


def test_empty_file_has_no_lines():
    assert decode(b"").lines == ()


def test_binary_is_refused_with_the_path():
    with pytest.raises(PlanReadError, match=r"^img.png: binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "img.png")


def test_invalid_utf8_names_the_line():
    with pytest.raises(PlanReadError, match=r"^plan.md:3: not UTF-8"):
        decode(b"# ok\nfine\nbad \xaf byte\n", "plan.md")


@pytest.mark.parametrize("garbled, meant", [
    ("- **Sprint A**: âœ… Foundation", "- **Sprint A**: ✅ Foundation"),   # cp1252
    ("## ðŸŽ¯ Sprint Objectives", "## 🎯 Sprint Objectives"),
    ("## âš\xa0ï¸ Risk Assessment", "## ⚠️ Risk Assessment"),           # cp1252 lost the 0x8F byte
    ("- **Target**: 6 agents Ã— 60 hours = 360", "- **Target**: 6 agents × 60 hours = 360"),
    ("# SomaAgent 01 ‚Äì Sprint Coordination Plan", "# SomaAgent 01 – Sprint Coordination Plan"),  # Mac Roman
])
def test_mojibake_is_read_as_meant(garbled, meant):
    assert repair_mojibake(garbled)[0] == meant


@pytest.mark.parametrize("clean", ["## 🎯 Sprint Objectives", "Critical → High", "Café — naïve résumé", "plain ascii"])
def test_clean_text_is_left_alone(clean):
    assert repair_mojibake(clean) == (clean, None)


def test_short_mojibake_is_repaired_once_the_document_shows_its_encoding():
    src = decode("# SomaAgent 01 ‚Äì Plan\nA ‚Üí B\n".encode())
    assert src.lines == ("# SomaAgent 01 – Plan", "A → B")
    assert set(src.repaired) == {1, 2}


def test_short_arrow_alone_is_not_guessed():
    # without other evidence of Mac Roman, "‚Üí" could be real text; it stays
    assert decode("A ‚Üí B\n".encode()).lines == ("A ‚Üí B",)
