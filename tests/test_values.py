"""Table-driven tests for planlint.values, using strings taken from real plans."""

import datetime

import pytest

from planlint.values import (
    WEEKDAYS,
    DateRange,
    PeriodRef,
    Quantity,
    find_dates,
    find_period_refs,
    find_quantities,
    find_unreadable_dates,
    find_weekdays,
    format_quantity,
    guess_decimal_comma,
    parse_number,
    weekday_of,
)

D = datetime.date


# ---------------------------------------------------------------- quantities

# (line, [(text, low, high, unit, approximate, open_ended), ...])
QUANTITY_CASES = [
    ("- **Estimated Hours**: 20h", [("20h", 20, 20, "hours", False, False)]),
    ("- **Documentation & Review**: 5-7 hours", [("5-7 hours", 5, 7, "hours", False, False)]),
    ("### Phase 1: Sprint Management Foundation (4-5 hours)", [("4-5 hours", 4, 5, "hours", False, False)]),
    ("Monitoring & Observability (4–5 hours)", [("4–5 hours", 4, 5, "hours", False, False)]),
    ("Monitoring & Observability (4 — 5 hours)", [("4 — 5 hours", 4, 5, "hours", False, False)]),
    ("Estimate: 4 to 5 hours", [("4 to 5 hours", 4, 5, "hours", False, False)]),
    ("**Total Effort**: ~600 developer hours", [("~600 developer hours", 600, 600, "hours", True, False)]),
    ("- **Target**: 6 agents × 60 hours = 360 total agent hours",
     [("60 hours", 60, 60, "hours", False, False),
      ("360 total agent hours", 360, 360, "hours", False, False)]),
    ("**Total Estimated Effort**: 1,056 hours (26.4 weeks at 40 hours/week)",
     [("1,056 hours", 1056, 1056, "hours", False, False),
      ("26.4 weeks", 26.4, 26.4, "weeks", False, False)]),
    ("- Duration: 1.5 hours", [("1.5 hours", 1.5, 1.5, "hours", False, False)]),
    ("| Caching strategy | 1.5h | P1 | Dev1 |", [("1.5h", 1.5, 1.5, "hours", False, False)]),
    ("merge into single epic (Est: 30min) ✅", [("30min", 30, 30, "minutes", False, False)]),
    ("- Close: 5 min - Close retro", [("5 min", 5, 5, "minutes", False, False)]),
    ("Daily check-in: 30 mins", [("30 mins", 30, 30, "minutes", False, False)]),
    ("### Step 1: Initialize GitHub Repository (15 minutes)", [("15 minutes", 15, 15, "minutes", False, False)]),
    ("* - advanced throttling (Est: 2hr)", [("2hr", 2, 2, "hours", False, False)]),
    ("- Quick fix (2hrs)", [("2hrs", 2, 2, "hours", False, False)]),
    ("  - Duration: 2 days", [("2 days", 2, 2, "days", False, False)]),
    ("## Priority 0: Live Chat (SSE) E2E (1 week)", [("1 week", 1, 1, "weeks", False, False)]),
    ("**Duration**: 2 weeks (Week 3-4)", [("2 weeks", 2, 2, "weeks", False, False)]),
    ("Phase 2 (3-4 weeks, 176 hours)",
     [("3-4 weeks", 3, 4, "weeks", False, False), ("176 hours", 176, 176, "hours", False, False)]),
    ("- **Timeline**: 8-9 weeks", [("8-9 weeks", 8, 9, "weeks", False, False)]),
    ("estimated effort:** ~ 12 person-days.", [("~ 12 person-days", 12, 12, "days", True, False)]),
    ("Cleanup: 2 man-days", [("2 man-days", 2, 2, "days", False, False)]),
    ("Total Investment: ~100 engineering days", [("~100 engineering days", 100, 100, "days", True, False)]),
    ("- **Buffer**: 4-5 working days", [("4-5 working days", 4, 5, "days", False, False)]),
    ("- Sprint A: 32 story points", [("32 story points", 32, 32, "points", False, False)]),
    ("| Login page | 8 pts | P0 |", [("8 pts", 8, 8, "points", False, False)]),
    ("Velocity target: 13 points", [("13 points", 13, 13, "points", False, False)]),
    ("| Auth | 3 SP |", [("3 SP", 3, 3, "points", False, False)]),
    ("### **Phase 1: Core System Completion (2-3 Sprints)**", [("2-3 Sprints", 2, 3, "sprints", False, False)]),
    ("**Priority: HIGH | Duration: 1.5 Sprints**", [("1.5 Sprints", 1.5, 1.5, "sprints", False, False)]),
    ("**Priority: CRITICAL | Duration: 1 Sprint**", [("1 Sprint", 1, 1, "sprints", False, False)]),
    ("- **Decision Timeline**: 3-6 months", [("3-6 months", 3, 6, "months", False, False)]),
    ("Backend hardening 12h-16h", [("12h-16h", 12, 16, "hours", False, False)]),
    ("**Duration**: 10-12 hours", [("10-12 hours", 10, 12, "hours", False, False)]),
    ("**Duration**: 12-10 hours", [("12-10 hours", 12, 10, "hours", False, False)]),
    ("`--window 2weeks`", [("2weeks", 2, 2, "weeks", False, False)]),
    ("- [ ] **Performance**: 4-6 hour autonomous work sessions", [("4-6 hour", 4, 6, "hours", False, False)]),
    ("*Total:** 80 hours (~2 weeks full-time)",
     [("80 hours", 80, 80, "hours", False, False), ("~2 weeks", 2, 2, "weeks", True, False)]),
    ("Timebox: 4 sprints × 2 weeks (≈8 weeks total)",
     [("4 sprints", 4, 4, "sprints", False, False), ("2 weeks", 2, 2, "weeks", False, False),
      ("≈8 weeks", 8, 8, "weeks", True, False)]),
    ("**Implementation**: **~2,200 hours** across **4 sprints**",
     [("~2,200 hours", 2200, 2200, "hours", True, False), ("4 sprints", 4, 4, "sprints", False, False)]),
    ("approx. 3 days of review", [("approx. 3 days", 3, 3, "days", True, False)]),
    ("about 5 hours of pairing", [("about 5 hours", 5, 5, "hours", True, False)]),
    ("Refactor takes 5+ hours", [("5+ hours", 5, 5, "hours", False, True)]),
    ("**Level 1: Agent to Agent** (0-2 hours)", [("0-2 hours", 0, 2, "hours", False, False)]),
    ("- **Timeline**: 2-week sprint completion", [("2-week", 2, 2, "weeks", False, False)]),
    # a label before the first number: only the second number is an amount
    ("### Sprint 1 – 2 weeks", [("2 weeks", 2, 2, "weeks", False, False)]),
    ("- Length per sprint: 2 weeks", [("2 weeks", 2, 2, "weeks", False, False)]),
    # different units on both sides of a dash are two amounts
    ("Window: 2 weeks - 3 days", [("2 weeks", 2, 2, "weeks", False, False), ("3 days", 3, 3, "days", False, False)]),
]


