"""Scope against a baseline: the semantic diff of a plan file with its git history, who
made each change, and which changes were accepted (a `Scope-Change:` commit trailer or
an entry in the plan's Change Log naming the item). Also the text, JSON and Markdown
reports of `planlint diff`.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from .diff import SIMILAR, ItemChange, PlanDiff, SprintDiff, _norm, diff_plans, scoping, similarity
from .history import PlanHistory, Revision
from .parser import parse_plan
from .source import PlanReadError, read_source


def current_plan(path: str):
    if not Path(path).exists():
        return None
    return parse_plan(read_source(path))


def compare(path: str, against: str | None, today: date | None = None) -> PlanDiff:
    """The diff of the working-tree file against a revision, or, without one, each
    started sprint against the last revision before it started."""
    history = PlanHistory(path)
    current = current_plan(path)
    if against:
        base = history.at(against)
        if base is None and current is None:
            raise PlanReadError(f"{path}: no such file, here or at {against}")
        old = history.plan(base) if base else None
        shown = against[:8] if all(c in "0123456789abcdef" for c in against) and len(against) > 8 else against
        label = base.short if base and base.commit.startswith(against) else f"{shown} ({base.short})" if base else shown
        diff = diff_plans(old, current, path, label)
        attribute(diff, history, base, current)
        return diff
    history.require_full_history()
    return _automatic(path, history, current, today or date.today())


def _automatic(path, history: PlanHistory, current, today: date) -> PlanDiff:
    revisions = [r for r in history.revisions() if not r.deleted]
    result = PlanDiff(path, "the last revision before each sprint started", "unchanged")
    if current is None or not revisions:
        result.status = "new" if current is not None else "deleted"
        return result
    for sprint in {id(s): s for s, _ in scoping(current) if s is not None}.values():
        base = sprint_baseline(history, revisions, sprint, today)
        if base is None:
            continue
        diff = diff_plans(history.plan(base), current, path, base.short)
        mine = diff.sprint(sprint.id)
        if mine is not None and mine.changed():
            attribute(diff, history, base, current)
            result.sprints.append(mine)
    result.status = "changed" if result.sprints else "unchanged"
    return result


def sprint_baseline(history, revisions: list[Revision], sprint, today: date) -> Revision | None:
    """The revision that holds a sprint's scope as it started: the last one before its
    start date, or the one where its status first said in progress."""
    if sprint.dates and sprint.dates.start <= today:
        before = [r for r in revisions if r.date.date() < sprint.dates.start]
        return before[-1] if before else None
    for revision in revisions:
        plan = history.plan(revision)
        if plan and any(s.id == sprint.id and s.status in ("in_progress", "complete") for s in plan.iterations()):
            return revision
    return None


def attribute(diff: PlanDiff, history: PlanHistory, base: Revision | None, current) -> None:
    """For each added item and each estimate change, the commit that introduced it."""
    later = [r for r in history.between(base) if not r.deleted]
    log = current.change_log if current is not None else []
    for sprint in diff.sprints:
        for change in sprint.items:
            if change.kind not in ("added", "estimate", "moved"):
                continue
            revision = _introduced(change, later, history)
            if revision is not None:
                change.attribution = {
                    "commit": revision.commit, "author": revision.author, "date": revision.date.isoformat(),
                    "subject": revision.subject, "scope_change": revision.scope_change}
            else:
                change.attribution = {"commit": None, "author": None, "date": None,
                                      "subject": "uncommitted changes", "scope_change": None}
            entry = next((e for e in log if _names(e.text, change.item)), None)
            if entry is not None and not change.attribution.get("scope_change"):
                change.attribution["change_log"] = {"line": entry.line, "text": entry.text}


def _introduced(change: ItemChange, revisions: list[Revision], history: PlanHistory) -> Revision | None:
    """The first revision after the baseline from which on the change is present: a
    binary search over the revisions (each parsed at most once), so a long history costs
    a few parses per change, not one per commit."""

    def present(index: int) -> bool:
        plan = history.plan(revisions[index])
        return plan is not None and _present(change, plan)

    if not revisions or not present(len(revisions) - 1):
        return None
    low, high = 0, len(revisions) - 1
    while low < high:
        middle = (low + high) // 2
        if present(middle):
            high = middle
        else:
            low = middle + 1
    return revisions[low]


_indexes: dict[int, tuple] = {}


def _present(change: ItemChange, plan) -> bool:
    """Is the changed item (with its new estimate, for estimate changes) in this plan?
    Ids and unchanged titles are looked up; only the rest is compared fuzzily."""
    if id(plan) not in _indexes:
        items = [item for _, item in scoping(plan)]
        by_key: dict[str, list] = {}
        for item in items:
            by_key.setdefault(item.id or _norm(item.title), []).append(item)
        _indexes[id(plan)] = (plan, items, by_key)
    _, items, by_key = _indexes[id(plan)]
    target = change.item
    wanted = None if change.kind != "estimate" else _est(target)

    def fits(item) -> bool:
        return wanted is None or _est(item) == wanted

    exact = by_key.get(target.id or _norm(target.title), [])
    if any(fits(item) for item in exact):
        return True
    if target.id:
        return False
    return any(not item.id and fits(item) and similarity(item.title, target.title) >= SIMILAR for item in items)


def _est(item):
    return None if item.estimate is None else (item.estimate.low, item.estimate.high, item.estimate.unit)


def _names(entry: str, item) -> bool:
    text = _norm(entry)
    return bool((item.id and item.id.lower() in entry.lower()) or (len(_norm(item.title)) > 3 and _norm(item.title) in text))


def accepted(change: ItemChange) -> str | None:
    """Who accepted a change and why, or None."""
    a = change.attribution or {}
    if a.get("scope_change"):
        return f"accepted by {a['author']} in {a['commit'][:8]}: {a['scope_change']}"
    if a.get("change_log"):
        return f"accepted in the Change Log (line {a['change_log']['line']}): {a['change_log']['text']}"
    return None


# --- reports -------------------------------------------------------------------------

def _qty(amount: float, unit: str) -> str:
    return f"{amount:+g}h" if unit == "hours" else f"{amount:+g} {unit}"


def _span(low: float, high: float | None) -> str:
    return f"{low:g}-{high:g}" if high is not None and abs(high - low) > 1e-9 else f"{low:g}"


def _stated(said, unit: str, items: float) -> str:
    found = [t for t in said if t.unit == unit]
    if not found:
        return ""
    values = ", ".join(f"{_span(t.low, t.high)} (line {t.line})" for t in found)
    return f"; stated {values}, items {items:g}"


def _totals(d) -> list[str]:
    """"55 -> 76 points (+21 points, +38%); stated 55 (line 42), items 76", per unit."""
    out = []
    for unit, e in estimate(d).items():
        pct = f", {e['percent']:+.0f}%" if e["percent"] is not None else ""
        a = _span(e["baseline"], e.get("baseline_high"))
        b = _span(e["current"], e.get("current_high"))
        out.append(f"{a} -> {b} {unit} ({_qty(e['delta'], unit)}{pct})"
                   + _stated(d.current_stated, unit, e["current"])
                   + (_stated(d.baseline_stated, unit, e["baseline"]).replace("; stated", "; before: stated", 1)))
    return out


def estimate(d) -> dict:
    """The totals of a sprint or a document by unit, recomputed from the items (low
    ends; the high ends where ranges make them differ), with the change as numbers and
    the plan's own stated totals where the items do not bear them out."""
    out = {}
    for unit in sorted(set(d.baseline_total) | set(d.current_total)):
        a, b = d.baseline_total.get(unit, 0), d.current_total.get(unit, 0)
        e = {"baseline": a, "current": b, "delta": round(b - a, 4),
             "percent": round((b - a) / a * 100, 2) if a else None}
        for side, high in (("baseline", d.baseline_high.get(unit)), ("current", d.current_high.get(unit))):
            if high is not None and abs(high - e[side]) > 1e-9:
                e[side + "_high"] = high
        for side, said in (("baseline", d.baseline_stated), ("current", d.current_stated)):
            found = [{"low": t.low, "high": t.high, "line": t.line, "label": t.label} for t in said if t.unit == unit]
            if found:
                e.setdefault("stated", {})[side] = found
        out[unit] = e
    return out


