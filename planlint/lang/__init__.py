"""Words as data: one TOML file per language, compiled here into matchers.

Every word planlint looks for (iteration keywords, section and field names by role,
column names, statuses, units, totals, placeholders ...) is in a language file; month
and weekday names come from the CLDR (calendar.json, written by make_calendar.py). Which
languages apply to a document is decided from its text (`detect`), or by configuration.

All matching is done on `fold(text)`, which has the length of `text`, so positions found
in the folded text are columns of the line as written.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "nl", "pl", "cs", "sv", "tr", "id", "vi", "ru", "uk", "zh", "ja",
             "ko")

# Characters written in a full-width or typographic form that read like an ASCII one.
_WIDE = {"\u3000": " ", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u301c": "~", "\u2053": "~",
         "\uff5e": "~", "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-"}


def name(code: str) -> str:
    """A language's own name for itself ("Español")."""
    return _load(code)["language"]["name"]


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    if ch in _WIDE:
        return _WIDE[ch]
    if ch in "\u0130\u0131":  # Turkish İ and ı: "İLERLEME", "Tamamlandı" as "ilerleme", "tamamlandi"
        return "i"
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII
        ch = chr(code - 0xFEE0)
    low = ch.lower()
    if len(low) == 1:
        ch = low
    if code < 0x250 or 0x1E00 <= code <= 0x1EFF:  # Latin: drop accents
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() or unicodedata.category(base).startswith("L"):
            ch = base
    return ch