@pytest.mark.parametrize("line,expected", QUANTITY_CASES)
def test_find_quantities(line, expected):
    got = find_quantities(line)
    assert [(q.text, q.low, q.high, q.unit, q.approximate, q.open_ended) for q in got] == expected
    for q in got:
        assert line[q.start:q.end] == q.text


NOT_QUANTITIES = [
    "Sprint 1", "v2.4.2", "P.1.1", "99.9%", "Python 3.11", "K8s", "Node.js 20+",
    "WCAG 2.1", "16 CPU cores", "64GB RAM", "1TB SSD", "version 1.2.3", "1.2.3.4",
    "+1 (555) 123-4567", "555-123-4567", "24/7 support", "### Week 1", "### Weeks 5-9",
    "#### Day 3 (Wednesday)", "## Phase 1 Success (Days 1-2)", "Month 3: Launch Ready",
    "9:30 AM", "14:43:42", "2025-10-04", "Q1 2025", "ISO 27001", "HTTP/2", "3-point estimate",
    "### Current Sprint Capacity: 40 hours/week", "validate priorities (Est: 15min/week)",
    "- **Estimated Cost**: $38,400 (at $400/hour blended rate)", "### Phase 0 Sprint Planning (Weeks 1-2)",
    "### Sprint 3 (Weeks 5-6): Engine Unification", "**Next Action**: Begin Sprint 1 Day 1",
    "H2 2025", "2H 2025", "the 2025 sprint plan", "1,5h", "", "   ", "hours", "(~40 lines)",
]


@pytest.mark.parametrize("line", NOT_QUANTITIES)
def test_not_quantities(line):
    assert find_quantities(line) == []


@pytest.mark.parametrize("line,expected", [
    ("Aufwand 1,5h", [(1.5, 1.5, "hours")]),
    ("1,056 hours", [(1.056, 1.056, "hours")]),
    ("3,5-4 Tage? 3,5-4 days", [(3.5, 4, "days")]),
    ("1.000 hours", [(1000, 1000, "hours")]),
])
def test_find_quantities_decimal_comma(line, expected):
    got = find_quantities(line, decimal_comma=True)
    assert [(q.low, q.high, q.unit) for q in got] == expected


