"""Output formats for findings: one function per format, found by name through the
`planlint.reporters` entry-point group (the built-in ones are in BUILTIN), so that a
plugin can add a format as it adds rules.

A reporter is called as `reporter(results, **context)` with every file's result and
returns the text to print; it knows nothing of how rules work. It accepts and ignores
context it does not use (colour, ...), so that planlint can pass more.
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


def summary(results, hidden=None) -> dict:
    """The counts of a run; `hidden`: (findings left out by the baseline file, its path)."""
    counts = Counter(f.severity for r in results for f in r.findings)
    return {
        "files": len(results),
        "files_with_findings": sum(1 for r in results if r.findings),
        "unreadable_files": sum(1 for r in results if r.error),
        "findings": sum(counts.values()),
        "by_severity": {s: counts.get(s, 0) for s in SEVERITIES},
        "hidden_by_baseline": hidden[0] if hidden else 0,
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
    if s["files"] and not s["unreadable_files"]:
        return f"All checks passed ({_plural(s['files'], 'file')})."
    return None


def _closing_lines(results) -> list[str]:
    """The summary line, and a word on unreadable files for formats that do not list them."""
    out = [line] if (line := summary_line(results)) else []
    unreadable = summary(results)["unreadable_files"]
    if unreadable:
        out.append(f"{_plural(unreadable, 'file')} could not be read.")
    return out


def statistics(results) -> list[dict]:
    """Findings per rule, most frequent first: code, name, count, how many are fixable,
    and the severities they have (most severe first)."""
    rules: dict[str, dict] = {}
    for f in (f for r in results for f in r.findings):
        entry = rules.setdefault(f.rule, {"rule": f.rule, "name": f.name, "count": 0, "fixable": 0, "severities": []})
        entry["count"] += 1
        entry["fixable"] += f.fixable
        if f.severity not in entry["severities"]:
            entry["severities"] = sorted([*entry["severities"], f.severity], key=severity_rank, reverse=True)
    return sorted(rules.values(), key=lambda e: (-e["count"], e["rule"]))


def _hidden_line(hidden) -> list[str]:
    if not hidden or not hidden[0]:
        return []
    return [f"{_plural(hidden[0], 'finding')} hidden by the baseline file {hidden[1]} (`--no-baseline-file` shows them)."]


def summary_lines(results, colour: bool = False, hidden=None) -> list[str]:
    """The end of a text report: the summary line, the findings per rule (as
    `ruff --statistics`), how many `--fix` can rewrite, how many the baseline file
    hides, and where rules are explained."""
    line = summary_line(results)
    if not summary(results)["findings"]:
        return ([line] if line else []) + _hidden_line(hidden)
    stats = statistics(results)
    width = max(len(e["name"]) for e in stats)
    out = [line[:-1] + ":"]
    for e in stats:
        mark = "[*]" if e["fixable"] else "   "
        severity = "/".join(e["severities"])
        out.append(f"{e['count']:>5}  {e['rule']}  {mark} {e['name']:<{width}}  " +
                   (f"{_DIM}{severity}{_RESET}" if colour else severity))
    fixable = sum(e["fixable"] for e in stats)
    if fixable:
        out.append(f"[*] {fixable} fixable with `planlint check --fix` (`--fix --diff` shows the change first).")
    out += _hidden_line(hidden)
    out.append("`planlint rule CODE` explains a rule: what it checks, why, and how to write it instead.")
    return out


def _finding_line(f, colour: bool = False) -> str:
    """`path:line:col: CODE [*] severity: message (rule-name)`."""
    where, code, severity, name = f"{f.path}:{f.line}:{f.column}:", f.rule, f"{f.severity}:", f"({f.name})"
    if colour:
        where, name = f"{_BOLD}{where}{_RESET}", f"{_DIM}{name}{_RESET}"
        code, severity = (f"{_COLOURS[f.severity]}{text}{_RESET}" for text in (code, severity))
    return f"{where} {code}{' [*]' if f.fixable else ''} {severity} {f.message} {name}"


def text(results, colour: bool = False, statistics_only: bool = False, hidden=None, quiet: bool = False, **_) -> str:
    out = [] if statistics_only else [_finding_line(f, colour) for r in results for f in r.findings]
    out += [] if quiet else summary_lines(results, colour, hidden)
    return "".join(line + "\n" for line in out)


def _file_lines(result) -> list[str]:
    """A checked file's lines as written (the text under a finding), or none if it is gone."""
    from .source import PlanReadError, decode

    if result.lines is not None:
        return result.lines
    try:
        return list(decode(Path(result.path).read_bytes(), result.path).raw_lines)
    except (OSError, PlanReadError):
        return []


def _span(line: str, column: int) -> tuple[int, int]:
    """Where to mark a finding on its line: the word at its column, or the whole line's
    text for a finding about the line (column 1)."""
    start = min(max(column - 1, 0), len(line))
    if start == 0:
        start = len(line) - len(line.lstrip())
        return start, max(start + 1, len(line.rstrip()))
    end = start
    while end < len(line) and not line[end].isspace():
        end += 1
    return start, max(end, start + 1)


