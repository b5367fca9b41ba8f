"""Recognisers: small pure functions that look at one heading, line, list or table and say
what it is in plan terms. The words they look for come from the lexicon (planlint/lang),
so every recogniser works in every language the lexicon knows; the default is English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lang import Lexicon, alternation, fold, lexicon

ENGLISH = lexicon(("en",))

# Iteration roles -> kind, and how an id is shown ("Sprint 3", "Phase 2C")
ITERATION_KINDS = ("sprint", "phase", "milestone", "iteration", "epic", "release", "workstream", "week", "day")
ID_PREFIX = {"sprint": "Sprint", "phase": "Phase", "milestone": "Milestone", "iteration": "Iteration",
             "epic": "Epic", "release": "Release", "workstream": "Workstream", "week": "Week", "day": "Day"}
SECTION_ROLES = ("criteria", "risks", "deliverables", "changelog", "tasks")
STATUS_ROLES = ("done", "blocked", "cancelled", "deferred", "in_progress", "optional", "planned")
STATUS_NAMES = {"done": "complete"}
FIELD_ROLES = ("estimate", "effort", "spent", "duration", "dates", "start", "end", "team", "capacity",
               "status", "owner", "total", "created")

_INLINE_MARK = re.compile(r"(\*\*|__|~~|`)")
_SPACES = re.compile(r"\s+")
_LEADING_NUMBER = re.compile(r"^\s*(\d+(\.\d+)*[.)]|[IVX]+\.)\s+")
_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\uFE0F\u200D\u20E3\uF8FF\uFFFD]"  # U+FFFD: an emoji lost to an encoding
)
_PAREN = re.compile(r"\(([^()]*)\)")
_TITLED = re.compile(r"\W{0,3}?[ \t]*[:：—–|｜.-][ \t]*\w")
_FIELD = re.compile(
    r"(?:\*\*|__)(?P<k1>[^*_\n]{1,60}?)(?:\*\*|__)[ \t]*[:：][ \t]*(?P<v1>.*)"
    r"|(?:\*\*|__)(?P<k2>[^*_\n]{1,60}?)[:：](?:\*\*|__)[ \t]*(?P<v2>.*)"
    r"|(?<![*\w])\*(?P<k3>[A-Z][^*\n]{0,40}?)\*[ \t]*:[ \t]*(?P<v3>.*)"
)
_ID = re.compile(r"^(?:(?:\*\*|`)?(?P<id>[A-Z][A-Z0-9]*+(?:-[A-Z][A-Z0-9]*+)+-\d++(?:[.-]\d+)*"
                 r"|[A-Z][A-Z0-9]*+(?:(?<=\d)|[-_.]?\d++)(?:[.-]\d+)*|[A-Z]{1,3}\.\d+(?:\.\d+)*|T\d+|#\d+)(?:\*\*|`)?)"
                 r"(?:[ \t]*[:\-–—|][ \t]*|[ \t]+)(?P<rest>.+)$")
# ids that read as ids only where nothing else can be meant: a number after "Story", or in
# bold ("Story 11.24:", "**11.3**"); letters, a space and a number before a colon ("US 4:")
_NUMBER_ID = re.compile(r"^(?:\*\*|`)?(?P<id>\d+(?:\.\d+)*)(?:\*\*|`)?(?:[ \t]*[:\-–—|][ \t]*|[ \t]+)(?P<rest>.+)$")
_SPACED_ID = re.compile(r"^(?:\*\*|`)?(?P<id>[A-Z]{2,6} \d+(?:\.\d+)*)(?:\*\*|`)?(?:[ \t]*[:–—|][ \t]*)(?P<rest>.+)$")
_ID_FOLDED = r"\d+(?:\.\d+)*(?:[ \t]*[-–—~][ \t]*\d+)?[a-z]?(?!\w|\.(?![ \t]+\w))|[a-z](?:\.\d+)*(?![\w'’.])|[ivx]+(?![\w'’])"


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
    titled: bool = False  # "Sprint 1: Foundation", "Sprint 1 — Foundation": a title set off from the id


def _keywords(lex: Lexicon) -> dict[str, str]:
    """Folded iteration word -> kind."""
    found = lex._cache.get("iteration-words")
    if found is None:
        found = {}
        for kind in ITERATION_KINDS:
            for word in lex.words("iterations", kind):
                found.setdefault(word, kind)
        lex._cache["iteration-words"] = found
    return found


def _iteration_patterns(lex: Lexicon):
    found = lex._cache.get("iteration-re")
    if found is None:
        words = _keywords(lex)
        kw = alternation(words)
        prefix = alternation(lex.words("iterations", "prefix"))
        ordinal = alternation(lex.number_words())
        found = (
            # "Sprint 3: ...", "Current Sprint: Sprint 1 - ...", "フェーズ1", "Semana 01"
            re.compile(r"^(?:(?:" + prefix + r")[ \t]+(?:" + kw + r")[ \t]*[:\-–—][ \t]*)?(?:(?:" + prefix
                       + r")[ \t]+)?(?P<kw>" + kw + r")(?:[ \t]+#?[ \t]*|[ \t]*#[ \t]*|(?<=[^\x00-\u024f]))(?P<id>"
                       + _ID_FOLDED + r")(?P<rest>.*)$"),
            # "Primer Sprint", "Second Phase"
            re.compile(r"^(?P<ord>" + ordinal + r")[ \t]+(?P<kw>" + kw + r")(?![\w])(?P<rest>.*)$"),
            # "第1阶段", "第一周"
            re.compile(r"^第[ \t]*(?P<id>\d+|" + ordinal + r")[ \t]*(?P<kw>" + kw + r")(?P<rest>.*)$"),
            # "1주차: 1/4(월) ~ 1/8(금)", "3週目": a week number before its word
            re.compile(r"^(?P<id>\d{1,3})[ \t]?(?P<kw>" + (alternation(lex.words("dates", "week-suffix")) or r"(?!)")
                       + r")(?![\w])(?P<rest>.*)$"),
        )
        lex._cache["iteration-re"] = found
    return found


def iteration_heading(text: str, lex: Lexicon | None = None) -> IterationHeading | None:
    """Recognise "Sprint C: Page Implementation (Current - 2 weeks)" and its kin, in any
    language of the lexicon ("Iteración 2", "Итерация 1", "第1阶段", "Sprint 1｜認証基盤")."""
    lex = lex or ENGLISH
    title = _LEADING_NUMBER.sub("", plain(text))
    folded = fold(title)
    words = _keywords(lex)
    numbers = lex.number_words()
    main, ordinal, cjk, suffixed = _iteration_patterns(lex)
    m = main.match(folded)
    raw_id = None
    if m:
        raw_id = title[m.start("id"):m.end("id")]
        if raw_id.isalpha() and not raw_id.isupper():
            m = None  # "Sprint a" is not an id; "Sprint C" is
    if m is None:
        m = ordinal.match(folded) or cjk.match(folded)
        if m is None and (m := suffixed.match(folded)):
            rest = title[m.start("rest"):]
            return IterationHeading("week", f"{ID_PREFIX['week']} {m.group('id')}", _title(rest), rest,
                                    _about(rest, lex), _TITLED.match(rest) is not None)
        if m is None:
            return _track(title, folded, lex)
        token = m.group("ord") if "ord" in m.groupdict() and m.group("ord") else m.group("id")
        value = numbers.get(token, token)
        raw_id = str(value)
        if not raw_id.isdigit():
            return _track(title, folded, lex)
    kind = words[m.group("kw").replace("\t", " ")] if m.group("kw") in words else words.get(re.sub(r"\s+", " ", m.group("kw")), "sprint")
    raw_id = raw_id.lstrip("#")
    rest = title[m.start("rest"):]
    dash = re.search(r"\s+[-–—~]\s+", raw_id)
    if dash and _unit_first(rest, lex):
        # "Sprint 3 — 16 SP": sprint 3, of 16 points, not sprints 3 to 16
        rest = raw_id[dash.start():] + rest
        raw_id = raw_id[:dash.start()]
    raw_id = re.sub(r"\s*[-–—~]\s*", "-", raw_id)
    about = _about(rest, lex)
    titled = _TITLED.match(rest) is not None and not _aspect(_title(rest), lex)
    return IterationHeading(kind, f"{ID_PREFIX[kind]} {raw_id}", _title(rest), rest, about, titled)


def _aspect(title: str, lex: Lexicon) -> bool:
    """"Sprint 22 — capacity", "Sprint 22 — committed backlog": a part of the iteration's
    plan (a section or capacity word in a title of three words at most), not its title."""
    folded = fold(title).strip(" .:")
    if not folded or len(folded.split()) > 3:
        return False
    words = [w for role in lex.roles("sections") if role != "not" for w in lex.words("sections", role)]
    words += lex.words("fields", "capacity")
    return re.search(r"(?<!\w)(?:" + alternation(words) + r")(?!\w)", folded) is not None if words else False


def _unit_first(rest: str, lex: Lexicon) -> bool:
    """Does the text start with a unit ("SP", "hours", "시간")?"""
    word = re.match(r"[ \t]*([^\W\d_]+)", fold(rest))
    return bool(word) and any(word.group(1) in lex.words("units", role) for role in lex.roles("units"))


def iteration_word(text: str, lex: Lexicon | None = None) -> str | None:
    """The kind of iteration a single word names ("Sprint", "Weeks", "Fase"), or None."""
    lex = lex or ENGLISH
    word = fold(plain(text)).strip(" :")
    kinds = _keywords(lex)
    return kinds.get(word) or (kinds.get(word[:-1]) if word.endswith("s") else None)


def _about(rest: str, lex: Lexicon) -> bool:
    """"Sprint 3 Review", "Week 1 → Week 2 Transition": the words after the id speak about
    the iteration; "Sprint 3: Review" titles it."""
    folded = fold(_PAREN.sub("", rest)).strip()
    if not folded or folded[0] in ":-–—|(｜.":
        return False
    joiners = lex.words("words", "versus") + lex.words("words", "range") + lex.words("words", "and")
    if folded.startswith(("→", "->", "&", "/", "+")) or re.match(r"(?:" + alternation(joiners) + r")(?![\w])", folded):
        return True  # "Sprint 0 / Sprint 1 への影響", "Week 1 → Week 2 Transition"
    if lex.is_word("words", "total", folded):
        return True  # "Phase 1 合計", "Sprint 3 Total": the total of an iteration
    about = lex.words("iterations", "about")
    tokens = set(re.findall(r"[^\W\d_][\w-]*", folded))
    return any(word in tokens if not _cjk(word) else word in folded for word in about)


def _cjk(word: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in word)


def _track(title: str, folded: str, lex: Lexicon) -> IterationHeading | None:
    """"Production Readiness Track", "Frontend Work Stream": a named workstream, its name
    in capitalised words before the keyword."""
    words = title.split(" ")
    for at in range(1, min(len(words), 7)):
        head = fold(" ".join(words[at:at + 2]))
        keyword = next((w for w in sorted(lex.words("iterations", "workstream"), key=len, reverse=True)
                        if head.startswith(w) and not head[len(w):len(w) + 1].isalnum()), None)
        if keyword is None:
            continue
        name_words = words[:at]
        if not all(w[:1].isupper() or w == "&" for w in name_words):
            return None
        name = " ".join(name_words).strip(" :-")
        if lex.has("words", "track-not", name):
            return None
        taken = len(" ".join(words[:at])) + 1
        shown = title[taken:taken + len(keyword)]
        return IterationHeading("workstream", f"{name} {shown.title()}", name, title[taken + len(keyword):], False)
    return None


def _title(rest: str) -> str:
    rest = _PAREN.sub("", rest)
    rest = re.sub(r"（[^（）]*）", "", rest)
    return rest.strip().lstrip(":-–—|｜.").strip().rstrip(":").strip().split("｜")[0].strip()


def section_kind(text: str, lex: Lexicon | None = None) -> str | None:
    """What a heading or label introduces: criteria, risks, deliverables, changelog or
    tasks (tasks only when the title starts with the word)."""
    lex = lex or ENGLISH
    title = fold(plain(text).rstrip(":："))
    if lex.pattern("sections", "not").search(title):
        return None
    for kind in SECTION_ROLES:
        pattern = lex.pattern("sections", kind)
        if kind == "tasks":
            if pattern.match(title.lstrip("0123456789. ")):
                return kind
        elif pattern.search(title):
            return kind
    return None


def status_of(text: str, lex: Lexicon | None = None) -> str | None:
    """The status a text states first: "IN PROGRESS - 10% Complete" is in progress."""
    lex = lex or ENGLISH
    m = lex.role_pattern("status", STATUS_ROLES).search(fold(text))
    if not m or not m.lastgroup:
        return None
    role = m.lastgroup
    return STATUS_NAMES.get(role, role)


def heading_status(rest: str, raw: str, lex: Lexicon | None = None) -> str | None:
    """Status written next to an iteration's name: in parentheses ("(Complete)",
    "(Current - 2 weeks)", "(已完成)"), as an emoji, as a word in capitals ("- COMPLETED"),
    or after a dash at the end. Words of the title itself ("Foundation Complete") are not
    a status."""
    lex = lex or ENGLISH
    marks = " ".join(_PAREN.findall(rest) + re.findall(r"（([^（）]*)）", rest))
    marks += " " + " ".join(_EMOJI.findall(raw))
    pattern = lex.role_pattern("status", STATUS_ROLES)
    for m in pattern.finditer(fold(rest)):
        word = rest[m.start():m.end()]
        if word.isupper() and len(word) > 2:
            marks += " " + word
    tail = re.search(r"(?:^|\s)[-–—|:]\s*([^-–—|:]{2,30})\s*$", rest)
    if tail and pattern.fullmatch(fold(tail.group(1)).strip()):
        marks += " " + tail.group(1)
    return status_of(marks, lex) if marks.strip() else None


def field_role(key: str, lex: Lexicon | None = None) -> str | None:
    """The role of a field's key ("Estimated Hours" -> estimate, "Sprint Duration" ->
    duration, "Data Início" -> start), or None. The whole key must be the word; an
    iteration word before it ("Sprint Duration", "Phase Status") does not count."""
    lex = lex or ENGLISH
    folded = fold(plain(key)).strip(" :：")
    kw = _keywords(lex)
    head = folded.split(" ", 1)
    if len(head) == 2 and head[0] in kw:
        folded = head[1]
    folded = re.sub(r"\s*\([^()]*\)$", "", folded).strip()
    for role in FIELD_ROLES:
        if folded in lex.words("fields", role):
            return role
    return None


def field_roles(key: str, lex: Lexicon | None = None) -> list[str]:
    """Every role a field's key names anywhere in it ("Total Estimated Effort": total,
    estimate, effort)."""
    lex = lex or ENGLISH
    whole = field_role(key, lex)
    folded = fold(plain(key))
    if whole is not None:  # "Team Size" is the team, though "size" may name an estimate
        total = whole != "total" and lex.pattern("fields", "total").search(folded)
        return [whole] + (["total"] if total else [])
    return [role for role in FIELD_ROLES if lex.pattern("fields", role).search(folded)]


def is_total_key(key: str, lex: Lexicon | None = None) -> bool:
    lex = lex or ENGLISH
    return bool(lex.pattern("fields", "total").search(fold(key)))


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


_PLAIN_FIELD = re.compile(
    r"^\s*+(?:[-*+]\s++|\d{1,3}[.)]\s++)?+(?:\*\*|__)?(?P<k>[^\W\d_][^\W_]*+(?:[ \t][^\W\d_][^\W_]*+){0,3})"
    r"[ \t]?[:：][ \t]*(?P<v>[^\n]*[^\s])[ \t]*$")


def total_field(line: str, lex: Lexicon | None = None) -> list[tuple[str, str, int]]:
    """A total written without marks, or bold as a whole: "Total estimate: 120 hours",
    "**Total estimate: 120 hours**". Only a total key: other plain "Word: text" lines
    are prose ("Note: ..."), and "- Duration: 15 minutes" of a meeting is no field."""
    m = _PLAIN_FIELD.match(line)
    if not m or not is_total_key(m.group("k"), lex):
        return []
    value = m.group("v").strip().strip("*_").strip()
    return [(m.group("k"), value, m.start("k") + 1)] if value else []


def _split_pipes(line: str) -> list[tuple[int, str]]:
    if " | " not in line or line.lstrip().startswith("|"):
        return [(0, line)]
    parts, pos = [], 0
    for piece in line.split(" | "):
        parts.append((pos, piece))
        pos += len(piece) + 3
    return parts


def pseudo_heading(paragraph_first_line: str, lex: Lexicon | None = None) -> str | None:
    """A paragraph line that acts as a heading: "**Success Criteria**:" or
    "**🎯 Priority P.1: Production Infrastructure** (4-5 hours)" or
    "**Milestone 1.1**: Clean Build Environment". Returns its heading text."""
    line = paragraph_first_line.strip()
    m = re.match(r"^(\*\*|__)(?P<inner>[^*_]+?)(\*\*|__)\s*(?P<after>.*)$", line)
    if not m:
        return None
    inner, after = m.group("inner").strip(), m.group("after").strip()
    if not after and total_field(line, lex):
        return None  # "**Total estimate: 120 hours**" is a total, not a heading
    if not after or after in (":", "：") or re.fullmatch(r"\([^()]*\)\s*:?", after):
        return (inner.rstrip(":：") + (" " + after.rstrip(":") if after.startswith("(") else "")).strip()
    found = iteration_heading(inner.rstrip(":"), lex)
    if found and not found.about and (after.startswith(":") or inner.endswith(":")):
        return f"{inner.rstrip(':')}: {after.lstrip(':').strip()}"
    return None


def item_id(text: str, lex: Lexicon | None = None) -> tuple[str | None, str]:
    """Split a leading id ("QL-012", "T-1305", "P.1.1", "**P.1.1**:", "Task 3:") from an
    item's text."""
    lex = lex or ENGLISH
    text = text.strip()
    body = text
    folded = fold(text)
    m = lex._cache.get("id-prefix")
    if m is None:
        m = re.compile(r"^(?:" + alternation(lex.words("words", "id-prefix")) + r")[ \t]+")
        lex._cache["id-prefix"] = m
    prefix = m.match(folded)
    if prefix:
        body = text[prefix.end():]
    found = _ID.match(body) or _SPACED_ID.match(body)
    if not found and (prefix or body.startswith(("**", "`"))):
        found = _NUMBER_ID.match(body)
        if found and prefix:  # "Story 11.24" keeps its word: a bare number says less
            return f"{text[:prefix.end()].strip()} {found.group('id')}", found.group("rest").strip().lstrip(":").strip()
    if found and not iteration_heading(found.group("id"), lex):
        return found.group("id"), found.group("rest").strip().lstrip(":").strip()
    return None, text


