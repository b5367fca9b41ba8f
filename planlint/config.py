"""Configuration: `[tool.planlint]` in pyproject.toml, `planlint.toml` or `.planlint.toml`.

The closest file above the working directory wins; command-line flags win over it.
Unknown keys, unknown rule codes and wrong option types are errors, never ignored.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .engine import Registry, Rule
from .findings import SEVERITIES

FILES = (".planlint.toml", "planlint.toml", "pyproject.toml")
KEYS = {
    "select", "ignore", "extend-select", "per-file-ignores", "fail-on", "severity", "rules",
    "policy", "today", "exclude", "baseline", "languages",
}


class ConfigError(Exception):
    """A configuration that cannot be used; the message names the file and key."""


@dataclass
class Config:
    path: Path | None = None  # the file it came from
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str = "warning"
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    policy: Path | None = None
    today: date | None = None
    exclude: list[str] = field(default_factory=list)
    baseline: Path | None = None  # a baseline file of known findings
    languages: list[str] | None = None  # read every plan in these, instead of the ones its text shows
    policy_schema: dict | None = None  # a policy read from a git revision (--config-from)
    # the command line's selection, applied over the file's (--select replaces it)
    cli_select: list[str] | None = None
    cli_ignore: list[str] = field(default_factory=list)
    cli_extend_select: list[str] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def selected(self, registry: Registry, history: bool = False) -> list[Rule]:
        """The rules this configuration runs, selected as ruff does: the file's selection,
        then the command line's over it; within each, a more specific selector wins
        ("PL201" over "PL2" over "ALL") and an ignore beats a select as specific.
        History rules run only with a baseline, then unless ignored."""
        chosen: set[str] = set()
        last: dict[str, bool] = {}
        for select, extend, ignore in ((self.select, self.extend_select, self.ignore),
                                       (self.cli_select, self.cli_extend_select, self.cli_ignore)):
            ranked = sorted([(s, True) for s in (select or []) + extend] + [(s, False) for s in ignore],
                            key=lambda pair: (specificity(pair[0], registry), not pair[1]))
            updates: dict[str, bool] = {}
            for selector, on in ranked:
                for r in registry.resolve(selector):
                    if not (on and selector.upper() == "ALL" and r.needs_history and not history):
                        updates[r.code] = on
            if select is not None:
                chosen = set()
            chosen = (chosen | {c for c, on in updates.items() if on}) - {c for c, on in updates.items() if not on}
            last.update(updates)
        if history:
            chosen |= {r.code for r in registry.rules.values() if r.needs_history and last.get(r.code) is not False}
        return [registry.rules[c] for c in sorted(chosen)]

    def ignored_for(self, path: str, registry: Registry) -> set[str]:
        """Codes switched off for one file by `per-file-ignores`."""
        codes: set[str] = set()
        rel = relative(path, self.root)
        for pattern, selectors in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(Path(rel).name, pattern):
                for selector in selectors:
                    codes.update(r.code for r in registry.resolve(selector))
        return codes

    def options(self) -> dict[str, dict[str, Any]]:
        opts = {code: dict(values) for code, values in self.rules.items()}
        if self.policy_schema is not None:
            opts.setdefault("PL001", {})["schema"] = self.policy_schema
        elif self.policy is not None:
            opts.setdefault("PL001", {})["schema"] = _load_policy(self.policy)
        return opts


def specificity(selector: str, registry: Registry) -> int:
    """How narrowly a selector names rules: ALL, then prefixes by length, then one rule."""
    if selector.upper() == "ALL":
        return 0
    return 99 if registry.lookup(selector) else len(selector)


def relative(path: str, root: Path) -> str:
    """A path as seen from a directory (forward slashes), or as given when outside it."""
    try:
        return Path(os.path.realpath(path)).relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def find_config(start: Path) -> Path | None:
    start = start.resolve()
    for directory in (start, *start.parents):
        for name in FILES:
            candidate = directory / name
            if candidate.is_file():
                if name != "pyproject.toml" or _has_tool_section(candidate):
                    return candidate
    return None


def _has_tool_section(path: Path) -> bool:
    """Whether a pyproject.toml configures planlint; one that is not TOML is an error,
    not a file to skip (planlint would run with its defaults without saying so)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    return _tool_table(data, str(path)) is not None