def fold(text: str) -> str:
    """Lower case, Latin accents dropped, full-width forms as ASCII; same length as text."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


def _script(word: str) -> str:
    """'cjk' for words in a script written without spaces, else 'alpha'."""
    for ch in word:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF:
            return "cjk"
    return "alpha"


# A word boundary that is a letter boundary: "8h" and "(2h)" hold the unit h, "each" does not.
# Letters of the alphabetic scripts of the languages read (Latin, Greek, Cyrillic); a CJK
# character beside a word is a boundary ("300ms未満"). Written as the letters it is, not
# as "any letter but CJK": the CJK ranges cost a few milliseconds in every pattern compiled.
_LETTER = r"[a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff]"
_BEFORE = r"(?<!" + _LETTER + ")"
_AFTER = r"(?!" + _LETTER + ")"


def alternation(words, boundaries: bool = True) -> str:
    """A regex that matches any of the folded words (the longest one where several
    start at a place), as a trie so that a search tries each place once, not once a
    word. Spaces in a word match runs of blanks; an alphabetic word matches only as a
    whole word (letters do not touch it: "8h" holds h, "each" does not)."""
    return _alternation(frozenset(w for w in words if w), boundaries)


@lru_cache(maxsize=4096)
def _alternation(words: frozenset, boundaries: bool) -> str:
    if not words:
        return r"(?!x)x"
    groups: dict[tuple[bool, bool], list[str]] = {}
    for word in words:
        alpha = boundaries and _script(word) == "alpha"
        key = (alpha and word[0].isalpha(), alpha and word[-1].isalpha())
        groups.setdefault(key, []).append(word)
    parts = []
    for (before, after), group in sorted(groups.items()):
        body = _trie(group)
        parts.append((_BEFORE if before else "") + "(?:" + body + ")" + (_AFTER if after else ""))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _trie(words) -> str:
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(_char(ch) + emit(child)) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _char(ch: str) -> str:
    return r"[ \t]+" if ch == " " else re.escape(ch)


@lru_cache(maxsize=None)
def _load(code: str) -> dict:
    with open(HERE / f"{code}.toml", "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=None)
def calendar() -> dict:
    return json.loads((HERE / "calendar.json").read_text(encoding="utf-8"))["locales"]


class Lexicon:
    """The words of a set of languages (and the signs every language shares)."""

    def __init__(self, languages=("en",)):
        self.languages = tuple(dict.fromkeys(languages))
        self._data = [_load("common")] + [_load(code) for code in self.languages]
        self._cache: dict = {}

    def __repr__(self) -> str:
        return f"Lexicon({', '.join(self.languages)})"

    def words(self, section: str, key: str) -> list[str]:
        """Folded words of one role, every applied language's."""
        found = ("words", section, key)
        if found not in self._cache:
            out = []
            for data in self._data:
                for word in data.get(section, {}).get(key, ()):
                    folded = fold(word)
                    if folded not in out:
                        out.append(folded)
            self._cache[found] = out
        return self._cache[found]

    def roles(self, section: str) -> list[str]:
        keys: list[str] = []
        for data in self._data:
            for key in data.get(section, {}):
                if key not in keys:
                    keys.append(key)
        return keys

    def pattern(self, section: str, key: str) -> re.Pattern:
        """A regex over folded text that finds the words of one role."""
        found = ("re", section, key)
        if found not in self._cache:
            self._cache[found] = re.compile(alternation(self.words(section, key)))
        return self._cache[found]

    def role_pattern(self, section: str, keys=None) -> re.Pattern:
        """One regex for several roles of a section, each a named group (role names with
        '-' become '_')."""
        keys = tuple(keys or self.roles(section))
        found = ("roles", section, keys)
        if found not in self._cache:
            groups = [f"(?P<{k.replace('-', '_')}>{alternation(self.words(section, k))})" for k in keys
                      if self.words(section, k)]
            self._cache[found] = re.compile("|".join(groups) or r"(?!x)x")
        return self._cache[found]

    def has(self, section: str, key: str, text: str) -> bool:
        return bool(self.pattern(section, key).search(fold(text)))

    def find(self, section: str, key: str, text: str):
        """(start, end) of every word of the role in text."""
        return [(m.start(), m.end()) for m in self.pattern(section, key).finditer(fold(text))]

    def is_word(self, section: str, key: str, text: str) -> bool:
        """Is the whole text (stripped) one word of the role?"""
        folded = fold(text).strip(" \t*_`:.()[]")
        return folded in self.words(section, key) or bool(
            folded and self.pattern(section, key).fullmatch(folded))

    def role_of(self, section: str, text: str, keys=None) -> str | None:
        """The role whose word the (short) text is, or starts with; the longest word wins
        ("Story Points" is points, not a story), the first role on a tie."""
        folded = fold(text).strip()
        best, length = None, 0
        for key in keys or self.roles(section):
            m = self.pattern(section, key).match(folded) if self.words(section, key) else None
            if m and m.end() > length:
                best, length = key, m.end()
        return best

    def number_words(self) -> dict[str, int]:
        if "numbers" not in self._cache:
            out: dict[str, int] = {}
            for data in self._data:
                for word, value in data.get("numbers", {}).items():
                    out.setdefault(fold(word), int(value))
            self._cache["numbers"] = out
        return self._cache["numbers"]

    def meta(self, key: str):
        """A [language] value of the first applied language that has it."""
        for data in self._data[1:]:
            if key in data.get("language", {}):
                return data["language"][key]
        return None

    # --- calendar -------------------------------------------------------------------

    def locales(self) -> list[str]:
        out: list[str] = []
        for data in self._data[1:]:
            out += [loc for loc in data.get("language", {}).get("locales", ()) if loc not in out]
        return out

    def months(self) -> dict[str, int]:
        """Folded month name (and unambiguous prefix of three letters or more) -> month."""
        if "months" not in self._cache:
            self._cache["months"] = _names(self.locales(), "months", 1, _first_words(self.locales(), "weekdays"))
        return self._cache["months"]

    def weekdays(self) -> dict[str, int]:
        """Folded weekday name (and unambiguous prefix) -> 0 (Monday) .. 6."""
        if "weekdays" not in self._cache:
            self._cache["weekdays"] = _names(self.locales(), "weekdays", 0, _first_words(self.locales(), "months"))
        return self._cache["weekdays"]


def _first_words(locales, kind: str) -> frozenset[str]:
    """The folded names of the first language's months or weekdays."""
    data = next((calendar()[loc] for loc in locales if calendar().get(loc)), None)
    return frozenset(fold(name).rstrip(".") for names in data[kind] for name in names) if data else frozenset()


