"""The facts a plan states about time and numbers, read from its blocks in any language:
every date with the year it takes from its context, the schedules its tables, headings
and logs lay out, and (in planlint.sums) the totals, counts and arithmetic it claims.
Rules check these; they never read the Markdown themselves.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import dates as dt
from . import recognise as rz
from .blocks import Block
from .lang import Lexicon, fold
from .model import DateSpan, Estimate, Schedule, ScheduleEntry, Table, Unreadable  # noqa: F401
from .source import outside_fences

_YEAR = re.compile(r"(?<![\d.,/:-])((?:19|20)\d{2})(?![\d]|[.,/:-]\d)")
_PIPE = re.compile(r"(?<!\\)\|")
_DIGIT = re.compile(r"\d")


@dataclass
class Heading:
    line: int
    level: float
    text: str
    parent: "Heading | None" = None
    year: int | None = None  # a year its title states ("JULIO 2024", "2º Semestre de 2025")
    end_line: int = 0


@dataclass
class Conventions:
    """How a document writes numbers and days, decided from its own text."""

    decimal: str = "."
    order: str = "mdy"  # numeric days: dmy, mdy or ymd


def conventions(text: str, lex: Lexicon) -> Conventions:
    from .quantities import guess_decimal

    default_order = lex.meta("date-order") or "mdy"
    dmy = mdy = 0
    for line in text.splitlines():
        if "/" in line or "." in line or "-" in line:
            a, b = dt.numeric_order_evidence(line)
            dmy, mdy = dmy + a, mdy + b
    order = "dmy" if dmy > mdy else "mdy" if mdy > dmy else default_order
    if order == "ymd" and dmy > mdy:
        order = "dmy"
    return Conventions(guess_decimal(text, lex.meta("decimal") or "."), order)


def outline(blocks: list[Block], lines) -> list[Heading]:
    """The document's headings (and bold pseudo-headings), each with its parent."""
    out: list[Heading] = []
    stack: list[Heading] = []
    for block in blocks:
        if block.kind == "heading":
            level, text = float(block.level), block.text
        elif block.kind == "paragraph":
            text = rz.pseudo_heading(lines[block.line - 1])
            if not text:
                continue
            level = (stack[-1].level if stack else 0) + 0.5
            level = next((h.level for h in reversed(stack) if h.level == int(h.level)), 0) + 0.5
        else:
            continue
        while stack and stack[-1].level >= level:
            stack.pop().end_line = block.line - 1
        heading = Heading(block.line, level, text, stack[-1] if stack else None)
        out.append(heading)
        stack.append(heading)
    for heading in stack:
        heading.end_line = len(lines)
    return out


def cell_of(line: str, column: int) -> int | None:
    """Index of the table cell a 0-based column of a table row falls in."""
    if "|" not in line:
        return None
    stripped = line.lstrip()
    lead = len(line) - len(stripped)
    count = len(_PIPE.findall(line, 0, column))
    return count - 1 if stripped.startswith("|") and column >= lead else count


