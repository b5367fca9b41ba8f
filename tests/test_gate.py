"""The CI gate, for real: the pre-commit hooks through pre-commit itself (hook environments
installed from PyPI), and the GitHub Action's step scripts run with bash the way the
runner runs them, on temporary git repositories. README's two snippets are the
configurations tested, so the docs cannot drift."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SPRINT as PLAN, commit, git, init_repo, run_cli

DEFECT = "- [ ] Load testing (12-10 hours)\n"  # PL206: a range written backwards
GROWTH = "- [ ] Export to CSV (6h)\n"  # added to a started sprint: PL701, +6h


def readme_block(marker):
    """The README's ```yaml block that contains `marker`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if marker in b]
    return block


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_", "PRE_COMMIT", "VIRTUAL_ENV"))}
    return {**env, "NO_COLOR": "1", **extra}


# ---------------------------------------------------------------- the GitHub Action


def action():
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def parse_output_file(text):
    """GITHUB_OUTPUT: `name=value` lines and `name<<DELIMITER` ... `DELIMITER` blocks."""
    values, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for part in lines:
                if part == delimiter:
                    break
                body.append(part)
            values[name] = "\n".join(body)
        elif line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def run_action(workspace, tmp_path, inputs=None, env=None):
    """Run action.yml's steps in order, as the runner would: each step's `run:` script with
    `bash --noprofile --norc -eo pipefail`, its own GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
    files, and its `env:` mapping with `${{ inputs.X }}` and `${{ github.action_path }}`
    resolved. The install step is skipped: planlint is installed here (sys.executable's
    directory goes first on PATH). Stops at the first failing step."""
    spec = action()
    values = {name: str(decl.get("default", "")) for name, decl in spec["inputs"].items()}
    assert set(inputs or {}) <= set(values), "unknown input"
    values.update(inputs or {})

    def resolve(text, steps=None):
        def one(match):
            expr = match.group(1).strip()
            if expr == "github.action_path":
                return str(ROOT)
            if expr.startswith("inputs."):
                return values[expr[len("inputs."):]]
            if steps is not None and (m := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)):
                return steps.get(m.group(1), {}).get(m.group(2), "")
            raise AssertionError(f"the test does not know ${{{{ {expr} }}}}")
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    base = clean_env(PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                     RUNNER_TEMP=str(runner_temp), GITHUB_WORKSPACE=str(workspace), GITHUB_ACTIONS="true",
                     **(env or {}))
    steps, summary, stdout, stderr, code = {}, "", "", "", 0
    for number, step in enumerate(spec["runs"]["steps"]):
        if step.get("id") == "install":
            continue
        files = {name: tmp_path / f"step{number}-{name}" for name in ("output", "summary")}
        for f in files.values():
            f.write_text("")
        script = tmp_path / f"step{number}.sh"
        script.write_text(step["run"])
        step_env = {**base, "GITHUB_OUTPUT": str(files["output"]), "GITHUB_STEP_SUMMARY": str(files["summary"]),
                    **{k: resolve(v) for k, v in (step.get("env") or {}).items()}}
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                                cwd=workspace, env=step_env, capture_output=True, text=True, timeout=300)
        steps[step.get("id", str(number))] = parse_output_file(files["output"].read_text())
        summary += files["summary"].read_text()
        stdout, stderr, code = stdout + result.stdout, stderr + result.stderr, result.returncode
        if code:
            break
    outputs = {name: resolve(decl["value"], steps) for name, decl in spec.get("outputs", {}).items()}
    return code, outputs, summary, stdout, stderr


def pull_request_repo(tmp_path):
    """main has the plan (with a defect); the pull request adds work to the started
    sprint and edits a README; HEAD is detached, as in a pull-request checkout."""
    repo = init_repo(tmp_path / "repo")
    (repo / "docs").mkdir()
    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=DEFECT))
    (repo / "README.md").write_text("# Project\n\nHello.\n")
    base = commit(repo, "Plan sprint 1", "2025-10-01T10:00:00+00:00", author="Ana")
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=DEFECT + GROWTH))
    (repo / "README.md").write_text("# Project\n\nHello, world.\n")
    head = commit(repo, "Grow sprint 1", "2025-10-03T10:00:00+00:00", author="Bo")
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    git(repo, "checkout", "-q", "--detach", head)
    return repo


