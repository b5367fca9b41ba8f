"""Dates and periods: ranges, weekdays, overlaps and gaps, durations, timelines, status
against the calendar, and dates that cannot be read."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from planlint.quantities import format_quantity
from planlint.engine import rule
from planlint.lang import fold, lexicon
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
        Oct 4, 2025"), table rows whose end column is before their start column, and
        period ranges written backwards ("Weeks 9-5").

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
        if backwards(d):
            shown = d.text if d.year_source == "written" else f"{d.text}' ({span_days(d.start, d.end, d)})"
            yield ctx.finding(d.line, f"date range '{shown}' ends {abs((d.start - wrapped_end(d)).days)} days "
                              f"before it starts", d.column)
    for sprint in plan.iterations():
        p = sprint.period
        if p and p.last < p.first:
            yield ctx.finding(p.line, f"{sprint.label}: '{p.text}' counts backwards ({p.unit} {p.first} to {p.last})")
    reported = {d.line for d in plan.dates if backwards(d)}
    for schedule in plan.schedules:
        for e in schedule.entries:
            # a row whose end column is before its start column (not a year wrapped
            # without years written: "28/12 | 03/01")
            if schedule.source == "table" and e.start and e.end and e.end < e.start and e.line not in reported \
                    and (e.start - e.end).days <= 183:
                yield ctx.finding(e.line, f"'{e.label}' ends on {e.end:%Y-%m-%d}, {(e.start - e.end).days} days before "
                                  f"it starts ({e.start:%Y-%m-%d}): '{e.text}'", e.column)


def wrapped_end(d) -> date:
    """The end of a range written without years, as if in the year it starts."""
    if d.year_source != "written" and d.end.year > d.start.year:
        try:
            return d.end.replace(year=d.start.year)
        except ValueError:
            return d.end
    return d.end


def backwards(d) -> bool:
    """A range that ends before it starts. Without written years, "29/12 - 09/01" crosses
    a new year, but "01.02 - 25.01" (359 days) runs backwards."""
    if d.kind != "range":
        return False
    if d.end < d.start:
        return True
    return d.year_source != "written" and d.end.year > d.start.year and (d.end - d.start).days > 183


def span_days(start: date, end: date, d=None) -> str:
    if d is not None and d.year_source == "none":
        return f"{start:%b} {start.day} - {end:%b} {end.day}"
    return span(_Span(start, end))


class _Span:
    def __init__(self, start, end):
        self.start, self.end = start, end


@rule("PL102", "weekday-mismatch", severity="error", lower=("warning",))
def weekday_mismatch(plan, ctx):
    """A weekday name does not match its date, or a schedule's first day is not the day
    its period starts on.

    What it does:
        Checks weekday names written next to a date ("Monday, October 6, 2025",
        "Oct 6 (Mon)") against the calendar, and, for an iteration with a date range and
        a schedule table or list labelled by weekdays, that the schedule's first day is
        the weekday the range starts on. The first is an error; the second a warning,
        with both dates in the message. When the weekdays of dates written without a
        year all fit another year than the one they were given, that is one finding
        naming both years; when no line states their year and most of them fit a year
        the document writes in full elsewhere, they are read in that year instead.

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
    yield from _weekdays(plan, ctx)
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


def _checked_weekdays(plan):
    """(span, written weekday, the day it names, text) for every weekday written beside a
    day whose year is known."""
    for d in plan.dates:
        if d.year_source == "none":
            continue
        if d.weekday is not None:
            yield d, d.weekday, d.start, d.weekday_text
        if d.end_weekday is not None and d.kind == "range":
            yield d, d.end_weekday, d.end, d.end_weekday_text


