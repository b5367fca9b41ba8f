"""Configuration files and flags, and the errors they give."""

import json
import textwrap

import pytest

from conftest import SEEDS, run_cli

PLAN = "# Plan\n\n## Sprint 1: Start\n- [ ] Load testing (12-10 hours)\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "plan.md").write_text(PLAN)
    return tmp_path


def rules_reported(result):
    return sorted({f["rule"] for f in json.loads(result.stdout)["findings"]})


def test_defaults_run_every_rule_but_history_ones(project):
    assert rules_reported(run_cli("check", "--format", "json", "plan.md", cwd=project)) == ["PL001", "PL206"]


@pytest.mark.parametrize("name, text", [
    ("pyproject.toml", '[tool.planlint]\nignore = ["PL001"]\n'),
    ("planlint.toml", 'ignore = ["policy"]\n'),
    (".planlint.toml", 'select = ["PL2"]\n'),
])
def test_config_files(project, name, text):
    (project / name).write_text(text)
    assert rules_reported(run_cli("check", "--format", "json", "plan.md", cwd=project)) == ["PL206"]


def test_closest_config_wins_and_flags_win_over_it(project):
    (project / "planlint.toml").write_text('ignore = ["PL206"]\n')
    sub = project / "docs"
    sub.mkdir()
    (sub / "plan.md").write_text(PLAN)
    (sub / ".planlint.toml").write_text('select = ["PL001"]\n')
    assert rules_reported(run_cli("check", "--format", "json", "plan.md", cwd=sub)) == ["PL001"]
    assert rules_reported(run_cli("check", "--format", "json", "--select", "PL206", "plan.md", cwd=sub)) == ["PL206"]


@pytest.mark.parametrize("config, flags, expected", [
    ('[tool.planlint]\nignore = ["PL2"]\n', ["--select", "PL201,PL206"], ["PL206"]),  # the command line over the file
    ('[tool.planlint]\nselect = ["PL206"]\nignore = ["PL2"]\n', [], ["PL206"]),  # a code over a prefix
    ('[tool.planlint]\nselect = ["PL2", "PL001"]\n', ["--ignore", "PL206"], ["PL001"]),  # --ignore adds to the file's
    ('[tool.planlint]\nignore = ["PL001"]\n', ["--extend-select", "policy"], ["PL001", "PL206"]),
    ("", ["--select", "ALL", "--ignore", "PL2", "--extend-select", "PL206"], ["PL001", "PL206"]),
    ("", ["--ignore", "ALL", "--select", "backwards-range"], ["PL206"]),
    ("", ["--select", "PL206", "--ignore", "backwards-range"], []),  # as specific: the ignore wins
])
def test_selectors_rank_by_specificity_and_flags_over_the_file(project, config, flags, expected):
    if config:
        (project / "pyproject.toml").write_text(config)
    result = run_cli("check", "--format", "json", *flags, "plan.md", cwd=project)
    assert result.returncode in (0, 1), result.stderr
    assert rules_reported(result) == expected


def test_severity_override_and_fail_on(project):
    (project / "planlint.toml").write_text('select = ["PL206"]\nfail-on = "error"\n[severity]\nPL206 = "warning"\n')
    result = run_cli("check", "--format", "json", "plan.md", cwd=project)
    assert result.returncode == 0
    assert json.loads(result.stdout)["findings"][0]["severity"] == "warning"
    assert run_cli("check", "--fail-on", "warning", "plan.md", cwd=project).returncode == 1


def test_a_configured_severity_applies_to_every_finding_of_the_rule(tmp_path):
    (tmp_path / "plan.md").write_text("# P\n\n### Week 1 (July 15-22, 2025)\n### Week 2 (July 22-29, 2025)\n"
                                      "### Week 3 (Aug 11-15, 2025)\n")

    def severities(config):
        (tmp_path / "planlint.toml").write_text('select = ["PL103"]\n' + config)
        result = run_cli("check", "--format", "json", "plan.md", cwd=tmp_path)
        return [(f["line"], f["severity"]) for f in json.loads(result.stdout)["findings"]]

    assert severities("") == [(4, "error"), (5, "warning")]  # an overlap, then a gap
    assert severities('[severity]\nPL103 = "warning"\n') == [(4, "warning"), (5, "warning")]
    assert severities('[severity]\nPL103 = "info"\n') == [(4, "info"), (5, "info")]


def test_per_file_ignores(project):
    (project / "planlint.toml").write_text('[per-file-ignores]\n"plan.md" = ["PL206", "policy"]\n')
    assert run_cli("check", "plan.md", cwd=project).returncode == 0


