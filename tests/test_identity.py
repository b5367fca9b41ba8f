"""Work-item identity across revisions: ids of every shape, ids reused or rewritten,
renamed and moved items, sprints replaced in a rolling file, and the revisions that
change no scope at all."""

import pytest

from planlint import identity
from planlint.diff import diff_plans
from planlint.lang import lexicon
from planlint.parser import parse_plan
from planlint.scope import as_dict, as_text
from planlint.source import decode

LEX = lexicon(("en",))


def plan(text):
    return parse_plan(decode(text.encode(), "plan.md"))


def diff(before, after):
    return diff_plans(plan(before), plan(after), "plan.md", "HEAD~1")


def changes(d, kind):
    return sorted(c.item.id or c.item.title for s in d.sprints for c in s.items if c.kind == kind)


@pytest.mark.parametrize("a, b", [
    ("US 4", "US-4"), ("US-2.5", "us-2.5"), ("Story 11.24", "11.24"), ("QL-012", "QL-12"), ("T036", "t36"),
    ("#12", "#12"), ("Phase 30", "phase 30"),
])
def test_id_shapes_that_name_one_item(a, b):
    assert identity.id_key(a, LEX) == identity.id_key(b, LEX)


@pytest.mark.parametrize("a, b", [("US-4", "US-14"), ("11.2", "11.24"), ("Phase 3", "Sprint 3"), ("QL-012", "QL-0120")])
def test_id_shapes_that_name_two(a, b):
    assert identity.id_key(a, LEX) != identity.id_key(b, LEX)


SPRINT = """# Plan

## Sprint 1: Build (In Progress)
**Dates:** Oct 6-17, 2025

| ID | Story | Points | Status |
|----|-------|--------|--------|
{rows}

**Committed total:** {total} points

### Risks
- {risk}
"""


def sprint(rows, total=13, risk="Slow API"):
    return SPRINT.format(rows="\n".join(f"| {i} | {t} | {p} | {s} |" for i, t, p, s in rows), total=total, risk=risk)


BASE = [("US-1", "Login page", 5, "To do"), ("US-2", "Export to CSV", 8, "To do")]


def test_status_only_revision_reports_no_work():
    after = sprint([("US-2", "Export to CSV", 8, "Done"), ("US-1", "Login page", 5, "In progress")],
                   risk="~~Slow API~~ (resolved)")
    before = sprint(BASE).replace("Oct 6-17, 2025", "TBD")  # the date filled in later
    before = before.replace("### Risks", "Notes: first draft\n\n### Risks")
    d = diff(before, after.replace("### Risks", "Notes: reviewed with the team\n\n### Risks"))
    assert not changes(d, "added") and not changes(d, "removed")
    assert all(s.dates is None for s in d.sprints)  # no slip reported for a date that was TBD


def test_added_story_with_a_stale_stated_total():
    d = diff(sprint(BASE), sprint(BASE + [("US-3", "Audit log", 8, "To do")]))
    assert changes(d, "added") == ["US-3"]
    [s] = d.sprints
    assert (s.baseline_total, s.current_total) == ({"points": 13}, {"points": 21})
    text = as_text(d)
    assert "13 -> 21 points (+8 points, +62%)" in text and "stated 13 (line 12), items 21" in text
    points = as_dict(d)["sprints"][0]["estimate"]["points"]
    assert (points["delta"], points["percent"]) == (8, 61.54)
    assert points["stated"]["current"][0]["low"] == 13


def test_an_id_with_other_work_is_a_rewrite_with_both_titles():
    d = diff(sprint(BASE), sprint([BASE[0], ("US-2", "Payment provider migration", 8, "To do")]))
    [change] = [c for s in d.sprints for c in s.items]
    assert (change.kind, change.rewrite, change.old.title, change.item.title) == (
        "renamed", True, "Export to CSV", "Payment provider migration")
    assert "rewritten: US-2 was 'Export to CSV', now 'Payment provider migration'" in as_text(d)


