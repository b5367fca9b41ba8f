"""Dates and periods: ranges, weekdays, overlaps and gaps, durations, timelines, status
against the calendar, and dates that cannot be read."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planlint import values
from planlint.engine import rule
from planlint.source import outside_fences

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS_PER = {"weeks": 7, "days": 1, "months": 30}


def when(d: date) -> str:
    return f"{WEEKDAY_NAMES[d.weekday()]}, {d:%B} {d.day}, {d.year}"


def span(dates) -> str:
    if dates.start == dates.end:
        return f"{dates.start:%b} {dates.start.day}, {dates.start.year}"
    if dates.start.year != dates.end.year:
        return f"{dates.start:%b} {dates.start.day}, {dates.start.year} - {dates.end:%b} {dates.end.day}, {dates.end.year}"
    if dates.start.month != dates.end.month:
        return f"{dates.start:%b} {dates.start.day} - {dates.end:%b} {dates.end.day}, {dates.end.year}"
    return f"{dates.start:%b} {dates.start.day}-{dates.end.day}, {dates.end.year}"


def prose_lines(source):
    """(line number, text) of lines outside fenced code."""
    return outside_fences(source.lines)


def sibling_groups(plan):
    """Lists of iterations that follow one another: the top level and each one's children."""
    yield plan.sprints
    for sprint in plan.iterations():
        if sprint.children:
            yield sprint.children


@rule("PL101", "reversed-range", severity="error")
def reversed_range(plan, ctx):
    """A date range or a range of weeks or days ends before it starts.

    What it does:
        Reports date ranges whose end date is before their start date ("Oct 17 -
        Oct 4, 2025") and period ranges written backwards ("Weeks 9-5").

    Why it matters:
        A reversed range is a typo that makes every duration and overlap computed from
        it wrong; readers guess which end was meant.

    Example:
        ### Week 2 (Oct 17 - Oct 11, 2025)

    Use instead:
        ### Week 2 (Oct 11 - Oct 17, 2025)

    Options:
        None.
    """
    for d in plan.dates:
        if d.end < d.start:
            yield ctx.finding(d.line, f"date range '{d.text}' ends on {when(d.end)}, "
                              f"{(d.start - d.end).days} days before it starts ({when(d.start)})", d.column)
    for sprint in plan.iterations():
        p = sprint.period
        if p and p.last < p.first:
            yield ctx.finding(p.line, f"{sprint.label}: '{p.text}' counts backwards ({p.unit} {p.first} to {p.last})")


@rule("PL102", "weekday-mismatch", severity="error", lower=("warning",))
def weekday_mismatch(plan, ctx):
    """A weekday name does not match its date, or a schedule's first day is not the day
    its period starts on.

    What it does:
        Checks weekday names written next to a date ("Monday, October 6, 2025",
        "Oct 6 (Mon)") against the calendar, and, for an iteration with a date range and
        a schedule table or list labelled by weekdays, that the schedule's first day is
        the weekday the range starts on. The first is an error; the second a warning,
        with both dates in the message.

    Why it matters:
        A plan that starts "Monday" on a Saturday loses two days before anyone notices,
        and every date after it is off.

    Example:
        ### Week 1 (Oct 4-10, 2025)
        | Sprint | Monday | Tuesday | Wednesday | Thursday | Friday |
        |--------|--------|---------|-----------|----------|--------|

    Use instead:
        ### Week 1 (Oct 6-10, 2025)
        | Sprint | Monday | Tuesday | Wednesday | Thursday | Friday |
        |--------|--------|---------|-----------|----------|--------|

    Options:
        None.
    """
    for d in plan.dates:
        if d.start != d.end:
            continue
        line = ctx.source.line(d.line)
        at = line.find(d.text)
        if at < 0:
            continue
        before, after = line[max(0, at - 14):at], line[at + len(d.text):at + len(d.text) + 8]
        near = [(w, word) for w, word, pos in values.find_weekdays(before) if pos >= len(before) - 14 and
                re.fullmatch(r"[\s,(*]*", before[pos + len(word):].rstrip(".")) is not None]
        near += [(w, word) for w, word, pos in values.find_weekdays(after) if re.fullmatch(r"[\s,(*]*", after[:pos])]
        for weekday, word in near[:1]:
            if weekday != d.start.weekday():
                yield ctx.finding(d.line, f"'{word}' next to {d.text}, which is a {WEEKDAY_NAMES[d.start.weekday()]}",
                                  d.column)
    seen = set()
    for sprint in plan.iterations():
        if not sprint.dates or not sprint.day_labels:
            continue
        first = sprint.day_labels[0]
        if first.line in seen:
            continue
        seen.add(first.line)
        start = sprint.dates.start
        if first.weekday != start.weekday():
            yield ctx.finding(first.line, f"{sprint.label} ({span(sprint.dates)}) starts on {when(start)}, "
                              f"but its schedule's first day is {first.label} (line {first.line})",
                              first.column, severity="warning")


