"""Dependency-free parsers for the values found in plan text: effort quantities,
period references ("Week 3"), calendar dates, weekdays and numbers."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

# --------------------------------------------------------------------------
# Language data tables (English).  Keep words here, not in the code below.
# --------------------------------------------------------------------------

# Unit spellings -> canonical unit.  Matched case-insensitively unless listed
# in CASE_SENSITIVE_UNITS (where case carries meaning: "2H" is a half-year,
# "sp" is noise, "SP" is story points).
UNIT_WORDS: dict[str, str] = {
    "hours": "hours", "hour": "hours", "hrs": "hours", "hr": "hours",
    "minutes": "minutes", "minute": "minutes", "mins": "minutes", "min": "minutes",
    "days": "days", "day": "days",
    "weeks": "weeks", "week": "weeks", "wks": "weeks", "wk": "weeks",
    "months": "months", "month": "months",
    "story points": "points", "story point": "points",
    "points": "points", "point": "points", "pts": "points",
    "sprints": "sprints", "sprint": "sprints",
}
CASE_SENSITIVE_UNITS: dict[str, str] = {"h": "hours", "SP": "points", "SPs": "points"}
# Singular unit words that only count after exactly "1" ("3-point estimate",
# "2025 sprint plan" are not quantities).
SINGULAR_ONLY_AFTER_ONE: tuple[str, ...] = ("point", "sprint", "story point")

# Plain words allowed between a number and its unit ("~600 developer hours",
# "360 total agent hours", "2 person-days").  At most two of them.
FILLER_WORDS: tuple[str, ...] = (
    "developer", "developers", "dev", "engineer", "engineering", "agent",
    "total", "person", "man", "work", "working", "business", "calendar",
    "full", "focused", "dedicated", "ideal", "team", "effort", "labor",
    "human", "coding", "additional", "extra", "more", "billable", "story",
)

# Words that, right before a number, make it a label rather than an amount
# ("Sprint 1 – 2 weeks", "Phase 3-4 weeks", "Python 3 hours").
LABEL_WORDS: tuple[str, ...] = (
    "sprint", "sprints", "week", "weeks", "day", "days", "month", "months",
    "phase", "step", "stage", "milestone", "version", "release", "epic",
    "story", "task", "item", "part", "chapter", "section", "level", "tier",
    "wave", "iteration", "round", "quarter", "year", "page", "issue", "ticket",
    "pr", "figure", "table", "appendix", "option", "priority", "p", "q", "v",
    "no", "number", "rank", "top", "track", "gate", "python", "node", "java",
    "wcag", "http", "ios", "android", "windows", "ubuntu", "macos", "gpt",
)

# Words and signs that mark an amount as approximate.
APPROX_WORDS: tuple[str, ...] = (
    "approximately", "approx.", "approx", "about", "roughly", "around",
    "circa", "ca.", "some", "nearly", "almost",
)
APPROX_SIGNS: tuple[str, ...] = ("~", "≈", "≃", "∼", "±")

# Month spellings -> month number.  Matched only when capitalised.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
ORDINAL_SUFFIXES: tuple[str, ...] = ("st", "nd", "rd", "th")
RANGE_WORDS: tuple[str, ...] = ("to", "through", "until", "till", "thru")

# Weekday spellings -> 0 (Monday) .. 6 (Sunday).  No two-letter forms.
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tues": 1, "tue": 1,
    "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
# Full weekday names (matched in any case); the other WEEKDAYS keys are
# abbreviations, matched in running text only when written "Mon"/"Tues".
WEEKDAY_FULL_NAMES: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)

# Front-matter keys whose value names a language that writes "1,5".
LANG_KEYS: tuple[str, ...] = ("lang", "language", "locale")
DECIMAL_COMMA_LANGS: tuple[str, ...] = (
    "de", "fr", "es", "it", "nl", "pt", "ru", "pl", "sv", "da", "fi", "nb",
    "no", "cs", "tr", "id", "uk", "ro", "hu", "el",
)

# --------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    unit: str
    approximate: bool
    text: str
    start: int
    end: int
    open_ended: bool = False

    def to_hours(self, hours_per_day: float = 8, days_per_week: float = 5) -> tuple[float, float] | None:
        factor = _hour_factor(self.unit, hours_per_day, days_per_week)
        if factor is None:
            return None
        return (self.low * factor, self.high * factor)


@dataclass(frozen=True)
class PeriodRef:
    unit: str
    first: int
    last: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DateRange:
    start: datetime.date
    end: datetime.date
    text: str
    start_col: int
    end_col: int
    year_inferred: bool


def _hour_factor(unit: str, hours_per_day: float, days_per_week: float) -> float | None:
    if unit == "minutes":
        return 1 / 60
    if unit == "hours":
        return 1.0
    if unit == "days":
        return float(hours_per_day)
    if unit == "weeks":
        return float(hours_per_day) * float(days_per_week)
    return None


# --------------------------------------------------------------------------
# Regex building blocks (compiled once)
# --------------------------------------------------------------------------

def _alt(words) -> str:
    """Regex alternation, longest first, words escaped; spaces match runs of blanks."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in parts)


