"""`planlint check seeds/` finds the seeds' real defects, with their numbers and lines,
and stays silent on what they get right."""

import json

import pytest

from conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def findings():
    result = run_cli("check", "--format", "json", "--today", "2025-07-01", "seeds/", cwd=ROOT)
    assert result.returncode == 1 and result.stderr == ""
    return json.loads(result.stdout)["findings"]


def at(findings, name, rule, line):
    hits = [f for f in findings if f["path"].endswith(name) and f["rule"] == rule and f["line"] == line]
    assert hits, f"no {rule} on {name}:{line}"
    return hits[0]["message"]


def lines(findings, name, rule):
    return sorted(f["line"] for f in findings if f["path"].endswith(name) and f["rule"] == rule)


def test_ollamamax_total_effort_against_its_estimates(findings):
    message = at(findings, "ollamamax-sprint-plan.md", "PL201", 615)
    assert "~600 developer hours" in message and "440h" in message and "340h without optional" in message


def test_leanvibe_total_agent_hours_and_overlapping_weeks(findings):
    message = at(findings, "leanvibe-next-sprint-plan.md", "PL201", 430)
    assert "360 hours" in message and "46-58h" in message and "32, 42, 52, 62, 72, 82" in message
    message = at(findings, "leanvibe-next-sprint-plan.md", "PL103", 208)
    assert "Jul 22-29, 2025" in message and "Jul 15-22, 2025, line 199" in message and "1 day" in message


def test_somaagent_saturday_start_and_deliverable_counts(findings):
    message = at(findings, "somaagent-sprint-coordination.md", "PL102", 82)
    assert "Saturday, October 4, 2025" in message and "Monday" in message
    assert lines(findings, "somaagent-sprint-coordination.md", "PL205") == [24, 37, 50]  # D says 6 and lists 6
    assert "9 items, but 5 are listed" in at(findings, "somaagent-sprint-coordination.md", "PL205", 24)
    assert "10 items, but 5 are listed" in at(findings, "somaagent-sprint-coordination.md", "PL205", 37)


def test_quantumlayer_done_stories_with_open_tasks(findings):
    assert lines(findings, "quantumlayer-sprint-tracker.md", "PL501") == [72, 73]
    assert "line 88" in at(findings, "quantumlayer-sprint-tracker.md", "PL501", 72)


def test_mojibake_in_three_seeds_only(findings):
    for name in ("ollamamax-sprint-plan.md", "leanvibe-next-sprint-plan.md", "somaagent-sprint-coordination.md"):
        raw = (ROOT / "seeds" / name).read_text(encoding="utf-8").split("\n")
        garbled = [n for n, line in enumerate(raw, 1) if any(mark in line for mark in ("â", "ð", "Ã", "‚", "üì", "\uf8ff"))]
        assert lines(findings, name, "PL601") == garbled
    assert lines(findings, "quantumlayer-sprint-tracker.md", "PL601") == []
    assert lines(findings, "ollamamax-development-workflow.md", "PL601") == []


def test_placeholders(findings):
    assert '"Current Date"' in at(findings, "ollamamax-sprint-plan.md", "PL602", 628)
    assert lines(findings, "quantumlayer-sprint-tracker.md", "PL602") == [135, 345, 346, 350]
    assert lines(findings, "somaagent-sprint-coordination.md", "PL602") == [274, 277, 280, 283]


def test_right_arithmetic_stays_silent(findings):
    # 29 of 34 = 85% (quantumlayer velocity), 34 / 10 = 3.4 and 9 + 10 + 9 + 6 = 34 (somaagent),
    # 6 x 60 = 360 (leanvibe), the 8-9 week timeline with optional Sprint I (ollamamax)
    assert not [f for f in findings if f["rule"] in ("PL204", "PL105")]
    assert not lines(findings, "somaagent-sprint-coordination.md", "PL205") or 14 not in lines(
        findings, "somaagent-sprint-coordination.md", "PL205")
    assert not [f for f in findings if f["rule"] == "PL206"]


def test_every_finding_has_a_line_inside_its_file(findings):
    for f in findings:
        length = (ROOT / f["path"]).read_text(encoding="utf-8").count("\n") + 1
        assert 1 <= f["line"] <= length and f["column"] >= 1
