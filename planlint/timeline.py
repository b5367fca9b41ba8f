"""`planlint history`: a plan's scope at each revision, as a table, a text chart and an
SVG chart."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

from .diff import scoping, totals
from .history import PlanHistory

BARS = " ▁▂▃▄▅▆▇█"


@dataclass
class Row:
    commit: str
    date: str
    author: str
    subject: str
    deleted: bool
    items: int = 0
    done: int = 0
    open: int = 0
    estimate: dict = field(default_factory=dict)  # unit -> total
    sprints_touched: list = field(default_factory=list)


def timeline(path: str, progress: bool = False) -> list[Row]:
    history = PlanHistory(path)
    history.require_full_history()
    revisions = history.revisions()
    rows: list[Row] = []
    previous = None
    for n, revision in enumerate(revisions, 1):
        if progress and len(revisions) > 10:
            done = n * 30 // len(revisions)
            sys.stderr.write(f"\rreading revisions [{'#' * done}{'.' * (30 - done)}] {n}/{len(revisions)}")
            sys.stderr.flush()
        plan = history.plan(revision)
        row = Row(revision.commit, revision.date.isoformat(), revision.author, revision.subject, revision.deleted)
        if plan is not None:
            items = scoping(plan)
            row.items = len(items)
            row.done = sum(1 for _, i in items if i.status == "done")
            row.open = sum(1 for _, i in items if i.status in ("open", "todo", "in_progress", "blocked"))
            row.estimate = {u: round(v, 2) for u, v in totals(items).items()}
            current = _signatures(items)
            if previous is not None:
                row.sprints_touched = [sid for sid in dict.fromkeys([*previous, *current])
                                       if previous.get(sid) != current.get(sid)]
            previous = current
        else:
            previous = None
        rows.append(row)
    if progress and len(revisions) > 10:
        sys.stderr.write("\n")
    return rows


def _signatures(items) -> dict[str, tuple]:
    """Per sprint, what its items are: a sprint is touched when this changes. (Cheaper
    than the full semantic diff, which `planlint diff` gives for any two revisions.)"""
    found: dict[str, list] = {}
    for scope, item in items:
        est = (item.estimate.low, item.estimate.high, item.estimate.unit) if item.estimate else None
        found.setdefault(scope.id if scope else "(no sprint)", []).append((item.id, item.title, est, item.status))
    return {sid: tuple(sorted(v, key=str)) for sid, v in found.items()}


def _unit(rows) -> str | None:
    counts: dict[str, int] = {}
    for r in rows:
        for unit in r.estimate:
            counts[unit] = counts.get(unit, 0) + 1
    return max(counts, key=counts.get) if counts else None


def render_text(rows: list[Row]) -> str:
    unit = _unit(rows)
    out = [f"{'commit':8}  {'date':10}  {'author':16}  {'items':>5}  {'open':>4}  {'done':>4}  "
           f"{'estimate':>9}  subject / sprints touched"]
    for r in rows:
        if r.deleted:
            out.append(f"{r.commit[:8]}  {r.date[:10]}  {r.author[:16]:16}  {'(file deleted)':>36}  {r.subject[:50]}")
            continue
        est = f"{r.estimate.get(unit, 0):g}{'h' if unit == 'hours' else ' ' + (unit or '')}" if unit else "-"
        touched = f"  [{', '.join(r.sprints_touched[:4])}]" if r.sprints_touched else ""
        out.append(f"{r.commit[:8]}  {r.date[:10]}  {r.author[:16]:16}  {r.items:>5}  {r.open:>4}  {r.done:>4}  "
                   f"{est:>9}  {r.subject[:50]}{touched}")
    values = [r.estimate.get(unit, 0) if unit else r.items for r in rows if not r.deleted]
    if values:
        top = max(values) or 1
        spark = "".join(BARS[round(v / top * (len(BARS) - 1))] for v in values)
        label = f"estimate ({unit})" if unit else "work items"
        out += ["", f"{label}, oldest to newest: {min(values):g} .. {max(values):g}", spark]
    return "\n".join(out) + "\n"


def render_json(rows: list[Row]) -> str:
    return json.dumps({"version": 1, "revisions": [asdict(r) for r in rows]}, indent=2, ensure_ascii=False) + "\n"


def write_chart(rows: list[Row], output: Path, path: str) -> None:
    """An SVG line chart of scope per revision (HTML wraps the same SVG)."""
    unit = _unit(rows)
    points = [(i, r.estimate.get(unit, 0) if unit else r.items, r) for i, r in enumerate(rows) if not r.deleted]
    width, height, pad = 900, 320, 50
    top = max((v for _, v, _ in points), default=1) or 1
    n = max(len(rows) - 1, 1)

    def xy(i, v):
        return pad + i * (width - 2 * pad) / n, height - pad - v / top * (height - 2 * pad)

    label = f"estimate ({unit})" if unit else "work items"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<title>Scope of {escape(path)} per revision</title>',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{pad}" y="24" font-family="sans-serif" font-size="14">{escape(path)}: {label} per revision</text>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#888"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#888"/>',
             f'<text x="{pad - 6}" y="{pad + 4}" text-anchor="end" font-family="sans-serif" font-size="11">{top:g}</text>',
             f'<text x="{pad - 6}" y="{height - pad + 4}" text-anchor="end" font-family="sans-serif" font-size="11">0</text>']
    if points:
        path_d = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f},{y:.1f}" for k, (x, y) in enumerate(xy(i, v) for i, v, _ in points))
        parts.append(f'<path d="{path_d}" fill="none" stroke="#1f6feb" stroke-width="2"/>')
        for i, v, r in points:
            x, y = xy(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1f6feb"><title>{escape(r.commit[:8])} '
                         f'{escape(r.date[:10])} {escape(r.author)}: {v:g} — {escape(r.subject)}</title></circle>')
        first, last = rows[0].date[:10], rows[-1].date[:10]
        parts.append(f'<text x="{pad}" y="{height - pad + 18}" font-family="sans-serif" font-size="11">{first}</text>')
        parts.append(f'<text x="{width - pad}" y="{height - pad + 18}" text-anchor="end" font-family="sans-serif" font-size="11">{last}</text>')
    parts.append("</svg>")
    svg = "\n".join(parts) + "\n"
    if output.suffix.lower() in (".html", ".htm"):
        svg = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>planlint history: {escape(path)}</title>"
               f"</head><body>\n{svg}</body></html>\n")
    output.write_text(svg, encoding="utf-8")