_SP = r"[ \t\u00a0\u202f]"
_DASH = r"[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_DIGIT = re.compile(r"\d")
# Cheap gate: an amount needs a digit followed closely by a letter.
_QTY_PRECHECK = re.compile(r"\d[+\s\u00a0\u202f-]{0,3}[A-Za-z]")

_NUM_DOT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUM_COMMA = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"

_UNIT_RE = (
    r"(?:(?i:" + _alt(UNIT_WORDS) + r")|" + _alt(CASE_SENSITIVE_UNITS) + r")(?![\w])"
)
_FILLER_RE = r"(?i:" + _alt(FILLER_WORDS) + r")"
_APPROX_RE = (
    r"(?:(?<![\w])(?i:" + _alt(APPROX_WORDS) + r")" + _SP + r"+|(?:"
    + _alt(APPROX_SIGNS) + r")" + _SP + r"?)"
)


def _quantity_pattern(num: str) -> re.Pattern[str]:
    return re.compile(
        r"(?P<approx>" + _APPROX_RE + r")?"
        r"(?<![\w.,:/#@$\\\u2010\u2011\u2012\u2013\u2014\u2212-])"
        r"(?P<n1>" + num + r")(?![.,]\d)"
        r"(?:(?:" + _SP + r"?(?P<u1>" + _UNIT_RE + r"))?"
        r"(?P<sep>" + _SP + r"*" + _DASH + _SP + r"*|" + _SP + r"*~" + _SP + r"*|"
        + _SP + r"+to" + _SP + r"+)"
        r"(?P<n2>" + num + r")(?![.,]\d))?"
        r"(?P<plus>\+)?"
        r"(?P<fill>(?:(?:" + _SP + r"+|-)" + _FILLER_RE + r"){1,2}(?![\w]))?"
        r"(?:" + _SP + r"{0,2}|-)"
        r"(?P<unit>" + _UNIT_RE + r")"
    )


_QTY_DOT = _quantity_pattern(_NUM_DOT)
_QTY_COMMA = _quantity_pattern(_NUM_COMMA)
_RATE_AFTER = re.compile(_SP + r"*(?:/" + _SP + r"*[A-Za-z]|per\b)", re.I)
_LABEL_BEFORE = re.compile(
    r"(?:^|(?<=[^\w]))(?P<label>" + _alt(LABEL_WORDS) + r")" + _SP + r"*#?" + _SP + r"*$",
    re.I,
)
_NUMBER_BEFORE_LABEL = re.compile(r"\d" + _SP + r"*-?" + _SP + r"*$")