class DateReader:
    """Every date of a document, with a year from its context."""

    def __init__(self, lines, blocks: list[Block], lex: Lexicon, conv: Conventions, plan,
                 headings: list[Heading], year_hint: int | None = None):
        self.lines = lines
        self.blocks = blocks
        self.lex = lex
        self.conv = conv
        self.plan = plan
        self.headings = headings
        self.year_hint = year_hint
        self.tables = {block.line: block for block in blocks if block.kind == "table"}
        self.table_of_line = {}
        for block in blocks:
            if block.kind == "table":
                for number in range(block.line, block.end_line + 1):
                    self.table_of_line[number] = block

    def read(self) -> list[DateSpan]:
        found: list[tuple[int, dt.DateText]] = []
        for number, line in outside_fences(self.lines):
            if not line or not _DIGIT.search(line):
                continue
            for d in dt.read_dates(line, self.lex, self.conv.order):
                if self._credible(number, line, d):
                    found.append((number, d))
            for u in dt.read_unreadable(line, self.lex, self.conv.order):
                self.plan.unreadable_dates.append(Unreadable(u.text, number, u.first + 1, u.reason))
        for heading in self.headings:
            heading.year = self._year_in(heading.text)
        doc_year = self._document_year(found)
        spans: list[DateSpan] = []
        last = None  # the last date read, whose year a date without one follows
        for number, d in found:
            year, source, where = self._year_for(number, d, last, doc_year)
            span = self._span(number, d, year, source, where)
            if span is not None:
                spans.append(span)
                if source == "context" or d.start.year is not None or d.end is not None and d.end.year is not None:
                    last = span.start
        self._weekday_years(spans)
        return spans

    # -- which numeric dates are dates --------------------------------------------------

    def _credible(self, number: int, line: str, d: dt.DateText) -> bool:
        """"3/5" may be a fraction; it is a date in a range, beside a weekday, alone in a
        table cell or in parentheses, or after a date label."""
        if not d.start.numeric or d.start.year is not None or d.kind == "range" or d.weekday is not None:
            return True
        text = fold(line)
        before, after = text[:d.first].rstrip(" *_"), text[d.last:].lstrip(" *_")
        if before.endswith(("(", "[")) and after.startswith((")", "]")):
            return True
        if number in self.table_of_line:
            cell = cell_of(line, d.first)
            if cell is not None:
                cells = _cells(line)
                if cell < len(cells) and fold(rz.plain(cells[cell])).startswith(fold(rz.plain(d.text)).strip()):
                    return True
        fields = rz.fields_in_line(line)
        if fields and any(self.lex.role_of("fields", f[0], ("dates", "start", "end")) for f in fields):
            return True
        return bool(before.endswith(":")) and len(after) < 3

    # -- years --------------------------------------------------------------------------

    def _year_in(self, text: str) -> int | None:
        for d in dt.read_dates(text, self.lex, self.conv.order):
            if d.start.year is not None:
                return d.start.year
        m = _YEAR.search(fold(text))
        return int(m.group(1)) if m else None

    def _document_year(self, found) -> tuple[int | None, int | None]:
        """The year the document states for itself (front matter, title, first heading
        with a year, else its first written date), and the line it is on."""
        fm = self.plan.front_matter
        for key in ("date", "year", "created"):
            value = fm.get(key)
            if value is not None:
                m = _YEAR.search(str(value))
                if m:
                    return int(m.group(1)), 1
        for heading in self.headings:
            if heading.year is not None:
                return heading.year, heading.line
        for number, d in found:
            if d.start.year is not None:
                return d.start.year, number
        return None, None

    def _year_for(self, number: int, d: dt.DateText, last: datetime.date | None, doc_year):
        """(year, where it came from, line) for the parts of a date written without one."""
        if d.start.year is not None and (d.end is None or d.end.year is not None):
            return d.start.year, "written", number
        heading = self._heading_at(number)
        while heading is not None:
            if heading.year is not None and heading.line != number:
                return heading.year, "heading", heading.line
            heading = heading.parent
        if last is not None:
            return _nearest_year(d.start, last), "context", None
        if doc_year[0] is not None:
            return doc_year[0], "document", doc_year[1]
        if self.year_hint is not None:
            return self.year_hint, "commit", None
        return None, "none", None

    def _heading_at(self, number: int) -> Heading | None:
        """The innermost heading whose section holds a line."""
        from bisect import bisect_right

        if not hasattr(self, "_heading_lines"):
            self._heading_lines = [h.line for h in self.headings]
        at = bisect_right(self._heading_lines, number) - 1
        heading = self.headings[at] if at >= 0 else None
        while heading is not None and not heading.line <= number <= heading.end_line:
            heading = heading.parent
        return heading

    def _span(self, number: int, d: dt.DateText, year, source, where) -> DateSpan | None:
        days = dt.resolve(d, year if year is not None else 2000)
        if days is None:
            return None
        line = self.lines[number - 1]
        table = self.table_of_line.get(number)
        cell = cell_of(line, d.first) if table is not None else None
        weekday = d.weekday
        if weekday is None and cell is not None and d.kind == "day":
            weekday = self._weekday_cell(line, cell)
        span = DateSpan(days[0], days[1], d.text, number, d.first + 1, year_inferred=source != "written",
                        weekday=weekday.weekday if weekday else None,
                        weekday_text=weekday.word if weekday else None,
                        end_weekday=d.end_weekday.weekday if d.end_weekday else None,
                        end_weekday_text=d.end_weekday.word if d.end_weekday else None,
                        year_source=source if (d.start.year is None or (d.end and d.end.year is None)) else "written",
                        year_line=where, kind=d.kind,
                        table=table.line if table is not None else None, cell=cell)
        if year is None:
            span.year_source = "none"
        return span

    def _weekday_cell(self, line: str, cell: int):
        """"| **07-jul** | Lun |": a weekday alone in the cell beside a date."""
        cells = _cells(line)
        for other in (cell + 1, cell - 1):
            if 0 <= other < len(cells):
                text = rz.plain(cells[other])
                names = dt.weekday_names(text, self.lex)
                if len(names) == 1 and len(fold(text).strip(" .")) == len(names[0].word):
                    return names[0]
        return None

    def _weekday_years(self, spans: list[DateSpan]) -> None:
        """Dates without any year but with weekdays take the year their weekdays fit, when
        one recent year fits nearly all of them."""
        open_spans = [s for s in spans if s.year_source == "none"]
        _roll_over(open_spans)
        with_weekday = [s for s in open_spans if s.weekday is not None]
        if len(with_weekday) < 3:
            return
        best = _best_year(with_weekday, datetime.date.today().year)
        if best is None:
            return
        year, fits = best
        if fits < 0.8 * len(with_weekday):
            return
        for s in open_spans:
            try:
                s.start = s.start.replace(year=year + (s.start.year - 2000))
                s.end = s.end.replace(year=year + (s.end.year - 2000))
            except ValueError:
                continue
            s.year_source = "weekdays"


