"""Table-driven tests for planlint.dates: every form of date and range the issue names,
with its columns, in the languages planlint reads; and the years the parser gives dates
written without one."""

import datetime

import pytest

from planlint.dates import read_dates, read_unreadable, weekday_names
from planlint.lang import lexicon
from planlint.parser import parse_plan
from planlint.source import decode

D = datetime.date


def one(line, langs, order, year=2025):
    found = read_dates(line, lexicon(langs), order)
    assert len(found) == 1, [d.text for d in found]
    d = found[0]
    assert line[d.first:d.last] == d.text
    return d, d.days(year)


# (line, languages, numeric order, text, first day, last day, weekday written or None)
CASES = [
    ("ISO 2025-10-12 here", ("en",), "mdy", "2025-10-12", D(2025, 10, 12), D(2025, 10, 12), None),
    ("Review 2025/10/12", ("en",), "mdy", "2025/10/12", D(2025, 10, 12), D(2025, 10, 12), None),
    ("| Sa, 14.09.2019 | 1 |", ("de", "en"), "dmy", "Sa, 14.09.2019", D(2019, 9, 14), D(2019, 9, 14), 5),
    ("Termin 03.11.2025", ("de", "en"), "dmy", "03.11.2025", D(2025, 11, 3), D(2025, 11, 3), None),
    ("Sprint 2: 9. 3. 2026 – 20. 3. 2026 (2 týdny)", ("cs", "en"), "dmy", "9. 3. 2026 – 20. 3. 2026",
     D(2026, 3, 9), D(2026, 3, 20), None),
    ("| 6 | út 17. 3. | 8 |", ("cs", "en"), "dmy", "út 17. 3.", D(2025, 3, 17), D(2025, 3, 17), 1),
    ("| S1 | mar. 17 févr. |", ("fr", "en"), "dmy", "mar. 17 févr.", D(2025, 2, 17), D(2025, 2, 17), 1),
    ("Fecha 03/11/2025", ("es", "en"), "dmy", "03/11/2025", D(2025, 11, 3), D(2025, 11, 3), None),
    ("Due 11/2/25", ("en",), "mdy", "11/2/25", D(2025, 11, 2), D(2025, 11, 2), None),
    ("Entrega 14/03/25", ("es", "en"), "dmy", "14/03/25", D(2025, 3, 14), D(2025, 3, 14), None),
    ("12 de octubre de 2025", ("es", "en"), "dmy", "12 de octubre de 2025", D(2025, 10, 12), D(2025, 10, 12), None),
    ("am 3. November 2025", ("de", "en"), "dmy", "3. November 2025", D(2025, 11, 3), D(2025, 11, 3), None),
    ("le 3 novembre", ("fr", "en"), "dmy", "3 novembre", D(2025, 11, 3), D(2025, 11, 3), None),
    ("до 3 ноября 2025", ("ru", "en"), "dmy", "3 ноября 2025", D(2025, 11, 3), D(2025, 11, 3), None),
    ("期限 2025年10月12日", ("zh", "en"), "ymd", "2025年10月12日", D(2025, 10, 12), D(2025, 10, 12), None),
    ("10月12日（周日）", ("zh", "en"), "ymd", "10月12日（周日）", D(2025, 10, 12), D(2025, 10, 12), 6),
    ("10/12(日)", ("ja", "en"), "ymd", "10/12(日)", D(2025, 10, 12), D(2025, 10, 12), 6),
    ("締切 5/4 (土)", ("ja", "en"), "ymd", "5/4 (土)", D(2025, 5, 4), D(2025, 5, 4), 5),
    ("12/6 (五)", ("zh", "en"), "ymd", "12/6 (五)", D(2025, 12, 6), D(2025, 12, 6), 4),
    ("dom 12 oct", ("es", "en"), "dmy", "dom 12 oct", D(2025, 10, 12), D(2025, 10, 12), 6),
    ("Mo, 3. Nov. 2025", ("de", "en"), "dmy", "Mo, 3. Nov. 2025", D(2025, 11, 3), D(2025, 11, 3), 0),
    ("| Tuesday, Jan. 9, 2023 |", ("en",), "mdy", "Tuesday, Jan. 9, 2023", D(2023, 1, 9), D(2023, 1, 9), 1),
    ("| Monday, Dec. 19, 2022 |", ("en",), "mdy", "Monday, Dec. 19, 2022", D(2022, 12, 19), D(2022, 12, 19), 0),
    ("<h3>Saturday, 21 May 2016</h3>", ("en",), "mdy", "Saturday, 21 May 2016", D(2016, 5, 21), D(2016, 5, 21), 5),
    ("march 22 kickoff", ("en",), "mdy", "march 22", D(2025, 3, 22), D(2025, 3, 22), None),
    ("| **07-jul** | Lun |", ("es", "en"), "dmy", "07-jul", D(2025, 7, 7), D(2025, 7, 7), None),
    ("Lundi 26/04", ("fr", "en"), "dmy", "Lundi 26/04", D(2025, 4, 26), D(2025, 4, 26), 0),
    # ranges, every separator, parts shared
    ("**Dates:** Mon Nov 9 – Fri Nov 20, 2026", ("en",), "mdy", "Mon Nov 9 – Fri Nov 20, 2026",
     D(2026, 11, 9), D(2026, 11, 20), 0),
    ("15 octobre - 22 octobre 2025", ("fr", "en"), "dmy", "15 octobre - 22 octobre 2025",
     D(2025, 10, 15), D(2025, 10, 22), None),
    ("（2026-05-11〜05-22）", ("ja", "en"), "ymd", "2026-05-11〜05-22", D(2026, 5, 11), D(2026, 5, 22), None),
    ("(даты: 01.02 – 25.02)", ("ru", "en"), "dmy", "01.02 – 25.02", D(2025, 2, 1), D(2025, 2, 25), None),
    ("| 01.06 ~ 01.07 |", ("de", "en"), "dmy", "01.06 ~ 01.07", D(2025, 6, 1), D(2025, 7, 1), None),
    ("# Sprint 7 [11/11/2024 - 24/11/2024]", ("it", "en"), "dmy", "11/11/2024 - 24/11/2024",
     D(2024, 11, 11), D(2024, 11, 24), None),
    ("(Aug 26 - Sep 8, 2025)", ("en",), "mdy", "Aug 26 - Sep 8, 2025", D(2025, 8, 26), D(2025, 9, 8), None),
    ("Dec 28 - Jan 3, 2026", ("en",), "mdy", "Dec 28 - Jan 3, 2026", D(2025, 12, 28), D(2026, 1, 3), None),
    ("| 29/12 – 09/01/2026 |", ("pt", "en"), "dmy", "29/12 – 09/01/2026", D(2025, 12, 29), D(2026, 1, 9), None),
    ("2025-10-04 to 2025-10-10", ("en",), "mdy", "2025-10-04 to 2025-10-10", D(2025, 10, 4), D(2025, 10, 10), None),
    ("vom 1. bis 5. Dezember 2025", ("de", "en"), "dmy", "1. bis 5. Dezember 2025", D(2025, 12, 1), D(2025, 12, 5), None),
    ("del 3 al 14 de marzo de 2025", ("es", "en"), "dmy", "3 al 14 de marzo de 2025", D(2025, 3, 3), D(2025, 3, 14), None),
    ("du 3 au 14 mars 2025", ("fr", "en"), "dmy", "3 au 14 mars 2025", D(2025, 3, 3), D(2025, 3, 14), None),
    ("с 3 до 14 марта 2025", ("ru", "en"), "dmy", "3 до 14 марта 2025", D(2025, 3, 3), D(2025, 3, 14), None),
    ("2026年8月18日 〜 8月28日", ("ja", "en"), "ymd", "2026年8月18日 〜 8月28日", D(2026, 8, 18), D(2026, 8, 28), None),
    ("8/24〜8/26（Day 5-9）", ("ja", "en"), "ymd", "8/24〜8/26", D(2025, 8, 24), D(2025, 8, 26), None),
    ("2025-12-19 ~ 2026-01-18 (30일)", ("ko", "en"), "ymd", "2025-12-19 ~ 2026-01-18", D(2025, 12, 19), D(2026, 1, 18), None),
    ("July 15-29, 2025", ("en",), "mdy", "July 15-29, 2025", D(2025, 7, 15), D(2025, 7, 29), None),
    ("Julho a Dezembro de 2025", ("pt", "en"), "dmy", "Julho a Dezembro de 2025", D(2025, 7, 1), D(2025, 12, 31), None),
    ("2024-03-01 → 2024-03-15", ("en",), "mdy", "2024-03-01 → 2024-03-15", D(2024, 3, 1), D(2024, 3, 15), None),
    ("2024-03-01 --> 2024-03-15", ("en",), "mdy", "2024-03-01 --> 2024-03-15", D(2024, 3, 1), D(2024, 3, 15), None),
    ("2024年3月1日至2024年3月15日", ("zh", "en"), "ymd", "2024年3月1日至2024年3月15日", D(2024, 3, 1), D(2024, 3, 15), None),
    ("3月1日から3月15日", ("ja", "en"), "ymd", "3月1日から3月15日", D(2025, 3, 1), D(2025, 3, 15), None),
    ("- **Tuesday, Dec 8:** kickoff", ("en",), "mdy", "Tuesday, Dec 8", D(2025, 12, 8), D(2025, 12, 8), 1),
    ("Rilascio (mar 26/1)", ("it", "en"), "dmy", "mar 26/1", D(2025, 1, 26), D(2025, 1, 26), 1),
]


