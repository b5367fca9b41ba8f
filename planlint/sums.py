"""The totals a plan states and what they are the sum of, read by structure in any
language: a table's total row against its rows (subtotals of hierarchical tables
against their children, never double-counted), a heading's amount against the items
under it, a total line against the list or table above it, a column that is the sum of
others; and the arithmetic written between a table's columns. Rules check them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import recognise as rz
from .blocks import Block
from .lang import Lexicon, _script, fold
from .model import Expression, Part, Total
from .quantities import Quantity, QuantityReader

_BOLD = re.compile(r"^\s*(\*\*|__).*(\*\*|__)\s*$")
_CHILD_MARK = re.compile(r"^\s*(?:[-·•‧∙◦▪▸►→↳└├]|&nbsp;|\u3000)+\s*")
_UNIT_FAMILY = {"hours": "hours", "minutes": "hours"}
_CALENDAR = ("days", "working-days", "weeks", "months")


@dataclass
class Cell:
    text: str  # plain text
    raw: str
    value: Quantity | None
    bold: bool
    empty: bool
    none: bool  # "-", "TBD": no value


@dataclass
class Column:
    index: int
    header: str
    unit: str | None
    numeric: bool
    percent: bool = False
    numbered: bool = False  # week or day numbers ("Woche", "주차"), not amounts
    mixed: bool = False  # values in units of different kinds ("25 days", "10 members"): a list of facts


@dataclass
class RowView:
    line: int
    cells: list[Cell]
    label: str
    label_raw: str
    total: bool = False  # a total row
    subtotal: bool = False  # "Subtotal", "小計（API）": the sum of the rows since the last one
    child: bool = False  # "- sub-item", "· Estimate": belongs to the parent row above
    blank: bool = False
    parent: bool = False  # bold or unmarked row that has children below
    children: list["RowView"] = field(default_factory=list)

    @property
    def item(self) -> bool:
        """A row of the table's content: no total, subtotal or blank row."""
        return not (self.total or self.subtotal or self.blank)


_OUTLINE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3}){0,3}")
_INDEX_CELL = re.compile(r"[*\s]*(\d{1,3})(?:\s*[-–~]\s*(\d{1,3}))?[*\s]*")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_DOTTED = re.compile(r"\d+\.\d+")


def _index_ranges(name: str, cells: list[Cell], lex: Lexicon) -> bool:
    """"| Weeks | 1-2 | 3-5 | 6-7 |", "| Sprints | 1-6 | 7-12 |": under a header naming
    weeks or sprints, ranges of their numbers that run on, no amounts."""
    if not name or rz.iteration_word(name, lex) is None or len(cells) < 2:
        return False
    found = [_INDEX_CELL.fullmatch(c.text) for c in cells]
    if not all(found) or not any(m.group(2) for m in found):
        return False
    spans = [(int(m.group(1)), int(m.group(2) or m.group(1))) for m in found]
    # each runs on from the one before (a total row below may break the run once)
    return sum(b[0] > a[1] for a, b in zip(spans, spans[1:])) >= max(1, len(spans) - 2)


def _dotted(cells: list[Cell]) -> bool:
    """"11.1", "11.2", "11.19": numbers of stories or sections under one whole number, and
    "1", "1.1", "1.2", "2": the numbers of a work breakdown; no amounts."""
    texts = [c.text.strip(" *`") for c in cells]
    if len(texts) < 3 or len(set(texts)) < len(texts):
        return False  # numbers of stories are each another: "0.75", "0.75", "0.8" are amounts
    if all(_DOTTED.fullmatch(t) for t in texts):
        return len({t.split(".")[0] for t in texts}) == 1
    return _outline(texts)


def _outline(texts: list[str]) -> bool:
    """"1", "1.1", "1.2", "2", "2.1": each dotted number the next child of a number above
    it, the whole numbers in order (an estimate column "6, 10, 3.5" is none)."""
    seen: set[str] = set()
    last: dict[str, int] = {}
    whole: list[int] = []
    for t in texts:
        if not _OUTLINE_NUMBER.fullmatch(t):
            return False
        if "." in t:
            head, tail = t.rsplit(".", 1)
            if head not in seen or int(tail) != last.get(head, 0) + 1:
                return False
            last[head] = int(tail)
        else:
            whole.append(int(t))
        seen.add(t)
    return len(whole) >= 2 and len(texts) - len(whole) >= 2 and whole == sorted(whole)


def _family(unit: str | None) -> str | None:
    return _UNIT_FAMILY.get(unit or "", unit)


def _hours(q: Quantity) -> tuple[float, float]:
    if q.unit == "minutes":
        return q.low / 60, q.high / 60
    return q.low, q.high


_COUNTED = re.compile(r"(\d{1,4})[ \t]?([^\W\d_]+)")


def _counted_cells(cells: list[Cell], header: str, lex: Lexicon) -> None:
    """"| 5 Stories |", "| 3 tâches |": a column of counts of one thing, each cell its number."""
    written = [c for c in cells if not c.empty and not c.none]
    if len(written) < 2 or any(c.value is not None for c in written):
        return
    found = [_COUNTED.fullmatch(c.text.strip()) for c in written]
    nouns = {fold(m.group(2)) for m in found if m}
    if None in found or len(nouns) != 1:
        return
    noun = nouns.pop()
    if noun not in lex.words("counts", "items") and noun != fold(header).strip():
        return
    for c, m in zip(written, found):
        n = float(m.group(1))
        c.value = Quantity(n, n, "number", False, c.text.strip(), 0, len(c.text.strip()), False, 0)


class TableView:
    """One table read for its numbers: each column's unit, each row's role."""

    def __init__(self, block: Block, lex: Lexicon, reader: QuantityReader):
        self.block = block
        self.lex = lex
        self.header = [rz.plain(h) for h in block.header]
        width = max([len(self.header)] + [len(r.cells) for r in block.rows])
        none_words = lex.words("words", "none")
        self.rows: list[RowView] = []
        units = [rz.column_unit(h, lex) if h else None for h in self.header] + [None] * (width - len(self.header))
        table = []
        for row in block.rows:
            cells = []
            for i in range(width):
                raw = row.cells[i] if i < len(row.cells) else ""
                text = rz.plain(raw)
                folded = fold(text).strip(" .")
                value = reader.cell_value(text, units[i]) if text else None
                cells.append(Cell(text, raw, value, bool(_BOLD.match(raw)) and bool(text), not text,
                                  folded in none_words))
            table.append(cells)
        for i in range(width):
            _counted_cells([cells[i] for cells in table], self.header[i] if i < len(self.header) else "", lex)
        for row, cells in zip(block.rows, table):
            label_index = next((i for i, c in enumerate(cells) if c.text and c.value is None), 0)
            label = cells[label_index].text if cells else ""
            label_raw = cells[label_index].raw if cells else ""
            self.rows.append(RowView(row.line, cells, label, label_raw))
        self.columns = []
        for i in range(width):
            values = [r.cells[i] for r in self.rows if not r.cells[i].empty]
            numeric = [c for c in values if c.value is not None]
            informative = [c for c in values if not c.none]
            is_numeric = bool(numeric) and len(numeric) >= 0.6 * max(1, len(informative))
            unit = units[i]
            if unit is None and numeric:
                found = {c.value.unit for c in numeric if c.value.unit != "number"}
                if len(found) == 1:
                    unit = found.pop()
                elif found <= {"hours", "minutes"} and found:
                    unit = "hours"
            percent = bool(numeric) and all(c.value.unit == "percent" for c in numeric)
            name = self.header[i] if i < len(self.header) else ""
            numbered = bool(name) and lex.role_of("columns", name, ("week", "day-index", "id")) is not None \
                and unit in (None, "number") or _dotted(numeric) or _index_ranges(name, numeric, lex)
            kinds = {_family(c.value.unit) for c in numeric if c.value.unit not in ("number", "percent")}
            self.columns.append(Column(i, name, unit, is_numeric and not numbered, percent, numbered,
                                       len(kinds) > 1))
        self._roles()

    def _roles(self) -> None:
        total_words = self.lex.pattern("words", "total")
        subtotal_words = self.lex.pattern("words", "subtotal")
        for row in self.rows:
            row.blank = all(c.empty or c.none and not c.value for c in row.cells)
            texts = [c for c in row.cells if c.text and c.value is None and not c.none]
            if texts:
                first = fold(texts[0].text).strip(" :")
                # "Total", "Total estimado", or a short scope before it: "Phase 1 合計", "Sprint 3 total"
                m = total_words.match(first) or len(first) <= 30 and any(
                    t.end() == len(first) and t.start() > 0 and not first[t.start() - 1].isalnum()
                    for t in total_words.finditer(first))
                row.total = bool(m) and len(first) <= 40 and not subtotal_words.search(first)
                # "小計（API）" is a subtotal; "預備金（小計的 10%）" only speaks of one
                row.subtotal = len(first) <= 40 and subtotal_words.search(_BRACKETED.sub(" ", first)) is not None
            row.child = bool(_CHILD_MARK.match(row.label_raw.replace("\\-", "-"))) and bool(row.label)
        # a work breakdown numbered "1", "1.1", "1.2", "2": the dotted rows belong to the row above
        firsts = [(r, r.cells[0].text.strip(" *")) for r in self.rows if r.cells and r.cells[0].text]
        numbered = [(r, t) for r, t in firsts if not r.total]
        if numbered and _outline([t for _, t in numbered]):
            for row, text in numbered:
                row.child = row.child or "." in text
        # hierarchy: parents are rows followed by child rows (up to the next parent)
        current = None
        for row in self.rows:
            if row.total or row.subtotal or row.blank:
                current = None if row.total or row.subtotal else current
                continue
            if row.child and current is not None:
                current.children.append(row)
            elif not row.child:
                current = row
        for row in self.rows:
            row.parent = bool(row.children)

    def numeric_columns(self):
        return [c for c in self.columns if c.numeric and c.index > 0 or c.numeric and self._label_elsewhere(c)]

    def _label_elsewhere(self, column: Column) -> bool:
        return any(r.cells[column.index].value is None and r.label for r in self.rows) or len(self.columns) > 1


def _parts(rows: list[RowView], column: Column) -> tuple[list[Part], bool] | None:
    """The values of a column in rows, as parts; None when a row holds text instead of
    a number there. The flag says whether any part is a range."""
    parts = []
    for row in rows:
        cell = row.cells[column.index]
        if cell.empty or cell.none:
            continue
        if cell.value is None:
            return None
        low, high = _hours(cell.value) if column.unit in ("hours", "minutes") or cell.value.unit in ("hours", "minutes") else (cell.value.low, cell.value.high)
        parts.append(Part(low, high, row.line, cell.text, row.label))
    return parts, any(p.low != p.high for p in parts)


def _stated(row: RowView, column: Column, kind: str, label: str, lines) -> Total | None:
    cell = row.cells[column.index]
    if cell.value is None:
        return None
    q = cell.value
    low, high = _hours(q) if column.unit in ("hours", "minutes") or q.unit in ("hours", "minutes") else (q.low, q.high)
    line_text = lines[row.line - 1]
    at = line_text.find(cell.text) if cell.text else -1
    unit = "hours" if q.unit in ("hours", "minutes") else (q.unit if q.unit != "number" else (column.unit or "number"))
    if unit == "minutes":
        unit = "hours"
    return Total(kind, label, row.line, at + 1 if at >= 0 else 1, low, high, unit, cell.text, q.approximate,
                 q.decimals, [], "sum", "structure", "")


def _adds_up(stated: Total, parts: list[Part]) -> bool:
    return abs(sum(p.low for p in parts) - stated.low) <= 0.5 * 10 ** -stated.decimals + 1e-9


def _not_a_sum(stated: Total, parts: list[Part]) -> bool:
    """A "total" row that repeats its rows' common value (every row "10", total "10") or
    gives their average (scores "7.0, 5.5, 2.0", overall "5.1") is not their sum."""
    if len(parts) < 2:
        return False
    values = [p.low for p in parts]
    if all(v == stated.low for v in values):
        return True
    if abs(sum(v * v for v in values) ** 0.5 - stated.low) <= 0.5 * 10 ** -stated.decimals + 1e-9:
        return True  # "σ" of a PERT table: the root of the sum of squares
    mean = sum(values) / len(values)
    total = sum(values)
    return abs(stated.low - mean) <= 0.05 * abs(mean) + 0.5 * 10 ** -stated.decimals and abs(stated.low - total) > abs(stated.low - mean)


def table_totals(view: TableView, lines) -> list[Total]:
    """Total rows against the rows above them, and parent rows against their children."""
    out: list[Total] = []
    columns = [c for c in view.columns if c.numeric and not c.percent and not c.mixed]
    hierarchical = any(r.parent for r in view.rows)
    # total rows: each sums the rows since the previous total row (or, "Total TTC" under
    # "Total HT" and "TVA 20 %", runs on from it)
    start, before = 0, None
    for at, row in enumerate(view.rows):
        if not row.total:
            continue
        body = [r for r in view.rows[start:at] if r.item]
        start, earlier, before = at + 1, before, row
        if not body:
            continue
        tops = [r for r in body if not r.child] if hierarchical else body
        for column in columns:
            stated = _stated(row, column, "column", column.header, lines)
            if stated is None:
                continue
            found = _parts(tops, column)
            if found is None:
                continue
            parts, _ = found
            if hierarchical:
                # parents without a value of their own stand for their children
                for r in tops:
                    if r.parent and (r.cells[column.index].empty or r.cells[column.index].none):
                        kids = _parts(r.children, column)
                        if kids:
                            parts.extend(kids[0])
                parts.sort(key=lambda p: p.line)
            if len(parts) < 1 or _not_a_sum(stated, parts):
                continue
            previous = earlier.cells[column.index].value if earlier is not None else None
            if previous is not None and not _adds_up(stated, parts):
                # the reading nearer the stated total: on from the total above, or on its own
                running = [_part(previous, earlier.line, earlier.label)] + parts
                if abs(sum(p.low for p in running) - stated.low) < abs(sum(p.low for p in parts) - stated.low):
                    parts = running
            stated.parts = parts
            stated.family = f"table:{view.block.line}:total"
            out.append(stated)
    # subtotal rows: each sums the rows since the previous subtotal or total row
    for row, closed in _closings(view):
        if row.total:
            continue
        leaves = [r for r in closed if not r.child] if hierarchical else closed
        for column in columns if leaves else []:
            stated = _stated(row, column, "subtotal", f"{row.label} ({column.header})" if column.header else row.label, lines)
            found = _parts(leaves, column) if stated is not None else None
            if not found or not found[0] or _not_a_sum(stated, found[0]):
                continue
            stated.parts = found[0]
            stated.family = f"table:{view.block.line}:subtotals:{column.index}"
            out.append(stated)
    # parents against their children
    for row in view.rows:
        if not row.parent:
            continue
        for column in columns:
            stated = _stated(row, column, "subtotal", f"{row.label} ({column.header})" if column.header else row.label, lines)
            if stated is None:
                continue
            found = _parts(row.children, column)
            if not found or not found[0]:
                continue
            stated.parts = found[0]
            stated.family = f"table:{view.block.line}:parents:{column.index}"
            out.append(stated)
    return out