def _tool_table(data: dict, where: str) -> dict | None:
    """The [tool.planlint] table of a pyproject.toml, or None when it has none."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{where}: 'tool' must be a table")
    if "planlint" in tool and not isinstance(tool["planlint"], dict):
        raise ConfigError(f"{where}: 'tool.planlint' must be a table of planlint settings")
    return tool.get("planlint")


def load_config(path: Path | None, registry: Registry) -> Config:
    """Read and validate a configuration file (None: the defaults)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    if Path(path).name == "pyproject.toml":
        data = _tool_table(data, str(path)) or {}
    return from_mapping(data, registry, Path(path))


def from_mapping(data: dict, registry: Registry, path: Path | None) -> Config:
    where = str(path) if path else "configuration"
    config = Config(path=path)
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{where}: unknown key {key!r} ({did_you_mean(key, KEYS) or 'known: ' + ', '.join(sorted(KEYS))})")

    def selectors(key: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key!r} must be a list of rule codes or names")
        check_selectors(value, registry, f"{where}: {key!r}")
        return value

    if "select" in data:
        config.select = selectors("select")
        if not config.select:
            raise ConfigError(f"{where}: 'select' is empty, so no rule would run (leave it out to run every rule)")
    config.ignore = selectors("ignore")
    config.extend_select = selectors("extend-select")
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes]")
    for pattern, value in pfi.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: per-file-ignores {pattern!r} must be a list of rule codes")
        check_selectors(value, registry, f"{where}: per-file-ignores {pattern!r}")
    config.per_file_ignores = pfi
    if "fail-on" in data:
        config.fail_on = check_severity(data["fail-on"], f"{where}: 'fail-on'")
    if "languages" in data:
        config.languages = check_languages(data["languages"], f"{where}: 'languages'")
    severity = data.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of CODE = \"error\"|\"warning\"|\"info\"")
    for code, value in severity.items():
        r = _rule(registry, code, f"{where}: severity")
        config.severity[r.code] = check_severity(value, f"{where}: severity.{code}")
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise ConfigError(f"{where}: 'rules' must be a table of rule option tables")
    for code, options in rules.items():
        r = _rule(registry, code, f"{where}: rules")
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: rules.{code} must be a table of options")
        config.rules[r.code] = check_options(r, options, f"{where}: rules.{code}")
    if "policy" in data:
        if not isinstance(data["policy"], str):
            raise ConfigError(f"{where}: 'policy' must be the path of a JSON schema file")
        config.policy = (config.root / data["policy"]) if path else Path(data["policy"])
        try:
            _load_policy(config.policy)
        except ConfigError as exc:
            raise ConfigError(f"{where}: 'policy': {exc}") from None
    if "today" in data:
        config.today = check_date(data["today"], f"{where}: 'today'")
    if "baseline" in data:
        if not isinstance(data["baseline"], str):
            raise ConfigError(f"{where}: 'baseline' must be the path of a baseline file")
        config.baseline = (config.root / data["baseline"]) if path else Path(data["baseline"])
        if config.baseline.is_dir():
            raise ConfigError(f"{where}: 'baseline' must be the path of a baseline file, {data['baseline']!r} is a directory")
    exclude = data.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(v, str) for v in exclude):
        raise ConfigError(f"{where}: 'exclude' must be a list of glob patterns")
    config.exclude = exclude
    return config


def _rule(registry: Registry, code: str, where: str) -> Rule:
    r = registry.lookup(code)
    if r is None:
        raise ConfigError(f"{where}: unknown rule {code!r} ({rule_hint(code, registry)})")
    return r


def did_you_mean(word: str, known, cutoff: float = 0.6) -> str:
    """ "did you mean 'select'?" for the known word closest to a misspelt one, or ""."""
    from difflib import get_close_matches

    close = get_close_matches(word, list(known), n=1, cutoff=cutoff)
    return f"did you mean {close[0]!r}?" if close else ""


def rule_hint(word: str, registry: Registry) -> str:
    """The closest rule code or name to an unknown one, else where to look. A code is
    suggested for a one-character slip ("PL2O1"), not for any code of the same shape."""
    if re.fullmatch(r"[A-Za-z]{1,4}\w*\d\w*", word):
        hint = did_you_mean(word.upper(), list(registry.rules), cutoff=0.8)
    else:
        hint = did_you_mean(word, [r.name for r in registry.rules.values()])
    return hint or "see `planlint rules`"


