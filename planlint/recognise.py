"""Recognisers: small pure functions that look at one heading, line, list or table and say
what it is in plan terms. The words they look for are in the tables at the top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Iteration keywords -> kind; ids are numbers ("1", "#2", "1.1"), ranges ("5-6"),
# single capital letters ("C") or roman numerals.
ITERATION_KINDS = {
    "sprint": "sprint",
    "phase": "phase",
    "stage": "phase",
    "milestone": "milestone",
    "iteration": "iteration",
    "epic": "epic",
    "release": "release",
    "workstream": "workstream",
    "work stream": "workstream",
    "week": "week",
    "weeks": "week",
    "day": "day",
    "days": "day",
}
ID_PREFIX = {
    "sprint": "Sprint", "phase": "Phase", "milestone": "Milestone", "iteration": "Iteration",
    "epic": "Epic", "release": "Release", "workstream": "Workstream", "week": "Week", "day": "Day",
}
# "Sprint C Deliverables" speaks about Sprint C; it does not start a new iteration.
ABOUT_WORDS = {
    "deliverables", "progress", "objectives", "retrospective", "retro", "wins", "review",
    "planning", "goals", "summary", "metrics", "backlog", "preview", "status", "risks",
    "success", "acceptance", "tasks", "overview", "kickoff", "report", "results", "health",
    "burndown", "velocity", "demo", "dependencies", "notes", "exit", "definition", "scope",
    "target", "targets", "goal", "completion", "validation", "integration", "transition",
    "outcomes", "outcome", "recap", "learnings", "lessons", "checklist", "gate", "timeline",
    "final", "readiness", "confirmation", "analysis", "update", "updates", "closure", "assessment",
    "handoff", "wrap-up", "achievements", "accomplishments", "statistics", "stats", "reflection",
}
# Headings and labels that introduce the parts of an iteration.
SECTION_KINDS = (
    ("criteria", re.compile(r"\b(success|acceptance|exit|done|completion)\s+criteria\b|\bdefinition\s+of\s+done\b|\bDoD\b", re.I)),
    ("risks", re.compile(r"\brisks?\b(?!\s+level)|\brisk\s+(assessment|matrix|management|register|analysis)", re.I)),
    ("deliverables", re.compile(r"\bdeliverables?\b", re.I)),
    ("changelog", re.compile(r"\b(change\s*log|scope\s+changes?)\b", re.I)),
    ("tasks", re.compile(r"^(tasks?|work\s+items?|user\s+stories|stories|technical\s+tasks|sprint\s+backlog|backlog|to-?dos?|action\s+items|key\s+tasks|subtasks)\b", re.I)),
)
STATUS_WORDS = (
    ("complete", re.compile(r"\b(complete|completed|done|finished|closed|delivered|shipped)\b|✅|✔", re.I)),
    ("blocked", re.compile(r"\bblocked\b|🔴\s*blocked|⛔", re.I)),
    ("cancelled", re.compile(r"\b(cancel+ed|dropped|descoped|abandoned)\b|❌", re.I)),
    ("deferred", re.compile(r"\b(deferred|postponed|on hold)\b", re.I)),
    ("in_progress", re.compile(r"\b(in[ -]progress|current|active|ongoing|started|underway|wip)\b|🚧|🔄|⏳\s*in", re.I)),
    ("optional", re.compile(r"\b(optional|stretch|nice[ -]to[ -]have)\b", re.I)),
    ("planned", re.compile(r"\b(planned|upcoming|future|not started|todo|to do|pending|next|scheduled|backlog)\b|⬜|⏳", re.I)),
)
ESTIMATE_KEYS = re.compile(r"^(estimated?\s*(hours|effort|time)?|estimates?|effort|est\.?|hours|story\s*points|points|sp|size)$", re.I)
DURATION_KEYS = re.compile(r"^((sprint|phase|iteration)\s+)?(duration|length|timebox|time\s*box|timeline)$", re.I)
DATE_KEYS = re.compile(r"^((sprint|phase)\s+)?(dates?|start\s+date|end\s+date|period|schedule|timeframe|window)$", re.I)
TEAM_KEYS = re.compile(r"^team(\s+size)?$|^(headcount|capacity)$", re.I)
STATUS_KEYS = re.compile(r"^((sprint|phase|iteration)\s+)?status$", re.I)
OWNER_KEYS = re.compile(r"^(owner|assignee|assigned\s+to|lead|lead\s+agent|responsible|dri)$", re.I)
TOTAL_KEYS = re.compile(r"\b(total|overall|grand\s+total|sum)\b", re.I)
COUNT_NOUNS = (
    "deliverables", "deliverable", "items", "item", "tasks", "task", "stories",
    "pages", "page", "features", "feature", "milestones", "sprints", "epics", "agents",
    "work streams", "workstreams", "services", "endpoints", "dashboards", "criteria",
    "goals", "objectives", "phases", "risks", "screens", "components", "modules",
)

_INLINE_MARK = re.compile(r"(\*\*|__|~~|`)")
_SPACES = re.compile(r"\s+")
_LEADING_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*[.)]|[IVX]+\.)\s+")
_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\uFE0F\u200D\u20E3\uF8FF]"
)
_ITERATION = re.compile(
    r"^(?:(?:current|next|upcoming|active)\s+(?:sprint|phase|iteration)\s*[:\-–—]\s*)?"
    r"(?:(?:new|revised|updated|original|final|current|next|upcoming)\s+)?"
    r"(?P<kw>sprint|phase|stage|milestone|iteration|epic|release|work\s?stream|weeks?|days?)"
    r"(?:\s+#?\s*|\s*#\s*)(?P<id>\d+(?:\.\d+)*(?:\s*[-–—]\s*\d+)?(?-i:[A-Za-z])?(?![\w.])|(?-i:[A-Z])(?:\.\d+)*(?![\w'’.])|(?-i:[IVX]+)(?![\w'’]))"
    r"(?P<rest>.*)$",
    re.I,
)
_TRACK = re.compile(r"^(?P<name>[A-Z][\w&/-]*(?: [A-Z&][\w&/-]*){0,5})\s+(?P<kw>Track|Work\s?[Ss]tream|Stream)\b(?P<rest>.*)$")
_PAREN = re.compile(r"\(([^()]*)\)")
_FIELD = re.compile(
    r"(?:\*\*|__)(?P<k1>[^*_\n]{1,60}?)(?:\*\*|__)\s*:\s*(?P<v1>.*)"
    r"|(?:\*\*|__)(?P<k2>[^*_\n]{1,60}?):(?:\*\*|__)\s*(?P<v2>.*)"
    r"|(?<![*\w])\*(?P<k3>[A-Z][^*\n]{0,40}?)\*\s*:\s*(?P<v3>.*)"
)
_ID = re.compile(r"^(?:(?i:priority|task|story|item|ticket)\s+)?(?:\*\*|`)?(?P<id>[A-Z][A-Z0-9]*+(?:(?<=\d)|[-_.]?\d++)(?:[.-]\d+)*|[A-Z]{1,3}\.\d+(?:\.\d+)*|T\d+)(?:\*\*|`)?(?:\s*[:\-–—|]\s*|\s+)(?P<rest>.+)$")


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """Heading or cell text without emphasis markers, emoji and surrounding space."""
    text = _INLINE_MARK.sub("", text)
    text = _EMOJI.sub("", text)
    return _SPACES.sub(" ", text).strip().strip("*_").strip()


@dataclass(frozen=True)
class IterationHeading:
    kind: str
    id: str
    title: str
    rest: str  # everything after the id, for durations, dates and status
    about: bool  # "Sprint C Deliverables": a section about an iteration, not a new one


def iteration_heading(text: str) -> IterationHeading | None:
    """Recognise "Sprint C: Page Implementation (Current - 2 weeks)" and its kin."""
    title = _LEADING_NUMBER.sub("", plain(text))
    m = _ITERATION.match(title)
    if m:
        kw = re.sub(r"\s+", " ", m.group("kw").lower())
        kind = ITERATION_KINDS.get(kw) or ITERATION_KINDS[kw.replace(" ", "")]
        raw_id = m.group("id").lstrip("#")
        raw_id = re.sub(r"\s*[-–—]\s*", "-", raw_id)
        rest = m.group("rest")
        first_word = re.match(r"\s*([A-Za-z]+)", rest)
        words = re.findall(r"[A-Za-z][\w-]*", _PAREN.sub("", rest))
        about = bool(first_word and not re.match(r"\s*[:\-–—|(]", rest) and any(w.lower() in ABOUT_WORDS for w in words))
        about = about or bool(re.match(r"\s*(→|->|to\b|vs\.?\b|and\b|&)", rest, re.I))
        return IterationHeading(kind, f"{ID_PREFIX[kind]} {raw_id}", _title(rest), rest, about)
    m = _TRACK.match(title)
    if m and not re.search(r"\b(progress|record|fast)\b", m.group("name"), re.I):
        name = m.group("name").strip(" :-")
        return IterationHeading("workstream", f"{name} {m.group('kw').title()}", name, m.group("rest"), False)
    return None


def _title(rest: str) -> str:
    rest = _PAREN.sub("", rest)
    return rest.strip().lstrip(":-–—|").strip().rstrip(":").strip()


def section_kind(text: str) -> str | None:
    title = plain(text).rstrip(":")
    for kind, pattern in SECTION_KINDS:
        if pattern.search(title):
            return kind
    return None


def status_of(text: str) -> str | None:
    """The status a text states first: "IN PROGRESS - 10% Complete" is in progress."""
    found = [(m.start(), status) for status, pattern in STATUS_WORDS if (m := pattern.search(text))]
    return min(found)[1] if found else None


_STATUS_MARK = re.compile(r"\b(COMPLETED?|DONE|FINISHED|IN PROGRESS|ACTIVE|CURRENT|PLANNED|BLOCKED|OPTIONAL|CANCELL?ED|DEFERRED|NEXT)\b")


_STATUS_TAIL = re.compile(
    r"(?:^|\s)[-–—|:]\s*((?:in[ -]progress|complete[d]?|done|planned|active|current|blocked|optional|cancell?ed|deferred|not started))\s*$",
    re.I)


def heading_status(rest: str, raw: str) -> str | None:
    """Status written next to an iteration's name: in parentheses ("(Complete)",
    "(Current - 2 weeks)"), as an emoji, or as a capitalised marker ("- COMPLETED").
    Words of the title itself ("Foundation Complete") are not a status."""
    marks = " ".join(_PAREN.findall(rest))
    marks += " " + " ".join(_EMOJI.findall(raw)) + " " + " ".join(m.group(0) for m in _STATUS_MARK.finditer(rest))
    tail = _STATUS_TAIL.search(rest)
    if tail:
        marks += " " + tail.group(1)
    return status_of(marks) if marks.strip() else None


def fields_in_line(line: str) -> list[tuple[str, str, int]]:
    """`**Key**: value` pairs of a line (several when separated by " | "), with columns."""
    found = []
    for part in _split_pipes(line):
        start, text = part
        stripped = text.lstrip()
        offset = start + len(text) - len(stripped)
        stripped = re.sub(r"^([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?", "", stripped)
        offset = start + len(text) - len(stripped)
        m = _FIELD.match(stripped)
        if not m:
            continue
        key = m.group("k1") or m.group("k2") or m.group("k3")
        value = m.group("v1") if m.group("k1") else m.group("v2") if m.group("k2") else m.group("v3")
        found.append((plain(key), value.strip().rstrip("\\").strip(), offset + 1))
    return found


def _split_pipes(line: str) -> list[tuple[int, str]]:
    if " | " not in line or line.lstrip().startswith("|"):
        return [(0, line)]
    parts, pos = [], 0
    for piece in line.split(" | "):
        parts.append((pos, piece))
        pos += len(piece) + 3
    return parts


def pseudo_heading(paragraph_first_line: str) -> str | None:
    """A paragraph line that acts as a heading: "**Success Criteria**:" or
    "**🎯 Priority P.1: Production Infrastructure** (4-5 hours)" or
    "**Milestone 1.1**: Clean Build Environment". Returns its heading text."""
    line = paragraph_first_line.strip()
    m = re.match(r"^(\*\*|__)(?P<inner>[^*_]+?)(\*\*|__)\s*(?P<after>.*)$", line)
    if not m:
        return None
    inner, after = m.group("inner").strip(), m.group("after").strip()
    if not after or after == ":" or re.fullmatch(r"\([^()]*\)\s*:?", after):
        return (inner.rstrip(":") + (" " + after.rstrip(":") if after.startswith("(") else "")).strip()
    found = iteration_heading(inner.rstrip(":"))
    if found and not found.about and (after.startswith(":") or inner.endswith(":")):
        return f"{inner.rstrip(':')}: {after.lstrip(':').strip()}"
    return None


def item_id(text: str) -> tuple[str | None, str]:
    """Split a leading id ("QL-012", "T-1305", "P.1.1", "**P.1.1**:") from an item's text."""
    m = _ID.match(text.strip())
    if m and not iteration_heading(m.group("id")):
        return m.group("id"), m.group("rest").strip().lstrip(":").strip()
    return None, text.strip()