def row_sums(view: TableView, lines) -> list[Total]:
    """A column that is, row by row, the sum of the other numeric columns beside it
    ("Effettivo" = S1 + ... + S7, "Total Mensal" = dev + infra), found by the table's
    own consistency: most rows must add up before any row is held to it."""
    out: list[Total] = []
    numeric = [c for c in view.columns if c.numeric and not c.percent]
    rows = [r for r in view.rows if not r.blank]
    if len(rows) < 3 or len(numeric) < 3:
        return out
    for target in numeric:
        for group in sorted(_neighbour_groups(numeric, target), key=len, reverse=True):
            fits, checked = 0, []
            for row in rows:
                stated = row.cells[target.index].value
                values = [row.cells[c.index] for c in group]
                if stated is None or any(c.value is None and not (c.empty or c.none) for c in values):
                    continue
                parts = [c.value for c in values if c.value is not None]
                if not parts and not stated.low:
                    continue
                total = sum(p.low for p in parts)
                checked.append((row, parts))
                fits += abs(total - stated.low) < 1e-6 + 0.5 * 10 ** -max([stated.decimals] + [p.decimals for p in parts])
            if len(checked) >= 3 and fits >= max(3, 0.8 * len(checked)) and any(len(p) >= 2 for _, p in checked):
                for row, parts in checked:
                    total = _stated(row, target, "row", f"{row.label} ({target.header})", lines)
                    if total is None:
                        continue
                    total.parts = [Part(p.low, p.high, row.line, p.text,
                                        view.columns[c.index].header) for p, c in zip(parts, [g for g in group if row.cells[g.index].value is not None])]
                    total.family = f"table:{view.block.line}:rowsum:{target.index}"
                    total.evidence = "consistency"
                    out.append(total)
                break
    return out


def _neighbour_groups(numeric, target):
    """Runs of two or more numeric columns next to a column, nearest first, in its unit:
    "Custo Dev | Custo Infra | Total Mensal" gives the run of the two before it."""
    family = _family(target.unit)
    same = [c for c in numeric if c is not target and (_family(c.unit) == family or "number" in (c.unit, target.unit)
                                                       or c.unit is None or target.unit is None)]
    groups = []
    after = [c for c in same if c.index > target.index]
    run = []
    for c in after:
        if (run and c.index != run[-1].index + 1) or (not run and c.index != target.index + 1):
            break
        run.append(c)
        if len(run) >= 2:
            groups.append(list(run))
    before = [c for c in reversed(same) if c.index < target.index]
    run = []
    for c in before:
        if (run and c.index != run[-1].index - 1) or (not run and c.index != target.index - 1):
            break
        run.append(c)
        if len(run) >= 2:
            groups.append(list(reversed(run)))
    return groups


def row_relations(view: TableView, lines, explained: set[int] = frozenset()) -> list[Expression]:
    """Arithmetic between a table's columns that most rows follow: a column that is
    another times a constant ("Horas" x 80 = "Custo"), the product of two others
    ("Horas/dia" x "Dias" = "Total"), or a row's share of the column's total ("% Tiempo").
    Each column gets the one relation most of its rows follow, and only when its rows
    differ (equal rows agree with anything). `explained`: columns already read as the
    sum of others."""
    rows = [r for r in view.rows if r.item]
    numeric = [c for c in view.columns if c.numeric]
    plain = [c for c in numeric if not c.percent]
    found: list[tuple[float, list[Expression]]] = []

    def exact(q):
        return q is not None and q.low == q.high

    for target in numeric:
        if target.index in explained:
            continue
        best: tuple[float, list[Expression]] | None = None
        candidates = []
        if not target.percent:
            for a in plain:
                if a.index >= target.index:
                    continue  # a result stands after what it is computed from ("Horas | Custo")
                pairs = [(r, r.cells[a.index].value, r.cells[target.index].value) for r in rows]
                pairs = [(r, x, y) for r, x, y in pairs if exact(x) and exact(y) and x.low and y.low]
                ratios = [round(y.low / x.low, 6) for _, x, y in pairs]
                if len(pairs) < 3 or len({x.low for _, x, _ in pairs}) < 3:
                    continue
                common = max(set(ratios), key=ratios.count)
                if common in (0, 1) or abs(common * 100 - round(common * 100)) > 1e-6:
                    continue  # a rate is a round number: 80 an hour, 5 reais a dollar
                # only rows that agree exactly speak for the ratio: "5 SP, 3 days" fits 0.5 a
                # point only by rounding, and estimates follow points only roughly
                agree = [(r, x, y) for r, x, y in pairs if abs(x.low * common - y.low) <= 1e-6 * abs(y.low)]
                if len(agree) < max(4, min(0.9 * len(pairs), len(pairs) - 1)) or len({x.low for _, x, _ in agree}) < 3:
                    continue  # a few small counts agree with many a ratio by chance; one row may be off
                candidates.append((len(agree) / len(pairs), [
                    Expression(f"{x.text} × {common:g} = {y.text}", r.line, _column(lines, r.line, y.text),
                               [x.low, common], ["x"], y.low, False) for r, x, y in pairs]))
            for a in plain:
                for b in plain:
                    if len({a.index, b.index, target.index}) < 3 or a.index > b.index:
                        continue
                    triples = [(r, r.cells[a.index].value, r.cells[b.index].value, r.cells[target.index].value)
                               for r in rows]
                    triples = [t for t in triples if all(exact(q) and q.low for q in t[1:])]
                    agree = [t for t in triples if abs(t[1].low * t[2].low - t[3].low) <= _slack(t[3])]
                    rate = _is_rate(view.columns[a.index].header, view.lex) or _is_rate(view.columns[b.index].header, view.lex)
                    varied = len({(x.low, y.low) for _, x, y, _ in triples}) >= 2
                    if not (len(agree) >= 3 and len(agree) >= 0.9 * len(triples) and varied
                            or rate and len(triples) >= 2 and len(agree) >= max(2, 0.6 * len(triples))):
                        continue  # "4h/dia" x "10 dias" = "40h" holds by its header; other products by their rows
                    share = len(agree) / len(triples) + 1e-3  # on a tie, a product of the row's own cells wins
                    # a rate's header vouches for the product: two rows of three may show it
                    candidates.append((max(share, 0.75) if rate and len(agree) >= 2 else share, [
                        Expression(f"{x.text} × {y.text} = {z.text}", r.line, _column(lines, r.line, z.text),
                                   [x.low, y.low], ["x"], z.low, False) for r, x, y, z in triples]))
            candidates += _triple_products(view, rows, plain, target, lines)
        else:
            shares, off = [], {}
            for a in plain:
                pairs = [(r, r.cells[a.index].value, r.cells[target.index].value) for r in rows]
                pairs = [(r, x, y) for r, x, y in pairs if exact(x) and exact(y)]
                whole = sum(x.low for _, x, _ in pairs)
                if len(pairs) < 2 or not whole or len({x.low for _, x, _ in pairs}) < 2:
                    continue
                agree = [p for p in pairs if abs(p[1].low / whole * 100 - p[2].low) <= _slack(p[2])]
                off[len(shares)] = {r.line for r, _, _ in pairs} - {r.line for r, _, _ in agree}
                shares.append([len(agree) / len(pairs), [
                    Expression(f"{x.text} / {whole:g} = {y.text}", r.line, _column(lines, r.line, y.text),
                               [x.low, whole], ["/"], y.low, True) for r, x, y in pairs]])
            hundred = any(r.total and r.cells[target.index].value is not None
                          and r.cells[target.index].value.low == 100 for r in view.rows)
            if hundred and shares:
                share = max(shares, key=lambda s: s[0])
                tied = [i for i, s in enumerate(shares) if s[0] == share[0]]
                if share[0] > 0 and len({frozenset(off[i]) for i in tied}) == 1:
                    # a column that totals 100% is the shares of the column most rows agree
                    # with; of hours and their cost at one rate, either one
                    share[0] = 1.0
            candidates += [tuple(s) for s in shares]
            candidates += _ratio_candidates(view, rows, plain, target, lines)
        for candidate in candidates:
            if best is None or candidate[0] > best[0]:
                best = candidate
        if best is not None and best[0] >= 0.75 and (len(best[1]) * best[0] >= 2 or len(best) > 2):
            found.append(best[:2])
    return [e for _, expressions in found for e in expressions]


def _triple_products(view: TableView, rows, plain, target: Column, lines):
    """"Dagen | Uren/dag | Focus | Beschikbare uren": one column the product of three others,
    as a rate's header ("Uren/dag") and nearly every row show it."""
    others = [c for c in plain if c is not target]
    if len(others) < 3 or len(others) > 8 or len(rows) < 3:
        return []
    out = []
    for i, a in enumerate(others):
        for j, b in enumerate(others[i + 1:], i + 1):
            for c in others[j + 1:]:
                if not any(_is_rate(col.header, view.lex) for col in (a, b, c)):
                    continue
                quads = [(r, *(r.cells[col.index].value for col in (a, b, c, target))) for r in rows]
                quads = [t for t in quads if all(q is not None and q.low == q.high and q.low for q in t[1:])]
                if len(quads) < 3 or len({(x.low, y.low, z.low) for _, x, y, z, _ in quads}) < 2:
                    continue
                agree = [t for t in quads if abs(t[1].low * t[2].low * t[3].low - t[4].low) <= _slack(t[4])]
                if len(agree) < max(3, 0.7 * len(quads)):
                    continue
                out.append((max(len(agree) / len(quads), 0.75), [
                    Expression(f"{x.text} × {y.text} × {z.text} = {w.text}", r.line, _column(lines, r.line, w.text),
                               [x.low, y.low, z.low], ["x", "x"], w.low, False) for r, x, y, z, w in quads]))
    return out


def _ratio_candidates(view: TableView, rows, plain, target: Column, lines):
    """A percentage that is one column of the row over another: "Planned | Completed |
    Velocity" with 34 | 29 | 85%. The headers' roles (planned, done) name the pair; without
    them, nearly every row of at least three must agree."""
    lex = view.lex
    plan, done = lex.pattern("words", "committed"), lex.pattern("words", "actual")
    roles = {c.index: ("plan" if lex.pattern("columns", "estimate").search(fold(c.header or "")) or
                       plan.search(fold(c.header or "")) else
                       "done" if lex.pattern("columns", "spent").search(fold(c.header or "")) or
                       done.search(fold(c.header or "")) else None)
             for c in plain}
    rows = rows + [r for r in view.rows if r.total]  # "Total | 37 | 24 | 65 %" is a ratio too
    out = []
    for whole in plain:
        for part in plain:
            if whole is part:
                continue
            pairs = [(r, r.cells[whole.index].value, r.cells[part.index].value, r.cells[target.index].value)
                     for r in rows]
            pairs = [t for t in pairs if all(q is not None and q.low == q.high for q in t[1:]) and t[1].low]
            if not pairs:
                continue
            agree = [t for t in pairs if abs(t[2].low / t[1].low * 100 - t[3].low) <= _slack(t[3])]
            named = roles[whole.index] == "plan" and roles[part.index] == "done"
            if not (named or len(pairs) >= 3 and len(agree) >= 0.9 * len(pairs)):
                continue
            expressions = [Expression(f"{y.text} of {x.text} = {z.text}", r.line, _column(lines, r.line, z.text),
                                      [y.low, x.low], ["of"], z.low, True) for r, x, y, z in pairs]
            # (share of rows that agree, the rows' arithmetic[, named: one row is enough])
            out.append((1.0, expressions, "named") if named else (len(agree) / len(pairs), expressions))
    return out


def _is_rate(header: str, lex: Lexicon) -> bool:
    """"Horas/dia", "SP per day", "Velocity (SP/day)", "R$ por hora": an amount per unit."""
    folded = fold(header)
    m = re.search(r"/\s*([^\W\d_]+)", folded)
    units = {w for role in lex.roles("units") for w in lex.words("units", role)}
    if m and m.group(1) in units:
        return True
    per = lex.pattern("words", "per")
    for m in per.finditer(folded):
        rest = folded[m.end():].strip().split(" ")[0].strip("()")
        if rest in units:
            return True
    return False


def _slack(q) -> float:
    return 0.5 * 10 ** -q.decimals + 1e-6


def _column(lines, number: int, text: str) -> int:
    at = lines[number - 1].find(text) if text else -1
    return at + 1 if at >= 0 else 1


def read_document(blocks: list[Block], headings, lex: Lexicon, reader: QuantityReader, lines, spans):
    """Every total a document states and the arithmetic between its table columns."""
    totals, relations, views = read_tables(blocks, lex, reader, lines)
    by_line: dict[int, list] = {}
    for span in spans:
        by_line.setdefault(span.line, []).append(span)
    amounts = LineAmounts(reader, by_line, lines)
    secs = sections(blocks, headings)
    views_by_line = {v.block.line: v for v in views}
    from .facts import IndexReader

    totals += heading_totals(secs, amounts, views_by_line, lines, IndexReader(lex))
    totals += item_totals(blocks, amounts, lines)
    table_lines = {n for b in blocks if b.kind == "table" for n in range(b.line, b.end_line + 1)}
    relations += formula_tables(views, lines, reader)
    relations += cell_formulas(views, lines, reader)
    carried = carriers(secs, amounts, views, lex)
    totals += line_totals(secs, amounts, views, lex, lines, table_lines, carried)
    totals += overview_totals(views, secs, carried, lex, lines)
    summed = {(t.line, t.low, t.high) for t in totals if t.measure == "sum"}
    totals += [t for t in count_claims(secs, blocks, lex, lines, views, reader)
               if t.measure != "sum" or (t.line, t.low, t.high) not in summed]  # read as a sum already
    totals += report_claims(blocks, views, lex, reader, lines, table_lines, secs)
    relations += ratio_formulas(blocks, views, lex, reader, lines, secs)
    relations += buffers(blocks, lex, reader, lines)
    totals += iteration_counts(blocks, lex, lines)
    totals += people_columns(blocks, views, lex, reader, lines)
    totals += id_totals(views, lex, lines)
    totals += day_counts(views, lex, reader, lines, by_line)
    totals += restated(blocks, secs, totals, amounts)
    relations += exchanged(views, reader, lines)
    relations += list_shares(blocks, amounts, lines)
    return totals, relations, views