def _nearest_year(day: dt.Day, last: datetime.date) -> int:
    """The year that puts a date written without one nearest after the date before it
    ("12/8" ... "1/5" runs into the next year; "13 nov." after January 2026 is November
    2025): a date before it counts twice as far, plans running forward."""
    best = None
    for year in (last.year - 1, last.year, last.year + 1):
        try:
            when = datetime.date(year, day.month, day.day or 1)
        except ValueError:
            continue
        gap = (when - last).days
        score = -2 * gap if gap < 0 else gap
        if best is None or score < best[0]:
            best = (score, year)
    return best[1] if best else last.year


def _roll_over(spans: list[DateSpan]) -> None:
    """Dates without any year, read in one placeholder year, in document order: a date
    half a year or more before the one before it is in the next year ("12/8(月)", then
    "1/5(月)")."""
    shift, previous = 0, None
    for s in spans:
        try:
            start, end = s.start.replace(year=s.start.year + shift), s.end.replace(year=s.end.year + shift)
            if previous is not None and (previous - start).days > 180:
                shift += 1
                start, end = s.start.replace(year=s.start.year + shift), s.end.replace(year=s.end.year + shift)
        except ValueError:
            continue
        s.start, s.end, previous = start, end, start


def _best_year(spans, around: int):
    best = None
    for year in range(around - 15, around + 3):
        fits = 0
        for s in spans:
            try:
                if s.start.replace(year=year + (s.start.year - 2000)).weekday() == s.weekday:
                    fits += 1
            except ValueError:
                pass
        if best is None or fits > best[1]:
            best = (year, fits)
    return best


def _index_column(block, header, lex, taken) -> tuple[int | None, str | None]:
    """A column of day or week numbers ("Day", "Woche", "주차") beside the dates."""
    for i, name in enumerate(header):
        if i in taken:
            continue
        role = lex.role_of("columns", name, ("week", "day-index"))
        if role is None:
            continue
        values = [_int_range(row.cells[i], name) for row in block.rows if i < len(row.cells) and rz.plain(row.cells[i])]
        if values and sum(v is not None for v in values) >= 0.8 * len(values):
            if role == "week" and fold(name).strip(" .:") in lex.words("dates", "calendar-week"):
                return i, "calendar-weeks"
            return i, "weeks" if role == "week" else "days"
    return None, None


def index_schedules(table_blocks, lex: Lexicon) -> list[Schedule]:
    """Tables of numbered weeks or days without dates ("| 2~3 | 요구사항 분석 |"): their
    numbers follow one another."""
    out = []
    for block in table_blocks:
        header = [rz.plain(h) for h in block.header]
        if not header or len(block.rows) < 3:
            continue
        role = lex.role_of("columns", header[0], ("week", "day-index"))
        if role is None:
            continue
        schedule = Schedule("table", block.line, header[0], kind="index")
        for row in block.rows:
            value = _int_range(row.cells[0]) if row.cells else None
            if value is None:
                continue
            label = next((rz.plain(c) for c in row.cells[1:] if rz.plain(c)), "")
            schedule.entries.append(ScheduleEntry(label, row.line, None, None, 1, row.line, list(value),
                                                  "weeks" if role == "week" else "days"))
        if len(schedule.entries) >= 3 and len(schedule.entries) >= 0.8 * len(block.rows):
            out.append(schedule)
    return out


def line_indexes(lines, spans: list[DateSpan], lex: Lexicon, table_lines) -> list[ScheduleEntry]:
    """Day numbers written beside a date outside tables: "#### 2026-01-04 (Day 0 - Sprint
    Start)", "## Mid-Sprint Checkpoint (Day 7 - 2026-01-11)"."""
    reader = IndexReader(lex)
    out = []
    for s in spans:
        if s.line in table_lines or s.kind != "day" or s.year_source == "none":
            continue
        at = s.column - 1
        found = [i for i in reader.read(lines[s.line - 1]) if i[2] == "days" and i[0] == i[1]
                 and not (i[3] < at + len(s.text) and at < i[4])]  # the 日 of "10月13日" is no day number
        if len(found) == 1:
            out.append(ScheduleEntry(lines[s.line - 1].strip(" #"), s.line, s.start, s.end, s.column, s.line,
                                     [found[0][0], found[0][1]], "days", text=s.text))
    return out


