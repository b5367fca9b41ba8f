"""Arithmetic written in a plan's text, in any language: "5 × 2,5 × 2 = 25h",
"(83.5/98.5)-1=-0.15", "880 (=300+20+540+20) Stunden", "66 (9 Epics, 31 Features, 25
User Stories)", "26/24 (108%)", "29 of 34 = 85%". Each becomes an Expression with its
operands, operators and the result the text states, for PL204 to evaluate.
"""

from __future__ import annotations

import re

from .lang import Lexicon, alternation, fold
from .model import Expression
from .quantities import Number, QuantityReader

_OPERATORS = {"+": "+", "-": "-", "−": "-", "–": "-", "×": "x", "x": "x", "*": "x", "·": "x", "/": "/", "÷": "/"}
_EQUALS = ("=", "＝")
_PERCENT_AFTER = re.compile(r"[ \t]?%")
# after "211 h sur 240 h": the percentage in parentheses, or after a comma and a word or two
_SHARE_TAIL = re.compile(r"[ \t]?([^\W\d_]{1,10}\.?)?[ \t]*(?:(?:[^\W\d_]{1,12}[ \t]+)?[(（][ \t]*~?[ \t]*"
                         r"|[,:][ \t]*(?:[^\W\d_][\w.]{0,7}[ \t]+){0,2}~?[ \t]*)")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*(?:[:*](?=[^\W\d_])(?![^\W\d_]*[:*]?\s*\d)[^\W\d_]+)?")  # "Entwickler:innen"
_SPACE = re.compile(r"[ \t*_`]*")
_DIGIT_SLASH = re.compile(r"\d/\d")
_BREAKDOWN_SEP = re.compile(r"\s*(?:,|;|、|，|・|/|\+)\s*")
_ID_PIECE = re.compile(r"(?:[A-Z]{1,5}[-_#]?|[A-Za-z]+[-_#])\d+[A-Za-z]?")  # "B-007", "US12": a name, not an amount
_TIME = {"days": "days", "working-days": "days", "weeks": "weeks", "months": "months", "hours": "hours"}
_JOIN = re.compile(r"[^\W\d_]{1,8}")  # "over", "in", "en", "über": one short word between an amount and its time
_RATE_OPEN = re.compile(r"[ \t]*[(（][ \t]*(?:[~≈][ \t]*)?")
_CLOSE = re.compile(r"[ \t]*[)）]")
_OPEN = re.compile(r"[ \t]*[(（][ \t]*")


def _bracketed(text: str, a, b) -> int | None:
    """Where the parenthesis closes when amount b stands alone in parentheses right after
    amount a ("14 days (2 weeks)"); else None."""
    close = _CLOSE.match(text, b.end)
    return close.end() if close and _OPEN.fullmatch(text, a.end, b.start) else None


_FRACTION = re.compile(r"(?<![\w./])(\d+(?:[.,]\d+)?)\s?/\s?(\d+(?:[.,]\d+)?)\s*[(（]\s*~?\s*(\d+(?:[.,]\d+)?)\s?%\s*[)）]")


class _Tokens:
    """Numbers, operators, parentheses and words of a text, with their positions."""

    def __init__(self, text: str, numbers: list[Number]):
        self.items: list[tuple[str, object, int, int]] = []  # (kind, value, start, end)
        pos = 0
        nums = iter(numbers)
        nxt = next(nums, None)
        n = len(text)
        while pos < n:
            if nxt is not None and nxt.first == pos:
                value = nxt.value
                # a minus glued to a number after an operand is the operator, not a sign
                if nxt.text.startswith(("-", "−")) and self.items and self.items[-1][0] in ("num", ")"):
                    self.items.append(("op", "-", pos, pos + 1))
                    value = -value
                self.items.append(("num", (value, nxt.decimals), nxt.first if value >= 0 or not self.items or self.items[-1][0] != "op" else pos + 1, nxt.last))
                pos = nxt.last
                nxt = next(nums, None)
                continue
            if nxt is not None and nxt.first < pos:
                nxt = next(nums, None)
                continue
            ch = text[pos]
            if ch in "([（":
                self.items.append(("(", ch, pos, pos + 1))
            elif ch in ")]）":
                self.items.append((")", ch, pos, pos + 1))
            elif ch in _EQUALS:
                self.items.append(("=", ch, pos, pos + 1))
            elif ch in "%":
                self.items.append(("%", ch, pos, pos + 1))
            elif ch in _OPERATORS and (ch != "x" or _lone_x(text, pos)) and (ch != "-" or _spaced(text, pos)):
                self.items.append(("op", _OPERATORS[ch], pos, pos + 1))
            elif ch.isalpha():
                m = _WORD.match(text, pos)
                self.items.append(("word", text[pos:m.end()], pos, m.end()))
                pos = m.end()
                continue
            elif not ch.isspace() and ch not in "*_`~≈$€£¥₩₹":
                self.items.append(("other", ch, pos, pos + 1))
            pos += 1


