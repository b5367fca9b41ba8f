"""Hours and numbers: totals against their parts, table totals, capacity, arithmetic in
the text, stated counts against what is listed, and ranges written backwards."""

from __future__ import annotations

import re

from planlint import values
from planlint.engine import rule
from planlint.recognise import plain as _plain
from planlint.rules.dates import prose_lines

HOURLY = {"hours", "minutes"}
_EFFORT_KEY = re.compile(r"\b(duration|effort|estimate[sd]?|hours|time)\b", re.I)
_STRONG_EFFORT_KEY = re.compile(r"\b(effort|estimate[sd]?|hours)\b", re.I)
_TOTAL_KEY = re.compile(r"\b(total|overall|sum)\b", re.I)


def hours(estimate) -> tuple[float, float] | None:
    return estimate.hours() if estimate is not None and estimate.unit in HOURLY else None


def fmt(low: float, high: float, unit: str = "hours") -> str:
    return values.format_quantity(round(low, 2), round(high, 2), unit)


def lines_of(items) -> str:
    numbers = sorted({i.line for i in items})
    if len(numbers) > 6:
        return f"lines {numbers[0]}-{numbers[-1]}"
    return ("line " if len(numbers) == 1 else "lines ") + ", ".join(map(str, numbers))


def agrees(claim: tuple[float, float], parts: tuple[float, float], tolerance: float) -> bool:
    """Do a stated range and a computed one meet, within a relative tolerance?"""
    return parts[0] <= claim[1] * (1 + tolerance) and parts[1] >= claim[0] * (1 - tolerance)


def _estimated(items):
    out = []
    for item in items:
        h = hours(item.estimate)
        if h and item.counted():
            out.append((item, h))
    return out


@rule("PL201", "estimates-do-not-add-up", severity="error",
      options={"tolerance": 0.05, "approximate-tolerance": 0.15})
def estimates_do_not_add_up(plan, ctx):
    """A stated total effort disagrees with the estimates it is made of.

    What it does:
        Compares each stated total ("**Total Effort**: ~600 developer hours", "Total
        Agent Hours: 360 hours", a sprint's "(3-4 weeks, 176 hours)") with the sum of
        its parts: the efforts stated for the top-level sprints or phases when they
        state one, else the hour-valued Duration/Effort fields of the sections below
        (one per agent or workstream), else the estimates of the work items. Ranges add
        up as ranges (4-5h + 3-4h = 7-9h); a total marked approximate ("~", "about")
        gets a wider tolerance; optional sprints may be counted or not.

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
        tolerance: relative difference accepted for exact totals (default 0.05).
        approximate-tolerance: relative difference accepted for totals written with
        "~" or "about" (default 0.15).
    """
    for claim in plan.claims:
        stated = hours(claim.value) if claim.kind == "total" else None
        if not stated or re.search(r"timeline|duration|schedule", claim.label, re.I):
            continue
        scope = next((s for s in plan.iterations() if s.id == claim.sprint), None) if claim.sprint else None
        parts = _parts(plan, scope, claim)
        if parts is None:
            continue
        what, items, total, without_optional = parts
        tolerance = ctx.options["approximate-tolerance" if claim.value.approximate else "tolerance"]
        if agrees(stated, total, tolerance) or (without_optional and agrees(stated, without_optional, tolerance)):
            continue
        extra = f" ({fmt(*without_optional)} without optional sprints)" if without_optional else ""
        yield ctx.finding(claim.line, f"'{claim.label}' says {claim.value.text}, but {len(items)} {what} add up to "
                          f"{fmt(*total)}{extra} ({lines_of(items)})", claim.column)
    for sprint in plan.iterations():
        stated = hours(sprint.effort)
        items = _estimated(sprint.all_work_items())
        if not stated or len(items) < 2:
            continue
        total = (sum(h[0] for _, h in items), sum(h[1] for _, h in items))
        if not agrees(stated, total, ctx.options["approximate-tolerance" if sprint.effort.approximate else "tolerance"]):
            yield ctx.finding(sprint.effort.line, f"{sprint.label} states {sprint.effort.text}, but its {len(items)} "
                              f"work-item estimates add up to {fmt(*total)} ({lines_of([i for i, _ in items])})",
                              sprint.effort.column)


