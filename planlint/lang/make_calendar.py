"""Write calendar.json: month and weekday names of every supported locale, from the CLDR.

    python -m planlint.lang.make_calendar        # needs Babel (pip install babel)

The names are never typed in by hand; tests/test_lang.py checks that calendar.json is
what this script writes with the installed Babel.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "calendar.json"

# CLDR locales whose names planlint reads; a language file in this folder names its locales.
LOCALES = (
    "en", "es", "pt", "fr", "de", "it", "nl", "ru", "uk", "pl", "cs", "sk", "sv", "da", "nb",
    "fi", "tr", "ro", "hu", "el", "ca", "hr", "sl", "bg", "id", "ms", "vi", "lt", "lv", "et",
    "zh_Hans", "zh_Hant", "ja", "ko",
)
WIDTHS = ("wide", "abbreviated", "short")


def fold(name: str) -> str:
    """How names are compared: case-folded, without a trailing dot."""
    return unicodedata.normalize("NFC", name).casefold().strip().rstrip(".")


def names(locale) -> dict:
    months: list[list[str]] = [[] for _ in range(12)]
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                if fold(name) not in months[number - 1]:
                    months[number - 1].append(fold(name))
    weekdays: list[list[str]] = [[] for _ in range(7)]
    for context in ("format", "stand-alone"):
        for width in WIDTHS:
            for number, name in locale.days[context][width].items():
                if fold(name) not in weekdays[number]:
                    weekdays[number].append(fold(name))
    return {"months": months, "weekdays": weekdays}  # weekdays[0] is Monday


def build() -> dict:
    import babel
    from babel import Locale

    return {"cldr": babel.__version__, "locales": {code: names(Locale.parse(code)) for code in LOCALES}}


def main() -> None:
    TARGET.write_text(json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