def committed_by(change: ItemChange) -> str:
    """"1a2b3c4d by Ana on 2025-10-03", or "uncommitted"."""
    a = change.attribution or {}
    if not a.get("commit"):
        return "uncommitted"
    return f"{a['commit'][:8]} by {a['author']} on {a['date'][:10]}"


def _who(change: ItemChange) -> str:
    return f" [{committed_by(change)}]" if change.attribution else ""


def _item(change: ItemChange) -> str:
    est = f" ({change.item.estimate.text})" if change.item.estimate else ""
    return f"{change.item.id + ' ' if change.item.id else ''}'{change.item.title}'{est} (line {change.item.line})"


def _reuse(c: ItemChange) -> str:
    """"; reuses the id of 'Login page' (now US-3)"."""
    if c.reuses is None:
        return ""
    return f"; reuses the id of '{c.reuses.title}'" + (f" (now {c.reuses.id})" if c.reuses.id else "")


def _state(s: SprintDiff) -> str:
    if s.replaced_by:
        return f" (replaced by {s.replaced_by})"
    if s.replaces:
        return f" (new, replaces {s.replaces})"
    return " (new)" if s.new else " (removed)" if s.removed else ""


def as_text(diff: PlanDiff) -> str:
    lines = [f"{diff.path} against {diff.baseline}: {diff.status}"]
    if diff.status == "new":
        lines.append(f"  new plan: {diff.current_items} work items (not scope creep)")
    if diff.baseline_items or diff.current_items:
        lines.append(f"  work items: {diff.baseline_items} -> {diff.current_items}")
        lines += [f"  estimate: {t}" for t in _totals(diff)]
    for s in diff.sprints:
        lines.append(f"\n{s.id}{' ' + repr(s.title) if s.title and s.title != s.id else ''}{_state(s)}"
                     + (f" [{s.status.replace('_', ' ')}]" if s.status else ""))
        lines += [f"  estimate: {t}" for t in _totals(s)]
        for c in s.items:
            delta = c.delta
            d = f" {_qty(*delta)}" if delta and c.kind in ("added", "removed", "estimate") else ""
            if c.kind == "moved":
                lines.append(f"  moved from {c.from_sprint}: {_item(c)}{_who(c)}")
            elif c.kind == "rescheduled":
                lines.append(f"  rescheduled from {c.from_sprint}: {_item(c)}")
            elif c.kind == "renamed" and c.rewrite:
                lines.append(f"  rewritten: {c.item.id} was '{c.old.title}', now '{c.item.title}' (line {c.item.line})")
            elif c.kind == "renamed":
                lines.append(f"  renamed: '{c.old.title}' -> '{c.item.title}' (line {c.item.line})")
            elif c.kind == "estimate":
                old = c.old.estimate.text if c.old.estimate else "none"
                new = c.item.estimate.text if c.item.estimate else "none"
                lines.append(f"  estimate: {_item(c)} {old} -> {new}{d}{_who(c)}")
            else:
                lines.append(f"  {c.kind}: {_item(c)}{d}{_who(c)}{_reuse(c)}")
            if accepted(c):
                lines.append(f"    {accepted(c)}")
        lines += [f"  criterion added: {t}" for t in s.criteria_added]
        lines += [f"  criterion removed: {t}" for t in s.criteria_removed]
        lines += [f"  criterion weakened: {a} -> {b}" for a, b in s.criteria_weakened]
        if s.dates:
            lines.append(f"  end date slipped {s.dates[2]} days: {s.dates[0].end} -> {s.dates[1].end}")
        lines += [f"  risk removed: {t}" for t in s.risks_removed]
    return "\n".join(lines) + "\n"


