"""Table-driven tests for planlint.quantities, with strings taken from real plans."""

import pytest

from planlint.facts import IndexReader
from planlint.lang import lexicon
from planlint.quantities import Quantity, QuantityReader, format_quantity, guess_decimal, scan_numbers

EN = QuantityReader(lexicon(("en",)))


def read(line, langs=("en",), decimal="."):
    return QuantityReader(lexicon(langs), decimal).quantities(line)


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
    ("3 w of slack", []),
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
def test_quantities(line, expected):
    got = read(line)
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
    "H2 2025", "2H 2025", "the 2025 sprint plan", "", "   ", "hours", "(~40 lines)",
]


@pytest.mark.parametrize("line", NOT_QUANTITIES)
def test_not_quantities(line):
    assert [q for q in read(line) if q.unit not in ("percent", "money")] == []


@pytest.mark.parametrize("line, langs, decimal, expected", [
    ("Aufwand 1,5h", ("de", "en"), ",", [(1.5, 1.5, "hours")]),
    ("| Docker 環境構築 | 0.5 日 |", ("ja", "en"), ".", [(0.5, 0.5, "days")]),
    ("1,056 hours", ("en",), ",", [(1.056, 1.056, "hours")]),
    ("3,5-4 Tage", ("de", "en"), ",", [(3.5, 4, "days")]),
    ("1.000 hours", ("en",), ",", [(1000, 1000, "hours")]),
    ("**Estimación**: 8-13 horas", ("es", "en"), ",", [(8, 13, "hours")]),
    ("| **Infraestrutura e Setup** | 11h | R$ 880,00 |", ("pt", "en"), ",", [(11, 11, "hours"), (880, 880, "money")]),
    ("| Desenvolvimento | R$ 19.200,00 | 98,8% |", ("pt", "en"), ",", [(19200, 19200, "money"), (98.8, 98.8, "percent")]),
    ("| _#0_ | 15 | - | 40h 30m | 34h |", ("en",), ".", [(40.5, 40.5, "hours"), (34, 34, "hours")]),
    ("61 hours estimated, 56 hours 47 minutes spent", ("en",), ".", [(61, 61, "hours"), (56 + 47 / 60, 56 + 47 / 60, "hours")]),
    ("### Sprint 1｜認証基盤（2026-05-11〜05-22）｜13 SP", ("ja", "en"), ".", [(13, 13, "points")]),
    ("### Week 1: 기반 구축 (20시간)", ("ko", "en"), ".", [(20, 20, "hours")]),
    ("**8/18〜8/23の6日間がフル稼働できる期間**", ("ja", "en"), ".", [(6, 6, "days")]),
    ("## 4. 구현 단계 상세 (6~10주차)", ("ko", "en"), ".", []),
    ("## 📌 Sprints com Marcos e Tempo Estimado (120h por sprint)", ("pt", "en"), ",", []),
    ("- 40 horas/mês", ("pt", "en"), ",", []),
    ("| 预估耗时（分钟） | 60 |", ("zh", "en"), ".", []),
    ("13 SP over 14 days", ("en",), ".", [(13, 13, "points"), (14, 14, "days")]),
    ("wurden 880 (=300+20+540+20) Stunden alloziert", ("de", "en"), ",", [(880, 880, "hours")]),
    ("880 (300+20+540+20) Stunden", ("de", "en"), ",", []),
])
def test_quantities_in_other_languages(line, langs, decimal, expected):
    got = read(line, langs, decimal)
    assert [(q.low, q.high, q.unit) for q in got] == [(pytest.approx(a), pytest.approx(b), u) for a, b, u in expected]


@pytest.mark.parametrize("cell, langs, decimal, expected", [
    ("4 800", ("fr", "en"), ",", 4800), ("13 500", ("fr", "en"), ",", 13500), ("-", ("en",), ".", None),
    ("~0.4", ("en",), ".", 0.4), ("TBD", ("en",), ".", None), ("1,070 ph", ("en",), ".", 1070),
    ("**240h**", ("en",), ".", 240), ("2,5", ("it", "en"), ",", 2.5),
])
def test_cell_values(cell, langs, decimal, expected):
    value = QuantityReader(lexicon(langs), decimal).cell_value(cell)
    assert (value.low if value else None) == expected


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


