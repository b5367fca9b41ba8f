"""A semantic diff of two revisions of a plan: which sprints and work items were added,
removed, moved, renamed or re-estimated, which success criteria were dropped or made
easier, which dates slipped and which risks went away.

Identity: an item listed more than once in one revision (its sprint's table, a summary
table, a status list) is one item; across revisions items match by id and title together
(identity.py), then by title similarity; sprints by id, title and dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from . import identity
from . import recognise as rz
from .lang import lexicon
from .model import Plan, Sprint, WorkItem

SIMILAR = 0.6  # titles at least this alike are the same item, renamed
SCOPING_KINDS = ("sprint", "phase", "iteration", "epic", "milestone", "release")


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def match(old: list, new: list, key_id, key_title, related=None) -> list[tuple]:
    """Pairs (old, new); unmatched sides are None. First the same id on related titles
    (`related`: any titles, without it), then the same title where the ids agree or the
    old id now names other work (a reused id: the item keeps its title, not its id), then
    the same id on unrelated titles (a rewrite), then titles alike (a rename)."""
    related = related or (lambda o, n: True)
    pairs: list[tuple] = []
    matched_o, matched_n = set(), set()

    def take(o, n):
        pairs.append((o, n))
        matched_o.add(id(o))
        matched_n.add(id(n))

    def by_id(items):
        found: dict[str, list] = {}
        taken = matched_o | matched_n
        for x in items:
            if key_id(x) and id(x) not in taken:
                found.setdefault(key_id(x), []).append(x)
        return found

    def id_pairs(allowed):
        right = by_id(new)
        for key, olds in by_id(old).items():
            for o, n in _best_pairs(olds, right.get(key, []), key_title, floor=0.0, allowed=allowed):
                take(o, n)

    id_pairs(related)
    reused = set(by_id(old)) & set(by_id(new))

    def compatible(o, n):
        a, b = key_id(o), key_id(n)
        return not (a and b and a != b) or a in reused

    # unchanged titles (most of a plan between two revisions): no fuzzy scoring
    by_title: dict[str, list] = {}
    for n in new:
        if id(n) not in matched_n:
            by_title.setdefault(identity.title_key(key_title(n)), []).append(n)
    for o in [o for o in old if id(o) not in matched_o]:
        same = by_title.get(identity.title_key(key_title(o)))
        candidates = [n for n in same or () if compatible(o, n) and identity.title_key(key_title(o))]
        if candidates:
            n = min(candidates, key=lambda n: key_id(n) != key_id(o))
            same.remove(n)
            take(o, n)
    id_pairs(lambda o, n: True)
    left = [o for o in old if id(o) not in matched_o]
    right = [n for n in new if id(n) not in matched_n]
    # an item with an id never matches one with another id; titles decide for the rest
    for o, n in _best_pairs(left, right, key_title, floor=SIMILAR,
                            allowed=lambda o, n: not (key_id(o) and key_id(n) and key_id(o) != key_id(n))):
        take(o, n)
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
    titles_l = [identity.title_key(key_title(o)) for o in left]
    titles_r = [identity.title_key(key_title(n)) for n in right]
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
    kind: str  # added, removed, moved (between sprints), rescheduled (between weeks of one), renamed, estimate
    item: WorkItem  # the current item (the old one for removals)
    sprint: str | None
    old: WorkItem | None = None
    from_sprint: str | None = None
    attribution: dict | None = None  # commit, author, date, subject, scope_change
    rewrite: bool = False  # renamed: the same id now names other work (the titles share nothing)
    reuses: WorkItem | None = None  # added: the item that had this id before, now under another

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
    """An item's estimate in its unit (durations in hours): the low end of a range."""
    span = amount_range(item)
    return (span[0], span[2]) if span else None


