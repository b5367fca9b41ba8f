import os
import subprocess
import sys
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


def run_cli(*args, cwd=None, env=None, input=None):
    """The real `planlint` command as a subprocess: exit code and separate streams."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in (env or {}) else None
    return subprocess.run(
        [sys.executable, "-m", "planlint", *map(str, args)],
        cwd=cwd, env=full_env, capture_output=True, text=True, input=input, timeout=120,
    )
