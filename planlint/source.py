"""Reading a plan file: bytes to lines, with BOM, CRLF and mojibake handled.

Line numbers everywhere in planlint are those of the file as it is on disk; mojibake is
repaired line by line so the repaired text has exactly the same lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

BOM = "\ufeff"
# cp1252 has no character for byte 0x8F, so text mis-decoded from UTF-8 through cp1252
# loses the last byte of U+FE0F (EF B8 8F) and keeps "ï¸". Restoring the byte lets ftfy
# undo the whole sequence ("âš ï¸" -> "⚠️").
_LOST_VS16 = re.compile("\u00ef\u00b8(?!\u008f)")
_LINE_END = re.compile("(\r\n|\r|\n)")
# UTF-8 read as cp1252 / Latin-1 turns a lead byte into one of Â..ô followed by a
# continuation byte's character; read as Mac Roman, into ‚ √ ¬  followed by one of
# Mac Roman's upper half. A line without such a pair has no mojibake, and ftfy (slow to
# import) is not needed for it.
_SUSPECT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u201a\u221a\u00ac\uf8ff][\u00c4\u00c5\u00c7\u00c9\u00d1\u00d6\u00dc\u00e0-\u00fc\u2020\u00b0-\u00b6"
    "\u00df\u00ae\u00a9\u2122\u00b4\u00a8\u2260\u00c6\u00d8\u221e\u00b1\u2264\u2265\u00a5\u00b5\u2202"
    "\u2211\u220f\u03c0\u222b\u00aa\u00ba\u03a9\u00e6\u00f8\u00a2\u00a3\u00a7\u2022]"
)


class PlanReadError(Exception):
    """A file planlint cannot read as a plan; the message names the file and why."""


@dataclass(frozen=True)
class Source:
    path: str
    raw_lines: tuple[str, ...]  # as in the file, without line endings
    lines: tuple[str, ...]  # mojibake repaired; same count as raw_lines
    endings: tuple[str, ...] = ()  # each line's ending as in the file ("\r\n", "\n", "")
    bom: bool = False
    repaired: dict[int, str] = field(default_factory=dict)  # 1-based line -> raw text

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""


def repair_mojibake(line: str) -> tuple[str, str | None]:
    """The text a mis-decoded line was meant to be, and the encoding it was mis-decoded
    through (None when the line is fine)."""
    if line.isascii() or not _SUSPECT.search(line):
        return line, None
    import ftfy.badness

    if not ftfy.badness.is_bad(line):
        return line, None
    import ftfy

    candidate = _LOST_VS16.sub("\u00ef\u00b8\u008f", line)
    fixed = ftfy.fix_and_explain(candidate)
    if fixed.text == candidate:
        return line, None
    encoding = next((p for step, p in fixed.explanation or () if step == "encode"), None)
    return fixed.text, encoding


def _redecode(line: str, encodings: set[str]) -> str:
    """Short mojibake ftfy cannot tell from real text ("‚Üí" for "→") is repaired once
    the same document has shown which encoding garbled it."""
    for encoding in encodings:
        try:
            fixed = line.encode(encoding).decode("utf-8")
        except (UnicodeError, LookupError):
            continue
        if fixed != line:
            return fixed
    return line


def decode(data: bytes, path: str = "<text>") -> Source:
    if b"\x00" in data:  # anywhere: a NUL after the first 8 KB is no more text than one before
        raise PlanReadError(f"{path}: binary file, not a Markdown plan")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PlanReadError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
            "re-save the file as UTF-8"
        ) from None
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    parts = _LINE_END.split(text)
    raw = parts[0::2]
    endings = parts[1::2] + [""]
    if raw and raw[-1] == "":
        raw.pop()
        endings.pop()
    lines = list(raw)
    encodings: set[str] = set()
    for number, line in enumerate(raw):
        fixed, encoding = repair_mojibake(line)
        if encoding:
            lines[number] = fixed
            encodings.add(encoding)
    if encodings:
        for number, line in enumerate(lines):
            if line is raw[number] and not line.isascii():
                lines[number] = _redecode(line, encodings)
    repaired = {n + 1: raw[n] for n in range(len(raw)) if lines[n] != raw[n]}
    return Source(path, tuple(raw), tuple(lines), tuple(endings), bom, repaired)


def encode(source: Source, lines: list[str]) -> bytes:
    """The file's bytes with `lines` in place of its lines: same endings, same BOM."""
    body = "".join(line + ending for line, ending in zip(lines, source.endings))
    return (BOM if source.bom else "").encode("utf-8") + body.encode("utf-8")


def read_source(path: str | Path) -> Source:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise PlanReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PlanReadError(f"{path}: is a directory") from None
    except OSError as exc:
        raise PlanReadError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(data, str(path))


# a fence may be indented as deep as the list item it stands in
_FENCE = re.compile(r"^[ \t]*+(`{3,}|~{3,})")


def outside_fences(lines, first: int = 1):
    """(line number, text) of the lines outside fenced code blocks; the fence lines
    themselves are left out. A fence closes only with the same character, at least as
    many times, and nothing after it (CommonMark), so a ``` line inside a ~~~ block is
    code."""
    fence = None
    for number, line in enumerate(lines, first):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line[m.end():].strip():
                fence = None
            continue
        if m and not (m.group(1)[0] == "`" and "`" in line[m.end():]):
            fence = m.group(1)
            continue
        yield number, line


_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _blank(text: str) -> str:
    return " " * len(text)


def prose_lines(lines):
    """(line number, text) for every line outside fenced code, with inline code spans
    and HTML comments replaced by spaces so that columns stay those of the file."""
    in_comment = False
    for number, line in outside_fences(lines):
        out = []
        pos = 0
        while pos < len(line):
            if in_comment:
                end = line.find("-->", pos)
                if end < 0:
                    out.append(_blank(line[pos:]))
                    pos = len(line)
                else:
                    out.append(_blank(line[pos:end + 3]))
                    pos = end + 3
                    in_comment = False
            else:
                start = line.find("<!--", pos)
                if start < 0:
                    out.append(line[pos:])
                    pos = len(line)
                else:
                    out.append(line[pos:start])
                    pos = start
                    in_comment = True
        text = _CODE_SPAN.sub(lambda c: _blank(c.group(0)), "".join(out))
        yield number, text
