"""Scope creep against a baseline revision (`--against REV`, the pull request base, or
pre-commit's from-ref): work added to started sprints, estimates inflated, success
criteria dropped or weakened, end dates slipped, risks removed.

A change carrying a `Scope-Change: <reason>` commit trailer, or named in the plan's
Change Log, is accepted: reported as info with who accepted it and why.
"""

from __future__ import annotations

from planlint.diff import amount
from planlint.engine import rule
from planlint.scope import accepted, committed_by as who


def started(sprint_diff, plan, today) -> bool:
    sprint = next((s for s in plan.iterations() if s.id == sprint_diff.id), None)
    if sprint is None:
        return False
    return sprint.status in ("in_progress", "complete") or bool(sprint.dates and sprint.dates.start <= today)


@rule("PL701", "scope-added", severity="error", options={"max-scope-growth": 0.0}, needs_history=True,
      lower=("info",))
def scope_added(plan, ctx):
    """Work was added to a sprint after it started.

    What it does:
        Compares each started sprint (in progress or complete, or whose start date has
        passed) with the baseline revision and reports the work items added to it,
        with their estimates, the total growth against the sprint's baseline
        estimate, and the commit, author and date that added each one. Growth up to
        `max-scope-growth` (a fraction of the baseline estimate, or of the item count
        when nothing is estimated) passes. Changes accepted through a `Scope-Change:`
        trailer or the Change Log are reported as info.

    Why it matters:
        Scope that quietly grows after a sprint starts is how sprints fail: the team
        committed to the baseline, not to what was added later.

    Example:
        ## Sprint C (In Progress)
        - [ ] Dashboard (20h)
        - [ ] Export to CSV (6h)      <- added after the sprint started

    Use instead:
        Move the new work to the next sprint, or record the decision: commit with a
        `Scope-Change: customer escalation, agreed with PO` trailer, or add it to the
        plan's "Scope Changes" section.

    Options:
        max-scope-growth: growth accepted without a recorded decision, as a fraction
        of the sprint's baseline estimate (default 0.0).
    """
    diff = ctx.baseline
    if diff is None or diff.status != "changed":
        return
    for s in diff.sprints:
        added = s.of("added") + [c for c in s.of("moved")]
        if s.new or not added or not started(s, plan, ctx.today):
            continue
        open_changes = [c for c in added if not accepted(c)]
        unit = "hours" if "hours" in s.baseline_total or "hours" in s.current_total else next(iter(s.baseline_total), None)
        base = s.baseline_total.get(unit, 0.0) if unit else 0
        grown = sum(c.delta[0] for c in open_changes if c.delta and c.delta[1] == unit) if unit else 0
        ratio = grown / base if base else (len(open_changes) / max(1, len(s.items)) if not unit else float("inf"))
        for c in added:
            if accepted(c):
                yield ctx.finding(c.item.line, f"{s.id}: {c.kind} '{c.item.title}' after the sprint started "
                                  f"({who(c)}); {accepted(c)}", severity="info", key=f"PL701:{s.id}:{c.item.title}")
        if not open_changes or (open_changes and ratio <= ctx.options["max-scope-growth"] and grown > 0):
            continue
        parts = "; ".join(f"'{c.item.title}' (line {c.item.line}"
                          + (f", {c.delta[0]:+g}{'h' if c.delta[1] == 'hours' else ' ' + c.delta[1]}" if c.delta else "")
                          + f", {who(c)})" for c in open_changes)
        size = (f" (+{grown:g}{'h' if unit == 'hours' else ' ' + unit}"
                + (f", +{grown / base * 100:.0f}% of {base:g}{'h' if unit == 'hours' else ' ' + unit}" if base else "")
                + ")") if grown else ""
        status = f" [{s.status.replace('_', ' ')}]" if s.status else ""
        yield ctx.finding(open_changes[0].item.line,
                          f"{s.id}{status}: {len(open_changes)} work item{'s' if len(open_changes) != 1 else ''} added "
                          f"since {diff.baseline}{size}: {parts}", key=f"PL701:{s.id}")


@rule("PL702", "estimate-inflation", severity="warning", options={"max-inflation": 0.0}, needs_history=True,
      lower=("info",))
