"""Translation twins (issue #9, part 6): tests/fixtures/lang/<code>.md is one release plan
written once in each language planlint reads, the way a team of that language writes
it: its own date formats with weekdays, decimal commas, headings, status words, units
and layouts (tables in one twin are lists in another). The facts are the same in every
twin, so each must parse to the English twin's model, titles aside, and planlint check
must catch the same one-line mistakes in each.

The comparison is a projection of the model (`facts`): iterations with their kind,
number, dates, weekdays, duration and status; per iteration the estimates of its work
items, whether each is done, the computed sum, the totals it states, and the thresholds
of its success criteria; the risks with their probability and impact; the team and
capacity fields and the plan's grand total. Titles and free text are left out, and so
are the words themselves: a status is compared as the role planlint gave it, a risk
level through LEVELS below.

READINGS holds the smallest inputs behind twins that were once read wrongly, each
checked on its own.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pytest

from conftest import ROOT
from planlint.check import check_source
from planlint.config import Config
from planlint.engine import registry
from planlint.lang import lexicon
from planlint.parser import parse_plan
from planlint.source import decode, read_source

TWINS = ROOT / "tests" / "fixtures" / "lang"
CODES = ("en", "es", "pt", "fr", "de", "it", "nl", "pl", "cs", "sv", "tr", "id", "vi", "ru", "uk", "zh", "zh-Hant",
         "ja", "ko")
TODAY = date(2025, 3, 24)  # in Sprint 2: Sprint 1 is done, Sprint 2 in progress, Sprint 3 planned

# The language planlint should detect first, and whether the twin writes decimal commas.
MAIN = {code: code for code in CODES} | {"zh-Hant": "zh"}
DECIMAL_COMMA = {"en": False, "es": True, "pt": True, "fr": True, "de": True, "it": True, "nl": True,
                 "pl": True, "cs": True, "sv": True, "tr": True, "id": True, "vi": True, "ru": True, "uk": True,
                 "zh": False, "zh-Hant": False, "ja": False, "ko": False}

# Risk levels as the twins write them (the model keeps the cell's text).
LEVELS = {
    "low": {"low", "baja", "baixa", "faible", "gering", "bassa", "laag", "niskie", "nízká", "låg", "düşük", "rendah",
            "thấp", "низкая", "низька", "低", "낮음"},
    "medium": {"medium", "media", "média", "moyenne", "moyen", "mittel", "middel", "średnie", "średni", "střední",
               "medel", "orta", "sedang", "trung bình", "средняя", "среднее", "середня", "середній", "中", "중간"},
    "high": {"high", "alta", "élevé", "hoch", "hoog", "wysoki", "vysoký", "hög", "yüksek", "tinggi", "cao", "высокое",
             "високий", "高", "높음"},
}

# The facts every twin states, as `facts` projects them: what the English twin says.
H = "hours"
EXPECTED = {
    "iterations": [
        {"kind": "sprint", "id": "Sprint 1", "start": "2025-03-03", "end": "2025-03-14", "weekdays": (0, 4),
         "duration": (2, 2, "weeks"), "status": "complete"},
        {"kind": "sprint", "id": "Sprint 2", "start": "2025-03-17", "end": "2025-03-28", "weekdays": (0, 4),
         "duration": (2, 2, "weeks"), "status": "in_progress"},
        {"kind": "sprint", "id": "Sprint 3", "start": "2025-03-31", "end": "2025-04-11", "weekdays": (0, 4),
         "duration": (2, 2, "weeks"), "status": "planned"},
    ],
    "work items": [
        {"items": [(6, 6, H, True), (10, 10, H, True), (16, 16, H, True), (12, 12, H, True), (3.5, 3.5, H, True)],
         "sum": (47.5, 47.5, H, 5)},
        {"items": [(14, 14, H, True), (12, 12, H, True), (6, 8, H, False), (20, 20, H, False), (8, 8, H, False)],
         "sum": (60, 62, H, 5)},
        {"items": [(10, 10, H, False), (18, 18, H, False), (8, 8, H, False), (6.5, 6.5, H, False),
                   (4, 4, H, False)],
         "sum": (46.5, 46.5, H, 5)},
    ],
    "totals": {"sprints": [[(47.5, 47.5, H)], [(60, 62, H)], [(46.5, 46.5, H)]], "plan": [(154, 156, H)]},
    "criteria": [
        [[(300, "milliseconds", "upper")], [(80, "percent", "lower")]],
        [[(2, "minutes", "upper")], [(1, "percent", "upper")]],
        [[(99.5, "percent", "lower")], [(90, "", "lower")]],
    ],
    "risks": [("medium", "high"), ("low", "high"), ("medium", "medium")],
    "fields": {"roles": ["capacity", "team"], "capacity": (240, 240, H)},
}
ASPECTS = tuple(EXPECTED)

# One-line mistakes, each made in every twin, and the rule that must report it on the
# edited line: Sprint 1's total row (PL202), Sprint 2's stated total (PL201), the weekday
# of Sprint 2's first day (PL102), and Sprint 3's last day a week later than its two
# weeks allow, still a Friday (PL104).
RULE = {"table-total": "PL202", "stated-total": "PL201", "weekday": "PL102", "range-end": "PL104"}
MUTATIONS = {
    "en": {"table-total": ("**47.5**", "**49.5**"), "stated-total": ("**Total**: 60–62h", "**Total**: 70–72h"),
           "weekday": ("Mon, Mar 17", "Tue, Mar 17"), "range-end": ("Fri, Apr 11", "Fri, Apr 18")},
    "es": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Total**: 60 a 62 horas", "**Total**: 70 a 72 horas"),
           "weekday": ("del lunes 17 de marzo", "del martes 17 de marzo"),
           "range-end": ("viernes 11 de abril", "viernes 18 de abril")},
    "pt": {"table-total": ("**47,5**", "**49,5**"), "stated-total": ("**Total**: 60–62h", "**Total**: 70–72h"),
           "weekday": ("17/03/2025 (segunda-feira)", "17/03/2025 (terça-feira)"),
           "range-end": ("11/04/2025 (sexta-feira)", "18/04/2025 (sexta-feira)")},
    "fr": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Total** : 60 à 62 h", "**Total** : 70 à 72 h"),
           "weekday": ("du lundi 17/03/2025", "du mardi 17/03/2025"),
           "range-end": ("vendredi 11/04/2025", "vendredi 18/04/2025")},
    "de": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Summe**: 60–62 Std.", "**Summe**: 70–72 Std."),
           "weekday": ("Mo., 17.03.2025", "Di., 17.03.2025"), "range-end": ("Fr., 11.04.2025", "Fr., 18.04.2025")},
    "it": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Totale**: 60-62 ore", "**Totale**: 70-72 ore"),
           "weekday": ("da lunedì 17/03/2025", "da martedì 17/03/2025"),
           "range-end": ("venerdì 11/04/2025", "venerdì 18/04/2025")},
    "nl": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Totaal**: 60-62 uur", "**Totaal**: 70-72 uur"),
           "weekday": ("ma 17 maart", "di 17 maart"), "range-end": ("vr 11 april", "vr 18 april")},
    "pl": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Razem**: 60–62 godz.", "**Razem**: 70–72 godz."),
           "weekday": ("pon. 17.03.2025", "wt. 17.03.2025"), "range-end": ("pt. 11.04.2025", "pt. 18.04.2025")},
    "cs": {"table-total": ("**47,5**", "**49,5**"), "stated-total": ("**Celkem**: 60–62 h", "**Celkem**: 70–72 h"),
           "weekday": ("Po 17.03.2025", "Út 17.03.2025"), "range-end": ("Pá 11.04.2025", "Pá 18.04.2025")},
    "sv": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Totalt**: 60–62 tim", "**Totalt**: 70–72 tim"),
           "weekday": ("mån 17 mars", "tis 17 mars"), "range-end": ("fre 11 april", "fre 18 april")},
    "tr": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Toplam**: 60–62 saat", "**Toplam**: 70–72 saat"),
           "weekday": ("17.03.2025 Pazartesi", "17.03.2025 Salı"),
           "range-end": ("11.04.2025 Cuma", "18.04.2025 Cuma")},
    "id": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Total**: 60–62 jam", "**Total**: 70–72 jam"),
           "weekday": ("Senin, 17 Maret", "Selasa, 17 Maret"), "range-end": ("Jumat, 11 April", "Jumat, 18 April")},
    "vi": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Tổng**: 60–62 giờ", "**Tổng**: 70–72 giờ"),
           "weekday": ("Thứ Hai, 17/03/2025", "Thứ Ba, 17/03/2025"),
           "range-end": ("Thứ Sáu, 11/04/2025", "Thứ Sáu, 18/04/2025")},
    "uk": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Разом**: 60–62 години", "**Разом**: 70–72 години"),
           "weekday": ("17.03.2025 (пн)", "17.03.2025 (вт)"), "range-end": ("11.04.2025 (пт)", "18.04.2025 (пт)")},
    "ru": {"table-total": ("**47,5**", "**49,5**"),
           "stated-total": ("**Итого**: 60–62 часа", "**Итого**: 70–72 часа"),
           "weekday": ("17.03.2025 (пн)", "17.03.2025 (вт)"), "range-end": ("11.04.2025 (пт)", "18.04.2025 (пт)")},
    "zh": {"table-total": ("**47.5**", "**49.5**"),
           "stated-total": ("**合计**：60～62 小时", "**合计**：70～72 小时"),
           "weekday": ("3月17日（周一）", "3月17日（周二）"), "range-end": ("4月11日（周五）", "4月18日（周五）")},
    "zh-Hant": {"table-total": ("**47.5**", "**49.5**"),
                "stated-total": ("**合計**：60～62 小時", "**合計**：70～72 小時"),
                "weekday": ("3月17日（週一）", "3月17日（週二）"), "range-end": ("4月11日（週五）", "4月18日（週五）")},
    "ja": {"table-total": ("**47.5**", "**49.5**"),
           "stated-total": ("**合計**：60〜62時間", "**合計**：70〜72時間"),
           "weekday": ("3月17日（月）", "3月17日（火）"), "range-end": ("4月11日（金）", "4月18日（金）")},
    "ko": {"table-total": ("**47.5**", "**49.5**"),
           "stated-total": ("**합계**: 60~62시간", "**합계**: 70~72시간"),
           "weekday": ("3월 17일(월)", "3월 17일(화)"), "range-end": ("4월 11일(금)", "4월 18일(금)")},
}


# --- what the model says, titles aside ---------------------------------------------------


def _amount(est):
    return None if est is None else (est.low, est.high, est.unit)


def _level(text):
    word = (text or "").strip().lower()
    return next((level for level, words in LEVELS.items() if word in words), text)


def facts(plan) -> dict:
    sprints = list(plan.iterations())
    stated = []
    for s in sprints:
        rows = [(t.low, t.high, t.unit) for t in plan.totals if s.line <= t.line <= s.end_line]
        claims = [_amount(c.value) for c in plan.claims if c.kind == "total" and c.sprint == s.id]
        stated.append(sorted(rows + claims))
    return {
        "iterations": [
            {"kind": s.kind, "id": s.id,
             "start": s.dates.start.isoformat() if s.dates else None,
             "end": s.dates.end.isoformat() if s.dates else None,
             "weekdays": (s.dates.weekday, s.dates.end_weekday) if s.dates else None,
             "duration": _amount(s.duration), "status": s.status}
            for s in sprints],
        "work items": [
            {"items": [(*(_amount(i.estimate) or (None, None, None)), i.status == "done") for i in s.work_items],
             "sum": (s.estimate["low"], s.estimate["high"], s.estimate["unit"], s.estimate["items"])
             if s.estimate else None}
            for s in sprints],
        "totals": {"sprints": stated,
                   "plan": sorted(_amount(c.value) for c in plan.claims if c.kind == "total" and c.sprint is None)},
        "criteria": [[[tuple(t) for t in c.thresholds] for c in s.success_criteria] for s in sprints],
        "risks": [(_level(r.probability), _level(r.impact)) for r in plan.risks + [r for s in sprints for r in s.risks]],
        "fields": {"roles": sorted({r for f in plan.fields for r in f.roles} & {"team", "capacity"}),
                   "capacity": next((_amount(f.amount) for f in plan.fields if "capacity" in f.roles), None)},
    }


@lru_cache(maxsize=None)
def twin(code: str):
    return parse_plan(read_source(TWINS / f"{code}.md"))


def findings(text: str, name: str):
    reg = registry()
    config = Config()
    source = decode(text.encode("utf-8"), name)
    return check_source(source, config.selected(reg), config, reg, TODAY)


# --- reader gaps: each with the smallest input that shows it -------------------------------

def _quantities(code, text, decimal="."):
    from planlint.quantities import QuantityReader

    return [(q.low, q.high, q.unit) for q in QuantityReader(lexicon((code, "en")), decimal).quantities(text)]


def _dates(code, text, order):
    from planlint.dates import read_dates

    return [(d.days(2025), d.weekday and d.weekday.weekday, d.end_weekday and d.end_weekday.weekday)
            for d in read_dates(text, lexicon((code, "en")), order)]


def _thresholds(code, text):
    from planlint.quantities import QuantityReader

    return QuantityReader(lexicon((code, "en")), ".").thresholds(text)


def _status(code, text):
    from planlint.recognise import status_of

    return status_of(text, lexicon((code, "en")))


def _duration(code, text):
    plan = parse_plan(decode(text.encode("utf-8"), "gap.md"), languages=(code, "en"))
    return _amount(plan.sprints[0].duration) if plan.sprints else None


def _column_unit(code, header):
    from planlint.recognise import column_unit

    return column_unit(header, lexicon((code, "en")))


MARCH_3_14 = ((date(2025, 3, 3), date(2025, 3, 14)), 0, 4)
# The smallest inputs behind twins that were once read wrongly, each read as it should be.
READINGS = {
    "spaced-letter-unit": lambda: _quantities("fr", "Formulaire (12 h)", ",") == [(12, 12, "hours")]
    and _quantities("zh", "（2 周）") == [(2, 2, "weeks")] and _quantities("fr", "Réunion à 8 h 30", ",") == [],
    "range-word-a": lambda: _quantities("es", "Correos (6 a 8 horas)", ",") == [(6, 8, "hours")],
    "dotted-weekday-in-range": lambda: _dates("de", "Mo., 03.03.2025 – Fr., 14.03.2025", "dmy") == [MARCH_3_14],
    "hyphenated-weekday": lambda: _dates("pt", "03/03/2025 (segunda-feira) a 14/03/2025 (sexta-feira)", "dmy")
    == [MARCH_3_14],
    "dates-field-duration": lambda: _duration("it", "## Sprint 1\n\n**Periodo**: da lunedì 03/03/2025 a venerdì "
                                                    "14/03/2025 (2 settimane)\n") == (2, 2, "weeks"),
    "cjk-month-is-no-duration": lambda: [u for u in _quantities("zh", "2025年3月3日至3月14日") if u[2] == "months"] == [],
    "threshold-word-after-number": lambda: _thresholds("ja", "ログインのp95応答時間が300ms未満")
    == [[300.0, "milliseconds", "upper"]] and _thresholds("ko", "결제 오류율 1% 미만") == [[1.0, "percent", "upper"]],
    "threshold-negated-word": lambda: _thresholds("ru", "Покрытие не менее 80 %") == [[80.0, "percent", "lower"]]
    and _thresholds("zh", "覆盖率不低于 80%") == [[80.0, "percent", "lower"]],
    "status-inside-word": lambda: _status("ja", "決済サービス連携（20時間）") is None,
    "comma-unit-header": lambda: _column_unit("ru", "Оценка, ч") == "hours",
    "percent-sign-before": lambda: _thresholds("tr", "Birim testi kapsamı en az %80") == [[80.0, "percent", "lower"]]
    and _thresholds("tr", "Ödeme hata oranı %1'in altında") == [[1.0, "percent", "upper"]]
    and _quantities("en", "see a%20b") == [],
    "two-word-weekday": lambda: _dates("vi", "Thứ Hai, 03/03/2025 – Thứ Sáu, 14/03/2025", "dmy") == [MARCH_3_14]
    and _dates("vi", "Thứ 2, 03/03/2025 – Thứ 6, 14/03/2025", "dmy") == [MARCH_3_14],
    "everyday-word-weekday": lambda: _dates("pl", "Zaczyna się 3 marca, termin 14.03.2025 nie później", "dmy")
    == [((date(2025, 3, 3), date(2025, 3, 3)), None, None), ((date(2025, 3, 14), date(2025, 3, 14)), None, None)]
    and _dates("cs", "Po 03.03.2025 – Pá 14.03.2025", "dmy") == [MARCH_3_14],
    "turkish-dotted-i": lambda: _status("tr", "TAMAMLANDI") == _status("tr", "Tamamlandı") == "complete",
}


@pytest.mark.parametrize("name", sorted(READINGS))
def test_reading_behind_a_twin(name):
    assert READINGS[name]()


def _case(code, what):
    return pytest.param(code, what, id=f"{code}-{what}")


# --- the tests ------------------------------------------------------------------------------


def test_every_language_has_a_twin():
    from planlint.lang import LANGUAGES

    assert set(LANGUAGES) <= set(CODES) and all((TWINS / f"{c}.md").is_file() for c in CODES)
    assert set(MUTATIONS) == set(CODES)


@pytest.mark.parametrize("aspect", ASPECTS)
def test_english_twin_states_the_facts(aspect):
    assert facts(twin("en"))[aspect] == EXPECTED[aspect]


@pytest.mark.parametrize("code", CODES)
def test_twin_is_read_in_its_language(code):
    plan = twin(code)
    assert plan.languages[0] == MAIN[code] and "en" in plan.languages
    assert plan.decimal_comma is DECIMAL_COMMA[code]


@pytest.mark.parametrize("code, aspect", [_case(c, a) for c in CODES if c != "en" for a in ASPECTS])
def test_twin_reads_like_the_english_one(code, aspect):
    assert facts(twin(code))[aspect] == facts(twin("en"))[aspect]


@pytest.mark.parametrize("code, what", [_case(c, "clean") for c in CODES])
def test_twin_has_no_errors(code, what):
    text = (TWINS / f"{code}.md").read_text(encoding="utf-8")
    errors = [(f.line, f.rule, f.message) for f in findings(text, f"{code}.md") if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_twin_has_the_findings_of_the_english_one(code):
    def rules(c):
        text = (TWINS / f"{c}.md").read_text(encoding="utf-8")
        return sorted((f.rule, f.severity) for f in findings(text, f"{c}.md"))

    assert rules(code) == rules("en")


@pytest.mark.parametrize("code, what", [_case(c, m) for c in CODES for m in RULE])
def test_mutated_twin_is_caught_on_the_edited_line(code, what):
    text = (TWINS / f"{code}.md").read_text(encoding="utf-8")
    old, new = MUTATIONS[code][what]
    lines = [n for n, line in enumerate(text.split("\n"), 1) if old in line]
    assert len(lines) == 1 and text.count(old) == 1, f"{old!r} must stand once in {code}.md"
    mutated = text.replace(old, new)
    before = {(f.line, f.rule) for f in findings(text, f"{code}.md")}
    after = {(f.line, f.rule) for f in findings(mutated, f"{code}.md")}
    assert (lines[0], RULE[what]) in after - before, sorted(after - before)
