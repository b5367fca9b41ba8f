"""`planlint check`: find the plan files, run the pipeline on each, collect results.

read -> parse -> rules -> per-file ignores -> inline suppressions -> sorted findings
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import subprocess
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import suppress
from .config import Config
from .engine import Registry, Rule, run_rules
from .findings import Finding
from .parser import parse_plan
from .source import PlanReadError, Source, decode, encode

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    fixed: int = 0  # lines rewritten by --fix (or that --fix --diff would rewrite)
    diff: str = ""  # --fix --diff: the change as a unified diff, nothing written
    lines: list[str] | None = None  # the document as read, when it is not a file to read again (stdin)


def discover(paths: list[str], exclude: list[str] = (), root: Path | None = None) -> tuple[list[str], list[str]]:
    """Markdown files named or below the given directories (honouring .gitignore inside
    a git work tree), and the errors for paths that do not exist or hold no Markdown."""
    files: list[str] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            errors.append(f"{raw}: no such file or directory")
        elif path.is_dir():
            below = _markdown_below(path)
            found = [f for f in below if not _excluded(f, exclude, root or Path.cwd())]
            if not found:
                errors.append(f"{raw}: no Markdown files (*.md, *.markdown) in this directory" if not below else
                              f"{raw}: every Markdown file in this directory is excluded by the configuration's 'exclude'")
            files.extend(found)
        else:
            files.append(raw)
    seen = set()
    unique = []
    for f in files:
        key = os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors


def _excluded(path: str, patterns, root: Path) -> bool:
    from .config import relative

    rel = relative(path, root)
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(Path(path).name, p) for p in patterns)


def _markdown_below(directory: Path) -> list[str]:
    try:
        out = subprocess.run(
            ["git", "-C", str(directory), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            capture_output=True, check=True, timeout=60,
        ).stdout.decode("utf-8", "surrogateescape")
        names = [n for n in out.split("\0") if n.lower().endswith(MARKDOWN)]
        return sorted(str(directory / n) for n in names if (directory / n).is_file())
    except (OSError, subprocess.SubprocessError):
        pass  # not a git work tree, or no git: walk the directory
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        found.extend(os.path.join(root, n) for n in sorted(names) if n.lower().endswith(MARKDOWN))
    return found


def check_source(source: Source, rules: list[Rule], config: Config, registry: Registry,
                 today: date | None = None, **extra) -> list[Finding]:
    """Every finding the selected rules make on one document, suppressions applied."""
    plan = parse_plan(source)
    skipped = config.ignored_for(source.path, registry)
    active = [r for r in rules if r.code not in skipped]
    context = dict(options=config.options(), severities=config.severity, today=today or config.today, **extra)
    comments = suppress.parse_suppressions(source.raw_lines, lambda w: (r := registry.lookup(w)) and r.code)
    findings = suppress.apply(run_rules(plan, source, [r for r in active if not r.after_suppressions], **context),
                              comments)
    late = [r for r in active if r.after_suppressions]  # PL002, which reads which comments were used
    if late:
        findings += suppress.apply(run_rules(plan, source, late, suppressions=comments,
                                             selected=frozenset(r.code for r in active), **context), comments)
    fixes = {(r.code, n) for r in active if r.fix for n, text in r.fix(source) if text != source.raw_lines[n - 1]}
    return sorted({replace(f, fixable=True) if (f.rule, f.line) in fixes else f for f in findings})


def check_file(path: str, rules: list[Rule], config: Config, registry: Registry, *, fix: bool | str = False,
               today: date | None = None, cache=None, data: bytes | None = None, **extra) -> FileResult:
    """One file's result; `data`: its content when it is not read from `path` (stdin).
    `fix`: True rewrites the file, "diff" only plans the change."""
    result = FileResult(path)
    given = data is not None  # then there is no file to read the lines from again, for reporters
    try:
        data = Path(path).read_bytes() if data is None else data
    except OSError as exc:
        result.error = f"{path}: cannot read ({exc.strerror})"
        return result
    key = cache.key(path, data) if cache is not None and not fix and extra.get("baseline") is None else None
    if key is not None:
        cached = cache.get(key, path)
        if cached is not None:
            result.findings = cached
            return result
    try:
        source = decode(data, path)
    except PlanReadError as exc:
        result.error = str(exc)
        return result
    if given:
        result.lines = list(source.raw_lines)
    shared = {**extra.pop("extra", {}), "repo_root": repo_root(Path(path))}
    result.findings = check_source(source, rules, config, registry, today, extra=shared, **extra)
    if key is not None:
        cache.put(key, result.findings, shared.get("file_checks", ()))
    if fix == "diff":
        fixed, lines = planned_fixes(source, rules, result.findings)
        names = (path, path) if Path(path).is_absolute() else (f"a/{path}", f"b/{path}")  # as git diff names them
        result.diff = "".join(line + "\n" for line in difflib.unified_diff(source.raw_lines, lines, *names, lineterm=""))
    elif fix:
        fixed = apply_fixes(source, rules, result.findings)
    if fix:
        result.fixed = len({line for _, line in fixed})
        result.findings = [f for f in result.findings if (f.rule, f.line) not in fixed]
    return result


def check_files(files: list[str], rules: list[Rule], config: Config, registry: Registry, *, fix: bool = False,
                jobs: int = 1, cache: bool = True) -> list[FileResult]:
    """Check many files, in parallel processes when there are enough of them; results
    come back in the order of `files`, as a serial run gives them."""
    today = config.today or date.today()
    store = None
    if cache:
        from .cache import Cache, fingerprint

        store = Cache(fingerprint(config, rules, today))
    args = (rules, config, registry, fix, today, store)
    if jobs <= 1 or len(files) < 2 * jobs or len(files) < 8:
        return [check_file(f, rules, config, registry, fix=fix, today=today, cache=store) for f in files]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_check_one, files, [args] * len(files), chunksize=max(1, len(files) // (jobs * 8))))


def _check_one(path: str, args) -> FileResult:
    rules, config, registry, fix, today, store = args
    return check_file(path, rules, config, registry, fix=fix, today=today, cache=store)


def repo_root(path: Path) -> Path | None:
    """The work tree a file is in (the closest directory holding .git), or None."""
    for directory in path.resolve().parents:
        if (directory / ".git").exists():
            return directory
    return None


def apply_fixes(source: Source, rules: list[Rule], findings: list[Finding]) -> set[tuple[str, int]]:
    """Rewrite the lines that fixable rules found, keeping everything else byte for byte.
    Returns the (rule, line) pairs fixed; findings not suppressed are the only ones fixed."""
    fixed, lines = planned_fixes(source, rules, findings)
    if fixed:
        Path(source.path).write_bytes(encode(source, lines))
    return fixed


def planned_fixes(source: Source, rules: list[Rule], findings: list[Finding]) -> tuple[set[tuple[str, int]], list[str]]:
    """The (rule, line) pairs the fixable rules would rewrite, and the lines after it."""
    lines = list(source.raw_lines)
    fixed: set[tuple[str, int]] = set()
    for r in rules:
        if not r.fix:
            continue
        wanted = {f.line for f in findings if f.rule == r.code}
        for number, text in r.fix(source):
            if number in wanted and lines[number - 1] != text:
                lines[number - 1] = text
                fixed.add((r.code, number))
    return fixed, lines
