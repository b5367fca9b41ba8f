"""The rule engine: the registry of rules (built-in and plugins, all through the
`planlint.rules` entry-point group), and running the selected rules on one plan.

Rules are plain functions; they never read config, print, or call git. They get the
plan and a RuleContext and yield findings.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any, Callable, Iterable

from .findings import SEVERITIES, Finding, severity_rank
from .model import Plan
from .source import Source

DOC_HEADINGS = ("What it does", "Why it matters", "Example", "Use instead", "Options")
_CODE = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class RuleError(Exception):
    """A rule definition or plugin that cannot be used."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    options: dict[str, Any]
    func: Callable
    fix: Callable | None = None  # fix(source) -> [(line, new raw text)]
    needs_history: bool = False
    lower: tuple[str, ...] = ()  # severities some of its findings have instead, below `severity`
    after_suppressions: bool = False  # runs once the other rules' findings met the suppression comments

    @property
    def anchor(self) -> str:
        """The id of its section in docs/rules.md ("## PL201 estimates-do-not-add-up")."""
        return f"{self.code.lower()}-{self.name}"

    @property
    def severities(self) -> str:
        """Every severity its findings can have, as `planlint rules` shows them: "error/warning"."""
        return "/".join((self.severity, *self.lower))

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        return " ".join(self.doc.split("\n\n", 1)[0].split())

    def sections(self) -> dict[str, str]:
        """The docstring's sections by heading (What it does, Why it matters, ...)."""
        found: dict[str, list[str]] = {}
        current = None
        for line in self.doc.split("\n"):
            if line.endswith(":") and line[:-1] in DOC_HEADINGS:
                current = found.setdefault(line[:-1], [])
            elif current is not None:
                current.append(line[4:] if line.startswith("    ") else line)
        return {k: "\n".join(v).strip("\n") for k, v in found.items()}