@pytest.mark.parametrize("unit,low,high,expected", [
    ("minutes", 30, 90, (0.5, 1.5)),
    ("hours", 4, 5, (4, 5)),
    ("days", 2, 2, (16, 16)),
    ("weeks", 1, 2, (40, 80)),
    ("months", 1, 1, None),
    ("points", 5, 5, None),
    ("sprints", 2, 2, None),
])
def test_to_hours(unit, low, high, expected):
    q = Quantity(low=low, high=high, unit=unit, approximate=False, text="x", start=0, end=1)
    assert q.to_hours() == expected


def test_to_hours_custom_day_and_week():
    q = Quantity(low=1, high=1, unit="weeks", approximate=False, text="1 week", start=0, end=6)
    assert q.to_hours(hours_per_day=6, days_per_week=4) == (24, 24)


def test_quantity_is_frozen():
    q = find_quantities("2 days")[0]
    with pytest.raises(Exception):
        q.low = 3  # type: ignore[misc]


# ---------------------------------------------------------------- periods

@pytest.mark.parametrize("line,expected", [
    ("### Week 1 (Oct 4-10, 2025)", [("weeks", 1, 1, "Week 1")]),
    ("### Sprint 5 (Weeks 9-10): Service Standardization", [("weeks", 9, 10, "Weeks 9-10")]),
    ("Phase 2: Core Engines (Week 3-6)", [("weeks", 3, 6, "Week 3-6")]),
    ("### Days 6-7: **VALIDATION & NEXT**", [("days", 6, 7, "Days 6-7")]),
    ("## Phase 1 Success (Days 1-2)", [("days", 1, 2, "Days 1-2")]),
    ("- **Day 3**: Dashboard design", [("days", 3, 3, "Day 3")]),
    ("#### Day 10 (Friday): Sprint Completion", [("days", 10, 10, "Day 10")]),
    ("- Day 5–7: polish", [("days", 5, 7, "Day 5–7")]),
    ("#### **Month 2: Advanced Analytics", [("months", 2, 2, "Month 2")]),
    ("### Months 4-6", [("months", 4, 6, "Months 4-6")]),
    ("### Long-term (Week 3+)", [("weeks", 3, 3, "Week 3")]),
    ("Weeks 9-5 (typo)", [("weeks", 9, 5, "Weeks 9-5")]),
    ("Begin Sprint 1 Day 1 - AST script", [("days", 1, 1, "Day 1")]),
    ("(Week 1, Days 1-2): Define", [("weeks", 1, 1, "Week 1"), ("days", 1, 2, "Days 1-2")]),
    # negatives
    ("Sprint 2", []),
    ("1 week 2 days", []),
    ("**Duration**: 2 weeks", []),
    ("30-day pilot", []),
    ("Week of July 21-25, 2025", []),
    ("Day 2.5", []),
    ("Week 2025-10-04", []),
])
def test_find_period_refs(line, expected):
    got = find_period_refs(line)
    assert [(p.unit, p.first, p.last, p.text) for p in got] == expected
    for p in got:
        assert isinstance(p, PeriodRef)
        assert line[p.start:p.end] == p.text


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("line,text,start,end,inferred", [
    ("**Sprint Period**: July 15-29, 2025", "July 15-29, 2025", D(2025, 7, 15), D(2025, 7, 29), False),
    ("### Week 1 (Oct 4-10, 2025)", "Oct 4-10, 2025", D(2025, 10, 4), D(2025, 10, 10), False),
    ("### Week 2 (Oct 11-17, 2025)", "Oct 11-17, 2025", D(2025, 10, 11), D(2025, 10, 17), False),
    ("Sprint 3: Aug 26 - Sep 8, 2025", "Aug 26 - Sep 8, 2025", D(2025, 8, 26), D(2025, 9, 8), False),
    ("Sprint 3: Aug 26 – Sep 8, 2025", "Aug 26 – Sep 8, 2025", D(2025, 8, 26), D(2025, 9, 8), False),
    ("August 26, 2025 - September 8, 2025", "August 26, 2025 - September 8, 2025",
     D(2025, 8, 26), D(2025, 9, 8), False),
    ("**Start Date**: October 4, 2025", "October 4, 2025", D(2025, 10, 4), D(2025, 10, 4), False),
    ("### Today's Focus (Sep 4, 2025)", "Sep 4, 2025", D(2025, 9, 4), D(2025, 9, 4), False),
    ("Kickoff 4 October 2025", "4 October 2025", D(2025, 10, 4), D(2025, 10, 4), False),
    ("**Date**: 2025-07-14  ", "2025-07-14", D(2025, 7, 14), D(2025, 7, 14), False),
    ("Sprint: 2026-03-08 ~ 2026-03-15", "2026-03-08 ~ 2026-03-15", D(2026, 3, 8), D(2026, 3, 15), False),
    ("2025-10-04 to 2025-10-10", "2025-10-04 to 2025-10-10", D(2025, 10, 4), D(2025, 10, 10), False),
    ("2025-10-04 – 2025-10-10", "2025-10-04 – 2025-10-10", D(2025, 10, 4), D(2025, 10, 10), False),
    ("### Tomorrow's Plan (Sept 5, 2025)", "Sept 5, 2025", D(2025, 9, 5), D(2025, 9, 5), False),
    ("*Target MVP: September 21, 2025*", "September 21, 2025", D(2025, 9, 21), D(2025, 9, 21), False),
    ("Review 2025/10/04", "2025/10/04", D(2025, 10, 4), D(2025, 10, 4), False),
    ("Dec 28, 2025 - Jan 3, 2026", "Dec 28, 2025 - Jan 3, 2026", D(2025, 12, 28), D(2026, 1, 3), False),
    ("Dec 28 - Jan 3, 2026", "Dec 28 - Jan 3, 2026", D(2025, 12, 28), D(2026, 1, 3), False),
    ("*Last Updated: September 4, 2025, 3:30 PM*", "September 4, 2025", D(2025, 9, 4), D(2025, 9, 4), False),
    ("- **Last Sync**: July 20, 2025 14:43:42", "July 20, 2025", D(2025, 7, 20), D(2025, 7, 20), False),
    ("   - Start: 2026-01-23 | Duration: 4 days", "2026-01-23", D(2026, 1, 23), D(2026, 1, 23), False),
    ("July 29-15, 2025", "July 29-15, 2025", D(2025, 7, 29), D(2025, 7, 15), False),
    # year from default_year
    ("### Week 1 (Jan 14-20): Focus", "Jan 14-20", D(2024, 1, 14), D(2024, 1, 20), True),
    ("| P0 | ⬜ Not Started | - | Nov 13 | IDE integration |", "Nov 13", D(2024, 11, 13), D(2024, 11, 13), True),
    ("Sprint goals July 15-22", "July 15-22", D(2024, 7, 15), D(2024, 7, 22), True),
])
def test_find_dates(line, text, start, end, inferred):
    got = find_dates(line, default_year=2024)
    assert len(got) == 1
    d = got[0]
    assert isinstance(d, DateRange)
    assert (d.text, d.start, d.end, d.year_inferred) == (text, start, end, inferred)
    assert line[d.start_col:d.end_col] == d.text


