"""Fuzz planlint's whole pipeline with hypothesis: mutated seed plans, generated plans and
raw bytes, each read, parsed, checked with every rule and fixed in memory.

    python bench/fuzz.py [--examples 20000] [--seed N]

A failure prints the smallest document hypothesis found that breaks a property:

- reading, parsing, the rules and the fixes raise nothing but PlanReadError (a file
  that is not a plan), apart from the known reader bugs in KNOWN;
- no rule crashes (the engine turns a crashing rule into a finding; that is a bug too);
- the plan model validates against schemas/plan.schema.json;
- every finding lies on a line of the document.

tests/test_fuzz.py runs a short deterministic run of the same properties in the suite.
Needs the test extra (pip install -e '.[test]').
"""

from __future__ import annotations

import argparse
import sys
import traceback
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [p.read_text(encoding="utf-8").splitlines() for p in sorted((ROOT / "seeds").glob("*.md"))]

# What the recognisers and rules react to.
TOKENS = ["1", "12", "9" * 400, "0", "-", " - ", "–", "x", "*", "**", "_", ":", "|", " | ", "#", "## ", "(", ")", "[",
          "]", "=", " = ", "%", ".", ",", "~", "h", " hours", " days", " weeks", " pts", "Sprint ", "Phase ", "Week ",
          "of", " to ", "TBD", "`", "```", "~~~", "<!--", "-->", "<!-- planlint-disable ", "<!-- planlint-enable -->",
          "PL001", ">", "> ", "\t", "    ", "- [ ] ", "- [x] ", "1. ", "**Team Size**: ", "**Total**: ",
          "**Duration**: ", "**Dates**: ", "Oct 6", "2025-10-06", "Monday", "✅", "âœ…", "Ã—", "\u00a0", "\ufeff",
          "---", "[a](b.md)", "[x](#)", "Total: 40h", "3 tasks", "QL-012 ", "T1 ", "\r", "\\"]

LINES = [
    "# Plan", "## Sprint 1: Build (In Progress)", "## Sprint A: Foundation ✅", "### Success Criteria",
    "### Risks", "| Risk | Probability | Impact | Mitigation |", "|------|-------------|--------|------------|",
    "| Slow API | Low | High | Cache |", "| Task | Estimate | Status |", "|---|---|---|", "| Build | 4h | Done |",
    "- [ ] API gateway (8h)", "- [x] Login page (12-10 hours)", "  - [ ] Nested (2h)", "**Duration**: 2 weeks",
    "**Dates**: Oct 6-17, 2025", "**Team Size**: 3", "**Total Effort**: ~600h", "- p95 latency < 100ms",
    "Total: 3 tasks", "2 x 4 = 9", "---", "title: Plan", "", "```", "> quoted", "<!-- planlint-disable-next-line -->",
]


@st.composite
def mutated_seed(draw):
    lines = draw(st.sampled_from(SEEDS))
    start = draw(st.integers(0, max(0, len(lines) - 1)))
    lines = list(lines[start:start + draw(st.integers(1, 80))])
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "token", "indent"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if not lines:
            lines.append("")
        if kind == "insert":
            lines.insert(i, draw(st.sampled_from(LINES)))
        elif kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "token":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + "".join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6))) + line[at:]
        else:
            lines[i] = " " * draw(st.integers(1, 12)) + lines[i]
    return "\n".join(lines).encode("utf-8")


@st.composite
def generated_plan(draw):
    parts = draw(st.lists(st.one_of(st.sampled_from(LINES),
                                    st.lists(st.sampled_from(TOKENS), max_size=10).map("".join)), max_size=40))
    ending = draw(st.sampled_from(["\n", "\r\n", ""]))
    return ending.join(parts).encode("utf-8")


documents = st.one_of(mutated_seed(), generated_plan(), st.binary(max_size=400))

KNOWN = {
    # (file, function) of reader bugs reported to the reader's owner; anything else fails
    ("parser.py", "_team_size"),  # int() of a Team Size of thousands of digits
}


def _setup():
    from jsonschema import Draft202012Validator

    from planlint.config import Config
    from planlint.engine import registry
    from planlint.schemas import load

    config = Config()
    reg = registry()
    return config.selected(reg), config, reg, Draft202012Validator(load("plan.schema.json"))


_SETUP = None


def check_document(data: bytes) -> None:
    """The properties, on one document; raises AssertionError (or the bug's exception)."""
    global _SETUP
    from planlint.check import check_source
    from planlint.parser import parse_plan
    from planlint.source import PlanReadError, decode

    if _SETUP is None:
        _SETUP = _setup()
    rules, config, reg, schema = _SETUP
    try:
        source = decode(data, "fuzz.md")
    except PlanReadError:
        return
    try:
        plan = parse_plan(source)
        findings = check_source(source, rules, config, reg, today=date(2025, 10, 6))
        fixes = [fix for r in rules if r.fix for fix in r.fix(source)]
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        if (Path(where.filename).name, where.name) in KNOWN:
            return
        raise
    errors = sorted(schema.iter_errors(plan.to_dict()), key=str)
    assert not errors, f"the model does not fit its schema: {errors[0].message} at {list(errors[0].path)}"
    lines = max(1, len(source.lines))
    for f in findings:
        assert "failed on this file" not in f.message, f.message
        assert 1 <= f.line <= lines and (f.end_line or f.line) <= lines, f
    for number, _ in fixes:
        assert 1 <= number <= lines


def run(examples: int, seed: int | None = None) -> None:
    @settings(max_examples=examples, deadline=None, database=None, derandomize=seed is None,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(documents)
    def fuzz(data):
        check_document(data)

    if seed is not None:
        from hypothesis import seed as with_seed

        fuzz = with_seed(seed)(fuzz)
    fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=None, help="a random seed (default: a fixed, derandomised run)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    run(args.examples, args.seed)
    print(f"{args.examples} documents: no property broken")


if __name__ == "__main__":
    main()