def full(results, colour: bool = False, hidden=None, quiet: bool = False, **_) -> str:
    """As `text`, with the line under each finding and its span marked (ruff's `full`)."""
    out = []
    for r in results:
        lines = _file_lines(r) if r.findings else []
        for f in r.findings:
            out.append(_finding_line(f, colour))
            if not 0 < f.line <= len(lines):
                continue
            source = lines[f.line - 1].replace("\t", " ")
            start, end = _span(source, f.column)
            gutter = " " * len(str(f.line))
            marks = "^" * (end - start)
            if colour:
                marks = f"{_COLOURS[f.severity]}{marks}{_RESET}"
            out += [f"{gutter} |", f"{f.line} | {source}", f"{gutter} | {' ' * start}{marks}", f"{gutter} |"]
    out += [] if quiet else summary_lines(results, colour, hidden)
    return "".join(line + "\n" for line in out)


def json_report(results, hidden=None, **_) -> str:
    findings = [f.to_dict() for r in results for f in r.findings]
    errors = [{"path": r.path, "message": r.error} for r in results if r.error]
    return json.dumps({"version": 1, "findings": findings, "errors": errors, "summary": summary(results, hidden)},
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
    """One annotation per finding, at most GITHUB_LIMIT per level, ranked so that errors
    and findings on changed lines are the ones shown; then every finding as a plain log
    line (in a group the log folds), and how many were not annotated."""
    out = []
    shown: Counter = Counter()
    left_out: Counter = Counter()
    for r in results:
        if r.error:  # an unreadable file outranks any finding
            shown["error"] += 1
            out.append(_github_command("error", r.error, file=_slashes(r.path), title="planlint: unreadable file"))
    ranked = _ranked(results, changed_lines)
    for f in ranked:
        if shown[f.severity] >= GITHUB_LIMIT:
            left_out[f.severity] += 1
            continue
        shown[f.severity] += 1
        out.append(_github_command(GITHUB_LEVELS[f.severity], f.message, file=_slashes(f.path), line=f.line,
                                   endLine=f.end_line or f.line, col=f.column, title=f"{f.rule} {f.name}"))
    if ranked:
        out.append(f"::group::planlint: {_plural(len(ranked), 'finding')}")
        out += [_finding_line(f) for r in results for f in r.findings]
        out.append("::endgroup::")
    if left_out:
        parts = [_plural(left_out[s], s) for s in reversed(SEVERITIES) if left_out[s]]
        out.append(f"planlint: {_plural(sum(left_out.values()), 'finding')} not annotated ({', '.join(parts)}): "
                   f"GitHub shows {GITHUB_LIMIT} annotations of each level per step; every finding is in the log above")
    out += _closing_lines(results)
    return "\n".join(out) + "\n"


# --- SARIF 2.1.0 ----------------------------------------------------------------------

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://pypi.org/project/planlint/"  # while the project declares no URL of its own
DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"  # in a source checkout or editable install


def project_urls() -> dict[str, str]:
    """The installed distribution's Project-URL entries, by lower-case label."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("planlint")
    except PackageNotFoundError:
        return {}
    urls = dict(u.split(",", 1) for u in meta.get_all("Project-URL") or () if "," in u)
    if meta.get("Home-page"):
        urls.setdefault("homepage", meta["Home-page"])
    return {label.strip().lower(): url.strip() for label, url in urls.items() if url.strip().startswith("http")}


def information_uri(urls: dict[str, str]) -> str:
    return next((urls[k] for k in ("homepage", "source", "repository") if k in urls), INFORMATION_URI)


def help_uri(rule, urls: dict[str, str], version: str = __version__, docs: Path = DOCS) -> str | None:
    """The rule's section in docs/rules.md of the installed version's source: on the
    declared source repository at the version's tag (`blob/vX.Y.Z`, as GitHub names
    it), else the file beside the installed package; None when neither is known."""
    source = next((urls[k] for k in ("source", "repository") if k in urls), None)
    if source:
        return f"{source.rstrip('/')}/blob/v{version}/docs/rules.md#{rule.anchor}"
    if docs.is_file() and docs.read_text(encoding="utf-8").startswith("# Rules\n"):
        return f"{docs.as_uri()}#{rule.anchor}"
    return None


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


def _rule_descriptor(code: str, name: str, rule, urls: dict[str, str]) -> dict:
    if rule is None:  # a finding from a rule the registry does not know (should not happen)
        return {"id": code, "name": name, "shortDescription": {"text": f"{code} {name}"}}
    doc = rule.doc or rule.summary or f"{code} {name}"
    descriptor = {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or f"{code} {rule.name}"},
        "fullDescription": {"text": doc},
        "help": {"text": doc},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    }
    if rule.func.__module__.startswith("planlint.") and (uri := help_uri(rule, urls)):  # plugins are not in our docs
        descriptor["helpUri"] = uri
    return descriptor


def sarif(results, **_) -> str:
    from .engine import registry

    known = registry().rules
    urls = project_urls()
    rules: list[dict] = []
    index: dict[str, int] = {}
    sarif_results = []
    seen_keys: Counter = Counter()
    for r in results:
        for f in r.findings:
            if f.rule not in index:
                index[f.rule] = len(rules)
                rules.append(_rule_descriptor(f.rule, f.name, known.get(f.rule), urls))
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
            "tool": {"driver": {"name": "planlint", "version": __version__, "informationUri": information_uri(urls),
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
    """A testsuite per checked file; a testcase per finding, each with its <failure>
    (CI test viewers show only the first failure of a case), a passing testcase for a
    file without findings, an <error> case for a file that could not be read."""
    root = ElementTree.Element("testsuites", {"name": "planlint"})
    totals = Counter()
    for r in results:
        suite = ElementTree.SubElement(root, "testsuite", {"name": _xml_text(r.path)})
        counts = Counter()
        if r.error:
            case = ElementTree.SubElement(suite, "testcase", {"classname": _xml_text(r.path), "name": "read", "time": "0"})
            error = ElementTree.SubElement(case, "error", {"message": _xml_text(r.error), "type": "unreadable"})
            error.text = _xml_text(f"{r.path}: {r.error}")
            counts.update(tests=1, errors=1)
        for f in r.findings:
            name = f"{f.rule} {f.name} (line {f.line}, column {f.column})"
            case = ElementTree.SubElement(suite, "testcase", {"classname": _xml_text(r.path), "name": name, "time": "0"})
            failure = ElementTree.SubElement(case, "failure", {"message": _xml_text(f"{f.rule} {f.message}"), "type": f.severity})
            failure.text = _xml_text(f"{f.path}:{f.line}:{f.column}: {f.rule} {f.message} ({f.name})")
            counts.update(tests=1, failures=1)
        if not r.error and not r.findings:
            ElementTree.SubElement(suite, "testcase", {"classname": _xml_text(r.path), "name": "all checks passed", "time": "0"})
            counts.update(tests=1)
        suite.attrib.update({k: str(counts[k]) for k in ("tests", "failures", "errors", "skipped")}, time="0")
        totals.update(counts)
    root.attrib.update({k: str(totals[k]) for k in ("tests", "failures", "errors")}, time="0")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True).replace(
        "<?xml version='1.0' encoding='utf-8'?>", '<?xml version="1.0" encoding="UTF-8"?>', 1) + "\n"


# --- GitLab Code Quality --------------------------------------------------------------

GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def _project_path(path: str) -> str:
    """A path relative to the project (CI_PROJECT_DIR in GitLab CI, else the working
    directory), with forward slashes, as GitLab matches it against the repository."""
    root = Path(os.environ.get("CI_PROJECT_DIR") or Path.cwd()).resolve()
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return _slashes(path)


def gitlab(results, **_) -> str:
    """A GitLab Code Quality report: one issue per finding, with a fingerprint that
    follows the finding's key, not its line, so a moved finding is the same issue."""
    issues = []
    seen: Counter = Counter()
    for f in (f for r in results for f in r.findings):
        path = _project_path(f.path)
        key = f"{path}\0{f.key or f.rule + ':' + f.message}"
        seen[key] += 1
        issues.append({
            "description": f"{f.message} ({f.name})",
            "check_name": f.rule,
            "fingerprint": hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest(),
            "severity": GITLAB_SEVERITIES[f.severity],
            "location": {"path": path, "lines": {"begin": f.line, "end": max(f.line, f.end_line or f.line)}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


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


BUILTIN = {
    "text": text,
    "full": full,
    "json": json_report,
    "github": github,
    "gitlab": gitlab,
    "sarif": sarif,
    "junit": junit,
    "markdown": markdown,
}

_reporters: dict | None = None
problems: list[str] = []  # reporter plugins that could not be loaded, for a warning


def reporters() -> dict:
    """Every output format by name: planlint's own, then those of plugins, loaded once
    per process. A plugin that fails to load, or names a format planlint has, is
    left out and noted in `problems`."""
    global _reporters
    if _reporters is None:
        from importlib.metadata import entry_points

        found = dict(BUILTIN)
        for ep in sorted(entry_points(group="planlint.reporters"), key=lambda e: e.name):
            if ep.value.startswith("planlint.reporters:"):
                continue  # planlint's own, in BUILTIN (also when run from a source tree)
            if ep.name in found:
                problems.append(f"reporter plugin {ep.name!r} ({ep.value}) is left out: planlint has a {ep.name!r} format")
                continue
            try:
                found[ep.name] = ep.load()
            except Exception as exc:  # a broken plugin must not stop the run
                problems.append(f"reporter plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}")
        _reporters = found
    return _reporters
