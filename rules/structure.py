"""PL301-PL303: the plan's own structure contradicts itself: two sprints with one id,
risk tables that do not assess their risks, success-criteria sections that list nothing."""

from __future__ import annotations

import re

from planlint.engine import rule
from planlint.source import outside_fences
from planlint.recognise import plain

# Kinds whose ids name one thing in the plan; weeks, days and workstreams repeat across
# views of the same plan (a timeline table and a task list both have "Week 1").
NAMED_KINDS = {"sprint", "phase", "milestone", "epic", "release"}

# Risk table columns a reviewer expects, by what the header says.
RISK_COLUMN_ROLES = (
    ("Probability/Likelihood", re.compile(r"probab|likelihood|chance", re.I)),
    ("Impact/Severity", re.compile(r"impact|severity", re.I)),
    ("Mitigation", re.compile(r"mitigat|response|contingency|countermeasure", re.I)),
)
# A table is held to PL302 only when one of its columns is named for risks; tables of
# issues, blockers or escalations are recognised as risk-like but record what happened.
RISK_HEADER = re.compile(r"\b(risks?|threats?)\b", re.I)
LEVEL_ROLES = (("probability", RISK_COLUMN_ROLES[0][1]), ("impact", RISK_COLUMN_ROLES[1][1]))

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s")
_LABEL = re.compile(r"^\s*(\*\*|__)[^*_].*?(\*\*|__)\s*:?\s*$|^\s*(\*\*|__)[^*_]+:(\*\*|__)\s*$")
# Lines that say nothing: blank, rules, comments, and placeholders.
_NOTHING = re.compile(r"^\s*+([-*_]{3,}|<!--.*-->|[-*+]?\s*(tbd|tba|todo|to do|n/?a|none|-|—|–|\.\.\.|…)\.?)?\s*$", re.I)


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
            if not (_titled(ctx.source, earlier) and _titled(ctx.source, sprint)):
                continue  # "Sprint 1 Readiness Confirmation" speaks about Sprint 1
            where = f" in {parent.label}" if parent is not None else ""
            yield ctx.finding(
                sprint.line,
                f"{sprint.label} (line {sprint.line}) has the same id as {earlier.label} "
                f"(line {earlier.line}){where}; give one of them another id or merge them",
                key=f"PL301:{sprint.id}:{earlier.title}:{sprint.title}")


def _titled(source, sprint) -> bool:
    """Whether the heading gives the iteration a title of its own, set off from the id
    by a colon or a dash ("Sprint 1: Foundation", "Sprint 1 — Foundation")."""
    keyword, _, number = sprint.id.partition(" ")
    pattern = re.escape(keyword) + r"\s*#?\s*" + re.escape(number) + r"\W{0,3}?\s*[:—–-]\s*\w"
    return re.search(pattern, plain(source.line(sprint.line)), re.I) is not None


def _norm_title(sprint) -> str:
    if not sprint.title or sprint.title == sprint.id:
        return ""
    return re.sub(r"[^\w]+", " ", sprint.title.casefold()).strip()


def _all_risks(plan):
    yield from plan.risks
    for sprint in plan.iterations():
        yield from sprint.risks


def _table_of(plan, line):
    return next((t for t in plan.tables if any(r["line"] == line for r in t.rows)), None)


def _role_columns(header: list[str]) -> dict[str, int]:
    found = {}
    for i, name in enumerate(header):
        for role, pattern in RISK_COLUMN_ROLES:
            if pattern.search(plain(name)) and role not in found:
                found[role] = i
                break
    return found


def _scale_terms(scale) -> list[str]:
    terms = {re.sub(r"[\s_-]+", " ", s.casefold()).strip() for s in scale}
    return sorted(terms, key=len, reverse=True)


def _on_scale(value: str, terms: list[str]) -> bool | None:
    """True when the value starts with a level of the scale ("High 🔴", "Medium-High",
    "Low (20%)"), None when it is a number or a percentage (a scale of its own) or empty,
    False otherwise."""
    text = plain(value).casefold()
    text = re.sub(r"\s+", " ", text).strip(" *_`.:")
    if not text:
        return None
    if re.match(r"^[~<>≤≥]?\s*\d", text):
        return None
    words = re.sub(r"[\s_-]+", " ", text)
    for term in terms:
        if words == term or re.match(re.escape(term) + r"(?![a-z])", words):
            return True
    return False