_PERIOD = re.compile(
    r"(?<![\w-])(?P<word>(?i:weeks|week|days|day|months|month))" + _SP + r"+"
    r"(?P<a>\d{1,3})(?:" + _SP + r"*" + _DASH + _SP + r"*(?P<b>\d{1,3})|"
    + _SP + r"+(?i:to|through|and)" + _SP + r"+(?P<c>\d{1,3}))?"
    r"(?![\d%]|[.,]\d|" + _SP + r"*(?:/|" + _UNIT_RE + r"))"
)
_NUMBER_BEFORE_PERIOD = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?" + _SP + r"*-?" + _SP + r"*$")
_PERIOD_UNIT = {"week": "weeks", "day": "days", "month": "months"}

_MONTH_RE = r"(?:" + "|".join(
    f"{w[0].upper()}{w[1:]}|{w.upper()}" for w in sorted(MONTHS, key=len, reverse=True)
) + r")"
_ORD = r"(?:" + _alt(ORDINAL_SUFFIXES) + r")?"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_DATE_ATOM = re.compile(
    # ISO 2025-10-04 / 2025/10/04
    r"(?<![\w./\\-])(?P<iy>(?:19|20)\d{2})(?P<isep>[-/])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})"
    r"(?![\d]|[-/.:]\d)"
    # Month D[-D][, YYYY]
    r"|(?<![\w])(?P<mon>" + _MONTH_RE + r")\.?" + _SP + r"+(?P<d1>\d{1,2})" + _ORD
    + r"(?:" + _SP + r"*" + _DASH + _SP + r"*(?P<d2>\d{1,2})" + _ORD + r")?"
    r"(?![\d%]|[:.,]\d)(?:,?" + _SP + r"+(?P<y>" + _YEAR + r"))?"
    # D[-D] Month[,] YYYY
    r"|(?<![\w.,:/#-])(?P<dd1>\d{1,2})" + _ORD
    + r"(?:" + _SP + r"*" + _DASH + _SP + r"*(?P<dd2>\d{1,2})" + _ORD + r")?"
    + _SP + r"+(?P<dmon>" + _MONTH_RE + r")\.?,?" + _SP + r"+(?P<dy>" + _YEAR + r")"
)
_DATE_JOIN = re.compile(
    _SP + r"*(?:" + _DASH + r"|~|\u2192|->|\.\.)" + _SP + r"*|"
    + _SP + r"+(?i:" + _alt(RANGE_WORDS) + r")" + _SP + r"+"
)
_DATE_PRECHECK = re.compile(r"\d")

_WEEKDAY_RE = re.compile(
    r"(?<![\w])(?:(?i:" + _alt(WEEKDAY_FULL_NAMES) + r")|(?:"
    + "|".join(
        w.capitalize() for w in sorted(WEEKDAYS, key=len, reverse=True)
        if w not in WEEKDAY_FULL_NAMES
    )
    + r"))(?![\w]|-\d)"
)
_STRIP_CHARS = " \t\r\n*_~`.,:;()[]{}!?\"'|<>"

_PARSE_DOT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)")
_PARSE_COMMA = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d*)?|[.,]\d+)")

_DEC_COMMA_NUM = re.compile(r"(?<![\w,.])\d+,\d{1,2}(?![\d,.]|\w)")
_DEC_DOT_NUM = re.compile(r"(?<![\w.,])\d+\.\d+(?![\d.,]|[A-Za-z]\d)")
_LANG_HINT = re.compile(
    r"^[ \t]*(?:" + _alt(LANG_KEYS) + r")[ \t]*[:=][ \t]*[\"']?(?P<lang>[A-Za-z]{2})(?:[-_][A-Za-z]{2})?[\"']?[ \t]*$",
    re.I | re.M,
)


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