def _other_year(checks, written: set[int] = frozenset()):
    """When every weekday of a document fits one other year: that year. Most of them do
    when no line states the year and the document writes that other year in full."""
    inferred = [(d, w, day) for d, w, day, _ in checks if d.year_source not in ("written", "weekdays")]
    unstated = not any(d.year_line for d, _, _ in inferred)
    least = 0.75 if unstated else 0.9
    if len(inferred) < 3 or sum(w != day.weekday() for _, w, day in inferred) < least * len(inferred):
        return None
    for shift in (1, -1, 2, -2):
        fits = 0
        for _, w, day in inferred:
            try:
                fits += day.replace(year=day.year + shift).weekday() == w
            except ValueError:
                pass
        if fits >= 0.9 * len(inferred) or fits >= max(3, least * len(inferred)) and unstated and all(
                day.year + shift in written for _, _, day in inferred):
            return shift, inferred
    return None


def _weekdays(plan, ctx):
    checks = list(_checked_weekdays(plan))
    written = {d.start.year for d in plan.dates if d.year_source == "written"}
    shifted = _other_year(checks, written)
    skip, moved = set(), 0
    if shifted is not None:
        shift, inferred = shifted
        years = sorted({day.year for _, _, day in inferred})
        where = sorted({d.year_line for d, _, _ in inferred if d.year_line})
        lines = sorted({d.line for d, _, _ in inferred})
        stated = "/".join(map(str, years))
        skip = {id(d) for d, _, _ in inferred}
        # no line states the year, and the weekdays fit a year the document writes in full
        # elsewhere: the year was read from the wrong neighbour, and nothing is wrong
        if not where and all(y + shift in written for y in years):
            moved, skip = shift, set()
        else:
            yield ctx.finding(lines[0], f"the weekdays of {len(inferred)} dates (lines {lines[0]}-{lines[-1]}) fit "
                              f"{'/'.join(str(y + shift) for y in years)}, not {stated}, the year "
                              + (f"stated on line{'s' if len(where) > 1 else ''} {', '.join(map(str, where))}"
                                 if where else "the document gives them"), inferred[0][0].column, end_line=lines[-1])
    inferred_ids = {id(d) for d, _, _ in shifted[1]} if shifted else set()
    for d, written, day, word in checks:
        if moved and id(d) in inferred_ids:
            try:
                day = day.replace(year=day.year + moved)  # the year the document's full dates give
            except ValueError:
                continue
        if id(d) in skip or written == day.weekday():
            continue
        certain = d.year_source in ("written", "heading", "context", "document")
        where = "" if d.year_source == "written" else f" (year {day.year} {_YEAR_FROM.get(d.year_source, '')})"
        if moved and id(d) in inferred_ids:
            certain, where = False, f" (year {day.year}, which the document's other weekdays and full dates give)"
        bare = d.text.replace(word, "").replace("()", "").replace("（）", "").strip(" ,()")
        yield ctx.finding(d.line, f"'{word}' beside {bare}: {day.isoformat()}{where} "
                          f"is a {WEEKDAY_NAMES[day.weekday()]}, not a {WEEKDAY_NAMES[written]}", d.column,
                          severity=None if certain else "warning")
    yield from _one_day_two_weekdays(plan, ctx)


_YEAR_FROM = {"heading": "from its heading", "context": "from the dates before it", "document": "from the document",
              "commit": "from the file's last commit", "weekdays": "from the document's weekdays"}


def _one_day_two_weekdays(plan, ctx):
    """"Lundi 26/04" and "Jeudi 26/04": one day cannot be two weekdays, whatever the year."""
    seen: dict[tuple, object] = {}
    for d in plan.dates:
        if d.weekday is None or d.kind != "day" or d.year_source in ("written", "heading", "context", "document"):
            continue  # with a year the weekday is checked against the calendar
        key = (d.start.month, d.start.day) if d.year_source != "written" else (d.start,)
        first = seen.setdefault(key, d)
        if first is not d and first.weekday != d.weekday and first.line != d.line:
            yield ctx.finding(d.line, f"{d.text} is also written '{first.text}' on line {first.line}: one day "
                              f"cannot be both a {WEEKDAY_NAMES[first.weekday]} and a {WEEKDAY_NAMES[d.weekday]}",
                              d.column)


