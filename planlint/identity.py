"""Work-item identity: the id a plan gives an item, in whatever shape it is written
("US-2.5", "US 4" = "US-4", "Story 11.24" = "11.24", "T036", "#12", "Phase 30"), and a
key for its title, so that an item is found again in another table of the same revision
or in another revision."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from . import recognise as rz
from .lang import Lexicon, alternation, fold

SIMILAR = 0.6  # titles at least this alike name the same item

_NUMBERS = re.compile(r"(?<![\d.])0+(?=\d)")  # "QL-012" = "QL-12", "T036" = "T36"; not "1.05"
_SEPARATORS = re.compile(r"[\s_]*-[\s_]*|[\s_]+")
_WORDS = re.compile(r"[\W_]+")
_WHOLE_ID = re.compile(r"^(?:#?\d+(?:\.\d+)+|#\d+|[a-z]+(?:[-_ ][a-z]+)*[-_ ]?\d+(?:[.-]\d+)*)$")
_LEADING_NUMBER = re.compile(r"#?\d+(?:\.\d+)*(?![\w.])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def _prefix(lex: Lexicon) -> re.Pattern:
    found = lex._cache.get("identity-prefix")
    if found is None:
        words = lex.words("words", "id-prefix") + [w for kind in ("sprint", "phase", "milestone", "epic", "release")
                                                    for w in lex.words("iterations", kind)]
        found = re.compile(r"^(?P<word>" + alternation(words) + r")[ \t]*(?=[#\d])")
        lex._cache["identity-prefix"] = found
    return found


def id_key(text: str | None, lex: Lexicon) -> str | None:
    """The id as the diff compares it: folded, one dash between its parts, no leading
    zeros, without an item word before a number ("Story 11.24" = "11.24"); an iteration
    word stays ("Phase 30")."""
    if not text:
        return None
    key = fold(rz.plain(text)).strip(" :.")
    m = _prefix(lex).match(key)
    if m and m.group("word") in lex.words("words", "id-prefix"):
        key = key[m.end():]
    key = _SEPARATORS.sub("-", key).strip("-")
    key = _NUMBERS.sub("", key)
    return key or None


def title_key(text: str) -> str:
    """A title as the diff compares it: folded words (any script), no markup."""
    return _WORDS.sub(" ", fold(rz.plain(text))).strip()


def identity(item, lex: Lexicon) -> tuple[str | None, str]:
    """(id key, title key) of a work item. A title that is only an id ("11.1" in a
    summary table's Story column) is the id."""
    title = rz.plain(item.title)
    ident = item.id
    if not ident:
        folded = fold(title).strip(" :.")
        if _WHOLE_ID.match(folded) and any(ch.isdigit() for ch in folded):
            ident, title = title, ""
        else:
            found, rest = rz.item_id(title, lex)
            if found is None:
                m = _prefix(lex).match(folded)
                number = _LEADING_NUMBER.match(title, m.end()) if m else None
                if number:  # "Phase 30: Cleanup", "Story 11.24 Data contract" as work items
                    found, rest = title[:number.end()], title[number.end():].lstrip(" :-–—|")
            if found:
                ident, title = found, rest
    return id_key(ident, lex), title_key(title)


def _tokens(key: str) -> set[str]:
    words = {w for w in key.split() if len(w) >= 3 or w.isdigit()}
    return words | set(_CJK.findall(key))


@lru_cache(maxsize=65536)
def similarity(a: str, b: str) -> float:
    """How alike two title keys are, 0 to 1."""
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b)
    if matcher.real_quick_ratio() < 0.3:
        return matcher.real_quick_ratio()
    return matcher.ratio()


def related(a: str, b: str) -> bool:
    """Do two title keys name the same work? Alike as text, one holding the other
    ("LinkedIn Share Tab" in "FEATURE-P0-2 LinkedIn Share Tab in BadgeShareModal"), or
    most words of the shorter in the longer."""
    if not a or not b or a == b:
        return a == b or not a or not b
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and f" {short} " in f" {long} ":
        return True
    if similarity(a, b) >= SIMILAR:
        return True
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    shared = len(ta & tb)
    return shared >= 2 and shared >= 0.6 * min(len(ta), len(tb))


def overlap(a: str, b: str) -> bool:
    """Do two titles share two words or more? Enough, for two mentions of one id in one
    revision ("CI Quality Gates (Chinese+console)" in a summary, "TD-023 + TD-024 — CI
    Quality Gates" in its sprint), to be one item."""
    return related(a, b) or len(_tokens(a) & _tokens(b)) >= 2


@lru_cache(maxsize=4096)
def _iteration_refs(text: str, lex: Lexicon) -> tuple[tuple[str, str], ...]:
    """(kind, id) of every iteration a text names: "Future (Sprint 8)" names Sprint 8."""
    folded = fold(text)
    found = []
    pattern = lex._cache.get("identity-iteration")
    if pattern is None:
        words = [w for kind in ("sprint", "iteration", "phase", "milestone", "release", "epic")
                 for w in lex.words("iterations", kind)]
        pattern = re.compile(r"(?<![^\W\d_])(?:" + alternation(words) + r")")
        lex._cache["identity-iteration"] = pattern
    for m in pattern.finditer(folded):
        heading = rz.iteration_heading(text[m.start():], lex)
        if heading is not None and heading.kind != "workstream":
            found.append((heading.kind, heading.id))
    return tuple(found)


def iteration_refs(text: str | None, lex: Lexicon) -> tuple[tuple[str, str], ...]:
    return _iteration_refs(text, lex) if text else ()


def number(sprint_id: str) -> float | None:
    """The number of an iteration id ("Sprint 8" -> 8), for telling later from earlier."""
    m = re.search(r"(\d+(?:\.\d+)?)\s*$", sprint_id)
    return float(m.group(1)) if m else None
