"""PL501: statuses that contradict each other: a sprint marked complete with work still
open in it, a story marked done whose tasks are not."""

from __future__ import annotations

from planlint.engine import rule

# Work-item statuses that mean the work is not finished.
UNFINISHED = {"open", "todo", "in_progress", "blocked"}
STATUS_WORDS = {"open": "open", "todo": "to do", "in_progress": "in progress", "blocked": "blocked"}


def _listing(items, limit: int = 5) -> str:
    shown = [f"'{w.title}' (line {w.line}, {STATUS_WORDS.get(w.status, w.status)})" for w in items[:limit]]
    more = len(items) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


@rule("PL501", "status-contradiction", severity="error")
def status_contradiction(plan, ctx):
    """A sprint marked complete with unfinished work items in it, or a work item marked
    done whose own tasks are still open.

    What it does:
        Reports (a) every iteration whose status is complete while work items in it or
        in its sub-iterations are open, to do, in progress or blocked, and (b) every
        work item marked done that has tasks elsewhere in the plan (rows whose Story or
        Parent column names its id) still open, to do or in progress. Each finding
        names the unfinished items and their lines.

    Why it matters:
        A status is what stakeholders read first. "✅ Done" on a story whose task
        "Initialize repository" is still "⬜ Todo" overstates progress, and velocity
        and burndown computed from the story status are wrong.

    Example:
        | ID | Story | Status |
        |----|-------|--------|
        | QL-008 | Dev environment | ✅ Done |

        | Task | Story | Status |
        |------|-------|--------|
        | Initialize repository | QL-008 | ⬜ Todo |

    Use instead:
        | ID | Story | Status |
        |----|-------|--------|
        | QL-008 | Dev environment | 🔄 In Progress |

    Options:
        None.
    """
    for sprint in plan.iterations():
        if sprint.status != "complete":
            continue
        unfinished = [w for w in sprint.all_work_items() if w.status in UNFINISHED]
        if unfinished:
            yield ctx.finding(
                sprint.line,
                f"{sprint.label} (line {sprint.line}) is marked complete but {len(unfinished)} of its "
                f"work items {'is' if len(unfinished) == 1 else 'are'} not done: {_listing(unfinished)}",
                key=f"PL501:sprint:{sprint.id}:{sprint.title}")

    items = list(plan.work_items)
    for sprint in plan.iterations():
        items += sprint.work_items
    tasks: dict[str, list] = {}
    for item in items:
        if item.parent:
            tasks.setdefault(item.parent.casefold(), []).append(item)
    for item in items:
        if item.status != "done" or not item.id:
            continue
        open_tasks = [t for t in tasks.get(item.id.casefold(), []) if t is not item and t.status in UNFINISHED]
        if open_tasks:
            yield ctx.finding(
                item.line,
                f"{item.id} '{item.title}' (line {item.line}) is marked done but its "
                f"task{'s' if len(open_tasks) > 1 else ''} {_listing(open_tasks)} "
                f"{'are' if len(open_tasks) > 1 else 'is'} not",
                key=f"PL501:item:{item.id}:{item.title}")
