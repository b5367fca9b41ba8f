"""The seeds parse into what a careful reader sees in them, with exact lines."""

import re
from datetime import date

import pytest

from conftest import SEEDS
from planlint.parser import parse_file


@pytest.fixture(scope="module")
def plans():
    return {p.stem: parse_file(p) for p in sorted(SEEDS.glob("*.md"))}


def hours(sprint):
    return (sprint.estimate["low"], sprint.estimate["unit"])


def test_ollamamax_sprints_and_their_hours(plans):
    plan = plans["ollamamax-sprint-plan"]
    assert [s.id for s in plan.sprints] == ["Sprint C", "Sprint D", "Sprint E", "Sprint F", "Sprint G", "Sprint H", "Sprint I"]
    assert [hours(s) for s in plan.sprints] == [(h, "hours") for h in (80, 100, 40, 40, 40, 40, 100)]
    assert [s.status for s in plan.sprints] == ["in_progress"] + ["planned"] * 5 + ["optional"]
    assert [s.duration.text for s in plan.sprints] == ["2 weeks", "2 weeks"] + ["1 week"] * 5
    c = plan.sprints[0]
    assert (c.title, c.line, c.end_line) == ("Page Implementation", 13, 79)
    assert (c.team_size.low, c.team_size.high) == (3, 4)
    assert [cr.line for cr in c.success_criteria] == [66, 67, 68, 69, 70]
    assert c.success_criteria[1].text == "Real-time updates working with <100ms latency"
    assert [(r.title, r.probability, r.impact, r.line) for r in c.risks] == [
        ("WebSocket connection issues", "Medium", "High", 75),
        ("State management complexity", "Medium", "Medium", 76),
        ("API endpoint delays", "Low", "High", 77),
    ]
    assert all(len(s.success_criteria) == 5 and len(s.risks) == 3 for s in plan.sprints)
    assert [(w.id, w.title) for w in c.children] == [("Week 1", "Core Pages"), ("Week 2", "Advanced Pages")]
    dashboard = c.children[0].work_items[0]
    assert (dashboard.title, dashboard.line, dashboard.estimate.text, dashboard.estimate.line) == ("Dashboard Page", 17, "20h", 25)
    totals = {cl.label: cl for cl in plan.claims if cl.kind == "total"}
    assert (totals["Total Effort"].value.low, totals["Total Effort"].value.approximate, totals["Total Effort"].line) == (600, True, 615)
    assert (totals["Total Timeline"].value.low, totals["Total Timeline"].value.high) == (8, 9)


def test_somaagent_sprints_and_their_weeks(plans):
    plan = plans["somaagent-sprint-coordination"]
    sprints = [s for s in plan.sprints if s.kind == "sprint"]
    assert [s.id for s in sprints] == ["Sprint A", "Sprint B", "Sprint C", "Sprint D"]
    for s in sprints:
        assert [(w.id, w.dates.start, w.dates.end) for w in s.children] == [
            ("Week 1", date(2025, 10, 4), date(2025, 10, 10)), ("Week 2", date(2025, 10, 11), date(2025, 10, 17))]
        assert (s.dates.start, s.dates.end) == (date(2025, 10, 4), date(2025, 10, 17))
        assert [d.label for d in s.children[0].day_labels] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert [len(s.deliverables) for s in sprints] == [5, 5, 6, 6]
    counts = [(c.label, c.count, c.listed, c.line) for c in plan.claims if c.label == "Key Deliverables"]
    assert counts == [("Key Deliverables", 9, 5, 24), ("Key Deliverables", 10, 5, 37),
                      ("Key Deliverables", 9, 6, 50), ("Key Deliverables", 6, 6, 64)]
    assert [(e.operands, e.operators, e.stated, e.line) for e in plan.expressions] == [([34, 10], ["/"], 3.4, 156)]


def test_development_workflow_phases_weeks_and_milestones(plans):
    plan = plans["ollamamax-development-workflow"]
    assert [(p.id, p.period.first, p.period.last, p.line) for p in plan.sprints] == [
        ("Phase 1", 1, 4, 68), ("Phase 2", 5, 9, 118), ("Phase 3", 10, 13, 156), ("Phase 4", 14, 16, 194), ("Phase 5", 17, 19, 232)]
    phase2 = plan.sprints[1]
    assert [(w.id, w.period.first, w.period.last) for w in phase2.children] == [("Week 5-6", 5, 6), ("Week 7", 7, 7), ("Week 8-9", 8, 9)]
    milestones = [m for p in plan.sprints for m in p.walk() if m.kind == "milestone"]
    assert [m.id for m in milestones][:4] == ["Milestone 1.1", "Milestone 1.2", "Milestone 1.3", "Milestone 1.4"]
    assert len(milestones) == 16
    assert milestones[0].title == "Clean Build Environment" and len(milestones[0].work_items) == 4
    assert all(m.status is None for m in milestones)  # "Foundation Complete" is a name, not a status
    assert len(plan.sprints[0].children[0].success_criteria) == 3
    assert len(plan.risks) == 13 and plan.risks[0].title == "P2P Network Complexity"
    assert plan.risks[0].mitigation == "Comprehensive logging, network simulation tools"


