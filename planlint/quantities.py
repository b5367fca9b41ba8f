"""Numbers and quantities as teams write them, in any language: decimal commas and
thousands separators by the document's convention, ranges ("8-13 horas", "~5-6"),
approximations, compound durations ("23h 40m", "56 hours 47 minutes"), money and
percentages, each with its columns. Units are words of the lexicon.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .lang import Lexicon, alternation, fold

_RUN = re.compile(r"\d+")
_SEPARATORS = {",", ".", " ", "\u00a0", "\u202f", "'", "’"}
_DASHES = ("-", "–", "—", "−", "~", "〜", "～")
# canonical units and how many hours one of them is (None: not a duration of effort)
HOURS_PER = {"hours": 1.0, "minutes": 1 / 60, "days": 8.0, "working-days": 8.0, "person-days": 8.0,
             "weeks": 40.0, "months": None, "points": None, "people": None, "sprints": None}
CALENDAR_DAYS = {"days": 1, "working-days": 1, "weeks": 7, "months": 30}
_YEAR_AFTER = re.compile(r"[ \t]+(?:19|20)\d{2}(?!\d)")
# currencies by how they are written before or after the amount, with their ISO code
# (None where the sign is shared: "¥" is yen and yuan, "kr" four crowns)
_BEFORE = {"r$": "BRL", "us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": None, "₩": "KRW", "₹": "INR",
           "₺": "TRY", "₽": "RUB", "₴": "UAH", "₫": "VND", "chf": "CHF", "eur": "EUR", "usd": "USD",
           "brl": "BRL", "gbp": "GBP", "rp": "IDR", "idr": "IDR", "pln": "PLN", "czk": "CZK", "sek": "SEK"}
_AFTER = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "usd": "USD", "brl": "BRL", "chf": "CHF",
          "$": "USD", "zł": "PLN", "zl": "PLN", "pln": "PLN", "kč": "CZK", "czk": "CZK", "kr": None, "sek": "SEK",
          "₺": "TRY", "₽": "RUB", "руб": "RUB", "руб.": "RUB", "рублей": "RUB", "₴": "UAH", "грн": "UAH",
          "₫": "VND", "đ": "VND", "đồng": "VND", "vnd": "VND", "円": "JPY", "元": "CNY", "원": "KRW",
          "idr": "IDR", "rupiah": "IDR"}


def _signs(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CURRENCY = re.compile(r"(?:(?<![^\W\d_])(?:" + _signs(w for w in _BEFORE if w.isalpha()) + r")|"
                       + _signs(w for w in _BEFORE if not w.isalpha()) + r")\s?$")
_CURRENCY_AFTER = re.compile(r"\s?(?:" + _signs(_AFTER) + r")(?![^\W\d_])")
_CURRENCY_CODE = {**_BEFORE, **_AFTER}


def currency(text: str) -> str | None:
    """The currency a money amount is written in ("R$ 100,00" BRL, "$20" and "US$ 1" USD,
    "30 EUR", "Rp 12.500.000", "5.000円"), or None when it names none or an ambiguous one ("¥")."""
    folded = text.lower()
    word = re.match(r"\s*(" + _signs(_BEFORE) + r")", folded)
    if word:
        return _CURRENCY_CODE.get(word.group(1))
    word = re.search(r"(" + _signs(_AFTER) + r")\s*$", folded)
    return _CURRENCY_CODE.get(word.group(1)) if word else None


@dataclass(frozen=True)
class Number:
    value: float
    first: int
    last: int
    text: str
    decimals: int = 0  # digits written after the decimal mark


_INLINE_SUM = re.compile(r"[ \t]?[(（]=[^()（）=]{1,80}[)）]")
_MOST_AMOUNTS = 500  # amounts read on one line: no plan line holds more, and a line of thousands is no plan


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    unit: str  # hours, minutes, days, working-days, person-days, weeks, months, points, people, sprints, money, percent
    approximate: bool
    text: str
    start: int
    end: int
    open_ended: bool = False
    decimals: int = 0

    def hours(self) -> tuple[float, float] | None:
        factor = HOURS_PER.get(self.unit)
        return None if factor is None else (self.low * factor, self.high * factor)

    def to_hours(self, hours_per_day: float = 8, days_per_week: float = 5):
        if self.unit == "minutes":
            return self.low / 60, self.high / 60
        if self.unit == "hours":
            return self.low, self.high
        if self.unit in ("days", "working-days", "person-days"):
            return self.low * hours_per_day, self.high * hours_per_day
        if self.unit == "weeks":
            return self.low * hours_per_day * days_per_week, self.high * hours_per_day * days_per_week
        return None


_DECIMAL_EVIDENCE = re.compile(r"(?<![\w.,])(\d+)([.,])(\d+)(?:([.,])(\d+))?(?![\w.,]*\d)")
_NUMBERING = re.compile(r"^\s*(?:#+\s*|[-*+]\s+)?$")


def guess_decimal(text: str, default: str = ".") -> str:
    """The decimal mark a document writes: "," when its numbers read "6,25" or
    "19.435,00" more often than "1.5" or "1,056.50"; `default` when they do not tell.
    Section numbers ("### 2.1 Costs"), versions and dates ("1.2.3", "03.11.2025") do not vote."""
    votes = {",": 0, ".": 0}
    for line in text.splitlines():
        if not any(ch in line for ch in ",."):
            continue
        for m in _DECIMAL_EVIDENCE.finditer(line):
            if _NUMBERING.match(line[:m.start()]):
                continue
            first, second, tail = m.group(2), m.group(4), m.group(5)
            if second is None:
                if len(m.group(3)) != 3:
                    votes[first] += 1
            elif second != first and len(m.group(3)) == 3 and tail:
                votes[second] += 2  # 19.435,00
    if votes[","] > votes["."]:
        return ","
    if votes["."] > votes[","]:
        return "."
    return default


def scan_numbers(text: str, decimal: str = ".", spaces: bool | None = None) -> list[Number]:
    """Every number in text, as the document writes them. `decimal` is the document's
    decimal mark; a mark followed by one, two or four digits is a decimal mark whatever
    the document, a mark followed by three digits is read by the convention.
    `spaces`: whether "13 500" is one number (default: when the decimal mark is ",")."""
    if spaces is None:
        spaces = decimal == ","
    out: list[Number] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _RUN.search(text, pos)
        if m is None:
            break
        first, last = m.start(), m.end()
        if first > 0 and (_latin_letter(text[first - 1]) or text[first - 1] in "_"):
            # glued to a word: "US6", "Rkhunter225", "h2" are names
            pos = last
            while pos < n and (text[pos].isdigit() or _latin_letter(text[pos]) or text[pos] in "._-"):
                pos += 1
            continue
        integer = m.group(0)
        value_text = integer
        decimals = 0
        thousand = None
        groups = [integer]
        cursor = last
        # thousands groups
        while cursor + 4 <= n and text[cursor] in _SEPARATORS and text[cursor + 1:cursor + 4].isdigit() \
                and not text[cursor + 4:cursor + 5].isdigit() and len(groups[0]) <= 3:
            sep = text[cursor]
            if sep in (" ", "\u00a0", "\u202f") and not spaces:
                break
            if thousand is None:
                if sep == decimal and sep in ",.":
                    break  # "1.056" in a document that writes decimals with a dot
                thousand = sep
            elif sep != thousand:
                break
            groups.append(text[cursor + 1:cursor + 4])
            cursor += 4
        value_text = "".join(groups)
        # decimal part
        if cursor + 1 < n and text[cursor] in ",." and text[cursor] != thousand and text[cursor + 1].isdigit():
            tail = _RUN.match(text, cursor + 1)
            digits = tail.group(0)
            if thousand is None and len(digits) == 3 and text[cursor] != decimal and len(groups[0]) <= 3:
                # "1,056" with a dot convention is a thousand; handled above only with the convention's other mark
                value_text += digits
                cursor = tail.end()
            elif not (text[tail.end():tail.end() + 1] in ",." and text[tail.end() + 1:tail.end() + 2].isdigit()):
                value_text += "." + digits
                decimals = len(digits)
                cursor = tail.end()
            else:
                # "1.2.3": a version or a section number, not a number
                pos = tail.end()
                while pos < n and (text[pos].isdigit() or text[pos] in ".,"):
                    pos += 1
                continue
        if cursor < n and (text[cursor].isdigit()):
            pos = cursor
            continue
        try:
            value = float(value_text)
        except ValueError:
            pos = cursor
            continue
        if not math.isfinite(value) or len(value_text) > 15:
            pos = cursor
            continue
        if first > 0 and text[first - 1] in ("-", "−") and (first == 1 or text[first - 2] in " \t(=:|[~≈"):
            first -= 1
            value = -value
        out.append(Number(value, first, cursor, text[first:cursor], decimals))
        pos = cursor
    return out


def _latin_letter(ch: str) -> bool:
    return ch.isalpha() and (ch < "\u0250" or "\u0370" <= ch <= "\u052f" or "\u1e00" <= ch <= "\u1eff")


def _percent_before(folded: str, first: int) -> bool:
    """"%80", as Turkish writes a percentage: the sign before the number, not after a word."""
    return first > 0 and folded[first - 1] == "%" and not folded[first - 2:first - 1].isalnum()


class QuantityReader:
    """Quantities with units, by the words of a lexicon and a document's decimal mark."""

    def __init__(self, lex: Lexicon, decimal: str = "."):
        self.lex = lex
        self.decimal = decimal
        self._seen: dict[str, tuple[Quantity, ...]] = {}
        units = []
        self.unit_of: dict[str, str] = {}
        for role in lex.roles("units"):
            for word in lex.words("units", role):
                self.unit_of.setdefault(word, role)
                units.append(word)
        # a unit right after the number (glued "8h", "3時間", or after a space)
        self._unit = re.compile(r"[ \t]?(?:(?:" + alternation(lex.words("words", "filler")) + r")[ \t-]){0,2}("
                                + alternation(units) + r")")
        self._approx = re.compile(r"(?:" + alternation(lex.words("words", "approximately")) + r")[ \t]?$")
        # "Sprint 3 — 16 SP", "스프린트 3 — 16 SP": the label names 3; the words of the
        # lexicon's iterations label too (of two letters or more: "주 3회" is no week 3)
        labels = lex.words("words", "label") + [w for kind in ("sprint", "phase", "milestone", "release", "iteration")
                                               for w in lex.words("iterations", kind) if len(w) >= 2]
        self._label = re.compile(r"(?<![\uac00-\ud7af])(?:" + alternation(labels) + r")[ \t]?[#№]?[ \t]?$")
        self._range_words = set(lex.words("words", "range"))
        self._after_one = set(lex.words("units", "only-after-one"))
        # "6~10주차", "3日目": a week or day number, not an amount
        self._index_suffix = [w for w in lex.words("dates", "week-suffix") + lex.words("dates", "day-suffix")]
        self._per = re.compile(r"[ \t]?(?:/[^\W\d_]|(?:" + alternation(lex.words("words", "per")) + r")[ \t]+[^\W\d_])")
        self._spaced_per = re.compile(r"[ \t]?/[ \t]+")

    def numbers(self, text: str) -> list[Number]:
        return scan_numbers(text, self.decimal)

    def labelled(self, folded: str, first: int) -> bool:
        """Does a label word stand right before the number at `first` ("Week 5", "Sprint 2")?"""
        return bool(self._label.search(folded[max(0, first - 24):first]))

    def thresholds(self, text: str) -> list[list]:
        """The thresholds a success criterion sets: [value, unit, "upper" | "lower"] for
        "< 200 ms", "p95 under 2 seconds", "at least 90%", "99.9% uptime"."""
        folded = fold(text)
        before_re, after_re = self._threshold_words()
        out = []
        for n in self.numbers(text):
            before = folded[max(0, n.first - 16):n.first]
            unit = self.unit_after(folded, n.last)
            stop = unit[1] if unit else n.last
            name = unit[0] if unit else None
            if name is None and folded[n.last:n.last + 2].strip()[:1] == "%":
                name, stop = "percent", folded.index("%", n.last) + 1
            elif name is None and _percent_before(folded, n.first):
                name, before = "percent", before[:-1]
            # the longest word before the number: "не менее" (at least) holds "менее" (less)
            found = [(m.start(), k) for k, r in before_re.items() if (m := r.search(before))]
            direction = min(found)[1] if found else None
            if direction is None:
                direction = next((k for k, r in after_re.items() if r.match(folded, stop)), None)  # "300ms未満"
            if direction is None and name != "percent":
                continue
            out.append([n.value, name or "", direction or "lower"])
        return out

    def _threshold_words(self):
        """The words before a number ("at most", "unter") and after it ("未満") that make
        it a bound, compiled once per reader."""
        if not hasattr(self, "_bounds"):
            lex = self.lex
            words = {"upper": lex.words("words", "at-most"), "lower": lex.words("words", "at-least")}
            after = {"upper": lex.words("words", "at-most-after"), "lower": lex.words("words", "at-least-after")}
            self._bounds = ({k: re.compile(r"(?:" + alternation(v) + r")[ \t]*$") for k, v in words.items()},
                            {k: re.compile(r"[ \t]*(?:" + alternation(v, boundaries=False) + r")")
                             for k, v in after.items() if v})
        return self._bounds

    def _rate_after(self, folded: str, pos: int) -> bool:
        """Does a rate's "per" follow: "/h", "/semana", "por sprint", or " / " before a unit
        ("30 horas / semana"; "PM 1人 / フロント 2人" lists amounts)."""
        if self._per.match(folded, pos):
            return True
        spaced = self._spaced_per.match(folded, pos)
        return spaced is not None and self.unit_after(folded, spaced.end()) is not None

    def unit_after(self, folded: str, pos: int) -> tuple[str, int] | None:
        m = self._unit.match(folded, pos)
        if not m:
            return None
        word = m.group(1)
        unit = self.unit_of.get(word)
        if unit is None:
            return None
        start = m.start(1)
        if any(folded.startswith(s, start) and len(s) > len(word) for s in self._index_suffix):
            return None
        if len(word) == 1 and word.isascii() and m.start(1) != pos and (
                word != "h" or folded[m.end():m.end() + 3].strip()[:1].isdigit()):
            return None  # single letters glued ("8h"; "3 w" is not weeks), but "12 h" and "0.5 日"; "8 h 30" is a time
        if len(word) == 1 and not word.isascii() and folded[m.end():m.end() + 1].isdigit():
            return None  # "3月3日": the month of a date, not three months
        return unit, m.end()

    def quantities(self, text: str, numbers: list[Number] | None = None) -> list[Quantity]:
        """Every amount with a unit, a currency or a percent sign in text. A line is read by
        several readers (its heading, its totals, its items): the last texts are kept."""
        if numbers is None:
            seen = self._seen.get(text)
            if seen is None:
                if len(self._seen) > 256:
                    self._seen.clear()
                seen = self._seen[text] = tuple(self._quantities(text, None))
            return list(seen)
        return self._quantities(text, numbers)

    def _quantities(self, text: str, numbers: list[Number] | None) -> list[Quantity]:
        folded = fold(text)
        nums = (numbers if numbers is not None else self.numbers(text))[:_MOST_AMOUNTS]
        out: list[Quantity] = []
        i = 0
        while i < len(nums):
            a = nums[i]
            low = high = a.value
            end = a.last
            decimals = a.decimals
            j = i
            # a range "8-13", "5 – 7", "4 to 5", "13〜21"
            if i + 1 < len(nums):
                b = nums[i + 1]
                between = folded[a.last:b.first].strip()
                glued = self.unit_after(folded, a.last)
                if glued and folded[glued[1]:b.first].strip() in ("-", "–", "—"):
                    between = folded[glued[1]:b.first].strip()  # "12h-16h"
                if (between in ("-", "–", "—", "~", "〜") or between in self._range_words and between not in ("e", "y")) \
                        and b.first - a.last <= 5 and not (a.value < 0 or b.value < 0):
                    unit_a = self.unit_after(folded, a.last)
                    if unit_a is None or self.unit_after(folded, b.last) and unit_a[0] == self.unit_after(folded, b.last)[0]:
                        high = b.value
                        end = b.last
                        decimals = max(decimals, b.decimals)
                        j = i + 1
            if low < 0 and j == i:
                # "-0.7" keeps its sign; "Week 3 - 4 days" does not make -4
                pass
            before = folded[max(0, a.first - 24):a.first]
            if self._label.search(before):
                if j > i:  # "Sprint 1 - 2 weeks": the label names the 1, the 2 weeks stand
                    i = j
                    nums = nums[:j] + [Number(nums[j].value, nums[j].first, nums[j].last, nums[j].text, nums[j].decimals)] + nums[j + 1:]
                    continue
                i = j + 1
                continue
            approximate = bool(self._approx.search(before))
            plus = folded[end:end + 1] == "+"
            unit = self.unit_after(folded, end + 1 if plus else end)
            if unit is None and folded[end:end + 3].lstrip().startswith(("(=", "（=")):
                inline = _INLINE_SUM.match(folded, end)  # "880 (=300+20+540+20) Stunden"
                if inline:
                    unit = self.unit_after(folded, inline.end())
            if unit is None and folded[end:end + 1] == "-":
                hyphen = self.unit_after(folded, end + 1)  # "2-week sprint"
                if hyphen and hyphen[0] in CALENDAR_DAYS:
                    unit = hyphen
            if unit is not None and unit[1] - end <= 2 and _YEAR_AFTER.match(folded, unit[1]):
                unit = None  # "2H 2025" is a half-year
            month_before = folded[max(0, a.first - 2):a.first].strip()[-1:] in ("月", "월")
            if unit is not None and unit[0] in CALENDAR_DAYS and month_before:
                unit = None  # "11月14日", "10월 6일": the day of a date, not fourteen days
            if unit is not None and low != 1 and folded[end:unit[1]].strip(" +-") in self._after_one:
                unit = None  # "the 2025 sprint plan", "3-point estimate": a singular counts only one
            start = a.first
            if approximate:
                m = self._approx.search(before)
                start = a.first - (len(before) - m.start())
            if unit is not None and self._rate_after(folded, unit[1]):
                unit = None  # "120h por sprint", "30 horas/semana", "80,00/h": a rate, not an amount
                i = j + 1
                continue
            if unit is not None:
                name, stop = unit
                value_low, value_high = low, high
                # compound: "23h 40m", "56 hours 47 minutes", "1h56m"
                if name == "hours" and j == i:
                    k = i + 1
                    if k < len(nums) and nums[k].first - stop <= 2 and folded[stop:nums[k].first].strip() == "":
                        minute = self.unit_after(folded, nums[k].last)
                        if minute and minute[0] == "minutes":
                            value_low = value_high = low + nums[k].value / 60
                            stop = minute[1]
                            j = k
                open_ended = folded[stop:stop + 1] == "+" or plus
                out.append(Quantity(value_low, value_high, name, approximate, text[start:stop], start, stop,
                                    open_ended, decimals))
            elif folded[end:end + 1] == "%" or folded[end:end + 2] == " %":
                stop = end + (1 if folded[end] == "%" else 2)
                out.append(Quantity(low, high, "percent", approximate, text[start:stop], start, stop, False, decimals))
            elif _percent_before(folded, a.first):
                out.append(Quantity(low, high, "percent", approximate, text[a.first - 1:end], a.first - 1, end, False,
                                    decimals))
            elif _CURRENCY.search(before):
                m = _CURRENCY.search(before)
                start = a.first - (len(before) - m.start())
                out.append(Quantity(low, high, "money", approximate, text[start:end], start, end, False, decimals))
            elif (m := _CURRENCY_AFTER.match(folded, end)):
                out.append(Quantity(low, high, "money", approximate, text[start:m.end()], start, m.end(), False, decimals))
            i = j + 1
        return out

    def cell_value(self, cell: str, unit: str | None = None) -> Quantity | None:
        """The one value of a table cell: a quantity, or a bare number read in `unit`
        (the column's). None when the cell holds no number or several."""
        text = cell.strip()
        if not text:
            return None
        found = self.quantities(text)
        if len(found) == 1 and _covers(text, found[0]):
            return found[0]
        nums = self.numbers(text)
        if len(nums) == 2 and not found:
            between = fold(text[nums[0].last:nums[1].first]).strip()
            approx = bool(self._approx.search(fold(text[:nums[0].first])))
            words = (text[:nums[0].first] + text[nums[1].last:]).strip(" *_~`()[]≈")
            if between in ("-", "–", "~", "〜") and nums[1].value >= nums[0].value and (approx or not words):
                # "8-13", "~5-6"; "Weeks 1–2" numbers weeks, it is no amount
                return Quantity(nums[0].value, nums[1].value, unit or "number", approx, text, nums[0].first,
                                nums[1].last, False, max(nums[0].decimals, nums[1].decimals))
        if len(nums) != 1 or found:
            return None
        rest = (text[:nums[0].first] + text[nums[0].last:]).strip(" *_~`()[]")
        approx = bool(self._approx.search(fold(text[:nums[0].first])))
        if rest and not approx and rest not in ("+",):
            return None
        return Quantity(nums[0].value, nums[0].value, unit or "number", approx, text, nums[0].first, nums[0].last,
                        rest == "+", nums[0].decimals)


def _covers(text: str, q: Quantity) -> bool:
    rest = (text[:q.start] + text[q.end:]).strip(" *_~`()[]")
    return rest in ("", "+")


_SINGULAR = {"hours": "hour", "minutes": "minute", "days": "day", "weeks": "week", "months": "month",
             "points": "point", "sprints": "sprint"}


def format_quantity(low: float, high: float, unit: str) -> str:
    """Short display form: (80, 80, "hours") -> "80h", (2, 2, "weeks") -> "2 weeks"."""
    def num(x: float) -> str:
        return str(int(x)) if float(x).is_integer() else f"{x:.6g}"

    lo, hi = num(low), num(high)
    value = lo if lo == hi else f"{lo}-{hi}"
    if unit == "hours":
        return f"{value}h"
    if unit == "minutes":
        return f"{value}min"
    if unit == "percent":
        return f"{value}%"
    if unit in ("number", "money", None):
        return value
    if lo == hi == "1" and unit in _SINGULAR:
        return f"{value} {_SINGULAR[unit]}"
    return f"{value} {unit}"
