"""PL601-PL603: a plan's hygiene as a document: mojibake, placeholders left in, and links
to repository files that do not exist."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from planlint.engine import rule
from planlint.source import outside_fences
from planlint.recognise import plain

# -- reading the prose of a plan: fenced code, inline code and HTML comments blanked ----

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s++(.*)")  # the closing #s are stripped in _heading_text: linear time


def raw_column(source, number: int, column: int) -> int:
    """The 1-based column in the line as written of a 0-based column in the repaired
    line: they differ on a line with mojibake."""
    if number not in source.repaired:
        return column + 1
    raw, meant = source.raw_lines[number - 1], source.lines[number - 1]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, meant, raw, autojunk=False).get_opcodes():
        if i1 <= column < i2:
            return (j1 + column - i1 if tag == "equal" else j1) + 1
    return len(raw) + 1


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


# -- PL601 mojibake ---------------------------------------------------------------------

_CHARMAPS = ("sloppy-windows-1252", "macroman", "latin-1", "sloppy-windows-1250", "sloppy-windows-1251",
             "sloppy-windows-1253", "sloppy-windows-1254", "sloppy-windows-1257", "iso-8859-2", "cp437")


def garbled_segments(raw: str, meant: str) -> list[tuple[int, str, str]]:
    """(0-based column in raw, garbled text, intended text) for each place the line as
    written differs from what it was meant to be. A garbled sequence is all non-ASCII,
    so differences are widened over neighbouring non-ASCII characters: "Â·" for "·" is
    one segment, not a stray "Â"."""
    ops = difflib.SequenceMatcher(None, raw, meant, autojunk=False).get_opcodes()
    spans = []  # [i1, i2, j1, j2] of raw and meant
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        while i1 > 0 and j1 > 0 and raw[i1 - 1] == meant[j1 - 1] and not raw[i1 - 1].isascii():
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(raw) and j2 < len(meant) and raw[i2] == meant[j2] and not raw[i2].isascii():
            i2, j2 = i2 + 1, j2 + 1
        if spans and i1 <= spans[-1][1]:
            spans[-1][1], spans[-1][3] = max(spans[-1][1], i2), max(spans[-1][3], j2)
        else:
            spans.append([i1, i2, j1, j2])
    return [(i1, raw[i1:i2], meant[j1:j2]) for i1, i2, j1, j2 in spans]


def _garble(text: str, encoding: str) -> str | None:
    try:
        return text.encode("utf-8").decode(encoding)
    except (UnicodeError, LookupError):
        return None


def exact_repair(garbled: str, meant: str) -> bool:
    """Whether mis-decoding `meant` once or twice gives back exactly `garbled`, so the
    repair is certain. cp1252 has no character for some bytes; where one was dropped
    ("ðŸ” " for "🔍 ") the repair is only a guess. The lost 0x8F of U+FE0F is the one
    drop the reader restores on purpose ("âš ï¸" for "⚠️")."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows codecs)

    candidates = {meant}
    for _ in range(2):
        candidates = {g for c in candidates for e in _CHARMAPS if (g := _garble(c, e)) is not None}
        if any(c == garbled or c.replace("\u00ef\u00b8\u008f", "\u00ef\u00b8") == garbled for c in candidates):
            return True
    return False


