"""Baseline files for adopting planlint on a repository with many existing plans:
`planlint baseline` records today's findings; `check` then reports only new ones, and
the entries that no longer occur, so the file can shrink.

Entries are keyed by rule, document and the finding's stable key (sprint, item, wording
without line numbers), never by line, so edits above a finding do not invalidate it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from .config import relative

DEFAULT = ".planlint-baseline.json"
# planlint's own words for where a finding's parts are, left out of a stable key
_WHERE = ("from line", "from lines", "lines", "line")
_LINES = re.compile(r"\(?\b(?:" + "|".join(map(re.escape, _WHERE)) + r") \d+(?:\s*[-,]\s*\d+)*\)?|\b\d+:\d+\b")


def stable_key(finding, root: Path) -> tuple[str, str, str]:
    return relative(finding.path, root), finding.rule, _LINES.sub("", finding.key).strip()


def write(path: Path, results, root: Path) -> int:
    entries = Counter(stable_key(f, root) for r in results for f in r.findings)
    data = {"version": 1, "findings": [{"document": d, "rule": rule, "key": key, "count": n}
                                       for (d, rule, key), n in sorted(entries.items())]}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sum(entries.values())


def load(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Counter({(e["document"], e["rule"], e["key"]): int(e.get("count", 1)) for e in data["findings"]})
    except FileNotFoundError:
        raise ValueError(f"{path}: no such baseline file") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the baseline file ({exc.strerror})") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a planlint baseline file ({exc})") from None


def apply(results, known: Counter, root: Path) -> list[tuple[str, str, str]]:
    """Drop the findings the baseline knows; return the entries of the checked documents
    that no longer occur."""
    left = Counter(known)
    for r in results:
        kept = []
        for f in r.findings:
            key = stable_key(f, root)
            if left[key] > 0:
                left[key] -= 1
            else:
                kept.append(f)
        r.findings = kept
    checked = {relative(r.path, root) for r in results if not r.error}
    return sorted(k for k, n in left.items() if n > 0 and k[0] in checked)
