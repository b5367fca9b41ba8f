"""The README's commands, .ci/run and the rule docs cannot drift from the code."""

import re

from conftest import ROOT, run_cli
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


def test_docs_rules_md_is_current():
    generated = run_cli("rules", "--format", "markdown").stdout
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == generated, \
        "run: planlint rules --format markdown > docs/rules.md"
