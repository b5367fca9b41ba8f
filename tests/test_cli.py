"""The command as users run it: exit codes, streams, formats, and bad input."""

import json
import shutil
from collections import Counter

from conftest import SEEDS, run_cli
from planlint.schemas import load


def test_check_seeds_reports_findings_and_an_actionable_summary():
    result = run_cli("check", SEEDS)
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    findings = json.loads(run_cli("check", "--format", "json", SEEDS).stdout)["findings"]
    out = result.stdout.splitlines()
    lines = [line for line in out if line.startswith(str(SEEDS))]
    assert len(lines) == len(findings)
    for line, f in zip(lines, findings):
        mark = " [*]" if f["fixable"] else ""
        assert line == f"{f['path']}:{f['line']}:{f['column']}: {f['rule']}{mark} {f['severity']}: {f['message']} ({f['name']})"

    summary = out[len(lines):]
    assert len(summary) <= 15 and summary[0].startswith(f"Found {len(findings)} findings (")
    counts = Counter(f["rule"] for f in findings)
    per_rule = [line.split() for line in summary[1:1 + len(counts)]]
    assert [(int(n), code) for n, code, *_ in per_rule] == sorted(((n, c) for c, n in counts.items()),
                                                                 key=lambda nc: (-nc[0], nc[1]))
    assert ["110", "PL601", "[*]", "mojibake", "warning"] in per_rule
    fixable = sum(f["fixable"] for f in findings)
    assert 0 < fixable < counts["PL601"]  # one garbled line lost a byte: no certain repair
    assert f"[*] {fixable} fixable with `planlint check --fix`" in summary[-2]
    assert summary[-1].startswith("`planlint rule CODE` explains a rule")
    assert "planlint rule" not in "\n".join(out[:-1])  # named once


def test_statistics_instead_of_the_findings():
    result = run_cli("check", "--statistics", SEEDS)
    assert result.returncode == 1
    assert result.stdout == "".join(line + "\n" for line in run_cli("check", SEEDS).stdout.splitlines()[-14:])
    stats = json.loads(run_cli("check", "--statistics", "--output-format", "json", SEEDS).stdout)["statistics"]
    assert stats[0] == {"rule": "PL601", "name": "mojibake", "count": 110, "fixable": 109, "severities": ["warning"]}
    assert sum(e["count"] for e in stats) == 149


def test_json_format(tmp_path):
    result = run_cli("check", "--format", "json", SEEDS / "ollamamax-sprint-plan.md", SEEDS / "somaagent-sprint-coordination.md")
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["summary"]["files"] == 2
    for f in data["findings"]:
        assert set(f) == {"path", "line", "column", "end_line", "rule", "name", "severity", "message", "fixable"}
        assert f["line"] >= 1 and f["severity"] in ("error", "warning", "info")


def test_clean_plan_exits_0(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n## Sprint 1: Start\n**Duration**: 2 weeks\n\n### Success Criteria\n- [ ] p95 latency < 200ms\n\n"
                    "### Risks\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| Slow API | Low | High | Cache |\n")
    result = run_cli("check", plan)
    assert result.returncode == 0, result.stdout
    assert "All checks passed" in result.stdout


def test_missing_path_is_one_line_and_exit_2(tmp_path):
    result = run_cli("check", tmp_path / "nope.md")
    assert result.returncode == 2
    assert result.stderr.strip() == f"planlint: error: {tmp_path / 'nope.md'}: no such file or directory"
    assert "Traceback" not in result.stderr