def parse_number(s: str, *, decimal_comma: bool = False) -> float | None:
    """Read one number: "1,056" -> 1056.0, "1.5" -> 1.5, "1,5" (decimal_comma) -> 1.5."""
    if not isinstance(s, str):
        return None
    t = s.strip().replace("\u2212", "-")
    if not t:
        return None
    if decimal_comma:
        if not _PARSE_COMMA.fullmatch(t):
            return None
        if re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?", t):
            t = t.replace(".", "")
        t = t.replace(",", ".")
    else:
        if not _PARSE_DOT.fullmatch(t):
            return None
        t = t.replace(",", "")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def guess_decimal_comma(text: str) -> bool:
    """True only when the document clearly writes decimals as "1,5"."""
    if not isinstance(text, str) or "," not in text:
        return False
    commas = len(_DEC_COMMA_NUM.findall(text))
    if commas == 0:
        return False
    dots = len(_DEC_DOT_NUM.findall(text))
    if dots:
        return False
    if commas >= 2:
        return True
    hint = _LANG_HINT.search(text)
    return bool(hint and hint.group("lang").lower() in DECIMAL_COMMA_LANGS)


# --------------------------------------------------------------------------
# Quantities
# --------------------------------------------------------------------------

def _canonical_unit(word: str) -> str | None:
    if word in CASE_SENSITIVE_UNITS:
        return CASE_SENSITIVE_UNITS[word]
    return UNIT_WORDS.get(re.sub(r"\s+", " ", word.lower()))


def _is_labelled(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos]
    m = _LABEL_BEFORE.search(before)
    if not m:
        return False
    # "1 day 4 hours": the "label" is itself a unit after a number.
    return not _NUMBER_BEFORE_LABEL.search(before[:m.start("label")])


def find_quantities(text: str, *, decimal_comma: bool = False) -> list[Quantity]:
    """All effort/duration amounts with a unit ("4-5 hours", "~600 developer hours", "8 pts")."""
    if not isinstance(text, str) or not _QTY_PRECHECK.search(text):
        return []
    pattern = _QTY_COMMA if decimal_comma else _QTY_DOT
    out: list[Quantity] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = pattern.search(text, pos)
        if m is None:
            break
        q, resume = _quantity_from_match(text, m, decimal_comma)
        if q is not None:
            out.append(q)
        pos = max(resume, m.start() + 1)
    return out


def _quantity_from_match(text: str, m: re.Match[str], decimal_comma: bool) -> tuple[Quantity | None, int]:
    """Build a Quantity from a match; return it (or None) and where to resume."""
    after_n1 = m.end("n1")
    if _is_labelled(text, m.start()):
        return None, after_n1
    unit_word = m.group("unit")
    unit = _canonical_unit(unit_word)
    if unit is None:
        return None, after_n1
    low = parse_number(m.group("n1"), decimal_comma=decimal_comma)
    if low is None:
        return None, after_n1
    high = low
    if m.group("n2") is not None:
        u1 = m.group("u1")
        if u1 is not None and _canonical_unit(u1) != unit:
            # "2 weeks - 3 days": keep only the first amount.
            return _single(text, m, low, u1, decimal_comma), m.end("u1")
        high2 = parse_number(m.group("n2"), decimal_comma=decimal_comma)
        if high2 is None:
            return None, after_n1
        high = high2
    lowered = re.sub(r"\s+", " ", unit_word.lower())
    if lowered in SINGULAR_ONLY_AFTER_ONE and not (low == 1 and high == 1):
        return None, m.end()
    if _RATE_AFTER.match(text, m.end()):
        return None, m.end()
    start = m.start()
    return Quantity(
        low=low, high=high, unit=unit,
        approximate=m.group("approx") is not None,
        text=text[start:m.end()], start=start, end=m.end(),
        open_ended=m.group("plus") is not None,
    ), m.end()


def _single(text: str, m: re.Match[str], low: float, u1: str, decimal_comma: bool) -> Quantity | None:
    unit = _canonical_unit(u1)
    end = m.end("u1")
    if unit is None or _RATE_AFTER.match(text, end):
        return None
    if re.sub(r"\s+", " ", u1.lower()) in SINGULAR_ONLY_AFTER_ONE and low != 1:
        return None
    start = m.start()
    return Quantity(low=low, high=low, unit=unit, approximate=m.group("approx") is not None,
                    text=text[start:end], start=start, end=end, open_ended=False)


