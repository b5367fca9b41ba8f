"""Every rule against its fixture: tests/fixtures/rules/<CODE>.md holds failing cases,
each offending line marked `<!-- expect: CODE -->`, and a "## Clean" section of cases
that must stay silent. Optional `<!-- planlint-test: today=2025-10-06 option=value -->`
sets the reference date and rule options. A history rule's fixture has a baseline
beside it, <CODE>.base.md: the plan as it was."""

import json
import re
from datetime import date

import pytest

from conftest import ROOT
from planlint.check import check_source
from planlint.config import Config
from planlint.engine import registry
from planlint.diff import diff_plans
from planlint.parser import parse_file
from planlint.source import read_source

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
EXPECT = re.compile(r"<!--\s*expect:\s*([A-Z0-9, ]+?)\s*-->")
SETTINGS = re.compile(r"<!--\s*planlint-test:\s*(.*?)\s*-->")


def expectations(text):
    found = set()
    for number, line in enumerate(text.split("\n"), 1):
        for m in EXPECT.finditer(line):
            found.update((number, code) for code in re.split(r"[ ,]+", m.group(1)) if code)
    return found


def run_fixture(path):
    code = path.stem
    text = path.read_text(encoding="utf-8")
    settings = dict(kv.split("=", 1) for m in SETTINGS.finditer(text) for kv in m.group(1).split())
    today = date.fromisoformat(settings.pop("today")) if "today" in settings else date(2026, 1, 1)
    options = {code: {k: json.loads(v) for k, v in settings.items()}} if settings else {}
    config = Config(select=[code], rules=options)
    reg = registry()
    base = path.with_suffix(".base.md")
    baseline = diff_plans(parse_file(base), parse_file(path), str(path), "the baseline") if base.exists() else None
    findings = check_source(read_source(path), config.selected(reg, history=True), config, reg, today, baseline=baseline)
    return findings, expectations(text)


@pytest.mark.parametrize("path", sorted(p for p in FIXTURES.glob("*.md") if not p.name.endswith(".base.md")),
                         ids=lambda p: p.stem)
def test_rule_fixture(path):
    findings, expected = run_fixture(path)
    got = {(f.line, f.rule) for f in findings}
    missing = sorted(expected - got)
    extra = sorted((f.line, f.rule, f.message) for f in findings if (f.line, f.rule) not in expected)
    assert not missing and not extra, f"missing {missing}; unexpected {extra}"


def test_every_rule_has_a_fixture_with_failing_and_clean_cases():
    for rule in registry().rules.values():
        path = FIXTURES / f"{rule.code}.md"
        assert path.is_file(), f"{rule.code} ({rule.name}) has no fixture {path.relative_to(ROOT)}"
        text = path.read_text(encoding="utf-8")
        assert expectations(text), f"{path.name} marks no failing case"
        clean = re.split(r"^## Clean.*$", text, maxsplit=1, flags=re.M)
        assert len(clean) == 2 and clean[1].strip(), f"{path.name} has no '## Clean' section"
        assert not EXPECT.search(clean[1]), f"{path.name}: the clean section expects findings"
        if rule.needs_history:
            assert path.with_suffix(".base.md").is_file(), f"{rule.code} needs a baseline fixture"
