"""Markdown blocks with their source lines: mistune's block pass, plus list items and
table rows mapped to the exact lines they stand on.

mistune does not record positions, so the block parser notes the cursor at which each
top-level token starts; a token ends where the next one starts. Inline Markdown is left
as written (the recognisers read it); that also keeps the pass cheap.

A line that holds only HTML comments (a suppression comment, a note) is left out of
the block pass, so that it cannot end a table or a list it stands in; line numbers
stay those of the file.
"""

from __future__ import annotations

import bisect
import re
import string
from dataclasses import dataclass, field

import mistune
from mistune.block_parser import BlockParser

from .source import outside_fences

_ITEM = re.compile(r" {0,3}([-*+]|\d{1,9}[.)])(?:[ \t]|\n|$)")
_BREAK = re.compile(r" {0,3}((\*[ \t]*){3,}|(-[ \t]*){3,}|(_[ \t]*){3,})\n?$")
_BLOCK_START = re.compile(r" {0,3}(#{1,6}(?:[ \t]|\n|$)|```|~~~|>|<[a-zA-Z!/?])")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[([ xX~-])\](?:[ \t]+|$))?(.*)$")
_COMMENT_ONLY = re.compile(r" {0,3}(<!--.*?-->[ \t]*)+")


@dataclass
class ListItem:
    line: int
    depth: int  # 0 for top-level items
    text: str  # the item's text, continuation lines joined with spaces
    checked: bool | None  # None when the item has no checkbox
    ordered: bool
    end_line: int = 0


@dataclass
class TableRow:
    line: int
    cells: list[str]


@dataclass
class Block:
    kind: str  # heading, paragraph, list, table, code, html, quote, rule, blank
    line: int
    end_line: int
    text: str = ""  # heading or paragraph text, Markdown left in
    level: int = 0  # heading level
    items: list[ListItem] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)


class _PositionedParser(BlockParser):
    fast_lists = True  # tests compare with mistune's own list parser (False)

    def parse_method(self, m, state):
        before = len(state.tokens)
        result = super().parse_method(m, state)
        if state.parent is None:
            for token in state.tokens[before:]:
                token.setdefault("_pos", m.start())
        return result

    def parse_list(self, m, state):
        """The extent of a top-level list, without parsing inside its items (planlint
        reads items from their lines). Nested states keep mistune's own parser."""
        if state.parent is not None or not self.fast_lists:
            return super().parse_list(m, state)
        first = state.get_line(m.start())
        item = _ITEM.match(first)
        last = state.last_token()
        if item and last and last["type"] == "paragraph":
            number = item.group(1)[:-1]
            if (number.isdigit() and int(number) != 1) or not first[item.end():].strip():
                return state.append_paragraph()  # such a list cannot interrupt a paragraph
        kind = _marker_kind(item.group(1)) if item else None
        content = (item.end(1) + 1) if item else 2  # where the first item's text starts
        pos = m.start() + len(first)
        end = pos
        blank = False
        while pos < state.cursor_max:
            nl = state.src.find("\n", pos)
            line = state.src[pos:nl + 1 if nl >= 0 else state.cursor_max]
            if not line.strip():
                blank = True
            else:
                expanded = line.expandtabs(4)
                indent = len(expanded) - len(expanded.lstrip())
                if _BREAK.match(line):
                    break
                other = _ITEM.match(line)
                if other and indent < content and _marker_kind(other.group(1)) != kind:
                    break  # "1)" then "-": a new list begins
                if not (other or indent >= 2):
                    if blank or _BLOCK_START.match(line):
                        break  # lazy continuation only right after text
                blank = False
                end = pos + len(line)
            pos += len(line)
        state.append_token({"type": "list", "children": [], "tight": True, "bullet": "", "attrs": {}})
        return end

    def parse_atx_heading(self, m, state):
        """mistune's, with the closing #s stripped in Python: its own pattern for them
        takes quadratic time on a heading with a long run of spaces."""
        text = m.group("atx_2").strip(string.whitespace)
        bare = text.rstrip("#")
        if bare != text and (not bare or bare[-1].isspace()):
            text = bare.rstrip()
        state.append_token({"type": "heading", "text": text, "attrs": {"level": len(m.group("atx_1"))}, "style": "atx"})
        return m.end() + 1

    def _parse_indent_code_fast(self, state):
        before, start = len(state.tokens), state.cursor
        result = super()._parse_indent_code_fast(state)
        if state.parent is None:
            for token in state.tokens[before:]:
                token.setdefault("_pos", start)
        return result


def _marker_kind(marker: str) -> str:
    return marker[-1] if marker[0].isdigit() else marker


class _PositionedState(mistune.BlockState):
    def add_paragraph(self, text):
        last = self.last_token()
        if last and last["type"] == "paragraph":
            last["text"] += text
        elif self.parent is None:
            self.tokens.append({"type": "paragraph", "text": text, "_pos": self.cursor})
        else:
            self.tokens.append({"type": "paragraph", "text": text})


_KINDS = {
    "heading": "heading",
    "paragraph": "paragraph",
    "list": "list",
    "table": "table",
    "block_code": "code",
    "block_html": "html",
    "block_quote": "quote",
    "thematic_break": "rule",
    "blank_line": "blank",
}

_parsers: dict[bool, _PositionedParser] = {}


def _block_parser(fast_lists: bool = True) -> _PositionedParser:
    if fast_lists not in _parsers:
        block = _PositionedParser()
        block.fast_lists = fast_lists
        md = mistune.Markdown(block=block)
        mistune.plugins.import_plugin("table")(md)
        # list items are read from their lines (_list_items); mistune need not parse
        # their insides, which is most of its work on a plan
        md.block.list_rules = ["blank_line"]
        _parsers[fast_lists] = md.block
    return _parsers[fast_lists]


