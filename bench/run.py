"""Benchmark planlint against the Markdown linters people already run.

    python bench/run.py [--copies 1000] [--commits 2000] [--shared ../shared] [--large-mb 1,2,4]

Builds a corpus of N copies of the seed plans in a temporary directory, a repository
with a plan changed in each of M commits, and (when ../shared is there) a replay of the
79-revision bee-hive PLAN history; then times, each in a fresh process:

    planlint check        cold (empty cache) and warm (nothing changed), all files
    planlint check        one file, as a pre-commit hook runs it
    planlint diff         against the first of M commits
    planlint history      over the 79 revisions
    planlint check        one large plan of each size given (the seeds repeated), for how
                          time and memory grow with the input

and prints wall time, CPU time (user + sys) and peak memory (max RSS) of each.
markdownlint-cli2 and mdschema, when installed (on PATH or in ./node_modules/.bin:
`npm install markdownlint-cli2 @jackchuka/mdschema-linux-x64`), run on the same files in
the same run, and the ratios are printed. Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(cmd, cwd, env=None) -> dict:
    """Run a command; wall seconds, CPU seconds and peak RSS (MiB) of that process alone."""
    with tempfile.TemporaryFile() as errors:  # a pipe could fill up and stall a chatty linter
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(map(str, cmd))} exited {proc.returncode}: {stderr.strip()[:300]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024}


def tool(name: str) -> str | None:
    local = Path.cwd() / "node_modules" / ".bin" / name
    return str(local) if local.exists() else shutil.which(name)


def make_corpus(directory: Path, copies: int) -> list[Path]:
    seeds = sorted((ROOT / "seeds").glob("*.md"))
    files = []
    for n in range(copies):
        seed = seeds[n % len(seeds)]
        target = directory / f"{n:05d}-{seed.name}"
        shutil.copyfile(seed, target)
        files.append(target)
    return files


def make_long_history(repo: Path, commits: int) -> None:
    """A plan changed in every one of `commits` commits, written with git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    base = (ROOT / "seeds" / "ollamamax-sprint-plan.md").read_text(encoding="utf-8")
    stream = []
    for n in range(commits):
        text = base.replace("- [ ] Add recent activity feed",
                            "- [ ] Add recent activity feed\n" + "".join(f"  - [ ] Widget {k} (2h)\n" for k in range(n % 40)))
        data = text.encode()
        message = f"Revise plan {n}".encode()
        stream += [b"commit refs/heads/main", f"mark :{n + 1}".encode(),
                   f"author Bench <bench@example.com> {1_700_000_000 + n * 3600} +0000".encode(),
                   f"committer Bench <bench@example.com> {1_700_000_000 + n * 3600} +0000".encode(),
                   f"data {len(message)}".encode(), message]
        if n:
            stream.append(f"from :{n}".encode())
        stream += [f"M 100644 inline plan.md".encode(), f"data {len(data)}".encode(), data, b""]
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"\n".join(stream) + b"\n", check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "main"], check=True)


def replay(history: Path, repo: Path) -> None:
    meta = json.loads((history / "revisions.json").read_text())
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    for rev in meta["revisions"]:
        (repo / "plan.md").write_bytes((history / rev["file"]).read_bytes())
        env = {**os.environ, "GIT_AUTHOR_DATE": rev["date"], "GIT_COMMITTER_DATE": rev["date"],
               "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
               "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
        subprocess.run(["git", "-C", str(repo), "add", "plan.md"], check=True, env=env)
        subprocess.run(["git", "-C", str(repo), "commit", "-q", "--allow-empty", "-m", rev["subject"]], check=True, env=env)


def row(label: str, m: dict, ref: dict | None = None, ref_name: str = "") -> str:
    """One line of the report (printed as soon as it is known)."""
    ratio = f"  {m['wall'] / ref['wall']:.2f}x {ref_name}" if ref else ""
    return f"{label:<44} {m['wall']:>8.2f}s {m['cpu']:>8.2f}s {m['rss_mib']:>8.0f} MiB{ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--large-mb", default="1,2,4", help="sizes (MB) of single large plans to check; '' for none")
    args = parser.parse_args()
    planlint = [sys.executable, "-m", "planlint"]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="planlint-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, args.copies)
        size = sum(f.stat().st_size for f in files) / 2**20
        print(f"corpus: {len(files)} documents, {size:.1f} MiB\n")
        print(f"{'run':<44} {'wall':>9} {'cpu':>9} {'peak RSS':>12}")
        cache = {"PLANLINT_CACHE_DIR": str(tmp / "cache")}
        one = files[0]
        results = {}
        results["cold"] = measure(planlint + ["check", str(corpus)], tmp, cache)
        results["warm"] = measure(planlint + ["check", str(corpus)], tmp, cache)
        results["one"] = measure(planlint + ["check", "--no-cache", str(one)], tmp)
        lint2, mdschema = tool("markdownlint-cli2"), tool("mdschema")
        if lint2:
            results["markdownlint"] = measure([lint2, f"{corpus}/*.md"], tmp)
            results["markdownlint-one"] = measure([lint2, str(one)], tmp)
        if mdschema:  # mdschema needs a schema: derive one from the first document
            derived = subprocess.run([mdschema, "derive", str(one)], capture_output=True, text=True, check=True)
            (corpus / ".mdschema.yml").write_text(derived.stdout, encoding="utf-8")
            results["mdschema"] = measure([mdschema, "check", f"{corpus}/*.md"], corpus)
        ml, ms = results.get("markdownlint"), results.get("mdschema")
        print(row(f"planlint check, cold, {len(files)} files", results["cold"], ml, "markdownlint-cli2"))
        print(row(f"planlint check, warm, {len(files)} files", results["warm"], ms, "mdschema"))
        print(row("planlint check, one file", results["one"], results.get("markdownlint-one"), "markdownlint-cli2"))
        if ml:
            print(row(f"markdownlint-cli2, {len(files)} files", ml))
            print(row("markdownlint-cli2, one file", results["markdownlint-one"]))
        if ms:
            print(row(f"mdschema check, {len(files)} files", ms))
        repo = tmp / "long"
        make_long_history(repo, args.commits)
        print(row(f"planlint diff --against HEAD~{args.commits - 1}",
                  measure(planlint + ["diff", "plan.md", "--against", f"HEAD~{args.commits - 1}"], repo)))
        bee = args.shared / "corpus" / "histories" / "LeanVibe__bee-hive__docs__PLAN"
        if bee.is_dir():
            replay(bee, tmp / "bee")
            print(row("planlint history, 79 revisions (bee-hive PLAN)", measure(planlint + ["history", "plan.md"], tmp / "bee")))
        else:
            print(f"(no {bee}: history benchmark skipped)")
        seeds = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.md")))
        for mb in [float(x) for x in args.large_mb.split(",") if x.strip()]:
            large = tmp / f"large-{mb:g}.md"
            large.write_text(seeds * int(mb * 1_000_000 // len(seeds.encode()) + 1), encoding="utf-8")
            print(row(f"planlint check, one {large.stat().st_size / 2**20:.1f} MiB plan",
                      measure(planlint + ["check", "--no-cache", str(large)], tmp)))


if __name__ == "__main__":
    main()
