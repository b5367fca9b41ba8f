"""Dates as teams write them, in any language: days and ranges, with a weekday or not,
each with its exact columns. A date without a year is kept without one; the parser
gives it a year from its context.

    >>> [d.text for d in read_dates("Sprint 7 [11/11/2024 - 24/11/2024]", lexicon(("it", "en")), "dmy")]
    ['11/11/2024 - 24/11/2024']
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from .lang import Lexicon, alternation, fold, lexicon  # noqa: F401  (lexicon: doctest)

# -- atoms: the shapes of one written day ----------------------------------------------

_ISO = re.compile(r"(?<![\w.])((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?!\d|[-/.]\d)")
_NUMERIC = re.compile(r"(?<![0-9A-Za-z.,/:\\-])(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![0-9A-Za-z]|[./:-]\d)")
# "9. 3. 2026", "po 16. 3.": day, month and year with a space after each dot (Czech, Slovak)
_SPACED = re.compile(r"(?<![\w.,/:-])(\d{1,2})\.[ \u00a0](\d{1,2})\.(?:[ \u00a0]((?:19|20)\d{2})(?!\d))?(?![\d\w])")
_CJK = re.compile(r"(?:((?:19|20)\d{2})\s?[年년]\s?)?(\d{1,2})\s?[月월](?:\s?(\d{1,2})\s?[日일号號]?)?")
_CJK_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})\s?[年년]\s?(\d{1,2})\s?[月월]")
_ISO_WEEK = re.compile(r"(?<![\w])((?:19|20)\d{2})-?w(\d{1,2})(?!\d)")
_QUARTER = re.compile(r"(?<![\w])q([1-4])[\s/-]?((?:19|20)\d{2})(?!\d)|(?<![\w])((?:19|20)\d{2})[\s/-]?q([1-4])(?!\w)")
_TOKEN = re.compile(r"[^\W\d_]+")
_SECOND_WORD = re.compile(r"[- ](?:[^\W\d_]+|\d(?!\d))")  # "segunda-feira", "thứ hai", "thứ 2"
_DAY_BEFORE = re.compile(r"(?<![\d.,])(\d{1,2})(?:\s?[-–]\s?(\d{1,2}))?([^\W\d_]{1,3}|[º°])?\.?[\s-]{0,2}$")
_DAY_AFTER = re.compile(r"\.?\s{0,2}(\d{1,2})(?!\d)([^\W\d_]{0,3}\.?)?(?:\s?[-–]\s?(\d{1,2})(?!\d))?")
_RANGE_START = re.compile(r"(?<![\d.,:/])(\d{1,2})([^\W\d_]{1,3}\.?|\.)?\s{1,2}([^\W\d_]{1,5})\s{1,2}$")
_YEAR_AFTER = re.compile(r"[.,]?\s{0,2}((?:19|20)\d{2})(?!\d)")
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})\s?$")
_SPACE = re.compile(r"[\s*_]*")
# between two dates of a range, besides the range words of the lexicon
_JOIN_SIGNS = ("-", "–", "—", "~", "→", "->", "-->", "..", "⟶")


@dataclass(frozen=True)
class Day:
    """One day (or month, when `day` is None) as written; `year` None when not written."""

    year: int | None
    month: int
    day: int | None
    first: int
    last: int
    numeric: bool = False  # digits only ("03/11"): its reading depends on the order


@dataclass(frozen=True)
class Weekday:
    weekday: int  # 0 = Monday
    word: str
    first: int
    last: int


@dataclass(frozen=True)
class DateText:
    """A date or a range as written on one line (columns are 0-based, end exclusive)."""

    start: Day
    end: Day | None
    first: int
    last: int
    text: str
    weekday: Weekday | None = None
    end_weekday: Weekday | None = None
    kind: str = "day"  # day, range, month, week, quarter

    def days(self, year: int | None = None) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day, with `year` for parts written without one."""
        return resolve(self, year)


@dataclass(frozen=True)
class Unreadable:
    text: str
    first: int
    reason: str