def as_dict(diff: PlanDiff) -> dict:
    def item(change: ItemChange) -> dict:
        data = {"kind": change.kind, "id": change.item.id, "title": change.item.title, "line": change.item.line,
                "estimate": change.item.estimate.to_dict() if change.item.estimate else None}
        if change.old is not None:
            data["old"] = {"title": change.old.title, "line": change.old.line,
                           "estimate": change.old.estimate.to_dict() if change.old.estimate else None}
        if change.from_sprint:
            data["from_sprint"] = change.from_sprint
        if change.rewrite:
            data["rewrite"] = True
        if change.reuses is not None:
            data["reuses"] = {"id": change.reuses.id, "title": change.reuses.title, "line": change.reuses.line}
        delta = change.delta
        data["delta"] = {"amount": delta[0], "unit": delta[1]} if delta else None
        data["attribution"] = change.attribution
        data["accepted"] = accepted(change)
        return data

    def sprint(s: SprintDiff) -> dict:
        return {
            "id": s.id, "title": s.title, "status": s.status, "line": s.line, "new": s.new, "removed": s.removed,
            "replaces": s.replaces, "replaced_by": s.replaced_by,
            "estimate": estimate(s),
            "changes": [item(c) for c in s.items],
            "criteria": {"added": s.criteria_added, "removed": s.criteria_removed,
                         "weakened": [{"from": a, "to": b} for a, b in s.criteria_weakened]},
            "dates": {"baseline_end": s.dates[0].end.isoformat(), "current_end": s.dates[1].end.isoformat(),
                      "slip_days": s.dates[2]} if s.dates else None,
            "risks_removed": s.risks_removed,
        }

    return {
        "version": 1, "path": diff.path, "baseline": diff.baseline, "status": diff.status,
        "work_items": {"baseline": diff.baseline_items, "current": diff.current_items},
        "estimate": estimate(diff),
        "sprints": [sprint(s) for s in diff.sprints],
    }