def test_action_on_a_pull_request(tmp_path):
    repo = pull_request_repo(tmp_path)
    code, outputs, summary, stdout, stderr = run_action(repo, tmp_path, env={"GITHUB_BASE_REF": "main"})

    # the numbers, independently: planlint itself against the same baseline
    expected = run_cli("check", "--against", "origin/main", "--format", "json", ".", cwd=repo)
    report = json.loads(expected.stdout)
    diff = json.loads(run_cli("diff", "docs/SPRINT_PLAN.md", "--against", "origin/main", "--format", "json",
                              cwd=repo).stdout)
    hours = diff["estimate"]["hours"]["current"] - diff["estimate"]["hours"]["baseline"]
    counts = report["summary"]["by_severity"]
    assert outputs == {"findings": str(report["summary"]["findings"]), "errors": str(counts["error"]),
                       "warnings": str(counts["warning"]), "scope-delta-hours": f"{hours:g}"}
    assert {f["rule"] for f in report["findings"]} >= {"PL206", "PL701"} and hours == 6
    assert code == expected.returncode == 1, stderr

    # annotations on the lines, one per finding
    assert "::error file=docs/SPRINT_PLAN.md,line=8," in stdout and "title=PL206 " in stdout
    assert len([l for l in stdout.splitlines() if l.startswith(("::error ", "::warning ", "::notice "))]) \
        == report["summary"]["findings"]

    # the job summary: a table of the findings, then the scope diff of the changed plan only
    assert "| Severity | Location | Rule | Message |" in summary
    for f in report["findings"]:
        assert f"| {f['severity']} | `{f['path']}:{f['line']}` | {f['rule']} {f['name']} |" in summary
    scope = summary[summary.index("## Scope against `origin/main`"):]
    assert "### Plan scope: `docs/SPRINT_PLAN.md`" in scope and "Export to CSV" in scope
    assert "Estimate change of the changed plans: +6h." in scope
    assert "README.md" not in scope  # changed, but not a plan


def test_action_without_a_baseline_honours_fail_on_and_writes_sarif(tmp_path):
    repo = init_repo(tmp_path / "repo")
    # no risk table: a warning (PL001, held to every sprint), nothing worse
    (repo / "plan.md").write_text(PLAN.format(extra="").split("### Risks")[0])
    (repo / "planlint.toml").write_text("[rules.PL001]\nconvention = false\n")
    commit(repo, "plan", "2025-10-01T10:00:00+00:00")
    report = json.loads(run_cli("check", "--format", "json", "plan.md", cwd=repo).stdout)
    assert report["summary"]["by_severity"] == {"info": 0, "warning": 1, "error": 0}

    sarif = tmp_path / "out" / "planlint.sarif"
    code, outputs, summary, stdout, _ = run_action(
        repo, tmp_path, inputs={"paths": "plan.md", "fail-on": "error", "sarif-file": str(sarif)})
    assert code == 0
    assert outputs == {"findings": "1", "errors": "0", "warnings": "1", "scope-delta-hours": "0"}
    assert "::warning file=plan.md," in stdout and "Scope against" not in summary
    assert "**1 finding** (1 warning) in 1 of 1 file; fail-on: error; exit code 0." in summary
    if "sarif" in run_cli("check", "--help").stdout:
        assert json.loads(sarif.read_text())["version"] == "2.1.0"
    else:
        assert "has no SARIF output" in stdout

    code, outputs, _, _, _ = run_action(repo, tmp_path, inputs={"paths": "plan.md"})  # fail-on: warning
    assert code == 1 and outputs["warnings"] == "1"


