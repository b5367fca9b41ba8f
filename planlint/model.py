"""The plan model: what planlint understood of a plan, every node with its source line.

Field names are a public contract: `planlint parse` emits `Plan.to_dict()`, described by
schemas/plan.schema.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value) if not f.name.startswith("_")}
    return value


class Node:
    def to_dict(self) -> dict:
        return _plain(self)


@dataclass
class Estimate(Node):
    """A quantity as written: a range (low == high when exact) with its unit."""

    low: float
    high: float
    unit: str  # hours, minutes, days, weeks, months, points, sprints
    approximate: bool
    text: str
    line: int
    column: int = 1

    def hours(self) -> tuple[float, float] | None:
        factor = {"hours": 1, "minutes": 1 / 60, "days": 8, "weeks": 40}.get(self.unit)
        return None if factor is None else (self.low * factor, self.high * factor)


@dataclass
class Period(Node):
    """A reference to numbered sub-periods: "Weeks 5-9", "Days 1-5"."""

    unit: str  # weeks, days, months
    first: int
    last: int
    text: str
    line: int
    until: bool = False  # "Bis Woche 13", "Until week 5": a period that ends there, from wherever the last one ended


@dataclass
class DateSpan(Node):
    """A date or a date range as written, with the year it was given when it had none."""

    start: date
    end: date
    text: str
    line: int
    column: int = 1
    year_inferred: bool = False
    weekday: int | None = None  # the weekday written beside the (first) day, 0 = Monday
    weekday_text: str | None = None
    end_weekday: int | None = None
    end_weekday_text: str | None = None
    year_source: str = "written"  # written, heading, context, document, commit, weekdays, none
    year_line: int | None = None  # the line the year was taken from
    kind: str = "day"  # day, range, month
    table: int | None = None  # header line of the table it stands in
    cell: int | None = None  # its cell in the row
    length: Estimate | None = None  # a length written right after a range: "(3 weeks)", "の6日間"


@dataclass
class Unreadable(Node):
    """Something written as a date that names no real day ("February 30, 2025")."""

    text: str
    line: int
    column: int
    reason: str


@dataclass
class Placeholder(Node):
    """Text that stands for something never filled in ("TBD", "Last Updated: Current Date")."""

    text: str
    line: int
    column: int
    where: str = ""  # "in 'Owner'", "in heading '...'", "under '...'", "in the plan"
    kind: str = "text"  # text, or a link, image or link definition that points nowhere
    target: str = ""  # a dead link's target: "#", "<>" or ""


@dataclass
class Field(Node):
    key: str
    value: str
    line: int
    column: int = 1
    roles: list[str] = field(default_factory=list)  # what its key names: total, estimate, effort, duration, ...
    amount: Estimate | None = None  # the effort or duration its value states, hours first


@dataclass
class WorkItem(Node):
    title: str
    line: int
    kind: str  # checkbox, bullet, row, section
    id: str | None = None
    estimate: Estimate | None = None
    status: str | None = None
    owner: str | None = None
    group: str | None = None  # the heading or label the item is listed under
    parent: str | None = None  # id of the story or epic it belongs to ("Story" column)
    # the estimated section item this one is a task of (not emitted: it is the parent's job)
    _under: "WorkItem | None" = field(default=None, repr=False, compare=False)

    def counted(self) -> bool:
        """False for a task whose section item carries the estimate that covers it."""
        return self._under is None or self._under.estimate is None


@dataclass
class CriteriaSection(Node):
    """A heading or label that introduces success criteria, and how many it lists."""

    title: str
    line: int
    items: int = 0
    said: int = 0  # lines under it that say something (not blank, a rule, a placeholder)


@dataclass
class Criterion(Node):
    text: str
    line: int
    checked: bool | None = None
    thresholds: list = field(default_factory=list)  # [value, unit, "upper" | "lower"] it sets
    vague: str | None = None  # the word that makes it uncheckable ("seamless"), when nothing checkable is said


@dataclass
class Deliverable(Node):
    text: str
    line: int


@dataclass
class Risk(Node):
    title: str
    line: int
    source: str  # table or list
    probability: str | None = None
    impact: str | None = None
    mitigation: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # every cell or sub-field, by header
    levels: dict[str, bool | None] = field(default_factory=dict)  # probability, impact: on the scale? (None: a number)


@dataclass
class DayLabel(Node):
    """A weekday name used as a column or row label inside an iteration's schedule."""

    label: str
    weekday: int  # 0 = Monday
    line: int
    column: int = 1