def list_shares(blocks: list[Block], amounts: LineAmounts, lines) -> list[Expression]:
    """A list whose items each give an amount and its share ("- **Fase 1**: 5 días, 36 h
    (25,7 % del total)"): each share against the item's part of the items' sum, in the unit
    whose shares all items but one at most agree with."""
    out: list[Expression] = []
    for block in blocks:
        items = [i for i in block.items if i.depth == 0] if block.kind == "list" else []
        if len(items) < 3:
            continue
        read = [amounts(i.text, i.line, EFFORT_UNITS + ("percent",)) for i in items]
        shares = [[q for q in qs if q.unit == "percent"] for qs in read]
        if any(len(p) != 1 or p[0].low != p[0].high for p in shares):
            continue
        best = None
        for unit in {q.unit for qs in read for q in qs if q.unit != "percent"}:
            own = [[q for q in qs if q.unit == unit] for qs in read]
            if any(len(o) != 1 or o[0].low != o[0].high for o in own):
                continue
            whole = sum(o[0].low for o in own)
            if not whole:
                continue
            agree = sum(abs(o[0].low / whole * 100 - p[0].low) <= _slack(p[0]) for o, p in zip(own, shares))
            if agree >= len(items) - 1 and (best is None or agree > best[0]):
                best = (agree, own, whole)
        if best is None:
            continue
        _, own, whole = best
        for item, o, p in zip(items, own, shares):
            out.append(Expression(f"{o[0].text} / {whole:g} = {p[0].text}", item.line,
                                  _column(lines, item.line, p[0].text), [o[0].low, whole], ["/"], p[0].low, True))
    return out


_DAYS = ("days", "working-days")


def _alike(a: str, b: str) -> bool:
    """Units a total and its parts may share: the same family, or days and working days."""
    return _same(a, b) or a in _DAYS and b in _DAYS


def restated(blocks: list[Block], secs: list[Section], totals: list[Total], amounts: LineAmounts) -> list[Total]:
    """A summary item that names a section and restates the total the section states
    ("- **Agosto 2024**: 15 días hábiles" under "Totales por Mes", about the table of
    "AGOSTO 2024" and its "Total días hábiles Agosto: 15 días"), held to the same parts."""
    from bisect import bisect_right

    index = SectionIndex(secs)
    taken = {t.line for t in totals}
    levels = {s.line: s.level for s in secs[1:]}
    starts = [s.line for s in secs[1:]]
    by_section: dict[int, list[Total]] = {}
    for t in totals:
        at = bisect_right(starts, t.line)
        if t.parts and t.kind != "overview" and at:
            by_section.setdefault(starts[at - 1], []).append(t)
    if not by_section:
        return []
    out: list[Total] = []
    for block in blocks:
        if block.kind != "list":
            continue
        found_here = []
        for item in block.items:
            label, sep, value = rz.plain(item.text).partition(":")
            if not sep or item.line in taken or len(label) > 60:
                continue
            key = _key(label)
            found = index.candidates(key)
            if len(found) > 20:
                continue  # a word every other heading has names none of them
            found = [s for s in found if _contains(key, index.titles[s.line]) and not s.line <= item.line <= s.end_line]
            if len(found) != 1:
                continue
            said = amounts(value, item.line)
            if not said:
                continue
            q = said[0]
            fits = [t for t in by_section.get(found[0].line, ()) if _alike(t.unit, q.unit)]
            if len(fits) != 1 or q.low != q.high:
                continue
            t = fits[0]
            column = _column(amounts.lines, item.line, q.text)
            low, high = _hours(q) if q.unit in ("hours", "minutes") else (q.low, q.high)
            found_here.append((levels[found[0].line], Total(
                "overview", f"{label.strip()}: {q.text}", item.line, column, low, high, t.unit, q.text,
                q.approximate, q.decimals, t.parts, t.measure, "consistency", "restated", t.line)))
        # a summary names several sections of one level ("Julio", "Agosto", "Septiembre");
        # one item that names one section may name something else
        if len(found_here) >= 2 and len({level for level, _ in found_here}) == 1:
            out += [t for _, t in found_here]
    return out



def exchange_rates(reader: QuantityReader, lines) -> dict[tuple[str, str], tuple[float, int]]:
    """"**Câmbio utilizado:** US$ 1,00 = R$ 5,00": (from, to) currency -> (rate, line),
    for the rates a document states; a pair stated twice with two rates is dropped."""
    from .quantities import currency

    rates: dict[tuple[str, str], tuple[float, int]] = {}
    dropped = set()
    for number, line in enumerate(lines, 1):
        if "=" not in line or not any(sign in line for sign in "$€£₩₹") and "EUR" not in line.upper():
            continue
        found = [q for q in reader.quantities(rz.plain(line)) if q.unit == "money"]
        for a, b in zip(found, found[1:]):
            ca, cb = currency(a.text), currency(b.text)
            between = rz.plain(line)[a.end:b.start].strip()
            if between != "=" or not ca or not cb or ca == cb or a.low != 1 or a.high != 1 or b.low != b.high:
                continue
            if (ca, cb) in rates and rates[ca, cb][0] != b.low:
                dropped.add((ca, cb))
            rates.setdefault((ca, cb), (b.low, number))
    return {k: v for k, v in rates.items() if k not in dropped}


def exchanged(views, reader: QuantityReader, lines) -> list[Expression]:
    """Two money columns in two currencies the document gives a rate for ("$20 | R$ 100,00"
    under "US$ 1,00 = R$ 5,00"): each row's second amount is the first at that rate."""
    from .quantities import currency

    if not any(c.unit == "money" for v in views for c in v.columns):
        return []
    rates = exchange_rates(reader, lines)
    out: list[Expression] = []
    if not rates:
        return out
    for view in views:
        money = [c for c in view.columns if c.numeric and c.unit == "money"]
        for a in money:
            for b in money:
                cells = [(r, r.cells[a.index].value, r.cells[b.index].value) for r in view.rows
                         if r.item]  # a total row also sums the rows in one currency only
                cells = [(r, x, y) for r, x, y in cells if x is not None and y is not None and x.low == x.high
                         and y.low == y.high]
                codes = {(currency(x.text), currency(y.text)) for _, x, y in cells}
                if len(codes) != 1:
                    continue
                rate = rates.get(codes.pop())
                if rate is None:
                    continue
                for r, x, y in cells:
                    out.append(Expression(f"{x.text} at {rate[0]:g} (line {rate[1]}) = {y.text}", r.line,
                                          _column(lines, r.line, y.text), [x.low, rate[0]], ["x"], y.low, False))
    return out


def day_counts(views, lex: Lexicon, reader: QuantityReader, lines, spans_by_line) -> list[Total]:
    """A table with a row per dated day and one column of hours, and right below it a
    total in days ("**Total días hábiles Julio: 19 días**"): the total against the rows
    that carry hours (the days worked; weekends and holidays carry none)."""
    out: list[Total] = []
    total_words = lex.pattern("words", "total")
    for view in views:
        hours = [c for c in view.columns if c.numeric and c.unit == "hours"]
        rows = [r for r in view.rows if r.item]
        dated = [r for r in rows if len(spans_by_line.get(r.line, ())) == 1]
        if len(hours) != 1 or len(rows) < 5 or len(dated) < 0.8 * len(rows):
            continue
        days = {spans_by_line[r.line][0].start for r in dated}
        if len(days) != len(dated):
            continue  # a day per row, no day twice
        worked = [r for r in dated if r.cells[hours[0].index].value is not None and r.cells[hours[0].index].value.high > 0]
        for number in range(view.block.end_line + 1, min(len(lines), view.block.end_line + 4) + 1):
            text = lines[number - 1]
            if not text.strip():
                continue
            if text.lstrip().startswith(("#", "|")):
                break
            plain = rz.plain(text)
            found = [q for q in reader.quantities(plain) if q.unit in ("days", "working-days")]
            if len(found) == 1 and found[0].low == found[0].high and total_words.search(fold(plain)) and worked:
                q = found[0]
                at = text.find(q.text)
                parts = [Part(1, 1, r.line, spans_by_line[r.line][0].text) for r in worked]
                out.append(Total("count", plain.strip(), number, at + 1 if at >= 0 else 1, q.low, q.high, "days",
                                 q.text, q.approximate, q.decimals, parts, "count", "structure", "days-worked"))
            break
    return out


# -- rows that name the items they add up by id: "| Epic-00（12 Stories） | S00-01〜S00-12 | 39 |"

_ID_CELL = re.compile(r"(?P<prefix>[A-Z][A-Za-z0-9]*+(?:[-_.][A-Za-z0-9]+)*?[-_.]?)(?P<n>\d{1,4})")
_ID_RANGE = re.compile(r"(?P<a>[A-Z][\w.-]*?\d{1,4})[ \t]*(?:〜|～|~|–|—|-|→|\.\.)[ \t]*(?P<b>[A-Z][\w.-]*?\d{1,4})")


def _is_id(text: str) -> bool:
    text = text.strip(" `*")
    return len(text) <= 40 and _ID_CELL.fullmatch(text) is not None


def _ids_named(text: str) -> list[str] | None:
    """The ids a cell names: one id ("S02-01") or a range of ids with one prefix
    ("S00-01〜S00-12", as many ids as the numbers run); None when it names none."""
    text = text.strip(" `*")
    if len(text) > 40:
        return None
    one = _ID_CELL.fullmatch(text)
    if one:
        return [text]
    m = _ID_RANGE.fullmatch(text)
    if not m:
        return None
    a, b = _ID_CELL.fullmatch(m.group("a")), _ID_CELL.fullmatch(m.group("b"))
    if not a or not b or a.group("prefix") != b.group("prefix"):
        return None
    first, last, width = int(a.group("n")), int(b.group("n")), len(a.group("n"))
    if not first < last <= first + 200:
        return None
    return [f"{a.group('prefix')}{n:0{width}d}" for n in range(first, last + 1)]


def id_totals(views, lex: Lexicon, lines) -> list[Total]:
    """A row that names work items by id, one or a range, in a table of its own, with an
    amount in a column of points or hours: the amount against the items' amounts in the
    tables that list them (every id of the range must be found), and a count written in
    the row ("（12 Stories）") against the number of ids."""
    listed: dict[str, tuple[RowView, TableView]] = {}
    for view in views:
        for row in view.rows:
            first = next((c for c in row.cells if c.text), None)
            if first is not None and _is_id(first.text):
                listed.setdefault(first.text.strip(" `*"), (row, view))
    counts = CountReader(lex)
    out: list[Total] = []
    for view in views:
        out.extend(_id_count_rows(view, counts, lines))
        out.extend(_row_counts(view, counts, lines))
        if not listed:
            continue
        columns = [c for c in view.columns if c.numeric and c.unit in ("points", "hours")]
        # a row naming one item sums it only in a table of ranges: elsewhere ("| 2 | Tue |
        # WAL-105 | 2 | 23 |", a day log) the id says what was worked on
        ranges = any(len(_ids_named(c.text) or ()) > 1 for r in view.rows for c in r.cells)
        for row in view.rows:
            first = next((c for c in row.cells if c.text), None)
            if row.total or row.blank or first is None or _is_id(first.text):
                continue  # an item's own row names other items as its dependencies
            named = next(((i, ids) for i, c in enumerate(row.cells) if (ids := _ids_named(c.text)) and
                          (len(ids) > 1 or i > 0 and ranges)), None)
            if named is None:
                continue
            index, ids = named
            found = [listed.get(i) for i in ids]
            if len(ids) > 1:
                label = " ".join(c.text for c in row.cells[:index] if c.text)
                said = [n for n, _, _ in counts.find(label)]
                if len(said) == 1:
                    at = lines[row.line - 1].find(row.cells[0].text)
                    out.append(Total("count", row.label, row.line, at + 1 if at >= 0 else 1, said[0], said[0], "number",
                                     row.label, False, 0,
                                     [Part(1, 1, f[0].line if f else row.line, i) for i, f in zip(ids, found)],
                                     "count", "structure", f"ids:{view.block.line}"))
            if not all(found) or any(v is view for _, v in found):
                continue
            for column in columns:
                total = _stated(row, column, "overview", f"{row.label} ({column.header})", lines)
                parts = []
                for item, where in found:
                    own = [c for c in where.columns if c.numeric and c.unit == column.unit]
                    cell = item.cells[own[0].index] if len(own) == 1 else None
                    if cell is None or cell.value is None:
                        break
                    parts.append(_part(cell.value, item.line, item.label))
                if total is not None and len(parts) == len(found):
                    total.parts = parts
                    total.family = f"ids:{view.block.line}:{column.index}"
                    out.append(total)
    return out


def _closings(view: TableView):
    """(row, the rows it closes) for each total or subtotal row: a subtotal closes the
    rows since the previous subtotal or total, a total those since the previous total."""
    group: list[RowView] = []
    since_total: list[RowView] = []
    for row in view.rows:
        if row.total or row.subtotal:
            yield row, since_total if row.total else group
            group = []
            if row.total:
                since_total = []
        elif not row.blank:
            group.append(row)
            since_total.append(row)


def _row_counts(view: TableView, counts: "CountReader", lines) -> list[Total]:
    """"| | **Tổng cộng (9 nhiệm vụ)** | | **108** |", "| **Subtotal (4 tasks)** | 26 |": a
    count in a total or subtotal row's label against the rows it closes."""
    out = []
    for row, closed in _closings(view):
        scope = [r for r in closed if not r.child]
        said = [n for n, _, _ in counts.find(row.label)]
        if len(said) != 1 or len(scope) < 2:
            continue
        at = lines[row.line - 1].find(row.label)
        out.append(Total("count", row.label, row.line, at + 1 if at >= 0 else 1, said[0], said[0], "number",
                         row.label, False, 0, [Part(1, 1, r.line, r.label) for r in scope], "count", "structure",
                         f"rowcount:{view.block.line}"))
    return out


def _id_count_rows(view: TableView, counts: "CountReader", lines) -> list[Total]:
    """A total row whose cell counts items ("**25 Stories**") in a column where every
    other row names its items by id or id range: the count against the ids named."""
    out = []
    body = [r for r in view.rows if not r.blank]
    for row in (r for r in body if r.total):
        for index, cell in enumerate(row.cells):
            said = [n for n, _, _ in counts.find(cell.text)] if cell.value is None else []
            named = [_ids_named(r.cells[index].text) for r in body if not r.total]
            if len(said) != 1 or len(named) < 2 or not all(named):
                continue
            at = lines[row.line - 1].find(cell.text)
            parts = [Part(1, 1, r.line, i) for ids, r in zip(named, (r for r in body if not r.total)) for i in ids]
            out.append(Total("count", row.label, row.line, at + 1 if at >= 0 else 1, said[0], said[0], "number",
                             cell.text, False, 0, parts, "count", "structure", f"idcount:{view.block.line}:{index}"))
    return out