def comment_lines(lines) -> set[int]:
    """Numbers of the lines outside fenced code that hold nothing but HTML comments."""
    return {n for n, line in outside_fences(lines) if "<!--" in line and _COMMENT_ONLY.fullmatch(line)}


def parse_blocks(lines: tuple[str, ...] | list[str], fast_lists: bool = True, written=None) -> list[Block]:
    """The top-level blocks of a document given as lines, each with its line range.
    `written`: the lines as in the file, when `lines` has its comments blanked.
    `fast_lists=False` lets mistune parse lists itself (the same blocks, slower)."""
    skipped = comment_lines(written if written is not None else lines)
    numbers = [n for n in range(1, len(lines) + 1) if n not in skipped]  # file line of each line parsed
    kept = [lines[n - 1] for n in numbers]
    text = "\n".join(kept) + "\n"
    starts = [0]
    for line in kept:
        starts.append(starts[-1] + len(line) + 1)
    state = _PositionedState()
    state.process(text)
    _block_parser(fast_lists).parse(state)

    tokens = [t for t in state.tokens if "_pos" in t]
    blocks = []
    for i, token in enumerate(tokens):
        line = bisect.bisect_right(starts, token["_pos"])
        if i + 1 < len(tokens):
            end = bisect.bisect_right(starts, tokens[i + 1]["_pos"]) - 1
        else:
            end = len(kept)
        while end > line and not kept[end - 1].strip():
            end -= 1
        kind = _KINDS.get(token["type"], token["type"])
        if kind == "blank":
            continue
        if kind == "heading" and token.get("style") == "setext":
            end = line  # the underline is not part of the title
        block = Block(kind, numbers[line - 1], numbers[max(line, end) - 1])
        if kind == "heading":
            block.level = token["attrs"]["level"]
            block.text = token["text"].strip()
        elif kind == "paragraph":
            block.text = token["text"]
        elif kind == "list":
            block.items = _list_items(lines, block.line, block.end_line, skipped)
        elif kind == "table":
            block.header, block.rows = _table_rows(token, line, numbers)
        blocks.append(block)
    return _pipe_tables(blocks, lines, skipped)


_DELIMITER = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_PIPE = re.compile(r"(?<!\\)\|")


def split_cells(line: str) -> list[str]:
    """A GFM table row's cells: pipes at either end are optional, "\\|" is a pipe in a cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [cell.strip() for cell in _CELL_PIPE.split(text)]


def _pipe_tables(blocks: list[Block], lines, skipped=frozenset()) -> list[Block]:
    """Tables as GitHub renders them: rows need no pipe at the end ("| a | b"), and the
    table runs on to the first line without a pipe; mistune stops at such a row."""
    out: list[Block] = []
    skip_to = 0
    for block in blocks:
        if block.line <= skip_to:
            if block.end_line > skip_to and block.kind == "paragraph":
                block.line = skip_to + 1
                block.text = "\n".join(lines[skip_to:block.end_line])
                out.append(block)
            continue
        header_line = lines[block.line - 1] if block.line - 1 < len(lines) else ""
        if block.kind in ("table", "paragraph") and "|" in header_line and block.line < len(lines) \
                and _DELIMITER.match(lines[block.line]) and "|" in lines[block.line] + header_line:
            header = split_cells(header_line)
            if len(split_cells(lines[block.line])) == len(header) or block.kind == "table":
                rows = []
                number = block.line + 2
                last = number - 1
                while number <= len(lines) and (number in skipped or lines[number - 1].strip()
                                                and "|" in lines[number - 1]):
                    if number not in skipped:
                        rows.append(TableRow(number, split_cells(lines[number - 1])))
                        last = number
                    number += 1
                end = max(block.line + 1, last)
                table = Block("table", block.line, end, header=header, rows=rows)
                out.append(table)
                if block.end_line > end and block.kind == "paragraph":
                    rest = Block("paragraph", end + 1, block.end_line, text="\n".join(lines[end:block.end_line]))
                    out.append(rest)
                skip_to = end
                continue
        out.append(block)
    return out


def _list_items(lines, first: int, last: int, skipped=()) -> list[ListItem]:
    items: list[ListItem] = []
    indents: list[int] = []
    for number, raw in outside_fences(lines[first - 1:last], first):
        if not raw.strip() or number in skipped:
            continue
        m = _LIST_ITEM.match(raw)
        if not m:
            if items:
                items[-1].text += " " + raw.strip()
                items[-1].end_line = number
            continue
        indent = len(m.group(1).expandtabs(4))
        while indents and indent < indents[-1]:
            indents.pop()
        if not indents or indent > indents[-1]:
            indents.append(indent)
        box = m.group(3)
        checked = None if box is None else box in "xX"
        items.append(
            ListItem(number, len(indents) - 1, m.group(4).strip(), checked, m.group(2)[0].isdigit(), number)
        )
    return items


def _table_rows(token, line: int, numbers: list[int]) -> tuple[list[str], list[TableRow]]:
    header: list[str] = []
    rows: list[TableRow] = []
    for part in token.get("children", []):
        if part["type"] == "table_head":
            header = [cell["text"].strip() for cell in part["children"]]
        elif part["type"] == "table_body":
            for offset, row in enumerate(part["children"]):
                rows.append(TableRow(numbers[line + 1 + offset], [c["text"].strip() for c in row["children"]]))
    return header, rows