@dataclass
class Sprint(Node):
    """Any recognised iteration: sprint, phase, milestone, workstream, week, day, ..."""

    id: str
    kind: str
    title: str
    line: int
    end_line: int
    level: float = 0
    titled: bool = False  # its heading sets a title off from the id ("Sprint 1: Foundation")
    status: str | None = None
    duration: Estimate | None = None
    period: Period | None = None
    dates: DateSpan | None = None
    team_size: Estimate | None = None
    effort: Estimate | None = None  # the effort the plan states for the iteration itself
    estimate: dict | None = None  # sum of its work items' estimates, by the parser
    work_items: list[WorkItem] = field(default_factory=list)
    deliverables: list[Deliverable] = field(default_factory=list)
    success_criteria: list[Criterion] = field(default_factory=list)
    criteria_sections: list[CriteriaSection] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    day_labels: list[DayLabel] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    children: list["Sprint"] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How findings name it: "Sprint C 'Page Implementation'", or just "Week 2"."""
        return f"{self.id} '{self.title}'" if self.title and self.title != self.id else self.id

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_work_items(self):
        for node in self.walk():
            yield from node.work_items


@dataclass
class Claim(Node):
    """A total or a count the plan states, for rules to check."""

    kind: str  # total or count
    label: str
    text: str
    line: int
    column: int = 1
    value: Estimate | None = None  # for totals with a unit
    count: float | None = None  # for counts
    noun: str | None = None  # what is counted: deliverables, pages, items ...
    sprint: str | None = None  # id of the innermost iteration it stands in
    listed: int | None = None  # items in the list the claim introduces
    list_line: int | None = None
    measure: str = "effort"  # what a total measures: effort, or time (a timeline, a duration)
    total: bool = False  # a count that says it is a total ("34 major deliverables in total")
    table: Total | None = None  # the same line read as the total of the table right above it
    planned: int | None = None  # the whole of a "done / planned" count: the line of the count of what was planned


@dataclass
class Expression(Node):
    """Arithmetic written in the text: "6 agents x 60 hours = 360"."""

    text: str
    line: int
    column: int
    operands: list[float]
    operators: list[str]  # +, -, x, /, of
    stated: float
    percent: bool = False
    computed: float | None = None  # the value of the left side, parentheses and all
    inferred: bool = False  # a factor comes from the document's other lines (the hours of its working day)
    decimals: int | None = None  # digits the result is written with ("-0.10": 2), where more than its value shows


@dataclass
class Part(Node):
    """One of the numbers a total is the sum of."""

    low: float
    high: float
    line: int
    text: str
    label: str = ""


@dataclass
class Total(Node):
    """A number the plan states as the sum of others: a table's total row, a parent row,
    a heading's amount over its items, a total line, a column summing others."""

    kind: str  # column, subtotal, row, heading, item, field, prose, overview, count
    label: str
    line: int
    column: int
    low: float
    high: float
    unit: str  # hours, points, days, weeks, money, people, number, ...
    text: str
    approximate: bool
    decimals: int
    parts: list[Part]
    measure: str = "sum"  # sum, or count (of the things listed)
    evidence: str = "structure"  # structure (a total the text labels) or consistency (one the document's numbers show)
    family: str = ""  # totals read the same way, which the document's consistency speaks for
    restates: int | None = None  # the line of the section total this summary item repeats


@dataclass
class ScheduleEntry(Node):
    """One dated step of a schedule: a sprint row, a week, a day of a log."""

    label: str
    line: int
    start: date | None
    end: date | None
    column: int = 1
    end_line: int | None = None
    index: list | None = None  # [first, last] day or week number it states ("Day 5-9", "Woche 3")
    index_unit: str | None = None  # days, weeks, or calendar-weeks (ISO 8601, "KW 45")
    text: str = ""  # the date as written
    length: Estimate | None = None  # what a length column of its row states ("| Dni robocze |" over "10")


@dataclass
class Schedule(Node):
    """Dated steps that follow one another: the rows of a calendar table, sibling
    iterations, the days of a log."""

    source: str  # table, headings, list
    line: int
    label: str = ""
    kind: str = "range"  # range (each step spans days) or day (each step is one day)
    entries: list[ScheduleEntry] = field(default_factory=list)
    outline: bool = False  # rows numbered 1, 1.1, 1.2, 2 (a work breakdown): parents span their children


@dataclass
class ChangeLogEntry(Node):
    """An entry of a "Change Log" / "Scope Changes" section: a recorded scope decision."""

    text: str
    line: int


@dataclass
class Table(Node):
    line: int
    end_line: int
    header: list[str]
    rows: list[dict]  # {"line": n, "cells": [...]}
    sprint: str | None = None
    role: str | None = None  # risks, work items, summary (a row per iteration), or None
    columns: dict[str, int] = field(default_factory=dict)  # the column of each role its header names


@dataclass
class Plan(Node):
    path: str
    title: str | None
    title_line: int | None
    lines: int
    decimal_comma: bool = False
    languages: list[str] = field(default_factory=list)  # the languages it is read in, main first
    date_order: str = "mdy"  # how it writes numeric days: dmy, mdy or ymd
    front_matter: dict = field(default_factory=dict)
    fields: list[Field] = field(default_factory=list)
    sprints: list[Sprint] = field(default_factory=list)
    work_items: list[WorkItem] = field(default_factory=list)  # outside any iteration
    deliverables: list[Deliverable] = field(default_factory=list)
    success_criteria: list[Criterion] = field(default_factory=list)
    criteria_sections: list[CriteriaSection] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    expressions: list[Expression] = field(default_factory=list)
    dates: list[DateSpan] = field(default_factory=list)
    unreadable_dates: list[Unreadable] = field(default_factory=list)
    reversed_ranges: list[Estimate] = field(default_factory=list)  # amounts written high to low ("12-10 hours")
    placeholders: list[Placeholder] = field(default_factory=list)
    risk_levels: list[str] = field(default_factory=list)  # the scale of its languages, lowest first
    schedules: list[Schedule] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    change_log: list[ChangeLogEntry] = field(default_factory=list)

    def iterations(self):
        """Every iteration, parents before children."""
        for sprint in self.sprints:
            yield from sprint.walk()