@rule("PL103", "period-overlap", severity="error", options={"report-gaps": True}, lower=("warning",))
def period_overlap(plan, ctx):
    """Consecutive periods overlap, or leave a gap between them.

    What it does:
        Compares iterations of one kind that follow each other (weeks, sprints, phases),
        by their dates ("July 15-22", "July 22-29") or their week numbers ("Weeks 1-4",
        "Weeks 5-9"). An overlap is an error; a gap a warning (a gap of only a weekend
        is fine). Iterations with the same dates run in parallel and are not compared;
        a list that restarts its numbering is a new sequence; "Until week 13" ("Bis
        Woche 13") runs from where the one before it ended; phases that most steps of
        their sequence overlap run side by side on purpose.

    Why it matters:
        Overlapping weeks double-book the team; a gap is time the plan forgot.

    Example:
        ### Week 1 (July 15-22, 2025)
        ### Week 2 (July 22-29, 2025)

    Use instead:
        ### Week 1 (July 15-21, 2025)
        ### Week 2 (July 22-28, 2025)

    Options:
        report-gaps: also report gaps between consecutive periods (default true). A
        gap the plan dates itself ("the holiday weeks (Dec 21 – Jan 1) are a freeze")
        is not reported.
    """
    yield from _schedule_steps(plan, ctx)
    for group in sibling_groups(plan):
        by_kind: dict[str, list] = {}
        for sprint in group:
            by_kind.setdefault(sprint.kind, []).append(sprint)
        for kind, sprints in by_kind.items():
            if kind in ("milestone", "workstream"):
                continue  # milestones are points in time; workstreams run side by side
            own = {id(s.dates) for s in sprints}
            written = [d for d in plan.dates if d.kind == "range" and id(d) not in own and d.start <= d.end]
            pairs = list(zip(sprints, sprints[1:]))
            if _side_by_side([(p.dates, c.dates) for p, c in pairs]):
                continue  # phases that most steps overlap run side by side on purpose
            for prev, cur in pairs:
                yield from _compare(prev, cur, ctx, written)


def _side_by_side(pairs) -> bool:
    """Do most steps of a sequence overlap (by more than a shared boundary day, or all of
    them by one)? Then the periods run side by side on purpose."""
    dated = [(a, b) for a, b in pairs if a and b and a.start <= a.end and b.start <= b.end]
    over = [(a, b) for a, b in dated if a.start <= b.start <= a.end]
    return len(dated) >= 3 and len(over) >= 2 and len(over) > len(dated) / 2


def _explained(missing, written) -> bool:
    """A gap the plan writes down as a range of its own ("the holiday weeks (Dec 21 – Jan 1)
    are a planned freeze"): a range inside the gap that covers most of its working days."""
    working = [d for d in missing if d.weekday() < 5]
    return any(missing[0] <= d.start and d.end <= missing[-1]
               and sum(d.start <= w <= d.end for w in working) * 2 >= len(working) for d in written)


def _compare(prev, cur, ctx, written=()):
    a, b = prev.dates, cur.dates
    if a and b and a.start <= a.end and b.start <= b.end and (a.start, a.end) != (b.start, b.end) and b.start >= a.start:
        if b.start <= a.end:
            days = (min(a.end, b.end) - b.start).days + 1
            yield ctx.finding(b.line, f"{cur.label} ({span(b)}) overlaps {prev.label} ({span(a)}, line {prev.line}) "
                              f"by {days} day{'s' if days != 1 else ''}", b.column)
        elif ctx.options["report-gaps"] and (b.start - a.end).days > 1:
            missing = [a.end + timedelta(days=i) for i in range(1, (b.start - a.end).days)]
            if sum(d.weekday() < 5 for d in missing) >= 2 and not _explained(missing, written):
                # a weekend and a holiday is no gap, nor one the plan dates itself
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
        elif ctx.options["report-gaps"] and q.first > p.last + 1 and not q.until:
            yield ctx.finding(q.line, f"{p.unit} {p.last + 1}-{q.first - 1} fall between {prev.label} ({p.text}) "
                              f"and {cur.label} ({q.text})", severity="warning")


