"""Build the plan model from a document: blocks -> sections -> recognisers -> model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from dataclasses import replace as _replace

from . import facts, lang, placeholders, sums, wording
from .arithmetic import ArithmeticReader
from .dates import weekday_names
from .quantities import QuantityReader
from . import recognise as rz
from .blocks import Block, ListItem, parse_blocks
from .model import (
    ChangeLogEntry, Claim, CriteriaSection, Criterion, DateSpan, DayLabel, Deliverable, Estimate, Expression, Field, Period,
    Part, Placeholder, Plan, Risk, Schedule, ScheduleEntry, Sprint, Table, Total, WorkItem,
)
from .source import Source

_HOURLY = {"hours", "minutes"}
_CALENDAR = {"days", "weeks", "months", "sprints"}
_COMMENT = re.compile(r"<!--.*?(?:-->|$)")  # an unclosed comment hides the rest of the line; linear

_LIST_MARK = re.compile(r"^(?:>\s*)*(?:[-*+]|\d{1,3}[.)])?\s*(?:\[[ xX]\]\s*)?")
_RULE = re.compile(r"[-*_](?:\s*[-*_]){2,}")
# "8 / 13", "TBD / 13", "? / 3": a share of a whole, the share maybe not yet known
_DONE_SHARE = re.compile(r"\s*(?:\d+(?:[.,]\d+)?|[^\W\d]{1,5}|[?？-]{1,3})[ \t]*/[ \t]*(\d+(?:[.,]\d+)?)(?![\d/])")
_DIGIT_DASH = re.compile(r"\d[ \t]*[-–—~][ \t]*\d")
_TIME_UNITS = ("minutes", "hours", "days", "working-days", "weeks", "months")
_LED_BY_NAME = re.compile(r"^[\W_]*+(?:\d{1,3}[.)]\s*+)?([^\W\d_][\w-]*+)\s*+(?:#\s*+)?(\d{1,3}|[A-Z])\b")
_DIGIT = re.compile(r"\d")
# a person as a roster lists one: "Анна Смирнова — ...", "@dewi", "민태훈 (PM)", "山田 太郎"
_PERSON = re.compile(r"\s*(?:@[\w.-]+|[^\W\d_][^\W\d_'’.-]*[ \t]+[^\W\d_][\w'’.-]*"
                     r"|[\u3040-\u9fff\uac00-\ud7af]{2,4})(?:\s|$|[,(（:：—–-])")
_OPEN_PAREN = re.compile(r"[ \t]*[(（][ \t]*")


@dataclass
class _Context:
    level: float
    line: int
    title: str
    iteration: Sprint | None
    section: str | None = None  # criteria, risks, deliverables, tasks, changelog
    group: str | None = None  # heading that groups work items
    group_item: WorkItem | None = None
    items: list = field(default_factory=list)  # work items listed under this group heading
    created: Sprint | None = None  # the iteration this context opened
    criteria: CriteriaSection | None = None  # the success-criteria section this heading opened
    sprint_tables: list = field(default_factory=list)


def parse_plan(source: Source, languages=None, year_hint: int | None = None) -> Plan:
    """The plan model of a document. `languages`: read it in these (default: the ones its
    text is written in); `year_hint`: the year for dates whose context gives none (the
    year the file was last changed)."""
    return _Builder(source, languages, year_hint).build()


def parse_file(path) -> Plan:
    from .source import read_source

    return parse_plan(read_source(path))


class _Builder:
    def __init__(self, source: Source, languages=None, year_hint: int | None = None):
        self.source = source
        # HTML comments (suppressions, notes) are blanked, keeping columns
        self.lines = [_COMMENT.sub(lambda m: " " * len(m.group(0)), line) if "<!--" in line else line
                      for line in source.lines]
        self.plan = Plan(source.path, None, None, len(source.lines))
        self.lex = lang.for_text(source.text, languages)
        self.conv = facts.conventions(source.text, self.lex)
        self.plan.languages = list(self.lex.languages)
        self.plan.date_order = self.conv.order
        self.year_hint = year_hint
        self.criterion_words: wording.Words | None = None
        self.plan.risk_levels = self.lex.words("words", "levels")
        self.level_terms = rz.scale_terms(self.plan.risk_levels)
        self.qty = QuantityReader(self.lex, self.conv.decimal)
        self.arith = ArithmeticReader(self.lex, self.qty)
        self.indexes = facts.IndexReader(self.lex)
        # "Total done: 4 hours", "Folga total: 13,6h" are no plan totals
        self._done_words = re.compile(self.lex.pattern("words", "actual").pattern + "|"
                                      + self.lex.pattern("words", "buffer").pattern + "|"
                                      + self.lex.pattern("words", "remaining").pattern)
        self.spans_by_line: dict[int, list[DateSpan]] = {}
        nouns = lang.alternation(self.lex.words("counts", "items"))
        self._count = re.compile(r"(?<![\w.,/-])(?P<n>\d{1,4})\+?[ \t]+(?:[^\W\d_][\w-]*[ \t]+){0,3}?(?P<noun>"
                                 + nouns + r")(?!/)")
        self._total_label = re.compile(r"(?:" + lang.alternation(self.lex.words("words", "total")
                                                                 + self.lex.words("words", "subtotal")) + r")(?![\w-])")
        self._until = re.compile(r"(?:^|[\s#*])(?:" + lang.alternation(self.lex.words("fields", "end")) + r")[\s:]*$")
        self._label_word = re.compile(r"(?<![\uac00-\ud7af])(?:" + lang.alternation(self.lex.words("words", "label")) + r")[ \t]*$")
        self.stack: list[_Context] = []
        self.last_line = 0
        self.keyed_weeks: list[tuple[Sprint, Table]] = []

    # --- driving -----------------------------------------------------------------

    def build(self) -> Plan:
        self._front_matter()
        self.plan.decimal_comma = self.conv.decimal == ","
        self.stack = [_Context(0, 0, "", None)]
        blocks = parse_blocks(self.lines, written=self.source.lines)
        headings = facts.outline(blocks, self.lines)
        self.plan.dates = facts.DateReader(self.lines, blocks, self.lex, self.conv, self.plan, headings,
                                           self.year_hint).read()
        self._tables = {b.line: b for b in blocks if b.kind == "table"}
        for span in self.plan.dates:
            self.spans_by_line.setdefault(span.line, []).append(span)
            if span.kind == "range":
                span.length = self._length(span)
        for block in blocks:
            handler = getattr(self, "_on_" + block.kind, None)
            if handler:
                handler(block)
            if block.kind != "heading":
                self.last_line = block.end_line
            else:
                self.last_line = block.line
        while len(self.stack) > 1:
            self._pop()
        self._distribute_keyed_weeks()
        named = self._named_ranges()
        self._overview_dates(named)
        self._document_sprint()
        for sprint in self.plan.sprints:
            _sum_estimates(sprint)
        self._arithmetic()
        for holder in [self.plan, *self.plan.iterations()]:
            self._field_rates(holder.fields)
        self._criteria_said(blocks)
        marks = placeholders.Reader(self.lex).read(self.source.lines, placeholders.table_headers(blocks))
        self.plan.placeholders = [Placeholder(f.text, f.line, f.column + 1, f.where, f.kind, f.target) for f in marks]
        tables = [b for b in blocks if b.kind == "table"]
        totals, relations, views = sums.read_document(blocks, headings, self.lex, self.qty, self.lines, self.plan.dates)
        # a total under a table that is also a total field is read once, as the field; one
        # under its list ("Summa: 88,5 h") is held to the list
        claimed = {c.line: c for c in self.plan.claims if c.kind == "total"}
        for t in totals:
            if t.family == "prose:table" and t.line in claimed:
                claimed[t.line].table = t
        totals = [t for t in totals if not (t.family == "prose:table" and t.line in claimed)]
        listed = {t.line for t in totals if t.family == "prose:list"}
        self.plan.claims = [c for c in self.plan.claims if not (c.kind == "total" and c.line in listed)]
        self.plan.totals += totals + self._team_totals(views, blocks)
        self.plan.expressions += relations
        self.plan.schedules = facts.table_schedules(tables, self.plan.dates, self.lex, self.lines)
        dated = {sc.line for sc in self.plan.schedules}
        self.plan.schedules += facts.index_schedules([t for t in tables if t.line not in dated], self.lex)
        self.plan.schedules += self._named_schedules(named, blocks)
        table_lines = {n for b in tables for n in range(b.line, b.end_line + 1)}
        logged = facts.line_indexes(self.lines, self.plan.dates, self.lex, table_lines)
        if logged:
            self.plan.schedules.append(facts.Schedule("lines", logged[0].line, kind="day", entries=logged))
        return self.plan

    def _front_matter(self) -> None:
        if not self.lines or self.lines[0].strip() != "---":
            return
        for end in range(1, min(len(self.lines), 300)):
            if self.lines[end].strip() in ("---", "..."):
                break
        else:
            return
        import yaml

        try:
            data = yaml.safe_load("\n".join(self.lines[1:end]))
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict):
            self.plan.front_matter = {str(k): v if isinstance(v, (str, int, float, bool, type(None))) else str(v) for k, v in data.items()}
            if isinstance(data.get("title"), str):
                self.plan.title, self.plan.title_line = data["title"], 2
        for i in range(end + 1):
            self.lines[i] = ""

    @property
    def ctx(self) -> _Context:
        return self.stack[-1]

    def _pop(self) -> None:
        ctx = self.stack.pop()
        if ctx.created is not None:
            ctx.created.end_line = max(ctx.created.line, self.last_line)

    def _push(self, level: float, line: int, heading: str, raw: str) -> None:
        # A bold pseudo-heading ranks below every real heading: a real heading closes it.
        real = level == int(level)
        while len(self.stack) > 1 and (self.stack[-1].level >= level or real and self.stack[-1].level != int(self.stack[-1].level)):
            self._pop()
        parent = self.ctx
        ctx = _Context(level, line, rz.plain(heading), parent.iteration, parent.section)
        found = rz.iteration_heading(heading, self.lex)
        if found and not found.about:
            sprint = self._new_iteration(found, line, level, raw)
            ctx.iteration, ctx.created, ctx.section = sprint, sprint, None
        elif found and found.about:
            target = self._find_sprint(found.id)
            if target is not None:
                ctx.iteration = target
            ctx.section = rz.section_kind(found.rest, self.lex) or ctx.section
            self._open_criteria(ctx, rz.section_kind(found.rest, self.lex), line)
        else:
            ctx.section = rz.section_kind(heading, self.lex) or parent.section
            self._open_criteria(ctx, rz.section_kind(heading, self.lex), line)
            if ctx.section is None or ctx.section == "tasks":
                ctx.group = ctx.title
                self.stack.append(ctx)
                self._group_estimate(ctx, heading, line)
                return
        self.stack.append(ctx)

    def _open_criteria(self, ctx: _Context, kind: str | None, line: int) -> None:
        if kind == "criteria":
            ctx.criteria = CriteriaSection(ctx.title, line)
            (ctx.iteration if ctx.iteration is not None else self.plan).criteria_sections.append(ctx.criteria)

    def _criteria_said(self, blocks: list[Block]) -> None:
        """How many lines under each criteria heading or label say something: up to the
        next heading of the same or a higher level (a label: the next heading or label)."""
        sections = self.plan.criteria_sections + [s for sp in self.plan.iterations() for s in sp.criteria_sections]
        index = {b.line: i for i, b in enumerate(blocks)}
        nothing = set(self.lex.words("words", "none")) | set(self.lex.words("words", "placeholder-token")) \
            | set(self.lex.words("words", "placeholder"))
        for section in sections:
            i = index.get(section.line)
            if i is None:
                continue
            first = blocks[i]
            level = first.level if first.kind == "heading" else None
            said = 0
            if first.kind == "paragraph":
                label_rest = self.lines[first.line - 1].split(":", 1)[1] if ":" in self.lines[first.line - 1] else ""
                said += self._says(label_rest, nothing) + sum(
                    self._says(self.lines[n - 1], nothing) for n in range(first.line + 1, first.end_line + 1))
            for block in blocks[i + 1:]:
                if block.kind == "heading" and (level is None or block.level <= level):
                    break
                if level is None and block.kind == "paragraph" and rz.pseudo_heading(self.lines[block.line - 1], self.lex):
                    break
                if block.kind == "heading":
                    said += 1  # criteria written in sub-sections
                elif block.kind == "table":
                    said += sum(any(self._says(c, nothing) for c in row.cells) for row in block.rows)
                else:
                    said += sum(self._says(self.lines[n - 1], nothing) for n in range(block.line, block.end_line + 1))
            section.said = said

    @staticmethod
    def _says(text: str, nothing: set[str]) -> bool:
        """Does a line say something: not blank, a rule or a placeholder ("TBD", "-", "N/A")?"""
        if _RULE.fullmatch(text.strip()):
            return False
        text = _LIST_MARK.sub("", text.strip()).strip()
        if not text:
            return False
        value = lang.fold(rz.plain(text)).strip(" .:;*_")
        return bool(value) and value not in nothing

    def _add_criterion(self, criterion: Criterion) -> None:
        criterion.thresholds = self.qty.thresholds(criterion.text)
        if self.criterion_words is None:
            self.criterion_words = wording.Words(self.lex)
        criterion.vague = wording.vague_word(criterion.text, self.source.lines[criterion.line - 1], self.criterion_words)
        self._target().success_criteria.append(criterion)
        for ctx in self.stack:
            if ctx.criteria is not None:
                ctx.criteria.items += 1  # a criterion in a sub-section counts for its parents too

    def _new_iteration(self, found: rz.IterationHeading, line: int, level: float, raw: str) -> Sprint:
        sprint = Sprint(found.id, found.kind, found.title or found.id, line, line, level, found.titled)
        self._describe(sprint, found.rest, line, raw)
        if found.kind in ("week", "day"):
            refs = self._periods(found.id)
            if refs:
                r = refs[0]
                written = rz.plain(self.lines[line - 1])
                said = self._periods(written)
                before = lang.fold(written[:said[0].start]) if said else ""
                until = bool(self._until.search(before))
                sprint.period = Period(r.unit, r.first, r.last, found.id, line, until=until)
        parent = self.ctx.iteration
        (parent.children if parent is not None else self.plan.sprints).append(sprint)
        return sprint

    def _describe(self, sprint: Sprint, text: str, line: int, raw: str) -> None:
        """Duration, effort, period, dates and status written next to an iteration's name."""
        column = max(1, self.lines[line - 1].find(text) + 1) if text else 1
        for q in self._quantities(text):
            est = self._estimate(q, line)
            if q.unit in _CALENDAR and sprint.duration is None:
                sprint.duration = est
            elif q.unit in _HOURLY and sprint.effort is None:
                sprint.effort = est
        for r in self._periods(text):
            # "(Weeks 1-4)" or "- Weeks 3-6: ..." give the span; "- WEEK 3 IN PROGRESS" does not
            if sprint.period is None and (_in_parens(text, r.start) or not text[:r.start].strip(" :-–—|")):
                sprint.period = Period(r.unit, r.first, r.last, r.text, line)
        for d in self._dates(text, line, column, record=True):
            if sprint.dates is None:
                sprint.dates = d
        status = rz.heading_status(text, raw, self.lex)
        if status and sprint.status is None:
            sprint.status = status

    def _find_sprint(self, sprint_id: str) -> Sprint | None:
        for sprint in self.plan.iterations():
            if sprint.id.lower() == sprint_id.lower():
                return sprint
        return None

    # --- blocks ------------------------------------------------------------------

    def _on_heading(self, block: Block) -> None:
        if block.level == 1 and self.plan.title is None:
            self.plan.title, self.plan.title_line = rz.plain(block.text), block.line
        self._push(block.level, block.line, block.text, block.text)

    def _on_paragraph(self, block: Block) -> None:
        first = self.lines[block.line - 1]
        heading = rz.pseudo_heading(first, self.lex)
        start = block.line
        if heading:
            level = self._heading_level() + 0.5
            self._push(level, block.line, heading, first)
            start = block.line + 1
        for number in range(start, block.end_line + 1):
            self._on_line(number, self.lines[number - 1])

    def _heading_level(self) -> float:
        for ctx in reversed(self.stack):
            if ctx.level == int(ctx.level):
                return ctx.level
        return 0

    def _on_quote(self, block: Block) -> None:
        for number in range(block.line, block.end_line + 1):
            self._on_line(number, re.sub(r"^\s*(>\s?)+", "", self.lines[number - 1]))

    def _on_line(self, number: int, line: str) -> None:
        fields = rz.fields_in_line(line) or rz.total_field(line, self.lex)
        for key, value, column in fields:
            self._field(key, value, number, column)
        self._claims_and_sums(number, line, fields)
        self._dates(line, number, 1, record=True)
        sprint = self.ctx.iteration
        if (not fields and sprint is not None and not sprint.success_criteria and self.ctx.section is None
                and rz.section_kind(line, self.lex) == "criteria"):
            # "... confirmed end to end, as the completion criterion of Sprint 0": a sentence
            # of the sprint's own text that states its criterion
            self._add_criterion(Criterion(rz.plain(line).strip(), number))

    def _on_list(self, block: Block) -> None:
        labels: dict[int, str | None] = {-1: self._label_before(block)}
        last_risk: Risk | None = None
        for index, item in enumerate(block.items):
            for depth in [d for d in labels if d >= item.depth]:
                del labels[depth]
            label = next((labels[d] for d in sorted(labels, reverse=True) if labels[d]), None)
            line = self.lines[item.line - 1]
            fields = rz.fields_in_line(line) or rz.total_field(line, self.lex)
            self._claims_and_sums(item.line, line, fields)
            self._dates(item.text, item.line, 1, record=True)
            kind = (rz.section_kind(label, self.lex) if label else None) or self.ctx.section
            has_children = index + 1 < len(block.items) and block.items[index + 1].depth > item.depth
            if fields and not fields[0][1] and has_children:
                labels[item.depth] = fields[0][0]  # "- **Tasks**:" introduces the items below it
                continue
            if kind == "risks":
                if item.depth == 0 or last_risk is None:
                    last_risk = Risk(rz.plain(item.text), item.line, "list")
                    self._target().risks.append(last_risk)
                elif fields:
                    last_risk.columns[fields[0][0]] = rz.plain(fields[0][1])
                    _set_risk_part(last_risk, fields[0][0], fields[0][1], self.lex)
                continue
            if kind == "criteria":
                self._add_criterion(Criterion(rz.plain(item.text), item.line, item.checked))
                continue
            if kind == "deliverables":
                self._target().deliverables.append(Deliverable(rz.plain(item.text), item.line))
                continue
            if kind == "changelog":
                self.plan.change_log.append(ChangeLogEntry(rz.plain(item.text), item.line))
                continue
            if fields and item.checked is None and not self._id_led(fields[0][0], fields[0][1]):
                key, value, column = fields[0]
                self._field(key, value, item.line, column)
                continue
            # a nested "Status: 30% complete (~5.4 points)" is a note on the item above it
            plain_item = (kind is None and self.ctx.iteration is not None and self._estimated(item.text)
                          and not (item.depth and _NOTE.match(rz.plain(item.text))))
            if (kind == "tasks" or item.checked is not None or fields or plain_item) and kind != "changelog":
                self._work_item(item, label)

    def _estimated(self, text: str, units=("hours", "minutes", "points", "days")) -> bool:
        """Does the text carry an estimate in parentheses ("Login page (8h)")?"""
        return any(q.unit in units and _in_parens(text, q.start) for q in self._quantities(text))

    def _id_led(self, key: str, value: str) -> bool:
        """"- **US-MCP-001**: Agent tool access (18 points)" is a work item, not a field:
        its key is an item's id and its value a title with an estimate in parentheses
        (not "- **P0**: blocking, <48hr resolution")."""
        found, rest = rz.item_id(key + ": .", self.lex)
        units = ("hours", "points", "days") if " " in (found or "") else ("hours", "minutes", "points", "days")
        return found is not None and rest == "." and self._estimated(value, units)

    def _on_code(self, block: Block) -> None:
        """Work items kept as data in a fenced YAML or JSON block: records with a title
        and an estimate or an id ("- title: Card checkout / story_points: 5")."""
        lines = self.lines[block.line - 1:block.end_line]
        fence = lines[0].strip() if lines else ""
        info = fence.lstrip("`~").strip().lower()
        if not fence.startswith(("```", "~~~")) or info not in ("yaml", "yml", "json") or len(lines) > 5000:
            return
        body = lines[1:-1] if len(lines) > 1 and lines[-1].strip().startswith(fence[:3]) else lines[1:]
        import yaml

        try:
            data = yaml.safe_load("\n".join(body))
        except yaml.YAMLError:
            return
        records, stack = [], [data]
        while stack and len(records) < 10000:
            node = stack.pop()
            if isinstance(node, dict):
                records.append(node)
                stack.extend(v for v in reversed(list(node.values())) if isinstance(v, (dict, list)))
            elif isinstance(node, list):
                stack.extend(reversed(node))
        for record in records:
            keys = [str(k) for k in record]
            cols = rz.work_columns([k.replace("_", " ") for k in keys], self.lex)
            if not cols or isinstance(record[keys[cols["title"]]], (dict, list)):
                continue
            cells = ["" if isinstance(v, (dict, list)) or v is None else str(v) for v in record.values()]
            title = cells[cols["title"]]
            line = next((block.line + i for i, text in enumerate(lines) if title and title in text), block.line)
            estimate = (self._cell_estimate(cells[cols["estimate"]], keys[cols["estimate"]].replace("_", " "), line)
                        if "estimate" in cols and cells[cols["estimate"]] else None)
            if estimate is None and "id" not in cols:
                continue
            self._add_item(WorkItem(title, line, "row", cells[cols["id"]] or None if "id" in cols else None, estimate,
                                    _item_status(cells[cols["status"]], self.lex) if "status" in cols else None,
                                    cells[cols["owner"]] or None if "owner" in cols else None, self.ctx.group))

    def _on_table(self, block: Block) -> None:
        ctx = self.ctx
        sprint_id = ctx.iteration.id if ctx.iteration else None
        table = Table(block.line, block.end_line, block.header,
                      [{"line": r.line, "cells": r.cells} for r in block.rows], sprint_id)
        self.plan.tables.append(table)
        if ctx.iteration is not None:
            self._day_labels(ctx.iteration, block)
            key = block.header[0] if block.header else ""
            if rz.iteration_word(key, self.lex) in ("sprint", "workstream") or self.lex.is_word("fields", "team", key):
                self.keyed_weeks.append((ctx.iteration, table))
        risk_cols = rz.risk_columns(block.header, self.lex)
        # a table with a row per week or sprint summarises iterations; its rows are not work items
        summary = bool(block.header) and rz.iteration_word(block.header[0], self.lex)
        work_cols = None if risk_cols or summary else rz.work_columns(block.header, self.lex)
        if risk_cols:
            table.role, table.columns = "risks", dict(risk_cols)
        elif summary:
            table.role = "summary"
        elif work_cols:
            table.role, table.columns = "work items", dict(work_cols)
        for row in block.rows:
            for cell in row.cells:
                self._claims_and_sums(row.line, cell, [], offset=self.lines[row.line - 1].find(cell))
                self._dates(cell, row.line, 1, record=True)
            if risk_cols:
                risk = _table_risk(block.header, row, risk_cols)
                risk.levels = {role: rz.on_scale(getattr(risk, role), self.level_terms)
                               for role in ("probability", "impact") if role in risk_cols}
                self._target().risks.append(risk)
            elif work_cols:
                self._table_work_item(block.header, row, work_cols)
            elif ctx.section == "changelog" and any(row.cells):
                self.plan.change_log.append(ChangeLogEntry(" | ".join(rz.plain(c) for c in row.cells), row.line))
            elif ctx.section == "criteria" and row.cells and row.cells[0]:
                self._add_criterion(Criterion(rz.plain(row.cells[0]), row.line))
            elif ctx.section == "deliverables" and row.cells and row.cells[0]:
                self._target().deliverables.append(Deliverable(rz.plain(row.cells[0]), row.line))

    # --- pieces ------------------------------------------------------------------

    def _target(self):
        return self.ctx.iteration if self.ctx.iteration is not None else self.plan

    def _label_before(self, block: Block) -> str | None:
        """The label a list is introduced by: "**Success Criteria**:" or "Key Deliverables: 9 items"."""
        if block.line < 2:
            return None
        previous = self.lines[block.line - 2].strip()
        if not previous:
            return None
        fields = rz.fields_in_line(previous)
        if fields:
            return fields[-1][0]
        if previous.endswith(":") and not previous.startswith(("-", "*", "|", "#")):
            return rz.plain(previous[:-1])
        return None

    def _field(self, key: str, value: str, line: int, column: int) -> None:
        entry = Field(key, value, line, column, rz.field_roles(key, self.lex), self._amount(value, line))
        ctx = self.ctx
        sprint = ctx.iteration
        if sprint is not None and sprint.kind != "sprint" and rz.iteration_word(key.split(" ")[0], self.lex) == "sprint":
            sprint = None  # "Sprint Duration" under a phase heading describes the document's sprint
        (sprint.fields if sprint is not None else self.plan.fields).append(entry)
        if sprint is None:
            return
        self._apply_field(sprint, entry, ctx)

    def _apply_field(self, sprint: Sprint, entry: Field, ctx: _Context | None) -> None:
        key, value, line = entry.key, entry.value, entry.line
        column = entry.column + len(self.lines[line - 1][entry.column - 1:]) - len(value) if value else entry.column
        quantities = self._quantities(value)
        # a field describes the iteration in its own section or a sub-section about it
        # ("Sprint Details"), not in a group of work items
        in_own_section = ctx is None or ctx.created is sprint or ctx.group is None or (
            ctx.group_item is None and not ctx.items)
        role = rz.field_role(key, self.lex)
        if role == "estimate" and quantities and ctx is not None:
            self._estimate_for_group(ctx, self._estimate(quantities[0], line), line)
        elif role == "duration" and in_own_section:
            for q in quantities:
                est = self._estimate(q, line)
                if q.unit in _CALENDAR and sprint.duration is None:
                    sprint.duration = est
                elif q.unit in _HOURLY and sprint.effort is None:
                    sprint.effort = est
            for d in self._dates(value, line, column):
                sprint.dates = sprint.dates or d
            for r in self._periods(value):
                sprint.period = sprint.period or Period(r.unit, r.first, r.last, r.text, line)
        elif role in ("dates", "start", "end") and in_own_section:
            found = self._dates(value, line, column)
            if found and role == "end" and sprint.dates is not None:
                sprint.dates = DateSpan(sprint.dates.start, found[0].end, sprint.dates.text + " / " + found[0].text,
                                        sprint.dates.line, sprint.dates.column, year_source=sprint.dates.year_source,
                                        kind="range")
            elif found and sprint.dates is None:
                sprint.dates = found[0]
            for r in self._periods(value):
                sprint.period = sprint.period or Period(r.unit, r.first, r.last, r.text, line)
            for q in quantities:  # "**Periodo**: 03/03/2025 a 14/03/2025 (2 settimane)"
                if q.unit in _CALENDAR and sprint.duration is None:
                    sprint.duration = self._estimate(q, line)
        elif role == "team" and sprint.team_size is None and in_own_section:
            sprint.team_size = _team_size(value, line, column)
        elif role == "status" and in_own_section:
            sprint.status = rz.status_of(value, self.lex) or sprint.status
        elif role == "owner" and ctx is not None and ctx.group_item is not None:
            ctx.group_item.owner = rz.plain(value)

    def _group_estimate(self, ctx: _Context, heading: str, line: int) -> None:
        """A heading like "Priority P.1: Production Infrastructure (4-5 hours)" is a work item."""
        if ctx.iteration is None or self._total_label.match(lang.fold(rz.plain(heading))):
            return  # "Subtotal (Phase 1): 32 Points" sums the items above; it is not one
        for q in self._quantities(heading):
            if q.unit in _HOURLY or q.unit == "points":
                self._estimate_for_group(ctx, self._estimate(q, line), line)
                return

    def _estimate_for_group(self, ctx: _Context, estimate: Estimate, line: int) -> None:
        if ctx.group_item is not None:
            if ctx.group_item.estimate is None:
                ctx.group_item.estimate = estimate
            return
        owner = next((c for c in reversed(self.stack) if c.group or c.created), None)
        if owner is not None and owner.created is None and owner.group_item is None and owner is not ctx and ctx.group:
            owner = ctx
        if owner is None or owner.iteration is None:
            return
        if owner.group_item is not None:
            if owner.group_item.estimate is None:
                owner.group_item.estimate = estimate
            return
        title = re.sub(r"\s*\([^()]*\)\s*$", "", owner.group or owner.created.title)
        item_id, title = rz.item_id(title, self.lex)
        item = WorkItem(title, owner.line, "section", item_id, estimate, group=self._group_above(owner))
        items = owner.iteration.work_items
        items.insert(next((i for i, w in enumerate(items) if w.line > item.line), len(items)), item)
        owner.group_item = item
        for task in owner.items:
            task._under = task._under or item

    def _group_above(self, owner: _Context) -> str | None:
        """The heading a section item stands under ("Stretch Goals", "Future (Sprint 8)"),
        up to its iteration's own heading."""
        for ctx in reversed(self.stack[:self.stack.index(owner)] if owner in self.stack else []):
            if ctx.created is not None:
                return None
            if ctx.group:
                return ctx.group
        return None

    def _work_item(self, item: ListItem, label: str | None) -> None:
        item_id, title = rz.item_id(item.text, self.lex)
        estimate = None
        for q in self._quantities(item.text):
            if q.unit in _HOURLY or q.unit == "points" or q.unit == "days":
                estimate = self._estimate(q, item.line)
                break
        if estimate is not None:  # "Build the API (Est: 4h)" is titled "Build the API"
            title = re.sub(r"\s*[(\[][^()\[\]]*" + re.escape(estimate.text) + r"[^()\[\]]*[)\]]", "", title).strip() or title
        status = "done" if item.checked else "open" if item.checked is False else None
        status = _item_status(item.text, self.lex) or status
        owner = re.search(r"(?<!\w)@([\w-]+)", item.text)
        group = label or self.ctx.group
        self._add_item(WorkItem(rz.plain(title), item.line, "checkbox" if item.checked is not None else "bullet",
                                item_id, estimate, status, owner.group(1) if owner else None, group))

    def _add_item(self, item: WorkItem) -> None:
        self._target().work_items.append(item)
        for ctx in reversed(self.stack):
            if ctx.created is not None:
                # "## Phase 1" with "**Estimated Effort:** 16-20 hours" over its tasks: the
                # phase's item carries the estimate that covers them
                item._under = item._under or ctx.group_item
                break
            if ctx.group:
                ctx.items.append(item)
                item._under = item._under or ctx.group_item

    def _table_work_item(self, header: list[str], row, cols: dict[str, int]) -> None:
        cells = row.cells + [""] * (len(header) - len(row.cells))
        title = rz.plain(cells[cols["title"]])
        if not title or self.lex.is_word("words", "total", title):
            return
        item_id = rz.plain(cells[cols["id"]]) if "id" in cols else None
        if item_id and self.lex.is_word("words", "total", item_id):
            return  # "| | **TOTAL** | 23 stories | 53.5h |"
        parent = rz.plain(cells[cols["parent"]]) or None if "parent" in cols else None
        if item_id is None:
            item_id, title = rz.item_id(title, self.lex)
        estimate = None
        if "estimate" in cols:
            estimate = self._cell_estimate(cells[cols["estimate"]], header[cols["estimate"]], row.line)
        status = _item_status(cells[cols["status"]], self.lex) if "status" in cols else None
        owner = rz.plain(cells[cols["owner"]]) or None if "owner" in cols else None
        self._add_item(WorkItem(title, row.line, "row", item_id or None, estimate, status, owner, self.ctx.group, parent))

    def _length(self, span) -> Estimate | None:
        """The days or weeks written right after a range: "Dec 7 – Dec 18 (3 weeks)",
        "8/18〜8/23の6日間" (one joining character of a script without spaces)."""
        line = self.lines[span.line - 1]
        at = line.find(span.text)
        if at < 0:
            return None
        rest = line[at + len(span.text):]
        gap = re.match(r"[ \t]*[(（]?[ \t]*(?:[^\x00-\u024f\d\s(（][ \t]*)?", rest)
        found = self._quantities(rest[gap.end():gap.end() + 40])
        if not found or found[0].start != 0 or found[0].unit not in ("days", "working-days", "weeks"):
            return self._length_cell(span)
        q = found[0]
        return Estimate(q.low, q.high, q.unit, q.approximate, q.text, span.line, at + len(span.text) + gap.end() + 1)

    def _length_cell(self, span) -> Estimate | None:
        """"| 2/16(月)～2/20(金) | 1週間 |": a length alone in the cell after a range's
        own cell ("2 weeks", "14일"), or a number under a header that names the unit."""
        block = self._tables.get(span.table) if span.table is not None and span.cell is not None else None
        row = next((r for r in block.rows if r.line == span.line), None) if block is not None else None
        at = span.cell + 1 if row is not None else 0
        own = rz.plain(row.cells[at - 1]) if row is not None and at < len(row.cells) else ""
        if row is None or at >= len(row.cells) or span.text not in own or _DIGIT.search(own.replace(span.text, "")):
            return None  # the range shares its cell with other numbers
        text = rz.plain(row.cells[at]).strip()
        found = self._quantities(text)
        if len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.rstrip(" .")):
            q = found[0]
            if q.unit not in ("days", "working-days", "weeks"):
                return None
            low, high, unit, approximate, said = q.low, q.high, q.unit, q.approximate, q.text
            head = rz.plain(block.header[at]) if at < len(block.header) else ""
            if unit == "days" and rz.column_unit(head, self.lex) == "working-days":
                unit = "working-days"  # "| 営業日 |" over "9日": working days
        elif text.isdigit() and at < len(block.header):
            unit = rz.column_unit(rz.plain(block.header[at]), self.lex)
            if unit not in ("days", "working-days", "weeks"):
                return None
            low = high = float(text)
            approximate, said = False, f"{text} ({rz.plain(block.header[at]).strip()})"
        else:
            return None
        return Estimate(low, high, unit, approximate, said, span.line, self._column(span.line, row.cells[at].strip()))

    def _cell_estimate(self, cell: str, head: str, line: int) -> Estimate | None:
        """A work item's estimate in a table cell: a quantity ("8h", "5 SP"), or a number
        in the unit of its column ("Estimate (h)", "Stima (h)", "SP", "Horas")."""
        column = max(1, self.lines[line - 1].find(cell) + 1) if cell else 1
        found = self._quantities(cell)
        if found:
            return self._estimate(found[0], line)
        unit = rz.column_unit(head, self.lex)
        if unit is None and self.lex.role_of("columns", head, ("points",)):
            unit = "points"
        if unit is None and self.lex.role_of("columns", head, ("estimate",)):
            unit = "hours" if self.lex.has("units", "hours", head) else "number"  # "Estimate": a bare number
        value = self.qty.cell_value(rz.plain(cell), unit)
        if unit is None or value is None or value.unit not in (unit, "number"):
            return None
        unit = {"working-days": "days", "person-days": "days"}.get(unit, unit)
        return Estimate(value.low, value.high, unit, value.approximate, rz.plain(cell), line, column)

    def _periods(self, text: str) -> list["_PeriodRef"]:
        """Numbered weeks and days: "Weeks 5-9", "Day 1-2", "Woche 4", "6~10주차"."""
        return [_PeriodRef(unit, first, last, text[start:end], start)
                for first, last, unit, start, end in self.indexes.read(text)]

    def _amount(self, value: str, line: int) -> Estimate | None:
        """The effort or duration a field's value states, hours first."""
        found = self._quantities(value)
        hourly = [q for q in found if q.unit in _HOURLY]
        chosen = (hourly or found or [None])[0]
        return self._estimate(chosen, line) if chosen is not None else None

    def _quantities(self, text: str):
        """Effort and duration amounts in text, in the units the model keeps."""
        out = []
        for q in self.qty.quantities(text):
            if q.unit not in ("hours", "minutes", "days", "working-days", "person-days", "weeks", "months", "points",
                              "sprints"):
                continue
            if q.unit in ("working-days", "person-days"):
                q = _replace(q, unit="days")
            out.append(q)
        return out

    def _weekday_label(self, cell: str) -> int | None:
        """The weekday a cell names and nothing else ("Mon", "**Friday**:", "Lun")."""
        text = rz.plain(cell).strip(" :*")
        names = weekday_names(text, self.lex)
        if len(names) == 1 and len(lang.fold(text).strip(" .")) == len(names[0].word):
            return names[0].weekday
        return None

    def _day_labels(self, sprint: Sprint, block: Block) -> None:
        line = self.lines[block.line - 1]
        for cell in block.header:
            day = self._weekday_label(cell)
            if day is not None:
                sprint.day_labels.append(DayLabel(rz.plain(cell), day, block.line, max(1, line.find(cell) + 1)))
        for row in block.rows:
            if row.cells:
                day = self._weekday_label(row.cells[0])
                if day is not None:
                    sprint.day_labels.append(DayLabel(rz.plain(row.cells[0]), day, row.line))

    def _column(self, line: int, text: str) -> int:
        """1-based column of text on a line of the file as it is (not as repaired)."""
        for candidate in (self.source.raw_lines[line - 1], self.lines[line - 1]):
            found = candidate.find(text) if text else -1
            if found >= 0:
                return found + 1
        return 1

    def _estimate(self, q, line: int) -> Estimate:
        return Estimate(q.low, q.high, q.unit, q.approximate, q.text, line, self._column(line, q.text))

    def _dates(self, text: str, line: int, column: int, record: bool = False) -> list[DateSpan]:
        """The dates the document's date pass read on a line that stand in `text`."""
        return [d for d in self.spans_by_line.get(line, ()) if d.text in text]

    def _claims_and_sums(self, number: int, line: str, fields, offset: int = 0) -> None:
        """Totals, counts and arithmetic on a line (or a table cell starting at `offset`)."""
        offset = max(0, offset)
        text = rz.plain(line)
        own = sprint_id = self.ctx.iteration.id if self.ctx.iteration else None
        for key, value, column in fields:
            sprint_id = self._named_scope(key) or own
            if self._done_share(key, value, number, line, column, sprint_id):
                continue
            said_total = None if rz.is_total_key(key, self.lex) or any(
                self.lex.has("fields", role, key) for role in ("spent", "capacity", "duration")) else self._total_after(value)
            if (rz.is_total_key(key, self.lex) or said_total) and not self._done_words.search(lang.fold(key)):
                quantities = [said_total] if said_total else self._quantities(value)
                result = value.rfind("=")
                if not said_total and result >= 0:
                    # "Charge totale : 42h + 50h + 40h = 132h": the total is the result
                    quantities = [q for q in quantities if q.start > result] or quantities
                if quantities:
                    q = quantities[0]
                    col = column + max(0, line[column - 1:].find(q.text))
                    measure = "time" if self.lex.has("fields", "duration", key) else \
                        "capacity" if self.lex.has("fields", "capacity", key) else "effort"
                    self.plan.claims.append(Claim("total", key, value, number, col, self._estimate(q, number),
                                                  sprint=sprint_id, measure=measure))
                    if not said_total:
                        continue
                    value = value[:value.find(q.text)]  # "3 stories, 13 SP total": the count before it
            folded = lang.fold(rz.plain(value))
            m = self._count.search(folded)
            if m and not self._label_word.search(folded, max(0, m.start() - 40), m.start()):
                listed, list_line = self._listed_after(number)
                total = rz.is_total_key(key, self.lex) or self.lex.has("words", "total", value)
                self.plan.claims.append(Claim("count", key, value, number, column, count=float(m.group("n")),
                                              noun=m.group("noun").lower(), sprint=sprint_id, listed=listed,
                                              list_line=list_line, total=total))
        sprint_id = own
        if not fields:
            folded, folded_line = lang.fold(text), lang.fold(line)
            total, at = None, 0
            for m in self._count.finditer(folded):
                if self._label_word.search(folded, max(0, m.start() - 40), m.start()):
                    continue  # "Phase 1 tasks" names a phase, it counts nothing
                if total is None:
                    total = self.lex.has("words", "total", text)
                col = folded_line.find(m.group(0), at)
                at = col + 1 if col >= 0 else at
                self.plan.claims.append(Claim("count", "", text[m.start():m.end()], number, offset + col + 1 if col >= 0 else 1,
                                              count=float(m.group("n")), noun=m.group("noun").lower(), sprint=sprint_id,
                                              total=total))

    def _done_share(self, key: str, value: str, number: int, line: str, column: int, sprint_id) -> bool:
        """"Completed Story Points: 8 / 13 (62%)", "Stories Completed: TBD / 3": what is
        done of the whole, the whole being what was planned. The whole is kept when the
        same iteration said before what was planned ("Total Story Points: 13 SP"), for
        rules to hold the two to each other."""
        if not self._done_words.search(lang.fold(key)):
            return False
        m = _DONE_SHARE.match(rz.plain(value))
        if m is None:
            return False
        whole = m.group(1)
        col = column + max(0, line[column - 1:].find(whole))
        q = next((q for q in self._quantities(rz.plain(value)[m.start(1):]) if q.start == 0), None)
        folded = lang.fold(key)
        unit = q.unit if q else next((u for u in ("points", "hours") if self.lex.pattern("units", u).search(folded)), None)
        counted = self._count.search(lang.fold(whole + " " + key)) if unit not in ("points", "hours") else None
        if unit not in ("points", "hours") and counted is None:
            return False
        noun = counted.group("noun").lower() if counted else None

        def planned(c) -> bool:
            if c.sprint != sprint_id or "/" in c.text or self._done_words.search(lang.fold(c.label)):
                return False
            return c.kind == "count" and c.noun == noun if noun else \
                c.kind == "total" and c.value is not None and c.value.unit == unit and c.measure == "effort"

        before = next((c.line for c in reversed(self.plan.claims) if planned(c)), None)
        if before is None:
            return True  # a share of a whole the plan does not state
        amount = float(whole.replace(",", "."))
        if noun:
            self.plan.claims.append(Claim("count", key, value, number, col, count=amount, noun=noun, sprint=sprint_id,
                                          planned=before))
        else:
            self.plan.claims.append(Claim("total", key, value, number, col, Estimate(
                amount, amount, unit, False, q.text if q else whole, number, col), sprint=sprint_id, planned=before))
        return True

    def _named_scope(self, key: str) -> str | None:
        """"Total da semana" under a phase of the week: the iteration of the kind its label
        names, when that is not the current iteration but one that holds it."""
        if self.ctx.iteration is None:
            return None
        kinds = {rz.iteration_word(w, self.lex) for w in key.split()[1:6]} - {None}
        if not kinds or self.ctx.iteration.kind in kinds:
            return None
        held = [c.iteration for c in reversed(self.stack) if c.iteration is not None]
        return next((it.id for it in held if it.kind in kinds), None)

    def _field_rates(self, fields: list[Field]) -> None:
        """"Total Story Points: 13 SP", "Sprint Duration: 14 days", "Ideal Daily Burn Rate:
        0.93 SP per day": a rate field against the one total of its unit and the one
        duration in its time unit among the fields around it (within ten lines)."""
        from bisect import bisect_left, bisect_right

        average, daily = self.lex.pattern("words", "average"), self.lex.pattern("words", "daily")
        amounts = sorted((f for f in fields if f.amount is not None), key=lambda f: f.line)
        lines = [f.line for f in amounts]
        for entry in fields:
            if "/" not in entry.value and not self.arith.per_word(entry.value) and not average.search(lang.fold(entry.key)):
                continue  # neither a rate nor an average: nothing to hold it to
            near = [f for f in amounts[bisect_left(lines, entry.line - 10):bisect_right(lines, entry.line + 10)]
                    if f is not entry]
            rate = self.arith.rate(rz.plain(entry.value))
            if rate is not None:
                value, unit, per, _ = rate
                totals = [f.amount for f in near if rz.is_total_key(f.key, self.lex) and f.amount.unit == unit]
                lengths = [f.amount for f in near if self.lex.has("fields", "duration", f.key) and f.amount.unit == per]
            elif entry.amount is not None and average.search(lang.fold(rz.plain(entry.key))) and daily.search(
                    lang.fold(rz.plain(entry.key + " " + entry.value))) and len(self.qty.numbers(entry.value)) == 1 \
                    and not rz.is_total_key(entry.key, self.lex):
                # "Horas totales: 392 horas", "Días hábiles totales: 49 días", "Promedio diario: 8 horas"
                value, unit = entry.amount.low, entry.amount.unit
                summed = [f.amount for f in near if self._total_label.search(lang.fold(rz.plain(f.key)))]
                totals = [a for a in summed if a.unit == unit]
                lengths = [a for a in summed if a.unit == "days" and a.unit != unit]
            else:
                continue
            if rate is not None and rate[1] in _TIME_UNITS:
                # "30 h/week" is what one can give, not the plan's total over its length
                self._length_amount(entry, rate, [f for f in near if self.lex.has("fields", "duration", f.key)])
                continue
            if len(totals) != 1 or len(lengths) != 1 or not lengths[0].low:
                continue
            total, length = totals[0], lengths[0]
            if total.low != total.high or length.low != length.high or total.approximate or length.approximate:
                continue
            text = f"{entry.key}: {rz.plain(entry.value)}, from {total.text} (line {total.line}) over {length.text} (line {length.line})"
            column = entry.column + max(0, self.lines[entry.line - 1][entry.column - 1:].find(entry.value))
            self.plan.expressions.append(Expression(text, entry.line, column, [total.low, length.low], ["/"],
                                                    value, False, total.low / length.low, inferred=True))

    def _length_amount(self, entry: Field, rate, durations: list[Field]) -> None:
        """"Capacidade: 30 horas/semana" beside "Duração: 2 semanas (60 horas por sprint)":
        the amount in parentheses after the one length against rate × length. An amount
        that is a whole multiple of it (2 or more) is the rate of each of several people."""
        value, unit, per, _ = rate
        if len(durations) != 1 or not value:
            return
        field = durations[0]
        text = rz.plain(field.value)
        folded = lang.fold(text)
        numbers = {n.first: n for n in self.qty.numbers(text)}
        for a in self.qty.quantities(text):
            opened = _OPEN_PAREN.match(text, a.end)
            b = numbers.get(opened.end()) if opened and a.unit == per else None
            after = self.qty.unit_after(folded, b.last) if b else None
            if after is None or after[0] != unit or a.low != a.high or a.approximate or not a.low:
                continue
            computed = a.low * value
            ratio = b.value / computed
            if abs(ratio - round(ratio)) < 1e-9 and ratio >= 1:
                return  # right, or the rate of each of round(ratio) people
            column = self._column(field.line, text[b.first:after[1]])
            self.plan.expressions.append(Expression(
                f"{field.key}: {text}, at {rz.plain(entry.value)} (line {entry.line})", field.line, column,
                [a.low, value], ["x"], b.value, False, computed, inferred=True))
            return

    def _team_totals(self, views, blocks=()) -> list[Total]:
        """"チーム構成: 6名" against the team's split ("体制: PM 1人 / フロント 2人 / バック 3人")
        and against a table's head-count column ("| 役割 | 人数 |"). When the size and the
        split agree, a table that does not is the odd one out, reported at its last row."""
        from .source import outside_fences

        fields = []
        for number, line in outside_fences(self.lines):
            if ":" not in line and "：" not in line:
                continue
            text = _LIST_MARK.sub("", rz.plain(line).strip()).strip()
            key, sep, value = text.replace("：", ":").partition(":")
            if sep and len(key) <= 30 and "team" in rz.field_roles(key.strip(), self.lex):
                fields.append(Field(key.strip(), value.strip(), number, line.find(key.strip()[:1]) + 1, ["team"]))
        people = []
        for f in fields:
            found = [q for q in self.qty.quantities(f.value) if q.unit == "people"]
            bare = self.qty.cell_value(f.value, "people") if not found and f.value.strip(" *_").isdigit() else None
            people.append((f, found or ([bare] if bare is not None and bare.unit == "people" else [])))
        sizes = [(f, qs[0]) for f, qs in people if len(qs) == 1 and qs[0].low == qs[0].high and qs[0].low > 1]
        splits = [(f, qs) for f, qs in people if len(qs) >= 2]
        if len(sizes) != 1 or len(splits) > 1:
            return []
        field, size = sizes[0]
        column = self._column(field.line, size.text)
        out = []

        def total(label, line, at, parts, family):
            return Total("field", label, line, at, size.low, size.high, "people", size.text, size.approximate,
                         size.decimals, parts, "sum", "structure", family)

        roster = self._roster(field, blocks)
        if roster:
            out.append(Total("field", field.key, field.line, column, size.low, size.high, "people", size.text,
                             size.approximate, size.decimals, roster, "count", "structure", "team"))
            return out
        split_agrees = None
        if splits:
            f, qs = splits[0]
            parts = [Part(q.low, q.high, f.line, q.text) for q in qs]
            out.append(total(field.key, field.line, column, parts, "team"))
            split_agrees = sum(q.low for q in qs) == size.low
        tables = [(v, c) for v in views for c in v.columns if c.numeric and c.unit in (None, "number", "people")
                  and self.lex.role_of("columns", c.header, ("people",))]
        if len(tables) == 1:
            view, col = tables[0]
            rows = [r for r in view.rows if r.item and r.cells[col.index].value is not None]
            parts = [Part(r.cells[col.index].value.low, r.cells[col.index].value.high, r.line, r.cells[col.index].text,
                          r.label) for r in rows]
            if len(parts) >= 2:
                if split_agrees:
                    last = rows[-1]
                    out.append(total(f"{field.key} (line {field.line})", last.line, self._column(last.line, last.cells[col.index].text),
                                     parts, "team"))
                elif split_agrees is None:
                    out.append(total(field.key, field.line, column, parts, "team"))
        return out

    def _roster(self, field, blocks) -> list[Part]:
        """"Команда: 5 человек." over a list of five people, one per item: the items. A list
        whose items carry numbers ("- 2 backend") splits the team instead; that is no roster."""
        after = next((b for b in blocks if b.line > field.line), None)
        if after is None or after.kind not in ("list", "table") \
                or any(self.lines[n - 1].strip() for n in range(field.line + 1, after.line)):
            return []
        if after.kind == "table":  # "团队：3 人" over a table of its members, a name in each first cell
            rows = [r for r in after.rows if r.cells and rz.plain(r.cells[0]).strip()]
            if len(rows) < 2 or not all(_person(rz.plain(r.cells[0]).strip()) and not _DIGIT.search(r.cells[0])
                                        for r in rows) \
                    or any(rz.plain(c).strip(" *").isdigit() for r in rows for c in r.cells[1:]):
                return []  # "| Backend Developer | 2 |": roles and how many hold each
            return [Part(1, 1, r.line, rz.plain(r.cells[0]).strip()[:40]) for r in rows]
        items = [i for i in after.items if i.depth == 0]
        if len(items) < 2 or any(_DIGIT.search(i.text) or not _person(rz.plain(i.text)) for i in items):
            return []  # a split of the team, or a list of areas ("- Backend and API")
        return [Part(1, 1, i.line, rz.plain(i.text)[:40]) for i in items]

    def _total_after(self, value: str):
        """The amount of a value that says it is the total: "3 stories, 13 SP total"."""
        if not self._total_label.search(lang.fold(value)):
            return None
        for q in self._quantities(value):
            if self._total_label.match(lang.fold(value[q.end:]).lstrip(" *_")):
                return q
        return None

    def _arithmetic(self) -> None:
        """Arithmetic written on any line outside code."""
        from .source import outside_fences

        day_hours = []
        for number, line in outside_fences(self.lines):
            if "(" in line or "（" in line:
                day_hours += [(number, line, *found) for found in self.arith.day_hours(line)]
            if any(sign in line for sign in "-–—~") and _DIGIT_DASH.search(line):
                for q in self._quantities(line):
                    if q.low > q.high:
                        self.plan.reversed_ranges.append(self._estimate(q, number))
            if not any(sign in line for sign in "=＝(（%"):
                continue
            dated = [(d.column - 1, d.column - 1 + len(d.text)) for d in self.spans_by_line.get(number, ())]
            for expr in self.arith.read(rz.plain(line), number):
                at = line.find(expr.text)
                if at < 0:
                    first = f"{expr.operands[0]:g}" if expr.operands else ""
                    at = line.find(first) if first else -1
                if at >= 0 and any(first <= at < last for first, last in dated):
                    continue  # "26 de marzo de 2027 (12 semanas, 6 sprints)": the 2027 is a year, no total
                expr.column = at + 1 if at >= 0 else 1
                self.plan.expressions.append(expr)
        self._day_lengths(day_hours)

    def _day_lengths(self, pairs) -> None:
        """"19 días (152 horas)", "15 días (120 horas)", ...: the hours of a working day the
        document keeps to, from its own pairs; a pair off that day length is arithmetic
        to check. At least two pairs must agree, and more agree than not."""
        ratios = [round(hours / days, 6) for _, _, days, hours, _, _ in pairs]
        if len(pairs) < 3:
            return
        common = max(set(ratios), key=ratios.count)
        agree = [n for (n, *_), r in zip(pairs, ratios) if r == common]
        if len(agree) < 2 or len(agree) <= len(pairs) / 2 or not 1 <= common <= 12:
            return
        for (number, line, days, hours, start, end), ratio in zip(pairs, ratios):
            if ratio != common:
                others = ", ".join(str(n) for n in agree[:4])
                self.plan.expressions.append(Expression(
                    f"{line[start:end].strip()}, at the {common:g} hours a day of lines {others}", number, start + 1,
                    [days, common], ["x"], hours, False, days * common, inferred=True))

    def _listed_after(self, number: int) -> tuple[int | None, int | None]:
        """How many top-level items the list right below a line has."""
        from .blocks import _LIST_ITEM

        own = _LIST_ITEM.match(self.lines[number - 1])
        floor = len(own.group(1).expandtabs(4)) if own else -1
        count, first, indent = 0, None, None
        for i in range(number, len(self.lines)):
            raw = self.lines[i]
            if not raw.strip():
                break
            m = _LIST_ITEM.match(raw)
            if not m:
                if first is None:
                    return None, None
                continue
            width = len(m.group(1).expandtabs(4))
            if width <= floor:
                break
            if indent is None:
                indent, first = width, i + 1
            if width == indent:
                count += 1
        return (count, first) if first else (None, None)

    # --- after the walk ----------------------------------------------------------

    def _distribute_keyed_weeks(self) -> None:
        """A week's table with a row per sprint ("| **A** | K8s base | ...") schedules that
        sprint in that week: the sprint gets the week as a child, with the week's dates."""
        for week, table in self.keyed_weeks:
            for row in table.rows:
                key = rz.plain(row["cells"][0]) if row["cells"] else ""
                sprint = self._find_sprint(f"Sprint {key}") if key else None
                if sprint is None or sprint is week:
                    continue
                child = Sprint(week.id, week.kind, week.title, row["line"], row["line"], sprint.level + 1,
                               dates=week.dates, period=week.period)
                child.day_labels = [d for d in week.day_labels if d.line == table.line]
                child.work_items = [
                    WorkItem(rz.plain(cell), row["line"], "row", group=rz.plain(head))
                    for head, cell in zip(table.header[1:], row["cells"][1:]) if rz.plain(cell)
                ]
                sprint.children.append(child)
        for sprint in self.plan.sprints:
            dated = [c.dates for c in sprint.children if c.dates]
            if sprint.dates is None and dated:
                first, last = min(dated, key=lambda d: d.start), max(dated, key=lambda d: d.end)
                sprint.dates = DateSpan(first.start, last.end, f"{first.text} .. {last.text}", first.line, first.column)

    def _named_ranges(self) -> dict[int, list[tuple[str, str, DateSpan]]]:
        """Line -> (kind, id, range) of every range that the name of an iteration leads
        ("- **Sprint 1:** ma 3 nov 2025 t/m zo 16 nov 2025", "**Sprint 7:** 2025-10-20 a
        2025-10-31 · **Sprint 8:** 2025-11-03 a 2025-11-14"), outside tables."""
        out: dict[int, list] = {}
        for number, spans in self.spans_by_line.items():
            ranges = sorted((d for d in spans if d.kind == "range" and d.table is None), key=lambda d: d.column)
            start = 0
            for d in ranges:
                before = rz.plain(self.lines[number - 1][start:d.column - 1])
                start = d.column - 1 + len(d.text)
                m = _LED_BY_NAME.match(before)
                kind = rz.iteration_word(m.group(1), self.lex) if m else None
                if kind:
                    out.setdefault(number, []).append((kind, m.group(2).lower(), d))
        return out

    def _overview_dates(self, named) -> None:
        """"- **Sprint 1:** ma 3 nov 2025 t/m zo 16 nov 2025" in an overview, and a section
        "## Sprint 1 — Inloggen" that gives no dates of its own: the overview's one range
        led by the iteration's name dates it."""
        missing = {}
        for sprint in self.plan.iterations():
            if sprint.dates is None and sprint.duration is None and sprint.period is None:
                missing.setdefault((sprint.kind, sprint.id.split()[-1].lower()), []).append(sprint)
        found: dict = {}
        for number, entries in named.items() if missing else ():
            for kind, key, d in entries:
                for sprint in missing.get((kind, key), ()):
                    if not sprint.line <= number <= sprint.end_line:
                        found.setdefault(id(sprint), (sprint, []))[1].append(d)
        for sprint, spans in found.values():
            if len(spans) == 1:
                sprint.dates = spans[0]
        # "### Sprint 1 — encerrada ✅" under "## Acompanhamento" after "### Sprint 1 (21 SP)"
        # with its dates: the same iteration, written of twice
        dated = {}
        for sprint in self.plan.iterations():
            key = (sprint.kind, sprint.id)
            if sprint.dates is not None:
                dated.setdefault(key, sprint.dates)
            elif sprint.duration is None and sprint.period is None and key in dated:
                sprint.dates = dated[key]

    def _named_schedules(self, named, blocks) -> list[Schedule]:
        """The sprints or weeks an overview list (or one line) names with their ranges, as a
        schedule whose steps follow one another: overlaps between them are checked."""
        groups = []
        for block in blocks:
            if block.kind == "list":
                lines = [i.line for i in block.items if i.depth == 0]
            elif block.kind == "paragraph":
                lines = list(range(block.line, block.end_line + 1))
            else:
                continue
            entries = [(n, k, key, d) for n in lines for k, key, d in named.get(n, ()) if k in ("sprint", "iteration", "week")]
            if len(entries) >= 2 and len({k for _, k, _, _ in entries}) == 1:
                groups.append(entries)
        out = []
        for entries in groups:
            label = rz.ID_PREFIX[entries[0][1]]
            out.append(Schedule("list", entries[0][0], entries=[
                ScheduleEntry(f"{label} {key}", n, d.start, d.end, d.column, text=d.text) for n, _, key, d in entries]))
        return out

    def _document_sprint(self) -> None:
        """A plan for one sprint often has no "Sprint N" heading: its fields say "Sprint
        Duration", "Sprint Start Date". Then the document itself is the sprint."""
        if any(s.kind == "sprint" for s in self.plan.sprints):
            return
        keys = [f for f in self.plan.fields if rz.iteration_word(f.key.split(" ")[0], self.lex) == "sprint"]
        if not keys:
            return
        keys += [f for f in self.plan.fields if f not in keys and rz.field_role(f.key, self.lex) in ("dates", "start", "end")]
        plan = self.plan
        sprint = Sprint("Sprint", "sprint", plan.title or "Sprint", plan.title_line or 1, plan.lines, 0.5)
        sprint.children, plan.sprints = plan.sprints, [sprint]
        sprint.work_items, plan.work_items = plan.work_items, []
        sprint.success_criteria, plan.success_criteria = plan.success_criteria, []
        sprint.criteria_sections, plan.criteria_sections = plan.criteria_sections, []
        sprint.deliverables, plan.deliverables = plan.deliverables, []
        sprint.risks, plan.risks = plan.risks, []
        for entry in keys:
            self._apply_field(sprint, entry, None)
        status = next((f for f in plan.fields if rz.field_role(f.key, self.lex) == "status"), None)
        if status and sprint.status is None:
            sprint.status = rz.status_of(status.value, self.lex)


