"""Score `planlint diff` against labelled plan histories.

    python bench/histories.py ../shared/corpus/labelled/histories [--json] [--misses]

Each history is a directory in the format of ../shared/corpus/labelled/MANIFEST.md:
001.md, 002.md ... (the plan file at each revision), revisions.json (commit, author
date, subject) and truth.json (the scope change of each consecutive pair). Every history
is replayed into a new git repository, one commit per revision with its author date and
subject; for each pair the later commit is checked out and the real command runs:
`planlint diff plan.md --against <earlier commit> --format json`.

Three measures over the truth's *certain* pair entries (its *likely* ones are not scored):

- added recall: an item the truth lists as added is reported as added, in any sprint,
  by its id or its title;
- estimate-change recall: an entry whose computed estimate changed (or that is a new
  sprint with an estimate) has a total reported with the same numbers, before and after,
  for the document or one of its sprints (the low end of a range, in the truth's unit);
- status-only precision: a status-only entry has no added or removed item reported
  beyond the ones the truth lists for its pair (for a pair that is status-only
  throughout: none at all), in its sprint: changes reported for a sprint the entry does
  not name ("Sprint 12" beside an entry about "Sprint 11") are the other sprint's, about
  which the entry says nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"points": "points", "hours": "hours", "days": "days"}


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    full = {**os.environ, "GIT_AUTHOR_NAME": "Plan Author", "GIT_AUTHOR_EMAIL": "author@example.com",
            "GIT_COMMITTER_NAME": "Plan Author", "GIT_COMMITTER_EMAIL": "author@example.com",
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **(env or {})}
    return subprocess.run(["git", "-C", str(repo), *args], env=full, capture_output=True, text=True,
                          check=True).stdout


def replay(history: Path, repo: Path) -> dict[str, str]:
    """One commit per revision, dated and named as the real one: file name -> commit."""
    meta = json.loads((history / "revisions.json").read_text(encoding="utf-8"))
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    commits = {}
    for rev in meta["revisions"]:
        (repo / "plan.md").write_bytes((history / rev["file"]).read_bytes())
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", rev["subject"] or "(no subject)",
            env={"GIT_AUTHOR_DATE": rev["date"], "GIT_COMMITTER_DATE": rev["date"]})
        commits[rev["file"]] = git(repo, "rev-parse", "HEAD").strip()
    return commits


def run_diff(repo: Path, against: str) -> dict:
    env = {**os.environ, "NO_COLOR": "1", "PLANLINT_CACHE_DIR": tempfile.gettempdir() + "/planlint-bench-cache"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("GITHUB_BASE_REF", None)
    result = subprocess.run([sys.executable, "-m", "planlint", "diff", "plan.md", "--against", against,
                             "--format", "json"], cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"planlint diff failed in {repo}: {result.stderr.strip()}")
    return json.loads(result.stdout)


# --- matching what the truth names with what planlint reports ------------------------

_ID = re.compile(r"^\s*(?:story\s+)?((?:[a-z]+[-_ ]?)+\d+(?:[.-]\d+)*|\d+(?:\.\d+)+|#\d+)\b", re.I)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _id_key(text: str | None) -> str | None:
    return re.sub(r"[-_ ]+", "-", text.strip().lower()).lstrip("#") if text else None


def truth_item(text: str) -> tuple[str | None, str]:
    """(id, title) of an item as the truth writes it: "US-022 Title (8 pts)",
    "Story 11.24: Title (8-10h)", "Group / Title (9 pts)"."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text.strip())
    m = _ID.match(text)
    ident = _id_key(m.group(1)) if m else None
    title = text[m.end():].lstrip(" :-—–") if m else text
    return ident, title


def same_item(truth: str, reported: dict) -> bool:
    ident, title = truth_item(truth)
    rid = _id_key(reported.get("id"))
    if ident and rid:
        return ident == rid or ident.endswith("-" + rid) or rid.endswith("-" + ident)
    a, b = _key(title), _key(reported.get("title") or "")
    if not a or not b:
        return False
    parts = [_key(p) for p in title.split(" / ")]
    return (a in b or b in a or any(p and (p in b or b in p) for p in parts)
            or SequenceMatcher(None, a, b).ratio() >= 0.6)