@pytest.mark.parametrize("line, langs, order, text, first, last, weekday", CASES, ids=[c[0][:40] for c in CASES])
def test_dates(line, langs, order, text, first, last, weekday):
    d, days = one(line, langs, order)
    assert d.text == text
    assert days == (first, last)
    assert (d.weekday.weekday if d.weekday else None) == weekday


@pytest.mark.parametrize("line, langs", [
    ("v2.4.2 and Python 3.11", ("en",)), ("9:30 AM", ("en",)), ("Q1 2025", ("en",)), ("99.9%", ("en",)),
    ("24/7 on-call", ("en",)), ("1.2.3.4", ("en",)), ("Sprint 1", ("en",)), ("MON-001", ("en",)),
    ("may 5 items", ("en",)), ("Released in 2025", ("en",)), ("3/0 and 10/0", ("en",)), ("93/83.5", ("en",)),
    ("weeks 7-10", ("en",)), ("1.5h", ("en",)), ("", ("en",)),
])
def test_not_dates(line, langs):
    assert [d.text for d in read_dates(line, lexicon(langs), "mdy") if d.kind != "month"] == []


@pytest.mark.parametrize("line, bad", [
    ("**Launch Date**: February 30, 2025", "February 30, 2025"),
    ("**Date**: 2025-13-01", "2025-13-01"),
    ("**Date**: 2025-02-29", "2025-02-29"),
    ("Due Apr 31", "Apr 31"),
])
def test_unreadable_dates(line, bad):
    found = read_unreadable(line, lexicon(("en",)), "mdy")
    assert [(u.text, line[u.first:u.first + len(u.text)]) for u in found] == [(bad, bad)]