def risk_columns(header: list[str]) -> dict[str, int] | None:
    """Column indexes of a risk table, or None when the header is not one."""
    names = [plain(h).lower() for h in header]
    index = {}
    for i, name in enumerate(names):
        if "mitigation" in name or "contingency" in name:
            index.setdefault("mitigation", i)
        elif "probab" in name or "likelihood" in name:
            index.setdefault("probability", i)
        elif "impact" in name or "severity" in name:
            index.setdefault("impact", i)
        elif re.search(r"\brisks?\b|\bthreats?\b", name):
            index.setdefault("risk", i)
    if "risk" in index and len(index) >= 2:
        return index
    return None


WORK_COLUMNS = {
    "id": re.compile(r"^(id|#|key|ref|task id|story id|item id|no\.?)$", re.I),
    "title": re.compile(r"^(task|story|user story|item|title|work item|deliverable|action|feature|description|name|activity)s?$", re.I),
    "parent": re.compile(r"^(story|parent|epic|story id|parent id|belongs to)$", re.I),
    "estimate": re.compile(r"^(estimate[ds]?|est\.?|hours|effort|points|story points|sp|time|duration|size)\b", re.I),
    "status": re.compile(r"^status$", re.I),
    "owner": re.compile(r"^(owner|assignee|assigned to|lead|responsible|who)$", re.I),
}


def work_columns(header: list[str]) -> dict[str, int] | None:
    """Column indexes of a table of work items, or None."""
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = plain(cell)
        for role, pattern in WORK_COLUMNS.items():
            if role not in index and pattern.match(name):
                index[role] = i
                break
    if "title" in index and ("estimate" in index or "status" in index or "id" in index):
        return index
    return None
