"""Adopting planlint on a repository with existing plans: the baseline file, and the
gate's configuration read from the base branch."""

import json
import re
import shutil

from conftest import ROOT, SEEDS, commit, init_repo, run_cli


def readme_block(title):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def test_baseline_then_only_new_findings(tmp_path):
    for seed in SEEDS.glob("*.md"):
        shutil.copy(seed, tmp_path / seed.name)
    commands = [c.split("#")[0].strip() for block in readme_block("Baselines for legacy plans") for c in block.splitlines()
                if c.startswith("planlint ")]
    assert commands[:2] == ["planlint baseline .", "planlint check ."]
    written = run_cli(*commands[0].split()[1:], cwd=tmp_path)
    assert written.returncode == 0 and ".planlint-baseline.json" in written.stdout
    data = json.loads((tmp_path / ".planlint-baseline.json").read_text())
    assert data["version"] == 1 and all("line" not in entry for entry in data["findings"])
    assert run_cli(*commands[1].split()[1:], cwd=tmp_path).returncode == 0

    plan = tmp_path / "ollamamax-sprint-plan.md"
    text = plan.read_text(encoding="utf-8")
    # an edit above every finding moves their lines; a new defect is the only new finding
    plan.write_text("<!-- reviewed -->\n\n" + text.replace("- [ ] Add system health indicators",
                                                             "- [ ] Add system health indicators\n- [ ] Soak test (12-10 hours)"),
                    encoding="utf-8")
    result = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("PL206", 24)]
    assert report["summary"]["hidden_by_baseline"] == int(written.stdout.split()[1]) > 100
    text = run_cli("check", ".", cwd=tmp_path).stdout.splitlines()
    assert f"{report['summary']['hidden_by_baseline']} findings hidden by the baseline file " \
           f"{tmp_path / '.planlint-baseline.json'} (`--no-baseline-file` shows them)." in text
    assert run_cli("check", "--no-baseline-file", ".", cwd=tmp_path).stdout.count(" PL601 [*] warning: ") == 109


def test_entries_that_no_longer_occur_are_reported(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# P\n\n- [ ] Load testing (12-10 hours)\n")
    run_cli("baseline", ".", cwd=tmp_path)
    plan.write_text("# P\n\n- [ ] Load testing (10-12 hours)\n")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 0
    assert "plan.md: PL206 no longer occurs" in result.stderr and "run `planlint baseline`" in result.stderr


def test_broken_baseline_file_is_an_error(tmp_path):
    (tmp_path / "plan.md").write_text("# P\n")
    (tmp_path / ".planlint-baseline.json").write_text("{not json")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 2 and "not a planlint baseline file" in result.stderr


def test_config_from_the_base_branch(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text("# P\n\n- [ ] Load testing (12-10 hours)\n")
    (repo / ".planlint.toml").write_text('select = ["PL206"]\n')
    commit(repo, "base", "2025-10-01T10:00:00+00:00")
    (repo / ".planlint.toml").write_text('select = ["PL206"]\nignore = ["PL206"]\n')  # the change switches the gate off
    assert run_cli("check", "plan.md", cwd=repo).returncode == 0
    result = run_cli("check", "--config-from", "HEAD", "plan.md", cwd=repo)
    assert result.returncode == 1 and "PL206" in result.stdout
    bad = run_cli("check", "--config-from", "no-such-ref", "plan.md", cwd=repo)
    assert bad.returncode == 2 and "revision 'no-such-ref' not found" in bad.stderr
