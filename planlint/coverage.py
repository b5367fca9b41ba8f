"""`planlint parse FILE --summary`: what planlint understood of a plan, in a few lines,
so that silence is never mistaken for success: the iterations with their dates and
totals, the estimates, what the checks have to work on, and the tables with numbers
that nothing was read from."""

from __future__ import annotations

import re

from .model import Plan

_NUMBER = re.compile(r"\d")


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _hours(items) -> str:
    low = sum(i.estimate.low for i in items if i.estimate and i.estimate.unit == "hours")
    high = sum(i.estimate.high for i in items if i.estimate and i.estimate.unit == "hours")
    points = sum(i.estimate.low for i in items if i.estimate and i.estimate.unit == "points")
    parts = []
    if low or high:
        parts.append(f"{low:g}h" if low == high else f"{low:g}-{high:g}h")
    if points:
        parts.append(f"{points:g} points")
    return ", ".join(parts)


def _span(d) -> str:
    if d is None:
        return "no dates"
    return d.start.isoformat() if d.start == d.end else f"{d.start.isoformat()} - {d.end.isoformat()}"


def _language_names(plan: Plan) -> str:
    from .lang import name

    return ", ".join(f"{name(code)} ({code})" for code in plan.languages)


def unread_tables(plan: Plan) -> list:
    """Tables with numbers in their rows that no total, relation, estimate, date or risk
    was read from."""
    used: set[int] = set()
    for t in plan.totals:
        used.add(t.line)
        used.update(p.line for p in t.parts)
    used.update(e.line for e in plan.expressions)
    used.update(d.line for d in plan.dates)
    used.update(e.line for s in plan.schedules for e in s.entries)
    items = list(plan.work_items) + [i for s in plan.iterations() for i in s.work_items]
    used.update(i.line for i in items if i.estimate is not None)
    used.update(r.line for r in plan.risks)
    used.update(r.line for s in plan.iterations() for r in s.risks)
    out = []
    for table in plan.tables:
        lines = [row["line"] for row in table.rows]
        numeric = sum(1 for row in table.rows for cell in row["cells"] if _NUMBER.search(cell))
        if numeric >= 2 and not any(line in used for line in lines + [table.line]):
            out.append(table)
    return out


def summary(plan: Plan) -> str:
    iterations = list(plan.iterations())
    items = list(plan.work_items) + [i for s in iterations for i in s.work_items]
    estimated = [i for i in items if i.estimate is not None]
    criteria = list(plan.success_criteria) + [c for s in iterations for c in s.success_criteria]
    risks = list(plan.risks) + [r for s in iterations for r in s.risks]
    lines = [f"{plan.path}: read in {_language_names(plan)}; numeric dates {plan.date_order}"
             + (", decimal comma" if plan.decimal_comma else "")]
    lines.append(f"{_plural(len(iterations), 'iteration')}" + (":" if iterations else
                 " (no sprint, phase, milestone or week headings were recognised)"))
    depth = {}
    for top in plan.sprints:
        stack = [(top, 0)]
        while stack:
            node, d = stack.pop()
            depth[id(node)] = d
            stack += [(c, d + 1) for c in node.children]
    for s in iterations[:40]:
        own = list(s.work_items)
        what = [_span(s.dates)]
        if own:
            sums = _hours(own)
            what.append(_plural(len(own), "work item") + (f" ({sums})" if sums else ""))
        if s.effort is not None:
            what.append(f"stated effort {s.effort.text}")
        if s.success_criteria:
            what.append(_plural(len(s.success_criteria), "criterion", "criteria"))
        if s.risks:
            what.append(_plural(len(s.risks), "risk"))
        indent = "  " * (1 + min(3, depth.get(id(s), 0)))
        lines.append(f"{indent}{s.label} (line {s.line}): " + ", ".join(what))
    if len(iterations) > 40:
        lines.append(f"  ... and {len(iterations) - 40} more")
    sums = _hours(estimated)
    lines.append(f"work items: {len(items)}, {len(estimated)} with estimates" + (f" ({sums})" if sums else ""))
    kinds: dict[str, int] = {}
    for t in plan.totals:
        kinds[t.kind] = kinds.get(t.kind, 0) + 1
    shown = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))
    claims = [c for c in plan.claims if c.kind == "total"]
    lines.append(f"totals checked: {len(plan.totals) + len(claims)}" + (f" ({shown}" + (
        f", {len(claims)} stated in fields)" if claims else ")") if shown else ""))
    lines.append(f"arithmetic checked: {len(plan.expressions)}")
    ranges = sum(1 for d in plan.dates if d.kind == "range")
    weekdays = sum(1 for d in plan.dates if d.weekday is not None or d.end_weekday is not None)
    steps = sum(len(s.entries) for s in plan.schedules)
    lines.append(f"dates: {len(plan.dates)} ({ranges} ranges, {weekdays} with a weekday); "
                 f"{_plural(len(plan.schedules), 'schedule')} of {_plural(steps, 'step')}")
    if plan.unreadable_dates:
        lines.append(f"dates that name no day: {len(plan.unreadable_dates)}")
    lines.append(f"criteria: {len(criteria)}; risks: {len(risks)}; placeholders: {len(plan.placeholders)}")
    unread = unread_tables(plan)
    for table in unread[:10]:
        header = " | ".join(h for h in table.header if h)[:70]
        lines.append(f"not read: the table at line {table.line} ({header}) has numbers, but no total, "
                     "estimate or date was read from it")
    if len(unread) > 10:
        lines.append(f"not read: {len(unread) - 10} more tables with numbers")
    return "\n".join(lines) + "\n"
