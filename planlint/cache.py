"""A result cache: a file whose content, planlint version, configuration and rule set
are unchanged costs one hash.

Entries live in the user cache directory (PLANLINT_CACHE_DIR, else XDG_CACHE_HOME or
~/.cache, under planlint/), never in the project. One file per entry, written to a
temporary file and renamed into place, so concurrent runs never see half an entry;
an entry that cannot be read is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from . import __version__
from .findings import Finding


def directory() -> Path:
    if os.environ.get("PLANLINT_CACHE_DIR"):
        return Path(os.environ["PLANLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planlint"


def fingerprint(config, rules, today) -> str:
    """Everything besides the file's bytes that decides its findings."""
    from importlib.metadata import entry_points

    plugins = sorted(f"{ep.name}={ep.value}" for ep in entry_points(group="planlint.rules"))
    parts = {
        "version": __version__,
        "plugins": plugins,
        "rules": [(r.code, r.func.__module__) for r in rules],
        "options": config.options(),
        "severity": config.severity,
        "per_file_ignores": config.per_file_ignores,
        "today": str(today),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Cache:
    def __init__(self, fingerprint: str, root: Path | None = None):
        self.root = (root or directory()) / fingerprint

    def key(self, path: str, data: bytes) -> str:
        return hashlib.sha256(os.fsencode(os.path.abspath(path)) + b"\0" + data).hexdigest()

    def get(self, key: str, path: str) -> list[Finding] | None:
        """The cached findings of a file, reported under the path it was named by now."""
        try:
            raw = json.loads((self.root / key[:2] / key).read_text(encoding="utf-8"))
            if any(os.path.exists(target) != exists for target, exists in raw["file_checks"]):
                return None  # a file it links to appeared or went away
            return [Finding(**{**f, "path": path}) for f in raw["findings"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, findings: list[Finding], file_checks=()) -> None:
        target = self.root / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"findings": [f.__dict__ for f in findings], "file_checks": list(file_checks)}, handle)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time