def _shown(text: str) -> str:
    """Text for a message as a reader sees it in the file: "\uf8ff" (Mac Roman's Apple
    logo) and no-break spaces as they are, not spelt out as escapes; only control
    characters, which a terminal would act on, become U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


def fix_mojibake(source):
    """The repaired text of every garbled line whose repair is certain."""
    out = []
    for number in sorted(source.repaired):
        raw, meant = source.raw_lines[number - 1], source.lines[number - 1]
        if all(exact_repair(g, m) for _, g, m in garbled_segments(raw, meant)):
            out.append((number, meant))
    return out


@rule("PL601", "mojibake", severity="warning", fix=fix_mojibake)
def mojibake(plan, ctx):
    """Text that was saved after being mis-decoded: "âœ…" where "✅" was meant.

    What it does:
        Reports every line whose text is UTF-8 once read as cp1252 or Mac Roman and
        saved again, quoting each garbled sequence and the text it was meant to be.
        planlint already reads such lines as intended; this rule makes the file itself
        right. `planlint check --fix` rewrites those lines, and only those, keeping the
        file's line endings and byte-order mark. Where the mis-decoding dropped a byte
        (cp1252 has no character for 0x81, 0x8D, 0x90, 0x9D), the intended character
        cannot be known; such a line is reported with the best guess and left for a
        person to correct.

    Why it matters:
        Readers see "ðŸš§" instead of a status mark, search and grep miss the words,
        and every tool after planlint has to guess what the plan says.

    Example:
        - **Sprint A**: âœ… Foundation (Complete)
        - **Priority**: Critical â†’ High â†’ Medium

    Use instead:
        - **Sprint A**: ✅ Foundation (Complete)
        - **Priority**: Critical → High → Medium

    Options:
        None.
    """
    for number in sorted(ctx.source.repaired):
        raw, meant = ctx.source.raw_lines[number - 1], ctx.source.lines[number - 1]
        segments = garbled_segments(raw, meant)
        if not segments:
            continue
        parts: list[str] = []
        for _, garbled, intended in segments:
            if exact_repair(garbled, intended):
                parts.append(f'"{_shown(garbled)}" should read "{_shown(intended)}"')
            else:
                parts.append(f'"{_shown(garbled)}" lost a byte and cannot be repaired for certain '
                             f'(perhaps "{_shown(intended)}"; correct it by hand)')
        counted = [p + (f" ({parts.count(p)} times)" if parts.count(p) > 1 else "") for p in dict.fromkeys(parts)]
        yield ctx.finding(number, "mojibake: " + ", ".join(counted), column=segments[0][0] + 1)


# -- PL602 placeholders -----------------------------------------------------------------

_DATE_KEYS = {"date", "last updated", "last update", "updated", "updated on", "date created", "created",
              "created on", "last modified", "modified", "last edited", "last reviewed", "document date"}
_DATE_PLACEHOLDERS = {"current", "current date", "current session", "current time", "today", "today's date",
                      "now"}
# whole values that stand for a value never filled in, whatever the field
_VALUE_PLACEHOLDERS = {"current date", "to be determined", "to be decided", "to be announced",
                       "to be confirmed", "to be defined", "insert date", "date here"}
_STATUS_KEYS = re.compile(r"status|state|progress", re.I)

_WORD = re.compile(r"(?<![\w./\\-])(TBD|TBA|TBC|[Tt]bd|tba|TODO|FIXME)(?![\w/\\-]|\.\w)")
_PHRASES = re.compile(
    r"\((?i:to\s+be\s+(?:filled|updated|determined|decided|confirmed|defined|added|written|provided|announced)\b)[^()]*\)"
    r"|\[(?i:insert)\b[^\]]*\](?!\()"
    r"|(?<![\w-])(?i:YYYY-MM-DD|YYYY/MM/DD|MM/DD/YYYY|DD/MM/YYYY|DD\.MM\.YYYY)(?![\w-])"
    r"|(?i:\blorem\s+ipsum\b)"
)
_FORMAT_NOTE = re.compile(r"\bformat\b", re.I)
_EMPTY_LINK = re.compile(r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]\(\s*(<\s*>|#?)\s*\)")
_EMPTY_REF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<\s*>|#)\s*$")
# Possessive spaces and a value that ends before the trailing marks keep this linear.
_FIELD = re.compile(
    r"^\s*+(?:[-*+]\s++(?:\[[ xX]\]\s++)?|\d{1,3}[.)]\s++|>\s*+)?+[*_]{0,3}+\s*+"
    r"(?P<key>[A-Za-z][A-Za-z'’ ]{0,30}?)\s*+[*_]{0,3}+\s*+:\s*+[*_]{0,3}+\s*+(?P<value>(?:.*[^*_\s\\])?)[*_\s\\]*$"
)
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


def _heading_text(m: re.Match) -> str:
    return m.group(1).rstrip().rstrip("#").rstrip()


def _cells(line: str) -> list[tuple[int, str]]:
    """A table row's cells with their 0-based start columns (leading/trailing pipes optional)."""
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