def test_action_with_a_missing_baseline_exits_2_and_says_why(tmp_path):
    repo = pull_request_repo(tmp_path)
    code, _, summary, stdout, _ = run_action(repo, tmp_path, inputs={"against": "no-such-branch"})
    assert code == 2
    assert "::error title=planlint::" in stdout and "no-such-branch" in stdout
    assert "could not check the plans (exit code 2)" in summary and "no-such-branch" in summary
    assert "Scope against" not in summary and "No plan changed its scope" not in summary  # there is no baseline


def test_action_with_a_bad_fail_on_says_why(tmp_path):
    repo = pull_request_repo(tmp_path)
    code, _, summary, stdout, _ = run_action(repo, tmp_path, inputs={"fail-on": "bogus"})
    assert code == 2
    reason = "Invalid value for '--fail-on': 'bogus' is not one of"
    assert f"::error title=planlint::{reason}" in stdout
    assert "could not check the plans (exit code 2)" in summary and reason in summary


def test_action_takes_inputs_only_through_the_environment():
    spec = action()
    assert spec["runs"]["using"] == "composite"
    used = set()
    for step in spec["runs"]["steps"]:
        assert step["shell"] == "bash", step
        assert "${{" not in step["run"], f"expression inside run: (script injection): {step['run']}"
        for value in (step.get("env") or {}).values():
            used |= set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", str(value)))
    assert used == set(spec["inputs"]), "every input is passed to a step, and only through env"
    outputs = {name: decl["value"] for name, decl in spec["outputs"].items()}
    assert set(outputs) == {"findings", "errors", "warnings", "scope-delta-hours"}