def column_roles(header: list[str], roles, lex: Lexicon, anywhere: bool = False) -> dict[str, int]:
    """Index of the column of each role: the first that names it, except the id, which
    is the column whose header names it most fully. A header names a role when it starts
    with one of its words (or contains one, with `anywhere`), and only the roles it names
    most fully ("Story Points": points, not the "Story" of a task's parent)."""
    # a header is read as the role whose words it says most fully: "Story Points" is a
    # points column, though it starts with the word of a "Story" column
    allowed: list[set[str]] = []
    quality: list[tuple] = []
    for cell in header:
        name = fold(plain(cell))
        best, roles_here = (False, 0), set()
        for role in roles:
            pattern = lex.pattern("columns", role)
            m = pattern.search(name) if anywhere else (pattern.match(name) if _starts(pattern, name) else None)
            if m:
                score = (m.group(0) == name, len(m.group(0)))
                if score > best:
                    best, roles_here = score, {role}
                elif score == best:
                    roles_here.add(role)
        allowed.append(roles_here)
        quality.append(best)
    found: dict[str, int] = {}
    ids = [i for i, here in enumerate(allowed) if "id" in here]
    if "id" in roles and ids:  # one id column: the header that says so most fully ("Story ID", not "#")
        found["id"] = max(ids, key=lambda i: (quality[i], -i))
    for i, here in enumerate(allowed):
        if i in found.values():
            continue
        for role in roles:
            if role not in found and role in here:
                found[role] = i
                break
    return found


