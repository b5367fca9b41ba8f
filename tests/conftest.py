import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("PLANLINT_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "docs").is_dir(),
    reason=f"the shared corpus is not beside this clone ({CORPUS}); CI has it",
)


def corpus_docs():
    return sorted((CORPUS / "docs").glob("*.md")) if (CORPUS / "docs").is_dir() else []


CACHE = tempfile.mkdtemp(prefix="planlint-test-cache-")  # tests never touch the user's cache


def run_cli(*args, cwd=None, env=None, input=None):
    """The real `planlint` command as a subprocess: exit code and separate streams."""
    full_env = {**os.environ, "NO_COLOR": "1", "PLANLINT_CACHE_DIR": CACHE, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "planlint", *map(str, args)],
        cwd=cwd, env=full_env, capture_output=True, text=True, input=input, timeout=120,
    )


HISTORIES = CORPUS / "histories"

# A started sprint with estimates, criteria and a risk table; {extra} adds work items.
SPRINT = """# Plan

## Sprint 1: Build (In Progress)
**Duration**: 2 weeks

- [ ] API gateway (8h)
- [ ] Login page (12h)
{extra}
### Success Criteria
- [ ] p95 latency < 100ms

### Risks
| Risk | Probability | Impact | Mitigation |
|------|-------------|--------|------------|
| Slow API | Low | High | Cache |
"""


def git(repo, *args, env=None, check=True):
    full_env = {**os.environ, "GIT_AUTHOR_NAME": "Plan Author", "GIT_AUTHOR_EMAIL": "author@example.com",
                "GIT_COMMITTER_NAME": "Plan Author", "GIT_COMMITTER_EMAIL": "author@example.com", **(env or {})}
    return subprocess.run(["git", "-C", str(repo), *args], env=full_env, capture_output=True, text=True, check=check)


def init_repo(path):
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "commit.gpgsign", "false")
    return path


def commit(repo, message, date, author=None):
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    if author:
        env.update(GIT_AUTHOR_NAME=author, GIT_COMMITTER_NAME=author)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message, env=env)
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def replay(name, repo, delete_before=None):
    """A real repository with one commit per revision of a corpus history, each with the
    revision's author date and subject. `delete_before=N` also replays a deletion of the
    file as its own commit just before revision N. Returns the commits, oldest first."""
    import json

    meta = json.loads((HISTORIES / name / "revisions.json").read_text())
    init_repo(repo)
    commits = []
    for rev in meta["revisions"]:
        target = repo / "plan.md"
        number = int(rev["file"].split(".")[0])
        if delete_before == number:
            target.unlink()
            commits.append(commit(repo, "remove the plan", rev["date"]))
        target.write_bytes((HISTORIES / name / rev["file"]).read_bytes())
        commits.append(commit(repo, rev["subject"], rev["date"]))
    return commits
