"""Output formats for findings, one function per format in REPORTERS.

A reporter gets every file's result and returns the text to print; it knows nothing of
how rules work.
"""

from __future__ import annotations

import json
from collections import Counter

from .findings import SEVERITIES

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def summary(results) -> dict:
    counts = Counter(f.severity for r in results for f in r.findings)
    return {
        "files": len(results),
        "files_with_findings": sum(1 for r in results if r.findings),
        "unreadable_files": sum(1 for r in results if r.error),
        "findings": sum(counts.values()),
        "by_severity": {s: counts.get(s, 0) for s in SEVERITIES},
    }


def text(results, colour: bool = False, **_) -> str:
    out = []
    for r in results:
        for f in r.findings:
            where = f"{f.path}:{f.line}:{f.column}:"
            code = f.rule
            if colour:
                where = f"{_BOLD}{where}{_RESET}"
                code = f"{_COLOURS[f.severity]}{code}{_RESET}"
            out.append(f"{where} {code} {f.message}" + (f" {_DIM}[{f.severity}]{_RESET}" if colour else f" [{f.severity}]"))
    s = summary(results)
    if s["findings"]:
        counts = s["by_severity"]
        parts = [f"{counts[k]} {k}{'s' if counts[k] != 1 and k != 'info' else ''}" for k in reversed(SEVERITIES) if counts[k]]
        out.append(f"Found {s['findings']} finding{'s' if s['findings'] != 1 else ''} ({', '.join(parts)}) "
                   f"in {s['files_with_findings']} of {s['files']} file{'s' if s['files'] != 1 else ''}.")
    elif not s["unreadable_files"]:
        out.append(f"All checks passed ({s['files']} file{'s' if s['files'] != 1 else ''}).")
    return "\n".join(out) + "\n"


def json_report(results, **_) -> str:
    findings = [f.to_dict() for r in results for f in r.findings]
    errors = [{"path": r.path, "message": r.error} for r in results if r.error]
    return json.dumps({"version": 1, "findings": findings, "errors": errors, "summary": summary(results)},
                      indent=2, ensure_ascii=False) + "\n"


REPORTERS = {
    "text": text,
    "json": json_report,
}
