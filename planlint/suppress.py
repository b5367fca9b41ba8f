"""Inline suppression comments, in markdownlint's grammar:

    <!-- planlint-disable PL201 -->  ...  <!-- planlint-enable PL201 -->
    <!-- planlint-disable-next-line PL201 -->
    <!-- planlint-disable-line PL201 -->
    <!-- planlint-disable-file PL201 -->

Without codes a comment covers every rule. Codes may be rule codes or names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source import outside_fences

# planlint's comment syntax (markdownlint's), longest first
DIRECTIVES = ("disable-next-line", "disable-line", "disable-file", "disable", "enable")
_COMMENT = re.compile(r"<!--\s*planlint-(" + "|".join(DIRECTIVES) + r")\b([^>]*?)-->")


@dataclass
class Suppression:
    line: int
    column: int
    kind: str
    codes: frozenset[str] | None  # None: every rule
    written: str  # the codes as written, for messages
    first: int = 0
    last: int = 0
    used: bool = False
    unknown: list[str] = field(default_factory=list)

    def covers(self, line: int, code: str) -> bool:
        return self.first <= line <= self.last and (self.codes is None or code in self.codes)


def parse_suppressions(lines, resolve) -> list[Suppression]:
    """The suppression comments of a document; `resolve` maps a code or name to a code."""
    found: list[Suppression] = []
    open_ranges: list[Suppression] = []
    for number, line in outside_fences(lines):
        if "planlint-" not in line:
            continue
        for m in _COMMENT.finditer(line):
            kind, written = m.group(1), m.group(2).strip()
            words = [w for w in re.split(r"[\s,]+", written) if w]
            codes = [resolve(w) for w in words]
            s = Suppression(number, m.start() + 1, kind, frozenset(c for c in codes if c) if words else None, written,
                            unknown=[w for w, c in zip(words, codes) if not c])
            if kind == "disable-next-line":
                s.first = s.last = number + 1
            elif kind == "disable-line":
                s.first = s.last = number
            elif kind == "disable-file":
                s.first, s.last = 1, len(lines)
            elif kind == "disable":
                s.first, s.last = number, len(lines)
                open_ranges.append(s)
            else:  # enable closes the ranges it names
                for r in open_ranges:
                    if r.last == len(lines) and (s.codes is None or r.codes is None or r.codes & s.codes):
                        r.last = number
                open_ranges = [r for r in open_ranges if r.last == len(lines)]
                continue
            found.append(s)
    return found


def apply(findings, suppressions):
    """The findings no comment suppresses; marks the comments that were used."""
    kept = []
    for f in findings:
        hit = [s for s in suppressions if s.covers(f.line, f.rule)]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(f)
    return kept
