"""The output formats behind `planlint check --format`, run as users run them."""

import json
import tempfile
from collections import Counter
from xml.etree import ElementTree

import pytest
from jsonschema import Draft4Validator

from conftest import ROOT, SEEDS, run_cli
from planlint.check import FileResult
from planlint.findings import Finding
from planlint.reporters import BUILTIN as REPORTERS, github, markdown

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SEED_DIR = SEEDS.relative_to(ROOT)


# A result cache of our own: these runs name the seeds by relative path, and other tests
# by absolute path; neither should be served the other's findings.
CACHE = tempfile.mkdtemp(prefix="planlint-test-reporters-")


def check(*args, env=None):
    return run_cli("check", *args, SEED_DIR, cwd=ROOT, env={"PLANLINT_CACHE_DIR": CACHE, **(env or {})})


@pytest.fixture(scope="module")
def seed_json():
    result = check("--format", "json")
    assert result.returncode == 1, result.stderr
    return json.loads(result.stdout)


def finding(line, severity="warning", message="a message", path="plan.md", rule="PL001", name="policy", end_line=None):
    return Finding(path, line, 1, rule, name, severity, message, end_line, key=f"{rule}:{message}")


def test_every_reporter_is_a_format_choice_and_an_entry_point():
    from importlib.metadata import entry_points

    from planlint.cli import check as check_command

    option = next(p for p in check_command.params if p.name == "output_format")
    assert list(option.type.choices) == list(REPORTERS)
    assert {ep.name: ep.load() for ep in entry_points(group="planlint.reporters")} == REPORTERS
    assert set(option.opts) == {"--output-format", "--format"}


# --- SARIF ----------------------------------------------------------------------------