def _parts(plan, scope, claim):
    """What a total adds up: (description, items with a line, (low, high), without optional).

    In order: the hour values listed right above the total (a list that ends in its
    total), the efforts stated for the sprints, the Duration/Effort fields since the
    previous total, or the work items' estimates."""
    fields = [f for s in plan.iterations() for f in s.fields] + plan.fields
    by_line = {f.line: f for f in fields}
    above = []
    line = claim.line - 1
    while line in by_line and (found := _hours_in(by_line[line].value, plan)):
        above.append((by_line[line], found, None))
        line -= 1
    if len(above) >= 2:
        return _sum("values listed above it", above[::-1])
    sprints = scope.children if scope else plan.sprints
    efforts = [s for s in sprints if hours(s.effort)]
    if len(efforts) >= 2:
        return _sum(f"{sprints[0].kind} efforts", [(s.effort, hours(s.effort), s) for s in efforts])
    since = max((c.line for c in plan.claims if c.kind == "total" and c.sprint == claim.sprint
                 and hours(c.value) and c.line < claim.line), default=0)
    window = scope.fields if scope else fields
    estimate_lines = {i.estimate.line for s in plan.iterations() for i in s.work_items if i.estimate}
    candidates = [f for f in window if since < f.line < claim.line and f.line not in estimate_lines
                  and not _TOTAL_KEY.search(f.key)
                  and (_STRONG_EFFORT_KEY.search(f.key) or _EFFORT_KEY.search(f.key) and _hours_in(f.value, plan))]
    effort_fields = [(f, _hours_in(f.value, plan), None) for f in candidates]
    if len(effort_fields) >= 2:
        if any(h is None for _, h, _ in effort_fields):
            return None  # some parts give no hours: the sum is unknown
        return _sum(f"'{effort_fields[0][0].key}' values", sorted(effort_fields, key=lambda e: e[0].line))
    owners = [scope] if scope else plan.sprints
    items = [(item, hours(item.estimate), owner) for owner in owners for node in owner.walk()
             for item in node.work_items if hours(item.estimate) and item.counted()]
    if scope is None:
        items += [(item, hours(item.estimate), None) for item in plan.work_items if hours(item.estimate) and item.counted()]
    if len(items) < 2:
        return None
    return _sum("work-item estimates", items)


def _hours_in(value: str, plan) -> tuple[float, float] | None:
    found = [q for q in values.find_quantities(value, decimal_comma=plan.decimal_comma) if q.unit in HOURLY]
    return found[0].to_hours() if found else None


def _sum(what, entries):
    total = (sum(h[0] for _, h, _ in entries), sum(h[1] for _, h, _ in entries))
    kept = [h for _, h, owner in entries if owner is None or owner.status != "optional"]
    without = (sum(h[0] for h in kept), sum(h[1] for h in kept)) if len(kept) < len(entries) else None
    return what, [e for e, _, _ in entries], total, without


@rule("PL202", "table-total", severity="error", options={"tolerance": 0.0})
def table_total(plan, ctx):
    """A table's "Total" row disagrees with the sum of the rows above it.

    What it does:
        For each table with a row labelled "Total", adds up every numeric column of
        the other rows (hours like "20h", points, plain numbers) and compares the sum
        with the total row's cell.

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
        tolerance: relative difference accepted (default 0).
    """
    for table in plan.tables:
        rows = table.rows
        totals = [r for r in rows if r["cells"] and re.fullmatch(r"\W*total\W*", _plain(r["cells"][0]), re.I)]
        if len(totals) != 1:
            continue
        total_row = totals[0]
        body = [r for r in rows if r is not total_row and r["line"] < total_row["line"]]
        for column in range(1, len(total_row["cells"])):
            if "%" in total_row["cells"][column]:
                continue  # percentages are averaged, not added
            stated = _number(total_row["cells"][column], plan)
            cells = [(r["line"], _number(r["cells"][column], plan)) for r in body if column < len(r["cells"])]
            known = [(line, v) for line, v in cells if v is not None]
            if stated is None or len(known) < 2 or len(known) != len(cells):
                continue  # a non-numeric cell: the column is not a plain sum
            low, high = sum(v[0] for _, v in known), sum(v[1] for _, v in known)
            if not agrees(stated, (low, high), ctx.options["tolerance"]):
                header = _plain(table.header[column]) if column < len(table.header) else f"column {column + 1}"
                yield ctx.finding(total_row["line"], f"'{header}' total is {_plain(total_row['cells'][column])}, but the "
                                  f"{len(known)} rows above add up to {_show(low, high)} (lines {known[0][0]}-{known[-1][0]})")


def _number(cell: str, plan) -> tuple[float, float] | None:
    text = _plain(cell)
    found = values.find_quantities(text, decimal_comma=plan.decimal_comma)
    if len(found) == 1 and found[0].text.strip() == text.strip():
        q = found[0]
        return q.to_hours() if q.unit in HOURLY else (q.low, q.high)
    n = values.parse_number(text.lstrip("~$").rstrip("%"), decimal_comma=plan.decimal_comma)
    return None if n is None else (n, n)