def check_selectors(values: list[str], registry: Registry, where: str) -> None:
    for value in values:
        if not registry.resolve(value):
            raise ConfigError(f"{where}: unknown rule {value!r} ({rule_hint(value, registry)})")


def check_languages(value: Any, where: str) -> list[str]:
    """A list of the lexicon's language codes, main language first."""
    from .lang import LANGUAGES

    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of language codes ({', '.join(LANGUAGES)})")
    out = []
    for code in value:
        base = code.lower().replace("_", "-").split("-")[0]  # "pt-BR", "zh-Hans": the lexicon's pt, zh
        if base not in LANGUAGES:
            hint = did_you_mean(code, LANGUAGES) or f"one of {', '.join(LANGUAGES)}"
            raise ConfigError(f"{where}: unknown language {code!r} ({hint})")
        out.append(base)
    return list(dict.fromkeys(out))


def check_severity(value: Any, where: str) -> str:
    if value not in SEVERITIES:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(SEVERITIES)}")
    return value


def check_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a date like 2025-10-04") from None


def check_options(r: Rule, options: dict, where: str) -> dict:
    for key, value in options.items():
        if key not in r.options:
            known = did_you_mean(key, r.options) or "known options: " + (", ".join(sorted(r.options)) or "none")
            raise ConfigError(f"{where}: unknown option {key!r} for {r.code} ({r.name}); {known}")
        default = r.options[key]
        if default is None:
            continue
        expected = (int, float) if isinstance(default, float) else type(default)
        if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, expected):
            raise ConfigError(f"{where}: option {key!r} must be {type(default).__name__}, got {value!r}")
        if isinstance(default, list) and default and not all(isinstance(v, type(default[0])) for v in value):
            raise ConfigError(f"{where}: option {key!r} must be a list of {type(default[0]).__name__}")
    return options


_policies: dict[Path, dict] = {}


def _load_policy(path: Path) -> dict:
    path = Path(path)
    if path not in _policies:
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: policy schema not found") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: policy schema is not valid JSON ({exc})") from None
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the policy schema ({exc.strerror})") from None
        _policies[path] = _checked_policy(schema, str(path))
    return _policies[path]


def _checked_policy(schema: dict, where: str) -> dict:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ConfigError(f"{where}: policy is not a valid JSON schema: {exc.message}") from None
    return schema


def config_at_revision(rev: str, start: Path, registry: Registry) -> Config:
    """The configuration as it was at a git revision (`--config-from`): the closest
    configuration file above `start` in that revision's tree. A pull request then
    cannot switch off the gate that judges it."""
    import subprocess

    def git(*args) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(start), *args], capture_output=True, text=True)

    top = git("rev-parse", "--show-toplevel")
    if top.returncode:
        raise ConfigError(f"--config-from {rev}: {start} is not inside a git repository")
    if git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode:
        raise ConfigError(f"--config-from: revision {rev!r} not found (in a shallow clone, fetch it: fetch-depth: 0)")
    root = Path(top.stdout.strip()).resolve()
    here = start.resolve()
    for directory in (here, *here.parents):
        for name in FILES:
            rel = (directory / name).relative_to(root).as_posix()
            shown = git("show", f"{rev}:{rel}")
            if shown.returncode:
                continue
            try:
                data = tomllib.loads(shown.stdout)
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{rev}:{rel}: not valid TOML ({exc})") from None
            if name == "pyproject.toml":
                data = _tool_table(data, f"{rev}:{rel}")
                if data is None:
                    continue
            config = from_mapping({k: v for k, v in data.items() if k != "policy"}, registry, directory / name)
            if "policy" in data:
                policy = relative(str(directory / str(data["policy"])), root)
                shown = git("show", f"{rev}:{policy}")
                try:
                    schema = json.loads(shown.stdout) if not shown.returncode else None
                except json.JSONDecodeError:
                    schema = None
                if not isinstance(schema, dict):
                    raise ConfigError(f"{rev}:{rel}: 'policy': {rev}:{policy} is missing or not JSON")
                config.policy_schema = _checked_policy(schema, f"{rev}:{policy}")
            return config
        if directory == root:
            break
    return Config()