@dataclass
class _PeriodRef:
    unit: str
    first: int
    last: int
    text: str
    start: int


def _in_parens(text: str, pos: int) -> bool:
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)




def _team_size(value: str, line: int, column: int) -> Estimate | None:
    text = rz.plain(value)
    m = re.match(r"^~?(\d+)\s*[-–]\s*(\d+)\b", text)
    if m:
        return Estimate(float(m.group(1)), float(m.group(2)), "people", text.startswith("~"), text, line, column)
    numbers = re.findall(r"(?<![\w.])(\d+)(?![\w.%])", text.split("(")[0])
    if not numbers:
        return None
    total = float(sum(int(n) for n in numbers))
    return Estimate(total, total, "people", False, text, line, column)


def _table_risk(header: list[str], row, cols: dict[str, int]) -> Risk:
    cells = row.cells + [""] * (len(header) - len(row.cells))

    def cell(role):
        return rz.plain(cells[cols[role]]) if role in cols else None

    return Risk(cell("risk") or "", row.line, "table", cell("probability"), cell("impact"), cell("mitigation"),
                {rz.plain(h): rz.plain(c) for h, c in zip(header, cells)})


def _set_risk_part(risk: Risk, key: str, value: str, lex) -> None:
    role = next(iter(rz.column_roles([key], ("mitigation", "probability", "impact"), lex, anywhere=True)), None)
    if role is not None and getattr(risk, role) is None:  # "Mitigation" before "Contingency"
        setattr(risk, role, rz.plain(value))