def amount_range(item: WorkItem | None) -> tuple[float, float, str] | None:
    if item is None or item.estimate is None:
        return None
    hours = item.estimate.hours()
    if hours:
        return hours[0], hours[1], "hours"
    return item.estimate.low, item.estimate.high, item.estimate.unit


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
    baseline_high: dict[str, float] = field(default_factory=dict)  # the high ends, where items give ranges
    current_high: dict[str, float] = field(default_factory=dict)
    baseline_stated: list = field(default_factory=list)  # [Stated] the plan's own totals, where they differ
    current_stated: list = field(default_factory=list)
    replaces: str | None = None  # "Sprint 6": the sprint this one took the place of (a rolling file)
    replaced_by: str | None = None  # on the sprint that went: "Sprint 7"

    def changed(self) -> bool:
        return bool(self.new or self.removed or self.replaced_by or self.items or self.criteria_added
                    or self.criteria_removed or self.criteria_weakened or self.dates or self.risks_removed)

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
    baseline_high: dict[str, float] = field(default_factory=dict)
    current_high: dict[str, float] = field(default_factory=dict)
    baseline_stated: list = field(default_factory=list)
    current_stated: list = field(default_factory=list)

    def sprint(self, sprint_id: str) -> SprintDiff | None:
        return next((s for s in self.sprints if s.id == sprint_id), None)


def lex_of(plan: Plan):
    return lexicon(tuple(plan.languages) or ("en",))


def scoping(plan: Plan) -> list[tuple[Sprint | None, WorkItem]]:
    """Every work item once, with the iteration that scopes it (the nearest sprint,
    phase or epic above it; weeks and days are parts of their sprint)."""
    out = []

    def walk(sprint: Sprint, owner: Sprint | None):
        scope = sprint if sprint.kind in SCOPING_KINDS or owner is None else owner
        out.extend((scope, item) for item in sprint.work_items)
        for child in sprint.children:
            walk(child, scope)

    for sprint in plan.sprints:
        walk(sprint, None)
    out.extend((None, item) for item in plan.work_items)
    return distinct(out, lex_of(plan))


def distinct(pairs: list, lex) -> list:
    """One entry per piece of work: a story in its sprint's table, again in a summary
    table and again in a status list is one item, kept where a sprint holds it (else
    where it comes first; an item without an id, when a list outside the sprints repeats
    its title and estimate), with the estimate and status another mention gives when its
    own has none. The same id on unrelated titles in two sprints is two items (ids
    numbered per sprint)."""
    keys = [identity.identity(item, lex) for _, item in pairs]
    kept: dict[str, list[int]] = {}
    merged: dict[int, WorkItem] = {}
    drop = set()
    in_sprints = {(keys[i][1], _est(item)): i for i, (scope, item) in enumerate(pairs)
                  if scope is not None and keys[i][0] is None and keys[i][1]}
    for i in sorted(range(len(pairs)), key=lambda i: (pairs[i][0] is None, pairs[i][1].line)):
        ident, title = keys[i]
        if ident is None:
            # a summary outside the sprints repeating an item as it stands in one
            if pairs[i][0] is None and in_sprints.get((title, _est(pairs[i][1])), i) != i:
                drop.add(i)
            continue
        same = next((j for j in kept.get(ident, []) if identity.overlap(keys[j][1], title)
                     or pairs[i][0] is None or pairs[i][0] is pairs[j][0]), None)
        if same is None:
            kept.setdefault(ident, []).append(i)
            continue
        drop.add(i)
        first, other = merged.get(same, pairs[same][1]), pairs[i][1]
        if (first.estimate is None and other.estimate is not None) or (first.status is None and other.status):
            merged[same] = replace(first, estimate=first.estimate or other.estimate, status=first.status or other.status)
    return [(scope, merged.get(i, item)) for i, (scope, item) in enumerate(pairs) if i not in drop]


def _est(item: WorkItem):
    e = item.estimate
    return (e.low, e.high, e.unit) if e else None


def committed(item: WorkItem, lex, scope: Sprint | None = None) -> bool:
    """Counted in the totals: not a task whose parent carries the estimate and, in a
    sprint, not optional (a stretch goal, by its status or the heading it is listed
    under) nor listed for another iteration ("Future (Sprint 8)" inside Sprint 7). A
    backlog outside any sprint counts its nice-to-haves: they are still its work."""
    if not item.counted():
        return False
    if scope is None:
        return True
    if item.status == "optional" or (item.group and rz.status_of(item.group, lex) == "optional"):
        return False
    return not any(kind == scope.kind and ref != scope.id for kind, ref in identity.iteration_refs(item.group, lex))


def _sprints(plan: Plan) -> list[Sprint]:
    top = {id(s) for s in plan.sprints}
    return [s for s in plan.iterations() if s.kind in SCOPING_KINDS or id(s) in top]


