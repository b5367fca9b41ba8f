"""Every rule against its fixture: tests/fixtures/rules/<CODE>.md holds failing cases,
each expected finding marked on its line with its rule and pieces of its message
(`<!-- expect: PL201 "600h" "440h" -->`; one comment per finding, so two findings on a
line need two; `\u2705` stands for a character, where the character itself would change
the line), and a "## Clean" section of cases that must stay silent. Optional
`<!-- planlint-test: today=2025-10-06 option=value -->` sets the reference date and
rule options. A history rule's fixture has a baseline beside it, <CODE>.base.md: the
plan as it was. A reading that takes in the whole document (the sprints a plan names, the
one sprint of a burndown) has a document of its own beside it, <CODE>-<what>.md."""

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
EXPECT = re.compile(r'<!--\s*expect:\s*([A-Z]{2,4}\d{3})((?:\s+"[^"]+")+)\s*-->')
ANY_EXPECT = re.compile(r"<!--\s*expect\b.*?-->")
SETTINGS = re.compile(r"<!--\s*planlint-test:\s*(.*?)\s*-->")


def expectations(text):
    """(line, rule, pieces of the message) for every expected finding, duplicates kept."""
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        for m in ANY_EXPECT.finditer(line):
            full = EXPECT.fullmatch(m.group(0))
            assert full, f"line {number}: {m.group(0)} is not <!-- expect: CODE \"piece\" ... -->"
            pieces = [re.sub(r"\\u([0-9a-f]{4})|\\U([0-9a-f]{8})", lambda c: chr(int(c.group(1) or c.group(2), 16)), p)
                      for p in re.findall(r'"([^"]+)"', full.group(2))]
            found.append((number, full.group(1), tuple(pieces)))
    return found


def unmatched(findings, expected):
    """The expectations no finding meets, and the findings no expectation claims; each
    finding meets at most one expectation (on its line, of its rule, with every piece
    in its message)."""
    left = list(findings)
    missing = []
    for line, code, pieces in sorted(expected, key=lambda e: -len(e[2])):
        match = next((f for f in left if (f.line, f.rule) == (line, code) and all(p in f.message for p in pieces)), None)
        if match is None:
            missing.append((line, code, pieces))
        else:
            left.remove(match)
    return sorted(missing), sorted((f.line, f.rule, f.message) for f in left)


def run_fixture(path):
    code = path.stem.split("-")[0]
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
    missing, extra = unmatched(findings, expected)
    assert not missing and not extra, f"missing {missing}; unexpected {extra}"


def test_expectations_count_duplicates_and_read_the_message():
    from planlint.findings import Finding

    def at(line, message):
        return Finding("plan.md", line, 1, "PL201", "estimates-do-not-add-up", "error", message)

    expected = expectations('x <!-- expect: PL201 "600h" --> <!-- expect: PL201 "440h" -->\n')
    assert expected == [(1, "PL201", ("600h",)), (1, "PL201", ("440h",))]
    assert unmatched([at(1, "says 600h, items 440h")], expected) == ([(1, "PL201", ("440h",))], [])
    assert unmatched([at(1, "says 600h"), at(1, "says 440h")], expected) == ([], [])
    assert unmatched([at(1, "says 60h"), at(1, "says 440h")], expected)[0] == [(1, "PL201", ("600h",))]
    with pytest.raises(AssertionError, match="is not <!-- expect"):
        expectations("<!-- expect: PL201 -->")


def test_every_rule_has_a_fixture_with_failing_and_clean_cases():
    for rule in registry().rules.values():
        path = FIXTURES / f"{rule.code}.md"
        assert path.is_file(), f"{rule.code} ({rule.name}) has no fixture {path.relative_to(ROOT)}"
        text = path.read_text(encoding="utf-8")
        assert expectations(text), f"{path.name} marks no failing case"
        clean = re.split(r"^## Clean.*$", text, maxsplit=1, flags=re.M)
        assert len(clean) == 2 and clean[1].strip(), f"{path.name} has no '## Clean' section"
        assert not ANY_EXPECT.search(clean[1]), f"{path.name}: the clean section expects findings"
        if rule.needs_history:
            assert path.with_suffix(".base.md").is_file(), f"{rule.code} needs a baseline fixture"
