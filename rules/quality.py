"""PL401: success criteria nobody can check: an aspiration ("Complete observability",
"Positive feedback from beta users") with no number, threshold or checkable state."""

from __future__ import annotations

import re

from planlint.engine import rule

# Words that state a checkable outcome: a test or a person can say yes or no.
VERIFIABLE_STATE = (
    "pass", "passes", "passed", "passing", "green", "fail", "fails", "failing",
    "verified", "validated", "tested", "approved", "accepted", "signed", "sign-off", "signoff",
    "merged", "deployed", "released", "published", "shipped", "installed", "configured",
    "enabled", "disabled", "implemented", "integrated", "documented", "reviewed", "audited",
    "blocked", "blocks", "rejected", "rejects", "denied", "returns", "runs", "succeeds", "succeeded",
    "exists", "exist", "running", "live", "operational", "working", "works", "functional",
    "zero", "no", "none", "all", "every", "each", "only", "never", "cannot", "can't", "without",
    "reproducible", "automated", "enforced", "required", "requires", "met", "visible", "available",
    "created", "added", "defined", "delivered", "completed", "finished", "done", "received", "measured",
)
# Words that say how a result should feel, not how to check it.
VAGUE_WORDS = (
    "positive", "negative", "adoption", "satisfaction", "happy", "delight", "delighted",
    "excellent", "great", "good", "better", "best", "world-class", "best-in-class", "professional-grade",
    "enterprise-grade", "production-grade", "intuitive", "seamless", "seamlessly", "smooth", "smoothly",
    "quick", "quickly", "fast", "snappy", "clear", "helpful", "user-friendly", "easy", "easily",
    "improved", "improve", "improves", "improving", "enhanced", "enhance", "enhances", "increased",
    "reduced", "optimal", "optimized", "optimised", "minimal", "maximal", "maximum", "confidence",
    "confident", "feel", "feels", "perceived", "competitive", "amazing", "awesome", "significant",
    "significantly", "robust",
)
# An adjective of scope leading a short bare noun phrase: "Complete observability" (but
# "Complete CRUD operations via CLI" says what complete means).
VAGUE_LEADING = ("complete", "full", "comprehensive", "total", "extensive", "thorough")

_NUMBER = re.compile(r"\d|[<>≤≥=±%]|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|half|once)\b", re.I)
_COMPARISON = re.compile(
    r"\b(at least|at most|less than|more than|fewer than|greater than|no more than|up to|within|under|"
    r"below|above|before|after|by (end|the end)|until)\b", re.I)
_WORD = re.compile(r"[\w'’-]+")
_LABEL = re.compile(r"^[^:]{1,40}:\s+(?=\S)")
_ASIDE = re.compile(r"\([^)]*\)")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
LEADING_MAX_WORDS = 3


def _words(text: str) -> list[str]:
    return [w.casefold().replace("’", "'").strip("-") for w in _WORD.findall(text)]


def vague_word(text: str, line: str = "") -> str | None:
    """The word that makes a criterion uncheckable, or None when it can be checked (or
    when nothing marks it as vague: the rule stays quiet when unsure). `line` is the
    criterion's whole source line, whose other table cells may hold the threshold."""
    line = _LIST_MARK.sub("", re.sub(r"<!--.*?(?:-->|$)", "", line))
    evidence = f"{text} {line}"
    if _NUMBER.search(evidence) or _COMPARISON.search(evidence):
        return None
    if any(w in VERIFIABLE_STATE for w in _words(evidence)):
        return None
    body = _LABEL.sub("", text, count=1)
    found = next((w for w in _words(_ASIDE.sub("", body)) if w in VAGUE_WORDS), None)
    if found:
        return None if _shouted(text, found) else found
    lead = _words(body)
    if 2 <= len(lead) <= LEADING_MAX_WORDS and lead[0] in VAGUE_LEADING and not _shouted(text, lead[0]):
        return lead[0]
    return None


def _shouted(text: str, word: str) -> bool:
    """A word in capitals is a status ("Docs: COMPLETE", "POSITIVE assessment"), not a wish."""
    m = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text, re.I)
    return m is not None and m.group(0).isupper() and len(word) > 1


def _criteria(plan):
    yield None, plan.success_criteria
    for sprint in plan.iterations():
        yield sprint, sprint.success_criteria


@rule("PL401", "unverifiable-criterion", severity="warning")
def unverifiable_criterion(plan, ctx):
    """A success criterion that cannot be checked: no number, threshold, comparison,
    date or checkable state, only a word like "positive", "seamless" or "complete".

    What it does:
        Reports success, acceptance and exit criteria that name an aspiration rather
        than a result: they hold a vague word ("positive feedback", "intuitive",
        "improved", "complete observability") and nothing a reviewer could check it
        against: no number, percentage, date or comparison ("< 5 minutes", "within 2
        seconds") and no checkable state ("passes", "verified", "deployed", "zero",
        "every", "cannot"). When a criterion names neither, the rule stays quiet.

    Why it matters:
        At the sprint review nobody can say whether "Complete observability" or
        "Enterprise customer adoption" was met, so the sprint is judged done by mood.
        A threshold turns the same intent into a yes or a no.

    Example:
        ### Success Criteria
        - Positive feedback from beta users
        - Complete observability

    Use instead:
        ### Success Criteria
        - Beta users rate the release 4/5 or better in the exit survey
        - Every service exports traces, metrics and logs to the dashboard

    Options:
        None.
    """
    for sprint, criteria in _criteria(plan):
        for criterion in criteria:
            word = vague_word(criterion.text, ctx.source.line(criterion.line))
            if word is None:
                continue
            where = ""
            if sprint is not None:
                where = f" in {sprint.label}"
            yield ctx.finding(
                criterion.line,
                f"success criterion '{criterion.text}' (line {criterion.line}){where} cannot be checked: "
                f"'{word}' comes with no number, threshold or checkable state",
                key=f"PL401:{where}:{criterion.text}")
