"""PL301-PL303: the plan's own structure contradicts itself: two sprints with one id,
risk tables that do not assess their risks, success-criteria sections that list nothing."""

from __future__ import annotations

import re

from planlint.engine import rule
from planlint.recognise import on_scale, plain, scale_terms

# Kinds whose ids name one thing in the plan; weeks, days and workstreams repeat across
# views of the same plan (a timeline table and a task list both have "Week 1").
NAMED_KINDS = {"sprint", "phase", "milestone", "epic", "release"}

# The columns a reviewer expects of a risk table, by role.
RISK_ROLES = ("probability", "impact", "mitigation")


def _siblings(plan):
    yield None, plan.sprints
    for sprint in plan.iterations():
        if sprint.children:
            yield sprint, sprint.children


@rule("PL301", "duplicate-sprint-id", severity="warning")
def duplicate_sprint_id(plan, ctx):
    """Two sprints, phases, milestones, epics or releases at the same level share an id
    but have different titles.

    What it does:
        Among iterations with the same parent (or both at the top of the plan), finds
        two of kind sprint, phase, milestone, epic or release with the same id ("Sprint
        1") and different titles, and reports the second, naming both. Weeks and days
        are not checked: a timeline table and a task list both have "Week 1".

    Why it matters:
        An id is how the team, the tracker and the burndown refer to an iteration.
        "Sprint 1 'Foundation & Core Services'" and "Sprint 1 'Foundation
        Implementation'" in one plan mean either a copy-paste that was never
        renumbered or two plans merged into one; nobody can say which Sprint 1 a
        ticket belongs to.

    Example:
        ## Sprint 1: Foundation & Core Services
        ...
        ## Sprint 1: Foundation Implementation

    Use instead:
        ## Sprint 1: Foundation & Core Services
        ...
        ## Sprint 2: Foundation Implementation

    Options:
        None.
    """
    for parent, sprints in _siblings(plan):
        first: dict[tuple[str, str], object] = {}
        for sprint in sprints:
            if sprint.kind not in NAMED_KINDS:
                continue
            key = (sprint.kind, sprint.id.casefold())
            earlier = first.setdefault(key, sprint)
            if earlier is sprint:
                continue
            titles = {_norm_title(s) for s in (earlier, sprint)}
            if len(titles) < 2 or "" in titles:
                continue
            if not (earlier.titled and sprint.titled):
                continue  # "Sprint 1 Readiness Confirmation" speaks about Sprint 1
            where = f" in {parent.label}" if parent is not None else ""
            yield ctx.finding(
                sprint.line,
                f"{sprint.label} (line {sprint.line}) has the same id as {earlier.label} "
                f"(line {earlier.line}){where}; give one of them another id or merge them",
                key=f"PL301:{sprint.id}:{earlier.title}:{sprint.title}")


def _norm_title(sprint) -> str:
    if not sprint.title or sprint.title == sprint.id:
        return ""
    return re.sub(r"[^\w]+", " ", sprint.title.casefold()).strip()


def _all_risks(plan):
    yield from plan.risks
    for sprint in plan.iterations():
        yield from sprint.risks