def _close(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 0.01


def totals_reported(data: dict):
    """Every (new sprint?, estimate by unit) the report gives: the document's and each sprint's."""
    yield False, data.get("estimate", {})
    for s in data.get("sprints", []):
        yield bool(s.get("new")), s.get("estimate", {})


def estimate_reported(entry: dict, data: dict) -> bool:
    unit = UNITS.get(entry.get("unit") or "", entry.get("unit"))
    before, after = entry.get("estimate_before"), entry.get("estimate_after")
    for new, estimate in totals_reported(data):
        value = estimate.get(unit)
        if not value:
            continue
        if before is None:
            if new and _close(value.get("current"), after):
                return True
        elif _close(value.get("baseline"), before) and _close(value.get("current"), after):
            return True
    return False


def changes(data: dict, kind: str, sprint: str | None = None) -> list[dict]:
    """The changes of a kind, in every reported sprint but the ones that are plainly
    another than `sprint` (the same word, another number)."""
    return [c for s in data.get("sprints", []) if not other_sprint(s.get("id") or "", sprint)
            for c in s.get("changes", []) if c["kind"] == kind]


_NUMBERED = re.compile(r"^\s*([^\W\d_]+)\s*#?\s*(\d+(?:\.\d+)?)\b")


def other_sprint(reported: str, named: str | None) -> bool:
    a, b = _NUMBERED.match(reported), _NUMBERED.match(named or "")
    return bool(a and b and a.group(1).lower() == b.group(1).lower() and float(a.group(2)) != float(b.group(2)))


def score_history(history: Path, workdir: Path) -> list[dict]:
    truth = json.loads((history / "truth.json").read_text(encoding="utf-8"))["pairs"]
    repo = workdir / history.name
    commits = replay(history, repo)
    reports: dict[tuple, dict] = {}
    results = []
    for entry in truth:
        if entry.get("confidence") != "certain":
            continue
        pair = (entry["from"], entry["to"])
        if pair not in reports:
            git(repo, "checkout", "-q", "--detach", commits[entry["to"]])
            reports[pair] = run_diff(repo, commits[entry["from"]])
        data = reports[pair]
        named_added = [a for e in truth if (e["from"], e["to"]) == pair for a in e.get("added", [])]
        named_removed = [a for e in truth if (e["from"], e["to"]) == pair for a in e.get("removed", [])]
        added, removed = changes(data, "added"), changes(data, "removed")
        result = {"history": history.name, "pair": f"{pair[0]}->{pair[1]}", "sprint": entry.get("sprint"),
                  "added": [], "estimate": None, "status_only": None}
        for item in entry.get("added", []):
            result["added"].append({"item": item, "found": any(same_item(item, c) for c in added)})
        before, after = entry.get("estimate_before"), entry.get("estimate_after")
        if after is not None and before != after:
            result["estimate"] = {"before": before, "after": after, "unit": entry.get("unit"),
                                  "found": estimate_reported(entry, data)}
        if entry.get("status_only"):
            mine = changes(data, "added", entry.get("sprint")), changes(data, "removed", entry.get("sprint"))
            extra = [c for c in mine[0] if not any(same_item(t, c) for t in named_added)]
            extra += [c for c in mine[1] if not any(same_item(t, c) for t in named_removed)]
            result["status_only"] = {"clean": not extra,
                                     "reported": [f"{c['kind']} {c['id'] or ''} {c['title']}".strip() for c in extra]}
        results.append(result)
    return results


def score(directory: Path) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="planlint-histories-") as tmp:
        for history in sorted(p for p in directory.iterdir() if (p / "truth.json").is_file()):
            results += score_history(history, Path(tmp))
    return results


def summary(results: list[dict]) -> dict:
    """Per history and for all: hits and totals of the three measures."""
    out = {}
    for name in sorted({r["history"] for r in results}) + ["all"]:
        rs = [r for r in results if name in ("all", r["history"])]
        added = [a for r in rs for a in r["added"]]
        estimates = [r["estimate"] for r in rs if r["estimate"]]
        status = [r["status_only"] for r in rs if r["status_only"]]
        out[name] = {"added": [sum(a["found"] for a in added), len(added)],
                     "estimate": [sum(e["found"] for e in estimates), len(estimates)],
                     "status_only": [sum(s["clean"] for s in status), len(status)]}
    return out


def _ratio(pair) -> str:
    hits, total = pair
    return f"{hits}/{total} ({100 * hits / total:.0f}%)" if total else "-"


def render(summ: dict) -> str:
    head = ("history", "added recall", "estimate-change recall", "status-only precision")
    rows = [(name if len(name) < 48 else name[:45] + "...", _ratio(v["added"]), _ratio(v["estimate"]),
             _ratio(v["status_only"])) for name, v in summ.items()]
    width = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    out = ["| " + " | ".join(h.ljust(width[i]) for i, h in enumerate(head)) + " |",
           "|" + "|".join("-" * (w + 2) for w in width) + "|"]
    out += ["| " + " | ".join(c.ljust(width[i]) for i, c in enumerate(r)) + " |" for r in rows]
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--misses", action="store_true", help="list what was missed")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"histories.py: {args.directory}: no such directory", file=sys.stderr)
        return 2
    results = score(args.directory)
    summ = summary(results)
    if args.json:
        print(json.dumps({"summary": summ, "results": results}, ensure_ascii=False, indent=1))
        return 0
    print(render(summ))
    if args.misses:
        for r in results:
            where = f"{r['history'][:40]} {r['pair']} [{r['sprint']}]"
            for a in r["added"]:
                if not a["found"]:
                    print(f"added not reported: {where}: {a['item']}")
            if r["estimate"] and not r["estimate"]["found"]:
                e = r["estimate"]
                print(f"estimate change not reported: {where}: {e['before']} -> {e['after']} {e['unit']}")
            if r["status_only"] and not r["status_only"]["clean"]:
                print(f"status-only pair reports work: {where}: {'; '.join(r['status_only']['reported'])[:300]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
