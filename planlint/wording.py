"""Whether a success criterion can be checked, in any language: a number, a threshold,
a comparison or a checkable state ("passes", "deployed", "zero") can be; an aspiration
("positive feedback", "seamless", "complete observability") cannot. The words are the
lexicon's (words.vague, words.verifiable, words.vague-leading); with neither kind the
criterion is left alone: unsure means silent."""

from __future__ import annotations

import re

from .lang import Lexicon, fold

_SIGNS = re.compile(r"\d|[<>≤≥=±%]")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_LABEL = re.compile(r"^[^:：]{1,40}[:：]\s*(?=\S)")
_ASIDE = re.compile(r"[(（][^()（）]*[)）]")
_LIST_MARK = re.compile(r"^\s*+(?:[-*+]|\d+[.)])\s++(?:\[[ xX]\]\s++)?+")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)")
LEADING_MAX_WORDS = 3


def _cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in text)


class Words:
    """A lexicon's criterion words, split into words matched whole and (CJK) words
    matched inside a run of characters."""

    def __init__(self, lex: Lexicon):
        def split(key):
            words = lex.words("words", key)
            return {w for w in words if not _cjk(w)}, [w for w in words if _cjk(w)]

        self.verifiable, self.verifiable_runs = split("verifiable")
        self.vague, self.vague_runs = split("vague")
        self.leading, self.leading_runs = split("vague-leading")
        self.verifiable |= set(lex.number_words())
        for key in ("at-most", "at-least"):
            self.verifiable |= {w for w in lex.words("words", key) if not _cjk(w)}
        self.phrases = sorted((w for w in self.verifiable if " " in w), key=len, reverse=True)


def _words(text: str) -> list[str]:
    return [w.replace("’", "'").strip("-") for w in _WORD.findall(fold(text))]


def vague_word(text: str, line: str, words: Words) -> str | None:
    """The word that makes a criterion uncheckable, or None when it can be checked (or
    when nothing marks it as vague). `line` is the criterion's whole source line, whose
    other table cells may hold the threshold."""
    line = _LIST_MARK.sub("", _COMMENT.sub("", line))
    evidence = f"{text} {line}"
    if _SIGNS.search(evidence):
        return None
    folded = fold(evidence)
    tokens = set(_words(evidence))
    if tokens & words.verifiable or any(p in folded for p in words.phrases) \
            or any(w in folded for w in words.verifiable_runs):
        return None
    body = _LABEL.sub("", text, count=1)
    bare = _ASIDE.sub("", body)
    found = next((w for w in _words(bare) if w in words.vague), None)
    if found is None:
        found = next((w for w in words.vague_runs if w in fold(bare)), None)
    if found:
        return None if _shouted(text, found) else found
    lead = _words(body)
    if 2 <= len(lead) <= LEADING_MAX_WORDS and lead[0] in words.leading and not _shouted(text, lead[0]):
        return lead[0]
    first = fold(body).strip()
    lead_run = next((w for w in words.leading_runs if first.startswith(w)), None)
    if lead_run and len(first) <= len(lead_run) + 6:
        return lead_run
    return None


def _shouted(text: str, word: str) -> bool:
    """A word in capitals is a status ("Docs: COMPLETE", "POSITIVE assessment"), not a wish."""
    for m in _WORD.finditer(text):
        if fold(m.group(0)).strip("-") == word:
            return m.group(0).isupper() and len(word) > 1
    return False