def test_sarif_is_valid_and_has_one_result_per_finding(seed_json):
    result = check("--format", "sarif")
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    errors = sorted(Draft4Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]

    run, = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "planlint" and driver["version"] and driver["informationUri"].startswith("http")
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    assert {r["id"] for r in rules} == {f["rule"] for f in seed_json["findings"]}
    headings = {line[3:] for line in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
                if line.startswith("## ")}
    for r in rules:
        assert r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        # this checkout declares no source URL: the rule's section in the docs/rules.md beside the package
        assert r["helpUri"] == f"{(ROOT / 'docs' / 'rules.md').as_uri()}#{r['id'].lower()}-{r['name']}"
        assert f"{r['id']} {r['name']}" in headings

    assert len(run["results"]) == len(seed_json["findings"])
    levels = {"error": "error", "warning": "warning", "info": "note"}
    got = Counter()
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        location = res["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri.startswith("seeds/") and "\\" not in uri
        region = location["region"]
        assert region["endLine"] >= region["startLine"] >= 1 and region["startColumn"] >= 1
        assert res["partialFingerprints"]
        got[(uri, region["startLine"], res["ruleId"], res["level"], res["message"]["text"])] += 1
    expected = Counter((f["path"], f["line"], f["rule"], levels[f["severity"]], f["message"]) for f in seed_json["findings"])
    assert got == expected
    fingerprints = [tuple(r["partialFingerprints"].items()) + (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],)
                    for r in run["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_help_uri_is_the_rules_section_at_the_installed_version(tmp_path):
    from planlint.engine import registry
    from planlint.reporters import help_uri, information_uri

    rule = registry().lookup("PL201")
    urls = {"homepage": "https://planlint.example.org", "source": "https://github.com/acme/planlint"}
    assert help_uri(rule, urls, "1.2.0") == \
        "https://github.com/acme/planlint/blob/v1.2.0/docs/rules.md#pl201-estimates-do-not-add-up"
    assert information_uri(urls) == "https://planlint.example.org"
    assert information_uri({}) == "https://pypi.org/project/planlint/"
    assert help_uri(rule, {}, docs=tmp_path / "rules.md") is None  # an installed wheel: no docs, no source URL


def test_sarif_fingerprint_follows_the_key_not_the_line():
    moved = [FileResult("plan.md", [finding(10)])], [FileResult("plan.md", [finding(42)])]
    prints = [json.loads(REPORTERS["sarif"](results))["runs"][0]["results"][0]["partialFingerprints"] for results in moved]
    assert prints[0] == prints[1]


def test_sarif_reports_unreadable_files_as_notifications(tmp_path):
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    (tmp_path / "plan.md").write_text("# Plan\n\n## Sprint 1: X\n**Duration**: 1 week\n")
    result = run_cli("check", "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 2
    log = json.loads(result.stdout)
    assert not list(Draft4Validator(SCHEMA).iter_errors(log))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification, = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "binary" in notification["message"]["text"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "binary.md"
    assert log["runs"][0]["results"]  # the readable plan was still checked


# --- GitHub workflow commands ---------------------------------------------------------

def annotations(stdout, level):
    return [line for line in stdout.splitlines() if line.startswith(f"::{level} ")]


def test_github_caps_annotations_per_level_and_counts_the_rest(seed_json):
    result = check("--format", "github")
    assert result.returncode == 1, result.stderr
    counts = seed_json["summary"]["by_severity"]
    assert counts["warning"] > 10  # the seeds must exercise the cap
    lines = result.stdout.splitlines()
    errors, warnings = annotations(result.stdout, "error"), annotations(result.stdout, "warning")
    assert len(errors) == min(10, counts["error"]) and len(warnings) == min(10, counts["warning"])
    assert len(annotations(result.stdout, "notice")) == min(10, counts["info"])

    left_out = {s: counts[s] - 10 for s in ("error", "warning", "info") if counts[s] > 10}
    expected = ", ".join(f"{n} {s if s == 'info' else s + 's' * (n != 1)}"
                         for s, n in sorted(left_out.items(), key=lambda kv: ("error", "warning", "info").index(kv[0])))
    assert (f"planlint: {sum(left_out.values())} findings not annotated ({expected}): GitHub shows 10 annotations "
            "of each level per step; every finding is in the log above") in lines

    # every finding is also a plain line of the log, as the text format prints it, in a group the log folds
    start, end = lines.index(f"::group::planlint: {seed_json['summary']['findings']} findings"), lines.index("::endgroup::")
    plain = check("--format", "text").stdout.splitlines()
    assert lines[start + 1:end] == plain[:seed_json["summary"]["findings"]]
    assert lines[-1] == f"Found {seed_json['summary']['findings']} findings (" + ", ".join(
        f"{counts[s]} {s}" + "s" * (s != "info") for s in ("error", "warning", "info") if counts[s]) + f") in {seed_json['summary']['files_with_findings']} of {seed_json['summary']['files']} files."

    # errors come first, and each annotation is one finding of the json output
    assert lines.index(warnings[0]) > lines.index(errors[-1])
    by_place = {(f["path"], f["line"], f["column"], f["rule"]): f for f in seed_json["findings"]}
    for line in errors + warnings:
        head, message = line[2:].split("::", 1)
        props = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
        f = by_place[(props["file"], int(props["line"]), int(props["col"]), props["title"].split(" ")[0])]
        assert int(props["endLine"]) == f["end_line"]
        assert props["title"] == f"{f['rule']} {f['name']}"
        assert message == f["message"].replace("%", "%25")


def test_github_escapes_properties_and_messages():
    f = Finding("docs/a,b:c.md", 3, 2, "PL201", "estimates-do-not-add-up", "error",
                "Sprint A: 50% over, see\nline 9\r", 4, key="k")
    out = github([FileResult(f.path, [f])]).splitlines()
    assert out[0] == ("::error file=docs/a%2Cb%3Ac.md,line=3,endLine=4,col=2,title=PL201 estimates-do-not-add-up"
                      "::Sprint A: 50%25 over, see%0Aline 9%0D")
    assert out[-1].startswith("Found 1 finding (1 error)")


def test_github_prefers_findings_on_changed_lines():
    findings = [finding(line) for line in range(1, 31)] + [finding(100, "error")]
    results = [FileResult("plan.md", findings)]
    plain = annotations(github(results), "warning")
    assert [int(a.split("line=")[1].split(",")[0]) for a in plain] == list(range(1, 11))
    ranked = github(results, changed_lines={"./plan.md": {25, 3}})
    shown = [int(a.split("line=")[1].split(",")[0]) for a in annotations(ranked, "warning")]
    assert shown[:2] == [3, 25] and len(shown) == 10 and 10 not in shown
    assert ranked.splitlines()[0].startswith("::error ")  # an error still outranks a changed warning
    assert "planlint: 20 findings not annotated (20 warnings): " in ranked


def test_github_actions_environment_picks_the_github_format():
    result = check(env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1, result.stderr
    assert annotations(result.stdout, "error") and annotations(result.stdout, "warning")
    plain = check()
    assert not annotations(plain.stdout, "error") and plain.stdout.startswith(str(SEED_DIR))
    explicit = check("--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(explicit.stdout)["version"] == 1


# --- GitLab Code Quality --------------------------------------------------------------

def test_gitlab_code_quality_has_one_issue_per_finding(seed_json, tmp_path):
    result = check("--output-format", "gitlab")
    assert result.returncode == 1, result.stderr
    issues = json.loads(result.stdout)
    assert len(issues) == len(seed_json["findings"])
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, f in zip(issues, seed_json["findings"]):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"] == f"{f['message']} ({f['name']})" and issue["check_name"] == f["rule"]
        assert issue["severity"] == severities[f["severity"]]
        assert issue["location"] == {"path": f["path"], "lines": {"begin": f["line"], "end": f["end_line"]}}
        assert issue["location"]["path"].startswith("seeds/")
    assert len({i["fingerprint"] for i in issues}) == len(issues)

    # paths are relative to the project GitLab checked out, wherever planlint runs
    inside = run_cli("check", "--output-format", "gitlab", ROOT / "seeds", cwd=tmp_path,
                     env={"CI_PROJECT_DIR": str(ROOT), "PLANLINT_CACHE_DIR": CACHE})
    assert [i["location"]["path"] for i in json.loads(inside.stdout)] == [i["location"]["path"] for i in issues]


def test_gitlab_fingerprint_follows_the_key_not_the_line():
    moved = [FileResult("plan.md", [finding(10)])], [FileResult("plan.md", [finding(42)])]
    prints = [json.loads(REPORTERS["gitlab"](results))[0]["fingerprint"] for results in moved]
    assert prints[0] == prints[1]


# --- JUnit ----------------------------------------------------------------------------

def test_junit_has_a_test_case_per_finding_and_counts_match_json(seed_json):
    result = check("--format", "junit")
    assert result.returncode == 1, result.stderr
    root = ElementTree.fromstring(result.stdout.encode("utf-8"))
    assert root.tag == "testsuites" and root.get("name") == "planlint"
    suites = root.findall("testsuite")
    summary = seed_json["summary"]
    assert len(suites) == summary["files"]
    cases = [c for suite in suites for c in suite.findall("testcase")]
    assert int(root.get("tests")) == len(cases) == summary["findings"]  # every seed has findings
    assert int(root.get("failures")) == summary["findings"] and root.get("errors") == "0"
    for suite in suites:
        assert int(suite.get("tests")) == int(suite.get("failures")) == len(suite.findall("testcase"))
        assert all(c.get("classname") == suite.get("name") for c in suite.findall("testcase"))
    assert all(len(c.findall("failure")) == 1 for c in cases)  # viewers show one failure per case
    expected = Counter((f["path"], f"{f['rule']} {f['name']} (line {f['line']}, column {f['column']})",
                        f"{f['rule']} {f['message']}", f["severity"],
                        f"{f['path']}:{f['line']}:{f['column']}: {f['rule']} {f['message']} ({f['name']})")
                       for f in seed_json["findings"])
    got = Counter((c.get("classname"), c.get("name"), c.find("failure").get("message"), c.find("failure").get("type"),
                   c.find("failure").text) for c in cases)
    assert got == expected


def test_junit_clean_and_unreadable_files_and_control_characters_stay_well_formed():
    f = Finding("plan.md", 1, 1, "PL001", "policy", "warning", "bell\x07 & <tag>", key="k")
    out = REPORTERS["junit"]([FileResult("plan.md", [f, f]), FileResult("bad.md", error="bad.md: binary file"),
                              FileResult("clean.md")])
    root = ElementTree.fromstring(out.encode("utf-8"))
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "1")
    plan, bad, clean = root.findall("testsuite")
    assert (plan.get("tests"), plan.get("failures")) == ("2", "2")
    assert bad.find("testcase/error") is not None and bad.find("testcase/failure") is None
    assert clean.get("tests") == "1" and clean.find("testcase").get("name") == "all checks passed"
    assert clean.find("testcase/failure") is None
    assert plan.find("testcase/failure").get("message") == "PL001 bell\ufffd & <tag>"


# --- Markdown -------------------------------------------------------------------------

def test_markdown_table_is_capped(seed_json):
    result = check("--format", "markdown")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("#")
    assert any(line.startswith("Found ") for line in lines)
    header = lines.index("| Severity | Location | Rule | Message |")
    rows = [line for line in lines[header + 2:] if line.startswith("| ")]
    total = len(seed_json["findings"])
    assert total > 100 and len(rows) == 100
    assert f"... and {total - 100} more" in lines
    assert rows[0].startswith("| error |")


def test_markdown_escapes_pipes_and_says_when_clean():
    f = finding(7, message="a | b\nc")
    out = markdown([FileResult("plan.md", [f])])
    row, = [line for line in out.splitlines() if line.startswith("| warning")]
    assert row == r"| warning | plan.md:7 | PL001 policy | a \| b c |"
    assert len(row.replace(r"\|", "").split("|")) == 6
    clean = markdown([FileResult("plan.md")])
    assert "No findings." in clean and "|" not in clean


# --- full -----------------------------------------------------------------------------

def test_full_shows_the_line_with_the_span_marked(tmp_path):
    (tmp_path / "plan.md").write_text("# P\n\n- [ ] Load testing (12-10 hours)\n- Sprint A: \u00e2\u0153\u2026 done\n")
    result = run_cli("check", "--select", "PL206,PL601", "--output-format", "full", "plan.md", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:10] == [
        "plan.md:3:21: PL206 error: '12-10 hours' is written backwards: 12 to 10 (backwards-range)",
        "  |",
        "3 | - [ ] Load testing (12-10 hours)",
        "  |                     ^^^^^",
        "  |",
        'plan.md:4:13: PL601 [*] warning: mojibake: "\u00e2\u0153\u2026" should read "\u2705" (mojibake)',
        "  |",
        "4 | - Sprint A: \u00e2\u0153\u2026 done",
        "  |             ^^^",
        "  |",
    ]
    assert result.stdout.splitlines()[10].startswith("Found 2 findings (1 error, 1 warning) in 1 of 1 file:")
