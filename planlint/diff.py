"""A semantic diff of two revisions of a plan: which sprints and work items were added,
removed, moved, renamed or re-estimated, which success criteria were dropped or made
easier, which dates slipped and which risks went away.

Identity: sprints and items match by id where the plan has one (QL-012, "Sprint C"),
then by title similarity, then by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .model import Plan, Sprint, WorkItem

SIMILAR = 0.6  # titles at least this alike are the same item, renamed
SCOPING_KINDS = ("sprint", "phase", "iteration", "epic", "milestone", "release")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def match(old: list, new: list, key_id, key_title) -> list[tuple]:
    """Pairs (old, new) by id, then title similarity, then position; unmatched sides are None.
    Entries sharing an id (a plan may repeat "Sprint 1") pair by the most similar title."""
    pairs: list[tuple] = []
    by_id_old: dict[str, list] = {}
    by_id_new: dict[str, list] = {}
    for o in old:
        if key_id(o):
            by_id_old.setdefault(key_id(o), []).append(o)
    for n in new:
        if key_id(n):
            by_id_new.setdefault(key_id(n), []).append(n)
    matched_o, matched_n = set(), set()
    for key, olds in by_id_old.items():
        for o, n in _best_pairs(olds, by_id_new.get(key, []), key_title, floor=0.0):
            pairs.append((o, n))
            matched_o.add(id(o))
            matched_n.add(id(n))
    left = [o for o in old if id(o) not in matched_o]
    right = [n for n in new if id(n) not in matched_n]
    # unchanged titles first (most of a plan between two revisions): no fuzzy scoring
    by_title: dict[str, list] = {}
    for n in right:
        by_title.setdefault(_norm(key_title(n)), []).append(n)
    for o in left:
        same = by_title.get(_norm(key_title(o)))
        candidates = [n for n in same or () if not (key_id(o) and key_id(n) and key_id(o) != key_id(n))]
        if candidates:
            n = candidates[0]
            same.remove(n)
            pairs.append((o, n))
            matched_o.add(id(o))
            matched_n.add(id(n))
    left = [o for o in left if id(o) not in matched_o]
    right = [n for n in right if id(n) not in matched_n]
    # an item with an id never matches one with another id; titles decide for the rest
    for o, n in _best_pairs(left, right, key_title, floor=SIMILAR,
                            allowed=lambda o, n: not (key_id(o) and key_id(n) and key_id(o) != key_id(n))):
        pairs.append((o, n))
        matched_o.add(id(o))
        matched_n.add(id(n))
    pairs += [(o, None) for o in old if id(o) not in matched_o]
    pairs += [(None, n) for n in new if id(n) not in matched_n]
    return pairs


def _score(a: str, b: str, floor: float) -> float:
    """Title similarity, skipping the full comparison when the cheap bounds rule it out."""
    matcher = SequenceMatcher(None, a, b)
    if floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return 0.0
    return matcher.ratio()


def _best_pairs(left, right, key_title, floor, allowed=lambda o, n: True):
    titles_l = [_norm(key_title(o)) for o in left]
    titles_r = [_norm(key_title(n)) for n in right]
    scored = sorted(((_score(titles_l[i], titles_r[j], floor), -abs(i - j), i, j) for i, o in enumerate(left)
                     for j, n in enumerate(right) if allowed(o, n)), reverse=True)
    used_o, used_n = set(), set()
    for score, _, i, j in scored:
        if score < floor:
            break
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
            yield left[i], right[j]


@dataclass
class ItemChange:
    kind: str  # added, removed, moved, renamed, estimate
    item: WorkItem  # the current item (the old one for removals)
    sprint: str | None
    old: WorkItem | None = None
    from_sprint: str | None = None
    attribution: dict | None = None  # commit, author, date, subject, scope_change

    @property
    def delta(self) -> tuple[float, str] | None:
        """Change of estimate in its unit (hours for durations): (delta, unit)."""
        new = amount(self.item) if self.kind != "removed" else None
        old = amount(self.old) if self.old is not None else (amount(self.item) if self.kind == "removed" else None)
        if self.kind == "added":
            return new
        if self.kind == "removed":
            return (-old[0], old[1]) if old else None
        if new and old and new[1] == old[1]:
            return new[0] - old[0], new[1]
        return None


def amount(item: WorkItem | None) -> tuple[float, str] | None:
    if item is None or item.estimate is None:
        return None
    hours = item.estimate.hours()
    if hours:
        return (hours[0] + hours[1]) / 2, "hours"
    return (item.estimate.low + item.estimate.high) / 2, item.estimate.unit


@dataclass
class SprintDiff:
    id: str
    title: str
    status: str | None
    line: int
    new: bool = False
    removed: bool = False
    items: list[ItemChange] = field(default_factory=list)
    criteria_added: list[str] = field(default_factory=list)
    criteria_removed: list[str] = field(default_factory=list)
    criteria_weakened: list[tuple[str, str]] = field(default_factory=list)
    dates: tuple | None = None  # (old DateSpan, new DateSpan, slip days)
    risks_removed: list[str] = field(default_factory=list)
    baseline_lines: dict[str, int] = field(default_factory=dict)  # removed criterion / risk -> its line then
    baseline_total: dict[str, float] = field(default_factory=dict)
    current_total: dict[str, float] = field(default_factory=dict)

    def changed(self) -> bool:
        return bool(self.new or self.removed or self.items or self.criteria_added or self.criteria_removed
                    or self.criteria_weakened or self.dates or self.risks_removed)

    def of(self, kind: str) -> list[ItemChange]:
        return [c for c in self.items if c.kind == kind]


@dataclass
class PlanDiff:
    path: str
    baseline: str  # what the baseline is: a revision name and commit
    status: str  # changed, unchanged, new (no baseline), deleted
    sprints: list[SprintDiff] = field(default_factory=list)
    baseline_total: dict[str, float] = field(default_factory=dict)
    current_total: dict[str, float] = field(default_factory=dict)
    baseline_items: int = 0
    current_items: int = 0

    def sprint(self, sprint_id: str) -> SprintDiff | None:
        return next((s for s in self.sprints if s.id == sprint_id), None)


def scoping(plan: Plan) -> list[tuple[Sprint | None, WorkItem]]:
    """Every work item with the iteration that scopes it (the nearest sprint, phase or
    epic above it; weeks and days are parts of their sprint)."""
    out = []

    def walk(sprint: Sprint, owner: Sprint | None):
        scope = sprint if sprint.kind in SCOPING_KINDS or owner is None else owner
        out.extend((scope, item) for item in sprint.work_items)
        for child in sprint.children:
            walk(child, scope)

    for sprint in plan.sprints:
        walk(sprint, None)
    out.extend((None, item) for item in plan.work_items)
    return out


def _sprints(plan: Plan) -> list[Sprint]:
    top = {id(s) for s in plan.sprints}
    return [s for s in plan.iterations() if s.kind in SCOPING_KINDS or id(s) in top]


def totals(items) -> dict[str, float]:
    found: dict[str, float] = {}
    for _, item in items:
        value = amount(item) if item.counted() else None
        if value:
            found[value[1]] = found.get(value[1], 0) + value[0]
    return found


def diff_plans(old: Plan | None, new: Plan | None, path: str, baseline: str) -> PlanDiff:
    if old is None:
        result = PlanDiff(path, baseline, "new")
        result.current_items = len(scoping(new)) if new else 0
        result.current_total = totals(scoping(new)) if new else {}
        return result
    if new is None:
        return PlanDiff(path, baseline, "deleted", baseline_items=len(scoping(old)), baseline_total=totals(scoping(old)))
    result = PlanDiff(path, baseline, "unchanged")
    old_items, new_items = scoping(old), scoping(new)
    result.baseline_items, result.current_items = len(old_items), len(new_items)
    result.baseline_total, result.current_total = totals(old_items), totals(new_items)
    sprint_pairs = match(_sprints(old), _sprints(new), lambda s: s.id if s.id != "Sprint" else None, lambda s: s.title)
    diffs: dict[int, SprintDiff] = {}
    old_key = {}
    for o, n in sprint_pairs:
        ref = n or o
        d = SprintDiff(ref.id, ref.title, ref.status, ref.line, new=o is None, removed=n is None)
        diffs[id(ref)] = d
        if o is not None:
            old_key[id(o)] = ref
        if o is not None and n is not None:
            _compare_sprint(o, n, d)
    none = SprintDiff("(no sprint)", "", None, 1)

    def diff_for(scope, side_old):
        if scope is None:
            return none
        ref = old_key.get(id(scope), scope) if side_old else scope
        return diffs.get(id(ref), none)

    pairs = match(old_items, new_items, lambda p: p[1].id, lambda p: p[1].title)
    for o, n in pairs:
        if o is None:
            target = diff_for(n[0], False)
            target.items.append(ItemChange("added", n[1], target.id))
        elif n is None:
            target = diff_for(o[0], True)
            target.items.append(ItemChange("removed", o[1], target.id))
        else:
            target = diff_for(n[0], False)
            source = diff_for(o[0], True)
            if source is not target:
                target.items.append(ItemChange("moved", n[1], target.id, o[1], source.id))
            if _norm(o[1].title) != _norm(n[1].title):
                target.items.append(ItemChange("renamed", n[1], target.id, o[1]))
            if amount(o[1]) != amount(n[1]) and (o[1].estimate or n[1].estimate):
                target.items.append(ItemChange("estimate", n[1], target.id, o[1]))
    for d in list(diffs.values()) + [none]:
        d.baseline_total = totals([p for p in old_items if diff_for(p[0], True) is d])
        d.current_total = totals([p for p in new_items if diff_for(p[0], False) is d])
    result.sprints = [d for d in list(diffs.values()) + [none] if d.changed()]
    result.status = "changed" if result.sprints else "unchanged"
    return result


def _compare_sprint(old: Sprint, new: Sprint, d: SprintDiff) -> None:
    for o, n in match(old.success_criteria, new.success_criteria, lambda c: None, lambda c: c.text):
        if o is None:
            d.criteria_added.append(n.text)
        elif n is None:
            d.criteria_removed.append(o.text)
            d.baseline_lines[o.text] = o.line
        elif weakened(o, n):
            d.criteria_weakened.append((o.text, n.text))
    if old.dates and new.dates and new.dates.end > old.dates.end:
        d.dates = (old.dates, new.dates, (new.dates.end - old.dates.end).days)
    new_risks = [r.title for r in new.risks]
    for o, n in match(old.risks, new.risks, lambda r: None, lambda r: r.title):
        if n is None and o.title not in new_risks:
            d.risks_removed.append(o.title)
            d.baseline_lines[o.title] = o.line


def weakened(old, new) -> bool:
    """Is `new` the same criterion with an easier threshold? ("99.9%" -> "99%",
    "<100ms" -> "<200ms"). The thresholds are the parser's (Criterion.thresholds)."""
    a, b = old.thresholds, new.thresholds
    if len(a) != len(b) or not a:
        return False
    for (x, unit_a, bound_a), (y, unit_b, bound_b) in zip(a, b):
        if unit_a != unit_b or bound_a != bound_b:
            return False
        if (bound_a == "upper" and y > x) or (bound_a == "lower" and y < x):
            return True
    return False