def _value(text: str) -> str:
    return plain(text).strip(" .").lower()


def _tables(lines: list[str]) -> dict[int, list[str]]:
    """Header cells, by line number, for every body row of a pipe table."""
    headers: dict[int, list[str]] = {}
    number = 1
    while number < len(lines):
        line = lines[number - 1]
        if "|" in line and _DELIMITER.match(lines[number]) and "|" in lines[number] and "-" in lines[number]:
            header = [plain(t) for _, t in _cells(line)]
            row = number + 2
            while row <= len(lines) and "|" in lines[row - 1] and lines[row - 1].strip():
                headers[row] = header
                row += 1
            number = row
        else:
            number += 1
    return headers


@rule("PL602", "placeholder", severity="warning")
def placeholder(plan, ctx):
    """A placeholder was left in the plan: "Last Updated: Current Date", "TBD",
    "(To be filled ...)", a link to "#".

    What it does:
        Reports text that stands in for something never filled in: "TBD", "TBA",
        "TBC", "TODO" and "FIXME" as words of their own; a date field ("Date",
        "Last Updated", "Updated", "Date Created", ...) whose value is "Current",
        "Current Date", "Current Session", "Today" or "Now"; "(To be filled ...)",
        "(To be updated)", "(To be determined)" and their kin; "[Insert ...]"; a
        literal "YYYY-MM-DD" (unless the line is about a date format); "Lorem ipsum";
        and links whose target is "#" or empty. Code spans, fenced code and HTML
        comments are not read. "Todo" as a status ("⬜ Todo") is a state, not a
        placeholder, and so is an uppercase "TODO" in a status column or field; a
        deadline of "Today" in an action-item table is a real date and is not reported.

    Why it matters:
        A plan that says it was updated on "Current Date" was never dated; a link to
        "#" sends the reader nowhere. Placeholders read as finished text at a glance and
        survive review after review.

    Example:
        *Last Updated*: Current Date
        - Monitoring: [Grafana Dashboard](#)
        - **Owner**: TBD

    Use instead:
        *Last Updated*: 2025-10-06
        - Monitoring: [Grafana Dashboard](https://grafana.example.com/d/sprint)
        - **Owner**: Dana (platform team)

    Options:
        None.
    """
    lines = list(ctx.source.lines)
    prose = dict(prose_lines(lines))
    masked = [prose.get(n, "") for n in range(1, len(lines) + 1)]
    headers = _tables(masked)
    heading = None
    for number, text in prose.items():
        found: dict[int, tuple[str, str]] = {}  # column -> (what, where)
        h = _HEADING.match(text)
        where_line = f"in heading '{plain(_heading_text(h))}'" if h else (f"under '{heading}'" if heading else "in the plan")
        if h:
            heading = plain(_heading_text(h))

        context: list[tuple[int, int, str, str]] = []  # (start, end, name, value) of fields and cells
        if number in headers:
            header = headers[number]
            cells = _cells(text)
            for i, (col, cell) in enumerate(cells):
                name = header[i] if i < len(header) else ""
                if len(cells) == 2 and i == 1 and plain(cells[0][1]).lower() in _DATE_KEYS:
                    name = plain(cells[0][1])
                context.append((col, col + len(cell), name, cell))
        elif not h:
            parts = [(0, text)] if " | " not in text else []
            pos = 0
            for piece in ([] if parts else text.split(" | ")):
                parts.append((pos, piece))
                pos += len(piece) + 3
            for start, piece in parts:
                m = _FIELD.match(piece)
                if m and m.group("value"):
                    col = start + m.start("value")
                    context.append((col, col + len(m.group("value")), plain(m.group("key")), m.group("value")))

        def where(col: int) -> str:
            for start, end, name, _ in context:
                if start <= col < end + 1 and name:
                    return f"in '{name}'"
            return where_line

        for start, _, name, value in context:
            v = _value(value)
            key = name.lower()
            if (key in _DATE_KEYS and v in _DATE_PLACEHOLDERS) or v in _VALUE_PLACEHOLDERS:
                shown = plain(value).strip(" .")
                found.setdefault(start, (f'placeholder "{shown}"', f"in '{name}'" if name else where_line))

        for m in _WORD.finditer(text):
            if m.group(1) in ("TODO", "FIXME") and any(
                    s <= m.start() < e + 1 and _STATUS_KEYS.search(n) for s, e, n, _ in context):
                continue
            found.setdefault(m.start(), (f'placeholder "{m.group(1)}"', where(m.start())))
        for m in _PHRASES.finditer(text):
            if m.group(0)[0] in "YyMmDd" and _FORMAT_NOTE.search(text[max(0, m.start() - 25):m.end() + 25]):
                continue
            if m.start() in found:
                continue
            found.setdefault(m.start(), (f'placeholder "{m.group(0)}"', where(m.start())))
        for m in _EMPTY_LINK.finditer(text):
            kind = "image" if m.group(1) else "link"
            target = m.group(3).strip()
            shown = f'(target "{target}")' if target == "#" else "(empty target)"
            found[m.start()] = (f'{kind} "{plain(m.group(2))}" points nowhere {shown}', "")
        m = _EMPTY_REF.match(text)
        if m:
            found[text.index("[")] = (f'link definition "{m.group(1)}" points nowhere (target "{m.group(2)}")', "")

        for col in sorted(found):
            what, place = found[col]
            yield ctx.finding(number, f"{what} left {place}" if place else what,
                              column=raw_column(ctx.source, number, col))