def test_directory_without_markdown(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    result = run_cli("check", tmp_path)
    assert result.returncode == 2
    assert "no Markdown files" in result.stderr


def test_empty_directory_says_what_is_wrong_and_claims_no_pass(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("check", "empty", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "planlint: error: empty: no Markdown files (*.md, *.markdown) in this directory\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "old.md").write_text("# Old\n")
    (tmp_path / "planlint.toml").write_text('exclude = ["docs/*"]\n')
    result = run_cli("check", "docs", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "docs: every Markdown file in this directory is excluded" in result.stderr


def test_unreadable_file_among_others_is_reported_and_the_rest_checked(tmp_path):
    shutil.copy(SEEDS / "somaagent-sprint-coordination.md", tmp_path / "good.md")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "latin1.md").write_bytes("# Plan\nCaf\xe9\n".encode("latin-1"))
    result = run_cli("check", tmp_path)
    assert result.returncode == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("planlint: error: ") for e in errors)
    assert any("binary.md: binary file" in e for e in errors)
    assert any("latin1.md:2: not UTF-8" in e for e in errors)
    assert "good.md:22:" in result.stdout  # the readable plan was still checked


def test_empty_file_and_bom_crlf(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"\xef\xbb\xbf# Plan\r\n\r\n## Sprint 1: X\r\n**Duration**: 1 week\r\n")
    result = run_cli("check", "--format", "json", tmp_path)
    data = json.loads(result.stdout)
    assert result.returncode == 0  # the sprint's missing sections are info notes
    assert {(f["path"].split("/")[-1], f["line"]) for f in data["findings"]} == {("crlf.md", 3)}
    parsed = json.loads(run_cli("parse", crlf).stdout)
    assert parsed["sprints"][0]["line"] == 3 and parsed["sprints"][0]["duration"]["line"] == 4


def test_gitignore_is_honoured_in_a_work_tree(tmp_path):
    import subprocess
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "bad.md").write_bytes(b"\x00binary")
    (tmp_path / "plan.md").write_text("# Plan\n")
    result = run_cli("check", tmp_path)
    assert result.returncode == 0, result.stderr


def test_parse_prints_the_model_and_it_validates():
    from jsonschema import Draft202012Validator

    result = run_cli("parse", SEEDS / "ollamamax-sprint-plan.md")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    Draft202012Validator(load("plan.schema.json")).validate(data)
    assert [s["id"] for s in data["sprints"]][:2] == ["Sprint C", "Sprint D"]


def test_schema_command_prints_the_model_schema():
    assert json.loads(run_cli("schema").stdout) == load("plan.schema.json")


def test_version():
    from planlint import __version__

    assert run_cli("--version").stdout.strip() == f"planlint, version {__version__}"


def test_large_document(tmp_path):
    """A 5 MB plan is read and checked, with lines past the first copy still exact."""
    seed = (SEEDS / "ollamamax-sprint-plan.md").read_text(encoding="utf-8")
    copies = 5_000_000 // len(seed.encode()) + 1
    big = tmp_path / "big.md"
    big.write_text(seed * copies, encoding="utf-8")
    result = run_cli("parse", "--compact", big)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    seed_lines = seed.count("\n")
    sprint_lines = [s["line"] for s in data["sprints"] if s["id"] == "Sprint C"]
    assert sprint_lines[:3] == [13, 13 + seed_lines, 13 + 2 * seed_lines]


def test_unwritable_output_file_is_one_line_and_exit_2(tmp_path):
    result = run_cli("check", "--output-file", tmp_path / "missing-dir" / "report.txt", SEEDS / "ollamamax-sprint-plan.md")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("planlint: error: ") and "cannot write the report" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_color_flag_colours_a_pipe_and_no_color_flag_does_not(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# P\n\n- [ ] Load testing (12-10 hours)\n")
    coloured = run_cli("check", "--color", "--select", "PL206", plan)
    assert coloured.returncode == 1 and "\033[31mPL206\033[0m" in coloured.stdout
    plain = run_cli("check", "--no-color", "--select", "PL206", plan, env={"NO_COLOR": ""})
    assert plain.returncode == 1 and "PL206" in plain.stdout and "\033[" not in plain.stdout


def test_planlint_rules_lists_every_severity_the_findings_have():
    listed = {}
    for line in run_cli("rules").stdout.splitlines():
        code, _, severities = line.split()[:3]
        listed[code] = severities.split("/")
    assert listed["PL103"] == ["error", "warning"] and listed["PL206"] == ["error"]
    findings = json.loads(run_cli("check", "--format", "json", SEEDS).stdout)["findings"]
    assert {f["severity"] for f in findings if f["rule"] == "PL102"} == {"warning"}  # the seeds have such findings
    assert all(f["severity"] in listed[f["rule"]] for f in findings)


def test_standard_input_with_a_filename(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "exists.md").write_text("# Here\n")
    (tmp_path / "planlint.toml").write_text('[per-file-ignores]\n"docs/*" = ["PL001"]\n')
    text = "# Plan\n\n- [ ] Load testing (12-10 hours)\n- [Here](exists.md) and [Gone](gone.md)\n"
    result = run_cli("check", "-", "--stdin-filename", "docs/plan.md", cwd=tmp_path, input=text)
    assert result.returncode == 1, result.stderr
    assert [line.split(" ")[:2] for line in result.stdout.splitlines() if line.startswith("docs/")] == [
        ["docs/plan.md:3:21:", "PL206"], ["docs/plan.md:4:25:", "PL603"]]  # PL001 ignored for docs/*
    assert "gone.md" in result.stdout and "exists.md" not in result.stdout
    assert (tmp_path / "docs" / "plan.md").exists() is False

    unnamed = run_cli("check", "-", "--select", "PL206", cwd=tmp_path, input=text)
    assert unnamed.returncode == 1 and unnamed.stdout.startswith("-:3:21: PL206 error: ")
    binary = run_cli("check", "-", cwd=tmp_path, input="\x00\x01PNG")
    assert binary.returncode == 2 and binary.stderr.startswith("planlint: error: -: ")


def test_standard_input_cannot_be_fixed_in_place_but_diffed(tmp_path):
    garbled = "# Plan\n- Sprint A: \u00e2\u0153\u2026 done\n"
    result = run_cli("check", "--fix", "-", cwd=tmp_path, input=garbled)
    assert result.returncode == 2 and "--fix cannot rewrite standard input" in result.stderr
    result = run_cli("check", "--fix", "--diff", "-", "--stdin-filename", "plan.md", cwd=tmp_path, input=garbled)
    assert result.returncode == 1
    assert result.stdout == "--- a/plan.md\n+++ b/plan.md\n@@ -1,2 +1,2 @@\n # Plan\n" \
                            "-- Sprint A: \u00e2\u0153\u2026 done\n+- Sprint A: \u2705 done\n"
    both = run_cli("check", "-", "plan.md", cwd=tmp_path, input=garbled)
    assert both.returncode == 2 and both.stderr.strip() == "planlint: error: `-` (standard input) cannot be given with other paths"


def test_exit_zero_and_quiet(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# P\n\n- [ ] Load testing (12-10 hours)\n- Sprint A: \u00e2\u0153\u2026 done\n")
    result = run_cli("check", "--select", "PL206,PL601", "--exit-zero", plan)
    assert result.returncode == 0 and "PL206" in result.stdout and "Found 2 findings" in result.stdout
    assert run_cli("check", "--exit-zero", tmp_path / "missing.md").returncode == 2  # errors are still errors
    quiet = run_cli("check", "--select", "PL206,PL601", "-q", plan)
    assert quiet.returncode == 1 and quiet.stderr == ""
    assert [line.split(" ")[1] for line in quiet.stdout.splitlines()] == ["PL206", "PL601"]
    fixed = run_cli("check", "--select", "PL206,PL601", "--fix", "--quiet", plan)
    assert fixed.returncode == 1 and fixed.stderr == "" and fixed.stdout.splitlines()[0].split(" ")[1] == "PL206"
    assert "\u2705" in plan.read_text()