def _starts(pattern: re.Pattern, name: str) -> bool:
    m = pattern.match(name)
    return bool(m) and (m.end() == len(name) or not name[m.end()].isalnum() or _cjk(name[m.end() - 1]))


def risk_columns(header: list[str], lex: Lexicon | None = None) -> dict[str, int] | None:
    """Column indexes of a risk table, or None when the header is not one."""
    lex = lex or ENGLISH
    index = column_roles(header, ("mitigation", "probability", "impact", "risk"), lex, anywhere=True)
    if "risk" in index and len(index) >= 2:
        return index
    return None


def work_columns(header: list[str], lex: Lexicon | None = None) -> dict[str, int] | None:
    """Column indexes of a table of work items (title, id, parent, estimate, points,
    spent, status, owner), or None."""
    lex = lex or ENGLISH
    index = column_roles(header, ("id", "item", "parent", "estimate", "points", "spent", "status", "owner"), lex)
    if "item" in index:
        index["title"] = index.pop("item")
    if "points" in index and "estimate" not in index:
        index["estimate"] = index.pop("points")
    if "title" in index and ("estimate" in index or "status" in index or "id" in index):
        return index
    return None


def column_unit(header: str, lex: Lexicon | None = None) -> str | None:
    """The unit a column header gives its cells: "Estimate (h)" -> hours, "预估耗时（分钟）"
    -> minutes, "SP" -> points, "Horas" -> hours."""
    lex = lex or ENGLISH
    name = fold(plain(header))
    inner = re.findall(r"\(([^()]*)\)", name)
    if "," in name:
        inner.append(name.rsplit(",", 1)[1].strip())  # "Оценка, ч": the unit after a comma
    for text in inner + [name]:
        for role in ("minutes", "hours", "person-days", "working-days", "days", "weeks", "points", "people", "months"):
            pattern = lex.pattern("units", role)
            m = pattern.search(text)
            if m and (text in inner or m.end() == len(text) or m.start() == 0 or _cjk(text)):
                if len(m.group(0)) == 1 and text not in inner and m.group(0) != text:
                    continue
                return role
    return None


def scale_terms(scale) -> list[str]:
    terms = {re.sub(r"[\s_-]+", " ", fold(s)).strip() for s in scale}
    return sorted(terms, key=len, reverse=True)


def on_scale(value: str, terms: list[str]) -> bool | None:
    """True when the value starts with a level of the scale ("High 🔴", "Medium-High",
    "Low (20%)", "高（影响大）"), None when it is a number or a percentage (a scale of its
    own) or empty, False otherwise."""
    text = re.sub(r"[\s_-]+", " ", fold(plain(value or ""))).strip(" *_`.:")
    if not text:
        return None
    if re.match(r"^[~<>≤≥]?\s*\d", text):
        return None
    for term in terms:
        if text.startswith(term) and (len(text) == len(term) or not text[len(term)].isalpha() or _cjk(term[-1])):
            return True
    return False