def _valid(year: int | None, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        datetime.date(year if year is not None else 2000, month, day)  # 2000: Feb 29 exists
    except ValueError:
        return False
    return True


def _year(text: str | None) -> int | None:
    if not text:
        return None
    value = int(text)
    return value + 2000 if len(text) == 2 else value


class _Reader:
    def __init__(self, line: str, lex: Lexicon, order: str):
        self.line = line
        self.text = fold(line)
        self.lex = lex
        self.order = order
        self.months = lex.months()
        self.weekdays = lex.weekdays()
        self.taken = bytearray(len(self.text))
        self.days: list[Day] = []
        self.unreadable: list[Unreadable] = []

    def free(self, first: int, last: int) -> bool:
        return not any(self.taken[first:last])

    def take(self, day: Day) -> None:
        self.days.append(day)
        for i in range(day.first, day.last):
            self.taken[i] = 1

    def atoms(self) -> None:
        text = self.text
        for m in _ISO.finditer(text):
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if _valid(y, mo, d):
                self.take(Day(y, mo, d, m.start(), m.end()))
            elif m.group(2) == "-":
                self.unreadable.append(Unreadable(self.line[m.start():m.end()], m.start(), _reason(y, mo, d)))
        if any(ch in text for ch in "月월"):
            for m in _CJK.finditer(text):
                if not self.free(m.start(), m.end()):
                    continue
                y, mo = (int(m.group(1)) if m.group(1) else None), int(m.group(2))
                d = int(m.group(3)) if m.group(3) else None
                if d is None and y is None:
                    continue
                if _valid(y, mo, d):
                    self.take(Day(y, mo, d, m.start(), m.end()))
        if ". " in text:
            for m in _SPACED.finditer(text):
                y, mo, d = (int(m.group(3)) if m.group(3) else None), int(m.group(2)), int(m.group(1))
                if self.free(m.start(), m.end()) and _valid(y, mo, d):
                    self.take(Day(y, mo, d, m.start(), m.end(), numeric=True))
        self._named()
        for m in _NUMERIC.finditer(text):
            if not self.free(m.start(), m.end()):
                continue
            self._numeric(m)

    def _numeric(self, m: re.Match) -> None:
        a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
        if y is None and sep == "-":
            return  # "7-10" is a range of numbers
        if y is None and sep == "." and not (len(m.group(1)) == 2 and len(m.group(3)) == 2):
            return  # "1.5" is a number; "01.06" may be a date
        year = _year(y)
        # "03.11.2025" is day first wherever it is written; "03/11" follows the document
        day_first = self.order == "dmy" or (sep == "." and self.order != "mdy.")
        day, month = (a, b) if day_first else (b, a)
        if not _valid(year, month, day):
            return
        self.take(Day(year, month, day, m.start(), m.end(), numeric=True))

    def _named(self) -> None:
        """Month names: "12 de octubre de 2025", "Oct 12, 2025", "3. November", "07-jul"."""
        text = self.text
        ordinal = self.lex.words("dates", "ordinal")
        joiners = self.lex.words("dates", "of")
        capitalised = self.lex.words("dates", "capitalised")
        for m in _TOKEN.finditer(text):
            month = self.months.get(m.group(0))
            if month is None or not self.free(m.start(), m.end()):
                continue
            if m.group(0) in capitalised and self.line[m.start()].islower():
                continue
            end = m.end() + (1 if text[m.end():m.end() + 1] == "." else 0)
            found = self._day_first(m, month, end, ordinal, joiners)
            if found is None:
                found = self._month_first(m, month, end, ordinal)
            if found is None:
                after = _skip_word(text, end, joiners)
                y = _YEAR_AFTER.match(text, after)
                if y:
                    found = [Day(int(y.group(1)), month, None, m.start(), y.end())]
                elif self._month_follows(end):
                    found = [Day(None, month, None, m.start(), end)]
            for day in found or ():
                self.take(day)

    def _month_follows(self, pos: int) -> bool:
        """Is a month name the end of a range that starts here ("Julho a Dezembro de 2025")?"""
        m = re.match(r"\s{0,2}(\S{1,4})\s{0,2}", self.text[pos:pos + 12])
        if not m or m.group(1) not in _JOIN_SIGNS + tuple(self.lex.words("words", "range")):
            return False
        token = _TOKEN.match(self.text, pos + m.end())
        return bool(token and token.group(0) in self.months)

    def _day_first(self, m, month, end, ordinal, joiners):
        text = self.text
        window = max(0, m.start() - 16)
        before = _strip_word(text[window:m.start()], joiners)
        left = _DAY_BEFORE.search(before)
        if not left or (left.group(3) and left.group(3).strip(".") not in ordinal):
            return None
        start = window + left.start()
        if not self.free(start, start + len(left.group(1))):
            return None
        day, day2 = int(left.group(1)), left.group(2)
        last, year = end, None
        y = _YEAR_AFTER.match(text, _skip_word(text, end, joiners))
        if y:
            year, last = int(y.group(1)), y.end()
        if not _valid(year, month, day):
            self.unreadable.append(Unreadable(self.line[start:last], start, _reason(year, month, day)))
            return []
        if day2 is not None and _valid(year, month, int(day2)) and int(day2) > day:
            return [Day(year, month, day, start, window + left.end(1)),
                    Day(year, month, int(day2), window + left.start(2), last)]
        first = self._range_start(start, day)
        if first is not None:
            return [Day(year, month, first[0], first[1], first[2]), Day(year, month, day, start, last)]
        return [Day(year, month, day, start, last)]

    def _range_start(self, pos: int, day: int) -> tuple[int, int, int] | None:
        """The bare day number that opens a range ending at `pos`: "1. bis 5. Dezember",
        "3 al 14 de marzo", "с 3 до 14 марта"."""
        window = max(0, pos - 16)
        m = _RANGE_START.search(self.text[window:pos])
        if not m or m.group(3) not in self.lex.words("words", "range"):
            return None
        if m.group(2) and m.group(2).strip(".") and m.group(2).strip(".") not in self.lex.words("dates", "ordinal"):
            return None
        first = int(m.group(1))
        end = window + (m.end(2) if m.group(2) else m.end(1))
        if not 1 <= first < day or not self.free(window + m.start(), end):
            return None
        return first, window + m.start(), end

    def _month_first(self, m, month, end, ordinal):
        text = self.text
        right = _DAY_AFTER.match(text, end)
        if not right or (right.group(2) and right.group(2).strip(".") not in ordinal):
            return None
        day = int(right.group(1))
        last = right.end(2) if right.group(2) else right.end(1)
        day2 = int(right.group(3)) if right.group(3) else None
        if day2 is not None:
            last = right.end(3)
        year = None
        y = _YEAR_AFTER.match(text, last)
        if y and not text[y.end():y.end() + 2].strip()[:1].isdigit():
            year, last = int(y.group(1)), y.end()
        if text[last:last + 1].isdigit() or text[last:last + 1] in ":/" and text[last + 1:last + 2].isdigit():
            # "May 2025" handled as a month; "Oct 10:30" is a time ("Dec 8: kickoff" is a day);
            # "mar 25/1" is Tuesday 25/1 in Italian, a numeric date after a weekday
            return None
        if not _valid(year, month, day):
            self.unreadable.append(Unreadable(self.line[m.start():last], m.start(), _reason(year, month, day)))
            return []
        if day2 is not None and _valid(year, month, day2) and day2 > day:
            return [Day(year, month, day, m.start(), right.end(1)), Day(year, month, day2, right.start(3), last)]
        return [Day(year, month, day, m.start(), last)]

    def weekday_words(self) -> list[Weekday]:
        """Weekday names that stand next to a day ("Monday, Dec. 19", "Sa, 14.09.2019",
        "10/12(日)", "Lundi 26/04")."""
        out = []
        text = self.text
        capitalised = self.lex.words("dates", "capitalised")
        for m in _TOKEN.finditer(text):
            word = m.group(0)
            number = self.weekdays.get(word)
            joined = _SECOND_WORD.match(text, m.end())
            if joined and self.weekdays.get(word + joined.group(0)) is not None:
                word += joined.group(0)
                number = self.weekdays[word]
            if number is None:
                for cut in range(len(word) - 1, 0, -1):  # CJK names run into the next word
                    if word[:cut] in self.weekdays and _cjk(word[0]):
                        number, word = self.weekdays[word[:cut]], word[:cut]
                        break
            if number is None or not self.free(m.start(), m.start() + len(word)):
                continue
            if len(word) == 1 and not _in_parens(text, m.start(), m.start() + 1):
                continue  # a single character names a weekday only as "(土)"
            if word in capitalised and self.line[m.start()].islower():
                continue  # Polish "nie" (not), Czech "po" (after): a weekday only as "Nie", "Po"
            out.append(Weekday(number, self.line[m.start():m.start() + len(word)], m.start(), m.start() + len(word)))
        return out


def _cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"


def _in_parens(text: str, first: int, last: int) -> bool:
    return text[first - 1:first] in ("(", "（") and text[last:last + 1] in (")", "）")


def _strip_word(before: str, words) -> str:
    """"12 de " -> "12 ": drop a joining word ("de", "of") at the end of the text before a month."""
    stripped = before.rstrip()
    for word in words:
        if stripped.endswith(word) and (len(stripped) == len(word) or not stripped[-len(word) - 1].isalpha()):
            return stripped[:-len(word)].rstrip() + " "
    return before


def _skip_word(text: str, pos: int, words) -> int:
    """Past a joining word after a month ("octubre de 2025")."""
    m = re.match(r"\s*", text[pos:])
    at = pos + m.end()
    for word in words:
        if text.startswith(word, at) and not text[at + len(word):at + len(word) + 1].isalpha():
            return at + len(word)
    return pos


def _reason(year, month, day) -> str:
    names = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
    if not 1 <= (month or 0) <= 12:
        return f"month {month} does not exist"
    if day is None or day < 1:
        return f"day {day} does not exist"
    return f"{names[month - 1]} {year} has no day {day}" if year else f"{names[month - 1]} has no day {day}"


def _joined(reader: _Reader, a: Day, b: Day, weekdays) -> bool:
    """Is the text between two days a range separator (a weekday of the end aside)?"""
    between = reader.text[a.last:b.first]
    for w in weekdays:
        if a.last <= w.first and w.last <= b.first:
            between = between[:w.first - a.last] + " " * (w.last - w.first) + between[w.last - a.last:]
    core = between.strip(" \t*_()[]（）,.")  # "Mo., 03.03.2025 – Fr., 14.03.2025": the weekday's dot too
    if core in _JOIN_SIGNS or core == "":
        return core != "" or between.strip() == ""
    words = [fold(w) for w in reader.lex.words("words", "range")]
    return core.rstrip(".") in words


_PARTIAL = re.compile(r"[\s*_]*(?:[-–—~→]|->|-->|\.\.)[\s*_]*(?:(\d{1,2})[-/](\d{1,2})|(\d{1,2}))(?![\d/.,-]|\s?[^\W\d_]{3}|\s?[×x*%]|\s?h\b)")


def _ranges(reader: _Reader, weekdays: list[Weekday]) -> list[DateText]:
    days = sorted(reader.days, key=lambda d: d.first)
    # "2026-05-11〜05-22", "Jul 15-29", "～ 08-02": an end written in part
    extra = []
    for day in days:
        if day.day is None:
            continue
        m = _PARTIAL.match(reader.text, day.last)
        if not m or not reader.free(m.end() - 1, m.end()):
            continue
        if m.group(3):
            end = Day(day.year, day.month, int(m.group(3)), m.start(3), m.end(3))
            if day.numeric and reader.order != "dmy":
                continue
        else:
            first, second = int(m.group(1)), int(m.group(2))
            month, dd = (first, second) if (day.first == 0 or not day.numeric or reader.order != "dmy") else (second, first)
            end = Day(day.year, month, dd, m.start(1), m.end(2))
        if _valid(end.year, end.month, end.day) and not any(d.first < end.last and end.first < d.last for d in days):
            extra.append(end)
    days = sorted(days + extra, key=lambda d: d.first)
    out: list[DateText] = []
    i = 0
    while i < len(days):
        a = days[i]
        if i + 1 < len(days) and _joined(reader, a, days[i + 1], weekdays) and (a.day is None) == (days[i + 1].day is None):
            b = days[i + 1]
            a, b = _share_year(a, b)
            out.append(_make(reader, a, b))
            i += 2
            continue
        out.append(_make(reader, a, None))
        i += 1
    return _attach_weekdays(reader, out, weekdays)


def _share_year(a: Day, b: Day) -> tuple[Day, Day]:
    if a.year is None and b.year is not None:
        a = replace(a, year=b.year - 1 if a.month > b.month else b.year)
    elif b.year is None and a.year is not None:
        b = replace(b, year=a.year + 1 if b.month < a.month else a.year)
    return a, b


def _make(reader: _Reader, a: Day, b: Day | None) -> DateText:
    last = (b or a).last
    kind = "month" if a.day is None else ("range" if b is not None else "day")
    return DateText(a, b, a.first, last, reader.line[a.first:last], kind=kind)


def _attach_weekdays(reader: _Reader, dates: list[DateText], weekdays: list[Weekday]) -> list[DateText]:
    text = reader.text
    out = []
    for d in dates:
        before_w = after_w = None
        for w in weekdays:
            gap = text[w.last:d.first]
            if w.last <= d.first and len(gap) <= 3 and _SPACE.sub("", gap).strip(",.(") == "":
                before_w = w
            gap = text[(d.end or d.start).last:w.first]
            if w.first >= d.last and len(gap) <= 3 and _SPACE.sub("", gap).strip(",.(（") == "":
                after_w = after_w or w
        if d.end is not None:
            # "Mon Nov 9 – Fri Nov 20": a weekday before each end
            end_w = next((w for w in weekdays if d.start.last <= w.first and w.last <= d.end.first
                          and _SPACE.sub("", text[w.last:d.end.first]).strip(",.(") == ""), None)
            if end_w is None and after_w is not None and after_w.first >= d.end.last:
                end_w = after_w
            start_w = before_w or next((w for w in weekdays if d.start.last <= w.first < (end_w or w).first
                                        and w is not end_w and len(text[d.start.last:w.first].strip(" ,(")) == 0), None)
            # "Sabtu–Minggu, 15–16 November", "6–7 Kasım (Perşembe–Cuma)": a range of weekdays beside it
            words = {fold(w) for w in reader.lex.words("words", "range")}
            if before_w is not None and (pair := _dashed(text, weekdays, before_w, -1, words)) is not None:
                start_w, end_w = pair, before_w
            elif after_w is not None and after_w.first >= d.end.last and (pair := _dashed(text, weekdays, after_w, 1, words)):
                start_w, end_w = after_w, pair
            d = replace(d, weekday=start_w, end_weekday=end_w)
            if start_w is not None and start_w.first < d.first:
                d = replace(d, first=start_w.first, text=reader.line[start_w.first:d.last])
        else:
            w = before_w or after_w
            words = {fold(x) for x in reader.lex.words("words", "range")}
            if w is not None and (_dashed(text, weekdays, w, 1, words) or _dashed(text, weekdays, w, -1, words)):
                w = None  # "22. bis 24.09. (Mo–Mi)": a range of weekdays is no one day's
            if w is not None:
                d = replace(d, weekday=w)
                first, last = min(d.first, w.first), max(d.last, w.last)
                if text[last:last + 1] in (")", "）") and text[first - 1:first] not in ("(", "（"):
                    last += 1
                d = replace(d, first=first, last=last, text=reader.line[first:last])
        out.append(d)
    return out


def _dashed(text: str, weekdays: list[Weekday], w: Weekday, step: int, words=()) -> Weekday | None:
    """The weekday joined to w by a dash or a range word ("segunda-feira a sexta-feira"),
    before it (step -1) or after it (step 1)."""
    for x in weekdays:
        between = text[x.last:w.first] if step < 0 else text[w.last:x.first]
        if (x.last <= w.first if step < 0 else x.first >= w.last) and (
                between.strip(" \t") in ("-", "–", "—", "~") or between.strip(" \t.") in words):
            return x
    return None


def read_dates(line: str, lex: Lexicon, order: str = "dmy") -> list[DateText]:
    """Every date and date range on a line. `order` is how the document writes numeric
    days: "dmy" (03/11 is 3 November) or "mdy" / "ymd" (03/11 is March 11)."""
    if not any(ch.isdigit() for ch in line):
        return []
    reader = _Reader(line, lex, order)
    reader.atoms()
    if not reader.days:
        return []
    return _ranges(reader, reader.weekday_words())


def read_unreadable(line: str, lex: Lexicon, order: str = "dmy") -> list[Unreadable]:
    """Things written as dates that name no real day ("February 30, 2025", "2025-13-01")."""
    if not any(ch.isdigit() for ch in line):
        return []
    reader = _Reader(line, lex, order)
    reader.atoms()
    return reader.unreadable


def weekday_names(line: str, lex: Lexicon) -> list[Weekday]:
    """Weekday names in a short text such as a table cell ("Lun", "Mié", "Sa.", "土")."""
    reader = _Reader(line, lex, "dmy")
    out = []
    text = reader.text
    for m in _TOKEN.finditer(text):
        word, end = m.group(0), m.end()
        joined = _SECOND_WORD.match(text, end)
        if joined and reader.weekdays.get(word + joined.group(0)) is not None:
            word, end = word + joined.group(0), joined.end()  # "quinta-feira"
        number = reader.weekdays.get(word)
        if number is not None:
            out.append(Weekday(number, line[m.start():end], m.start(), end))
    return out


def resolve(d: DateText, year: int | None) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day of a date text; parts without a year take `year` (an end
    before its start month moves to the next year)."""
    start, end = d.start, d.end or d.start
    y1 = start.year if start.year is not None else year
    if y1 is None:
        return None
    y2 = end.year if end.year is not None else (y1 + 1 if d.end is not None and (end.month, end.day or 1) < (start.month, start.day or 1) and end.month < start.month else y1)
    try:
        first = datetime.date(y1, start.month, start.day or 1)
        if end.day is None:
            nxt = datetime.date(y2 + (end.month == 12), end.month % 12 + 1, 1)
            last = nxt - datetime.timedelta(days=1)
        else:
            last = datetime.date(y2, end.month, end.day)
    except ValueError:
        return None
    return first, last


def numeric_order_evidence(line: str) -> tuple[int, int]:
    """(day-first, month-first) votes of a line's numeric dates written with "/" or "-":
    "24/11/2024" votes day first. Dates with dots are day first everywhere."""
    dmy = mdy = 0
    for m in _NUMERIC.finditer(fold(line)):
        a, b = int(m.group(1)), int(m.group(3))
        if m.group(2) == "." or m.group(2) == "-" and not m.group(4):
            continue
        if a > 12 and 1 <= b <= 12:
            dmy += 1
        elif b > 12 and 1 <= a <= 12 and b <= 31:
            mdy += 1
    return dmy, mdy


def iso_weeks(line: str) -> list[tuple[int, int, int, int]]:
    """ISO weeks written "2026-W19": (year, week, first, last)."""
    return [(int(m.group(1)), int(m.group(2)), m.start(), m.end()) for m in _ISO_WEEK.finditer(fold(line))]


_ = alternation  # re-exported for the parser