def estimate_inflation(plan, ctx):
    """An existing work item's estimate grew since the baseline.

    What it does:
        Reports items present in the baseline whose estimate increased, with the old
        and new estimate, the growth in percent, and the commit that changed it. A
        growth accepted through a `Scope-Change:` trailer or the Change Log is info.

    Why it matters:
        Inflated estimates are scope creep by another name: the same item now costs
        more than the plan that was agreed.

    Example:
        - [ ] API gateway (4h)   ->   - [ ] API gateway (12h)

    Use instead:
        Split the new work into its own item, or record the decision with a
        `Scope-Change:` trailer or in the Change Log.

    Options:
        max-inflation: growth accepted per item, as a fraction (default 0.0).
    """
    diff = ctx.baseline
    if diff is None:
        return
    for s in diff.sprints:
        for c in s.of("estimate"):
            delta = c.delta
            if not delta or delta[0] <= 0 or c.old.estimate is None:
                continue
            old = c.old.estimate
            base = amount(c.old)[0]
            if base and delta[0] / base <= ctx.options["max-inflation"]:
                continue
            note = accepted(c)
            pct = f", +{delta[0] / base * 100:.0f}%" if base else ""
            yield ctx.finding(c.item.line, f"{s.id}: '{c.item.title}' estimate {old.text} -> {c.item.estimate.text} "
                              f"({delta[0]:+g}{'h' if delta[1] == 'hours' else ' ' + delta[1]}{pct}) since "
                              f"{diff.baseline} ({who(c)})" + (f"; {note}" if note else ""),
                              severity="info" if note else None, key=f"PL702:{s.id}:{c.item.title}")


@rule("PL703", "criteria-weakened", severity="error", needs_history=True)
def criteria_weakened(plan, ctx):
    """A success criterion was dropped, or its threshold made easier, since the baseline.

    What it does:
        Reports success criteria of a sprint that are in the baseline but gone now,
        and criteria whose threshold moved the easy way ("99.9%" to "99%", "<100ms"
        to "<200ms").

    Why it matters:
        Lowering the bar after the fact turns a missed goal into a met one; reviewers
        should see it happen.

    Example:
        - [ ] p95 latency < 100ms   ->   - [ ] p95 latency < 200ms

    Use instead:
        Keep the criterion and record the miss, or record the decision in the
        plan's Change Log.

    Options:
        None.
    """
    diff = ctx.baseline
    if diff is None:
        return
    for s in diff.sprints:
        for text in s.criteria_removed:
            yield ctx.finding(s.line, f"{s.id}: success criterion '{text}' (line {s.baseline_lines[text]} at "
                              f"{diff.baseline}) was dropped",
                              key=f"PL703:{s.id}:{text}")
        for old, new in s.criteria_weakened:
            line = next((c.line for sp in plan.iterations() if sp.id == s.id for c in sp.success_criteria if c.text == new), s.line)
            yield ctx.finding(line, f"{s.id}: success criterion weakened since {diff.baseline}: '{old}' -> '{new}'",
                              key=f"PL703:{s.id}:{new}")


@rule("PL704", "date-slip", severity="warning", options={"max-slip": 0}, needs_history=True)
def date_slip(plan, ctx):
    """A sprint's end date moved later than the baseline by more than `max-slip` days.

    What it does:
        Compares each sprint's end date with the baseline's and reports the slip in
        days.

    Why it matters:
        A slipped end date moves every sprint after it; a reviewer should approve it
        knowingly.

    Example:
        ## Sprint 3 (Oct 6-17, 2025)   ->   ## Sprint 3 (Oct 6-24, 2025)

    Use instead:
        Keep the date and move work out, or record the decision in the Change Log.

    Options:
        max-slip: days of slip accepted (default 0).
    """
    diff = ctx.baseline
    if diff is None:
        return
    for s in diff.sprints:
        if s.dates and s.dates[2] > ctx.options["max-slip"]:
            old, new, days = s.dates
            yield ctx.finding(new.line, f"{s.id}: end date slipped {days} day{'s' if days != 1 else ''} since "
                              f"{diff.baseline}: {old.end.isoformat()} -> {new.end.isoformat()}", new.column,
                              key=f"PL704:{s.id}")


@rule("PL705", "risk-removed", severity="warning", needs_history=True)
def risk_removed(plan, ctx):
    """A risk was removed from a sprint since the baseline.

    What it does:
        Reports risks present in a sprint's risk table or list at the baseline that are
        gone now.

    Why it matters:
        A risk that disappears without being mitigated is a risk nobody watches.

    Example:
        | Scaling issues | Medium | High | Load testing |   <- row deleted

    Use instead:
        Keep the row and mark it mitigated or closed, with how.

    Options:
        None.
    """
    diff = ctx.baseline
    if diff is None:
        return
    for s in diff.sprints:
        for title in s.risks_removed:
            yield ctx.finding(s.line, f"{s.id}: risk '{title}' (line {s.baseline_lines[title]} at {diff.baseline}) "
                              "was removed", key=f"PL705:{s.id}:{title}")