@rule("PL302", "risk-table", severity="warning", options={"scale": None})
def risk_table(plan, ctx):
    """A risk table that does not assess its risks: a missing Probability, Impact or
    Mitigation column, an empty cell, or a level that is not on the scale.

    What it does:
        Looks at every table with a Risk column. Reports, once per table on its header
        line, the columns it lacks of Probability (or Likelihood), Impact (or Severity)
        and Mitigation; every risk row with an empty cell; and every probability or
        impact that is not a level of the scale ("Hgih", "Moderate" when the scale has
        no such level). Markers after a level ("High 🔴") are ignored, and numbers
        (1-5) and percentages are accepted as a scale of their own. A column whose
        cells describe consequences in words rather than levels is not checked
        against the scale.

    Why it matters:
        A risk without a probability and an impact cannot be ranked, one without a
        mitigation has no plan behind it, and levels outside the agreed scale cannot
        be compared across sprints.

    Example:
        | Risk | Impact | Mitigation |
        |------|--------|------------|
        | API delays | Hgih | |

    Use instead:
        | Risk | Probability | Impact | Mitigation |
        |------|-------------|--------|------------|
        | API delays | Medium | High | Mock the API |

    Options:
        scale: the levels a probability or impact may take, lowest first (case does
        not matter; "medium-high" and "medium high" are the same level). Default: the
        levels of the document's languages (English: very low, low, low-medium,
        medium, medium-high, high, very high, critical; Spanish: muy bajo, bajo, medio,
        alto, muy alto, crítico; and so on).
    """
    scale = ctx.options.get("scale")
    terms = scale_terms(scale) if scale else None
    risks_by_line = {r.line: r for r in _all_risks(plan) if r.source == "table"}
    for table in plan.tables:
        if table.role != "risks":
            continue
        header = [plain(h) for h in table.header]
        missing = [role for role in RISK_ROLES if role not in table.columns]
        risks = [risks_by_line[row["line"]] for row in table.rows if row["line"] in risks_by_line]
        if not risks:
            continue
        if missing:
            shown = ", ".join(header)
            yield ctx.finding(
                table.line, f"risk table (line {table.line}, columns {shown}) has no {' and no '.join(missing)} column",
                key=f"PL302:missing:{shown}:{risks[0].title}")
        cells_of = {row["line"]: list(row["cells"]) + [""] * (len(header) - len(row["cells"])) for row in table.rows}
        for risk in risks:
            empty = [h for h, c in zip(header, cells_of[risk.line]) if h and not c.strip()]
            if empty:
                yield ctx.finding(
                    risk.line, f"risk '{risk.title}' (line {risk.line}) has an empty {', '.join(empty)} cell"
                    + ("s" if len(empty) > 1 else ""), key=f"PL302:empty:{risk.title}:{','.join(empty)}")
        for role in ("probability", "impact"):
            index = table.columns.get(role)
            if index is None:
                continue
            verdicts = [(risk, cells_of[risk.line][index], on_scale(cells_of[risk.line][index], terms) if terms
                         else risk.levels.get(role)) for risk in risks]
            if not any(verdict is True for _, _, verdict in verdicts):
                continue  # the column describes consequences in words, not levels
            for risk, value, verdict in verdicts:
                if verdict is False:
                    levels = scale or plan.risk_levels
                    shown = ", ".join(levels[:8]) + (", ..." if len(levels) > 8 else "")
                    yield ctx.finding(
                        risk.line, f"risk '{risk.title}' (line {risk.line}) has {header[index]} '{plain(value)}', "
                        f"which is not on the scale ({shown})", key=f"PL302:scale:{risk.title}:{role}:{plain(value)}")


@rule("PL303", "empty-success-criteria", severity="error")
def empty_success_criteria(plan, ctx):
    """A success-criteria (or acceptance-criteria, definition-of-done) section that lists
    nothing.

    What it does:
        Reports every heading or label that introduces success criteria, acceptance
        criteria, exit criteria or a definition of done when nothing follows it before
        the next heading of the same or a higher level: no list, no table, no
        sentence, only blank lines or placeholders such as "TBD". Criteria written in
        sub-sections below the heading count.

    Why it matters:
        An empty criteria section looks like a plan that has been thought through and
        is not one: the sprint cannot be judged done, and the policy check (PL001)
        that asks for criteria is satisfied by a heading alone.

    Example:
        ### Success Criteria

        ### Risks

    Use instead:
        ### Success Criteria
        - [ ] p95 latency < 200 ms
        - [ ] Zero critical bugs open

    Options:
        None.
    """
    sections = [(None, s) for s in plan.criteria_sections]
    for sprint in plan.iterations():
        sections += [(sprint, s) for s in sprint.criteria_sections]
    for sprint, section in sorted(sections, key=lambda pair: pair[1].line):
        if section.items or section.said:
            continue
        where = f" in {sprint.label}" if sprint is not None else ""
        yield ctx.finding(section.line, f"'{section.title}' (line {section.line}){where} lists no criteria",
                          key=f"PL303:{where}:{section.title}")