def rule(code: str, name: str, severity: str = "error", options: dict[str, Any] | None = None,
         fix: Callable | None = None, needs_history: bool = False, lower: tuple[str, ...] = (),
         after_suppressions: bool = False):
    """Declare a rule: `@rule("PL201", "hours-do-not-add-up", options={"tolerance": 0.05})`.
    A rule whose milder findings are reported a level lower (a gap beside an overlap)
    declares those severities in `lower`; its documentation says which findings they are.
    An `after_suppressions` rule runs after the others' findings met the suppression
    comments, and reads the comments (which of them were used) in `ctx.suppressions`."""
    if not _CODE.match(code):
        raise RuleError(f"rule code {code!r} must be letters then three digits, like PL201")
    if not _NAME.match(name):
        raise RuleError(f"rule name {name!r} must be kebab-case")
    if severity not in SEVERITIES:
        raise RuleError(f"rule {code}: severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    if any(s not in SEVERITIES or severity_rank(s) >= severity_rank(severity) for s in lower):
        raise RuleError(f"rule {code}: lower severities {lower!r} must be below {severity!r}")

    def register(func):
        func.planlint_rule = Rule(code, name, severity, dict(options or {}), func, fix, needs_history, tuple(lower),
                                  after_suppressions)
        return func

    return register


@dataclass
class RuleContext:
    """What a rule may read besides the plan, and how it reports."""

    rule: Rule
    source: Source
    options: dict[str, Any]
    severity: str  # the rule's: its default, or the one configured for it
    today: date
    baseline: Any = None  # the semantic diff against the baseline revision, for history rules
    extra: dict = field(default_factory=dict)
    suppressions: list = field(default_factory=list)  # for after_suppressions rules: the comments, used or not
    selected: frozenset[str] = frozenset()  # for after_suppressions rules: the codes run on this document

    def depends_on(self, path, exists: bool) -> None:
        """Record that the findings depend on whether another file exists (for the cache)."""
        self.extra.setdefault("file_checks", []).append((str(path), exists))

    def finding(self, line: int, message: str, column: int = 1, end_line: int | None = None,
                severity: str | None = None, key: str = "") -> Finding:
        """A finding at the rule's severity, or at one of its declared `lower` ones; a
        severity configured for the rule applies to those too (it is their ceiling)."""
        if severity is None or severity == self.rule.severity:
            severity = self.severity
        elif severity in self.rule.lower:
            severity = min(severity, self.severity, key=severity_rank)
        else:
            raise RuleError(f"a {severity!r} finding, which the rule does not declare (lower={self.rule.lower!r})")
        return Finding(self.source.path, max(1, line), max(1, column), self.rule.code, self.rule.name,
                       severity, message, end_line, key or f"{self.rule.code}:{message}")


@dataclass
class Registry:
    rules: dict[str, Rule]  # by code
    errors: list[str]  # plugins that failed to load

    def lookup(self, name_or_code: str) -> Rule | None:
        if name_or_code.upper() in self.rules:
            return self.rules[name_or_code.upper()]
        return next((r for r in self.rules.values() if r.name == name_or_code), None)

    def resolve(self, selector: str) -> list[Rule]:
        """Rules a selector names: a code, a name, a code prefix ("PL2") or "ALL"."""
        if selector.upper() == "ALL":
            return list(self.rules.values())
        found = self.lookup(selector)
        if found:
            return [found]
        prefix = selector.upper()
        return [r for code, r in self.rules.items() if code.startswith(prefix) and len(prefix) >= 2 and prefix[:2].isalpha()]


def _rules_in(obj: Any) -> list[Rule]:
    if isinstance(obj, ModuleType):
        found = [v.planlint_rule for v in vars(obj).values() if hasattr(v, "planlint_rule")]
        if hasattr(obj, "__path__"):
            for info in pkgutil.iter_modules(obj.__path__):
                if not info.name.startswith("_"):
                    found += _rules_in(importlib.import_module(f"{obj.__name__}.{info.name}"))
        return found
    if hasattr(obj, "planlint_rule"):
        return [obj.planlint_rule]
    if isinstance(obj, (list, tuple)):
        return [r for item in obj for r in _rules_in(item)]
    raise RuleError(f"{obj!r} is not a rule, a list of rules, or a module of rules")


_registry: Registry | None = None


def registry() -> Registry:
    """Every installed rule, loaded once per process."""
    global _registry
    if _registry is None:
        from importlib.metadata import entry_points

        rules: dict[str, Rule] = {}
        errors: list[str] = []
        eps = sorted(entry_points(group="planlint.rules"), key=lambda e: (e.value != "planlint.rules", e.name))
        for ep in eps:
            try:
                loaded = _rules_in(ep.load())
            except Exception as exc:  # a broken plugin must not stop the run
                errors.append(f"plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}")
                continue
            for r in loaded:
                other = rules.get(r.code)
                if other is not None and other.func is not r.func:
                    raise RuleError(f"two rules have the code {r.code}: {other.func.__module__}.{other.func.__name__} "
                                    f"and {r.func.__module__}.{r.func.__name__}")
                rules[r.code] = r
        if not any(ep.value == "planlint.rules" for ep in eps):
            for r in _rules_in(importlib.import_module("planlint.rules")):
                rules.setdefault(r.code, r)
        _registry = Registry(dict(sorted(rules.items())), errors)
    return _registry


def run_rules(plan: Plan, source: Source, rules: Iterable[Rule], *, options: dict[str, dict] | None = None,
              severities: dict[str, str] | None = None, today: date | None = None, **extra) -> list[Finding]:
    """Run rules on one plan; a rule that crashes becomes a finding, not a traceback."""
    findings: list[Finding] = []
    today = today or date.today()
    for r in rules:
        opts = {**r.options, **(options or {}).get(r.code, {})}
        ctx = RuleContext(r, source, opts, (severities or {}).get(r.code, r.severity), today, **extra)
        try:
            findings.extend(r.func(plan, ctx) or ())
        except Exception as exc:  # always an error, whatever the rule's severity
            message = f"rule {r.code} ({r.name}) failed on this file: {type(exc).__name__}: {exc}"
            findings.append(Finding(source.path, 1, 1, r.code, r.name, "error", message, key=f"{r.code}:{message}"))
    return findings