def _schedule_steps(plan, ctx):
    """Consecutive rows of calendar tables: overlaps, repeated ranges and gaps."""
    for schedule in plan.schedules:
        entries = [e for e in schedule.entries if e.start and e.end and e.start <= e.end]
        if schedule.kind != "range" or len(entries) < 2 or schedule.outline:
            continue
        steps = list(zip(entries, entries[1:]))
        apart = sum(b.start > a.end for a, b in steps)
        overlapping = sum(a.start <= b.start <= a.end and b.start != a.end for a, b in steps)
        if overlapping >= 2 and overlapping >= len(steps) / 2:
            continue  # phases that most rows overlap run side by side on purpose
        for a, b in steps:
            if b.start < a.start:
                continue  # out of order: date-order reports it
            if (a.start, a.end) == (b.start, b.end):
                if len(entries) >= 4 and apart >= len(steps) - 1:
                    yield ctx.finding(b.line, f"'{b.label}' ({span_days(b.start, b.end)}) has the same dates as "
                                      f"'{a.label}' (line {a.line}), while every other row of the table follows the "
                                      f"one before it", b.column)
                continue
            if b.start <= a.end:
                if b.start == b.end and b.end <= a.end or a.start == a.end and a.end >= b.end:
                    continue  # one day within the period beside it ("| Stand | 01.12.2026 |"): no overlap
                days = (min(a.end, b.end) - b.start).days + 1
                shared = days == 1 and b.start == a.end
                others_share = sum(y.start == x.end for x, y in steps)
                if shared and others_share > 1:
                    continue  # the table's convention: each step starts on the day the last ended
                yield ctx.finding(b.line, f"'{b.label}' ({span_days(b.start, b.end)}) overlaps '{a.label}' "
                                  f"({span_days(a.start, a.end)}, line {a.line}) by {days} day{'s' if days != 1 else ''}",
                                  b.column, severity=None if apart else "warning")
    for schedule in plan.schedules:
        entries = [e for e in schedule.entries if e.index and e.index_unit != "calendar-weeks"]
        steps = list(zip(entries, entries[1:]))
        if len(steps) < 2 or not all(e.index[0] <= e.index[1] for e in entries):
            continue
        contiguous = sum(b.index[0] == a.index[1] + 1 for a, b in steps)
        if contiguous < 0.6 * len(steps) or not any(e.index[0] != e.index[1] for e in entries):
            continue  # not a partition of numbered weeks
        unit = entries[0].index_unit or "weeks"
        for a, b in steps:
            if b.index[0] <= a.index[1]:
                shared = f"{unit[:-1]} {b.index[0]}" if b.index[0] == a.index[1] else f"{unit} {b.index[0]}-{a.index[1]}"
                yield ctx.finding(b.line, f"'{b.label}' ({unit} {_rng(b.index)}) overlaps '{a.label}' ({unit} "
                                  f"{_rng(a.index)}, line {a.line}): {shared} in both")
            elif b.index[0] > a.index[1] + 1:
                yield ctx.finding(b.line, f"{unit} {a.index[1] + 1}-{b.index[0] - 1} fall between '{a.label}' "
                                  f"({unit} {_rng(a.index)}) and '{b.label}' ({unit} {_rng(b.index)})", severity="warning")


def _rng(index) -> str:
    return str(index[0]) if index[0] == index[1] else f"{index[0]}-{index[1]}"


def span_of(days) -> str:
    first, last = days[0], days[-1]
    return f"{first:%b} {first.day}" if first == last else f"{first:%b} {first.day} - {last:%b} {last.day}"