def read_tables(blocks: list[Block], lex: Lexicon, reader: QuantityReader, lines):
    totals: list[Total] = []
    relations: list[Expression] = []
    views = []
    for block in blocks:
        if block.kind != "table" or not block.rows:
            continue
        view = TableView(block, lex, reader)
        views.append(view)
        totals += table_totals(view, lines)
        sums = row_sums(view, lines)
        totals += sums
        explained = {int(t.family.rsplit(":", 1)[1]) for t in sums}
        relations += row_relations(view, lines, explained)
    return totals, relations, views


# -- totals stated in headings, list items and lines ---------------------------------------

EFFORT_UNITS = ("hours", "minutes", "points", "people", "days", "working-days", "person-days", "weeks", "money")


@dataclass
class Section:
    """A heading and what stands under it until the next heading."""

    line: int
    level: float
    text: str
    blocks: list[Block] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = None
    end_line: int = 0


def sections(blocks: list[Block], headings) -> list[Section]:
    """The outline as sections, each with the blocks directly under it."""
    by_line = {h.line: h for h in headings}
    out: list[Section] = []
    stack: list[Section] = []
    root = Section(0, 0, "")
    for block in blocks:
        heading = by_line.get(block.line)
        if heading is not None:
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            section = Section(heading.line, heading.level, heading.text, parent=stack[-1] if stack else root,
                              end_line=heading.end_line)
            (stack[-1].children if stack else root.children).append(section)
            out.append(section)
            stack.append(section)
            if block.kind == "paragraph" and block.end_line > block.line:
                rest = Block("paragraph", block.line + 1, block.end_line, text="")
                section.blocks.append(rest)
            continue
        (stack[-1] if stack else root).blocks.append(block)
    return [root] + out


class LineAmounts:
    """The one effort amount a heading, list item or line states, its dates left out."""

    def __init__(self, reader: QuantityReader, spans_by_line, lines=()):
        self.reader = reader
        self.spans = spans_by_line
        self.lines = lines

    def __call__(self, text: str, line: int, units=EFFORT_UNITS) -> list[Quantity]:
        blanked = text
        for span in self.spans.get(line, ()):
            at = blanked.find(span.text)
            if at >= 0:
                blanked = blanked[:at] + " " * len(span.text) + blanked[at + len(span.text):]
        return [q for q in self.reader.quantities(blanked) if q.unit in units]


def _same(a: str, b: str) -> bool:
    return _family(a) == _family(b)


def _part(q: Quantity, line: int, label: str) -> Part:
    low, high = _hours(q) if q.unit in ("hours", "minutes") else (q.low, q.high)
    return Part(low, high, line, q.text, label)


def _total(kind: str, label: str, q: Quantity, line: int, column: int, parts, family: str) -> Total:
    low, high = _hours(q) if q.unit in ("hours", "minutes") else (q.low, q.high)
    unit = "hours" if q.unit == "minutes" else q.unit
    return Total(kind, label, line, column, low, high, unit, q.text, q.approximate, q.decimals, parts, "sum",
                 "structure", family)


def _item_amount(text: str, qs: list[Quantity]) -> Quantity | None:
    """An item's own amount: its only one, or the one that ends it ("Tempo relativo
    ("há 5 minutos") (1h)" is 1h)."""
    if len(qs) == 1:
        return qs[0]
    if qs and not text[qs[-1].end:].strip(" )）.*_`:;"):
        return qs[-1]
    return None


_REMARK = re.compile(r"[ \t]*[(（][^()（）]{1,40}[)）][ \t.*_]*$")


def _states(text: str, q: Quantity) -> bool:
    """Is an amount an item's estimate: in parentheses, or where the item ends (a remark in
    parentheses may follow it: "3 pts (reportée)", "2 点（从迭代 1 顺延）")?"""
    return text.rfind("(", 0, q.start) > text.rfind(")", 0, q.start) or text.rfind("（", 0, q.start) > \
        text.rfind("）", 0, q.start) or not _REMARK.sub("", text[q.end:]).strip(" )）.*_`:;")


def _items_with(items, amounts, unit):
    """List items with one amount in `unit`, at the shallowest depth any of them has one."""
    found = []
    for item in items:
        q = _item_amount(item.text, [q for q in amounts(item.text, item.line) if _same(q.unit, unit)])
        if q is not None:
            found.append((item, q))
    if not found:
        return []
    # "Abnahmetests (12 h)" states an estimate; "DNS-TTL auf 5 Minuten senken" says a
    # length inside its sentence: beside estimates, such an item is none
    stated = [(item, q) for item, q in found if _states(item.text, q)]
    found = stated or found
    depth = min(item.depth for item, _ in found)
    return [(item, q) for item, q in found if item.depth == depth]


def _children(items, index):
    """The items nested directly under items[index]."""
    depth = items[index].depth
    out = []
    for item in items[index + 1:]:
        if item.depth <= depth:
            break
        if item.depth == depth + 1:
            out.append(item)
    return out


def heading_totals(secs: list[Section], amounts: LineAmounts, views_by_line, lines, indexes=None) -> list[Total]:
    """A heading's amount ("#### 1. Relatório de Vendas (16h)", "### Sprint 1｜…｜13 SP")
    against what is under it: the amounts of its sub-headings, else of its list items,
    else a table column in the same unit."""
    out: list[Total] = []
    for sec in secs[1:]:
        own = amounts(sec.text, sec.line)
        if not own and indexes is not None:
            # "구현 단계 상세 (6~10주차)": weeks 6 to 10 are five weeks
            found = [i for i in indexes.read(sec.text) if i[2] == "weeks" and i[1] > i[0]]
            if len(found) == 1:
                first, last, _, start, end = found[0]
                n = last - first + 1
                own = [Quantity(n, n, "weeks", False, sec.text[start:end], start, end)]
        if len(own) != 1:
            continue
        q = own[0]
        column = _column(lines, sec.line, q.text)
        kids = [(child, amounts(child.text, child.line)) for child in sec.children]
        kids = [(child, qs[0]) for child, qs in kids if len(qs) == 1 and _same(qs[0].unit, q.unit)]
        if len(kids) >= 2:
            parts = [_part(kq, child.line, rz.plain(child.text)) for child, kq in kids]
            out.append(_total("heading", rz.plain(sec.text), q, sec.line, column, parts, f"headings:{sec.level}:{q.unit}"))
            continue
        items = [item for block in sec.blocks if block.kind == "list" for item in block.items]
        found = _items_with(items, amounts, q.unit)
        if len(found) >= 2:
            parts = [_part(iq, item.line, rz.plain(item.text)) for item, iq in found]
            out.append(_total("heading", rz.plain(sec.text), q, sec.line, column, parts, f"headings:{sec.level}:{q.unit}"))
            continue
        for block in sec.blocks:
            view = views_by_line.get(block.line)
            if view is None:
                continue
            columns = [c for c in view.columns if c.numeric and c.unit and _same(c.unit, q.unit)]
            if len(columns) != 1:
                continue
            if q.unit in _CALENDAR and any(view.lex.role_of("columns", c.header, ("owner", "week", "people", "start"))
                                           for c in view.columns if c.header):
                break  # tasks of several people, or of weeks, run side by side within the sprint's days
            rows = [r for r in view.rows if r.item and not r.child]
            got = _parts(rows, columns[0])
            if got and len(got[0]) >= 2:
                out.append(_total("heading", rz.plain(sec.text), q, sec.line, column, got[0],
                                  f"headings:{sec.level}:{q.unit}"))
                break
    return out


def item_totals(blocks: list[Block], amounts: LineAmounts, lines) -> list[Total]:
    """A list item's amount against the amounts of the items nested under it
    ("Testes de endpoints críticos: (12h)" over five "(3h)"-style items)."""
    out: list[Total] = []
    for block in blocks:
        if block.kind != "list":
            continue
        items = block.items
        for i, item in enumerate(items):
            own = amounts(item.text, item.line)
            if len(own) != 1:
                continue
            kids = _children(items, i)
            # "- **Entregas**:" introduces the amounts one level further down
            found = _items_with(kids, amounts, own[0].unit)
            if len(found) >= 2 and len(found) >= 0.5 * len(kids):
                parts = [_part(q, kid.line, rz.plain(kid.text)) for kid, q in found]
                out.append(_total("item", rz.plain(item.text)[:60], own[0], item.line,
                                  _column(lines, item.line, own[0].text), parts, f"items:{own[0].unit}"))
    return out


# -- totals written in a line: "**Total estimado**: 39-58 horas", "Esto suma un total de ..." --

@dataclass
class Carrier:
    """Something with a title and an amount that a total line may name."""

    title: str  # folded, without numbering
    amount: Quantity
    line: int
    columns: dict | None = None  # a table row's values by folded column header


_NUMBERING = re.compile(r"^\s*(?:#+\s*)?(?:\d+(?:\.\d+)*[.)]?|[a-z][.)])\s+")
_ENUMERATION = re.compile(r"\s*(?:,|;|、|，)\s*")


def _key(text: str) -> str:
    return _NUMBERING.sub("", fold(rz.plain(text))).strip(" .:*")


def carriers(secs: list[Section], amounts: LineAmounts, views, lex: Lexicon) -> list[Carrier]:
    """Headings with an amount (their own, or their one estimate field), table rows with
    a value in their table's effort column, list items with an amount."""
    out: list[Carrier] = []
    for sec in secs[1:]:
        own = amounts(sec.text, sec.line)
        if len(own) == 1:
            out.append(Carrier(_key(_strip_amount(sec.text, own[0])), own[0], sec.line))
            continue
        fields = []
        for block in sec.blocks:
            if block.kind not in ("list", "paragraph"):
                continue
            numbers = [item.line for item in block.items] if block.kind == "list" else range(block.line, block.end_line + 1)
            for number in numbers:
                line = amounts.lines[number - 1]
                for key, value, _ in rz.fields_in_line(line):
                    if rz.field_role(key, lex) in ("estimate", "effort"):
                        found = amounts(value, number)
                        if len(found) == 1:
                            fields.append(found[0])
        if len(fields) == 1:
            out.append(Carrier(_key(sec.text), fields[0], sec.line))
    for view in views:
        columns = [c for c in view.columns if c.numeric and not c.percent]
        if not columns:
            continue
        final = [c for c in columns if view.lex.pattern("words", "final").search(fold(c.header))]
        column = final[-1] if final else columns[-1]
        for row in view.rows:
            cell = row.cells[column.index]
            if row.total or row.subtotal or row.blank or cell.value is None or not row.label:
                continue
            out.append(Carrier(_key(row.label), cell.value, row.line,
                               {fold(c.header): row.cells[c.index].value for c in columns
                                if c.header and row.cells[c.index].value is not None}))
    # a title of two letters names nothing ("QA"), of two CJK characters a word ("共通"),
    # though one too short to be looked for in a sentence (_named)
    return [c for c in out if len(c.title) >= 3 or len(c.title) == 2 and _script(c.title) == "cjk"]


def _strip_amount(text: str, q: Quantity) -> str:
    at = text.find(q.text)
    return (text[:at] + text[at + len(q.text):]).strip(" ()（）|｜") if at >= 0 else text


def _named(segments: list[str], found: list[Carrier]) -> list[Carrier] | None:
    """The carriers a list or an enumeration names, when every one of its parts names
    one: "las tareas de Resolver bugs, Refactorización y Mejoras" names three."""
    named = []
    for segment in segments:
        text = _key(segment)
        hits = [c for c in found if len(c.title) >= 3 and c.title in text]
        hits = [c for c in hits if not any(c is not o and c.title in o.title for o in hits)]
        if len({c.title for c in hits}) != 1:
            if named:
                return None  # a part that names nothing: the sum is unknown
            continue  # a preamble ("Para esta fecha, ...") before the enumeration
        named.append(hits[0])
    return named if len(named) >= 2 else None


def _enumeration(text: str, lex: Lexicon) -> list[str]:
    """The parts of an enumeration: "a, b y c" -> [a, b, c]."""
    segments = [seg for seg in _ENUMERATION.split(text) if seg.strip()]
    if not segments:
        return []
    joiners = set(lex.words("words", "and")) | {"and", "&"}
    last = segments[-1]
    for word in sorted(joiners, key=len, reverse=True):
        parts = re.split(r"\s+" + re.escape(word) + r"\s+", last, maxsplit=1)
        if len(parts) == 2:
            return segments[:-1] + parts
    return segments


_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


def line_totals(secs: list[Section], amounts: LineAmounts, views, lex: Lexicon, lines, table_lines,
                carried: list[Carrier]) -> list[Total]:
    """A line that states a total ("**Total estimado**: 39-58 horas", "Esto suma un total
    de 30.84 horas") against the items it names: in the sentence before it, or as the
    list right above it."""
    totals = lex.pattern("words", "total")
    from bisect import bisect_left

    carried = sorted(carried, key=lambda c: c.line)
    carried_lines = [c.line for c in carried]
    out: list[Total] = []
    view_of = {v.block.line: v for v in views}
    capacity, done = lex.pattern("fields", "capacity"), lex.pattern("words", "actual")
    for sec in secs:
        previous: list[str] = []
        table = None  # the table right above a paragraph
        listed: list[tuple[int, str]] = []  # the items of the list right above a paragraph
        for block in sec.blocks:
            if block.kind == "list":
                units = [(item.line, item.text) for item in block.items if item.depth == 0]
            elif block.kind in ("paragraph", "quote"):
                units = [(block.line, " ".join(lines[n - 1] for n in range(block.line, block.end_line + 1)))]
            else:
                previous = []
                table = view_of.get(block.line) if block.kind == "table" else None
                continue
            above, table = (table if table is not None and block.line - table.block.end_line <= 2 else None), None
            items_above = listed if listed and block.kind != "list" and block.line - listed[-1][0] <= 2 else []
            listed = units if block.kind == "list" else []
            texts = []
            for number, text in units:
                if number in table_lines:
                    continue
                m = totals.search(fold(text))
                found = amounts(text[m.end():], number) if m else []
                if m and found:
                    q = found[0]
                    before = text[:m.start()]
                    sentences = [seg for seg in _SENTENCE.split(before) if seg.strip()]
                    tries = [_enumeration(sentences[-1], lex)] if sentences else []
                    if len(sentences) >= 2:
                        tries.append(_enumeration(sentences[-2], lex))
                    tries.append(previous)
                    near = carried[bisect_left(carried_lines, number - 600):bisect_left(carried_lines, number + 100)]
                    named = next((n for n in (_named(t, near) for t in tries if t) if n), None)
                    parts = None
                    if named and all(_same(c.amount.unit, q.unit) or c.amount.unit == "number" for c in named):
                        parts = [_part(c.amount, c.line, c.title) for c in named]
                        alt = _items_above(items_above, q, amounts) if items_above else None
                        if alt and _sums(alt) == _sums([Part(q.low, q.high, number, q.text)]) != _sums(parts):
                            parts, named = alt, None  # "Total: 15 días hábiles" under "..., 3 días" items
                    elif not named and number == block.line and not capacity.search(fold(text)) \
                            and not done.search(fold(text)) \
                            and len([f for f in amounts(text, number) if _same(f.unit, q.unit)]) == 1:
                        if above is not None and not rz.fields_in_line(lines[number - 1]):
                            parts = _column_below(above, q)  # "In totale 75 ore" under the table, of nothing done
                            if parts and _fewer(before, len(parts), lex):
                                parts = None  # "Pierwsze dwa etapy obejmują łącznie 25 dni": some of the rows
                        elif items_above and not amounts(sec.text, sec.line) and not any(o in text for o in "=+＝"):
                            # "Summa: 88,5 h" under its list, in a section of its own (a heading with an
                            # amount of its own totals its list; a total after it totals more)
                            parts = _items_above(items_above, q, amounts)
                    if parts:
                        at = lines[_line_of(lines, number, q.text) - 1]
                        where = _line_of(lines, number, q.text)
                        total = _total("prose", rz.plain(text[max(0, m.start() - 20):m.end() + 12]).strip(" *:")[:60],
                                       q, where, at.find(q.text) + 1 if q.text in at else 1, parts, "prose")
                        if not named:
                            total.evidence, total.family = "consistency", "prose:table" if above is not None else "prose:list"
                        out.append(total)
                texts.append(text)
            previous = texts if block.kind == "list" else []
    return out