def _names(locales, kind: str, first: int, avoid: frozenset[str] = frozenset()) -> dict[str, int]:
    """`avoid`: the first language's names of the other kind; a second language's name
    that is one of them is left out (English "Mar" in French, where "mar." is mardi)."""
    out: dict[str, int] = {}
    ambiguous: set[str] = set()
    own: set[str] = set()  # the words of the first language's names ("thu" of "thứ hai")
    for at, locale in enumerate(locales):
        data = calendar().get(locale)
        if not data:
            continue
        if not own:
            own = {w for names in data[kind] for name in names for w in fold(name).split()}
        table: dict[str, int] = {}
        for number, names in enumerate(data[kind], first):
            for name in names:
                table[fold(name)] = number
        # unambiguous prefixes of the longest names: "sept", "tues", "mié", "janv"
        for number, names in enumerate(data[kind], first):
            wide = fold(max(names, key=len))
            if _script(wide) == "cjk" or " " in wide:
                continue  # "thứ hai": no prefixes of names of two words ("thu h", "chu")
            for cut in range(3, len(wide)):
                prefix = wide[:cut]
                owners = {n for w, n in table.items() if w.startswith(prefix)} | (
                    {n2 for n2, names2 in enumerate(data[kind], first)
                     if fold(max(names2, key=len)).startswith(prefix)})
                if owners == {number} and prefix not in avoid:  # French "mar" is mardi, not mars
                    table.setdefault(prefix, number)
        for name, number in table.items():
            if at and (len(name) < 3 and _script(name) == "alpha" or name in own or name in avoid) and name not in out:
                continue  # English "Tu", "Thu" in a Vietnamese plan are the words of its own names
            if name in out and out[name] != number:
                ambiguous.add(name)
            out.setdefault(name, number)
    for name in ambiguous:
        out.pop(name, None)
    return out


# --- which languages a document is written in --------------------------------------

_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_LANGUAGES = ("ru", "uk")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _stopwords() -> dict[str, set[str]]:
    """Each alphabetic language's function words that no other language lists."""
    lists = {code: {fold(w) for w in _load(code)["language"]["stopwords"]}
             for code in LANGUAGES if _script("".join(_load(code)["language"]["stopwords"])) == "alpha"}
    return {code: {w for w in words if (len(w) >= 3 or not w.isascii())
                   and not any(w in other for c, other in lists.items() if c != code)}
            for code, words in lists.items()}


@lru_cache(maxsize=None)
def _owners() -> dict[str, tuple[str, ...]]:
    """Words of the alphabetic languages (function words, and lexicon and calendar words
    of three letters or more) -> the languages that have them."""
    owners: dict[str, set[str]] = {}
    for code in LANGUAGES:
        data = _load(code)
        words = {fold(w) for w in data["language"]["stopwords"]}
        for section, roles in data.items():
            if section not in ("language", "numbers"):
                words |= {fold(w) for ws in roles.values() for w in ws if len(w) >= 4}
        for locale in data["language"]["locales"]:
            cal = calendar().get(locale, {})
            words |= {n for names in cal.get("months", []) + cal.get("weekdays", []) for n in names if len(n) >= 4}
        for word in words:
            if _script(word) == "alpha" and " " not in word and (len(word) >= 3 or not word.isascii()):
                owners.setdefault(word, set()).add(code)
    return {w: tuple(sorted(c)) for w, c in owners.items()}


def detect(text: str, sample: int = 200_000) -> tuple[str, ...]:
    """The languages a document is written in, the main one first; English is always
    among them (plans in every language name things in English), last when it is not
    the main one. A word shared by several languages counts for each a share."""
    text = text[:sample]
    found: list[tuple[float, str]] = []
    kana, hangul, han = len(_KANA.findall(text)), len(_HANGUL.findall(text)), len(_HAN.findall(text))
    if kana >= 5:
        found.append((kana + han, "ja"))
    if hangul >= 5:
        found.append((hangul, "ko"))
    if han >= 10 and kana < 5:
        found.append((han, "zh"))
    owners = _owners()
    scores: dict[str, float] = {}
    for word in _WORD.findall(fold(text)):
        codes = owners.get(word)
        if codes:
            for code in codes:
                scores[code] = scores.get(code, 0) + 1 / len(codes)
    if len(_CYRILLIC.findall(text)) < 20:
        for code in _CYRILLIC_LANGUAGES:
            scores.pop(code, None)
    best = max((v for k, v in scores.items() if k != "en"), default=0)
    other_script = bool(found)  # a CJK document names Latin-script words in English, not in Italian
    for code, score in scores.items():
        if code == "en":
            continue
        if score >= 2 and score >= 0.35 * max(best, scores.get("en", 0)) and (
                score >= 8 or score == best and not other_script):
            found.append((score, code))
    if scores.get("en", 0) >= max(best, 2):
        found.append((scores["en"], "en"))
    found.sort(reverse=True)
    codes = [code for _, code in found]
    return tuple(dict.fromkeys(codes + ["en"]))


@lru_cache(maxsize=64)
def lexicon(languages: tuple[str, ...]) -> Lexicon:
    return Lexicon(languages)


def for_text(text: str, languages=None) -> Lexicon:
    """The lexicon of a document: the configured languages, else the detected ones."""
    return lexicon(tuple(languages) if languages else detect(text))