@rule("PL104", "duration-mismatch", severity="error", lower=("info",))
def duration_mismatch(plan, ctx):
    """A stated duration disagrees with the iteration's dates, its week numbers, or the
    sub-periods it is made of.

    What it does:
        Compares an iteration's stated duration ("2 weeks") with its date range
        (allowing a range that ends on the last working day or the first day of the
        next period), with its week range ("Weeks 5-9" is 5 weeks), and with its
        children: the weeks or days it is split into, which must lie within its week
        range and add up to its duration. A length written right after any range
        ("Dec 7 - Dec 18 (3 weeks)", "8/18〜8/23の6日間") is held to the days the range
        spans, both ends counted (or its working days; so is an iteration's "14 days",
        which may also leave a closing weekend off); a count of the days between
        the ends ("(30일)" for Dec 19 - Jan 18) is an info note, unless the document's
        other lengths in days count both ends. In a table with start and end columns,
        a length column after them ("Dni robocze", "Working days", "작업일", or a
        "Duration" of "10 ngày làm việc") is held
        to each row's range the same way. Working days leave out the holidays the
        document dates itself ("Memorial Day (Monday, May 26), a public holiday").

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
    yield from _lengths(plan, ctx)
    for sprint in plan.iterations():
        duration = sprint.duration
        if duration and duration.unit in DAYS_PER and duration.low <= duration.high:
            per = DAYS_PER[duration.unit]
            if sprint.dates and sprint.dates.start < sprint.dates.end:
                elapsed = (sprint.dates.end - sprint.dates.start).days
                low, high = duration.low * per, duration.high * per
                if duration.unit != "days":
                    fits = low - 4 <= elapsed <= high + 1
                else:
                    # "14 days": the calendar days, a weekend left off the end, or the working days
                    # (a holiday or two among them)
                    working = sum((sprint.dates.start + timedelta(days=i)).weekday() < 5 for i in range(elapsed + 1))
                    fits = low - 3 <= elapsed + 1 <= high + 1 or low <= working <= high + 2
                if not fits:
                    first = min((duration.line, duration.column), (sprint.dates.line, sprint.dates.column))
                    among = f" ({working} working days)" if duration.unit == "days" else ""
                    yield ctx.finding(first[0], f"{sprint.label} says {duration.text} (line {duration.line}), but its "
                                      f"dates {span(sprint.dates)} (line {sprint.dates.line}) span {elapsed + 1} days{among}",
                                      first[1], end_line=max(duration.line, sprint.dates.line))
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


def _holidays(plan, ctx) -> set:
    """The weekdays the document itself says are holidays ("Memorial Day on Monday, May 26,
    is a holiday", "07/09 é feriado"): a day on a line that says holiday, outside tables."""
    per_line: dict[int, list] = {}
    for d in plan.dates:
        per_line.setdefault(d.line, []).append(d)
    # one day alone on its line: "from 2.03 to 3.04, no public holidays" dates no holiday
    days = [ds[0] for ds in per_line.values() if len(ds) == 1 and ds[0].table is None and ds[0].kind == "day"
            and ds[0].start.weekday() < 5]
    if not days:
        return set()
    pattern = lexicon(tuple(plan.languages)).pattern("words", "public-holiday")
    said = {n for n in {d.line for d in days} if pattern.search(fold(ctx.source.lines[n - 1]))}
    return {d.start for d in days if d.line in said}


def _working_fits(n, start, end, working, holidays) -> bool:
    """Working days: holidays take a day or two off the weekdays, nothing adds one; the
    holidays the document dates in the range are taken off."""
    off = sum(start <= h <= end for h in holidays)
    return n == working - off if off else working - 2 <= n <= working


def _working_days(working, start, end, holidays) -> str:
    off = sorted(h for h in holidays if start <= h <= end)
    if not off:
        return f"{working} working days"
    named = ", ".join(f"{h:%b} {h.day}" for h in off)
    return f"{working - len(off)} working days, the holiday{'s' if len(off) > 1 else ''} it dates ({named}) left out"


def _lengths(plan, ctx):
    """A range and the length written right after it: "8/18〜8/23の6日間", "(30일)"."""
    said = {(s.duration.line, s.duration.text) for s in plan.iterations() if s.duration}
    holidays = _holidays(plan, ctx)
    # a range with its length: a date span and the length after it, or a schedule row
    # and its length column ("| 9.03.2026 | 20.03.2026 | 10 |")
    ranged = [(d, d.length) for d in plan.dates]
    ranged += [(SimpleNamespace(start=e.start, end=e.end, text=e.text, year_source=None), e.length)
               for schedule in plan.schedules for e in schedule.entries if e.start and e.end]
    pairs = []
    for d, q in ranged:
        if q is None or q.low != q.high or d.end < d.start or (q.line, q.text) in said:
            continue
        days = (d.end - d.start).days + 1
        working = sum((d.start + timedelta(days=i)).weekday() < 5 for i in range(days))
        n = q.low
        fits = {"days": n in (days, working), "working-days": _working_fits(n, d.start, d.end, working, holidays),
                "weeks": 7 * (n - 1) < days <= 7 * n + 1}[q.unit]
        apart = not fits and q.unit == "days" and n == days - 1  # "(30일)": the days between
        pairs.append((d, q, days, working, fits, apart))
    # the days between the ends is a convention of its own (an info note), unless the
    # document's other lengths of calendar days count both ends
    inclusive = sum(fits and q.unit == "days" for _, q, _, _, fits, _ in pairs)
    between = sum(apart for *_, apart in pairs)
    for d, q, days, working, fits, apart in pairs:
        if not fits:
            counted = _working_days(working, d.start, d.end, holidays) if q.unit == "working-days" else f"{days} days"
            own = apart and inclusive and between == 1
            yield ctx.finding(q.line, f"'{d.text}' is said to last {q.text}, but it spans {counted} "
                              f"({span_days(d.start, d.end, d)})" + (", counting both ends" if apart else "")
                              + ((f", as the document's other {inclusive} lengths do" if inclusive > 1 else
                                  ", as the document's other length does") if own else ""),
                              q.column, severity="info" if apart and not own else None)


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
              and c.measure == "time"]
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
            total = format_quantity(low, high, claim.value.unit)
            yield ctx.finding(claim.line, f"'{claim.label}' says {claim.value.text}, but the {top[0].kind}s add up to "
                              f"{total} ({parts}; lines {top[0].line}-{top[-1].line})", claim.column)