@rule("PL103", "period-overlap", severity="error", options={"report-gaps": True}, lower=("warning",))
def period_overlap(plan, ctx):
    """Consecutive periods overlap, or leave a gap between them.

    What it does:
        Compares iterations of one kind that follow each other (weeks, sprints, phases),
        by their dates ("July 15-22", "July 22-29") or their week numbers ("Weeks 1-4",
        "Weeks 5-9"). An overlap is an error; a gap a warning (a gap of only a weekend
        is fine). Iterations with the same dates run in parallel and are not compared;
        a list that restarts its numbering is a new sequence.

    Why it matters:
        Overlapping weeks double-book the team; a gap is time the plan forgot.

    Example:
        ### Week 1 (July 15-22, 2025)
        ### Week 2 (July 22-29, 2025)

    Use instead:
        ### Week 1 (July 15-21, 2025)
        ### Week 2 (July 22-28, 2025)

    Options:
        report-gaps: also report gaps between consecutive periods (default true).
    """
    for group in sibling_groups(plan):
        by_kind: dict[str, list] = {}
        for sprint in group:
            by_kind.setdefault(sprint.kind, []).append(sprint)
        for kind, sprints in by_kind.items():
            if kind == "milestone":
                continue  # milestones are points in time, not periods
            for prev, cur in zip(sprints, sprints[1:]):
                yield from _compare(prev, cur, ctx)


def _compare(prev, cur, ctx):
    a, b = prev.dates, cur.dates
    if a and b and a.start <= a.end and b.start <= b.end and (a.start, a.end) != (b.start, b.end) and b.start >= a.start:
        if b.start <= a.end:
            days = (min(a.end, b.end) - b.start).days + 1
            yield ctx.finding(b.line, f"{cur.label} ({span(b)}) overlaps {prev.label} ({span(a)}, line {prev.line}) "
                              f"by {days} day{'s' if days != 1 else ''}", b.column)
        elif ctx.options["report-gaps"] and (b.start - a.end).days > 1:
            missing = [a.end + timedelta(days=i) for i in range(1, (b.start - a.end).days)]
            if any(d.weekday() < 5 for d in missing):
                yield ctx.finding(b.line, f"{len(missing)} day{'s' if len(missing) != 1 else ''} "
                                  f"({span_of(missing)}) fall between {prev.label} ({span(a)}) and {cur.label} ({span(b)})",
                                  b.column, severity="warning")
        return
    p, q = prev.period, cur.period
    if p and q and p.unit == q.unit and p.first <= p.last and q.first <= q.last and q.first >= p.first and (p.first, p.last) != (q.first, q.last):
        if q.first <= p.last:
            shared = min(p.last, q.last) - q.first + 1
            both = f"{p.unit.rstrip('s')} {q.first} is" if shared == 1 else f"{p.unit} {q.first}-{min(p.last, q.last)} are"
            yield ctx.finding(q.line, f"{cur.label} ({q.text}) overlaps {prev.label} ({p.text}, line {p.line}): {both} in both",
                              severity=None if shared > 1 else "warning")
        elif ctx.options["report-gaps"] and q.first > p.last + 1:
            yield ctx.finding(q.line, f"{p.unit} {p.last + 1}-{q.first - 1} fall between {prev.label} ({p.text}) "
                              f"and {cur.label} ({q.text})", severity="warning")