def as_json(diff: PlanDiff) -> str:
    return json.dumps(as_dict(diff), indent=2, ensure_ascii=False) + "\n"


def as_markdown(diff: PlanDiff) -> str:
    out = [f"### Plan scope: `{diff.path}` against `{diff.baseline}`", ""]
    if diff.status == "new":
        out.append(f"New plan with {diff.current_items} work items.")
        return "\n".join(out) + "\n"
    out += ["| | Baseline | Current | Change |", "|---|---:|---:|---:|",
            f"| Work items | {diff.baseline_items} | {diff.current_items} | {diff.current_items - diff.baseline_items:+d} |"]
    for unit, e in estimate(diff).items():
        pct = f" ({e['percent']:+.0f}%)" if e["percent"] is not None else ""
        out.append(f"| Estimate ({unit}) | {_span(e['baseline'], e.get('baseline_high'))} "
                   f"| {_span(e['current'], e.get('current_high'))} | {e['delta']:+g}{pct} |")
        for t in e.get("stated", {}).get("current", []):
            out.append(f"| Stated total ({unit}), line {t['line']} | | {_span(t['low'], t['high'])} "
                       f"| items {e['current']:g} |")
    if not diff.sprints:
        out += ["", "No scope changes."]
    for s in diff.sprints:
        out += ["", f"**{s.id}**{' — ' + s.title if s.title and s.title != s.id else ''}{_state(s)}"
                    + (f" _{s.status.replace('_', ' ')}_" if s.status else ""), ""]
        out += [f"- estimate: {t}" for t in _totals(s)]
        for c in s.items:
            delta = f" ({_qty(*c.delta)})" if c.delta and c.kind in ("added", "removed", "estimate") else ""
            who = _who(c).strip(" []")
            note = f" — {accepted(c)}" if accepted(c) else ""
            out.append(f"- {c.kind}: {_item(c)}{delta}{' · ' + who if who else ''}{_reuse(c)}{note}")
        out += [f"- criterion removed: {t}" for t in s.criteria_removed]
        out += [f"- criterion weakened: {a} → {b}" for a, b in s.criteria_weakened]
        if s.dates:
            out.append(f"- end date slipped {s.dates[2]} days ({s.dates[0].end} → {s.dates[1].end})")
        out += [f"- risk removed: {t}" for t in s.risks_removed]
    return "\n".join(out) + "\n"


FORMATS = {"text": as_text, "json": as_json, "markdown": as_markdown}