@rule("PL106", "stale-status", severity="warning")
def stale_status(plan, ctx):
    """An iteration's end date has passed while its status still says planned or in
    progress.

    What it does:
        Compares each iteration's end date with today (or `today` in the configuration,
        `--today` on the command line) and reports those whose status was not updated.
        A plan that dates itself ("**Last Updated:** 2026-01-16") speaks of that day: an
        iteration that ended after it may still have been in progress.

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
    as_of = _as_of(plan)
    today = min(ctx.today, as_of[0]) if as_of else ctx.today
    since = f"{today.isoformat()}, the date on line {as_of[1]}" if as_of and as_of[0] < ctx.today else today.isoformat()
    for sprint in plan.iterations():
        if sprint.dates and sprint.status in ("planned", "in_progress") and sprint.dates.end < today:
            status = sprint.status.replace("_", " ")
            yield ctx.finding(sprint.line, f"{sprint.label} ended on {when(sprint.dates.end)} "
                              f"({_days(today - sprint.dates.end)} before {since}), "
                              f"but its status still says {status}")


def _days(delta) -> str:
    return f"{delta.days} day{'' if delta.days == 1 else 's'}"


def _as_of(plan):
    """(date, line) the plan says it was last updated ("**Last Updated:** Friday, January
    16, 2026"): its statuses speak of that day, not of today."""
    words = set(lexicon(tuple(plan.languages)).words("fields", "updated"))
    lines = {f.line for owner in [plan, *plan.iterations()] for f in owner.fields
             if fold(f.key).strip(" *") in words}
    days = [(d.end, d.line) for d in plan.dates if d.line in lines and d.start == d.end]
    return max(days) if days else None


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
    for u in plan.unreadable_dates:
        yield ctx.finding(u.line, f"'{u.text}' is not a date: {u.reason}", u.column)


@rule("PL108", "date-order", severity="error")
def date_order(plan, ctx):
    """A row of a dated table comes before the row above it, in a table whose other rows
    follow the calendar.

    What it does:
        Reads the tables whose rows carry dates (a sprint calendar, a week plan, a
        milestone list, a daily log) and, when their rows otherwise run forward in time,
        reports the row whose date is earlier than the one before it, with both dates.

    Why it matters:
        A date that runs backwards is a typo in the day or the month ("10.10.2019" for
        "10.11.2019"); everything computed from it, gaps, durations, the week it falls
        in, is wrong, and the table reads as if time went back.

    Example:
        | Woche | Datum      | Meilenstein     |
        |------:|-----------:|-----------------|
        |     5 | 20.10.2019 | Backlog         |
        |     7 | 03.11.2019 | Sprint 2 fertig |
        |     8 | 10.10.2019 | Backlog         |
        |    10 | 24.11.2019 | Sprint 3 fertig |

    Use instead:
        |     8 | 10.11.2019 | Backlog         |

    Options:
        None.
    """
    for schedule in plan.schedules:
        entries = [e for e in schedule.entries if e.start is not None]
        steps = list(zip(entries, entries[1:]))
        if len(steps) < 2 or schedule.outline:
            continue  # a work breakdown lists its tasks by number, not by date
        backward = sum(b.start < a.start for a, b in steps)
        if not backward or len(entries) < 4 or backward > max(1, len(steps) // 5):
            continue
        for i, (a, b) in enumerate(steps):
            if b.start >= a.start:
                continue
            before = entries[i - 1].start if i > 0 else None
            after = entries[i + 2].start if i + 2 < len(entries) else None
            # the row whose removal leaves the table in order is the odd one: in "03.11,
            # 10.10, 24.11" it is 10.10; in "26/04, 24/04, 25/04" it is 26/04
            without_b = (before is None or before <= a.start) and (after is None or a.start <= after)
            without_a = (before is None or before <= b.start) and (after is None or b.start <= after)
            odd, other = (b, a) if without_b or not without_a else (a, b)
            text = odd.text or odd.label
            yield ctx.finding(odd.line, f"'{text}' ({odd.start.isoformat()}) is out of order: line {other.line} "
                              f"({other.start.isoformat()}) {'follows' if odd is a else 'comes before'} it, "
                              f"in a table whose other rows run forward", odd.column)


@rule("PL109", "day-number-mismatch", severity="error")
def day_number_mismatch(plan, ctx):
    """A day or week number disagrees with its date, given the other numbered dates.

    What it does:
        Collects the day and week numbers written beside dates ("Day 7 - 2026-01-11",
        "| 3 | 2026-01-07 |" under a Day column, "8/24〜8/26（Day 5-9）", "| Woche 8 |
        10.11.2019 |") and works out from them when day 1 (or week 1) is. A number whose
        date does not fit, while the others agree, is reported with the date it would
        have. A column of calendar weeks ("| KW | Datum |", "KW 45–46", "CW 12") is held
        to the ISO 8601 weeks of its dates.

    Why it matters:
        A burndown whose day 14 repeats day 13's date, or a schedule whose "Day 5-9"
        covers three days, has lost track of the calendar; velocity and remaining days
        computed from it are wrong.

    Example:
        | Day | Date       |
        |-----|------------|
        | 1   | 2026-01-05 |
        | 2   | 2026-01-06 |
        | 3   | 2026-01-06 |
        | 4   | 2026-01-08 |

    Use instead:
        | 3   | 2026-01-07 |

    Options:
        None.
    """
    frames = []
    logged = []
    for schedule in plan.schedules:
        numbered = [e for e in schedule.entries if e.index and e.index_unit == "days" and e.start]
        if schedule.source == "lines":
            logged = numbered
        elif numbered:
            frames.append(numbered)
    if logged:
        # day numbers written in headings count with the table of numbered days they belong to
        home = [f for f in frames if min(e.start for e in f) <= max(e.start for e in logged)
                and min(e.start for e in logged) <= max(e.start for e in f)]
        if len(home) == 1:
            home[0].extend(logged)
        else:
            frames.append(logged)
    for frame in frames:
        yield from _day_numbers(sorted(frame, key=lambda e: e.line), ctx)
    weeks = [e for sc in plan.schedules for e in sc.entries if e.index and e.index_unit == "weeks" and e.start]
    yield from _week_numbers(weeks, ctx)
    for e in (e for sc in plan.schedules for e in sc.entries if e.index and e.index_unit == "calendar-weeks" and e.start):
        weeks = (e.start.isocalendar().week, (e.end or e.start).isocalendar().week)
        if tuple(e.index) != weeks:
            said = _rng(e.index)
            yield ctx.finding(e.line, f"calendar week {said} is given {span_days(e.start, e.end or e.start)}, which "
                              f"falls in calendar week {_rng(weeks)} (ISO 8601)", e.column)


def _offsets(entry, business: bool):
    def shift(day, n):
        if not business:
            return day - timedelta(days=n)
        while n > 0:
            day -= timedelta(days=1)
            if day.weekday() < 5:
                n -= 1
        return day

    out = [shift(entry.start, entry.index[0])]
    if entry.end and entry.end != entry.start or entry.index[1] != entry.index[0]:
        out.append(shift(entry.end or entry.start, entry.index[1]))
    return out


def _day_numbers(entries, ctx):
    # "| 0 | 17/11 sáng |" above "| 1 | 17/11 |": day 0 is the baseline on the first morning
    entries = [e for e in entries if not (e.index[0] == 0 and any(o.index[0] == 1 and o.start == e.start for o in entries))]
    if len(entries) < 3:
        return
    best = None
    for business in (False, True):
        counts: dict = {}
        for e in entries:
            for origin in set(_offsets(e, business)):
                counts[origin] = counts.get(origin, 0) + 1
        origin, hits = max(counts.items(), key=lambda kv: kv[1])
        agree = sum(all(o == origin for o in _offsets(e, business)) for e in entries)
        if best is None or agree > best[2]:
            best = (business, origin, agree)
    business, origin, agree = best
    if agree < 0.6 * len(entries) or agree < 3:
        return
    for e in entries:
        offsets = _offsets(e, business)
        if all(o == origin for o in offsets):
            continue
        expected = [_nth(origin, n, business) for n in dict.fromkeys(e.index)]
        written = e.start.isoformat() if e.end in (None, e.start) else f"{e.start.isoformat()} - {e.end.isoformat()}"
        want = " - ".join(d.isoformat() for d in expected)
        first = _nth(origin, 1, business)
        yield ctx.finding(e.line, f"day {_rng(e.index)} is {written}, but the other numbered days of the document "
                          f"put day 1 on {first.isoformat()}, which makes day {_rng(e.index)} {want}", e.column)


def _nth(origin, n, business):
    day = origin
    if not business:
        return origin + timedelta(days=n)
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _week_numbers(entries, ctx):
    """Week N of a plan runs from week 1's first day + 7(N-1) days, for 7 days."""
    if len(entries) < 3:
        return
    candidates: dict = {}
    for e in entries:
        for origin in _week_origins(e):
            candidates[origin] = candidates.get(origin, 0) + 1
    if not candidates:
        return  # no entry fits whole weeks: nothing to hold them to
    origin, hits = max(candidates.items(), key=lambda kv: (kv[1], -kv[0].toordinal()))
    if hits < 0.7 * len(entries):
        return
    for e in entries:
        if origin in _week_origins(e):
            continue
        first = origin + timedelta(days=7 * (e.index[0] - 1))
        last = origin + timedelta(days=7 * e.index[1] - 1)
        yield ctx.finding(e.line, f"week {_rng(e.index)} is given {e.start.isoformat()}"
                          + (f" - {e.end.isoformat()}" if e.end and e.end != e.start else "")
                          + f", but the document's other week numbers put week 1 on {origin.isoformat()}, so week "
                          f"{_rng(e.index)} runs {first.isoformat()} - {last.isoformat()}", e.column)


def _week_origins(e) -> set:
    """The first days of week 1 under which this entry's dates fall in its weeks."""
    low = e.start - timedelta(days=7 * (e.index[0] - 1) + 6)
    high = e.start - timedelta(days=7 * (e.index[0] - 1))
    out = {low + timedelta(days=i) for i in range((high - low).days + 1)}
    if e.end and e.end != e.start:
        end_low = e.end - timedelta(days=7 * e.index[1] - 1)
        end_high = e.end - timedelta(days=7 * (e.index[1] - 1))
        # a week may end early (a Friday) but not run into the next week
        out = {o for o in out if end_low <= o <= end_high + timedelta(days=2)}
    return out
