"""PL001 and the plan's own template: what no sprint has is one info note, what some
sprints have and others lack is a warning on each sprint that lacks it."""

import json

from conftest import run_cli

SPRINT = """## Sprint {n}: Work
**Duration**: 2 weeks

### Success Criteria
- [ ] p95 latency < 200ms
{risks}
"""
RISKS = """
### Risks
| Risk | Probability | Impact | Mitigation |
|------|-------------|--------|------------|
| Slow API | Low | High | Cache |
"""


def policy_findings(tmp_path, plan, config=""):
    (tmp_path / "plan.md").write_text(plan, encoding="utf-8")
    (tmp_path / "planlint.toml").write_text('select = ["PL001"]\n' + config, encoding="utf-8")
    result = run_cli("check", "--format", "json", "plan.md", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return [(f["line"], f["severity"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_a_section_no_sprint_has_is_one_info_note(tmp_path):
    plan = "# Plan\n\n" + "".join(SPRINT.format(n=n, risks="") for n in (1, 2, 3))
    found = policy_findings(tmp_path, plan)
    assert len(found) == 1
    line, severity, message = found[0]
    assert (line, severity) == (3, "info")
    assert "every sprint of the plan (3, first Sprint 1 'Work', line 3) has no risk table" in message


def test_a_section_other_sprints_have_is_a_warning_where_it_lacks(tmp_path):
    plan = "# Plan\n\n" + SPRINT.format(n=1, risks=RISKS) + SPRINT.format(n=2, risks="") + SPRINT.format(n=3, risks=RISKS)
    found = policy_findings(tmp_path, plan)
    second = plan.split("\n").index("## Sprint 2: Work") + 1
    assert found == [(second, "warning", f"Sprint 2 'Work' (line {second}) has no risk table")]


def test_convention_off_warns_on_every_sprint(tmp_path):
    plan = "# Plan\n\n" + "".join(SPRINT.format(n=n, risks="") for n in (1, 2))
    found = policy_findings(tmp_path, plan, "[rules.PL001]\nconvention = false\n")
    assert [s for _, s, _ in found] == ["warning", "warning"]
    assert all("has no risk table" in m for _, _, m in found)
