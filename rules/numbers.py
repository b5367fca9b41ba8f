"""Hours and numbers: totals against their parts, table totals, capacity, arithmetic in
the text, stated counts against what is listed, and ranges written backwards."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from planlint.engine import rule
from planlint.lang import fold
from planlint.quantities import format_quantity

HOURLY = {"hours", "minutes"}
_EFFORT = {"estimate", "effort"}


def hours(estimate) -> tuple[float, float] | None:
    return estimate.hours() if estimate is not None and estimate.unit in HOURLY else None


def fmt(low: float, high: float, unit: str = "hours") -> str:
    return format_quantity(round(low, 2), round(high, 2), unit)


def lines_of(items) -> str:
    numbers = sorted({i.line for i in items})
    if len(numbers) > 6:
        return f"lines {numbers[0]}-{numbers[-1]}"
    return ("line " if len(numbers) == 1 else "lines ") + ", ".join(map(str, numbers))


def agrees(claim: tuple[float, float], parts: tuple[float, float], tolerance: float, slack: float = 1e-6) -> bool:
    """Do a stated range and a computed one meet, within a relative tolerance and an
    absolute slack (the rounding of the digits written)?"""
    return parts[0] <= claim[1] * (1 + tolerance) + slack and parts[1] >= claim[0] * (1 - tolerance) - slack


def _fits(ctx, stated_value, stated, total, items) -> bool:
    """A stated total against its parts' sum: an exact one within the rounding of the
    digits written (and the `tolerance` option, 0 by default), one marked approximate
    within `approximate-tolerance`."""
    if stated_value.approximate:
        return agrees(stated, total, ctx.options["approximate-tolerance"])
    texts = [stated_value.text] + [getattr(getattr(i, "estimate", None) or i, "text", "") or "" for i in items]
    decimals = max(_decimals(t) for t in texts)
    slack = 0.5 * 10 ** -decimals * max(1, len(items)) if decimals else 1e-6
    return agrees(stated, total, ctx.options["tolerance"], slack)


def _estimated(items):
    out = []
    for item in items:
        h = hours(item.estimate)
        if h and item.counted():
            out.append((item, h))
    return out


def _sum_findings(plan, ctx, kinds):
    """Findings for the totals of some kinds, with the document's consistency as
    evidence: when the other totals read the same way add up, a wrong one is an error;
    when most of them are off, the reading may be wrong, and it is a warning."""
    families: dict[str, list] = {}
    checked = []
    for total in plan.totals:
        if total.kind in kinds and total.measure == "sum":
            shown = mismatch(total, ctx.options["approximate-tolerance"])
            checked.append((total, shown))
            families.setdefault(total.family, []).append(shown is None)
    for total, shown in checked:
        if shown is None:
            continue
        agree = families[total.family]
        confident = total.evidence == "structure" and sum(agree) >= len(agree) / 2 and len(agree) > 1
        yield total, shown, None if confident else "warning"


@rule("PL201", "estimates-do-not-add-up", severity="error",
      options={"tolerance": 0.0, "approximate-tolerance": 0.15}, lower=("warning",))
def estimates_do_not_add_up(plan, ctx):
    """A stated total effort disagrees with the estimates it is made of.

    What it does:
        Compares each stated total ("**Total Effort**: ~600 developer hours", "Total
        Agent Hours: 360 hours", a sprint's "(3-4 weeks, 176 hours)") with the sum of
        its parts: the efforts stated for the top-level sprints or phases when they
        state one, else the hour-valued Duration/Effort fields of the sections below
        (one per agent or workstream), else the estimates of the work items. Ranges add
        up as ranges (4-5h + 3-4h = 7-9h); a total in story points ("**Total Story
        Points:** 13 SP") is held to the points of the work items; a total marked
        approximate ("~", "about") gets a wider tolerance; optional sprints may be
        counted or not. A total label that repeats with different values ("Unit
        testing: Total hours estimated: 3h", "Code review: Total hours estimated:
        1h 30m") totals a category each time: it is held only to values listed right
        above it. A summary row that names its items by id, one or a range
        ("| Epic-00 | S00-01〜S00-12 | 39 |"), is held to the amounts of those items in
        the tables that list them, when every id of the range is listed. A capacity
        ("Total Capacity: 60h") is no sum: the sprint or phase efforts planned in it
        are held to it only as a warning when they exceed it. A team size
        ("チーム構成: 6名", "Team size: 5") is held to the team's split on another line
        ("体制: PM 1人 / フロント 2人 / バック 3人") and to a head-count column; when size
        and split agree, a table that does not is reported at its last row. A summary
        item that names a section ("- **Member 2**: 10 days" about "### Allocation:
        Member 2 (9 days allocated)") is held, as a warning, to the parts of the total
        that section states. A total right under a table that is also a total field
        ("Totaal geschat: 151 uur") is right when either reading adds up, and a total
        in the last sprint that adds up as the whole plan's (its work items, or the
        totals each sprint states) is read as the plan's. A phase's own estimate
        ("**Estimated Effort:** 20 hours") covers its tasks: it counts once in the
        plan's total, and is held to them when each gives its hours. The whole of a
        share of what is done ("Completed Story Points: TBD / 15") is what the same
        sprint said it planned ("Total Story Points: 13 SP"): held to it, as a warning.
        An item's estimate may be followed by a remark in parentheses ("3 pts
        (carried over)"); a summary column is held to the section table's column of
        the same name, role and unit ("Planned hours" to "Estimate (h)", never to
        "Actual (h)").

    Why it matters:
        The total is the number that gets budgeted. When it is not the sum of the work,
        either work is missing from the plan or the budget is fiction.

    Example:
        #### Dashboard Page
        - **Estimated Hours**: 20h
        #### Models Page
        - **Estimated Hours**: 24h

        **Total Effort**: ~600 developer hours

    Use instead:
        **Total Effort**: 44 developer hours

    Options:
        tolerance: relative difference accepted for exact totals beyond the rounding of
        their digits (default 0: "193 h" against 202 h of parts is a finding).
        approximate-tolerance: relative difference accepted for totals written with
        "~" or "about" (default 0.15).
    """
    categories = _category_totals(plan)
    yield from _planned_wholes(plan, ctx, "total")
    for claim in plan.claims:
        if claim.kind != "total" or claim.planned:
            continue
        stated = hours(claim.value)
        scope = next((s for s in plan.iterations() if s.id == claim.sprint), None) if claim.sprint else None
        if claim.value and claim.value.unit == "points" and id(claim) not in categories:
            yield from _points_total(ctx, claim, _work_items(plan, scope))
        if stated and claim.measure == "capacity":
            yield from _over_capacity(plan, scope, claim, stated, ctx)
        if not stated or claim.measure in ("time", "capacity"):
            continue  # what the team can do is no sum of what it plans
        parts = _parts(plan, scope, claim, local=id(claim) in categories)
        if parts is None:
            continue
        what, items, total, without_optional = parts
        if _fits(ctx, claim.value, stated, total, items) or (
                without_optional and _fits(ctx, claim.value, stated, without_optional, items)):
            continue
        if scope is not None and id(claim) not in categories and _plan_total(plan, ctx, claim, stated):
            continue  # "Total del proyecto" at the end of the last sprint: the whole plan's total
        if id(claim) not in categories and _of_categories(plan, ctx, claim, stated, categories):
            continue  # "Quality activities overall: 18h 30m" over each activity's "Total hours estimated"
        if claim.table is not None:
            shown = mismatch(claim.table, ctx.options["approximate-tolerance"])
            if shown is not None:  # wrong for the table right above it, too
                yield ctx.finding(claim.line, f"'{claim.label}' says {claim.value.text}, but the {len(claim.table.parts)} "
                                  f"amounts of the table above add up to {shown} ({lines_of(claim.table.parts)})",
                                  claim.column)
            continue
        extra = f" ({fmt(*without_optional)} without optional sprints)" if without_optional else ""
        yield ctx.finding(claim.line, f"'{claim.label}' says {claim.value.text}, but {len(items)} {what} add up to "
                          f"{fmt(*total)}{extra} ({lines_of(items)})", claim.column,
                          severity="warning" if what == _BARE else None)
    for total, shown, severity in _sum_findings(plan, ctx, ("heading", "item", "field", "prose", "overview")):
        n = len(total.parts)
        parts = {"heading": f"the {n} amounts under it", "item": f"the {n} amounts nested under it"}.get(
            total.kind, f"its {n} parts")
        if total.restates:
            parts = f"the {n} parts of the total on line {total.restates}"

        said = f"'{total.label}' says {total.text}" if total.label != total.text else f"'{total.text}'"
        yield ctx.finding(total.line, f"{said}, but {parts} add up to {shown} ({lines_of(total.parts)})",
                          total.column, severity=severity)
    yield from _section_estimates(plan, ctx)
    for sprint in plan.iterations():
        stated = hours(sprint.effort)
        items = _estimated(sprint.all_work_items())
        if not stated or len(items) < 2:
            continue
        total = (sum(h[0] for _, h in items), sum(h[1] for _, h in items))
        if not _fits(ctx, sprint.effort, stated, total, [i for i, _ in items]):
            yield ctx.finding(sprint.effort.line, f"{sprint.label} states {sprint.effort.text}, but its {len(items)} "
                              f"work-item estimates add up to {fmt(*total)} ({lines_of([i for i, _ in items])})",
                              sprint.effort.column)


_BARE = "work-item estimates (bare numbers, read as hours)"


def _planned_wholes(plan, ctx, kind):
    """"Completed Story Points: TBD / 15" after "Total Story Points: 13 SP": the whole of
    what is done is what was planned (a warning: the two lines may count differently)."""
    one = sum(1 for _ in plan.iterations()) == 1
    for claim in plan.claims:
        if claim.kind != kind or not claim.planned or claim.sprint is None and not one:
            continue  # outside an iteration, a share is of the plan's one iteration, or of one no one knows
        planned = next((c for c in plan.claims if c.line == claim.planned and c.kind == kind and c.noun == claim.noun), None)
        if planned is None:
            continue
        said, whole = (planned.count, claim.count) if kind == "count" else (planned.value.low, claim.value.low)
        unit = claim.noun if kind == "count" else claim.value.unit
        if said != whole:
            yield ctx.finding(claim.line, f"'{claim.label}' says {claim.text.strip()}: {whole:g} {unit} planned, but "
                              f"'{planned.label}' says {said:g} (line {planned.line})", claim.column, severity="warning")


def _section_estimates(plan, ctx):
    """"## Phase 2" with "**Estimated Effort:** 20 hours" over tasks that each give hours:
    the estimate against the tasks it covers (when every one of them gives its hours)."""
    totalled = {t.line for t in plan.totals}
    for sprint in plan.iterations():
        sections = [w for w in sprint.work_items if w.kind == "section" and hours(w.estimate)
                    and w.line not in totalled and w.estimate.line not in totalled]
        if not sections:
            continue
        under: dict[int, list] = {}
        for w in sprint.all_work_items():
            if w._under is not None:
                under.setdefault(id(w._under), []).append(w)
        for section in sections:
            tasks = under.get(id(section), [])
            if len(tasks) < 2 or not all(hours(t.estimate) for t in tasks):
                continue
            total = (sum(hours(t.estimate)[0] for t in tasks), sum(hours(t.estimate)[1] for t in tasks))
            if not _fits(ctx, section.estimate, hours(section.estimate), total, tasks):
                yield ctx.finding(section.estimate.line, f"'{section.title}' is estimated at {section.estimate.text}, but "
                                  f"its {len(tasks)} tasks add up to {fmt(*total)} ({lines_of(tasks)})",
                                  section.estimate.column)


def _of_categories(plan, ctx, claim, stated, categories) -> bool:
    """Does a total add up the category totals of one label stated before it?"""
    groups: dict[str, list] = {}
    for c in plan.claims:
        if id(c) in categories and c.line < claim.line and c.sprint == claim.sprint and hours(c.value):
            groups.setdefault(fold(c.label), []).append(c)
    for group in groups.values():
        total = (sum(hours(c.value)[0] for c in group), sum(hours(c.value)[1] for c in group))
        if len(group) >= 2 and _fits(ctx, claim.value, stated, total, group):
            return True
    return False


def _plan_total(plan, ctx, claim, stated) -> bool:
    """Does a total that stands in a sprint add up as the whole plan's: the plan's work
    items, or the totals each top-level sprint states?"""
    whole = _parts(plan, None, claim)
    if whole is not None and _fits(ctx, claim.value, stated, whole[2], whole[1]):
        return True
    own = {}
    for c in plan.claims:
        if c.kind == "total" and c is not claim and c.sprint and c.line < claim.line and hours(c.value):
            own[c.sprint] = c  # the last total of each sprint
    sprints = [own[s.id] for s in plan.sprints if s.id in own]
    if len(sprints) < 2 or len(sprints) < len(plan.sprints):
        return False
    total = (sum(hours(c.value)[0] for c in sprints), sum(hours(c.value)[1] for c in sprints))
    return _fits(ctx, claim.value, stated, total, sprints)


def _over_capacity(plan, scope, claim, stated, ctx):
    """"Total Capacity: 60h" against the efforts of the sprints or phases planned in it: a
    warning when they ask for more than it holds (less is slack, not a contradiction)."""
    sprints = scope.children if scope else plan.sprints
    efforts = [s for s in sprints if hours(s.effort)]
    if len(efforts) < 2:
        return
    low, high = sum(hours(s.effort)[0] for s in efforts), sum(hours(s.effort)[1] for s in efforts)
    if low > stated[1] * (1 + ctx.options["tolerance"]):
        yield ctx.finding(claim.line, f"'{claim.label}' is {claim.value.text}, but the {len(efforts)} {sprints[0].kind} "
                          f"efforts planned in it add up to {fmt(low, high)} ({lines_of([s.effort for s in efforts])}): "
                          f"over capacity", claim.column, severity="warning")


def _category_totals(plan) -> set[int]:
    """The total fields whose label repeats in one sprint with different values ("Unit
    Testing: Total hours estimated: 3h", "E2E testing: Total hours estimated: 2h 30m"):
    each totals its own category, none the whole sprint or plan."""
    values: dict = {}
    for owner in [plan, *plan.iterations()]:
        for f in owner.fields:
            values.setdefault((getattr(owner, "id", None), fold(f.key)), set()).add(fold(f.value).strip())
    return {id(c) for c in plan.claims if c.kind == "total" and len(values.get((c.sprint, fold(c.label)), ())) > 1}


_COVERED: dict = {}


def _work_items(plan, scope) -> list:
    """(item, its sprint) for the counted work items a total covers: its sprint's, or the
    whole plan's; found once per plan and scope (a plan states many totals)."""
    if _COVERED.get("plan") is not plan:
        _COVERED.clear()
        _COVERED["plan"] = plan
    key = id(scope) if scope is not None else None
    if key not in _COVERED:
        _COVERED[key] = _covered(plan, scope)
    return _COVERED[key]


def _hour_items(scope, covered) -> list:
    """(item, its hours, its sprint), an item listed again (a progress table) once."""
    key = ("hours", id(scope) if scope is not None else None)
    if key not in _COVERED:
        items, seen = [], set()
        for item, owner in covered:
            sign = (fold(item.title), hours(item.estimate))
            if hours(item.estimate) and sign not in seen:
                seen.add(sign)
                items.append((item, hours(item.estimate), owner))
        _COVERED[key] = items
    return _COVERED[key]


def _covered(plan, scope) -> list:
    owners = [scope] if scope else plan.sprints
    found = [(item, owner) for owner in owners for node in owner.walk() for item in node.work_items]
    found += [(item, None) for item in plan.work_items] if scope is None else []
    return [(item, owner) for item, owner in found if item.counted()]


def _points_total(ctx, claim, items):
    """"**Total Story Points:** 13 SP" against the points of the work items it covers."""
    estimated = [i for i, _ in items if i.estimate]
    pointed = [i for i in estimated if i.estimate.unit == "points"]
    if len(pointed) < 2 or len(pointed) < 0.8 * len(estimated):
        return
    total = (sum(i.estimate.low for i in pointed), sum(i.estimate.high for i in pointed))
    if not _fits(ctx, claim.value, (claim.value.low, claim.value.high), total, pointed):
        yield ctx.finding(claim.line, f"'{claim.label}' says {claim.value.text}, but {len(pointed)} work-item "
                          f"estimates add up to {fmt(*total, 'points')} ({lines_of(pointed)})", claim.column)


_INDEX: dict = {}


def _index(plan):
    """What every total of a plan looks up, built once per plan: its fields, the field of
    each line, the lines that hold a work item's estimate, and the lines of the hour
    totals of each sprint (in order)."""
    if _INDEX.get("plan") is not plan:
        fields = sorted([f for s in plan.iterations() for f in s.fields] + plan.fields, key=lambda f: f.line)
        totals: dict = {}
        for c in plan.claims:
            if c.kind == "total" and hours(c.value):
                totals.setdefault(c.sprint, []).append(c.line)
        _INDEX.clear()
        _INDEX.update(plan=plan, index=(fields, {f.line: f for f in fields},
                                        {i.estimate.line for s in plan.iterations() for i in s.work_items if i.estimate},
                                        {k: sorted(v) for k, v in totals.items()}))
    return _INDEX["index"]


def _parts(plan, scope, claim, local: bool = False):
    """What a total adds up: (description, items with a line, (low, high), without optional).

    In order: the hour values listed right above the total (a list that ends in its
    total), the efforts stated for the sprints, the Duration/Effort fields since the
    previous total, or the work items' estimates. A `local` total (one of a category)
    is held only to the values right above it."""
    fields, by_line, estimate_lines, totals = _index(plan)
    above = []
    line = claim.line - 1
    while line in by_line and (found := _hours_in(by_line[line])):
        above.append((by_line[line], found, None))
        line -= 1
    if len(above) >= 2:
        return _sum("values listed above it", above[::-1])
    if local:
        return None
    sprints = scope.children if scope else plan.sprints
    efforts = [s for s in sprints if hours(s.effort)]
    if len(efforts) >= 2:
        return _sum(f"{sprints[0].kind} efforts", [(s.effort, hours(s.effort), s) for s in efforts])
    earlier = totals.get(claim.sprint, [])
    since = earlier[bisect_left(earlier, claim.line) - 1] if bisect_left(earlier, claim.line) else 0
    if scope:
        window = scope.fields
    else:  # the plan's fields by line: only those since the previous total
        lines = [f.line for f in fields]
        window = fields[bisect_right(lines, since):bisect_left(lines, claim.line)]
    candidates = [f for f in window if since < f.line < claim.line and f.line not in estimate_lines
                  and "total" not in f.roles
                  and (_EFFORT & set(f.roles) or "duration" in f.roles and _hours_in(f))]
    effort_fields = [(f, _hours_in(f), None) for f in candidates]
    if len(effort_fields) >= 2:
        if any(h is None for _, h, _ in effort_fields):
            return None  # some parts give no hours: the sum is unknown
        return _sum(f"'{effort_fields[0][0].key}' values", sorted(effort_fields, key=lambda e: e[0].line))
    covered = _work_items(plan, scope)
    items = _hour_items(scope, covered)
    if len(items) < 2:
        # an "Estimate" column of bare numbers, under a total that names hours: its hours
        estimated = [i for i, _ in covered if i.estimate is not None]
        if len(estimated) >= 2 and all(i.estimate.unit == "number" for i in estimated):
            return _sum(_BARE, [(i, (i.estimate.low, i.estimate.high), None) for i in estimated])
        return None
    return _sum("work-item estimates", items)


def _hours_in(field) -> tuple[float, float] | None:
    return hours(field.amount)


def _sum(what, entries):
    total = (sum(h[0] for _, h, _ in entries), sum(h[1] for _, h, _ in entries))
    kept = [h for _, h, owner in entries if owner is None or owner.status != "optional"]
    without = (sum(h[0] for h in kept), sum(h[1] for h in kept)) if len(kept) < len(entries) else None
    return what, [e for e, _, _ in entries], total, without


@rule("PL202", "table-total", severity="error", options={"approximate-tolerance": 0.1}, lower=("warning",))
def table_total(plan, ctx):
    """A table's total row, a parent row of a hierarchical table, or a column that sums
    others disagrees with the numbers it adds up.

    What it does:
        Reads every table's numbers in the units its header or cells give ("Horas",
        "Stima (h)", "预估耗时（分钟）", "23h 40m", "R$ 19.435,00", "13 500"): a row
        labelled as a total (Total, Summe, Gesamt, Totaal, Итого, 合计, 합계, Σ, in any
        cell, alone or after a short scope: "Phase 1 合計", "Sprint 3 total") against
        the rows above it; in a hierarchical table (sub-rows marked "-",
        "·" under a parent row) each parent against its sub-rows and the total against
        the parents only; and a column that is, in most rows, the sum of the columns
        beside it, in every row. Ranges add up as ranges; cells with "-" or "TBD" hold
        no value. An exact total gets only the rounding of its digits as tolerance.

    Why it matters:
        A total row is read instead of the rows; when it is wrong, the wrong number is
        the one everyone quotes.

    Example:
        | Task | Hours |
        |------|-------|
        | API  | 20h   |
        | UI   | 16h   |
        | **Total** | **40h** |

    Use instead:
        | **Total** | **36h** |

    Options:
        approximate-tolerance: relative difference accepted for a total written with
        "~" or "approx." (default 0.1).
    """
    for total in plan.totals:
        if total.kind not in ("column", "subtotal", "row") or total.measure != "sum":
            continue
        finding = mismatch(total, ctx.options["approximate-tolerance"])
        if finding is None:
            continue
        what = {"column": f"'{total.label}' total" if total.label else "the total",
                "subtotal": f"'{total.label}'", "row": f"'{total.label}'"}[total.kind]
        parts = {"column": f"the {len(total.parts)} rows above it", "subtotal": f"its {len(total.parts)} sub-rows",
                 "row": f"the {len(total.parts)} columns beside it ({', '.join(p.label for p in total.parts[:6])})"}[total.kind]
        yield ctx.finding(total.line, f"{what} is {total.text}, but {parts} add up to {finding} "
                          f"({lines_of(total.parts) if total.kind != 'row' else 'line ' + str(total.line)})",
                          total.column, severity="warning" if total.evidence == "consistency" else None)


def mismatch(total, approximate_tolerance: float) -> str | None:
    """The parts' sum, shown, when it disagrees with the stated total; else None. An
    exact total may differ by the rounding of its digits and its parts'; a range must
    meet the parts' range at both ends."""
    low = sum(p.low for p in total.parts)
    high = sum(p.high for p in total.parts)
    decimals = max([total.decimals] + [_decimals(p.text) for p in total.parts])
    slack = 0.5 * 10 ** -decimals * max(1, len(total.parts)) + 1e-9 if decimals else 1e-9
    if total.approximate:
        slack = max(slack, approximate_tolerance * max(abs(total.low), abs(total.high)))
    if total.low == total.high:
        ok = low - slack <= total.low <= high + slack
    elif low == high:
        ok = total.low - slack <= low <= total.high + slack
    else:
        ok = abs(low - total.low) <= slack and abs(high - total.high) <= slack
    if ok:
        return None
    return show(low, high, total.unit)


def _decimals(text: str) -> int:
    m = re.search(r"[.,](\d{1,2})(?!\d)", text)
    return len(m.group(1)) if m else 0


def show(low: float, high: float, unit: str) -> str:
    def num(x):
        x = round(x, 2)
        return f"{x:g}" if abs(x) < 1e6 else f"{x:,.0f}"
    value = num(low) if abs(low - high) < 1e-9 else f"{num(low)}-{num(high)}"
    return {"hours": f"{value}h", "minutes": f"{value} min", "percent": f"{value}%", "number": value,
            "money": value}.get(unit, f"{value} {unit}")


@rule("PL203", "over-capacity", severity="warning", options={"focus-hours-per-day": 6.0, "days-per-week": 5.0})
def over_capacity(plan, ctx):
    """An iteration's estimated hours exceed what its team can do in its duration.

    What it does:
        Where a plan states a team size, a duration and hour estimates for the same
        iteration, compares the estimates with team size x working days x focus hours
        per day, and reports over-commitment.

    Why it matters:
        A sprint that needs more hours than the team has will slip; the plan should say
        so before it starts, not after.

    Example:
        ## Sprint 1 (1 week)
        **Team Size**: 1 developer
        - [ ] Build the API (40h)
        - [ ] Build the UI (30h)

    Use instead:
        ## Sprint 1 (3 weeks)
        **Team Size**: 1 developer
        - [ ] Build the API (40h)
        - [ ] Build the UI (30h)

    Options:
        focus-hours-per-day: productive hours per person per day (default 6).
        days-per-week: working days per week (default 5).
    """
    for sprint in plan.iterations():
        if not (sprint.team_size and sprint.duration and sprint.estimate and sprint.estimate["unit"] == "hours"):
            continue
        per_day = {"weeks": ctx.options["days-per-week"], "days": 1}.get(sprint.duration.unit)
        if per_day is None:
            continue
        capacity = sprint.team_size.high * sprint.duration.high * per_day * ctx.options["focus-hours-per-day"]
        if sprint.estimate["low"] > capacity:
            yield ctx.finding(sprint.line, f"{sprint.label}: {fmt(sprint.estimate['low'], sprint.estimate['high'])} of "
                              f"estimates exceed its capacity of {capacity:g}h ({sprint.team_size.text} x "
                              f"{sprint.duration.text} x {ctx.options['focus-hours-per-day']:g} focus hours a day)")


@rule("PL204", "arithmetic", severity="error", lower=("warning",))
def arithmetic(plan, ctx):
    """Arithmetic written in the plan is wrong.

    What it does:
        Evaluates calculations written in the text ("6 agents x 60 hours = 360", "34
        deliverables / 10 working days = 3.4 items/day", "29 of 34 = 85%") and velocity
        tables (Planned, Completed, and a percentage column), to the precision the
        result is written with, and rates ("13 SP over 14 days (~0.93 SP/day)"). Correct
        arithmetic stays silent. Lengths in days with their hours ("19 días hábiles
        (152 horas)") are held to the hours of a working day most such pairs of the
        document keep to: a warning, the day length being the document's, not the
        line's. A rate or an average field ("Ideal Daily Burn Rate: 0.93 SP per day",
        "Promedio diario: 8 horas") is held, as a warning, to the one total of its unit
        over the one duration or total of days among the fields around it. Two money
        columns in two currencies are held to the exchange rate the document states
        ("US$ 1,00 = R$ 5,00"). In a table of named quantities ("E = Estimated effort"),
        a row whose label gives its rate ("10 LOC per person hour", "1 person hour cost
        = 30 euro", "use overall productivity OP") is the last amount in the rate's other
        unit before it, divided or multiplied by the rate. A part of a whole and its
        percentage ("211 h sur 240 h, soit 87,9 %", "56 h su 60 h (93,3 %)") is a
        division; a table column that is the product of three others, one of them a
        rate ("Dagen | Uren/dag | Focus | Beschikbare uren"), is held row by row. A list
        whose items give an amount and its share ("- **Fase 1**: 5 días, 36 h (25,7 % del
        total)") is held to the items' sum when all items but one agree with it; a share
        column that totals 100% is held to hours or to their cost at one rate alike.
        A ratio written in words ("error ratio: sum of total hours estimation / sum of
        total hours spent - 1") is held, as a warning, to the hours the document states
        as estimated and spent (beside their role, as fields, or as a column's sum):
        reported when no pairing of them gives the value written on the next line. A
        buffer stated after exactly two amounts of its unit ("960 Stunden
        veranschlagt; 880 Stunden verplant, d.h. ein Puffer von 80 Stunden") is, as a
        warning, what the larger leaves over the smaller.

    Why it matters:
        A wrong product in a plan is copied into budgets and slides; nobody re-does the
        multiplication.

    Example:
        - **Target**: 6 agents x 60 hours = 300 total agent hours

    Use instead:
        - **Target**: 6 agents x 60 hours = 360 total agent hours

    Options:
        None.
    """
    for expr in plan.expressions:
        computed = expr.computed if expr.computed is not None else _evaluate(expr.operands, expr.operators)
        if computed is None:
            continue
        if expr.percent and "of" not in expr.operators and abs(computed * 100 - expr.stated) < abs(computed - expr.stated):
            computed *= 100  # "25 / 77 = 32%": a share written as a percentage
        precision = 0.5 * 10 ** -expr.decimals + 1e-9 if expr.decimals is not None else _precision(expr.stated)
        if abs(computed - expr.stated) > precision and not _truncated(computed, expr.stated):
            shown = " ".join(_plain(o, 12) + (f" {op}" if i < len(expr.operators) else "")
                             for i, (o, op) in enumerate(zip(expr.operands, expr.operators + [""])))
            unit = "%" if expr.percent else ""
            yield ctx.finding(expr.line, f"'{expr.text}': {shown.strip()} is {_plain(computed)}{unit}, "
                              f"not {_plain(expr.stated, 12)}{unit}", expr.column,
                              severity="warning" if expr.inferred else None)


def _plain(value: float, digits: int = 4) -> str:
    """A number as a reader writes it: 19200, 0.9286, 3.4, never 1.92e+04."""
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    whole = len(str(int(abs(value)))) if abs(value) >= 1 else 0
    return f"{value:.{max(digits - whole, 1)}f}".rstrip("0").rstrip(".")


def _truncated(computed: float, stated: float) -> bool:
    """"0.0734" for 0.07348: cut, not rounded, to the digits written."""
    text = f"{stated:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    factor = 10 ** decimals
    return int(computed * factor) / factor == stated


def _precision(stated: float) -> float:
    text = f"{stated:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals + 1e-9


def _evaluate(operands, operators) -> float | None:
    if "of" in operators:
        if operators != ["of"] or operands[1] == 0:
            return None
        return operands[0] / operands[1] * 100
    terms, current = [], operands[0]
    for op, value in zip(operators, operands[1:]):
        if op in ("x", "/"):
            if op == "/" and value == 0:
                return None
            current = current * value if op == "x" else current / value
        else:
            terms.append(current)
            current = value if op == "+" else -value
    return sum(terms) + current


@rule("PL205", "count-mismatch", severity="error", lower=("warning",))
def count_mismatch(plan, ctx):
    """A stated count disagrees with what is listed.

    What it does:
        Compares counts the plan states with what it lists: "Key Deliverables: 9 items"
        followed by 5 bullets; a total count ("34 major deliverables") against the
        counts of its parts (9 + 10 + 9 + 6); "4 fully functional main pages" against
        the pages the same sprint plans (that one as a warning); "(12 Stories)" in a
        row beside the id range S00-01〜S00-12; "3 stories, 13 SP total" against the
        work items whose points make the 13; a total in days right below a table
        of dated days ("Total días hábiles Julio: 19 días") against the days that
        carry hours (a holiday's "0h" carries none). A summary item that names a
        section and repeats its count ("- **Agosto 2024**: 15 días hábiles" under
        "Totales por Mes") is held to the same list, as a warning. A line right under
        a table that opens with a total word and a count ("Toplam 7 görev, 82 saat.",
        "In total 4 tasks") counts its rows, unless a column counts them; a team size
        ("Команда: 5 человек.", "团队：3 人") counts the names of the list or table right
        under it. A count in prose of the plan's own iterations ("iterativ in vier
        Sprints", "共 4 个迭代") is held, as a warning, to the iterations the document
        numbers from 1 without a gap, when it states more of them ("the first 2
        sprints", "Phase 1 (3 sprints)" speak of some). "Stories Completed: TBD / 4" is
        held, as a warning, to the stories the sprint committed ("Stories Committed: 3
        stories").
        A paragraph's one head count ("réalisé par 4 développeurs") is held, as a
        warning, to the people the next table numbers as its columns (RH1 .. RH4).

    Why it matters:
        A count that does not match its list means items were dropped or never
        written down, and the reader cannot tell which.

    Example:
        **Key Deliverables**: 9 items
        - Kubernetes manifests
        - Helm charts

    Use instead:
        **Key Deliverables**: 2 items
        - Kubernetes manifests
        - Helm charts

    Options:
        None.
    """
    for total in plan.totals:
        if total.measure != "count":
            continue
        stated = total.low
        if stated != len(total.parts):
            n = len(total.parts)
            listing = ", ".join(f"'{p.text}'" for p in total.parts[:4]) + (" ..." if n > 4 else "")
            said = f"'{total.label}' says {total.text}" if total.label != total.text else f"'{total.text}' says {stated:g}"
            where = {"count:headings": "named by sub-headings", "count:iterations": "named in the document",
                     "count:columns": "named as the columns of the table below",
                     "days-worked": f"day{'' if n == 1 else 's'} with hours"}.get(total.family)
            verb = f"the table above lists {n} " if total.family == "days-worked" else f"{n} {'is' if n == 1 else 'are'} "
            if total.restates:
                verb, where = f"{n} {'is' if n == 1 else 'are'} ", f"listed for the total on line {total.restates}"
            yield ctx.finding(total.line, f"{said}, but {verb}{where or 'listed'} "
                              f"({listing}; {lines_of(total.parts)})", total.column,
                              severity="warning" if total.evidence == "consistency" else None)
    counts = [c for c in plan.claims if c.kind == "count"]
    for claim in counts:
        if claim.listed is not None and claim.label and claim.count != claim.listed:
            where = f"{claim.sprint}: " if claim.sprint else ""
            yield ctx.finding(claim.line, f"{where}'{claim.label}' says {claim.text}, but {claim.listed} "
                              f"{'is' if claim.listed == 1 else 'are'} listed below it (from line {claim.list_line})",
                              claim.column)
    yield from _planned_wholes(plan, ctx, "count")
    yield from _counted_with_total(plan, ctx, counts)
    totals = [c for c in counts if not c.sprint and c.total]
    for total in totals:
        stem = total.noun.rstrip("s")
        parts = [c for c in counts if c.sprint and c is not total and stem in (c.label + " " + c.noun).lower()
                 and (c.listed is not None or c.label)]
        # with several totals, each one adds up the parts that follow it (or, last, precede it)
        after = min((t.line for t in totals if t.line > total.line), default=None)
        before = max((t.line for t in totals if t.line < total.line), default=0)
        following = [c for c in parts if total.line < c.line < (after or float("inf"))]
        parts = following or [c for c in parts if before < c.line < total.line]
        if len(parts) >= 2 and sum(c.count for c in parts) != total.count:
            listing = " + ".join(f"{c.count:g}" for c in parts)
            yield ctx.finding(total.line, f"'{total.label or total.text}' says {total.count:g} {total.noun}, but the "
                              f"{len(parts)} parts say {listing} = {sum(c.count for c in parts):g} "
                              f"(lines {', '.join(str(c.line) for c in parts)})", total.column)


def _counted_with_total(plan, ctx, counts):
    """"Stories Committed: 3 stories, 13 SP total": when the points of the work items it
    covers make the total said beside it, the count is the number of those items."""
    for claim in counts:
        if claim.listed is not None or not claim.label:
            continue
        total = next((c for c in plan.claims if c.kind == "total" and c.line == claim.line and c.label == claim.label
                      and c.value and c.value.unit == "points"), None)
        if total is None:
            continue
        scope = next((s for s in plan.iterations() if s.id == claim.sprint), None) if claim.sprint else None
        pointed = [i for i, _ in _work_items(plan, scope) if i.estimate and i.estimate.unit == "points"]
        points = (sum(i.estimate.low for i in pointed), sum(i.estimate.high for i in pointed))
        if len(pointed) >= 2 and points == (total.value.low, total.value.high) and len(pointed) != claim.count:
            yield ctx.finding(claim.line, f"'{claim.label}' says {claim.text.strip(' ,;')}, but the {len(pointed)} work "
                              f"items whose points make its {total.value.text} are listed ({lines_of(pointed)})",
                              claim.column)


@rule("PL206", "backwards-range", severity="error")
def backwards_range(plan, ctx):
    """A range of hours, days or points is written high to low.

    What it does:
        Reports quantities such as "12-10 hours" whose first number is larger than the
        second.

    Why it matters:
        Range arithmetic on a reversed range gives nonsense, and a reader cannot tell
        whether 10 or 12 was meant as the optimistic end.

    Example:
        - [ ] Load testing (12-10 hours)

    Use instead:
        - [ ] Load testing (10-12 hours)

    Options:
        None.
    """
    for q in plan.reversed_ranges:
        yield ctx.finding(q.line, f"'{q.text}' is written backwards: {q.low:g} to {q.high:g}", q.column)