def _cells(line: str) -> list[str]:
    parts = _PIPE.split(line.strip())
    if parts and parts[0] == "":
        parts = parts[1:]
    if parts and parts[-1].strip() == "":
        parts = parts[:-1]
    return parts


# -- day and week numbers -----------------------------------------------------------------

_NUMBER_BEFORE = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?[ \t]*-?[ \t]*$")
_INT_RANGE = re.compile(r"^\s*(\d{1,3})(?:\s?(?:[-–—~])\s?(\d{1,3}))?\s*$")


class IndexReader:
    """Day and week numbers: "Day 5-9", "(Day 7 - 2026-01-11)", "Woche 4", "6~10주차"."""

    def __init__(self, lex: Lexicon):
        from .lang import alternation

        self.patterns = []
        labels = lex.words("words", "label") + [w for k in rz.ITERATION_KINDS for w in lex.words("iterations", k)]
        self.label = re.compile(r"(?:" + alternation(labels) + r")[ \t]*#?[ \t]*\d+[ \t]*$")
        # "第1スプリント", "제 2 단계": the number of an iteration that follows, not a day
        named = [w for k in rz.ITERATION_KINDS if k not in ("day", "week") for w in lex.words("iterations", k)]
        self.named = re.compile(r"[ \t]?(?:" + alternation(named, boundaries=False) + r")") if named else None
        for unit, key in (("days", "day"), ("weeks", "week")):
            prefix = lex.words("dates", f"{key}-prefix")
            suffix = lex.words("dates", f"{key}-suffix")
            if prefix:
                self.patterns.append((unit, re.compile(
                    r"(?:" + alternation(prefix) + r")[ \t]?#?[ \t]?(\d{1,3})(?:[ \t]?[-–—~][ \t]?(\d{1,3}))?(?![\d.]|[/:]\d)")))
            if suffix:
                self.patterns.append((unit, re.compile(
                    r"(?<![\d./:-])(\d{1,3})(?:[ \t]?[-–—~][ \t]?(\d{1,3}))?[ \t]?(?:" + alternation(suffix) + r")")))

    def read(self, text: str) -> list[tuple[int, int, str, int, int]]:
        """(first, last, unit, start column, end column) of every day or week number;
        "1 week 2 days" holds none (the number before the word makes it an amount)."""
        folded = fold(text)
        out = []
        for unit, pattern in self.patterns:
            for m in pattern.finditer(folded):
                first = int(m.group(1))
                last = int(m.group(2)) if m.group(2) else first
                if _NUMBER_BEFORE.search(folded, max(0, m.start() - 8), m.start()) and \
                        not self.label.search(folded, max(0, m.start() - 24), m.start()):
                    continue  # "1 week 2 days" is an amount; "Sprint 1 Day 1" is day 1 of sprint 1
                if self.named is not None and self.named.match(folded, m.end()):
                    continue
                if not any(o[3] <= m.start() < o[4] for o in out):
                    out.append((first, last, unit, m.start(), m.end()))
        return sorted(out, key=lambda o: o[3])


def _int_range(cell: str, header: str = "") -> tuple[int, int] | None:
    """"3", "2-3", or under a header "KW" the cell "KW 6"."""
    text = fold(rz.plain(cell)).strip()
    head = fold(header).strip(" .:")
    if head and text.startswith(head) and text[len(head):len(head) + 1] in (" ", ".", "") and head.isalpha():
        text = text[len(head):].lstrip(" .")
    m = _INT_RANGE.match(text)
    if not m:
        return None
    first = int(m.group(1))
    return first, int(m.group(2)) if m.group(2) else first


# -- schedules ---------------------------------------------------------------------------