def test_leanvibe_single_sprint_workstreams_and_hours(plans):
    plan = plans["leanvibe-next-sprint-plan"]
    [sprint] = plan.sprints
    assert sprint.kind == "sprint" and sprint.duration.text == "2 weeks"
    assert (sprint.dates.start, sprint.dates.end) == (date(2025, 7, 15), date(2025, 7, 29))
    tracks = [w for w in sprint.walk() if w.kind == "workstream"]
    assert [t.id for t in tracks] == [
        "Production Readiness Track", "Documentation Completion Track", "Advanced Integration Track",
        "Intelligence Enhancement Track", "Orchestration Enhancement Track", "Quality Enhancement Track"]
    assert [(t.estimate["low"], t.estimate["high"]) for t in tracks] == [(10, 13), (8, 10), (8, 10), (8, 10), (6, 8), (6, 8)]
    p1 = tracks[0].work_items[0]
    assert (p1.id, p1.title, p1.estimate.low, p1.estimate.high, p1.line) == ("P.1", "Production Infrastructure", 4, 5, 97)
    assert (tracks[0].work_items[1].id, tracks[0].work_items[1].line) == ("P.1.1", 98)
    weeks = [w for w in sprint.children if w.dates]
    assert [(w.dates.start, w.dates.end) for w in weeks] == [(date(2025, 7, 15), date(2025, 7, 22)), (date(2025, 7, 22), date(2025, 7, 29))]
    assert len(sprint.success_criteria) == 20 and len(sprint.risks) == 6
    assert [(e.operands, e.stated, e.line) for e in plan.expressions] == [([6, 60], 360, 363)]


def test_quantumlayer_sprints_and_stories(plans):
    plan = plans["quantumlayer-sprint-tracker"]
    sprints = [s for s in plan.sprints if s.kind == "sprint"]
    assert [(s.id, s.title, s.line, s.status) for s in sprints] == [
        ("Sprint 1", "Foundation & Core Services", 3, "in_progress"), ("Sprint 1", "Foundation Implementation", 288, None)]
    stories = [w for w in plan.work_items if w.id and w.id.startswith("QL-")]
    assert len(stories) == 12
    ql012 = next(w for w in stories if w.id == "QL-012")
    assert (ql012.estimate.low, ql012.estimate.unit, ql012.status, ql012.line) == (5, "points", "todo", 77)
    assert sum(w.estimate.low for w in stories[:12]) == 60
    assert len(sprints[1].success_criteria) == 5


def test_every_line_is_exact(plans):
    """Each iteration's line is its heading's line; each estimate stands on its line."""
    for name, plan in plans.items():
        lines = (SEEDS / f"{name}.md").read_text(encoding="utf-8").split("\n")
        for sprint in plan.iterations():
            text = lines[sprint.line - 1]
            word = sprint.id.split()[-1] if sprint.kind != "workstream" else sprint.title.split()[0]
            if text.startswith("|"):  # a sprint's row in a week's table
                assert f"**{plan_parent(plan, sprint).id.split()[-1]}**" in text, (name, sprint.id, text)
            elif sprint.id != "Sprint":  # a document that is itself one sprint starts at its title
                assert word.split("-")[0] in text, (name, sprint.id, sprint.line, text)
            for item in sprint.work_items:
                if item.estimate:
                    assert item.estimate.text in lines[item.estimate.line - 1], (name, item.title)
                    col = item.estimate.column - 1
                    assert lines[item.estimate.line - 1][col:col + len(item.estimate.text)] == item.estimate.text
            for criterion in sprint.success_criteria:
                assert re.sub(r"[*`]", "", lines[criterion.line - 1]).find(criterion.text[:15]) >= 0, (name, criterion.text)
            for risk in sprint.risks:
                assert risk.title[:12] in lines[risk.line - 1].replace("**", ""), (name, risk.title)


def plan_parent(plan, child):
    return next(s for s in plan.iterations() if child in s.children)
