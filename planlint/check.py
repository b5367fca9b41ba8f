"""`planlint check`: find the plan files, run the pipeline on each, collect results.

read -> parse -> rules -> per-file ignores -> inline suppressions -> sorted findings
"""

from __future__ import annotations

import contextlib
import difflib
import fnmatch
import functools
import os
import stat
import subprocess
import tempfile
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


def discover(paths: list[str], exclude: list[str] = (), root: Path | None = None) -> tuple[list[str], list[str], list[str]]:
    """Markdown files named or below the given directories (honouring .gitignore inside
    a git work tree, and going into submodules), the errors for paths that do not exist
    or hold no Markdown, and the files skipped because they are symbolic links leading
    out of their repository (outside git: out of the directory given)."""
    files: list[str] = []
    errors: list[str] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            below = _markdown_below(path)
            found = [f for f in below if not _excluded(f, exclude, root or Path.cwd())]
            if not found:
                errors.append(f"{raw}: no Markdown files (*.md, *.markdown) in this directory" if not below else
                              f"{raw}: every Markdown file in this directory is excluded by the configuration's 'exclude'")
            boundary = path
        elif path.exists() or path.is_symlink():
            found, boundary = [raw], None
        else:
            errors.append(f"{raw}: no such file or directory")
            continue
        for f in found:
            limit = _work_tree(os.path.dirname(os.path.abspath(f))) or boundary
            if limit is not None and not _inside(f, limit):
                where = "the repository" if limit is not boundary else "the directory given"
                skipped.append(f"{f}: skipped, a symbolic link leading out of {where} ({limit})")
            else:
                files.append(f)
    seen = set()
    unique = []
    for f in files:
        key = os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, errors, skipped


@functools.lru_cache(maxsize=1024)
def _work_tree(directory: str) -> str | None:
    """The closest directory at or above `directory`, as written (links not followed),
    that holds .git: the work tree (or submodule) the path is in."""
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _inside(path: str, directory) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(directory)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


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
    except (OSError, subprocess.SubprocessError):
        out = None  # not a git work tree, or no git: walk the directory
    if out is not None:
        found = []
        for name in filter(None, out.split("\0")):
            path = directory / name.rstrip("/")
            if name.lower().endswith(MARKDOWN) and (path.is_symlink() or path.is_file()):
                found.append(str(path))  # a broken link is listed, to be reported when read
            elif not path.is_symlink() and (path / ".git").exists():
                found.extend(_markdown_below(path))  # a submodule or a repository inside this one
        return sorted(found)
    found = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
        found.extend(os.path.join(root, n) for n in sorted(names) if n.lower().endswith(MARKDOWN))
    return found


def check_source(source: Source, rules: list[Rule], config: Config, registry: Registry,
                 today: date | None = None, **extra) -> list[Finding]:
    """Every finding the selected rules make on one document, suppressions applied."""
    plan = parse_plan(source, config.languages)
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
    `fix`: True rewrites the file, "diff" only plans the change. Anything unexpected while
    reading, parsing, checking or fixing it becomes this file's one-line error, so the
    other files are still checked."""
    try:
        return _check_file(path, rules, config, registry, fix=fix, today=today, cache=cache, data=data, **extra)
    except Exception as exc:
        if os.environ.get("PLANLINT_DEBUG"):
            raise
        return FileResult(path, error=internal_error(path, exc))


def internal_error(path: str, exc: Exception) -> str:
    return (f"{path}: internal error while checking this file: {type(exc).__name__}: {exc} "
            "(set PLANLINT_DEBUG=1 for the traceback, and please report it)")


def _check_file(path: str, rules: list[Rule], config: Config, registry: Registry, *, fix: bool | str = False,
                today: date | None = None, cache=None, data: bytes | None = None, **extra) -> FileResult:
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
        try:
            fixed = apply_fixes(source, rules, result.findings, data)
        except FixError as exc:
            result.error = str(exc)
            return result
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


class FixError(Exception):
    """A file --fix could not rewrite; the message names it and says why."""


def apply_fixes(source: Source, rules: list[Rule], findings: list[Finding], read: bytes) -> set[tuple[str, int]]:
    """Rewrite the lines that fixable rules found, keeping everything else byte for byte,
    provided the file still holds the bytes `read`. Returns the (rule, line) pairs fixed;
    findings not suppressed are the only ones fixed."""
    fixed, lines = planned_fixes(source, rules, findings)
    if fixed:
        replace_file(source.path, read, encode(source, lines))
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


def replace_file(path: str, read: bytes, data: bytes) -> None:
    """Put `data` in place of the file (a link's target) by writing a temporary file
    beside it, with the file's mode, and renaming it over the file; only when the file
    still holds `read`, so an edit made meanwhile is never lost. A read-only file is left
    alone, though a rename could replace it."""
    target = os.path.realpath(path)
    tmp = None
    try:
        mode = os.stat(target).st_mode
        if not mode & 0o222 or not os.access(target, os.W_OK):
            raise FixError(f"{path}: read-only, not fixed")
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=f".{os.path.basename(target)}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, stat.S_IMODE(mode))
        if Path(target).read_bytes() != read:
            raise FixError(f"{path}: changed while planlint was checking it, not fixed (run --fix again)")
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise FixError(f"{path}: cannot fix ({exc.strerror})") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