def _fewer(text: str, n: int, lex: Lexicon) -> bool:
    """Does the text name a number of things below n ("the first two", "Etapy 2 i 3")?"""
    words = lex.number_words()
    found = [int(d) for d in re.findall(r"\d+", text)] + [words[w] for w in _WORD.findall(fold(text)) if w in words]
    return any(1 <= v < n for v in found)


def _sums(parts: list[Part]) -> tuple[float, float]:
    return round(sum(p.low for p in parts), 6), round(sum(p.high for p in parts), 6)


def _items_above(items: list[tuple[int, str]], q: Quantity, amounts: "LineAmounts") -> list[Part] | None:
    """The amounts of a list's items, when every item has one in the unit of a total
    stated right under the list ("- Betalnings-API v2 – 40 h" ... "Summa: 88,5 h")."""
    parts = []
    for number, text in items:
        every = amounts(text, number)
        found = [f for f in every if _alike(f.unit, q.unit)]
        if not found and every:
            continue  # "- Sprint 11: 9 dias úteis" among hours: another measure of the same thing
        if len(found) != 1:
            return None
        parts.append(_part(found[0], number, rz.plain(text)[:40]))
    return parts if len(parts) >= 2 and len(parts) * 3 >= len(items) * 2 else None


def _column_below(view: TableView, q: Quantity) -> list[Part] | None:
    """The rows of the one column of a table in the unit of an amount stated under it."""
    columns = [c for c in view.columns if c.numeric and not c.percent and not c.mixed and c.unit and _same(c.unit, q.unit)
               and view.lex.role_of("columns", c.header, ("week", "day-index", "id")) is None]  # "| Día |": day numbers
    if len(columns) != 1:
        return None
    rows = [r for r in view.rows if r.item]
    found = _parts(rows, columns[0])
    return found[0] if found and len(found[0]) >= 2 else None


def _line_of(lines, first: int, text: str) -> int:
    """The line of a list item or paragraph (from `first`) that holds `text`."""
    for number in range(first, min(len(lines), first + 20) + 1):
        if text in lines[number - 1]:
            return number
    return first


# -- overview tables: a row per section, against the section ----------------------------------

def _contains(key: str, text: str) -> bool:
    if not key or len(key) < 2:
        return False
    if any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in key):
        return len(key) >= 2 and key in text
    return re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", text) is not None


class SectionIndex:
    """Sections by the words (and, in CJK, the character pairs) of their titles, so a
    row finds the sections that may be about it without reading them all."""

    def __init__(self, secs: list[Section]):
        self.titles = {}
        self.by_token: dict[str, list[Section]] = {}
        for sec in secs[1:]:
            title = _key(sec.text)
            self.titles[sec.line] = title
            for token in set(_tokens(title)):
                self.by_token.setdefault(token, []).append(sec)

    def candidates(self, key: str) -> list[Section]:
        tokens = _tokens(key)
        if not tokens:
            return []
        rarest = min(tokens, key=lambda t: len(self.by_token.get(t, ())))
        return self.by_token.get(rarest, [])


def _tokens(text: str) -> list[str]:
    out = re.findall(r"[^\W_]+", text)
    cjk = [w for w in out if any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in w)]
    out = [w for w in out if w not in cjk]
    for word in cjk:
        out += [word[i:i + 2] for i in range(max(1, len(word) - 1))]
    return out


def _row_section(row: RowView, index: SectionIndex, table_line: int) -> Section | None:
    """The one section (other than the table's own) a row of an overview table is about."""
    keys = [_key(c.text) for c in row.cells if c.text and c.value is None and not c.none]
    scores: dict[int, list] = {}
    for k in keys:
        if len(k) < 3 and k.isascii():
            continue
        found = index.candidates(k)
        if len(found) > 20:
            continue  # a word every other heading has names none of them
        for sec in found:
            if sec.line < table_line <= sec.end_line and not sec.children:
                continue  # the table's own section
            title = index.titles[sec.line]
            if k == title:
                return sec
            if _contains(k, title):
                scores.setdefault(sec.line, [0, sec])[0] += 1
    if not scores:
        return None
    ranked = sorted(scores.values(), key=lambda p: -p[0])
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return None  # two sections fit as well: the row names neither for sure
    return ranked[0][1]


def _inside(sec: Section, carriers_: list[Carrier], lines_: list[int]) -> list[Carrier]:
    """The carriers under a section (`lines_`: the carriers' lines, sorted)."""
    from bisect import bisect_right

    return carriers_[bisect_right(lines_, sec.line):bisect_right(lines_, sec.end_line)]


def _shallow(sec: Section, found: list[Carrier], secs_by_line) -> list[Carrier]:
    heads = [c for c in found if c.line in secs_by_line]
    if heads:
        level = min(secs_by_line[c.line].level for c in heads)
        return [c for c in heads if secs_by_line[c.line].level == level]
    return found


def _counting(column: Column, lex: Lexicon) -> bool:
    """A column of counts: "Count", "# tasks", or the name of what it counts ("Attività", "Задач")."""
    return (lex.role_of("columns", column.header, ("count",)) is not None
            or fold(column.header).strip(" *_") in lex.words("counts", "items")) and column.unit in (None, "number")


def overview_totals(views, secs: list[Section], carried: list[Carrier], lex: Lexicon, lines) -> list[Total]:
    """A table with a row per section ("| Sprint 3 | 60h | 4 |", "| Alta | 5 | 52-78 horas |",
    "| Estimate by activity decomposition | 1,952 ph |") against the sections: the row's
    amount against the amounts under the section (or the section's own), its count against
    the items the section lists."""
    out: list[Total] = []
    secs_by_line = {s.line: s for s in secs[1:]}
    index = SectionIndex(secs)
    carried = sorted(carried, key=lambda c: c.line)
    carried_lines = [c.line for c in carried]
    own_amount = {c.line: c for c in carried}
    for view in views:
        rows = [r for r in view.rows if r.item]
        matched = [(r, _row_section(r, index, view.block.line)) for r in rows]
        matched = [(r, s) for r, s in matched if s is not None]
        if len(matched) < 2 or len({s.line for _, s in matched}) < len(matched):
            continue
        for column in [c for c in view.columns if c.numeric and not c.percent]:
            counting = _counting(column, lex)
            spent = lex.role_of("columns", column.header) == "spent"
            for row, sec in matched:
                cell = row.cells[column.index]
                if cell.value is None:
                    continue
                inside = _shallow(sec, _inside(sec, carried, carried_lines), secs_by_line)
                label = f"{row.label} ({column.header})" if column.header else row.label
                if counting:
                    items = inside or [Carrier(_key(c.text), None, c.line) for c in sec.children]
                    if not items:
                        items = _section_rows(sec, views)
                    if not items:
                        continue
                    total = _stated(row, column, "overview", label, lines)
                    total.parts = [Part(1, 1, c.line, c.title) for c in items]
                    total.measure = "count"
                    total.family = f"overview:{view.block.line}:{column.index}"
                    out.append(total)
                    continue
                own = own_amount.get(sec.line)
                parts = [own] if own is not None else [c for c in inside if c.line != sec.line]
                header = fold(column.header)
                if spent and not any(c.columns and header in c.columns for c in parts):
                    continue  # "Done" is what was done of what the sections plan
                unit = column.unit or cell.value.unit
                parts = [c for c in (_in_column(c, header, unit, lex) for c in parts) if c is not None]
                parts = [c for c in parts if c.amount is not None and (_same(c.amount.unit, column.unit or cell.value.unit)
                                                                      or "number" in (c.amount.unit, column.unit, cell.value.unit))]
                if not parts:
                    continue
                total = _stated(row, column, "overview", label, lines)
                total.parts = [_part(c.amount, c.line, c.title) for c in parts]
                total.family = f"overview:{view.block.line}:{column.index}"
                out.append(total)
    return _other_measures(out)


def _in_column(carrier: Carrier, header: str, unit: str | None, lex: Lexicon) -> Carrier | None:
    """A row's amount for a summary column: "Horas Base" of the summary is "Horas Base" of
    the rows, "计划点数" is "点数"; else the one column of the row in the same unit with the
    same role (an estimate, not what was spent); a row without such a column has none."""
    if not carrier.columns:
        return carrier
    named = [h for h in carrier.columns if h == header] or [h for h in carrier.columns if len(h) >= 2 and h in header]
    if len(named) != 1:
        role = lex.role_of("columns", header)
        spent = role == "spent"
        named = [h for h, q in carrier.columns.items() if (lex.role_of("columns", h) == "spent") == spent
                 and (unit in (None, "number") or _same(q.unit, unit))]
        if len(named) != 1:
            return carrier if carrier.amount in carrier.columns.values() and len(carrier.columns) == 1 else None
    return Carrier(carrier.title, carrier.columns[named[0]], carrier.line)


def _other_measures(totals: list[Total]) -> list[Total]:
    """A summary table's column that disagrees with its sections in every row, beside a
    column that agrees in every row ("工时" 56 / 34 / 28 beside "可用工时" 108 / 60 / 50),
    measures something else (what is available, not what is planned): it is not held."""
    def agrees(t: Total) -> bool:
        return _adds_up(t, t.parts)

    families: dict[str, list[Total]] = {}
    for t in totals:
        families.setdefault(t.family, []).append(t)
    by_view: dict[str, list[list[Total]]] = {}
    for family, members in families.items():
        by_view.setdefault(family.rsplit(":", 1)[0], []).append(members)
    dropped = set()
    for groups in by_view.values():
        if any(len(g) >= 2 and g[0].measure == "sum" and all(agrees(t) for t in g) for g in groups):
            dropped |= {g[0].family for g in groups if len(g) >= 2 and not any(agrees(t) for t in g)}
        members = [t for g in groups for t in g]
        if len(members) >= 3 and not any(agrees(t) for t in members):
            # no row of the table agrees with the section it was matched to: the rows are
            # not about those sections ("| Олена | бекенд | 3,5 | 35 |" beside "### Бекенд")
            dropped |= {g[0].family for g in groups}
    return [t for t in totals if t.family not in dropped]


def _section_rows(sec: Section, views) -> list[Carrier]:
    """The rows of the first table right under a section, as the things it lists."""
    for block in sec.blocks:
        for view in views:
            if view.block is block:
                return [Carrier(_key(r.label), None, r.line) for r in view.rows if r.item]
    return []


# -- tables of named quantities and formulas: "S = NC * A", "productivity P = S/E" --------

_VAR_START = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]{0,9})\s*=")
_VAR_PAREN = re.compile(r"(?<![\w])([A-Z][A-Za-z0-9_]{0,9})\s*\(")
_VAR_ANY = re.compile(r"(?<![\w])([A-Z][A-Za-z0-9_]{0,9})\s*=(?!=)")
_FORMULA = re.compile(r"^[\sA-Za-z0-9_.,+\-*/×()]+$")
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*|\d+(?:[.,]\d+)?|[+\-*/×()]")


def _variable(label: str) -> str | None:
    for pattern in (_VAR_START, _VAR_ANY, _VAR_PAREN):
        m = pattern.search(label)
        if m and (any(ch.isupper() for ch in m.group(1)) or "_" in m.group(1)):
            return m.group(1)
    return None


def _formula(label: str) -> str | None:
    """The formula a row label states: after its last "=", or in "(= NC * A)"."""
    m = re.search(r"\(\s*=\s*([^()]*(?:\([^()]*\)[^()]*)*)\)", label)
    if m:
        return m.group(1).strip()
    if "=" in label:
        tail = label.rsplit("=", 1)[1].strip()
        return tail or None
    return None


def _calculate(formula: str, values: dict[str, float]) -> tuple[float, list[float]] | None:
    if not _FORMULA.match(formula):
        return None
    tokens = _IDENT.findall(formula)
    names = [t for t in tokens if t[0].isalpha()]
    if not names or any(n not in values for n in names) or not any(t in "+-*/×" for t in tokens):
        return None
    expression = "".join(str(values[t]) if t[0].isalpha() else ("*" if t == "×" else t.replace(",", "."))
                         for t in tokens)
    try:
        result = _safe_eval(expression)
    except (ZeroDivisionError, ValueError):
        return None
    return result, [values[n] for n in names]


