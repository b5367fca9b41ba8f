"""`planlint history`: a plan's scope at each revision, as a table, a text chart and an
SVG burn-up chart (scope and done over time, sprint starts marked)."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from html import escape
from pathlib import Path

from .diff import lex_of, scoping, totals
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
    done_estimate: dict = field(default_factory=dict)  # unit -> total of the done items
    sprints_touched: list = field(default_factory=list)
    sprints: list = field(default_factory=list)  # [id, start date or None] of the sprints it shows


def timeline(path: str, progress: bool = False) -> list[Row]:
    history = PlanHistory(path)
    history.require_full_history()
    revisions = history.revisions()
    history.prefetch(revisions)
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
            lex = lex_of(plan)
            row.estimate = {u: round(v, 2) for u, v in totals(items, lex).items()}
            row.done_estimate = {u: round(v, 2) for u, v in totals([p for p in items if p[1].status == "done"], lex).items()}
            row.sprints = [[s.id, s.dates.start.isoformat() if s.dates else None]
                           for s in {id(s): s for s, _ in items if s is not None}.values()]
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


CHART_SUFFIXES = (".svg", ".html", ".htm")


def _when(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


def sprint_starts(rows: list[Row]) -> list[tuple[float, str]]:
    """(time, sprint id) of each sprint's start: its start date where the plan gives one,
    else the revision where it first appears."""
    found: dict[str, float] = {}
    for r in rows:
        for sprint_id, start in r.sprints:
            when = _when(start + "T00:00:00+00:00") if start else _when(r.date)
            found.setdefault(sprint_id, when)
    return sorted((t, sid) for sid, t in found.items())


def _ticks(peak: float, count: int = 4) -> list[float]:
    """Round values from 0 to at least `peak`: steps of 1, 2 or 5 times a power of ten."""
    raw = max(peak, 1e-9) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [round(step * k, 10) for k in range(math.ceil(peak / step - 1e-9) + 1)]


def write_chart(rows: list[Row], output: Path, path: str) -> None:
    """An SVG burn-up chart (HTML wraps the same SVG): scope and done per revision over
    a time axis (a long gap between revisions looks long), a dashed line at each
    sprint's start, the values written at the ends of the lines."""
    unit = _unit(rows)
    live = [r for r in rows if not r.deleted]

    def value(r, done=False):
        if unit:
            return (r.done_estimate if done else r.estimate).get(unit, 0)
        return r.done if done else r.items

    width, height, left, right, top_pad, bottom = 960, 400, 70, 30, 50, 70
    times = [_when(r.date) for r in rows]
    t0, t1 = (min(times), max(times)) if times else (0, 1)
    starts = [(t, sid) for t, sid in sprint_starts(live) if t0 <= t <= t1]
    peak = max([value(r) for r in live] + [1])
    ticks = _ticks(peak)
    top = max(ticks[-1], peak)

    def x(t):
        return left + ((t - t0) / (t1 - t0) if t1 > t0 else 0.5) * (width - left - right)

    def y(v):
        return height - bottom - v / top * (height - top_pad - bottom)

    label = f"estimate ({unit})" if unit else "work items"
    font = 'font-family="sans-serif"'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<title>Scope of {escape(path)} over time</title>',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<text x="{left}" y="24" {font} font-size="14">{escape(path)}: scope and done, {label}</text>',
             f'<line class="axis" x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#888"/>',
             f'<line class="axis" x1="{left}" y1="{top_pad}" x2="{left}" y2="{height - bottom}" stroke="#888"/>',
             f'<text class="axis-label" x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle" {font} '
             f'font-size="12">date of the revision</text>',
             f'<text class="axis-label" transform="translate(16,{(top_pad + height - bottom) / 2}) rotate(-90)" '
             f'text-anchor="middle" {font} font-size="12">{label}</text>']
    for v in ticks:
        parts.append(f'<line x1="{left - 4}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" stroke="#eee"/>')
        parts.append(f'<text class="y-tick" x="{left - 8}" y="{y(v) + 4:.1f}" text-anchor="end" {font} font-size="11">{v:g}</text>')
    count = 6 if t1 > t0 else 1
    for k in range(count):
        t = t0 + (t1 - t0) * k / max(count - 1, 1)
        day = date.fromtimestamp(t).isoformat()
        parts.append(f'<text class="x-tick" x="{x(t):.1f}" y="{height - bottom + 18}" text-anchor="middle" {font} '
                     f'font-size="11">{day}</text>')
    shown = max(1, len(starts) // 12 + 1)  # many sprints: every one marked, every few labelled
    for k, (t, sid) in enumerate(starts):
        parts.append(f'<line class="sprint-start" data-sprint="{escape(sid)}" x1="{x(t):.1f}" y1="{top_pad}" '
                     f'x2="{x(t):.1f}" y2="{height - bottom}" stroke="#d29922" stroke-dasharray="4 3"/>')
        if k % shown == 0:
            parts.append(f'<text class="sprint-label" x="{x(t) + 3:.1f}" y="{top_pad + 10 + 12 * (k // shown % 3)}" {font} '
                         f'font-size="10" fill="#9a6700">{escape(sid)}</text>')
    for done, colour, name in ((False, "#1f6feb", "scope"), (True, "#2da44e", "done")):
        points = [(x(_when(r.date)), y(value(r, done)), r) for r in live]
        if not points:
            continue
        d = " ".join(f"{'M' if k == 0 else 'L'}{px:.1f},{py:.1f}" for k, (px, py, _) in enumerate(points))
        parts.append(f'<path class="{name}" d="{d}" fill="none" stroke="{colour}" stroke-width="2"/>')
        if not done:
            for px, py, r in points:
                parts.append(f'<circle class="scope-point" data-date="{escape(r.date)}" cx="{px:.1f}" cy="{py:.1f}" r="3" '
                             f'fill="{colour}"><title>{escape(r.commit[:8])} {escape(r.date[:10])} {escape(r.author)}: '
                             f'{value(r):g} — {escape(r.subject)}</title></circle>')
        highest = max(points, key=lambda p: value(p[2], done))
        for px, py, r in {id(p[2]): p for p in (points[0], highest, points[-1])}.values():
            parts.append(f'<text class="value" x="{px:.1f}" y="{py - 6:.1f}" text-anchor="middle" {font} font-size="11" '
                         f'fill="{colour}">{value(r, done):g}</text>')
    legend_x = width - right - 150
    parts += [f'<line x1="{legend_x}" y1="36" x2="{legend_x + 20}" y2="36" stroke="#1f6feb" stroke-width="2"/>',
              f'<text x="{legend_x + 24}" y="40" {font} font-size="11">scope</text>',
              f'<line x1="{legend_x + 70}" y1="36" x2="{legend_x + 90}" y2="36" stroke="#2da44e" stroke-width="2"/>',
              f'<text x="{legend_x + 94}" y="40" {font} font-size="11">done</text>',
              "</svg>"]
    svg = "\n".join(parts) + "\n"
    if output.suffix.lower() in (".html", ".htm"):
        svg = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>planlint history: {escape(path)}</title>"
               f"</head><body>\n{svg}</body></html>\n")
    output.write_text(svg, encoding="utf-8")