def _fmt_num(x: float) -> str:
    try:
        if math.isfinite(x) and float(x).is_integer():
            return str(int(x))
        return f"{float(x):.6g}"
    except (TypeError, ValueError, OverflowError):
        return str(x)


_UNIT_SINGULAR = {"hours": "hour", "minutes": "minute", "days": "day", "weeks": "week",
                  "months": "month", "points": "point", "sprints": "sprint"}


def format_quantity(low: float, high: float, unit: str) -> str:
    """Short display form: (80, 80, "hours") -> "80h", (2, 2, "weeks") -> "2 weeks"."""
    lo, hi = _fmt_num(low), _fmt_num(high)
    num = lo if lo == hi else f"{lo}-{hi}"
    if unit == "hours":
        return f"{num}h"
    if unit == "minutes":
        return f"{num}min"
    if lo == hi == "1" and unit in _UNIT_SINGULAR:
        return f"{num} {_UNIT_SINGULAR[unit]}"
    return f"{num} {unit}"


# --------------------------------------------------------------------------
# Period references
# --------------------------------------------------------------------------

def find_period_refs(text: str) -> list[PeriodRef]:
    """References to numbered periods: "Week 1", "Weeks 5-9", "Day 1-2", "Month 3"."""
    if not isinstance(text, str) or not _DIGIT.search(text):
        return []
    out: list[PeriodRef] = []
    for m in _PERIOD.finditer(text):
        # "1 week 2 days": "week 2" is not a reference ("Phase 1 Week 3" is).
        num = _NUMBER_BEFORE_PERIOD.search(text, max(0, m.start() - 12), m.start())
        if num is not None and not _is_labelled(text, num.start()):
            continue
        word = m.group("word").lower().rstrip("s")
        first = int(m.group("a"))
        second = m.group("b") or m.group("c")
        last = int(second) if second is not None else first
        out.append(PeriodRef(unit=_PERIOD_UNIT[word], first=first, last=last,
                             text=m.group(0), start=m.start(), end=m.end()))
    return out


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    year: int | None
    month: int
    day: int
    day2: int | None  # in-atom range "July 15-29"
    iso: bool


def _atoms(text: str) -> list[_Atom]:
    atoms: list[_Atom] = []
    for m in _DATE_ATOM.finditer(text):
        if m.group("iy") is not None:
            atoms.append(_Atom(m.start(), m.end(), int(m.group("iy")), int(m.group("im")),
                               int(m.group("id")), None, True))
        elif m.group("mon") is not None:
            y = m.group("y")
            d2 = m.group("d2")
            atoms.append(_Atom(m.start(), m.end(), int(y) if y else None,
                               MONTHS[m.group("mon").lower()], int(m.group("d1")),
                               int(d2) if d2 is not None else None, False))
        else:
            d2 = m.group("dd2")
            atoms.append(_Atom(m.start(), m.end(), int(m.group("dy")),
                               MONTHS[m.group("dmon").lower()], int(m.group("dd1")),
                               int(d2) if d2 is not None else None, False))
    return atoms


def _group_atoms(text: str, atoms: list[_Atom]) -> list[tuple[_Atom, _Atom | None]]:
    """Pair atoms joined by a range separator ("Aug 26 - Sep 8, 2025")."""
    groups: list[tuple[_Atom, _Atom | None]] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if a.day2 is None and i + 1 < len(atoms):
            b = atoms[i + 1]
            j = _DATE_JOIN.match(text, a.end)
            if j is not None and j.end() == b.start and b.day2 is None:
                groups.append((a, b))
                i += 2
                continue
        groups.append((a, None))
        i += 1
    return groups