def _safe_eval(expression: str) -> float:
    """+ - * / and parentheses over numbers; nothing else."""
    tokens = re.findall(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?|[+\-*/()]", expression)
    pos = 0

    def expr():
        nonlocal pos
        value = term()
        while pos < len(tokens) and tokens[pos] in "+-":
            op = tokens[pos]
            pos += 1
            value = value + term() if op == "+" else value - term()
        return value

    def term():
        nonlocal pos
        value = factor()
        while pos < len(tokens) and tokens[pos] in "*/":
            op = tokens[pos]
            pos += 1
            right = factor()
            value = value * right if op == "*" else value / right
        return value

    def factor():
        nonlocal pos
        if pos >= len(tokens):
            raise ValueError("incomplete")
        token = tokens[pos]
        pos += 1
        if token == "(":
            value = expr()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise ValueError("unbalanced")
            pos += 1
            return value
        if token == "-":
            return -factor()
        return float(token)

    value = expr()
    if pos != len(tokens):
        raise ValueError("trailing")
    return value


def _leading(cell: Cell, reader: QuantityReader):
    """The number a cell starts with, whatever follows it ("5 LOC/ph", "20* defects",
    "€ 30,000")."""
    if cell.value is not None:
        return cell.value
    text = cell.text.lstrip("€$£¥ ")
    numbers = reader.numbers(text)
    if numbers and numbers[0].first == 0:
        n = numbers[0]
        return Quantity(n.value, n.value, "number", False, cell.text, 0, n.last, False, n.decimals)
    return None


def formula_tables(views, lines, reader: QuantityReader) -> list[Expression]:
    """Rows that define a named quantity ("effort E (...) | 626 ph") and rows that compute
    one from others ("productivity P = S/E | 5 LOC/ph"), across the document's tables."""
    values: dict[str, float] = {}
    units: dict[str, str] = {}
    seen: list[tuple[float, str, str]] = []  # (value, unit, name) of the rows so far
    per = _rate_per(reader.lex)
    out = []
    for view in views:
        named = any(_variable(r.label) for r in view.rows if r.label)
        for row in view.rows:
            if not row.cells or not row.label:
                continue
            cell = next((c for c in row.cells if c.text != row.label and _leading(c, reader) is not None), None)
            value = _leading(cell, reader) if cell is not None else None
            if value is None or value.low != value.high:
                continue
            label = row.label
            formula = _formula(label)
            found = _calculate(formula, values) if formula else None
            name = _variable(label)
            unit = _unit_word(cell.text)
            if found is None and named:
                found = _by_rate(label, unit, seen, values, units, reader, per)
                if found is not None:
                    result, operands, operator, formula = found
                    out.append(Expression(f"{formula} = {value.text}", row.line, _column(lines, row.line, value.text),
                                          operands, [operator], value.low, False, result))
                    found = None
            elif found is not None:
                result, operands = found
                out.append(Expression(f"{formula} = {value.text}", row.line, _column(lines, row.line, value.text),
                                      operands, ["x"], value.low, False, result))
            if name:
                values[name] = value.low  # later rows read the value as it is defined here
                units[name] = unit
            seen.append((value.low, unit, name or label))
    return out


def _rate_per(lex: Lexicon):
    """"10 LOC per person hour": a number, a unit, the lexicon's "per", another unit."""
    from .lang import alternation

    return re.compile(r"(\d[\d.,]{0,15}+)\s+([^\W\d][\w ]{0,20}?)\s+(?:" + alternation(lex.words("words", "per"))
                      + r")\s+([^\W\d][\w ]{0,20}?)\s*(?:[),;]|$)")


_RATE_ONE = re.compile(r"\b1\s+([^\W\d][\w ]{0,20}?)\s+(?:[^\W\d]+\s*)?=\s*(\d[\d.,]{0,15}+)\s*([^\W\d][\w]{0,10})")
_RATE_USE = re.compile(r"\buse\b[^()]{0,80}?\b([A-Z][A-Za-z0-9_]{0,9})\s*\)")


def _unit_word(text: str) -> str:
    """The unit a cell's amount is written in, folded: "1,000 ph" ph, "€ 30,000" eur,
    "4.65 LOC/ph" loc/ph."""
    from .quantities import currency

    code = currency(text)
    if code:
        return code.lower()
    m = re.match(r"[^\d]*\d[\d.,]*\s*(.*)$", text.strip())
    return fold(m.group(1)).strip(" *_") if m else ""


def _same_unit(a: str, b: str) -> bool:
    """"person hour" is "ph", "euro" is "€", "classes" is "class"."""
    from .quantities import currency

    def norm(u: str) -> str:
        u = fold(u).strip(" .")
        code = currency("1 " + u) if u else None
        if code:
            return code.lower()
        words = [w for w in re.split(r"[\s-]+", u) if w]
        if len(words) > 1:
            return "".join(w[0] for w in words)
        return u[:-1] if u.endswith("s") and len(u) > 3 else u

    return bool(a) and bool(b) and norm(a) == norm(b)


def _by_rate(label: str, unit: str, seen, values, units, reader: QuantityReader, per):
    """A row whose label gives the rate it is computed at: "E = effort, in person hours (here
    use productivity 10 LOC per person hour) | 1,000 ph" is the last amount in LOC before it
    over 10; "(1 person hour cost = 30 euro) | € 30,000" the last amount in person hours
    times 30; "(here use overall productivity OP)" divides by OP, in LOC/ph.
    (computed, operands, operator, formula) or None."""
    def number(text: str) -> float:
        found = reader.numbers(text)
        return found[0].value if len(found) == 1 else 0

    rate = None
    m = per.search(fold(label))
    if m:
        rate = (number(m.group(1)), m.group(2), m.group(3))
    elif (m := _RATE_ONE.search(label)):
        rate = (number(m.group(2)), m.group(3), m.group(1))
    elif (m := _RATE_USE.search(label)) and m.group(1) in values and "/" in units.get(m.group(1), ""):
        top, bottom = units[m.group(1)].split("/", 1)
        rate = (values[m.group(1)], top, bottom, m.group(1))
    if rate is None or not rate[0]:
        return None
    size, top, bottom = rate[:3]
    said = rate[3] if len(rate) > 3 else f"{size:g}"
    for wanted, operator in ((top, "/"), (bottom, "x")):
        if not _same_unit(unit, bottom if operator == "/" else top):
            continue
        before = next(((v, name) for v, u, name in reversed(seen) if _same_unit(u, wanted)), None)
        if before is None:
            return None
        v, name = before
        computed = v / size if operator == "/" else v * size
        return computed, [v, size], operator, f"{name.split('=')[0].strip()} {'/' if operator == '/' else '×'} {said}"
    return None


def _amounts_and_operators(text: str, reader: QuantityReader):
    """The tokens of a calculation written with amounts ("240h × R$ 80,00"): each amount
    a number, and nothing but operators and parentheses between them; else None."""
    from .arithmetic import _OPERATORS

    items, pos = [], 0
    for q in reader.quantities(text) + [None]:
        for at in range(pos, q.start if q else len(text)):
            ch = text[at]
            if ch in "×*+·" or ch == "x" and text[at - 1:at] == " ":
                items.append(("op", _OPERATORS[ch], at, at + 1))
            elif ch in "()":
                items.append((ch, ch, at, at + 1))
            elif not ch.isspace():
                return None
        if q is None:
            break
        if q.low != q.high:
            return None
        items.append(("num", (q.low, q.decimals), q.start, q.end))
        pos = q.end
    return items


def cell_formulas(views, lines, reader: QuantityReader) -> list[Expression]:
    """A row whose cell shows a calculation ("240h × R$ 80,00") and whose next cell holds
    its result ("R$ 19.200,00")."""
    from .arithmetic import _Tokens, _evaluate

    out = []
    for view in views:
        for row in view.rows:
            for i, cell in enumerate(row.cells[:-1]):
                if not any(op in cell.text for op in ("×", "*", " x ", " + ")):
                    continue  # "/" and "-" in a cell are dates and ranges more often than arithmetic
                items = [t for t in _Tokens(cell.text, reader.numbers(cell.text)).items if t[0] != "%"]
                if cell.value is not None or any(t[0] == "word" for t in items):
                    items = _amounts_and_operators(cell.text, reader)  # "240h × R$ 80,00"
                if items is None or sum(t[0] == "num" for t in items) < 2 or any(t[0] == "other" for t in items):
                    continue
                found = _evaluate(items)
                result = next((c for c in row.cells[i + 1:] if c.value is not None), None)
                if found is None or result is None:
                    continue
                value, operands, operators = found
                out.append(Expression(f"{cell.text} = {result.text}", row.line, _column(lines, row.line, result.text),
                                      operands, operators, result.value.low, False, value))
    return out


# -- stated counts against what is listed: "8 módulos principais:", "(총 9개)", "(3개):" -------

class CountReader:
    """Count phrases of a lexicon: a number and what it counts ("8 módulos", "9개",
    "17 个 Stage", "vier Sprints")."""

    def __init__(self, lex: Lexicon):
        from .lang import alternation

        nouns = lex.words("counts", "items")
        counters = lex.words("counts", "counters")
        numbers = lex.number_words()
        self.numbers = numbers
        # a counter right after a number ("5 个"), or nothing
        self.counter = re.compile(r"(?:[ \t]?(?:" + (alternation(counters, boundaries=False) if counters else "(?!)") + r"))?")
        self.units = {w for role in lex.roles("units") for w in lex.words("units", role)}
        self._long_units = tuple(u for u in self.units if len(u) >= 3)
        # a Hangul label is a word of its own: "파일 5개" is five files, not "일 5"
        self.label = re.compile(r"(?<![\uac00-\ud7af])(?:" + alternation(lex.words("words", "label") + list(_iteration_words(lex)))
                                + r")[ \t]*#?[ \t]*$")
        self.pattern = re.compile(
            r"(?<![\w.,/#-])(?P<n>\d{1,4}|" + alternation(numbers) + r")[ \t]?(?:(?P<counter>"
            + alternation(counters, boundaries=False) + r")|(?P<noun>" + alternation(nouns) + r"))")

    def is_unit(self, word: str) -> bool:
        """Does a word name a unit ("Woche", "meses", "hours")? Units of three letters or more."""
        return word.startswith(self._long_units)

    def find(self, text: str):
        """(count, start, end) of every count phrase."""
        out = []
        folded = fold(text)
        for m in self.pattern.finditer(folded):
            if self.label.search(folded[max(0, m.start() - 16):m.start()]):
                continue  # "Week 2 Objectives" names week 2; it counts nothing
            raw = m.group("n")
            value = int(raw) if raw.isdigit() else self.numbers.get(raw)
            if value is None:
                continue
            out.append((value, m.start(), m.end()))
        return out


def _carried(items, claim: str, reader: QuantityReader):
    """(amount, its text, item) for every item that carries one amount of what a count
    phrase counts ("34 tests" under "156 tests", "4 devs" under "20 Desenvolvedores");
    None unless every item does."""
    def kind(folded: str, number) -> str | None:
        unit = reader.unit_after(folded, number.last)
        if unit:
            return unit[0]
        m = re.match(r"\s?([^\W\d_]{2,})", folded[number.last:])
        return m.group(1).rstrip("s") if m else None

    folded = fold(claim)
    numbers = reader.numbers(folded)
    wanted = kind(folded, numbers[0]) if numbers else None
    if wanted is None:
        return None
    out = []
    for item in items:
        text = fold(rz.plain(item.text))
        hits = [n for n in reader.numbers(text) if kind(text, n) == wanted]
        if len(hits) != 1:
            return None
        out.append((hits[0].value, hits[0].text, item))
    return out


_LONE_NUMBER = re.compile(r"(?<![\w.,/-])\d{1,4}(?![\w.,/-])")


def _shares(items):
    """(count, item) when every item holds one whole number outside parentheses and
    after a label ("✅ Done: 2 (M1, M2)"); else None."""
    out = []
    for item in items:
        text = _BRACKETED.sub(" ", rz.plain(item.text))
        found = _LONE_NUMBER.findall(text)
        if len(found) != 1 or ":" not in text[:text.find(found[0])]:
            return None
        out.append((int(found[0]), item))
    return out


def _iteration_words(lex: Lexicon):
    for kind in rz.ITERATION_KINDS:
        yield from lex.words("iterations", kind)


def _ends_with_count(text: str, reader: CountReader):
    """A count phrase that ends a line before a colon, or is followed by a few words that
    describe what it counts: "파일 5개:", "8 módulos principais:", "(3개):", "4 nhiệm vụ
    kỹ thuật không tính điểm:"."""
    stripped = rz.plain(text).rstrip()
    if not stripped.endswith((":", "：")):
        return None
    body = stripped.rstrip(":： ").rstrip(")）*").rstrip()
    found = reader.find(body)
    if not found:
        return None
    value, start, end = found[-1]
    tail = body[end:].strip(" ()（）*")
    if len(tail.split()) > 5 or len(tail) > 40:  # "4 nhiệm vụ kỹ thuật không tính điểm:"
        return None
    return value, body[start:end]


def _leads_with_count(text: str, reader: CountReader):
    """"8 tickets committed at planning on Mon 3 Nov 2025:": a line that opens with its
    one count phrase and ends with a colon, over what it counts."""
    stripped = rz.plain(text).strip()
    if not stripped.endswith((":", "：")):
        return None
    found = reader.find(stripped)
    if len(found) != 1 or found[0][1] > 0:
        return None
    value, start, end = found[0]
    return value, stripped[start:end]


def _total_count(text: str, reader: CountReader, total_words):
    """"Toplam 7 görev, 82 saat.", "In total 5 tasks.", "共 3 项风险": a line that opens with
    a total word and then its first count phrase."""
    stripped = rz.plain(text).strip()
    m = total_words.match(fold(stripped))
    if not m:
        return None
    found = reader.find(stripped)
    if not found or stripped[m.end():found[0][1]].strip(" :：") or not m.end():
        return None
    value, start, end = found[0]
    return value, stripped[start:end]


def count_claims(secs: list[Section], blocks: list[Block], lex: Lexicon, lines, views,
                 amounts: QuantityReader | None = None) -> list[Total]:
    reader = CountReader(lex)
    out: list[Total] = []
    ordered = sorted(blocks, key=lambda b: b.line)
    following = {ordered[i].line: ordered[i + 1] for i in range(len(ordered) - 1)}
    read: set[int] = set()

    def total(value, text, line, items, family):
        if line in read:
            return  # one reading of a line's count
        read.add(line)
        column = _column(lines, line, text)
        label = rz.plain(lines[line - 1])[:60].strip(" -*:#")
        carried = _carried(items, text, amounts) if amounts and len(items) >= 2 and value != len(items) else None
        shares = _shares(items) if not carried and family == "count:list" and len(items) >= 2 and value != len(items) else None
        if shares:
            # "6 milestones in total:" over "Done: 2 (M1, M2)", "Not started: 3 (...)":
            # each item counts its share
            out.append(Total("item", label, line, column, value, value, "number", text, False, 0,
                             [Part(v, v, i.line, str(v), rz.plain(i.text)[:40]) for v, i in shares], "sum",
                             "consistency", "count:shares"))
            return
        if carried:
            # "New tests (156 tests added):" over "Accessibility: 34 tests", ...: each item
            # carries its share, and the count is their sum
            out.append(Total("item", label, line, column, value, value, "number", text, False, 0,
                             [Part(v, v, i.line, t, rz.plain(i.text)[:40]) for v, t, i in carried], "sum",
                             "consistency", "count:sum"))
            return
        t = Total("count", label, line, column, value, value, "number",
                  text, False, 0, [Part(1, 1, i.line, rz.plain(i.text)[:40]) for i in items], "count",
                  "structure", family)
        out.append(t)

    total_words = lex.pattern("words", "total")
    view_of = {v.block.line: v for v in views}
    for block in blocks:
        nxt = following.get(block.line)
        if block.kind == "table" and nxt is not None and nxt.kind == "paragraph" and nxt.line - block.end_line <= 2:
            # "Toplam 7 görev, 82 saat.", "共 3 项风险，..." right under the table it counts
            found = _total_count(lines[nxt.line - 1], reader, total_words)
            view = view_of.get(block.line)
            rows = [r for r in view.rows if r.item] if view and found else []
            if len(rows) >= 2 and not any(c.numeric and _counting(c, lex) for c in view.columns):
                total(found[0], found[1], nxt.line, [_Row(r.line, r.label) for r in rows], "count:table")
        if block.kind == "list":
            items = block.items
            for i, item in enumerate(items):
                found = _ends_with_count(item.text, reader)
                if found:
                    kids = _children(items, i)
                    if kids:
                        total(found[0], found[1], item.line, kids, "count:list")
        elif block.kind == "paragraph":
            last = lines[block.end_line - 1]
            found = _ends_with_count(last, reader) or _leads_with_count(last, reader)
            nxt = following.get(block.line)
            if found and nxt is not None and nxt.kind == "list" and nxt.line - block.end_line <= 2:
                tops = [item for item in nxt.items if item.depth == 0]
                total(found[0], found[1], block.end_line, tops, "count:list")
            elif found and nxt is not None and nxt.kind == "table" and nxt.line - block.end_line <= 2:
                # "6 storie:" over a table: its rows, without total rows
                view = view_of.get(nxt.line)
                rows = [r for r in view.rows if r.item] if view else []
                if rows:
                    total(found[0], found[1], block.end_line, [_Row(r.line, r.label) for r in rows], "count:table")
    for sec in secs[1:]:
        text = rz.plain(sec.text)
        # "## Tasks (5)", "### Backlog da sprint — 8 tarefas"
        m = re.search(r"[(（]([^()（）]{1,20})[)）]\s*$", text) or \
            re.search(r"\s[—–-]\s+(\d[^—–()（）:：]{0,30})[:：]?$", text)
        if not m:
            continue
        found = reader.find(m.group(1))
        bare = re.fullmatch(r"\s*(\d{1,4})\s*", m.group(1))
        if not found and bare:
            # "### Tasks (5)": the heading's own noun is what the number counts
            noun = fold(text[:m.start()]).split()[-1:] or [""]
            found = [f for f in reader.find(f"{bare.group(1)} {noun[0]}") if f[2] == len(bare.group(1)) + 1 + len(noun[0])]
        if len(found) != 1:
            continue
        value = found[0][0]
        lists = [b for b in sec.blocks if b.kind == "list"]
        tables = [v for v in views if sec.line < v.block.line <= sec.end_line]
        if not lists and not tables and sec.children:
            # "## 사용 가능한 도구 (33개)" over sub-sections that each list some of them
            lists = [b for kid in sec.children for b in kid.blocks if b.kind == "list"]
            items = [i for b in lists for i in b.items if i.depth == 0] if len(lists) >= 2 else []
            if items:
                total(value, m.group(1), sec.line, items, "count:heading")
            continue
        # what the heading counts is the first list or table under it, without its total rows
        if lists and (not tables or lists[0].line < tables[0].block.line):
            items = [i for i in lists[0].items if i.depth == 0]
        else:
            items = [_Row(r.line, " | ".join(c.text for c in r.cells)) for v in tables for r in v.rows
                     if r.item]
        if items:
            total(value, m.group(1), sec.line, items, "count:heading")
    for sec in secs[1:]:
        for value, text, line, kids in _counted_headings(sec, lines, reader):
            total(value, text, line, kids, "count:headings")
    enumeration = _code_run(lex)
    for block in blocks:
        if block.kind not in ("list", "paragraph"):
            continue
        for line in range(block.line, block.end_line + 1):
            found = _inline_enumeration(lines[line - 1], reader, enumeration)
            if found:
                value, text, spans = found
                total(value, text, line, [_Row(line, s) for s in spans], "count:inline")
    return out


def _prose_lines(blocks: list[Block], lines):
    """(line, text) of every list item and paragraph line, in the order of the blocks."""
    for block in blocks:
        if block.kind == "list":
            yield from ((i.line, i.text) for i in block.items)
        elif block.kind == "paragraph":
            yield from ((n, lines[n - 1]) for n in range(block.line, block.end_line + 1))


def iteration_counts(blocks: list[Block], lex: Lexicon, lines) -> list[Total]:
    """"iterativ in vier Sprints erarbeitet", "共 4 个迭代", "全5スプリント" in a plan that
    names Sprint 1 to Sprint 4 (or 第1スプリント ...): a count in prose of the iterations
    the document numbers from 1 (or 0) without a gap. Only a count above what is named is
    read: "3 sprints" in a plan of four may be some of them ("Phase 1 (3 sprints)"), and
    a count after "first" or "next" always is."""
    from .lang import alternation

    prefixes = lex.words("iterations", "prefix")
    ordinal = [p for p in prefixes if len(p) == 1]  # "第1スプリント", "제 2 스프린트"
    # "nächsten" is "nächste", "pierwsze" is "pierwszy": a word in another ending
    stems = tuple(fold(p)[:max(4, len(p) - 1)] for p in prefixes if len(p) >= 3)
    counters = lex.words("counts", "counters")
    numbers = lex.number_words()
    # a letter of an alphabet before the number makes it part of a word; "全5スプリント" is a count
    count_of = r"(?<![\d.,/#_-])(?<![a-z\u00c0-\u024f\u0370-\u04ff\u1e00-\u1eff])(\d{1,2}|" + alternation(numbers) + r")(?![\d.,])[ \t]?(?:" + \
        (alternation(counters, boundaries=False) if counters else "(?!)") + r")?[ \t]?"
    skipped = {n for b in blocks if b.kind in ("code", "html") for n in range(b.line, b.end_line + 1)}
    text = [fold(line) if n not in skipped else "" for n, line in enumerate(lines, 1)]
    out: list[Total] = []
    for kind in ("sprint", "iteration", "phase", "milestone"):
        words = [fold(w) for w in lex.words("iterations", kind)]
        if not words:
            continue
        word = "(?:" + "|".join(map(re.escape, words)) + ")"
        named = re.compile(r"(?<![\w-])" + word + r"[^\W\d_]{0,2}[ \t]*#?[ \t]*(\d{1,2})(?:[ \t]*[-–~][ \t]*(\d{1,2}))?"
                           r"(?!\d|[.,:/]\d)" + ("|(?:" + "|".join(map(re.escape, ordinal)) + r")[ \t]*(\d{1,2})[ \t]*" + word
                                                 if ordinal else ""))
        first: dict[int, int] = {}
        for n, folded in enumerate(text, 1):
            for m in named.finditer(folded):
                low = int(m.group(1) or m.group(3))
                high = int(m.group(2) or low)
                for k in range(low, high + 1) if low <= high <= low + 20 else (low,):
                    first.setdefault(k, n)
        start = min(first, default=1)
        if start not in (0, 1) or sorted(first) != list(range(start, start + len(first))) or max(first, default=0) < 2:
            continue  # "Sprint 7" alone, or sprints with gaps: what the plan counts is not shown
        high = max(first)
        counted = re.compile(count_of + word + r"[^\W\d_]{0,3}(?![^\W\d_])" if not ordinal else count_of + word)
        for line, raw in _prose_lines(blocks, lines):
            folded = fold(raw)
            for m in counted.finditer(folded):
                value = int(m.group(1)) if m.group(1).isdigit() else numbers.get(m.group(1))
                if value is None or value <= high or any(
                        w.startswith(stems) for w in folded[max(0, m.start() - 24):m.start()].split()[-2:]):
                    continue  # "the next 3 sprints"
                said = raw[m.start():m.end()].strip()
                out.append(Total("count", said, line, _column(lines, line, said), value, value, "number", said, False, 0,
                                 [Part(1, 1, first[k], f"{lex.words('iterations', kind)[0].capitalize()} {k}")
                                  for k in sorted(first)], "count", "consistency", "count:iterations"))
    return out


_NUMBERED_HEADER = re.compile(r"([^\W\d_]{1,12})[ \t#-]?(\d{1,2})")


def people_columns(blocks: list[Block], views, lex: Lexicon, reader: QuantityReader, lines) -> list[Total]:
    """"réalisé par 4 développeurs" over a table whose columns are RH1, RH2, RH3, RH4: the
    one head count of a paragraph against the people the next table of its section
    numbers in its header (a warning)."""
    view_of = {v.block.line: v for v in views}
    names = {fold(w) for k in rz.ITERATION_KINDS + ("month", "quarter") for w in lex.words("iterations", k)}
    counts = CountReader(lex)
    out: list[Total] = []
    ordered = sorted(blocks, key=lambda b: b.line)
    for i, block in enumerate(ordered):
        if block.kind != "paragraph":
            continue
        text = "\n".join(lines[n - 1] for n in range(block.line, block.end_line + 1))
        people = [q for q in reader.quantities(text) if q.unit == "people"]
        if len(people) != 1 or people[0].low != people[0].high:
            continue
        table = next((b for b in ordered[i + 1:i + 4] if b.kind in ("table", "heading")), None)
        view = view_of.get(table.line) if table is not None and table.kind == "table" else None
        if view is None:
            continue
        found = [(c, _NUMBERED_HEADER.fullmatch(fold(rz.plain(c.header)))) for c in view.columns[1:]]
        found = [(c, m.group(1), int(m.group(2))) for c, m in found if m]
        prefixes = {p for _, p, _ in found}
        if len(prefixes) != 1 or len(found) < 2:
            continue
        prefix = prefixes.pop()
        if len(prefix) < 2 or prefix in names or counts.is_unit(prefix) or prefix in counts.units or \
                [n for _, _, n in found] != list(range(1, len(found) + 1)):
            continue  # "Week 1 .. Week 4", "Q1 .. Q4", "S1 .. S4" number no people
        q = people[0]
        line = block.line + text.count("\n", 0, q.start)
        out.append(Total("count", q.text, line, _column(lines, line, q.text), q.low, q.low, "number", q.text, False, 0,
                         [Part(1, 1, view.block.line, rz.plain(c.header)) for c, _, _ in found], "count",
                         "consistency", "count:columns"))
    return out


_CODE_SPAN = r"`[^`\n]{1,80}`"


def _code_run(lex: Lexicon) -> re.Pattern:
    """After a count: a few words, a colon or a dash, and two or more code spans joined by
    separators or the lexicon's "and", up to the end of the clause."""
    from .lang import alternation

    joint = r"(?:[/,、，;；]|(?:" + alternation(lex.words("words", "and")) + r")(?!\w))"
    return re.compile(r"((?:[ \t]+[^\W\d_][\w.-]{0,30}){0,2})[ \t]*(?:[:：]|[—–-]{1,2})[ \t]*(?P<run>" + _CODE_SPAN
                      + r"(?:[ \t]*" + joint + r"[ \t]*" + _CODE_SPAN + r")+)(?=[ \t]*(?:[。.;；!！]|$))")


def _inline_enumeration(raw: str, reader: CountReader, enumeration: re.Pattern):
    """"首批 5 个 purpose —— `a` / `b` / `c` / `d` / `e`", "3 env vars: `A`, `B` and `C`":
    (count, its text, the spans listed) of a count that the code spans after it list."""
    if raw.count("`") < 4:
        return None
    folded = fold(raw)
    for m in _NUMBER_WORD.finditer(folded):
        value = int(m.group(0))
        if not 2 <= value <= 50 or reader.label.search(folded[max(0, m.start() - 16):m.start()]):
            continue
        counted = reader.counter.match(folded, m.end())
        after = enumeration.match(folded, counted.end())
        if after is None or not (counted.group(0).strip() or after.group(1).strip()):
            continue  # "Phase 2: `a`, `b`" names phase 2: a count needs what it counts
        words = after.group(1).split()
        if words and (reader.is_unit(words[0]) or words[0] in reader.units):
            continue  # "in 2 weeks: `a`, `b`"
        spans = [s.strip("`") for s in re.findall(_CODE_SPAN, raw[after.start("run"):after.end("run")])]
        return value, raw[m.start():counted.end() + len(after.group(1))].strip(), spans
    return None


def _counted_headings(sec: Section, lines, reader: CountReader):
    """A count of the things a section's own sub-headings name: "3 fully functional main
    pages" under a sprint whose sub-headings are "Dashboard Page" and "Models Page"."""
    named: dict[str, list[Section]] = {}
    for kid in sec.children:
        words = fold(rz.plain(kid.text)).split()
        if len(words) >= 2 and _WORD.fullmatch(words[-1]):
            named.setdefault(words[-1], []).append(kid)
    for word, kids in named.items():
        if len(kids) < 2 or len(word) < 3 or reader.is_unit(word):
            continue  # "Bis Woche 13", "Phase 2 (3 Wochen)": weeks are no things to count
        noun = re.compile(r"(?:\s+[^\W\d_]+){0,3}?\s+" + re.escape(word) + r"[^\W\d_]{0,2}\b")
        for line in range(sec.line + 1, sec.end_line + 1):
            plain = rz.plain(lines[line - 1])
            text = fold(plain)
            if text.lstrip().startswith("#"):
                continue
            for m in _NUMBER_WORD.finditer(text):
                said = noun.match(text, m.end())
                if said and reader.label.search(text[max(0, m.start() - 16):m.start()]):
                    break  # "Phase 2 Validation" names phase 2
                first = text[m.end():said.end()].split()[0] if said else ""
                if said and first != word and (reader.is_unit(first) or first in reader.units):
                    continue  # "6 meses de desenvolvimento" is a length of time, not six developments
                if said:
                    if int(m.group(0)) > 1:  # "1 page", "0 tests" (none yet) count nothing to hold
                        shown = plain if len(plain) == len(text) else text
                        yield int(m.group(0)), shown[m.start():said.end()], line, kids
                    break


_WORD = re.compile(r"[^\W\d_]+")
_NUMBER_WORD = re.compile(r"(?<![\w.,/#-])\d{1,3}(?![\d.,:/])")


@dataclass
class _Row:
    line: int
    text: str


# -- figures a report states for its table: "60 hours estimated, 60.08 hours spent" ----------

def _role_columns(view: TableView, lex: Lexicon) -> dict[str, Column]:
    """A work table's estimate, actual and points columns."""
    found: dict[str, Column] = {}
    capacity = lex.pattern("fields", "capacity")
    for column in view.columns:
        if not column.numeric or not column.header or capacity.search(fold(column.header)):
            continue  # "Capacidad (puntos)" is what can be done, not what was planned
        name = fold(column.header)
        if lex.pattern("columns", "points").search(name) and "points" not in found:
            found["points"] = column
        elif lex.pattern("columns", "spent").search(name) and _same(column.unit or "hours", "hours"):
            found.setdefault("actual", column)
        elif lex.pattern("columns", "estimate").search(name) and _same(column.unit or "hours", "hours"):
            found.setdefault("plan", column)
    return found


def report_claims(blocks: list[Block], views, lex: Lexicon, reader: QuantityReader, lines, table_lines,
                  secs: list[Section] = ()) -> list[Total]:
    """Figures stated beside a role ("10 stories committed", "54 points committed", "61
    hours estimated, 56 hours 47 minutes spent", "Nr of hours planned vs. spent: 93/83.5")
    against the document's one table of stories with estimate, actual and points columns,
    in the part of the document the table stands in ("## PROCESS MEASURES", not "##
    QUALITY MEASURES"); a result ("61h / 27 = 2h 16m") or an average is no such figure."""
    tables = [(v, _role_columns(v, lex)) for v in views]
    tables = [(v, cols) for v, cols in tables if len(cols) >= 2]
    if len(tables) != 1:
        return []
    view, cols = tables[0]
    first, last = _part_of(secs, view.block.line, len(lines))
    average = lex.pattern("words", "average")
    rows = [r for r in view.rows if r.item]
    plan_words = set(lex.words("words", "committed"))
    done_words = set(lex.words("words", "actual"))
    counts = CountReader(lex)
    out: list[Total] = []

    def column_sum(column):
        found = _parts(rows, column)
        return found[0] if found else None

    def add(kind_of, role, value, text, number):
        if kind_of == "stories" and role != "plan":
            return  # how many are done the table does not say
        if role == "plan" and kind_of == "stories":
            target = cols.get("points")
            listed = [r for r in rows if target is None or r.cells[target.index].value is not None]
            parts = [Part(1, 1, r.line, r.label) for r in listed]
            measure, unit = "count", "number"
        else:
            column = cols.get("points" if kind_of == "points" else role)
            if column is None or kind_of == "points" and role != "plan":
                return
            parts = column_sum(column)
            if not parts:
                return
            measure, unit = "sum", "points" if kind_of == "points" else "hours"
        at = lines[number - 1].find(text)
        decimals = len(text.split(".")[1]) if "." in text and text.split(".")[1][:1].isdigit() else 0
        out.append(Total("prose", text, number, at + 1 if at >= 0 else 1, value, value, unit, text, False,
                         decimals, parts, measure, "structure", f"report:{view.block.line}"))

    pending = None
    for number, text in _prose_lines(blocks, lines):
        if number in table_lines or not first <= number <= last:
            continue
        folded = fold(text)
        for q in reader.quantities(text) if not average.search(folded) else ():
            if text[:q.start].rstrip().endswith(("=", "＝")):
                continue
            role = _role_after(folded, q.end, plan_words, done_words)
            if role and q.unit in ("hours", "minutes", "points"):
                add("points" if q.unit == "points" else "hours", role, _hours(q)[0] if q.unit != "points" else q.low,
                    q.text, number)
        for value, start, end in counts.find(text):
            role = _role_after(folded, end, plan_words, done_words)
            if role and lex.pattern("columns", "item").search(folded[start:end]):
                add("stories", role, value, text[start:end], number)
        pair = _pair_label(folded, lex, plan_words, done_words)
        fraction = _FRACTION_TAIL.search(text)
        if pair and fraction:
            pending = pair  # "Nr of hours planned vs. spent 93/83.5" (the list item runs on)
        elif pair:
            pending = pair
            continue
        if pending and fraction:
            a, b = fraction.groups()
            kind_of, roles = pending
            where = _line_of(lines, number, f"{a}/{b}")
            add(kind_of, roles[0], float(a.replace(",", ".")), a, where)
            add(kind_of, roles[1], float(b.replace(",", ".")), b, where)
        if text.strip():
            pending = None
    return out


_RATIO_FORMULA = re.compile(r"([^\W\d_][^\d/÷=:]{2,80}?)[ \t]*[/÷][ \t]*([^\W\d_][^\d/÷=:]{2,80}?)[ \t]*([-+−])[ \t]*1(?![\d.,])")
_STATED_AFTER = re.compile(r"[ \t*_]*[=:][ \t*_]*([-−]?)[ \t]*(?=\d)")


def buffers(blocks: list[Block], lex: Lexicon, reader: QuantityReader, lines) -> list[Expression]:
    """"960 Stunden veranschlagt; 880 Stunden sind verplant, d.h. ein Puffer von 80
    Stunden", "Presupuesto: 500 horas; planificadas 460 horas; colchón de 40 horas": a
    buffer stated after exactly two other amounts of its unit in the same sentence or item
    is what the larger leaves over the smaller (a warning: the reading is the document's
    order, not its words)."""
    word = lex.pattern("words", "buffer")
    out: list[Expression] = []
    for block in blocks:
        if block.kind == "list":
            units = [(i.line, i.text) for i in block.items]
        elif block.kind == "paragraph":
            units = [(block.line, "\n".join(lines[n - 1] for n in range(block.line, block.end_line + 1)))]
        else:
            continue
        for first, text in units:
            folded = fold(text)
            found = [m for m in word.finditer(folded)]
            if not found:
                continue
            qs = [q for q in reader.quantities(text) if q.low == q.high and not q.approximate and q.unit != "percent"]
            for m in found:
                buffer = next((q for q in qs if 0 <= q.start - m.end() <= 12 and not _WORD.search(
                    re.sub(r"\b\w{1,3}\b", "", folded[m.end():q.start]))), None) or \
                    next((q for q in qs if 0 <= m.start() - q.end <= 2), None)
                if buffer is None:
                    continue
                before = [q for q in qs if q.end <= min(m.start(), buffer.start) and q.unit == buffer.unit
                          and text.rfind("(", 0, q.start) <= text.rfind(")", 0, q.start)
                          and text.rfind("（", 0, q.start) <= text.rfind("）", 0, q.start)]
                if len(before) != 2 or "=" in text[before[0].start:buffer.start].replace("(=", ""):
                    continue
                whole, part = sorted(before, key=lambda q: -q.low)
                line = first + text.count("\n", 0, buffer.start)
                start = text.rfind("\n", 0, buffer.start) + 1
                shown = text[min(m.start(), buffer.start):max(m.end(), buffer.end)]
                at = lines[line - 1].find(shown)
                out.append(Expression(f"{shown.strip()} ({whole.text} - {part.text})", line,
                                      at + 1 if at >= 0 else buffer.start - start + 1, [whole.low, part.low], ["-"],
                                      buffer.low, False, whole.low - part.low, True, buffer.decimals))
                break
    return out


def _stem_role(words: set[str], plan_words, done_words) -> str | None:
    """"estimation" is a plan word ("estimated"), "spent" a done word: words that share
    their first five letters (or all of a shorter one) are one word in two forms."""
    def like(w: str, v: str) -> bool:
        n = min(5, len(w), len(v))
        return len(w) >= 4 and w[:n] == v[:n] and (len(v) <= 5 or w.startswith(v[:5]))

    roles = {"plan" for w in words for v in plan_words if like(w, v)} | \
        {"actual" for w in words for v in done_words if like(w, v)}
    return roles.pop() if len(roles) == 1 else None


def ratio_formulas(blocks: list[Block], views, lex: Lexicon, reader: QuantityReader, lines,
                   secs: list[Section]) -> list[Expression]:
    """"Total task estimation error ratio: sum of total hours estimation / sum of total
    hours spent - 1" and, on the line after it, "error ratio: -0,0001": a ratio written
    in words, its two sides being the hours estimated and spent that the same part of
    the document states (beside their role, as a field, or as a role column's sum).
    Every pairing of those figures is a reading; when none gives the value, the closest
    one is reported, as a warning."""
    text_lines = list(_prose_lines(blocks, lines))
    formulas = [(n, m, fold(rz.plain(t))) for n, t in text_lines if "/" in t or "÷" in t
                for m in [_RATIO_FORMULA.search(fold(rz.plain(t)))] if m]
    if not formulas:
        return []
    plan_words = set(lex.words("words", "committed"))
    done_words = set(lex.words("words", "actual"))
    out: list[Expression] = []
    for number, m, folded in formulas:
        a, b = set(m.group(1).split()), set(m.group(2).split())
        roles = _stem_role(a - b, plan_words, done_words), _stem_role(b - a, plan_words, done_words)
        if None in roles or roles[0] == roles[1] or _stem_role(a & b, plan_words, done_words):
            continue  # "hours estimated for completed stories / hours spent on completed stories": some of them
        first, last = _part_of(secs, number, len(lines))
        figures = _role_figures(text_lines, views, lex, reader, first, last, plan_words, done_words)
        if not all(figures[r] for r in roles):  # the figures stand in another part of the document
            figures = _role_figures(text_lines, views, lex, reader, 1, len(lines), plan_words, done_words)
        stated = _stated_value(lines, number, folded, m.end(), reader)
        if stated is None:
            continue
        value_line, value, decimals = stated
        plus = 1 if m.group(3) == "+" else -1
        readings = [(x / y + plus, x, y, lx, ly) for x, lx in figures[roles[0]] for y, ly in figures[roles[1]] if y]
        if not readings or any(abs(r[0] - value) <= 0.5 * 10 ** -decimals + 1e-9 for r in readings):
            continue
        computed, x, y, lx, ly = min(readings, key=lambda r: abs(r[0] - value))
        raw = lines[value_line - 1]
        shown = raw.strip().lstrip("-*+ ").strip()
        where = sorted({lx, ly})
        out.append(Expression(f"{shown} ({m.group(0).strip()}, line{'s' if len(where) > 1 else ''} "
                              f"{', '.join(map(str, where))})", value_line, raw.find(shown) + 1 if shown else 1,
                              [x, y, 1.0], ["/", "+" if plus > 0 else "-"], value, False, computed, True, decimals))
    return out


def _role_figures(text_lines, views, lex: Lexicon, reader: QuantityReader, first: int, last: int,
                  plan_words, done_words) -> dict[str, list[tuple[float, int]]]:
    """The hours a part of the document gives as estimated or spent: "60 hours estimated",
    "Total hours spent: 120 h", the sum of an "Hours est." column."""
    figures: dict[str, list[tuple[float, int]]] = {"plan": [], "actual": []}
    for number, text in text_lines:
        if not first <= number <= last:
            continue
        folded = fold(text)
        for q in reader.quantities(text):
            if q.unit in ("hours", "minutes"):
                role = _role_after(folded, q.end, plan_words, done_words)
                if role:
                    figures[role].append((_hours(q)[0], number))
        for key, value, _ in rz.fields_in_line(text):
            words = set(_WORD.findall(fold(key)))
            role = "plan" if words & plan_words else "actual" if words & done_words else None
            found = [q for q in reader.quantities(value) if q.unit in ("hours", "minutes")]
            if role and len(found) == 1:
                figures[role].append((_hours(found[0])[0], number))
    for view in views:
        if not first <= view.block.line <= last:
            continue
        rows = [r for r in view.rows if r.item]
        for role, column in _role_columns(view, lex).items():
            found = _parts(rows, column) if role in figures else None
            if found and found[0]:
                figures[role].append((sum(p.low for p in found[0]), view.block.line))
    return figures


def _stated_value(lines, number: int, folded: str, at: int, reader: QuantityReader):
    """The value a formula line gives after "=" or ":", or the next line its own ("-
    error ratio: -0,0001"): (line, value, decimals written)."""
    line, text = number, folded
    if not _STATED_AFTER.match(text, at):
        after = next((n for n in range(number + 1, min(number + 3, len(lines)) + 1) if lines[n - 1].strip()), None)
        if after is None:
            return None
        line, text = after, fold(rz.plain(lines[after - 1]))
        colon = max(text.rfind(":"), text.rfind("："))
        at = colon if colon >= 0 else len(text)
        if colon >= 0 and text[:colon].count("/"):
            return None  # "Per-story error ratio (hours est. / hours actual - 1):" opens a list
    sign = _STATED_AFTER.match(text.replace("：", ":"), at)
    numbers = reader.numbers(text[sign.end():]) if sign else []
    if not numbers or numbers[0].first != 0 or text[sign.end() + numbers[0].last:].strip(" .*_%"):
        return None
    percent = "%" in text[sign.end():]
    value = numbers[0].value * (-1 if sign.group(1) else 1) / (100 if percent else 1)
    return line, value, max(numbers[0].decimals, 1) + (2 if percent else 0)


def _part_of(secs: list[Section], line: int, length: int) -> tuple[int, int]:
    """The lines of the top part of the document a line stands in: its outermost section
    below the title (a lone top heading that holds everything is the title)."""
    top = [s for s in secs[1:] if s.parent is None or not s.parent.line]
    if len(top) == 1:
        top = top[0].children
    for sec in top:
        if sec.line <= line <= sec.end_line:
            return sec.line, sec.end_line
    return 1, length


_FRACTION_TAIL = re.compile(r"(?<![\w./])(\d+(?:[.,]\d+)?)\s?/\s?(\d+(?:[.,]\d+)?)\s*$")


def _pair_label(folded: str, lex: Lexicon, plan_words, done_words):
    """"Total points committed vs. done", "Nr of hours planned vs. spent": what the
    fraction below it pairs."""
    from .lang import alternation

    versus = alternation(lex.words("words", "versus"))
    m = re.search(r"([^\W\d_]+)[ \t]+(?:" + versus + r")[ \t]+([^\W\d_]+)", folded)
    if not m:
        return None
    roles = []
    for word in (m.group(1), m.group(2)):
        roles.append("plan" if word in plan_words else "actual" if word in done_words else None)
    if None in roles:
        return None
    before = folded[:m.start()]
    kind_of = "hours" if lex.pattern("units", "hours").search(before) else \
        "points" if lex.pattern("units", "points").search(before) else \
        "stories" if lex.pattern("columns", "item").search(before) else None
    return (kind_of, roles) if kind_of else None


def _role_after(folded: str, pos: int, plan_words, done_words) -> str | None:
    m = re.match(r"[ \t]*([^\W\d_]+)", folded[pos:])
    if not m:
        return None
    word = m.group(1)
    return "plan" if word in plan_words else "actual" if word in done_words else None
