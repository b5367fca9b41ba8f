"""Output formats for findings, one function per format in REPORTERS.

A reporter gets every file's result and returns the text to print; it knows nothing of
how rules work.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path, PurePath
from urllib.parse import quote
from xml.etree import ElementTree

from . import __version__
from .findings import SEVERITIES, severity_rank

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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 and word != 'info' else ''}"


def summary_line(results) -> str | None:
    """The closing line of a report ("Found 3 findings (...) in 2 of 5 files.")."""
    s = summary(results)
    if s["findings"]:
        counts = s["by_severity"]
        parts = [_plural(counts[k], k) for k in reversed(SEVERITIES) if counts[k]]
        return (f"Found {_plural(s['findings'], 'finding')} ({', '.join(parts)}) "
                f"in {s['files_with_findings']} of {_plural(s['files'], 'file')}.")
    if not s["unreadable_files"]:
        return f"All checks passed ({_plural(s['files'], 'file')})."
    return None


def _closing_lines(results) -> list[str]:
    """The summary line, and a word on unreadable files for formats that do not list them."""
    out = [line] if (line := summary_line(results)) else []
    unreadable = summary(results)["unreadable_files"]
    if unreadable:
        out.append(f"{_plural(unreadable, 'file')} could not be read.")
    return out


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
    if line := summary_line(results):
        out.append(line)
    return "\n".join(out) + "\n"


def json_report(results, **_) -> str:
    findings = [f.to_dict() for r in results for f in r.findings]
    errors = [{"path": r.path, "message": r.error} for r in results if r.error]
    return json.dumps({"version": 1, "findings": findings, "errors": errors, "summary": summary(results)},
                      indent=2, ensure_ascii=False) + "\n"


def _ranked(results, changed_lines: dict[str, set[int]] | None = None) -> list:
    """Every finding, most important first: errors before warnings before info; within a
    severity, findings on lines changed against the baseline first; then by file and line."""
    changed = {os.path.normpath(path): set(lines) for path, lines in (changed_lines or {}).items()}

    def on_changed_line(f) -> bool:
        lines = changed.get(os.path.normpath(f.path))
        return bool(lines) and any(n in lines for n in range(f.line, max(f.line, f.end_line or f.line) + 1))

    findings = [f for r in results for f in r.findings]
    return sorted(findings, key=lambda f: (-severity_rank(f.severity), not on_changed_line(f), f.path, f.line, f.column, f.rule))


# --- GitHub Actions workflow commands -------------------------------------------------

GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
GITHUB_LIMIT = 10  # annotations of each level GitHub shows per step


def _github_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    return _github_data(value).replace(":", "%3A").replace(",", "%2C")


def _github_command(level: str, message: str, **properties) -> str:
    props = ",".join(f"{k}={_github_property(str(v))}" for k, v in properties.items())
    return f"::{level} {props}::{_github_data(message)}"


def github(results, changed_lines: dict[str, set[int]] | None = None, **_) -> str:
    """One annotation per finding, at most GITHUB_LIMIT per level (the rest counted on a
    plain line), ranked so that errors and findings on changed lines are the ones shown."""
    out = []
    shown: Counter = Counter()
    left_out: Counter = Counter()
    for r in results:
        if r.error:  # an unreadable file outranks any finding
            shown["error"] += 1
            out.append(_github_command("error", r.error, file=_slashes(r.path), title="planlint: unreadable file"))
    for f in _ranked(results, changed_lines):
        if shown[f.severity] >= GITHUB_LIMIT:
            left_out[f.severity] += 1
            continue
        shown[f.severity] += 1
        out.append(_github_command(GITHUB_LEVELS[f.severity], f.message, file=_slashes(f.path), line=f.line,
                                   endLine=f.end_line or f.line, col=f.column, title=f"{f.rule} {f.name}"))
    if left_out:
        parts = [f"{left_out[s]} more {'info findings' if s == 'info' else s + ('s' if left_out[s] != 1 else '')}"
                 for s in reversed(SEVERITIES) if left_out[s]]
        out.append(f"planlint: {', '.join(parts)} not shown as annotations; see the full report")
    out += _closing_lines(results)
    return "\n".join(out) + "\n"


# --- SARIF 2.1.0 ----------------------------------------------------------------------

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/planlint/"  # the project declares no home page yet


def _information_uri() -> str:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("planlint")
    except PackageNotFoundError:
        return INFORMATION_URI
    urls = [u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or () if "," in u]
    return next((u for u in urls + [meta.get("Home-page") or ""] if u.startswith(("https://", "http://"))), INFORMATION_URI)


def _slashes(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def _artifact_uri(path: str) -> str:
    """A relative URI with forward slashes (relative to the working directory when the
    path was given absolute); a file: URI only for a file outside the working directory."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(_slashes(str(PurePath(p))), safe="/", errors="surrogateescape")  # a non-UTF-8 name keeps its bytes


