#!/usr/bin/env bash
# The planlint action's "check" step (see action.yml): run the check, turn the JSON report
# into annotations, a job summary and step outputs, and add the scope diff of each changed
# plan when a baseline is in effect. It always succeeds itself; planlint's exit code is left
# in $RUNNER_TEMP/planlint/exit-code for the action's last step.
# Inputs arrive as INPUT_PATHS, INPUT_CONFIG, INPUT_CONFIG_FROM_BASE, INPUT_AGAINST, INPUT_FAIL_ON,
# INPUT_SARIF_FILE. In a pull request the configuration is read from the base revision, and
# file-wide suppression comments the pull request adds are reported as findings: a pull
# request cannot switch off the gate that judges it.
set -uo pipefail

if [ -d "$RUNNER_TEMP/planlint-venv/bin" ]; then PATH="$RUNNER_TEMP/planlint-venv/bin:$PATH"; fi
work="$RUNNER_TEMP/planlint"
rm -rf "$work" && mkdir -p "$work/diffs"

# one path per line, or one line split as a shell would (quotes keep spaces)
mapfile -d '' -t paths < <(python -c '
import os, shlex, sys
text = os.environ.get("INPUT_PATHS", "")
lines = [l.strip() for l in text.splitlines() if l.strip()]
paths = lines if len(lines) > 1 else shlex.split(text)
sys.stdout.write("".join(p + "\0" for p in paths))
')
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi

base="${INPUT_AGAINST:-}"
if [ -z "$base" ] && [ -n "${GITHUB_BASE_REF:-}" ]; then base="origin/$GITHUB_BASE_REF"; fi

args=(--fail-on "${INPUT_FAIL_ON:-warning}")
if [ -n "${GITHUB_BASE_REF:-}" ] && [ -n "$base" ] && [ "${INPUT_CONFIG_FROM_BASE:-true}" != "false" ]; then
  args+=(--config-from "$base")
elif [ -n "${INPUT_CONFIG:-}" ]; then
  args+=(--config "$INPUT_CONFIG")
fi
if [ -n "$base" ]; then args+=(--against "$base"); fi

planlint check "${args[@]}" --format json --output-file "$work/report.json" -- "${paths[@]}" 2> "$work/stderr.txt"
echo $? > "$work/exit-code"
# planlint's messages name files, and a file name can hold anything: show them with
# workflow commands switched off, so that none can be forged
token="$(python -c 'import secrets; print(secrets.token_hex(16))')"
echo "::stop-commands::$token"
cat "$work/stderr.txt"
echo "::$token::"

sarif_missing=""
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  if grep -q sarif <<< "$(planlint check --help)"; then
    mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
    planlint check "${args[@]}" --format sarif --output-file "$INPUT_SARIF_FILE" -- "${paths[@]}" 2> /dev/null
  else
    sarif_missing=1
  fi
fi

# The scope diff of every Markdown file that differs from the baseline (deleted ones aside).
base_found=""
if [ -n "$base" ] && git rev-parse --verify --quiet "$base^{commit}" > /dev/null; then
  base_found=1
  n=0
  while IFS= read -r -d '' f; do
    case "$f" in *.md | *.markdown) ;; *) continue ;; esac
    n=$((n + 1))
    planlint diff "$f" --against "$base" --format json > "$work/diffs/$n.json" \
      && planlint diff "$f" --against "$base" --format markdown > "$work/diffs/$n.md"
    printf '%s' "$f" > "$work/diffs/$n.path"
    git show "$base:./$f" > "$work/diffs/$n.base" 2> /dev/null || : > "$work/diffs/$n.base"
  done < <(git diff -z --name-only --relative --diff-filter=d "$base" -- "${paths[@]}")
fi

BASE="$base" BASE_FOUND="$base_found" FAIL_ON="${INPUT_FAIL_ON:-warning}" SARIF_MISSING="$sarif_missing" \
  python - "$work" <<'EOF'
import json, os, sys
from pathlib import Path

work = Path(sys.argv[1])
code = int((work / "exit-code").read_text())
report = json.loads((work / "report.json").read_text()) if (work / "report.json").is_file() else None
# planlint's own errors, and click's for a bad option value (fail-on: bogus)
problems = [l.split("rror: ", 1)[1] for l in (work / "stderr.txt").read_text(errors="replace").splitlines()
            if l.startswith(("planlint: error: ", "Error: "))]
