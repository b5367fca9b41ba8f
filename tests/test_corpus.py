"""Over the shared corpus of real plans, every error is a reviewed, real defect."""

import json

from conftest import CORPUS, ROOT, needs_corpus, run_cli


def reviewed():
    entries = set()
    for line in (ROOT / "tests" / "data" / "corpus-errors.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            document, number, rule = [part.strip() for part in line.split("|")[:3]]
            entries.add((document, int(number), rule))
    return entries


@needs_corpus
def test_corpus_errors_are_the_reviewed_ones():
    result = run_cli("check", "--format", "json", "--today", "2026-11-21", CORPUS / "docs")
    assert result.returncode == 2  # one corpus document is not UTF-8 ...
    assert result.stderr.count("planlint: error:") == 1 and "PROMPT.md:1: not UTF-8" in result.stderr
    data = json.loads(result.stdout)  # ... and every other one was checked
    assert data["summary"]["files"] == len(list((CORPUS / "docs").glob("*.md")))
    errors = {(f["path"].split("/")[-1], f["line"], f["rule"]) for f in data["findings"] if f["severity"] == "error"}
    assert not errors - reviewed(), f"new errors to review (false positives?): {sorted(errors - reviewed())}"
    assert not reviewed() - errors, f"reviewed defects no longer found: {sorted(reviewed() - errors)}"
