"""PL601-PL603: a plan's hygiene as a document: mojibake, placeholders left in, and links
to repository files that do not exist."""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from planlint.engine import rule
from planlint.source import prose_lines
from planlint.recognise import plain

# -- reading the prose of a plan: fenced code, inline code and HTML comments blanked ----

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
    for mark in plan.placeholders:
        if mark.kind == "text":
            message = f'placeholder "{mark.text}" left {mark.where}'
        elif mark.kind == "link definition":
            message = f'link definition "{mark.text}" points nowhere (target "{mark.target}")'
        else:
            message = f'{mark.kind} "{mark.text}" points nowhere ' + (
                f'(target "{mark.target}")' if mark.target else "(empty target)")
        yield ctx.finding(mark.line, message, column=raw_column(ctx.source, mark.line, mark.column - 1))


# -- PL603 broken links -----------------------------------------------------------------

_LINK = re.compile(
    r"(?<!\\)(!?)\[((?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*(<[^<>\n]*>|(?:[^\s()\\]|\\.|\([^\s()]*\))+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REF_DEF = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*(<[^<>]*>|\S+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@rule("PL603", "broken-link", severity="warning", options={"check-root-links": True}, lower=("info",))
def broken_link(plan, ctx):
    """A link or image points to a file of the repository that does not exist.

    What it does:
        Resolves every Markdown link, image and link definition whose target is a
        path: relative targets against the plan file's directory, targets starting
        with "/" against the root of the repository the plan is in. A "#fragment" or
        "?query" is ignored, "%20" is read as a space. Web and mail links (any
        "scheme:"), links to an anchor of the same page, and links inside code are not
        checked; a link to "#" alone is a placeholder (PL602). A file outside any git
        repository whose every relative link (three or more) fails was copied without
        the files beside it: that is one note, not a warning per link.

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
    relative = resolved_any = 0
    broken = []
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
            relative += not path.startswith("/")
            resolved_any += exists and not path.startswith("/")
            if not exists:
                shown = re.split(r"[#?]", target, maxsplit=1)[0]
                named = f'{kind} "{label.strip()}"' if label.strip() else kind  # a code span's text is blanked
                broken.append((number, f'{named} points to {shown}, which does not exist',
                               raw_column(ctx.source, number, col), path.startswith("/")))
    if repo_root is None and relative >= 3 and not resolved_any:
        # outside a repository, a file whose every relative link fails was copied without
        # the files beside it: one note says so, the links themselves say nothing new
        first = next(b for b in broken if not b[3])
        lines = sorted({b[0] for b in broken if not b[3]})
        yield ctx.finding(first[0], f"none of the {relative} relative links resolve from {base} (lines "
                          f"{', '.join(map(str, lines[:6]))}{', ...' if len(lines) > 6 else ''}): the file "
                          f"was read outside its repository, without the files it links to", first[2],
                          severity="info")
        broken = [b for b in broken if b[3]]
    for number, message, column, _ in broken:
        yield ctx.finding(number, message, column=column)
