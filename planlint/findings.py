"""Findings: what a rule reports, as a frozen, sortable value."""

from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    name: str
    severity: str
    message: str
    end_line: int | None = None
    key: str = ""  # stable identity for baselines: rule, sprint / item, not the line
    fixable: bool = False  # `--fix` would rewrite its line

    def to_dict(self) -> dict:
        data = asdict(self)
        data["end_line"] = self.end_line or self.line
        del data["key"]
        return data