def test_date_without_year_is_skipped_without_default():
    assert find_dates("| Oct 4 | kickoff |") == []
    assert find_dates("July 15-22") == []


def test_two_dates_on_one_line():
    # an em dash right between two dates reads as a range
    got = find_dates("**Sprint**: July 15, 2025 — July 29, 2025")
    assert [(d.start, d.end) for d in got] == [(D(2025, 7, 15), D(2025, 7, 29))]
    got = find_dates("**Start**: July 15, 2025 — **End**: July 29, 2025")
    assert [(d.start, d.end) for d in got] == [(D(2025, 7, 15), D(2025, 7, 15)), (D(2025, 7, 29), D(2025, 7, 29))]
    got = find_dates("Start July 15, 2025; end July 29, 2025")
    assert [d.start for d in got] == [D(2025, 7, 15), D(2025, 7, 29)]


@pytest.mark.parametrize("line", [
    "v2.4.2", "Python 3.11", "9:30 AM", "Q1 2025", "March 2025", "99.9%", "24/7 on-call",
    "1.2.3.4", "555-123-4567", "Sprint 1", "WCAG 2.1", "MON-001", "may 5 items", "Released in 2025",
    "2025.10.04", "20251004", "",
])
def test_not_dates(line):
    assert find_dates(line, default_year=2025) == []
    assert find_unreadable_dates(line) == []


@pytest.mark.parametrize("line,bad_text", [
    ("**Launch Date**: February 30, 2025", "February 30, 2025"),
    ("**Date**: 2025-13-01", "2025-13-01"),
    ("**Date**: 2025-02-29", "2025-02-29"),
    ("Due Apr 31", "Apr 31"),
    ("Aug 26 - Sep 31, 2025", "Aug 26 - Sep 31, 2025"),
])
def test_unreadable_dates(line, bad_text):
    assert find_dates(line, default_year=2025) == []
    got = find_unreadable_dates(line)
    assert len(got) == 1
    text, start, end, reason = got[0]
    assert text == bad_text and line[start:end] == text and reason


