"""Recognisers, one table per shape met in real plans."""

import pytest

from planlint import recognise as rz


@pytest.mark.parametrize("heading, kind, id_, title, about", [
    ("Sprint C: Page Implementation (Current - 2 weeks)", "sprint", "Sprint C", "Page Implementation", False),
    ("Sprint #2: Foo", "sprint", "Sprint 2", "Foo", False),
    ("🚀 Sprint 1 - Foundation", "sprint", "Sprint 1", "Foundation", False),
    ("**Sprint 3** — Hardening", "sprint", "Sprint 3", "Hardening", False),
    ("Current Sprint: Sprint 1 - Foundation & Core Services", "sprint", "Sprint 1", "Foundation & Core Services", False),
    ("Phase 1 Milestones (Weeks 1-4)", "phase", "Phase 1", "Milestones", False),
    ("Phase 2C: Replication", "phase", "Phase 2C", "Replication", False),
    ("Week 5-6: P2P Networking", "week", "Week 5-6", "P2P Networking", False),
    ("Weeks 5–9: Building", "week", "Week 5-9", "Building", False),
    ("Day 1-2: Unit Testing", "day", "Day 1-2", "Unit Testing", False),
    ("Milestone 1.1", "milestone", "Milestone 1.1", "", False),
    ("Iteration 4 – Polish", "iteration", "Iteration 4", "Polish", False),
    ("Epic G: Platform", "epic", "Epic G", "Platform", False),
    ("**Production Readiness Track** (Production Agent)", "workstream", "Production Readiness Track", "Production Readiness", False),
    ("Sprint C Deliverables", "sprint", "Sprint C", "Deliverables", True),
    ("Sprint A Progress", "sprint", "Sprint A", "Progress", True),
    ("Week 1 → Week 2 Transition", "week", "Week 1", "→ Week 2 Transition", True),
])
def test_iteration_headings(heading, kind, id_, title, about):
    found = rz.iteration_heading(heading)
    assert (found.kind, found.id, found.title, found.about) == (kind, id_, title, about)


@pytest.mark.parametrize("heading", [
    "Sprint Overview", "Sprint Health Metrics", "Metrics to Track", "Fast Track", "Phases", "Daily Standups",
    "Weekly Process", "Sprint Velocity", "Dayjob", "A Sprint 1 retrospective", "Python 3.11 upgrade",
])
def test_not_iteration_headings(heading):
    assert rz.iteration_heading(heading) is None


@pytest.mark.parametrize("rest, raw, status", [
    (": Page Implementation (Current - 2 weeks)", "", "in_progress"),
    (": Advanced Features (Optional - 1 week)", "", "optional"),
    (": Foundation (Complete)", "", "complete"),
    (": Foundation Complete", "", None),
    (" — COMPLETED", "", "complete"),
    (": Rollout", "✅ Sprint 2: Rollout", "complete"),
    (": Rollout", "🚧 Sprint 2: Rollout", "in_progress"),
])
def test_heading_status(rest, raw, status):
    assert rz.heading_status(rest, raw) == status


@pytest.mark.parametrize("line, fields", [
    ("**Duration**: 2 weeks | **Team Size**: 3-4 developers | **Status**: In Progress",
     [("Duration", "2 weeks", 1), ("Team Size", "3-4 developers", 25), ("Status", "In Progress", 57)]),
    ("- **Estimated Hours**: 20h", [("Estimated Hours", "20h", 3)]),
    ("**Duration:** 2-3 weeks", [("Duration", "2-3 weeks", 1)]),
    ("*Last Updated*: Current Date", [("Last Updated", "Current Date", 1)]),
    ("**Success Criteria**:", [("Success Criteria", "", 1)]),
    ("plain text: not a field", []),
])
def test_fields(line, fields):
    assert rz.fields_in_line(line) == fields


@pytest.mark.parametrize("line, heading", [
    ("**Success Criteria**:", "Success Criteria"),
    ("**🎯 Priority P.1: Production Infrastructure** (4-5 hours)", "🎯 Priority P.1: Production Infrastructure (4-5 hours)"),
    ("**Milestone 1.1**: Clean Build Environment", "Milestone 1.1: Clean Build Environment"),
    ("**Phase 1: Production Readiness (4 Parallel Sprints)**", "Phase 1: Production Readiness (4 Parallel Sprints)"),
    ("**Duration**: 2 weeks", None),
    ("**Week 1 Target**: 60% completion", None),
    ("Some **bold** words", None),
])
def test_pseudo_headings(line, heading):
    assert rz.pseudo_heading(line) == heading


@pytest.mark.parametrize("text, id_, rest", [
    ("**P.1.1**: Docker containerization", "P.1.1", "Docker containerization"),
    ("QL-012 GraphQL API", "QL-012", "GraphQL API"),
    ("T-1305: Fix login", "T-1305", "Fix login"),
    ("Implement dashboard layout", None, "Implement dashboard layout"),
    ("Sprint 2 planning", None, "Sprint 2 planning"),
    ("**US-RAG-004**: Agentic RAG", "US-RAG-004", "Agentic RAG"),
    ("US-2.5 Offline mode", "US-2.5", "Offline mode"),
    ("US 4: Login", "US 4", "Login"),
    ("Story 11.24: Data Contract Alignment", "Story 11.24", "Data Contract Alignment"),
    ("**11.3** SEC-007 — npm audit", "11.3", "SEC-007 — npm audit"),
    ("#12 Fix the export", "#12", "Fix the export"),
    ("T036 [US1] Update the template", "T036", "[US1] Update the template"),
    ("2.5 hours of pairing", None, "2.5 hours of pairing"),
    ("API 2 migration", None, "API 2 migration"),
])
def test_item_ids(text, id_, rest):
    assert rz.item_id(text) == (id_, rest)


@pytest.mark.parametrize("header, roles", [
    # "Story Points" is a points column, not the "Story" a task belongs to
    (["ID", "Story Title", "Story Points", "Status"], {"id": 0, "title": 1, "estimate": 2, "status": 3}),
    (["Task", "Story", "Estimate", "Status"], {"title": 0, "parent": 1, "estimate": 2, "status": 3}),
    # the id is the column that says so most fully, not the row number
    (["#", "Story ID", "Title", "Est.", "Status"], {"id": 1, "title": 2, "estimate": 3, "status": 4}),
    (["Story", "Title", "Result"], None),
])
def test_work_tables(header, roles):
    assert rz.work_columns(header) == roles


@pytest.mark.parametrize("header, roles", [
    (["Risk", "Probability", "Impact", "Mitigation"], {"risk": 0, "probability": 1, "impact": 2, "mitigation": 3}),
    (["Impact", "Risk", "Owner", "Likelihood", "Mitigation Strategy"], {"impact": 0, "risk": 1, "probability": 3, "mitigation": 4}),
    (["Risk", "Notes"], None),
    (["Issue", "Impact", "Owner", "Status", "Resolution"], None),
])
def test_risk_tables(header, roles):
    assert rz.risk_columns(header) == roles


@pytest.mark.parametrize("text, kind", [
    ("Success Criteria", "criteria"), ("✅ ACCEPTANCE CRITERIA (Cross-Sprint)", "criteria"),
    ("Definition of Done", "criteria"), ("Risk Assessment", "risks"), ("Risk Matrix - Overall Project", "risks"),
    ("Sprint C Deliverables", "deliverables"), ("Key Deliverables", "deliverables"), ("Tasks", "tasks"),
    ("Change Log", "changelog"), ("Communication Plan", None), ("Risk Level", None),
])
def test_section_kinds(text, kind):
    assert rz.section_kind(text) == kind
