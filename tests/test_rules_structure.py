"""PL301-PL303, PL401 and PL501 on the real seed plans, through the real `planlint`
command. The expected (file, line, rule) sets are found here from the seed text itself,
not copied from planlint's output."""

import json
import re

import pytest

from conftest import SEEDS, run_cli

RULES = ("PL301", "PL302", "PL303", "PL401", "PL501")
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.md"))


def lines(name):
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")


def line_of(name, pattern):
    """The one line of a seed that matches a regular expression."""
    found = [n for n, text in enumerate(lines(name), 1) if re.search(pattern, text)]
    assert len(found) == 1, (name, pattern, found)
    return found[0]


def findings(*rules):
    result = run_cli("check", "--select", ",".join(rules), "--format", "json", SEEDS)
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    return {(f["path"].replace("\\", "/").rsplit("/", 1)[-1], f["line"], f["rule"])
            for f in json.loads(result.stdout)["findings"]}


def table_rows(name):
    """(line, cells) of every table row of a seed."""
    for number, text in enumerate(lines(name), 1):
        if text.startswith("|") and not re.match(r"^\|[\s|:-]+\|?\s*$", text):
            yield number, [c.strip() for c in text.strip().strip("|").split("|")]


def expected_pl301():
    # Sprint headings whose id repeats with another title, found from the headings.
    found = set()
    for name in SEED_NAMES:
        seen = {}
        for number, text in enumerate(lines(name), 1):
            m = re.match(r"^#{1,4} (?:.*?: )?(Sprint \w+)\s*[-:]\s*(.+)$", text)
            if not m:
                continue
            sprint_id, title = m.group(1), m.group(2).strip()
            if sprint_id in seen and seen[sprint_id] != title:
                found.add((name, number, "PL301"))
            seen.setdefault(sprint_id, title)
    return found


def expected_pl501():
    # A story row marked Done whose task rows (Story column = its id) are not Done.
    found = set()
    for name in SEED_NAMES:
        rows = list(table_rows(name))
        stories = {cells[0]: number for number, cells in rows
                   if re.fullmatch(r"[A-Z]+-\d+", cells[0]) and "Done" in cells[-2]}
        for number, cells in rows:
            if len(cells) > 1 and cells[1] in stories and not any("Done" in c for c in cells[2:]):
                found.add((name, stories[cells[1]], "PL501"))
    return found


# The aspirations among the seeds' success criteria, by their own words.
UNVERIFIABLE = {
    "leanvibe-next-sprint-plan.md": [
        r"\*\*Quality\*\*: Professional-grade documentation ecosystem",
        r"\*\*Resource Utilization\*\*: Optimal resource allocation",
        r"\*\*Integration\*\*: Seamless external service integration",
    ],
    "ollamamax-development-workflow.md": [
        r"Load balancing improves performance", r"Test suite provides confidence",
    ],
    "ollamamax-sprint-plan.md": [
        r"- \[ \] Complete observability$", r"Positive feedback from beta users", r"Enterprise customer adoption",
    ],
}


def test_pl301_finds_the_two_sprint_ones_of_the_quantumlayer_tracker():
    expected = expected_pl301()
    name = "quantumlayer-sprint-tracker.md"
    assert expected == {(name, line_of(name, r"^### Sprint 1: Foundation Implementation"), "PL301")}
    assert line_of(name, r"Current Sprint: Sprint 1 - Foundation & Core Services") == 3
    assert findings("PL301") == expected


def test_pl302_and_pl303_are_silent_on_the_seeds():
    # The seeds' risk tables all have Probability, Impact and Mitigation with levels on
    # the scale; the quantumlayer "Impediments & Blockers" table is not a risk table.
    name = "quantumlayer-sprint-tracker.md"
    assert line_of(name, r"^\| Issue \| Impact \| Owner \| Status \| Resolution \|")
    assert findings("PL302", "PL303") == set()


def test_pl401_flags_only_the_aspirations():
    expected = {(name, line_of(name, pattern), "PL401")
                for name, patterns in UNVERIFIABLE.items() for pattern in patterns}
    assert findings("PL401") == expected


def test_pl401_leaves_checkable_criteria_of_the_seeds_alone():
    got = {(name, line) for name, line, _ in findings("PL401")}
    name = "ollamamax-sprint-plan.md"
    for pattern in (r"Zero critical bugs", r"Security scan passes", r"<5 minute deployment time",
                    r"99\.9% uptime SLA", r"All pages load within 2 seconds", r"Mobile responsive design verified"):
        numbers = [n for n, text in enumerate(lines(name), 1) if re.search(pattern, text)]
        assert numbers, pattern
        assert not {(name, n) for n in numbers} & got, pattern


def test_pl501_finds_the_done_stories_with_open_tasks():
    expected = expected_pl501()
    name = "quantumlayer-sprint-tracker.md"
    assert expected == {(name, line_of(name, r"^\| QL-007 \|"), "PL501"),
                        (name, line_of(name, r"^\| QL-008 \|"), "PL501")}
    assert findings("PL501") == expected


def test_pl501_names_the_open_tasks_and_their_lines():
    name = "quantumlayer-sprint-tracker.md"
    result = run_cli("check", "--select", "PL501", "--format", "json", SEEDS / name)
    messages = {f["line"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    tracking = line_of(name, r"^\| Create tracking system \| QL-007")
    repository = line_of(name, r"^\| Initialize repository \| QL-008")
    assert f"'Create tracking system' (line {tracking}, in progress)" in messages[line_of(name, r"^\| QL-007 \|")]
    assert f"'Initialize repository' (line {repository}, to do)" in messages[line_of(name, r"^\| QL-008 \|")]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_all_five_rules_together_give_the_union_per_seed(name):
    expected = expected_pl301() | expected_pl501() | {
        (n, line_of(n, p), "PL401") for n, patterns in UNVERIFIABLE.items() for p in patterns}
    result = run_cli("check", "--select", ",".join(RULES), "--format", "json", SEEDS / name)
    got = {(name, f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"]}
    assert got == {e for e in expected if e[0] == name}
    assert result.returncode == (1 if got else 0)