def table_schedules(table_blocks, spans: list[DateSpan], lex: Lexicon, lines) -> list[Schedule]:
    """Tables whose rows each have a date or a range (a sprint calendar, a week plan, a
    day log), as schedules: one entry per dated row, in the order of the rows."""
    by_table: dict[int, list[DateSpan]] = {}
    for s in spans:
        if s.table is not None and s.cell is not None:
            by_table.setdefault(s.table, []).append(s)
    out = []
    indexes = IndexReader(lex)
    for block in table_blocks:
        found = by_table.get(block.line, [])
        if not found or len(block.rows) < 2:
            continue
        columns: dict[int, list[DateSpan]] = {}
        for s in found:
            columns.setdefault(s.cell, []).append(s)
        header = [rz.plain(h) for h in block.header]
        dated_cols = [c for c, ss in columns.items() if len({s.line for s in ss}) >= max(2, len(block.rows) // 2)]
        if not dated_cols:
            continue
        start_col = end_col = None
        for c in dated_cols:
            name = header[c] if c < len(header) else ""
            role = lex.role_of("columns", name, ("start", "end", "period", "date"))
            if role == "end":
                end_col = c
            elif role == "start":
                start_col = c
        if start_col is None:
            start_col = min(dated_cols)
        if end_col is None:
            later = [c for c in dated_cols if c > start_col and all(
                s.kind != "range" for s in columns[c])]
            pair_role = lex.role_of("columns", header[start_col], ("start",)) if start_col < len(header) else None
            if later and pair_role:
                end_col = later[0]
        index_col, index_unit = _index_column(block, header, lex, (start_col, end_col))
        length_col = next((c for c in range(max(start_col, end_col or 0) + 1, len(header))
                           if rz.column_unit(header[c], lex) in _LENGTH_UNITS
                           or lex.role_of("fields", header[c], ("duration",))), None) if end_col is not None else None
        total_words = lex.pattern("words", "total")
        schedule = Schedule("table", block.line, header[start_col] if start_col < len(header) else "")
        starts = {s.line: s for s in columns[start_col]}
        ends = {s.line: s for s in columns.get(end_col, [])} if end_col is not None else {}
        for row in block.rows:
            s = starts.get(row.line)
            if s is None:
                continue
            e = ends.get(row.line)
            label = next((rz.plain(c) for i, c in enumerate(row.cells) if i not in (start_col, end_col) and rz.plain(c)), "")
            if label and total_words.match(fold(label).strip(" *")):
                continue  # "| Summe | Mo., 03.11. – Fr., 12.12.2025 |": the whole span, not a step
            entry = ScheduleEntry(label, row.line, s.start, e.end if e else s.end, s.column,
                                  end_line=row.line, text=s.text + (f" - {e.text}" if e else ""))
            index = None
            if index_col is not None and index_col < len(row.cells):
                index = _int_range(row.cells[index_col], header[index_col])
                entry.index_unit = index_unit
            if index is None and start_col < len(row.cells):
                # "| Semana 3 | ... |" numbers the row; "Cita médica; S6 pasa de 112 h a 104 h" in a
                # change log only mentions a week
                found = indexes.read(row.cells[start_col]) or [f for f in (indexes.read(label) if label else [])
                                                               if not label[:f[3]].strip(" *")]
                if found:
                    index, entry.index_unit = found[0][:2], found[0][2]
            entry.index = list(index) if index else None
            if length_col is not None and length_col < len(row.cells) and e is not None:
                said = written = rz.plain(row.cells[length_col]).strip(" *")
                unit = rz.column_unit(header[length_col], lex)
                m = _LENGTH_CELL.fullmatch(said)
                own = rz.column_unit(m.group(2), lex) if m else None
                if own in _LENGTH_UNITS and (unit is None or own in (unit, "working-days" if unit == "days" else unit)):
                    said, unit = m.group(1), own  # "| 10 ngày làm việc |", "| 2 Wochen |" under "Dauer"
                if said.isdigit():
                    text = lines[row.line - 1]
                    at = next((m.start() for m in re.finditer(re.escape(said), text)
                               if cell_of(text, m.start()) == length_col), -1)
                    entry.length = Estimate(float(said), float(said), unit, False,
                                            written if written != said else f"{said} ({header[length_col]})",
                                            row.line, at + 1 if at >= 0 else 1)
            schedule.entries.append(entry)
        if len(schedule.entries) >= 2:
            schedule.kind = "range" if end_col is not None or any(e.start != e.end for e in schedule.entries) else "day"
            numbered = [e.label for e in schedule.entries if _OUTLINE.match(e.label)]
            schedule.outline = any("." in n.rstrip(".") for n in numbered) and len(numbered) >= 0.5 * len(schedule.entries)
            out.append(schedule)
    return out


_LENGTH_UNITS = ("days", "working-days", "weeks")
_LENGTH_CELL = re.compile(r"(\d{1,3})[ \t]*([^\W\d_][^\d]{0,30})")
_OUTLINE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,4}\.?$")


__all__ = ["DateReader", "Conventions", "conventions", "outline", "table_schedules", "Table", "field"]