_NOTE = re.compile(r"^[^\W\d_][\w ]{0,30}:\s")


def _item_status(text: str, lex) -> str | None:
    status = rz.status_of(text, lex)
    return {"complete": "done", "planned": "todo"}.get(status, status)


def _sum_estimates(sprint: Sprint) -> None:
    for child in sprint.children:
        _sum_estimates(child)
    totals: dict[str, list] = {}
    seen = set()
    for item in sprint.all_work_items():
        if item.estimate is None or id(item) in seen or not item.counted():
            continue
        seen.add(id(item))
        unit = item.estimate.unit
        hours = item.estimate.hours() if unit in _HOURLY else None
        key, low, high = ("hours", *hours) if hours else (unit, item.estimate.low, item.estimate.high)
        entry = totals.setdefault(key, [0.0, 0.0, 0])
        entry[0] += low
        entry[1] += high
        entry[2] += 1
    if totals:
        unit = max(totals, key=lambda k: totals[k][2])
        low, high, count = totals[unit]
        sprint.estimate = {"low": round(low, 4), "high": round(high, 4), "unit": unit, "items": count}


def _person(text: str) -> bool:
    """Does a list item name a person: a handle, a name in two capitalised words, or two
    to four CJK or Hangul characters?"""
    m = _PERSON.match(text)
    if not m:
        return False
    words = m.group(0).split()
    return words[0].startswith("@") or len(words) < 2 or all(w[0].isupper() for w in words[:2])
