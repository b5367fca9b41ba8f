"""The README's commands, .ci/run and the rule docs cannot drift from the code."""

import json
import re

import pytest

from conftest import ROOT, init_repo, run_cli
from planlint.engine import DOC_HEADINGS, registry


def readme_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv[^\n]+)\n```", text)[:2]


def test_readme_starts_with_the_two_setup_commands():
    main, tests = readme_commands()
    assert main.endswith("planlint check seeds/")
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command():
    _, tests = readme_commands()
    assert tests.replace("pip install -q", "pip install -q") in (ROOT / ".ci" / "run").read_text()


def test_every_rule_is_documented_in_full():
    for rule in registry().rules.values():
        sections = rule.sections()
        assert list(sections) == list(DOC_HEADINGS), (rule.code, list(sections))
        assert all(sections[h].strip() for h in DOC_HEADINGS), rule.code
        for option in rule.options:
            assert option in sections["Options"], (rule.code, option)


@pytest.fixture(scope="module")
def example_repo(tmp_path_factory):
    """A repository as the rule examples assume one: the files PL603's links point to."""
    repo = init_repo(tmp_path_factory.mktemp("examples") / "repo")
    for name in ("docs/FRD_QUANTUMLAYER_V2.md", "ops/runbook.md"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("# Notes\n")
    return repo


@pytest.mark.parametrize("rule", [r for r in registry().rules.values() if not r.needs_history], ids=lambda r: r.code)
def test_every_rule_example_fires_and_its_use_instead_is_clean(rule, example_repo):
    """Run as a plan in the repository with every rule selected (PL002 judges only
    comments about selected rules); history rules' examples are before/after pairs,
    covered by their fixtures and baselines."""
    sections = rule.sections()
    plan = example_repo / "docs" / "plan.md"
    for heading, fires in (("Example", True), ("Use instead", False)):
        plan.write_text(sections[heading] + "\n", encoding="utf-8")
        result = run_cli("check", "--format", "json", "--no-cache", "--today", "2026-01-01", plan, cwd=example_repo)
        assert result.returncode in (0, 1), result.stderr
        found = [f["message"] for f in json.loads(result.stdout)["findings"] if f["rule"] == rule.code]
        assert bool(found) == fires, f"{rule.code} {heading!r}: {found or 'no finding'}"


def test_docs_rules_md_is_current():
    generated = run_cli("rules", "--format", "markdown").stdout
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated, \
        "run: planlint rules --format markdown > docs/rules.md"
