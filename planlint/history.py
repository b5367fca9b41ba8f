"""A plan file's history through git (GitPython), read-only.

One `git log --follow` lists the revisions (renames followed, deletions included);
blob contents come through GitPython's persistent `git cat-file --batch` process.
Each revision is parsed once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .model import Plan
from .parser import parse_plan
from .source import PlanReadError, decode

TRAILER = "Scope-Change"  # the commit trailer that accepts a scope change
_TRAILER = re.compile(r"^" + re.escape(TRAILER) + r":\s*(.+?)\s*$", re.M | re.I)


class GitError(Exception):
    """A git situation planlint cannot work in; the message says how to fix it."""


@dataclass
class Revision:
    commit: str
    date: datetime
    author: str
    email: str
    subject: str
    message: str
    path: str  # the file's path at this commit
    deleted: bool = False
    blob: str | None = None
    source: str | None = None  # the path it was renamed or copied from at this commit

    @property
    def short(self) -> str:
        return self.commit[:8]

    @property
    def scope_change(self) -> str | None:
        """The reason given in a `Scope-Change:` trailer, if the commit has one."""
        m = _TRAILER.search(self.message)
        return m.group(1) if m else None


class PlanHistory:
    """The revisions of one plan file in its git repository."""

    def __init__(self, path: str | Path):
        import git

        self.file = Path(path)
        try:
            self.repo = git.Repo(self.file.resolve().parent if self.file.exists() else Path.cwd(),
                                 search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(f"{path}: not inside a git repository (history needs one: run in a clone)") from None
        if self.repo.bare:
            raise GitError(f"{path}: {self.repo.git_dir} is a bare repository, with no plan files to compare "
                           "(run planlint in a clone with a work tree)")
        root = Path(self.repo.working_tree_dir or ".").resolve()
        try:
            self.rel = self.file.resolve().relative_to(root).as_posix()
        except ValueError:
            raise GitError(f"{path}: outside the git repository at {root}") from None
        self._revisions: list[Revision] | None = None
        self._plans: dict[str, Plan] = {}

    @property
    def shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def require_full_history(self) -> None:
        """A shallow clone's history is cut short: a plan's revisions, and the baseline of
        each started sprint, would be wrong without a word."""
        if self.shallow:
            raise GitError(f"{self.rel}: this is a shallow clone, so the plan's history is cut short; fetch it "
                           "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)")

    def resolve(self, rev: str) -> str:
        """The commit a revision name points to, or a GitError that says what to do."""
        import git

        try:
            return self.repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
        except git.GitCommandError:
            hint = " (this is a shallow clone: fetch the history, e.g. actions/checkout with fetch-depth: 0)" \
                if self.shallow else ""
            raise GitError(f"revision {rev!r} not found in {self.repo.working_tree_dir}{hint}") from None

    def revisions(self) -> list[Revision]:
        """Every revision of the file, oldest first, following renames but not copies (a
        copy is a new plan); a deletion is a revision with deleted=True."""
        if self._revisions is None:
            self._revisions = self._log("HEAD")
        return self._revisions

    def _log(self, start: str) -> list[Revision]:
        import git

        try:
            out = self.repo.git.log("-z", "--follow", "-M", "--format=%x00%H%x00%aI%x00%an%x00%ae%x00%B",
                                    "--raw", "--no-abbrev", start, "--", self.rel)
        except git.GitCommandError as exc:
            if "does not have any commits" in str(exc) or "unknown revision" in str(exc):
                out = ""
            else:
                raise GitError(f"git log failed for {self.rel}: {exc.stderr.strip() if exc.stderr else exc}") from None
        revisions = _parse_log(out)
        for i, revision in enumerate(revisions):
            if revision.source and self._copied(revision):
                revisions = revisions[:i + 1]
                break
        return revisions[::-1]

    def _copied(self, revision: Revision) -> bool:
        """`git log --follow` takes a copy for the same file: the path it came from
        still being there at that commit shows a copy, not a rename."""
        try:
            self.repo.commit(revision.commit).tree / revision.source
            return True
        except KeyError:
            return False

    def prefetch(self, revisions: list[Revision], jobs: int | None = None) -> None:
        """Parse the plans of many revisions in parallel processes (a long history); the
        blobs are read here, the parsing is spread."""
        todo = {r.blob: r for r in revisions if r.blob and not r.deleted and r.blob not in self._plans}
        jobs = jobs or os.cpu_count() or 1
        if jobs < 2 or len(todo) < 16:
            return
        from concurrent.futures import ProcessPoolExecutor

        blobs = list(todo)
        data = [(self.repo.odb.stream(bytes.fromhex(b)).read(), f"{todo[b].short}:{todo[b].path}") for b in blobs]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for blob, plan in zip(blobs, pool.map(_parse, data, chunksize=max(1, len(data) // (jobs * 4)))):
                if plan is not None:
                    self._plans[blob] = plan

    def plan(self, revision: Revision) -> Plan | None:
        """The plan as it was at a revision (None where the file was deleted or unreadable)."""
        if revision.deleted or not revision.blob:
            return None
        if revision.blob not in self._plans:
            data = self.repo.odb.stream(bytes.fromhex(revision.blob)).read()
            try:
                self._plans[revision.blob] = parse_plan(decode(data, f"{revision.short}:{revision.path}"))
            except PlanReadError:
                return None
        return self._plans[revision.blob]

    def at(self, rev: str) -> Revision | None:
        """The file's revision in effect at a commit (None: it did not exist there).
        `REV:path` reads another path, for a file that moved."""
        path = None
        if ":" in rev and not rev.startswith(":"):
            rev, path = rev.split(":", 1)
        commit = self.resolve(rev)
        if path is not None:
            found = self._exact(commit, path)
            if found is None:
                raise GitError(f"{path}: no such file at {rev} (--against {rev}:{path})")
            return found
        # the file's history as seen from the revision asked for; HEAD's history does
        # not hold it when HEAD is behind it
        revisions = self.revisions() if self._on_head(commit) else self._log(commit)
        ancestors = set(self.repo.git.rev_list(commit, "--", *self._names()).split()) if revisions else set()
        for revision in reversed(revisions):
            if revision.commit in ancestors:
                return revision
        return self._exact(commit, self.rel)

    def _on_head(self, commit: str) -> bool:
        import git

        try:
            self.repo.git.merge_base("--is-ancestor", commit, "HEAD")
            return True
        except git.GitCommandError:
            return False

    def _names(self) -> list[str]:
        return sorted({r.path for r in self.revisions()} | {self.rel})

    def _exact(self, commit: str, path: str) -> Revision | None:
        c = self.repo.commit(commit)
        try:
            blob = c.tree / path
        except KeyError:
            return None
        if blob.type != "blob":
            raise GitError(f"{path}: a directory at {c.hexsha[:8]}, not a plan file")
        return Revision(c.hexsha, c.authored_datetime, c.author.name or "", c.author.email or "",
                        c.summary if isinstance(c.summary, str) else c.summary.decode(), c.message if isinstance(c.message, str) else c.message.decode(),
                        path, blob=blob.hexsha)

    def between(self, base: Revision | None) -> list[Revision]:
        """The revisions after `base` up to HEAD, oldest first."""
        revisions = self.revisions()
        if base is None:
            return revisions
        for i, revision in enumerate(revisions):
            if revision.commit == base.commit:
                return revisions[i + 1:]
        return [r for r in revisions if r.date > base.date]


def _parse_log(out: str) -> list[Revision]:
    """Revisions from `git log -z --raw` with NUL-separated fields: NUL is the one byte
    that no commit message, name or path can hold."""
    revisions = []
    fields = out.split("\0")
    i = 0
    while i + 5 <= len(fields):
        if not fields[i].strip():
            i += 1  # between commits
            continue
        commit, date, author, email, message = fields[i:i + 5]
        i += 5
        blob, path, deleted, source = None, None, False, None
        while i < len(fields) and fields[i].lstrip("\n").startswith(":"):
            meta = fields[i].split()
            status = meta[4][0]
            count = 2 if status in "RC" else 1  # a rename or copy names the old path, then the new
            path = fields[i + count]
            source = fields[i + 1] if count == 2 else None
            deleted = status == "D"
            blob = None if deleted else meta[3]
            i += 1 + count
        if path is None:
            continue
        revisions.append(Revision(commit, datetime.fromisoformat(date), author, email,
                                  message.strip().split("\n", 1)[0], message.strip(), path, deleted, blob, source))
    return revisions


def default_baseline() -> str | None:
    """The baseline CI or pre-commit implies: the pull request's base branch, or the
    ref pre-commit pushes from."""
    if os.environ.get("PRE_COMMIT_FROM_REF"):
        return os.environ["PRE_COMMIT_FROM_REF"]
    if os.environ.get("GITHUB_BASE_REF"):
        return f"origin/{os.environ['GITHUB_BASE_REF']}"
    return None


def _parse(item: tuple[bytes, str]) -> Plan | None:
    data, name = item
    try:
        return parse_plan(decode(data, name))
    except PlanReadError:
        return None