def sums(items, lex=None) -> dict[str, tuple[float, float]]:
    """Low and high ends of the committed items' estimates, by unit."""
    lex = lex or lexicon(("en",))
    found: dict[str, tuple[float, float]] = {}
    for scope, item in items:
        span = amount_range(item) if committed(item, lex, scope) else None
        if span:
            low, high = found.get(span[2], (0.0, 0.0))
            found[span[2]] = (low + span[0], high + span[1])
    return found


def totals(items, lex=None) -> dict[str, float]:
    return {unit: low for unit, (low, _) in sums(items, lex).items()}


@dataclass
class Stated:
    """A total the plan itself states ("COMMITTED TOTAL: 55 Story Points")."""

    low: float
    high: float
    unit: str
    line: int
    label: str


def stated(plan: Plan, span: tuple[int, int] | None, inner: list[tuple[int, int]] = ()) -> list[Stated]:
    """The totals the plan states within a span of lines (None: the whole document),
    outside the inner spans (the sprints, for the document); a capacity is not one."""
    found = []
    lex = lex_of(plan)
    for claim in plan.claims:
        if claim.kind == "total" and claim.value is not None and not lex.has("fields", "capacity", claim.label):
            hours = claim.value.hours()
            low, high, unit = (*hours, "hours") if hours else (claim.value.low, claim.value.high, claim.value.unit)
            found.append(Stated(low, high, unit, claim.line, claim.label))
    for total in plan.totals:
        if total.kind in ("column", "row") and total.evidence == "structure" and total.unit in ("hours", "points", "days"):
            found.append(Stated(total.low, total.high, total.unit, total.line, total.label))
    inside = [t for t in found if (span is None or span[0] <= t.line <= span[1])
              and not any(a <= t.line <= b for a, b in inner)]
    return sorted({(t.line, t.unit): t for t in inside}.values(), key=lambda t: t.line)


def lagging(said: list[Stated], low: dict[str, float]) -> list[Stated]:
    """The stated totals that the items' sum does not bear out."""
    return [t for t in said if t.unit in low and abs(t.low - low[t.unit]) > 0.01][:4]


def diff_plans(old: Plan | None, new: Plan | None, path: str, baseline: str) -> PlanDiff:
    if old is None:
        result = PlanDiff(path, baseline, "new")
        if new is not None:
            _fill(result, new, scoping(new), False)
        return result
    if new is None:
        result = PlanDiff(path, baseline, "deleted")
        _fill(result, old, scoping(old), True)
        return result
    result = PlanDiff(path, baseline, "unchanged")
    lex = lex_of(new)
    old_items, new_items = scoping(old), scoping(new)
    _fill(result, old, old_items, True)
    _fill(result, new, new_items, False)
    spans = [(s.line, s.end_line) for s in _sprints(new) if s.kind in SCOPING_KINDS]
    old_spans = [(s.line, s.end_line) for s in _sprints(old) if s.kind in SCOPING_KINDS]
    result.baseline_stated = lagging(stated(old, None, old_spans), result.baseline_total)
    result.current_stated = lagging(stated(new, None, spans), result.current_total)
    sprint_pairs = match_sprints(_sprints(old), _sprints(new), lex)
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

    keys = {id(p): identity.identity(p[1], lex) for p in old_items + new_items}
    parts_old, parts_new = _parts(old), _parts(new)
    pairs = match(old_items, new_items, lambda p: keys[id(p)][0], lambda p: keys[id(p)][1],
                  related=lambda o, n: identity.related(keys[id(o)][1], keys[id(n)][1]))
    moved_off = {keys[id(o)][0]: n[1] for o, n in pairs if o is not None and n is not None
                 and keys[id(o)][0] and keys[id(o)][0] != keys[id(n)][0]}
    for o, n in pairs:
        if o is None:
            target = diff_for(n[0], False)
            target.items.append(ItemChange("added", n[1], target.id, reuses=moved_off.get(keys[id(n)][0])))
        elif n is None:
            target = diff_for(o[0], True)
            target.items.append(ItemChange("removed", o[1], target.id))
        else:
            target = diff_for(n[0], False)
            source = diff_for(o[0], True)
            if source is not target:
                target.items.append(ItemChange("moved", n[1], target.id, o[1], source.id))
            elif parts_old.get(id(o[1])) != parts_new.get(id(n[1])) and parts_old.get(id(o[1])) and parts_new.get(id(n[1])):
                # from one week table of the sprint to another: a new place, not new work
                target.items.append(ItemChange("rescheduled", n[1], target.id, o[1], parts_old[id(o[1])]))
            if keys[id(o)][1] != keys[id(n)][1]:
                same_id = keys[id(o)][0] is not None and keys[id(o)][0] == keys[id(n)][0]
                rewritten = same_id and not identity.related(keys[id(o)][1], keys[id(n)][1])
                target.items.append(ItemChange("renamed", n[1], target.id, o[1], rewrite=rewritten))
            if amount(o[1]) != amount(n[1]) and (o[1].estimate or n[1].estimate):
                target.items.append(ItemChange("estimate", n[1], target.id, o[1]))
    for d in list(diffs.values()) + [none]:
        _fill(d, old, [p for p in old_items if diff_for(p[0], True) is d], True)
        _fill(d, new, [p for p in new_items if diff_for(p[0], False) is d], False)
    for o, n in sprint_pairs:
        ref = n or o
        d = diffs[id(ref)]
        if o is not None:
            d.baseline_stated = lagging(stated(old, (o.line, o.end_line), _inner(o)), d.baseline_total)
        if n is not None:
            d.current_stated = lagging(stated(new, (n.line, n.end_line), _inner(n)), d.current_total)
    _rollover(diffs, sprint_pairs)
    result.sprints = [d for d in list(diffs.values()) + [none] if d.changed()]
    result.status = "changed" if result.sprints else "unchanged"
    return result