@rule("PL302", "risk-table", severity="warning",
      options={"scale": ["very low", "low", "low-medium", "medium", "medium-high", "high", "very high", "critical"]})
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
        not matter; "medium-high" and "medium high" are the same level). Default:
        very low, low, low-medium, medium, medium-high, high, very high, critical.
    """
    terms = _scale_terms(ctx.options.get("scale") or [])
    by_table: dict[int, tuple[object, list]] = {}
    for risk in _all_risks(plan):
        if risk.source != "table":
            continue
        table = _table_of(plan, risk.line)
        key = table.line if table is not None else risk.line
        by_table.setdefault(key, (table, []))[1].append(risk)

    for header_line, (table, risks) in sorted(by_table.items(), key=lambda kv: kv[0]):
        header = list(table.header) if table is not None else list(risks[0].columns)
        if not any(RISK_HEADER.search(plain(h)) for h in header):
            continue
        roles = _role_columns(header)
        missing = [role for role, _ in RISK_COLUMN_ROLES if role not in roles]
        if missing:
            shown = ", ".join(plain(h) for h in header)
            line = header_line if table is not None else max(1, risks[0].line - 2)
            yield ctx.finding(
                line,
                f"risk table (line {line}, columns {shown}) has no {' and no '.join(missing)} column",
                key=f"PL302:missing:{shown}:{risks[0].title}")

        rows = {r["line"]: r["cells"] for r in table.rows} if table is not None else {}
        cells_of = {}
        for risk in risks:
            cells = rows.get(risk.line)
            if cells is None:
                cells = list(risk.columns.values())
            cells_of[risk.line] = list(cells) + [""] * (len(header) - len(cells))
        for risk in risks:
            empty = [plain(h) for h, c in zip(header, cells_of[risk.line]) if plain(h) and not c.strip()]
            if empty:
                yield ctx.finding(
                    risk.line,
                    f"risk '{risk.title}' (line {risk.line}) has an empty {', '.join(empty)} cell"
                    + ("s" if len(empty) > 1 else ""),
                    key=f"PL302:empty:{risk.title}:{','.join(empty)}")

        for role, pattern in LEVEL_ROLES:
            index = next((i for i, h in enumerate(header) if pattern.search(plain(h))), None)
            if index is None:
                continue
            verdicts = [(risk, cells_of[risk.line][index], _on_scale(cells_of[risk.line][index], terms))
                        for risk in risks]
            if not any(verdict is True for _, _, verdict in verdicts):
                continue  # the column describes consequences in words, not levels
            for risk, value, verdict in verdicts:
                if verdict is False:
                    yield ctx.finding(
                        risk.line,
                        f"risk '{risk.title}' (line {risk.line}) has {plain(header[index])} "
                        f"'{plain(value)}', which is not on the scale ({', '.join(ctx.options['scale'])})",
                        key=f"PL302:scale:{risk.title}:{role}:{plain(value)}")


def _uncommented(source, number: int) -> str:
    return re.sub(r"<!--.*?(?:-->|$)", "", source.line(number))


def _heading_level(text: str) -> int | None:
    m = _HEADING.match(text)
    return len(m.group(1)) if m else None


def _scope(source, line: int) -> list[str]:
    """The lines a criteria heading or label covers: up to the next heading of the same
    or a higher level (for a bold label: the next heading or label)."""
    level = _heading_level(_uncommented(source, line))
    out = []
    prose = {n for n, _ in outside_fences(source.lines[line:], line + 1)}
    for number in range(line + 1, len(source.lines) + 1):
        text = _uncommented(source, number)
        if number in prose:
            other = _heading_level(text)
            if other is not None and (level is None or other <= level):
                break
            if level is None and _LABEL.match(text):
                break
        out.append(text)
    return out


def _label_rest(text: str, title: str) -> str:
    """What follows a criteria label on its own line ("**Success Criteria**: 99% uptime")."""
    m = re.match(r"^\s*(#{1,6}\s+)?(\*\*|__)?(.*?)(\*\*|__)?\s*:(.*)$", text)
    return plain(m.group(5)) if m else ""


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
        if section.items:
            continue
        if _label_rest(_uncommented(ctx.source, section.line), section.title):
            continue
        scope = _scope(ctx.source, section.line)
        if all(_NOTHING.match(text) for text in scope):
            where = f" in {sprint.label}" if sprint is not None else ""
            yield ctx.finding(section.line,
                              f"'{section.title}' (line {section.line}){where} lists no criteria",
                              key=f"PL303:{where}:{section.title}")