# ---------------------------------------------------------------- weekdays

@pytest.mark.parametrize("word,expected", [
    ("Mon", 0), ("Monday", 0), ("**Friday**:", 4), ("tues", 1), ("Thurs", 3), ("SUNDAY", 6),
    ("(Wednesday)", 2), ("Sat.", 5), ("Mo", None), ("Fr", None), ("Month", None), ("", None), ("Sprint", None),
])
def test_weekday_of(word, expected):
    assert weekday_of(word) == expected


def test_weekdays_table():
    assert WEEKDAYS["monday"] == 0 and WEEKDAYS["sunday"] == 6
    assert all(len(k) > 2 for k in WEEKDAYS)


@pytest.mark.parametrize("line,expected", [
    ("#### Day 1 (Monday): Dashboard Foundation", [(0, "Monday", 12)]),
    ("**Monday-Tuesday**: Track A", [(0, "Monday", 2), (1, "Tuesday", 9)]),
    ("    Mon  Tue  Wed  Thu  Fri", [(0, "Mon", 4), (1, "Tue", 9), (2, "Wed", 14), (3, "Thu", 19), (4, "Fri", 24)]),
    ("- Dependencies: MON-001", []),
    ("We sat down on the sun deck", []),
    ("Monthly review", []),
])
def test_find_weekdays(line, expected):
    assert find_weekdays(line) == expected


# ---------------------------------------------------------------- numbers

@pytest.mark.parametrize("s,decimal_comma,expected", [
    ("1,056", False, 1056.0), ("1.5", False, 1.5), ("20", False, 20.0), ("2,200", False, 2200.0),
    ("1,5", True, 1.5), ("1,056", True, 1.056), ("1.056", True, 1056.0), ("1.5", True, 1.5),
    (" 8 ", False, 8.0), ("-3", False, -3.0),
    ("1,5", False, None), ("abc", False, None), ("", False, None), ("1.2.3", False, None),
    ("nan", False, None), ("inf", False, None), ("1e5", False, None), ("12h", False, None),
])
def test_parse_number(s, decimal_comma, expected):
    assert parse_number(s, decimal_comma=decimal_comma) == expected


@pytest.mark.parametrize("text,expected", [
    ("Aufwand: 1,5 h\nRest: 0,8 Tage", True),
    ("---\nlang: de\n---\nAufwand: 1,5 h", True),
    ("Aufwand: 1,5 h", False),
    ("1,5 h and 2.5 h", False),
    ("**Total Estimated Effort**: 1,056 hours (26.4 weeks at 40 hours/week)", False),
    ("Options 1,2,3 and 4,5,6", False),
    ("Python 3.11, Node 20", False),
    ("", False),
])
def test_guess_decimal_comma(text, expected):
    assert guess_decimal_comma(text) is expected


@pytest.mark.parametrize("low,high,unit,expected", [
    (80.0, 80.0, "hours", "80h"), (7, 9, "hours", "7-9h"), (1.5, 1.5, "hours", "1.5h"),
    (2, 2, "weeks", "2 weeks"), (1, 1, "weeks", "1 week"), (3, 4, "weeks", "3-4 weeks"),
    (34, 34, "points", "34 points"), (1, 1, "days", "1 day"), (30, 30, "minutes", "30min"),
    (2, 2, "sprints", "2 sprints"),
])
def test_format_quantity(low, high, unit, expected):
    assert format_quantity(low, high, unit) == expected


# ---------------------------------------------------------------- totality

WEIRD = ["", "\x00", "é" * 50, "9" * 400, "1" + "-1" * 200 + " hours", "Week " + "9" * 50,
         "July " + "9" * 30 + ", 2025", "2025-" + "1" * 40, "\ufffd\ufffd 3 \ufffd hours",
         "~" * 100 + "5 hours", "Feb 29", "February 29, 2024", "0000-00-00", "2025-00-10"]


@pytest.mark.parametrize("s", WEIRD)
def test_total(s):
    find_quantities(s)
    find_quantities(s, decimal_comma=True)
    find_period_refs(s)
    find_dates(s)
    find_dates(s, default_year=2025)
    find_unreadable_dates(s)
    find_weekdays(s)
    weekday_of(s)
    parse_number(s)
    parse_number(s, decimal_comma=True)
    guess_decimal_comma(s)
