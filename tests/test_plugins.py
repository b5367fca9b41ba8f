"""Third-party rules arrive through the planlint.rules entry-point group, like the
built-in ones: a real distribution on the path, found by importlib.metadata."""

import json
import textwrap

from conftest import run_cli

RULE = '''
from planlint.engine import rule


@rule("XY101", "no-friday-deploys", severity="warning")
def no_friday_deploys(plan, ctx):
    """Deploys planned on a Friday.

    What it does:
        Reports lines that plan a deploy on a Friday.

    Why it matters:
        Nobody wants to be paged on Saturday.

    Example:
        - Friday: deploy

    Use instead:
        - Thursday: deploy

    Options:
        None.
    """
    for number, line in enumerate(ctx.source.lines, 1):
        if "friday" in line.lower() and "deploy" in line.lower():
            yield ctx.finding(number, "deploy planned on a Friday")
'''


def make_plugin(root, name, module_source, entry, group="planlint.rules", entry_name=None):
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text(module_source)
    dist = root / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[{group}]\n{entry_name or name} = {entry}\n")


def test_plugin_rule_runs_and_is_selectable(tmp_path):
    make_plugin(tmp_path, "planlint_friday", RULE, "planlint_friday")
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n- Friday: deploy to production\n")
    env = {"PYTHONPATH": str(tmp_path)}
    listed = run_cli("rules", env=env)
    assert "XY101  no-friday-deploys" in listed.stdout
    result = run_cli("check", "--select", "no-friday-deploys", "--format", "json", plan, env=env)
    assert [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]] == [("XY101", 3)]
    assert result.returncode == 1
    assert run_cli("rule", "XY101", env=env).stdout.startswith("XY101 no-friday-deploys (warning)")


def test_plugin_that_fails_to_import_is_reported_and_the_run_goes_on(tmp_path):
    make_plugin(tmp_path, "planlint_broken", "raise ImportError('missing dependency: numpy')\n", "planlint_broken")
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n- [ ] Load testing (12-10 hours)\n")
    result = run_cli("check", "--select", "PL206", plan, env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 1
    assert "plugin 'planlint_broken' (planlint_broken) failed to load: ImportError: missing dependency: numpy" in result.stderr
    assert "PL206" in result.stdout


def test_two_rules_with_one_code_is_an_error(tmp_path):
    clash = RULE.replace('"XY101"', '"PL201"')
    make_plugin(tmp_path, "planlint_clash", clash, "planlint_clash")
    result = run_cli("rules", env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 2
    assert "two rules have the code PL201" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_finding_at_a_severity_the_rule_does_not_declare_is_a_rule_failure(tmp_path):
    undeclared = RULE.replace('yield ctx.finding(number, "deploy planned on a Friday")',
                              'yield ctx.finding(number, "deploy planned on a Friday", severity="info")')
    make_plugin(tmp_path, "planlint_quiet", undeclared, "planlint_quiet")
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n- Friday: deploy to production\n")
    result = run_cli("check", "--select", "XY101", "--format", "json", plan, env={"PYTHONPATH": str(tmp_path)})
    [finding] = json.loads(result.stdout)["findings"]
    assert result.returncode == 1 and finding["severity"] == "error"
    assert "rule XY101 (no-friday-deploys) failed on this file" in finding["message"]
    assert "'info' finding, which the rule does not declare" in finding["message"]
    declared = undeclared.replace('severity="warning")', 'severity="warning", lower=("info",))')
    make_plugin(tmp_path, "planlint_declared", declared.replace("XY101", "XY102"), "planlint_declared")
    result = run_cli("check", "--select", "XY102", "--format", "json", plan, env={"PYTHONPATH": str(tmp_path)})
    assert [(f["severity"], f["message"]) for f in json.loads(result.stdout)["findings"]] == [
        ("info", "deploy planned on a Friday")]
    listed = [line.split()[:3] for line in run_cli("rules", env={"PYTHONPATH": str(tmp_path)}).stdout.splitlines()]
    assert ["XY102", "no-friday-deploys", "warning/info"] in listed


CSV_REPORTER = """
def report(results, **context):
    rows = [f"{f.path},{f.line},{f.rule}" for r in results for f in r.findings]
    return "".join(row + "\\n" for row in ["path,line,rule", *rows])
"""


def test_plugin_reporter_is_an_output_format(tmp_path):
    make_plugin(tmp_path, "planlint_csv", CSV_REPORTER, "planlint_csv:report", "planlint.reporters", "csv")
    make_plugin(tmp_path, "planlint_badfmt", "raise ImportError('no such module: tablib')\n", "planlint_badfmt:report",
                "planlint.reporters", "xlsx")
    make_plugin(tmp_path, "planlint_mytext", CSV_REPORTER, "planlint_mytext:report", "planlint.reporters", "text")
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n- [ ] Load testing (12-10 hours)\n")
    env = {"PYTHONPATH": str(tmp_path)}
    result = run_cli("check", "--select", "PL206", "--output-format", "csv", plan, env=env)
    assert result.returncode == 1
    assert result.stdout == f"path,line,rule\n{plan},3,PL206\n"
    assert "reporter plugin 'xlsx' (planlint_badfmt:report) failed to load: ImportError: no such module: tablib" \
        in result.stderr
    assert "reporter plugin 'text' (planlint_mytext:report) is left out" in result.stderr
    assert "[text|full|json|github|gitlab|sarif|junit|markdown|csv]" in run_cli("check", "--help", env=env).stdout
    plain = run_cli("check", "--select", "PL206", "--format", "text", plan, env=env)
    assert plain.stdout.startswith(f"{plan}:3:")  # planlint's own text format, not the plugin's