def _show(low: float, high: float) -> str:
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


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


@rule("PL204", "arithmetic", severity="error")
def arithmetic(plan, ctx):
    """Arithmetic written in the plan is wrong.

    What it does:
        Evaluates calculations written in the text ("6 agents x 60 hours = 360", "34
        deliverables / 10 working days = 3.4 items/day", "29 of 34 = 85%") and velocity
        tables (Planned, Completed, and a percentage column), to the precision the
        result is written with. Correct arithmetic stays silent.

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
        computed = _evaluate(expr.operands, expr.operators)
        if computed is None:
            continue
        if expr.percent and "of" not in expr.operators and abs(computed - expr.stated) > _precision(expr.stated):
            computed *= 100 if abs(computed * 100 - expr.stated) <= _precision(expr.stated) else 1
        if abs(computed - expr.stated) > _precision(expr.stated):
            shown = " ".join(f"{o:g}" + (f" {op}" if i < len(expr.operators) else "")
                             for i, (o, op) in enumerate(zip(expr.operands, expr.operators + [""])))
            unit = "%" if expr.percent else ""
            yield ctx.finding(expr.line, f"'{expr.text}': {shown.strip()} is {computed:.4g}{unit}, not {expr.stated:g}{unit}",
                              expr.column)
    for table in plan.tables:
        yield from _velocity(table, ctx)


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


def _velocity(table, ctx):
    header = [_plain(h).lower() for h in table.header]
    planned = next((i for i, h in enumerate(header) if re.search(r"planned|committed|commitment|target", h)), None)
    done = next((i for i, h in enumerate(header) if re.search(r"completed|done|delivered|achieved", h)), None)
    percent = next((i for i, h in enumerate(header) if re.search(r"velocity|completion|%|rate", h) and i not in (planned, done)), None)
    if None in (planned, done, percent):
        return
    for row in table.rows:
        cells = row["cells"]
        if max(planned, done, percent) >= len(cells) or not _plain(cells[percent]).endswith("%"):
            continue
        p, d = values.parse_number(_plain(cells[planned])), values.parse_number(_plain(cells[done]))
        pct = values.parse_number(_plain(cells[percent]).rstrip("%").strip())
        if p and d is not None and pct is not None and abs(d / p * 100 - pct) > max(1.0, _precision(pct)):
            yield ctx.finding(row["line"], f"'{_plain(cells[percent])}' in '{table.header[percent]}': {d:g} of {p:g} is "
                              f"{d / p * 100:.1f}%")


@rule("PL205", "count-mismatch", severity="error", lower=("warning",))
def count_mismatch(plan, ctx):
    """A stated count disagrees with what is listed.

    What it does:
        Compares counts the plan states with what it lists: "Key Deliverables: 9 items"
        followed by 5 bullets; a total count ("34 major deliverables") against the
        counts of its parts (9 + 10 + 9 + 6); "4 fully functional main pages" against
        the pages the same sprint plans (that one as a warning).

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
    counts = [c for c in plan.claims if c.kind == "count"]
    for claim in counts:
        if claim.listed is not None and claim.label and claim.count != claim.listed:
            where = f"{claim.sprint}: " if claim.sprint else ""
            yield ctx.finding(claim.line, f"{where}'{claim.label}' says {claim.text}, but {claim.listed} "
                              f"{'is' if claim.listed == 1 else 'are'} listed below it (from line {claim.list_line})",
                              claim.column)
    totals = [c for c in counts if not c.sprint and (_TOTAL_KEY.search(c.label) or "total" in c.text.lower())]
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
    for claim in counts:
        if not claim.sprint or claim.noun not in ("pages", "screens", "dashboards", "services", "endpoints"):
            continue
        sprint = next((s for s in plan.iterations() if s.id == claim.sprint), None)
        stem = claim.noun.rstrip("s")
        planned = [w for w in sprint.all_work_items() if w.kind == "section" and re.search(rf"\b{stem}\b", w.title, re.I)] if sprint else []
        if planned and len(planned) != claim.count:
            yield ctx.finding(claim.line, f"'{claim.text}', but {sprint.label} plans {len(planned)} {claim.noun}: "
                              f"{', '.join(w.title for w in planned)} ({lines_of(planned)})", claim.column, severity="warning")


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
    for number, line in prose_lines(ctx.source):
        if "-" not in line and "–" not in line and "—" not in line and " to " not in line:
            continue
        for q in values.find_quantities(line, decimal_comma=plan.decimal_comma):
            if q.low > q.high:
                yield ctx.finding(number, f"'{q.text}' is written backwards: {q.low:g} to {q.high:g}", q.start + 1)