def _lone_x(text: str, pos: int) -> bool:
    """"3 x 4" and "3x4" multiply; the x of "xml" or "4x faster" does not."""
    before = text[pos - 1:pos]
    after = text[pos + 1:pos + 2]
    return (before.isspace() or before.isdigit()) and (after.isspace() or after.isdigit()) and not (
        before.isdigit() and after.isspace() and not text[pos + 2:pos + 3].isdigit())


def _spaced(text: str, pos: int) -> bool:
    """A minus between numbers ("96 - 20") subtracts; "2025-10-12" and "US-6" are names."""
    return text[pos - 1:pos] in (" ", ")", "\t") or text[pos + 1:pos + 2] in (" ", "(")


def _evaluate(tokens) -> tuple[float, list[float], list[str]] | None:
    """Evaluate numbers, operators and parentheses with the usual precedence."""
    operands: list[float] = []
    operators: list[str] = []
    pos = 0

    def expression():
        nonlocal pos
        value = term()
        while value is not None and pos < len(tokens) and tokens[pos][0] == "op" and tokens[pos][1] in "+-":
            op = tokens[pos][1]
            operators.append(op)
            pos += 1
            right = term()
            if right is None:
                return None
            value = value + right if op == "+" else value - right
        return value

    def term():
        nonlocal pos
        value = factor()
        while value is not None and pos < len(tokens) and tokens[pos][0] == "op" and tokens[pos][1] in "x/":
            op = tokens[pos][1]
            operators.append(op)
            pos += 1
            right = factor()
            if right is None or op == "/" and right == 0:
                return None
            value = value * right if op == "x" else value / right
        return value

    def factor():
        nonlocal pos
        if pos >= len(tokens):
            return None
        kind = tokens[pos][0]
        if kind == "(":
            pos += 1
            value = expression()
            if value is None or pos >= len(tokens) or tokens[pos][0] != ")":
                return None
            pos += 1
            return value
        if kind == "num":
            value = tokens[pos][1][0]
            operands.append(value)
            pos += 1
            while pos < len(tokens) and tokens[pos][0] == "word":
                pos += 1  # "6 agents x 60 hours": words name what a number counts
            return value
        return None

    result = expression()
    if result is None or pos != len(tokens) or not operators:
        return None
    return result, operands, operators


def _left(items, at: int):
    """The arithmetic that ends right before the "=" at `at`."""
    start = at
    depth = 0
    words = 0
    i = at - 1
    while i >= 0:
        kind = items[i][0]
        if kind == ")":
            depth += 1
        elif kind == "(":
            if depth == 0:
                break
            depth -= 1
        elif kind == "word":
            if words >= 3 or i == 0 or items[i - 1][0] not in ("num", "word"):
                break
            words += 1
            i -= 1
            start = i + 1
            continue
        elif kind == "num":
            words = 0
        elif kind not in ("op", "%"):
            break
        start = i
        i -= 1
    while start < at and items[start][0] in ("op", "word", ")"):
        start += 1
    return [t for t in items[start:at] if t[0] != "%"], start


def _percent_factors(percent_at: set[int], left):
    """A percentage multiplied or divided by ("× 5%", "10% ×") is a hundredth;
    `percent_at`: where the line's numbers followed by "%" start."""
    out = []
    for i, t in enumerate(left):
        near = [left[j] for j in (i - 1, i + 1) if 0 <= j < len(left)]
        if t[0] == "num" and t[2] in percent_at and any(n[0] == "op" and n[1] in "x/" for n in near):
            (value, decimals) = t[1]
            t = ("num", (value / 100, decimals + 2), t[2], t[3])
        out.append(t)
    return out


def _right(items, at: int):
    """The number right after an "=": (value, decimals, percent, end position)."""
    i = at + 1
    if i < len(items) and items[i][0] == "op" and items[i][1] == "-" and i + 1 < len(items) and items[i + 1][0] == "num":
        value, decimals = items[i + 1][1]
        percent = i + 2 < len(items) and items[i + 2][0] == "%"
        return -value, decimals, percent, items[i + 1][3]
    if i < len(items) and items[i][0] == "num":
        if i + 1 < len(items) and items[i + 1][0] == "op":
            return None  # "(12 + 30 + 10) / 97 = 52 / 97 ≈ 54%": another expression, no result
        value, decimals = items[i][1]
        percent = i + 1 < len(items) and items[i + 1][0] == "%"
        return value, decimals, percent, items[i][3]
    return None