def span_of(days) -> str:
    first, last = days[0], days[-1]
    return f"{first:%b} {first.day}" if first == last else f"{first:%b} {first.day} - {last:%b} {last.day}"


@rule("PL104", "duration-mismatch", severity="error")
def duration_mismatch(plan, ctx):
    """A stated duration disagrees with the iteration's dates, its week numbers, or the
    sub-periods it is made of.

    What it does:
        Compares an iteration's stated duration ("2 weeks") with its date range
        (allowing a range that ends on the last working day or the first day of the
        next period), with its week range ("Weeks 5-9" is 5 weeks), and with its
        children: the weeks or days it is split into, which must lie within its week
        range and add up to its duration.

    Why it matters:
        When the duration and the calendar disagree, one of them is wrong, and the plan
        cannot tell you which.

    Example:
        ## Sprint D (2 weeks)
        ### Week 1: Inference UI
        ### Week 2: Training
        ### Week 3: Hardening

    Use instead:
        ## Sprint D (3 weeks)
        ### Week 1: Inference UI
        ### Week 2: Training
        ### Week 3: Hardening

    Options:
        None.
    """
    for sprint in plan.iterations():
        duration = sprint.duration
        if duration and duration.unit in DAYS_PER and duration.low <= duration.high:
            per = DAYS_PER[duration.unit]
            if sprint.dates and sprint.dates.start < sprint.dates.end:
                elapsed = (sprint.dates.end - sprint.dates.start).days
                low, high = duration.low * per, duration.high * per
                fits = (low - 4 <= elapsed <= high + 1) if duration.unit != "days" else (low - 1 <= elapsed + 1 <= high * 7 / 5 + 3)
                if not fits:
                    yield ctx.finding(duration.line, f"{sprint.label} says {duration.text}, but its dates "
                                      f"{span(sprint.dates)} (line {sprint.dates.line}) span {elapsed + 1} days", duration.column)
            if sprint.period and sprint.period.unit == duration.unit and sprint.period.first <= sprint.period.last:
                n = sprint.period.last - sprint.period.first + 1
                if not duration.low <= n <= duration.high:
                    yield ctx.finding(duration.line, f"{sprint.label} says {duration.text}, but '{sprint.period.text}' "
                                      f"(line {sprint.period.line}) is {n} {duration.unit}", duration.column)
            weeks = _covered(sprint.children, "weeks")
            if duration.unit == "weeks" and weeks and len(weeks) > duration.high:
                yield ctx.finding(duration.line, f"{sprint.label} says {duration.text}, but it is split into "
                                  f"{len(weeks)} weeks ({_listing(sprint.children, 'week')})", duration.column)
            days = _covered(sprint.children, "days")
            if duration.unit == "weeks" and days and max(days) > duration.high * 7:
                yield ctx.finding(duration.line, f"{sprint.label} says {duration.text}, but its days run to day "
                                  f"{max(days)} ({_listing(sprint.children, 'day')})", duration.column)
        period = sprint.period
        if period and period.first <= period.last:
            for child in sprint.children:
                cp = child.period
                if cp and cp.unit == period.unit and cp.first <= cp.last and (cp.first < period.first or cp.last > period.last):
                    yield ctx.finding(cp.line, f"{child.label} ({cp.text}) lies outside {sprint.label} "
                                      f"({period.text}, line {period.line})")


def _covered(children, unit) -> set[int]:
    found: set[int] = set()
    for child in children:
        p = child.period
        if p and p.unit == unit and p.first <= p.last:
            found.update(range(p.first, p.last + 1))
    return found


def _listing(children, kind) -> str:
    return ", ".join(f"{c.id} line {c.line}" for c in children if c.kind == kind)


