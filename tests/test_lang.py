"""The lexicon: every language has English's keys, the calendar is the CLDR's, no word
of the lexicon is typed into a regex outside planlint/lang, and languages are told apart."""

import ast
import json
import re
import tomllib


import pytest

from conftest import ROOT
from planlint import lang
from planlint.lang import detect, fold, lexicon

LANG = ROOT / "planlint" / "lang"


def load(code):
    with open(LANG / f"{code}.toml", "rb") as handle:
        return tomllib.load(handle)


def keys(data):
    """Role keys (the number words of [numbers] are each language's own)."""
    return {(section, key) for section, table in data.items() if section != "numbers" for key in table}


@pytest.mark.parametrize("code", [c for c in lang.LANGUAGES if c != "en"])
def test_every_language_has_the_keys_english_has(code):
    missing = keys(load("en")) - keys(load(code))
    assert not missing, f"{code}.toml lacks {sorted(missing)}"


@pytest.mark.parametrize("code", lang.LANGUAGES)
def test_language_files_name_calendars_that_exist(code):
    calendars = json.loads((LANG / "calendar.json").read_text(encoding="utf-8"))["locales"]
    for locale in load(code)["language"]["locales"]:
        assert locale in calendars, f"{code}: no CLDR names for {locale}"


def test_calendar_is_what_the_cldr_says():
    pytest.importorskip("babel", reason="Babel (the test extra) writes calendar.json")
    from planlint.lang import make_calendar

    written = json.loads((LANG / "calendar.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(make_calendar.build(), ensure_ascii=False)), \
        "calendar.json is stale: run python -m planlint.lang.make_calendar"


def _lexicon_words():
    words = set()
    for path in LANG.glob("*.toml"):
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        for section, table in data.items():
            if section in ("language",):
                continue
            for value in table.values():
                for word in value if isinstance(value, list) else []:
                    for token in re.findall(r"[^\W\d_]+", fold(word)):
                        cjk = any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in token)
                        if (cjk and len(token) >= 2) or (not cjk and len(token) >= 3):
                            words.add(token)
    return words


_RE_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split"}


def _pattern_strings(node):
    """The string literals a regex pattern is written with (not arguments of calls in it)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.BinOp):
        yield from _pattern_strings(node.left)
        yield from _pattern_strings(node.right)
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            yield from _pattern_strings(value)


def _regex_literals(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_CALLS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
            for text in _pattern_strings(node.args[0]):
                yield node.lineno, text


def _words_of(pattern: str) -> set[str]:
    text = re.sub(r"\\[a-zA-Z]", " ", pattern)  # \d, \s, \w ...
    text = re.sub(r"\(\?P?<[^>]*>|\(\?P=[^)]*\)|\(\?[aiLmsux-]+[:)]", " ", text)  # group names, flags
    text = re.sub(r"\[[^\]]*\]", " ", text)  # character classes
    return {fold(t) for t in re.findall(r"[^\W\d_]+", text)}


def test_no_lexicon_word_in_a_regex_outside_the_lexicon():
    words = _lexicon_words()
    offenders = []
    for folder in ("planlint", "rules"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if LANG in path.parents:
                continue
            for line, pattern in _regex_literals(path):
                found = _words_of(pattern) & words
                if found:
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: {sorted(found)}")
    assert not offenders, "words belong in planlint/lang:\n" + "\n".join(offenders)


@pytest.mark.parametrize("text, main", [
    ("El equipo se centrará en la implementación de las tareas del sprint, con los criterios de aceptación.", "es"),
    ("O sistema possui os módulos principais e a equipe vai desenvolver as funcionalidades com qualidade.", "pt"),
    ("Le tableau ci-dessous est une représentation des disponibilités de notre équipe pendant la période.", "fr"),
    ("Die Applikation soll in einem Zeitraum von 14 Wochen kontinuierlich entwickelt werden und ist fertig.", "de"),
    ("Gli obiettivi di questo Sprint sono stati la creazione della pagina e il refactor generale del gioco.", "it"),
    ("Het team werkt aan de taken van de sprint en de resultaten worden aan het einde gepresenteerd.", "nl"),
    ("Zespół skupi się na zadaniach sprintu, a kryteria akceptacji zostaną sprawdzone przed wydaniem.", "pl"),
    ("Tým se v tomto sprintu zaměří na úkoly z backlogu a akceptační kritéria budou ověřena před vydáním.", "cs"),
    ("Teamet kommer att arbeta med uppgifterna i sprinten och resultaten presenteras vid slutet av perioden.", "sv"),
    ("Ekip bu sprintte görevlere odaklanacak ve kabul kriterleri sürümden önce kontrol edilecek.", "tr"),
    ("Tim akan fokus pada tugas-tugas sprint ini dan kriteria penerimaan akan diperiksa sebelum rilis.", "id"),
    ("Nhóm sẽ tập trung vào các công việc của sprint này và tiêu chí chấp nhận sẽ được kiểm tra trước khi phát hành.",
     "vi"),
    ("Протоколы внутренних встреч команды и отчёты по каждой итерации проекта находятся в репозитории.", "ru"),
    ("Команда зосередиться на задачах спринту, а критерії приймання буде перевірено перед випуском.", "uk"),
    ("构建完整的项目管理系统，包含项目管理、任务认领、报表功能、部署优化以及监控。", "zh"),
    ("短期チーム開発イベントの計画です。フロント2人が手待ちになりやすいので注意してください。", "ja"),
    ("웹 기반 코칭 러닝 크루 플랫폼의 개발 계획서입니다. 구현 단계는 아래와 같습니다.", "ko"),
    ("The team will deliver the dashboard in this sprint, and the review is on Friday.", "en"),
])
def test_languages_are_told_apart(text, main):
    found = detect(text)
    assert found[0] == main and "en" in found


def test_english_words_other_languages_write_too_keep_english_alone():
    # "data" is a Polish date, "under" a Swedish bound, "Dan" an Indonesian "and", "total" theirs too
    text = "Data migration: the data team ships the data model under budget; Dan reviews the total till Friday."
    assert detect(text) == ("en",)


def test_english_words_of_other_languages_do_not_misfire():
    # "Mar" is Tuesday in a Spanish table, March in an English line
    from planlint.dates import read_dates

    assert read_dates("| **08-jul** | Mar |", lexicon(("es", "en")), "dmy")[0].weekday is None
    assert read_dates("Mar 10, 2026", lexicon(("en",)), "mdy")[0].start.month == 3
    # "Do" is Thursday in German and Sunday in Spanish
    assert read_dates("Do, 19.09.2019", lexicon(("de", "en")), "dmy")[0].weekday.weekday == 3
    assert read_dates("Do, 19.09.2019", lexicon(("es", "en")), "dmy")[0].weekday.weekday == 6


def test_full_width_forms_read_like_ascii():
    assert fold("Ｓｐｒｉｎｔ　１：（２週間）～") == "sprint 1:(2週間)~"
    assert len(fold("Ｓｐｒｉｎｔ")) == len("Ｓｐｒｉｎｔ")
