"""Score planlint against a labelled set of plans.

    python bench/accuracy.py ../shared/corpus/labelled [--json] [--docs] [--misses]

The set is a directory in the format of ../shared/corpus/labelled/MANIFEST.md: docs/*.md
and truth.json, one entry per checkable claim (a `defect` the document really has, or a
`guard`: a claim that is right), each with its lines, family and confidence, and on
certain guards a one-line `mutation` that makes the claim wrong.

Three measures, over the certain entries, per family, per language and per document:

- recall: a defect is found when a warning or an error stands within one line of one
  of its lines (a finding stands on its lines from `line` to `end_line`: one finding for
  a cause shared by many lines covers them all);
- guards broken: a guard is broken when a warning or an error stands on one of its lines;
- mutations detected: the guard's mutation is applied to its document, and a warning or
  an error (rule, line) that the unchanged document does not have appears within one
  line of the mutated line or of one of the guard's lines.

Info findings count for none of them. Every document is checked with every rule, the
default configuration and `--today` (default 2026-11-21), in this process.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planlint.check import check_source  # noqa: E402
from planlint.config import Config  # noqa: E402
from planlint.engine import registry  # noqa: E402
from planlint.source import PlanReadError, decode  # noqa: E402

COUNTED = ("warning", "error")


def languages(manifest: Path) -> dict[str, str]:
    """Document -> language, from the manifest's source lines ("- `file` | repo | path | commit | lang | ...")."""
    found = {}
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^- `([^`]+)` \| [^|]+\| [^|]+\| [^|]+\| ([^|]+)\|", line)
            if m:
                found[m.group(1)] = m.group(2).strip()
    return found


class Checker:
    def __init__(self, today: date):
        self.registry = registry()
        self.config = Config()
        self.rules = self.config.selected(self.registry)
        self.today = today

    def findings(self, data: bytes, name: str) -> set[tuple[str, int, int]]:
        """(rule, line, end line) of every warning and error on a document."""
        try:
            source = decode(data, name)
        except PlanReadError:
            return set()
        found = check_source(source, self.rules, self.config, self.registry, self.today)
        return {(f.rule, f.line, f.end_line or f.line) for f in found if f.severity in COUNTED}


def mutate(data: bytes, mutation: dict) -> bytes | None:
    text = data.decode("utf-8-sig")
    lines = text.split("\n")
    index = mutation["line"] - 1
    if not 0 <= index < len(lines) or lines[index].count(mutation["from"]) != 1:
        return None
    lines[index] = lines[index].replace(mutation["from"], mutation["to"])
    return "\n".join(lines).encode("utf-8")


def near(lines, found, slack: int) -> bool:
    """Does a finding's lines (first to last) come within `slack` lines of one of these?"""
    return any(first - slack <= a <= last + slack for a in lines for first, last in found)


def score(directory: Path, today: date) -> dict:
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    lang = languages(directory / "MANIFEST.md")
    checker = Checker(today)
    docs: dict[str, bytes] = {}
    base: dict[str, set] = {}
    results = []
    for entry in truth:
        if entry.get("confidence") != "certain":
            continue
        name = entry["doc"]
        if name not in docs:
            docs[name] = (directory / "docs" / name).read_bytes()
            base[name] = checker.findings(docs[name], str(directory / "docs" / name))
        spans_found = {(line, end) for _, line, end in base[name]}
        lines_found = {line for _, line, _ in base[name]}
        result = {"doc": name, "family": entry["family"], "kind": entry["kind"], "lines": entry["lines"],
                  "claim": entry.get("claim", ""), "language": lang.get(name, "?")}
        if entry["kind"] == "defect":
            result["found"] = near(entry["lines"], spans_found, 1)
        else:
            result["broken"] = bool(set(entry["lines"]) & lines_found)
            mutation = entry.get("mutation")
            if mutation:
                changed = mutate(docs[name], mutation)
                if changed is None:
                    result["mutation"] = None
                else:
                    new = {(rule, line) for rule, line, _ in checker.findings(changed, str(directory / "docs" / name))} - \
                        {(rule, line) for rule, line, _ in base[name]}
                    result["mutation"] = near([mutation["line"], *entry["lines"]], {(line, line) for _, line in new}, 1)
        results.append(result)
    return {"results": results, "documents": len(docs)}


def _ratio(hits: int, total: int) -> str:
    return f"{hits}/{total} ({100 * hits / total:.0f}%)" if total else "-"


def tables(results, key) -> list[tuple[str, str, str, str]]:
    groups = defaultdict(list)
    for r in results:
        groups[r[key]].append(r)
    rows = []
    for name in sorted(groups):
        rs = groups[name]
        defects = [r for r in rs if r["kind"] == "defect"]
        guards = [r for r in rs if r["kind"] == "guard"]
        mutations = [r for r in guards if r.get("mutation") is not None]
        rows.append((name, _ratio(sum(r["found"] for r in defects), len(defects)),
                     _ratio(sum(r["broken"] for r in guards), len(guards)),
                     _ratio(sum(r["mutation"] for r in mutations), len(mutations))))
    defects = [r for r in results if r["kind"] == "defect"]
    guards = [r for r in results if r["kind"] == "guard"]
    mutations = [r for r in guards if r.get("mutation") is not None]
    rows.append(("all", _ratio(sum(r["found"] for r in defects), len(defects)),
                 _ratio(sum(r["broken"] for r in guards), len(guards)),
                 _ratio(sum(r["mutation"] for r in mutations), len(mutations))))
    return rows


def render(rows, title) -> str:
    head = (title, "defects found", "guards broken", "mutations detected")
    width = [max(len(str(r[i])) for r in [head, *rows]) for i in range(4)]
    out = ["| " + " | ".join(h.ljust(width[i]) for i, h in enumerate(head)) + " |",
           "|" + "|".join("-" * (w + 2) for w in width) + "|"]
    out += ["| " + " | ".join(str(c).ljust(width[i]) for i, c in enumerate(r)) + " |" for r in rows]
    return "\n".join(out)


def weighted(results) -> str:
    """The three measures with every document weighing the same (one document with 75
    defects of one cause should not decide the score)."""
    docs = defaultdict(list)
    for r in results:
        docs[r["doc"]].append(r)
    shares = {"defects found": [], "guards broken": [], "mutations detected": []}
    for rs in docs.values():
        defects = [r for r in rs if r["kind"] == "defect"]
        guards = [r for r in rs if r["kind"] == "guard"]
        mutations = [r for r in guards if r.get("mutation") is not None]
        if defects:
            shares["defects found"].append(sum(r["found"] for r in defects) / len(defects))
        if guards:
            shares["guards broken"].append(sum(r["broken"] for r in guards) / len(guards))
        if mutations:
            shares["mutations detected"].append(sum(r["mutation"] for r in mutations) / len(mutations))
    parts = [f"{name} {100 * sum(v) / len(v):.0f}% (over {len(v)} documents)" for name, v in shares.items() if v]
    return "per document, each weighing the same: " + "; ".join(parts)


def summary(results) -> dict:
    """The headline figures per family, as numbers (for tests and --json)."""
    out = {}
    for family in sorted({r["family"] for r in results} | {"all"}):
        rs = [r for r in results if family in ("all", r["family"])]
        defects = [r for r in rs if r["kind"] == "defect"]
        guards = [r for r in rs if r["kind"] == "guard"]
        mutations = [r for r in guards if r.get("mutation") is not None]
        out[family] = {
            "defects": len(defects), "found": sum(r["found"] for r in defects),
            "guards": len(guards), "broken": sum(r["broken"] for r in guards),
            "mutations": len(mutations), "detected": sum(r["mutation"] for r in mutations),
        }
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--today", default="2026-11-21")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--docs", action="store_true", help="also a table per document")
    parser.add_argument("--misses", action="store_true", help="list missed defects, broken guards, missed mutations")
    args = parser.parse_args(argv)
    if not (args.directory / "truth.json").is_file():
        print(f"accuracy.py: {args.directory}: no truth.json here", file=sys.stderr)
        return 2
    scored = score(args.directory, date.fromisoformat(args.today))
    results = scored["results"]
    if args.json:
        print(json.dumps({"summary": summary(results), "results": results}, ensure_ascii=False, indent=1))
        return 0
    print(f"{scored['documents']} documents, {len(results)} certain entries\n")
    print(render(tables(results, "family"), "family") + "\n")
    print(render(tables(results, "language"), "language") + "\n")
    print(weighted(results) + "\n")
    if args.docs:
        print(render(tables(results, "doc"), "document") + "\n")
    if args.misses:
        for r in results:
            what = ("missed defect" if r["kind"] == "defect" and not r["found"] else
                    "broken guard" if r.get("broken") else
                    "missed mutation" if r.get("mutation") is False else None)
            if what:
                print(f"{what}: {r['doc']}:{','.join(map(str, r['lines']))} [{r['family']}] {r['claim'][:90]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