def test_readme_workflow_uses_the_action_with_its_inputs():
    workflow = yaml.safe_load(readme_block("runs-on:"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in (triggers if isinstance(triggers, (list, dict)) else [triggers])
    [job] = workflow["jobs"].values()
    checkout = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout and checkout[0]["with"]["fetch-depth"] == 0
    [step] = [s for s in job["steps"] if re.fullmatch(r"[\w-]+/planlint@[\w.-]+", s.get("uses", ""))]
    spec = action()
    assert set(step.get("with", {})) <= set(spec["inputs"])
    assert all(name in step.get("with", {}) for name, decl in spec["inputs"].items() if decl.get("required"))


# ---------------------------------------------------------------- pre-commit


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree as pre-commit sees a hook repository: committed. try-repo and
    `repo:` clone at a commit, so the checkout's uncommitted files are copied into a
    throwaway repository and committed there (nothing is written to the checkout)."""
    pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.split("\0")
    copy = tmp_path_factory.mktemp("planlint-copy")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    assert (copy / ".pre-commit-hooks.yaml").is_file()
    init_repo(copy)
    rev = commit(copy, "planlint as of the working tree", "2025-10-01T10:00:00+00:00")
    return copy, rev, tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(cwd, home, *args):
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900, env=clean_env(PRE_COMMIT_HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1"))


def test_pre_commit_try_repo(hook_repo, tmp_path):
    copy, _, home = hook_repo
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text(PLAN.format(extra=DEFECT))
    git(repo, "add", "plan.md")
    result = pre_commit(repo, home, "try-repo", str(copy), "planlint", "--files", "plan.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "plan.md:8:21: PL206 error: '12-10 hours' is written backwards: 12 to 10 (backwards-range)" in result.stdout

    (repo / "plan.md").write_text(PLAN.format(extra=""))
    git(repo, "add", "plan.md")
    result = pre_commit(repo, home, "try-repo", str(copy), "planlint", "--files", "plan.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^planlint\.+Passed$", result.stdout, re.M), result.stdout


def test_readme_pre_commit_config(hook_repo, tmp_path):
    copy, rev, home = hook_repo
    config = readme_block("repos:")
    config = re.sub(r"(?m)^(\s*- repo:).*$", rf"\1 {copy}", config)
    config = re.sub(r"(?m)^(\s*rev:).*$", rf"\1 {rev}", config)
    assert yaml.safe_load(config)["repos"][0]["repo"] == str(copy)

    repo = init_repo(tmp_path / "repo")
    (repo / ".pre-commit-config.yaml").write_text(config)
    (repo / "docs").mkdir()
    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=""))
    base = commit(repo, "plan", "2025-10-01T10:00:00+00:00")
    result = pre_commit(repo, home, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr

    # a defect fails the commit-stage hook
    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=DEFECT))
    commit(repo, "defect", "2025-10-02T10:00:00+00:00")
    result = pre_commit(repo, home, "run", "--all-files")
    assert result.returncode == 1 and "PL206" in result.stdout, result.stdout + result.stderr
    assert "PL701" not in result.stdout  # the scope hook is for the push only

    # scope creep fails the push: pre-commit gives the remote's revision as PRE_COMMIT_FROM_REF
    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=GROWTH))
    head = commit(repo, "grow", "2025-10-03T10:00:00+00:00", author="Bo")
    result = pre_commit(repo, home, "run", "--hook-stage", "pre-push", "--from-ref", base, "--to-ref", head)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PL701" in result.stdout and "'Export to CSV'" in result.stdout and "PL206" not in result.stdout

    # the README's way to run the scope hook by hand, with no PRE_COMMIT_FROM_REF: each started
    # sprint against the last revision before it started
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    by_hand = re.search(r"`pre-commit (run planlint-scope --hook-stage pre-push --all-files)`", readme).group(1)
    result = pre_commit(repo, home, *by_hand.split())
    assert "internal error" not in result.stdout + result.stderr, result.stdout
    assert result.returncode == 1 and "PL701" in result.stdout and "'Export to CSV'" in result.stdout, result.stdout


def test_push_with_the_readme_config_reports_each_scope_finding_once(hook_repo, tmp_path):
    """The README's config installed as git hooks, and a real `git push` to a bare remote:
    only planlint-scope runs before the push, so each PL7xx finding is printed once."""
    copy, rev, home = hook_repo
    config = re.sub(r"(?m)^(\s*- repo:).*$", rf"\1 {copy}", readme_block("repos:"))
    config = re.sub(r"(?m)^(\s*rev:).*$", rf"\1 {rev}", config)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    repo = init_repo(tmp_path / "repo")

    def hooked(*args, date="2025-10-01T10:00:00+00:00"):  # git, with the hooks pre-commit installed
        env = clean_env(PRE_COMMIT_HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1", GIT_AUTHOR_NAME="Bo",
                        GIT_AUTHOR_EMAIL="bo@example.com", GIT_COMMITTER_NAME="Bo", GIT_COMMITTER_EMAIL="bo@example.com",
                        GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        return subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, timeout=900)

    (repo / ".pre-commit-config.yaml").write_text(config)
    (repo / "docs").mkdir()
    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=""))
    git(repo, "remote", "add", "origin", str(remote))
    installed = pre_commit(repo, home, "install")
    assert installed.returncode == 0 and (repo / ".git" / "hooks" / "pre-push").is_file(), installed.stdout
    assert hooked("add", "-A").returncode == 0
    first = hooked("commit", "-q", "-m", "plan")
    assert first.returncode == 0, first.stdout + first.stderr
    pushed = hooked("push", "-q", "origin", "main")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr

    (repo / "docs" / "SPRINT_PLAN.md").write_text(PLAN.format(extra=GROWTH))
    hooked("add", "-A")
    grown = hooked("commit", "-q", "-m", "grow", date="2025-10-03T10:00:00+00:00")
    assert grown.returncode == 0, grown.stdout + grown.stderr  # the commit-stage hook has no baseline: no PL7xx
    pushed = hooked("push", "origin", "main")
    output = pushed.stdout + pushed.stderr
    assert pushed.returncode != 0, output
    findings = re.findall(r"^docs/SPRINT_PLAN\.md:\d+:\d+: (PL7\d\d) ", output, re.M)
    assert findings == ["PL701"], output
    assert re.search(r"^planlint scope creep\.+Failed$", output, re.M) and not re.search(r"^planlint\.+", output, re.M)

# ---------------------------------------------------------------- doors a pull request could open


def test_action_reads_the_configuration_from_the_base_in_a_pull_request(tmp_path):
    repo = pull_request_repo(tmp_path)
    (repo / ".planlint.toml").write_text('ignore = ["ALL"]\n')  # the pull request switches its gate off
    commit(repo, "quiet", "2025-10-04T10:00:00+00:00", author="Bo")
    code, outputs, _, stdout, stderr = run_action(repo, tmp_path, env={"GITHUB_BASE_REF": "main"})
    assert code == 1, stdout + stderr
    assert "title=PL206 " in stdout and int(outputs["errors"]) >= 1

    code, outputs, _, _, _ = run_action(repo, tmp_path, inputs={"config-from-base": "false"},
                                        env={"GITHUB_BASE_REF": "main"})
    assert code == 0 and outputs["findings"] == "0"  # opted out: the pull request's own configuration


def test_action_reports_a_new_file_wide_suppression(tmp_path):
    repo = pull_request_repo(tmp_path)
    plan = repo / "docs" / "SPRINT_PLAN.md"
    plan.write_text("<!-- planlint-disable-file -->\n" + plan.read_text())
    commit(repo, "quiet", "2025-10-04T10:00:00+00:00", author="Bo")
    code, outputs, summary, stdout, _ = run_action(repo, tmp_path, env={"GITHUB_BASE_REF": "main"})
    assert code == 1 and outputs["errors"] == "1" and outputs["findings"] == "1"
    assert "::error file=docs/SPRINT_PLAN.md,line=1,endLine=1,col=1,title=gate new-file-suppression::" \
           "this pull request adds '<!-- planlint-disable-file -->'" in stdout
    assert "gate new-file-suppression" in summary


@pytest.mark.parametrize("paths", ['"plans/my plan.md" other.md', "plans/my plan.md\nother.md\n"])
def test_action_paths_with_spaces(tmp_path, paths):
    repo = init_repo(tmp_path / "repo")
    (repo / "plans").mkdir()
    (repo / "plans" / "my plan.md").write_text(PLAN.format(extra=DEFECT))
    (repo / "other.md").write_text("# Other\n")
    commit(repo, "plans", "2025-10-01T10:00:00+00:00")
    code, outputs, _, stdout, stderr = run_action(repo, tmp_path, inputs={"paths": paths})
    assert code == 1, stdout + stderr
    assert "::error file=plans/my plan.md,line=8," in stdout and "no such file" not in stdout


def test_action_shows_planlint_messages_with_workflow_commands_stopped(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text("# Plan\n")
    (repo / "##[warning]forged\n::error::forged.md").write_bytes(b"\x00binary")
    commit(repo, "plans", "2025-10-01T10:00:00+00:00")
    code, _, _, stdout, _ = run_action(repo, tmp_path)
    assert code == 2
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].split("::")[2]
    end = lines.index(f"::{token}::")
    [echoed] = [i for i, line in enumerate(lines) if "##[warning]forged" in line and "binary file" in line
                and not line.startswith("::")]
    assert start < echoed < end and len(token) == 32
    assert not any(line.startswith("::error::forged") for line in lines)


def test_hook_entries_end_options_before_file_names():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks and all(hook["entry"].split()[-1] == "--" for hook in hooks)


def test_pre_commit_passes_a_file_named_like_an_option_as_a_file(hook_repo, tmp_path):
    copy, _, home = hook_repo
    repo = init_repo(tmp_path / "repo")
    (repo / "README.md").write_text("# Project\n")
    (repo / "--output-file=README.md").write_text("# Plan\n")
    git(repo, "add", "-A")
    result = pre_commit(repo, home, "try-repo", str(copy), "planlint", "--all-files")
    assert (repo / "README.md").read_text() == "# Project\n", result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