def _rule_descriptor(code: str, name: str, rule) -> dict:
    if rule is None:  # a finding from a rule the registry does not know (should not happen)
        return {"id": code, "name": name, "shortDescription": {"text": f"{code} {name}"}}
    doc = rule.doc or rule.summary or f"{code} {name}"
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or f"{code} {rule.name}"},
        "fullDescription": {"text": doc},
        "help": {"text": doc},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    }


def sarif(results, **_) -> str:
    from .engine import registry

    known = registry().rules
    rules: list[dict] = []
    index: dict[str, int] = {}
    sarif_results = []
    seen_keys: Counter = Counter()
    for r in results:
        for f in r.findings:
            if f.rule not in index:
                index[f.rule] = len(rules)
                rules.append(_rule_descriptor(f.rule, f.name, known.get(f.rule)))
            key = f.key or f"{f.rule}:{f.message}"
            seen_keys[(f.path, key)] += 1
            if seen_keys[(f.path, key)] > 1:  # the same finding twice in a file: keep fingerprints distinct
                key = f"{key}\0{seen_keys[(f.path, key)]}"
            sarif_results.append({
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": SARIF_LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _artifact_uri(f.path)},
                    "region": {"startLine": f.line, "startColumn": f.column, "endLine": max(f.line, f.end_line or f.line)},
                }}],
                "partialFingerprints": {"planlintKeyHash/v1": hashlib.sha256(key.encode("utf-8")).hexdigest()},
            })
    notifications = [{
        "level": "error",
        "message": {"text": r.error},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _artifact_uri(r.path)}}}],
    } for r in results if r.error]
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "planlint", "version": __version__, "informationUri": _information_uri(),
                                "rules": rules}},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


# --- JUnit XML ------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    """Characters XML 1.0 cannot hold at all (control characters) replaced, so the
    document stays well-formed whatever a plan contains."""
    return _NOT_XML.sub("\ufffd", value)


def junit(results, **_) -> str:
    """One testsuite; a testcase per checked file, a <failure> per finding, an <error>
    per unreadable file. `failures` and `errors` count testcases, as JUnit does."""
    s = summary(results)
    counts = {"tests": s["files"], "failures": s["files_with_findings"], "errors": s["unreadable_files"],
              "skipped": 0, "time": "0"}
    root = ElementTree.Element("testsuites", {"name": "planlint", **{k: str(v) for k, v in counts.items() if k != "skipped"}})
    suite = ElementTree.SubElement(root, "testsuite", {"name": "planlint", **{k: str(v) for k, v in counts.items()}})
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", {"name": "findings", "value": str(s["findings"])})
    for r in results:
        case = ElementTree.SubElement(suite, "testcase", {"classname": "planlint", "name": _xml_text(r.path), "time": "0"})
        if r.error:
            error = ElementTree.SubElement(case, "error", {"message": _xml_text(r.error), "type": "unreadable"})
            error.text = _xml_text(f"{r.path}: {r.error}")
        for f in r.findings:
            failure = ElementTree.SubElement(case, "failure", {"message": _xml_text(f"{f.rule} {f.message}"), "type": f.severity})
            failure.text = _xml_text(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message}")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True).replace(
        "<?xml version='1.0' encoding='utf-8'?>", '<?xml version="1.0" encoding="UTF-8"?>', 1) + "\n"


# --- Markdown (pull-request comments, job summaries) ----------------------------------

MARKDOWN_ROWS = 100


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def markdown(results, changed_lines: dict[str, set[int]] | None = None, **_) -> str:
    out = ["## planlint", ""]
    out += [" ".join(_closing_lines(results)), ""]
    findings = _ranked(results, changed_lines)
    if findings:
        out += ["| Severity | Location | Rule | Message |", "|---|---|---|---|"]
        out += [f"| {f.severity} | {_cell(f'{f.path}:{f.line}')} | {f.rule} {f.name} | {_cell(f.message)} |"
                for f in findings[:MARKDOWN_ROWS]]
        if len(findings) > MARKDOWN_ROWS:
            out += ["", f"... and {len(findings) - MARKDOWN_ROWS} more"]
    else:
        out.append("No findings.")
    unreadable = [r for r in results if r.error]
    if unreadable:
        out += ["", "Files that could not be read:", ""]
        out += [f"- {_cell(r.path)}: {_cell(r.error)}" for r in unreadable]
    return "\n".join(out) + "\n"


REPORTERS = {
    "text": text,
    "json": json_report,
    "github": github,
    "sarif": sarif,
    "junit": junit,
    "markdown": markdown,
}