def _parts(plan: Plan) -> dict[int, str]:
    """The week (or other part of a sprint) each item is listed in, by the item."""
    found = {}
    for sprint in plan.iterations():
        if sprint.kind not in SCOPING_KINDS:
            for item in sprint.work_items:
                found[id(item)] = sprint.id
    return found


def _fill(target, plan: Plan, items, baseline: bool) -> None:
    """Item count and estimate totals (low and high ends) of one side."""
    found = sums(items, lex_of(plan))
    low = {u: v[0] for u, v in found.items()}
    high = {u: v[1] for u, v in found.items()}
    if baseline:
        target.baseline_total, target.baseline_high = low, high
    else:
        target.current_total, target.current_high = low, high
    if isinstance(target, PlanDiff):
        if baseline:
            target.baseline_items = len(items)
        else:
            target.current_items = len(items)


def _inner(sprint: Sprint) -> list[tuple[int, int]]:
    """The spans of the sprints nested in one: their totals are theirs."""
    return [(c.line, c.end_line) for c in sprint.walk() if c is not sprint and c.kind in SCOPING_KINDS]


def match_sprints(old: list[Sprint], new: list[Sprint], lex) -> list[tuple]:
    """Sprints pair by id (two sprints with one id, by the most alike title), then by
    title; a sprint whose id changed but whose dates are the same is the same sprint,
    renumbered."""
    pairs = match(old, new, lambda s: s.id if s.id != "Sprint" else None, lambda s: s.title)
    gone = [o for o, n in pairs if n is None]
    came = [n for o, n in pairs if o is None]
    for o in gone:
        twin = next((n for n in came if o.dates and n.dates and (o.dates.start, o.dates.end) == (n.dates.start, n.dates.end)
                     and o.kind == n.kind), None)
        if twin is not None:
            came.remove(twin)
            pairs = [p for p in pairs if p != (o, None) and p != (None, twin)] + [(o, twin)]
    return pairs


def _rollover(diffs: dict, pairs: list[tuple]) -> None:
    """A file that shows "the current sprint" and moves on to the next: the sprint that
    went (gone from the file, or kept as a heading with none of its items) is replaced
    by the new one of the same kind, not removed item by item."""
    def emptied(o, n):
        d = diffs[id(n or o)]
        return bool(d.items and all(c.kind == "removed" for c in d.items) and not d.current_total
                    and (n is None or d.baseline_total))

    gone = [o for o, n in pairs if o is not None and emptied(o, n)]
    came = sorted((n for o, n in pairs if o is None), key=lambda n: not diffs[id(n)].current_total)
    for o in gone:
        ref = next(n or o for x, n in pairs if x is o)
        n = next((n for n in came if n.kind == o.kind and diffs[id(n)].replaces is None
                  and not (identity.number(n.id) or 0) < (identity.number(o.id) or 0)), None)
        if n is not None:
            diffs[id(n)].replaces, diffs[id(ref)].replaced_by = o.id, n.id
            diffs[id(ref)].items = [c for c in diffs[id(ref)].items if c.kind != "removed"]


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