# -- PL603 broken links -----------------------------------------------------------------

_LINK = re.compile(
    r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<[^<>]*>|\S+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@rule("PL603", "broken-link", severity="warning", options={"check-root-links": True})
def broken_link(plan, ctx):
    """A link or image points to a file of the repository that does not exist.

    What it does:
        Resolves every Markdown link, image and link definition whose target is a
        path: relative targets against the plan file's directory, targets starting
        with "/" against the root of the repository the plan is in. A "#fragment" or
        "?query" is ignored, "%20" is read as a space. Web and mail links (any
        "scheme:"), links to an anchor of the same page, and links inside code are not
        checked; a link to "#" alone is a placeholder (PL602).

    Why it matters:
        Plans point to the FRD, the architecture and the trackers they depend on. When
        those files move or were never written, the plan looks backed by documents
        that are not there.

    Example:
        - [FRD](/FRD_QUANTUMLAYER_V2.md)
        - [Runbook](ops/runbook.md)

    Use instead:
        - [FRD](/docs/FRD_QUANTUMLAYER_V2.md)
        - [Runbook](../ops/runbook.md)

    Options:
        check-root-links: check targets starting with "/" against the repository root
        (default true). Set it to false where "/" means the root of a documentation
        site rather than of the repository.
    """
    repo_root = ctx.extra.get("repo_root")
    here = Path(ctx.source.path)
    # a plan read from standard input is named by --stdin-filename, which need not exist yet
    base = here.parent if here.is_file() or (here.name != "-" and here.parent.is_dir()) else None
    for number, text in prose_lines(ctx.source.lines):
        targets = [(m.start(), "image" if m.group(1) else "link", plain(m.group(2)), m.group(3))
                   for m in _LINK.finditer(text)]
        d = _REF_DEF.match(text)
        if d:
            targets.append((text.index("["), "link definition", d.group(1), d.group(2)))
        for col, kind, label, written in targets:
            target = written[1:-1].strip() if written.startswith("<") else written
            path = re.sub(r"\\(.)", r"\1", target).split("#", 1)[0].split("?", 1)[0]
            if not path or _SCHEME.match(path) or path.startswith("//"):
                continue
            path = unquote(path)
            if path.startswith("/"):
                if repo_root is None or not ctx.options.get("check-root-links", True):
                    continue
                resolved = Path(repo_root) / path.lstrip("/")
            elif base is None:
                continue
            else:
                resolved = base / path
            exists = resolved.exists()
            ctx.depends_on(resolved, exists)  # a cached result holds only while this stays so
            if not exists:
                shown = re.split(r"[#?]", target, maxsplit=1)[0]
                named = f'{kind} "{label.strip()}"' if label.strip() else kind  # a code span's text is blanked
                yield ctx.finding(number, f'{named} points to {shown}, which does not exist',
                                  column=raw_column(ctx.source, number, col))
