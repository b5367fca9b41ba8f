"""A result cache: a file whose content, planlint version, configuration and rule set
are unchanged costs one hash.

Entries live in the user cache directory (PLANLINT_CACHE_DIR, else XDG_CACHE_HOME or
~/.cache, under planlint/), never in the project. One file per entry, written to a
temporary file and renamed into place, so concurrent runs never see half an entry.
An entry is trusted only when it is a regular file whose checksum (over its key and
content) and shape hold; anything else is a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from . import __version__
from .findings import SEVERITIES, Finding

_MAX_ENTRY = 64 * 2**20  # no entry of a real plan comes near this
_FIELDS = {"path": str, "line": int, "column": int, "rule": str, "name": str, "severity": str, "message": str,
           "end_line": (int, type(None)), "key": str, "fixable": bool}


def _checksum(key: str, body: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + body).hexdigest()


def _valid(finding) -> bool:
    """A cached finding has exactly the fields of a Finding, of the right types."""
    return (isinstance(finding, dict) and finding.keys() == _FIELDS.keys()
            and all(isinstance(finding[k], t) and (t is bool or not isinstance(finding[k], bool)) for k, t in _FIELDS.items())
            and finding["severity"] in SEVERITIES and finding["line"] >= 1 and finding["column"] >= 1)


def directory() -> Path:
    if os.environ.get("PLANLINT_CACHE_DIR"):
        return Path(os.environ["PLANLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "planlint"


def _source_hash(rules) -> str:
    """A hash of planlint's own installed files and of each rule's module, so a changed
    planlint (or plugin) with the same version number does not read stale results."""
    import planlint
    import planlint.rules
    import planlint.schemas

    files = set()
    for package in (planlint, planlint.rules, planlint.schemas):
        files.update(p for p in Path(package.__file__).parent.iterdir() if p.suffix in (".py", ".json"))
    for r in rules:
        module = sys.modules.get(r.func.__module__)
        if getattr(module, "__file__", None):
            files.add(Path(module.__file__))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def fingerprint(config, rules, today) -> str:
    """Everything besides the file's bytes that decides its findings."""
    from importlib.metadata import entry_points

    plugins = sorted(f"{ep.name}={ep.value}" for ep in entry_points(group="planlint.rules"))
    parts = {
        "version": __version__,
        "finding": list(Finding.__dataclass_fields__),  # entries of a Finding with other fields are not ours
        "source": _source_hash(rules),
        "plugins": plugins,
        "rules": [(r.code, r.func.__module__) for r in rules],
        "options": config.options(),
        "severity": config.severity,
        "per_file_ignores": config.per_file_ignores,
        "languages": config.languages,
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
            fd = os.open(self.root / key[:2] / key, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None  # a FIFO or device in place of an entry
                checksum, _, body = handle.read(_MAX_ENTRY).partition(b"\n")
            if checksum.decode("ascii", "replace") != _checksum(key, body):
                return None
            raw = json.loads(body)
            findings = [Finding(**{**f, "path": path}) for f in raw["findings"] if _valid(f)]
            checks = [(t, e) for t, e in raw["file_checks"] if isinstance(t, str) and isinstance(e, bool)]
            if len(findings) != len(raw["findings"]) or len(checks) != len(raw["file_checks"]):
                return None
            if any(os.path.exists(target) != exists for target, exists in checks):
                return None  # a file it links to appeared or went away
            return findings
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, findings: list[Finding], file_checks=()) -> None:
        target = self.root / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            body = json.dumps({"findings": [f.__dict__ for f in findings], "file_checks": list(file_checks)}).encode()
            with os.fdopen(fd, "wb") as handle:
                handle.write(_checksum(key, body).encode() + b"\n" + body)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time
