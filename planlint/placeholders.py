"""Placeholders left in a plan, in any language: text that stands for something never
filled in ("TBD", "Last Updated: Current Date", "Fecha: por definir", "(To be filled by
the team)", "[Insert date]", "YYYY-MM-DD", "--.09.2019", a link to "#").

Three kinds of evidence, from strongest to weakest:
- marks that are placeholders wherever they stand ("TBD", "FIXME", "lorem ipsum", a date
  format written out, a date with "xx" or "--" for a part, a link that goes nowhere);
- a placeholder phrase of the document's languages that is a whole value (a field's
  value, a table cell, a list item) or opens an aside in parentheses; inside running
  prose the same words say something ("wie folgt", "日程は未定です");
- a date field ("Last Updated", "Stand", "最終更新") whose value means "now".
Code spans, fenced code and HTML comments are not read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lang import Lexicon, alternation, fold
from .source import prose_lines

_EMPTY_LINK = re.compile(r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<\s*>|#?)\s*\)")
_EMPTY_REF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<\s*>|#)\s*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s++(.*)")
_LIST_ITEM = re.compile(r"^\s*+(?:[-*+]|\d{1,3}[.)])\s++(?:\[[ xX]\]\s++)?+(.*)")
# "Key: value" with the key bold, italic or plain (the value ends before trailing marks)
_FIELD = re.compile(
    r"^\s*+(?:[-*+]\s++(?:\[[ xX]\]\s++)?|\d{1,3}[.)]\s++|>\s*+)?+[*_]{0,3}+\s*+"
    r"(?P<key>[^\W\d_][^:：*_|\[\]()]{0,40}?)\s*+[*_]{0,3}+\s*+[:：]\s*+[*_]{0,3}+\s*+(?P<value>(?:.*[^*_\s\\])?)[*_\s\\]*$"
)
_ASIDE = re.compile(r"[(（]([^()（）]{1,80})[)）]")
_BRACKET = re.compile(r"(?<![\\!\]])\[([^\[\]]{1,40})\](?![(\[:])")
# a date format written out: YYYY-MM-DD, DD.MM.YYYY, JJJJ-MM-TT, aaaa/mm/dd
_FORMAT = re.compile(r"(?<![\w-])(?:([^\W\d_])\1{1,3})([-/.])(?:([^\W\d_])\3)\2(?:([^\W\d_])\4{1,3})(?![\w-])")
# a date with a part left open: "--.09.2019", "xx/xx", "12/xx/2025"
_OPEN_DATE = re.compile(r"(?<![\w.\-/])((?:[xX?_]{2}|--|\d{1,2})([./-])(?:[xX?_]{2}|--|\d{1,2})(?:\2(?:[xX?_]{2,4}|\d{4}))?)(?![\w.\-/])")
_OPEN_PART = re.compile(r"[xX?_]{2}|--")


@dataclass
class Found:
    line: int
    column: int  # 0-based, in the line as read
    text: str
    where: str  # "in 'Owner'", "in heading 'Team ##'", "under 'Risks'", "in the plan"
    kind: str = "text"  # text, or a link, image or link definition that points nowhere
    target: str = ""  # a dead link's target: "#" or ""


_BEFORE = re.compile(r"(?:^|\s)[^\W\d_]*[^\W\d_A-Z]\s$")
_AFTER = re.compile(r"\s[^\W\d_A-Z][^\W\d_]*(?:\s|$)")


def _in_sentence(text: str, start: int, end: int) -> bool:
    """Does a word stand between two lower-case words of running prose?"""
    return bool(_BEFORE.search(text[max(0, start - 40):start]) and _AFTER.match(text, end))


def _cells(line: str) -> list[tuple[int, str]]:
    """A table row's cells with their 0-based start columns (outer pipes optional)."""
    bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", line)]
    if not bounds:
        return []
    starts = bounds if not line[:bounds[0]].strip() else [-1] + bounds
    cells = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(line)
        text = line[start + 1:end]
        if i + 1 == len(starts) and not text.strip():
            break
        cells.append((start + 1 + len(text) - len(text.lstrip()), text.strip()))
    return cells


def _plain(text: str) -> str:
    from .recognise import plain

    return plain(text)


def _value(text: str) -> str:
    return fold(_plain(text)).strip(" .:;!*_")