def _check_day(year: int | None, month: int, day: int) -> str | None:
    """Reason the day cannot be read, or None.  year None: check against a leap year."""
    if not 1 <= month <= 12:
        return f"month {month} does not exist"
    name = MONTH_NAMES[month - 1]
    if day < 1:
        return f"day {day} does not exist"
    try:
        datetime.date(year if year is not None else 2000, month, day)
    except ValueError:
        if year is None:
            return f"{name} has no day {day}"
        return f"{name} {year} has no day {day}"
    return None


def _resolve(text: str, a: _Atom, b: _Atom | None, default_year: int | None):
    """-> ("ok", DateRange) | ("bad", (text, start, end, reason)) | ("skip", None)."""
    end_col = b.end if b is not None else a.end
    span = text[a.start:end_col]
    if b is None:
        m2, d2 = a.month, (a.day2 if a.day2 is not None else a.day)
        y1 = y2 = a.year
        inferred = False
        if y1 is None:
            reason = _check_day(None, a.month, a.day) or _check_day(None, m2, d2)
            if reason:
                return "bad", (span, a.start, end_col, reason)
            if default_year is None:
                return "skip", None
            y1 = y2 = default_year
            inferred = True
        m1, d1 = a.month, a.day
    else:
        m1, d1, m2, d2 = a.month, a.day, b.month, b.day
        y1, y2 = a.year, b.year
        inferred = False
        if y1 is None and y2 is None:
            reason = _check_day(None, m1, d1) or _check_day(None, m2, d2)
            if reason:
                return "bad", (span, a.start, end_col, reason)
            if default_year is None:
                return "skip", None
            y1 = default_year
            y2 = default_year + 1 if (m2, d2) < (m1, d1) and m2 < m1 else default_year
            inferred = True
        elif y1 is None:
            y1 = y2 - 1 if m1 > m2 else y2
        elif y2 is None:
            y2 = y1 + 1 if m2 < m1 else y1
    reason = _check_day(y1, m1, d1) or _check_day(y2, m2, d2)
    if reason:
        return "bad", (span, a.start, end_col, reason)
    try:
        dr = DateRange(start=datetime.date(y1, m1, d1), end=datetime.date(y2, m2, d2),
                       text=span, start_col=a.start, end_col=end_col, year_inferred=inferred)
    except (ValueError, OverflowError, TypeError):
        return "bad", (span, a.start, end_col, "not a valid date")
    return "ok", dr


def _scan_dates(text: str, default_year: int | None):
    if not isinstance(text, str) or not _DATE_PRECHECK.search(text):
        return
    if default_year is not None and not (1 <= default_year < 9999):
        default_year = None
    for a, b in _group_atoms(text, _atoms(text)):
        yield _resolve(text, a, b, default_year)


def find_dates(text: str, *, default_year: int | None = None) -> list[DateRange]:
    """Calendar dates and date ranges; invalid ones are skipped (see find_unreadable_dates)."""
    return [v for kind, v in _scan_dates(text, default_year) if kind == "ok"]


def find_unreadable_dates(text: str, *, default_year: int | None = None) -> list[tuple[str, int, int, str]]:
    """Things shaped like dates that name no real day: (text, start, end, reason)."""
    return [v for kind, v in _scan_dates(text, default_year) if kind == "bad"]


# --------------------------------------------------------------------------
# Weekdays
# --------------------------------------------------------------------------

def weekday_of(word: str) -> int | None:
    """"Mon" -> 0, "**Friday**:" -> 4; anything else -> None."""
    if not isinstance(word, str):
        return None
    return WEEKDAYS.get(word.strip(_STRIP_CHARS).lower())


def find_weekdays(text: str) -> list[tuple[int, str, int]]:
    """(weekday 0-6, matched word, start column) for each weekday name in text."""
    if not isinstance(text, str):
        return []
    out: list[tuple[int, str, int]] = []
    for m in _WEEKDAY_RE.finditer(text):
        word = m.group(0)
        day = WEEKDAYS.get(word.rstrip(".").lower())
        if day is not None:
            out.append((day, word, m.start()))
    return out