findings = report["findings"] if report else []
by = report["summary"]["by_severity"] if report else {"error": 0, "warning": 0, "info": 0}


def file_wide(text):
    """The suppression comments of a plan that cover the whole file, or the rest of it."""
    from planlint.suppress import parse_suppressions

    lines = text.splitlines()
    return [s for s in parse_suppressions(lines, lambda w: w) if s.kind == "disable-file"
            or (s.kind == "disable" and s.last == len(lines))]


# A suppression for the whole file that the pull request adds is a finding of the gate.
for path in sorted((work / "diffs").glob("*.path"), key=lambda p: int(p.stem)):
    name = path.read_text(errors="surrogateescape")
    try:
        head = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        continue
    before = [(s.kind, s.written) for s in file_wide(path.with_suffix(".base").read_text(errors="replace"))]
    for s in file_wide(head):
        if (s.kind, s.written) in before:
            before.remove((s.kind, s.written))
            continue
        what = f"planlint-{s.kind} {s.written}".strip()
        reach = "the whole file" if s.kind == "disable-file" else "the rest of the file"
        findings.append({"path": name, "line": s.line, "column": s.column, "end_line": s.line, "rule": "gate",
                         "name": "new-file-suppression", "severity": "error",
                         "message": f"this pull request adds '<!-- {what} -->', which switches rules off for {reach}"})
        by["error"] += 1
        if code == 0:
            code = 1
            (work / "exit-code").write_text("1\n")


def esc(text, prop=False):  # workflow command escaping (data; properties also : and ,)
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def plural(n, word):
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


level = {"error": "error", "warning": "warning", "info": "notice"}
for f in findings:
    where = f"file={esc(f['path'], 1)},line={f['line']},endLine={f.get('end_line') or f['line']},col={f['column']}"
    print(f"::{level[f['severity']]} {where},title={esc(f['rule'] + ' ' + f['name'], 1)}::{esc(f['message'])}")
located = {e["message"]: e["path"] for e in (report["errors"] if report else [])}
for message in problems:
    where = f"file={esc(located[message], 1)}," if message in located else ""
    print(f"::error {where}title=planlint::{esc(message)}")
if os.environ["SARIF_MISSING"]:
    print("::warning title=planlint::this planlint has no SARIF output; sarif-file was not written")

diffs = []
for path in sorted((work / "diffs").glob("*.json"), key=lambda p: int(p.stem)):
    data = json.loads(path.read_text() or "null")
    if data and data["status"] in ("changed", "new") and data["work_items"]["current"]:
        diffs.append((data, path.with_suffix(".md").read_text() if path.with_suffix(".md").is_file() else ""))
hours = [d["estimate"].get("hours", {"baseline": 0, "current": 0}) for d, _ in diffs if d["status"] == "changed"]
delta = sum(h["current"] - h["baseline"] for h in hours)

out = ["## planlint", ""]
if report is None:
    out.append(f"planlint could not check the plans (exit code {code}).")
else:
    s = report["summary"]
    levels = ", ".join(plural(by[k], k) for k in ("error", "warning", "info") if by[k]) or "none"
    out.append(f"**{plural(s['findings'], 'finding')}** ({levels}) in {s['files_with_findings']} of "
               f"{plural(s['files'], 'file')}; fail-on: {os.environ['FAIL_ON']}; exit code {code}.")
if findings:
    out += ["", "| Severity | Location | Rule | Message |", "|---|---|---|---|"]
    out += [f"| {f['severity']} | `{cell(f['path'])}:{f['line']}` | {f['rule']} {f['name']} | {cell(f['message'])} |"
            for f in findings[:300]]
    if len(findings) > 300:
        out += ["", f"... and {len(findings) - 300} more: see the annotations and the log."]
if problems:
    out += ["", "**Errors**", ""] + [f"- {cell(m)}" for m in problems]
if os.environ["BASE_FOUND"]:  # a baseline that is not there is among the errors above
    out += ["", f"## Scope against `{os.environ['BASE']}`", "",
            f"Estimate change of the changed plans: {delta:+g}h.", ""]
    out += [md for _, md in diffs] or ["No plan changed its scope."]
if os.environ.get("GITHUB_STEP_SUMMARY"):
    with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
if os.environ.get("GITHUB_OUTPUT"):
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as fh:
        fh.write(f"findings={len(findings)}\nerrors={by['error']}\nwarnings={by['warning']}\n"
                 f"scope-delta-hours={delta:g}\n")
EOF
exit 0