@rule("PL105", "timeline-total", severity="error")
def timeline_total(plan, ctx):
    """A stated total timeline disagrees with the sum of the sprint durations.

    What it does:
        Compares a total such as "**Total Timeline**: 8-9 weeks" with the durations of
        the document's top-level sprints (or phases, when it has no sprints). Optional
        sprints count only towards the upper end, so "8-9 weeks (including optional
        Sprint I)" is right for 8 weeks of sprints plus a 1-week optional one. Sprints
        that run in parallel (same dates) are not added up.

    Why it matters:
        The total is what stakeholders remember; if it does not match the sprints, the
        plan promises a date its own schedule cannot meet.

    Example:
        ## Sprint 1 (2 weeks)
        ## Sprint 2 (2 weeks)
        **Total Timeline**: 3 weeks

    Use instead:
        ## Sprint 1 (2 weeks)
        ## Sprint 2 (2 weeks)
        **Total Timeline**: 4 weeks

    Options:
        None.
    """
    claims = [c for c in plan.claims if c.kind == "total" and c.value and c.value.unit in DAYS_PER
              and re.search(r"timeline|duration|schedule|length|time", c.label, re.I)]
    if not claims:
        return
    top = [s for s in plan.sprints if s.kind == "sprint"] or [s for s in plan.sprints if s.kind == "phase"]
    if len(top) < 2 or any(s.duration is None or s.duration.unit not in DAYS_PER for s in top):
        return
    dated = [(s.dates.start, s.dates.end) for s in top if s.dates]
    if len(dated) != len(set(dated)):
        return  # parallel sprints do not add up
    for claim in claims:
        per = DAYS_PER[claim.value.unit]
        low = sum(s.duration.low * DAYS_PER[s.duration.unit] for s in top if s.status != "optional") / per
        high = sum(s.duration.high * DAYS_PER[s.duration.unit] for s in top) / per
        if high < claim.value.low or low > claim.value.high:
            parts = ", ".join(f"{s.id} {s.duration.text}" + (" (optional)" if s.status == "optional" else "") for s in top)
            total = values.format_quantity(low, high, claim.value.unit)
            yield ctx.finding(claim.line, f"'{claim.label}' says {claim.value.text}, but the {top[0].kind}s add up to "
                              f"{total} ({parts}; lines {top[0].line}-{top[-1].line})", claim.column)


@rule("PL106", "stale-status", severity="warning")
def stale_status(plan, ctx):
    """An iteration's end date has passed while its status still says planned or in
    progress.

    What it does:
        Compares each iteration's end date with today (or `today` in the configuration,
        `--today` on the command line) and reports those whose status was not updated.

    Why it matters:
        A plan whose past sprints still read "in progress" cannot be trusted about the
        present one.

    Example:
        ## Sprint 3 (Sep 1-12, 2025) - In Progress

    Use instead:
        ## Sprint 3 (Sep 1-12, 2025) - Complete

    Options:
        None; set the reference date with `today`.
    """
    for sprint in plan.iterations():
        if sprint.dates and sprint.status in ("planned", "in_progress") and sprint.dates.end < ctx.today:
            status = sprint.status.replace("_", " ")
            yield ctx.finding(sprint.line, f"{sprint.label} ended on {when(sprint.dates.end)} "
                              f"({(ctx.today - sprint.dates.end).days} days before {ctx.today.isoformat()}), "
                              f"but its status still says {status}")


@rule("PL107", "unreadable-date", severity="error")
def unreadable_date(plan, ctx):
    """Something written as a date names no real day.

    What it does:
        Reports dates such as "February 30, 2025" or "2025-13-01" that look like dates
        but do not exist, with the reason.

    Why it matters:
        Nobody can schedule against a day that does not exist; it is usually a typo in
        the day or month that also hides the intended date.

    Example:
        **Start Date**: February 30, 2025

    Use instead:
        **Start Date**: March 2, 2025

    Options:
        None.
    """
    for number, line in prose_lines(ctx.source):
        if not re.search(r"\d", line):
            continue
        for text, start, _end, reason in values.find_unreadable_dates(line):
            yield ctx.finding(number, f"'{text}' is not a date: {reason}", start + 1)