def test_rule_options(project):
    (project / "plan.md").write_text("# P\n\n- **Development**: 40 hours\n- **Testing**: 10 hours\n- **Total**: 48 hours\n")
    (project / "planlint.toml").write_text('select = ["PL201"]\n')
    assert run_cli("check", "plan.md", cwd=project).returncode == 1  # an exact total: 50h is not 48h
    (project / "planlint.toml").write_text('select = ["PL201"]\n[rules.PL201]\ntolerance = 0.05\n')
    assert run_cli("check", "plan.md", cwd=project).returncode == 0  # 50h is within 5% of 48h


@pytest.mark.parametrize("text, message", [
    ('selct = ["PL001"]\n', "unknown key 'selct' (did you mean 'select'?)"),
    ('per-file-ignore = {}\n', "unknown key 'per-file-ignore' (did you mean 'per-file-ignores'?)"),
    ('colour = true\n', "unknown key 'colour' (known: baseline, exclude, "),
    ('select = ["PL999"]\n', "unknown rule 'PL999' (see `planlint rules`)"),
    ('ignore = ["mojibak"]\n', "'ignore': unknown rule 'mojibak' (did you mean 'mojibake'?)"),
    ('[severity]\nPL2O1 = "info"\n', "unknown rule 'PL2O1' (did you mean 'PL201'?)"),
    ('[rules.estimates-dont-add-up]\ntolerance = 0.1\n', "(did you mean 'estimates-do-not-add-up'?)"),
    ('fail-on = "fatal"\n', "'fatal' is not one of info, warning, error"),
    ('[rules.PL201]\ntolerence = 0.1\n', ("unknown option 'tolerence' for PL201 (estimates-do-not-add-up); "
                                           "did you mean 'tolerance'?")),
    ('[rules.PL201]\ntolerance = "high"\n', "option 'tolerance' must be float"),
    ('[rules.PL999]\nx = 1\n', "unknown rule 'PL999'"),
    ('today = "yesterday"\n', "'yesterday' is not a date"),
    ('policy = "missing.json"\n', "policy schema not found"),
    ('select = [\n', "not valid TOML"),
    ('languages = ["english"]\n', "'languages': unknown language 'english' (one of en, es, "),
    ('languages = ["ess"]\n', "unknown language 'ess' (did you mean 'es'?)"),
    ('languages = "es"\n', "'languages' must be a list of language codes"),
])
def test_config_errors_name_the_key_and_file(project, text, message):
    (project / "planlint.toml").write_text(text)
    result = run_cli("check", "plan.md", cwd=project)
    assert result.returncode == 2
    assert message in result.stderr and "planlint.toml" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_pyproject_that_is_not_toml_is_an_error_not_skipped(project):
    (project / "planlint.toml").write_text('ignore = ["PL206"]\n')
    sub = project / "docs"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.planlint]\nselect = [\n')
    result = run_cli("check", "../plan.md", cwd=sub)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("planlint: error: ") and "pyproject.toml: not valid TOML" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_bad_flags_are_errors(project):
    result = run_cli("check", "--select", "PL999", "plan.md", cwd=project)
    assert result.returncode == 2 and "--select: unknown rule 'PL999'" in result.stderr
    result = run_cli("check", "--ignore", "backward-range", "plan.md", cwd=project)
    assert result.returncode == 2 and "unknown rule 'backward-range' (did you mean 'backwards-range'?)" in result.stderr
    result = run_cli("rule", "polcy")
    assert result.returncode == 2 and result.stderr == "planlint: error: unknown rule 'polcy' (did you mean 'policy'?)\n"
    assert run_cli("check", "--today", "soon", "plan.md", cwd=project).returncode == 2


def test_own_policy_schema(tmp_path):
    (tmp_path / "policy.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {"sprints": {"items": {"properties": {"work_items": {"items": {
            "properties": {"owner": {"type": "string", "x-message": "has no owner"}}}}}}}}}))
    (tmp_path / "planlint.toml").write_text('select = ["PL001"]\npolicy = "policy.json"\n')
    (tmp_path / "plan.md").write_text("# P\n\n## Sprint 1: A\n- [ ] Build it @ana\n- [ ] Test it\n")
    data = json.loads(run_cli("check", "--format", "json", "plan.md", cwd=tmp_path).stdout)
    assert [(f["line"], f["message"]) for f in data["findings"]] == [
        (5, "work item 'Test it' in Sprint 1 'A' (line 5) has no owner")]


def test_today_from_config_and_flag(tmp_path):
    (tmp_path / "plan.md").write_text("# P\n\n## Sprint 1 (Sep 1-12, 2025) - In Progress\n")
    (tmp_path / "planlint.toml").write_text('select = ["PL106"]\ntoday = "2025-09-05"\n')
    assert run_cli("check", "plan.md", cwd=tmp_path).returncode == 0
    assert run_cli("check", "--today", "2025-10-01", "plan.md", cwd=tmp_path).returncode == 1