@pytest.mark.parametrize("cell, langs, weekday", [
    ("Lun", ("es", "en"), 0), ("Mié", ("es", "en"), 2), ("Sáb", ("es", "en"), 5), ("Do", ("de", "en"), 3),
    ("Do", ("es", "en"), 6), ("土", ("ja", "en"), 5), ("周日", ("zh", "en"), 6), ("월요일", ("ko", "en"), 0),
    ("Thurs", ("en",), 3), ("Tues", ("en",), 1), ("SUNDAY", ("en",), 6), ("quinta-feira", ("pt", "en"), 3),
])
def test_weekday_names(cell, langs, weekday):
    names = weekday_names(cell, lexicon(langs))
    assert [n.weekday for n in names] == [weekday]


def parse(text):
    return parse_plan(decode(text.encode(), "plan.md"))


def test_year_from_heading_and_weekday_in_next_cell():
    plan = parse("# Cronograma\n\n## Julio 2024\n\n| Fecha | Día |\n|---|---|\n| **07-jul** | Lun |\n")
    d = plan.dates[-1]
    assert (d.line, d.column, d.start, d.year_source, d.year_line, d.weekday) == (7, 5, D(2024, 7, 7), "heading", 3, 0)


def test_year_from_title_for_day_month_ranges():
    plan = parse("# Calendário – 2º Semestre de 2025\n\n| Sprint | Período |\n|---|---|\n| 1 | 25/08 – 05/09 |\n")
    d = plan.dates[-1]
    assert (d.line, d.column, d.start, d.end, d.year_source) == (5, 7, D(2025, 8, 25), D(2025, 9, 5), "heading")


def test_a_document_without_years_reads_its_numeric_order():
    plan = parse("# Plan\n\n| Jour | Date |\n|---|---|\n| Lundi | 26/04 |\n| Mardi | 27/04 |\n")
    assert plan.date_order == "dmy"
    assert plan.dates[0].year_source == "none" and (plan.dates[0].start.month, plan.dates[0].start.day) == (4, 26)


def test_crlf_and_bom_keep_columns():
    plan = parse_plan(decode("\ufeff# Plan\r\n\r\n**Dates:** Mon Nov 9 – Fri Nov 20, 2026\r\n".encode(), "plan.md"))
    d = plan.dates[0]
    assert (d.line, d.column, d.start, d.end) == (3, 12, D(2026, 11, 9), D(2026, 11, 20))


def test_stale_status_speaks_of_the_day_the_plan_dates_itself(tmp_path):
    """PL106 judges statuses as of "Last Updated" when the plan gives one: a sprint that
    ended after that day may still have been in progress; one that ended before it not."""
    import json

    from conftest import run_cli

    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n**Last Updated:** 2025-10-01\n\n"
                    "## Sprint 1 (Sep 15-26, 2025) - In Progress\n\n"
                    "## Sprint 2 (Sep 29 - Oct 10, 2025) - In Progress\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--no-cache", "--today", "2026-11-21", "--select", "PL106", plan)
    found = [(f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert [line for line, _ in found] == [5], found
    assert "5 days before 2025-10-01, the date on line 3" in found[0][1]