# ---------------------------------------------------------------- numbered weeks and days

PERIODS = IndexReader(lexicon(("en",)))


@pytest.mark.parametrize("line,expected", [
    ("### Week 1 (Oct 4-10, 2025)", [("weeks", 1, 1, "Week 1")]),
    ("### Sprint 5 (Weeks 9-10): Service Standardization", [("weeks", 9, 10, "Weeks 9-10")]),
    ("Phase 2: Core Engines (Week 3-6)", [("weeks", 3, 6, "Week 3-6")]),
    ("### Days 6-7: **VALIDATION & NEXT**", [("days", 6, 7, "Days 6-7")]),
    ("## Phase 1 Success (Days 1-2)", [("days", 1, 2, "Days 1-2")]),
    ("- **Day 3**: Dashboard design", [("days", 3, 3, "Day 3")]),
    ("#### Day 10 (Friday): Sprint Completion", [("days", 10, 10, "Day 10")]),
    ("- Day 5–7: polish", [("days", 5, 7, "Day 5–7")]),
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
def test_period_refs(line, expected):
    got = [(unit, first, last, line[start:end]) for first, last, unit, start, end in PERIODS.read(line)]
    assert got == expected


@pytest.mark.parametrize("text, decimal", [
    ("O total é R$ 19.435,00 e 98,8% do total", ","),
    ("Aufwand: 1,5 h\nRest: 0,8 Tage", ","),
    ("**Total Estimated Effort**: 1,056 hours (26.4 weeks at 40 hours/week)", "."),
    ("### 2.1 Estimativa\n### 2.2 Custos", "?"),
    ("Options 1,2,3 and 4,5,6", "?"),
    ("Python 3.11, Node 20", "."),
    ("", "?"),
])
def test_decimal_mark_of_a_document(text, decimal):
    assert guess_decimal(text, "?") == decimal


@pytest.mark.parametrize("text, decimal, values", [
    ("1,056 and 1.5 and 2,200", ".", [1056, 1.5, 2200]),
    ("1,5 and 1,056 and 1.056", ",", [1.5, 1.056, 1056]),
    ("13 500 et 4 800", ",", [13500, 4800]),
    ("v1.2.3 and US6 and Rkhunter225 75", ".", [75]),
    ("(83.5/98.5)-1=-0.15", ".", [83.5, 98.5, 1, -0.15]),
])
def test_numbers(text, decimal, values):
    assert [n.value for n in scan_numbers(text, decimal)] == values


@pytest.mark.parametrize("low,high,unit,expected", [
    (80.0, 80.0, "hours", "80h"), (7, 9, "hours", "7-9h"), (1.5, 1.5, "hours", "1.5h"),
    (2, 2, "weeks", "2 weeks"), (1, 1, "weeks", "1 week"), (3, 4, "weeks", "3-4 weeks"),
    (34, 34, "points", "34 points"), (1, 1, "days", "1 day"), (30, 30, "minutes", "30min"),
    (2, 2, "sprints", "2 sprints"),
])
def test_format_quantity(low, high, unit, expected):
    assert format_quantity(low, high, unit) == expected


WEIRD = ["", "\x00", "é" * 50, "9" * 400, "1" + "-1" * 200 + " hours", "Week " + "9" * 50,
         "July " + "9" * 30 + ", 2025", "2025-" + "1" * 40, "\ufffd\ufffd 3 \ufffd hours",
         "~" * 100 + "5 hours", "Feb 29", "February 29, 2024", "0000-00-00", "2025-00-10"]


@pytest.mark.parametrize("s", WEIRD)
def test_total(s):
    for decimal in (".", ","):
        reader = QuantityReader(lexicon(("en", "de")), decimal)
        reader.quantities(s)
        reader.cell_value(s)
        scan_numbers(s, decimal)
    PERIODS.read(s)
    guess_decimal(s)


def test_a_hangul_word_that_ends_like_a_label_is_no_label():
    from planlint.lang import lexicon
    from planlint.sums import CountReader

    reader = CountReader(lexicon(("ko", "en")))
    assert [v for v, _, _ in reader.find("구현 시 참조해야 할 파일 5개:")] == [5]  # files, not "day 5"
    assert reader.find("일차 5개") == []  # a label right before the number still names it