_DAYS = ("days", "working-days")
_SPAN = ("hours", "days", "weeks", "months")


class ArithmeticReader:
    def __init__(self, lex: Lexicon, reader: QuantityReader):
        self.lex = lex
        self.reader = reader
        self.of = set(lex.words("words", "of"))
        self._of_between = None
        self.per = set(lex.words("words", "per"))
        self._per = re.compile(r"[ \t]*(?:/|(?:" + alternation(sorted(self.per)) + r")[ \t]+)[ \t]*")

    def read(self, text: str, line: int, offset: int = 0) -> list[Expression]:
        out: list[Expression] = []
        if any(sign in text for sign in _EQUALS):
            out += self._equations(text, line, offset)
        if "(" in text or "（" in text:
            out += self._breakdowns(text, line, offset)
            out += self._fractions(text, line, offset)
            out += self._equivalents(text, line, offset)
            out += self._rates(text, line, offset)
        if "%" in text and self.of:
            out += self._shares(text, line, offset)
        return out

    def _rates(self, text: str, line: int, offset: int) -> list[Expression]:
        """"13 SP over 14 days (~0.93 SP/day)": an amount over a length of time, and in
        parentheses the rate per one of that time."""
        out = []
        found = self.reader.quantities(text)
        folded = fold(text)
        numbers = None
        for a, b in zip(found, found[1:]):
            between = text[a.end:b.start].strip()
            if a.low != a.high or b.low != b.high or not b.low or b.unit not in _TIME \
                    or _TIME.get(a.unit) == _TIME[b.unit] or not _JOIN.fullmatch(between):
                continue
            m = _RATE_OPEN.match(text, b.end)
            if m is None:
                continue  # no parenthesis after the length of time
            numbers = numbers if numbers is not None else {n.first: n for n in self.reader.numbers(text)}
            number = numbers.get(m.end())
            if number is None:
                continue
            unit = self.reader.unit_after(folded, number.last)
            if unit is None or unit[0] != a.unit:
                continue
            per = self._per.match(folded, unit[1])
            time = self.reader.unit_after(folded, per.end()) if per else None
            close = _CLOSE.match(text, time[1]) if per and time and _TIME.get(time[0]) == _TIME[b.unit] else None
            if close is None:
                continue
            end = close.end()
            out.append(Expression(text[a.start:end].strip(), line, offset + a.start + 1, [a.low, b.low], ["/"],
                                  number.value, False, a.low / b.low))
        return out

    def per_word(self, text: str) -> bool:
        """Does the text hold one of the lexicon's "per" words ("per", "por", "pro")?"""
        folded = fold(text)
        return any(word in folded for word in self.per)

    def rate(self, text: str):
        """"0.93 SP per day", "2 h/week": (value, unit, time unit, start) of a value that
        is one amount per one unit of time, or None."""
        numbers = self.reader.numbers(text)
        if len(numbers) != 1:
            return None
        number, folded = numbers[0], fold(text)
        unit = self.reader.unit_after(folded, number.last)
        per = self._per.match(folded, unit[1]) if unit else None
        time = self.reader.unit_after(folded, per.end()) if per else None
        if time is None or time[0] not in _TIME or folded[time[1]:].strip(" .*_") or folded[:number.first].strip(" *_~≈"):
            return None
        if unit[0] in _TIME and _SPAN.index(_TIME[unit[0]]) >= _SPAN.index(_TIME[time[0]]):
            return None  # "2 weeks / 1 day" is no rate; "30 h/week", "5 days/week" are
        return number.value, unit[0], time[0], number.first

    def _equivalents(self, text: str, line: int, offset: int) -> list[Expression]:
        """"14 days (2 weeks)": one length in two units, days being 5 (working) or 7 a week."""
        out = []
        found = self.reader.quantities(text)
        for a, b in zip(found, found[1:]):
            if _bracketed(text, a, b) is None:
                continue
            days, weeks = (a, b) if a.unit in _DAYS else (b, a)
            if days.unit not in _DAYS or weeks.unit != "weeks" or a.low != a.high or b.low != b.high or a.approximate or b.approximate:
                continue
            if days.low in (5 * weeks.low, 7 * weeks.low) or not weeks.low:
                continue
            if days.unit == "working-days" and 5 * weeks.low - weeks.low <= days.low < 5 * weeks.low:
                continue  # "2 semaines (9 jours ouvrés)": a holiday or two fall in them
            per = 5 if days.unit == "working-days" or abs(days.low - 5 * weeks.low) < abs(days.low - 7 * weeks.low) else 7
            out.append(Expression(text[a.start:b.end].strip() + ")", line, offset + a.start + 1, [weeks.low, per], ["x"],
                                  days.low, False, weeks.low * per))
        return out

    def day_hours(self, text: str) -> list[tuple]:
        """"19 días hábiles (152 horas)": (days, hours, start, end) of a length in days
        with the hours it makes written right after it in parentheses."""
        out = []
        found = self.reader.quantities(text)
        for a, b in zip(found, found[1:]):
            end = _bracketed(text, a, b)
            if end is not None and a.unit in _DAYS and b.unit == "hours" and a.low == a.high and b.low == b.high and a.low:
                out.append((a.low, b.low, a.start, end))
        return out

    def _equations(self, text: str, line: int, offset: int) -> list[Expression]:
        items = _Tokens(text, self.reader.numbers(text)).items
        percent_at = {items[i][2] for i in range(len(items) - 1) if items[i][0] == "num" and items[i + 1][0] == "%"}
        out = []
        for at, item in enumerate(items):
            if item[0] != "=":
                continue
            # "880 (=300+20+540+20)": the result stands before the parenthesis
            if at >= 2 and items[at - 1][0] == "(" and items[at - 2][0] in ("num", "word"):
                close = next((j for j in range(at + 1, len(items)) if items[j][0] == ")"), None)
                stated_at = at - 2 if items[at - 2][0] == "num" else at - 3
                if close is not None and stated_at >= 0 and items[stated_at][0] == "num":
                    found = _evaluate([t for t in items[at + 1:close] if t[0] != "%"])
                    if found:
                        value, decimals = items[stated_at][1]
                        out.append(self._expression(text, items[stated_at][2], items[close][3], found, value,
                                                    False, line, offset, decimals))
                continue
            left, start = _left(items, at)
            right = _right(items, at)
            if not left or right is None:
                continue
            if not right[2] and percent_at:
                left = _percent_factors(percent_at, left)  # "625.500.000 × 5% = 31.275.000"
            if any(t[0] == "word" and fold(str(t[1])) in self.of for t in left):
                found = self._of(left)
            else:
                found = _evaluate(left)
            if found is None or self._unlike_sum(text, left, items, at):
                continue
            stated, decimals, percent, end = right
            out.append(self._expression(text, left[0][2], end, found, stated, percent, line, offset, decimals))
        return out

    def _unlike_sum(self, text: str, left, items, at: int) -> bool:
        """"2 Frontend + 1 Backend + 1 SEO = ~60 story points": a sum of things that are
        not what the result counts (people, and points). Only sums are held to it: "6
        agents x 60 hours" multiplies unlike things on purpose."""
        if any(t[0] == "op" and t[1] in "x/" for t in left):
            return False
        result = next((t for t in items[at + 1:at + 4] if t[0] == "num"), None)
        if result is None:
            return False
        folded = fold(text)
        wanted = self.reader.unit_after(folded, result[3])
        if wanted is None:
            return False  # "96 unit + 149 api = 245": labelled parts of a plain count
        for i, t in enumerate(left):
            if t[0] != "num" or i + 1 >= len(left) or left[i + 1][0] != "word":
                continue
            unit = self.reader.unit_after(folded, t[3])
            if unit is None or unit[0] != wanted[0]:
                return True  # a word that is no unit, or another unit, names what this part counts
        return False

    def _of(self, tokens):
        """"29 of 34 = 85%"."""
        nums = [t for t in tokens if t[0] == "num"]
        if len(nums) != 2:
            return None
        a, b = nums[0][1][0], nums[1][1][0]
        if not b:
            return None
        return a / b * 100, [a, b], ["of"]

    def _breakdowns(self, text: str, line: int, offset: int) -> list[Expression]:
        """"66 (9 Epics, 31 Features, 25 User Stories)", "98件（出入口57・通過点40・門1）":
        a number and, in parentheses after it, the parts it is made of."""
        out = []
        numbers = self.reader.numbers(text)
        folded = fold(text)
        for i, whole in enumerate(numbers):
            if self.reader.labelled(folded, whole.first):
                continue  # "End of Week 5 (FASE 1+2 Complete)": week 5 is made of nothing
            rest = text[whole.last:]
            m = re.match(r"[ \t]?([^\W\d_]{0,12})[ \t]?[(（]([^()（）]{3,160})[)）]", rest)
            if not m:
                continue
            inner = m.group(2)
            if any(fold(w) in self.of | self.per for w in _WORD.findall(inner)) or "=" in inner or "%" in inner \
                    or _DIGIT_SLASH.search(inner):
                continue  # "(주말 및 3/2 대체공휴일 제외)": 3/2 is a date, no two parts
            pieces = [p for p in _BREAKDOWN_SEP.split(inner) if p.strip()]
            if len(pieces) < 2 or not re.search(r"[,;、，・/+]", inner):
                continue
            values = []
            for piece in pieces:
                nums = self.reader.numbers(piece)
                words = _WORD.findall(re.sub(r"\d", " ", piece))
                if len(nums) != 1 or not words and not re.search(r"[^\x00-\u024f]", piece) \
                        or self.reader.labelled(fold(piece), nums[0].first) or _ID_PIECE.fullmatch(piece.strip()):
                    values = None
                    break
                values.append(nums[0])
            if not values:
                continue
            units = {self._unit(text, whole)} | {self._unit(inner, v) for v in values}
            if len(units - {None}) > 1:
                continue  # "3-4 weeks, 176 hours": parts of different kinds do not add up
            total = sum(v.value for v in values)
            start = whole.first
            end = whole.last + m.end()
            operands = [v.value for v in values]
            out.append(Expression(text[start:end].strip(), line, offset + start + 1, operands,
                                  ["+"] * (len(operands) - 1), whole.value, False, total))
        return out

    def _unit(self, text: str, number: Number) -> str | None:
        found = self.reader.unit_after(fold(text), number.last)
        return found[0] if found else None

    def _fractions(self, text: str, line: int, offset: int) -> list[Expression]:
        """"26/24 (108%)": a fraction and the percentage it is."""
        out = []
        for m in _FRACTION.finditer(text):
            a, b, pct = (float(g.replace(",", ".")) for g in m.groups())
            if not b:
                continue
            out.append(Expression(m.group(0), line, offset + m.start() + 1, [a, b], ["/"], pct, True, a / b * 100))
        return out

    def _shares(self, text: str, line: int, offset: int) -> list[Expression]:
        """"211 h sur 240 h, soit 87,9 %", "56 h su 60 h (93,3 %)", "29 of 34 stories (85%)":
        a part of a whole and the percentage it is."""
        if self._of_between is None:
            of = alternation(sorted(self.of))
            self._of_between = re.compile(r"[ \t]?([^\W\d_]{1,10}\.?)?[ \t]+(?:" + of + r")[ \t]+(?:[^\W\d_]{1,10}[ \t]+)?")
            # "(70% of the points)", "(60% от объёма)": a short word, maybe an article, a noun
            self._of_after = re.compile(r"(?:" + of + r"|[^\W\d_]{1,4})[ \t]+(?:[^\W\d_]{1,3}[ \t]+)?([^\W\d_]+)")
            self._total = self.lex.pattern("words", "total")
            self._capacity = self.lex.pattern("fields", "capacity")
        out = []
        numbers = self.reader.numbers(text)
        for a, b, c in zip(numbers, numbers[1:], numbers[2:]):
            sign = _PERCENT_AFTER.match(text, c.last)
            if not sign:
                continue
            between = self._of_between.fullmatch(fold(text[a.last:b.first]))
            if not between:
                continue
            m = _SHARE_TAIL.fullmatch(text[b.last:c.first])
            if not m or not b.value:
                continue
            unit_a, unit_b = between.group(1), m.group(1)
            if unit_a and fold(unit_a) != fold(unit_b or ""):
                continue  # "3 tasks of 40 hours (20%)": a count of one thing against an amount of another
            after = self._of_after.match(fold(text[sign.end():sign.end() + 60]).lstrip())
            if after and not (self._total.match(after.group(1)) or self._capacity.match(after.group(1))):
                continue  # "3 of 5 stories (70% of points)": the share of another whole
            end = sign.end() + (1 if text[sign.end():sign.end() + 1] in (")", "）") else 0)
            out.append(Expression(text[a.first:end].strip(), line, offset + a.first + 1, [a.value, b.value], ["/"],
                                  c.value, True, a.value / b.value * 100))
        return out

    def _expression(self, text, start, end, found, stated, percent, line, offset, decimals) -> Expression:
        value, operands, operators = found
        return Expression(text[start:end].strip(), line, offset + start + 1, operands, operators, stated, percent,
                          value)