def test_a_reused_id_follows_the_title():
    after = sprint([("US-1", "Payment provider migration", 5, "To do"), ("US-3", "Login page", 5, "To do"), BASE[1]])
    d = diff(sprint(BASE), after)
    assert changes(d, "added") == ["US-1"] and not changes(d, "removed")
    assert "added: US-1 'Payment provider migration' (5) (line 8) +5 points; reuses the id of 'Login page' (now US-3)" \
        in as_text(d)


def test_a_reworded_item_without_an_id_is_a_rename():
    before = "# Plan\n\n## Sprint 1 (In Progress)\n\n- [ ] Build the login page (5h)\n- [ ] Export (3h)\n"
    after = "# Plan\n\n## Sprint 1 (In Progress)\n\n- [ ] Build the login page and form (5h)\n- [ ] Export (3h)\n"
    d = diff(before, after)
    assert changes(d, "renamed") == ["Build the login page and form"]
    assert not changes(d, "added") and not changes(d, "removed")


def test_a_story_moved_between_week_tables_is_not_scope():
    week = "### Week {n}\n\n| ID | Story | Points |\n|---|---|---|\n{rows}\n"
    head = "# Plan\n\n## Sprint 2 (In Progress)\n\n"
    before = head + week.format(n=1, rows="| US-1 | Login | 5 |\n| US-2 | Export | 3 |") + "\n" + week.format(
        n=2, rows="| US-3 | Audit | 2 |")
    after = head + week.format(n=1, rows="| US-1 | Login | 5 |") + "\n" + week.format(
        n=2, rows="| US-2 | Export | 3 |\n| US-3 | Audit | 2 |")
    d = diff(before, after)
    assert not changes(d, "added") and not changes(d, "removed")
    assert changes(d, "rescheduled") == ["US-2"] and "rescheduled from Week 1: US-2 'Export'" in as_text(d)


def test_an_item_listed_twice_in_one_revision_is_one_item():
    summary = "\n## Summary\n\n| Story | Title | Est. |\n|---|---|---|\n| 1.1 | Login | 5 |\n| 1.2 | Export | 3 |\n"
    text = "# Plan\n\n## Sprint 1 (In Progress)\n\n- [ ] **Story 1.1**: Login page (5 points)\n" \
           "- [ ] **Story 1.2**: Export (3 points)\n" + summary
    d = diff(text, text)
    assert (d.baseline_items, d.current_total) == (2, {"points": 8})


def test_a_summary_list_without_ids_repeats_the_sprint_items():
    text = "# Plan\n\n## Sprint 1 (In Progress)\n\n- [ ] Login page (5h)\n- [ ] Export (3h)\n\n" \
           "## Summary\n\n- [x] Login page (5h)\n- [ ] Export (3h)\n"
    d = diff(text, text.replace("- [ ] Export (3h)\n\n", "- [ ] Export (3h)\n- [ ] Audit (2h)\n\n"))
    assert changes(d, "added") == ["Audit"]
    assert (d.baseline_items, d.baseline_total, d.current_total) == (2, {"hours": 8}, {"hours": 10})


def test_a_rolling_current_sprint_file_replaces_its_sprint():
    before = "# Current Sprint: Sprint 6\n\n## Sprint 6 (In Progress)\n**Dates:** Oct 1-14, 2025\n\n" \
             "- [x] **US-61**: Search (5 points)\n- [ ] **US-62**: Filters (3 points)\n"
    after = "# Current Sprint: Sprint 7\n\n## Sprint 7 (In Progress)\n**Dates:** Oct 15-28, 2025\n\n" \
            "- [ ] **US-71**: Alerts (8 points)\n"
    d = diff(before, after)
    [gone] = [s for s in d.sprints if s.replaced_by]
    assert (gone.id, gone.replaced_by, gone.items) == ("Sprint 6", "Sprint 7", [])
    assert "Sprint 7 (new, replaces Sprint 6)" in as_text(d)