class Reader:
    def __init__(self, lex: Lexicon):
        self.lex = lex
        words = lex.words("words", "placeholder")
        self.phrases = {w for w in words if not w.startswith("[")}
        self.bracketed = {w.strip("[]") for w in words if w.startswith("[")}
        self.capitals = set(lex.words("words", "placeholder-capitals"))
        tokens = lex.words("words", "placeholder-token")
        self.tokens = re.compile(r"(?<![\w./\\#-])(?:" + alternation(tokens, boundaries=False)
                                 + r")(?![\w/\\#-]|\.\w)", re.I) if tokens else None
        self.now = set(lex.words("words", "placeholder-now"))
        self.dated = set(lex.words("fields", "updated"))
        self.status = set(lex.words("fields", "status")) | set(lex.words("columns", "status"))
        self.insert = tuple(lex.words("words", "insert"))
        self.format = lex.pattern("words", "format")

    def _phrase(self, value: str) -> bool:
        return value in self.phrases

    def _asks_to_insert(self, inner: str) -> bool:
        """"[Insert date]", and in languages that put the verb last "[Datum einfügen]",
        "[Tarih ekleyin]": a bracketed instruction to fill something in."""
        for word in self.insert:
            if inner.startswith(word) and not inner[len(word):len(word) + 1].isalnum():
                return True
            if inner.endswith(word) and len(inner) > len(word) and not inner[-len(word) - 1].isalnum():
                return True
        return False

    def _opens_with_phrase(self, inner: str) -> bool:
        """An aside that starts with a placeholder phrase of two words or more ("to be
        filled by the team", "por definir con el cliente", "待定")."""
        for phrase in self.phrases:
            if (" " in phrase or not phrase.isascii()) and len(phrase) >= 2 and inner.startswith(phrase) \
                    and (len(inner) == len(phrase) or not inner[len(phrase)].isalnum()):
                return True
        return False

    def read(self, lines, tables: dict[int, list[str]]) -> list[Found]:
        """`tables`: header cells by the line of each body row of a table."""
        out: list[Found] = []
        heading = None
        for number, text in prose_lines(lines):
            found: dict[int, tuple] = {}
            h = _HEADING.match(text)
            title = _plain(h.group(1).rstrip().rstrip("#").rstrip()) if h else None
            where_line = f"in heading '{title}'" if h else (f"under '{heading}'" if heading else "in the plan")
            if h:
                heading = title
            context = self._context(text, number, tables, h is not None, heading)

            def where(col: int) -> str:
                for start, end, name, _ in context:
                    if start <= col < end + 1 and name:
                        return f"in '{name}'"
                return where_line

            for start, _, name, value in context:
                v = _value(value)
                if not v:
                    continue
                if self._phrase(v) or (fold(name) in self.dated and v in self.now):
                    shown = _plain(value).strip(" .")
                    found.setdefault(start, (shown, f"in '{name}'" if name else where_line))
            if self.tokens is not None:
                for m in self.tokens.finditer(text):
                    word = m.group(0)
                    if fold(word) in self.capitals and not word.isupper():
                        continue  # "Todo" is a state; "TODO" is a note to oneself
                    if fold(word) in self.capitals and any(
                            s <= m.start() < e + 1 and fold(n) in self.status for s, e, n, _ in context):
                        continue  # TODO in a status column is the status
                    if fold(word) in self.capitals and _in_sentence(text, m.start(), m.end()):
                        continue  # "i file con TODO da completare" speaks of notes, it is none
                    if word == "##" and not text[:m.start()].strip():
                        continue
                    found.setdefault(m.start(), (word, where(m.start())))
            for m in _ASIDE.finditer(text):
                inner = _value(m.group(1))
                if inner and self._opens_with_phrase(inner):
                    found.setdefault(m.start(), (m.group(0), where(m.start())))
            for m in _BRACKET.finditer(text):
                inner = _value(m.group(1))
                if inner in self.bracketed or self._asks_to_insert(inner):
                    found.setdefault(m.start(), (m.group(0), where(m.start())))
            for m in _FORMAT.finditer(text):
                if not self.format.search(fold(text[max(0, m.start() - 25):m.end() + 25])):
                    found.setdefault(m.start(), (m.group(0), where(m.start())))
            for m in _OPEN_DATE.finditer(text):
                if _OPEN_PART.search(m.group(1)) and any(ch.isdigit() for ch in m.group(1)) \
                        or m.group(1).lower() in ("xx/xx", "xx.xx", "xx-xx"):
                    found.setdefault(m.start(), (m.group(1), where(m.start())))
            for m in _EMPTY_LINK.finditer(text):
                target = m.group(3).strip()
                found[m.start()] = (_plain(m.group(2)), where(m.start()), "image" if m.group(1) else "link",
                                    "#" if target == "#" else "")
            m = _EMPTY_REF.match(text)
            if m:
                found[text.index("[")] = (m.group(1), where_line, "link definition", m.group(2))
            out += [Found(number, col, *found[col]) for col in sorted(found)]
        return out

    def _context(self, text: str, number: int, tables, is_heading: bool, heading) -> list[tuple[int, int, str, str]]:
        """(start, end, name, value) of the line's table cells, fields and list item."""
        context = []
        if number in tables:
            header = tables[number]
            cells = _cells(text)
            for i, (col, cell) in enumerate(cells):
                name = header[i] if i < len(header) else ""
                if len(cells) == 2 and i == 1 and fold(_plain(cells[0][1])) in self.dated:
                    name = _plain(cells[0][1])
                context.append((col, col + len(cell), name, cell))
            return context
        if is_heading:
            return context
        parts = [(0, text)] if " | " not in text else []
        pos = 0
        for piece in ([] if parts else text.split(" | ")):
            parts.append((pos, piece))
            pos += len(piece) + 3
        for start, piece in parts:
            m = _FIELD.match(piece)
            if m and m.group("value"):
                col = start + m.start("value")
                context.append((col, col + len(m.group("value")), _plain(m.group("key")), m.group("value")))
        if not context:
            item = _LIST_ITEM.match(text)
            if item and item.group(1).strip():
                value = item.group(1).rstrip()
                context.append((item.start(1), item.start(1) + len(value), "", value))
        return context


def table_headers(blocks) -> dict[int, list[str]]:
    """Header cells by the line of every body row of the document's tables."""
    return {row.line: [_plain(h) for h in block.header] for block in blocks if block.kind == "table"
            for row in block.rows}
