"""Scope through git history, on real repositories built in tmp_path: replays of real
plan histories, and small synthetic ones."""

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import SPRINT, commit, git, init_repo, needs_corpus, replay, run_cli



def diff_json(repo, against, *extra):
    result = run_cli("diff", "plan.md", "--against", against, "--format", "json", *extra, cwd=repo)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def changes(data, kind):
    return sorted(c["id"] or c["title"] for s in data["sprints"] for c in s["changes"] if c["kind"] == kind)


def stories(data, kind):
    return [i for i in changes(data, kind) if i.startswith("QL-")]


@needs_corpus
def test_quantumlayer_tracker_stories_added_and_redefined(tmp_path):
    commits = replay("QuantumLayer-dev__quantumlayer-platform__docs__planning__SPRINT_TRACKER", tmp_path)
    git(tmp_path, "checkout", "-q", commits[1])  # detached HEAD, as in a pull-request checkout
    data = diff_json(tmp_path, commits[0])
    assert stories(data, "added") == ["QL-009", "QL-010", "QL-011", "QL-012"]
    assert (data["estimate"]["points"]["baseline"], data["estimate"]["points"]["current"]) == (34, 60)

    git(tmp_path, "checkout", "-q", commits[3])
    data = diff_json(tmp_path, commits[2])
    assert stories(data, "added") == ["QL-013", "QL-014"]
    [ql012] = [c for s in data["sprints"] for c in s["changes"] if c["id"] == "QL-012" and c["kind"] == "estimate"]
    assert (ql012["old"]["estimate"]["low"], ql012["estimate"]["low"], ql012["delta"]["amount"]) == (5, 13, 8)
    assert "QL-012" in stories(data, "renamed")  # "GraphQL API" redefined as "enterprise infrastructure"
    assert (data["estimate"]["points"]["baseline"], data["estimate"]["points"]["current"]) == (60, 84)
    added = [c for s in data["sprints"] for c in s["changes"] if c["kind"] == "added" and (c["id"] or "").startswith("QL-")]
    assert all(c["attribution"]["commit"] == commits[3] for c in added)


@needs_corpus
def test_backlog_estimate_series_across_a_deletion(tmp_path):
    commits = replay("LeanVibe__agent-hive__BACKLOG", tmp_path, delete_before=10)
    result = run_cli("history", "plan.md", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["revisions"]
    assert [r["deleted"] for r in rows].count(True) == 1 and rows[9]["deleted"]
    series = [r["estimate"].get("hours") for r in rows if not r["deleted"]]
    assert series == [126.5, 126.5, 130, 132, 134, 134, 128, 128, 128, 128, 132]
    assert [r["commit"] for r in rows] == commits
    text = run_cli("history", "plan.md", cwd=tmp_path).stdout
    assert "(file deleted)" in text and "126.5h" in text and "132h" in text
    data = diff_json(tmp_path, commits[8])  # revision 9, before the deletion and the restore
    assert data["status"] == "changed"
    assert data["estimate"]["hours"] == {"baseline": 128, "current": 132, "delta": 4, "percent": 3.12}


@needs_corpus
def test_sprint_roadmap_descoping_is_a_removal(tmp_path):
    commits = replay("somatechlat__somaagent01__docs__roadmap__sprint-roadmap", tmp_path)
    data = diff_json(tmp_path, commits[1])
    removed = [s for s in data["sprints"] if s["removed"]]
    assert [(s["id"], s["title"]) for s in removed] == [("Sprint 4", "Large Files and External Storage")]
    check = run_cli("check", "--against", commits[1], "--select", "PL701,PL702,PL703,PL704,PL705", "plan.md", cwd=tmp_path)
    assert "PL701" not in check.stdout  # descoping is not creep


@needs_corpus
def test_history_of_79_revisions_writes_a_valid_svg_and_html(tmp_path):
    repo = tmp_path / "repo"
    commits = replay("LeanVibe__bee-hive__docs__PLAN", repo)
    assert len(commits) == 79
    result = run_cli("history", "plan.md", "--output", tmp_path / "scope.svg", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert len([line for line in result.stdout.splitlines() if line[:8] in {c[:8] for c in commits}]) == 79
    svg = ET.parse(tmp_path / "scope.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and len(svg.findall("{http://www.w3.org/2000/svg}circle")) == 79
    run_cli("history", "plan.md", "--output", tmp_path / "scope.html", cwd=repo)
    html = (tmp_path / "scope.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html


def synthetic(tmp_path, trailer=""):
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text(SPRINT.format(extra=""))
    commit(repo, "Plan sprint 1", "2025-10-01T10:00:00+00:00", author="Ana")
    (repo / "plan.md").write_text(SPRINT.format(extra="- [ ] Export to CSV (6h)\n- [ ] Audit log (4h)\n"))
    commit(repo, "Grow sprint 1" + trailer, "2025-10-03T10:00:00+00:00", author="Bo")
    return repo


def test_scope_added_to_a_started_sprint_fails_the_check(tmp_path):
    repo = synthetic(tmp_path)
    result = run_cli("check", "--against", "HEAD~1", "--format", "json", "plan.md", cwd=repo)
    assert result.returncode == 1, result.stderr
    [finding] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "PL701"]
    assert finding["severity"] == "error" and finding["line"] == 8
    for text in ("'Export to CSV'", "'Audit log'", "+10h", "+50% of 20h", "by Bo on 2025-10-03"):
        assert text in finding["message"], finding["message"]


def test_scope_change_trailer_accepts_the_change(tmp_path):
    repo = synthetic(tmp_path, trailer="\n\nScope-Change: customer escalation, agreed with the PO")
    result = run_cli("check", "--against", "HEAD~1", "--format", "json", "plan.md", cwd=repo)
    assert result.returncode == 0, result.stdout
    infos = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "PL701"]
    assert {f["severity"] for f in infos} == {"info"} and len(infos) == 2
    assert "accepted by Bo" in infos[0]["message"] and "customer escalation" in infos[0]["message"]


def test_change_log_entry_accepts_the_change(tmp_path):
    repo = synthetic(tmp_path)
    text = (repo / "plan.md").read_text() + "\n## Scope Changes\n- 2025-10-03: added Export to CSV and Audit log (PO approved)\n"
    (repo / "plan.md").write_text(text)
    result = run_cli("check", "--against", "HEAD~1", "--select", "PL701", "plan.md", cwd=repo)
    assert result.returncode == 0, result.stdout
    assert "accepted in the Change Log" in result.stdout


def test_weakened_criterion_slipped_date_and_removed_risk(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text(SPRINT.format(extra="").replace("**Duration**: 2 weeks", "**Dates**: Oct 6-17, 2025"))
    commit(repo, "plan", "2025-10-01T10:00:00+00:00")
    changed = SPRINT.format(extra="").replace("**Duration**: 2 weeks", "**Dates**: Oct 6-24, 2025")
    changed = changed.replace("< 100ms", "< 200ms").replace("| Slow API | Low | High | Cache |\n", "")
    (repo / "plan.md").write_text(changed)
    result = run_cli("check", "--against", "HEAD", "--select", "PL703,PL704,PL705", "--format", "json", "plan.md", cwd=repo)
    found = {f["rule"]: f["message"] for f in json.loads(result.stdout)["findings"]}
    assert "'p95 latency < 100ms' -> 'p95 latency < 200ms'" in found["PL703"]
    assert "slipped 7 days" in found["PL704"] and "2025-10-17 -> 2025-10-24" in found["PL704"]
    risk_line = SPRINT.format(extra="").split("\n").index(
        "| Slow API | Low | High | Cache |") + 1
    assert f"'Slow API' (line {risk_line} at HEAD" in found["PL705"]


def test_new_plan_is_not_creep_and_renames_are_followed(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "README.md").write_text("hello\n")
    commit(repo, "start", "2025-10-01T10:00:00+00:00")
    (repo / "old.md").write_text(SPRINT.format(extra=""))
    commit(repo, "add plan", "2025-10-02T10:00:00+00:00")
    result = run_cli("diff", "old.md", "--against", "HEAD~1", "--format", "json", cwd=repo)
    assert json.loads(result.stdout)["status"] == "new"
    git(repo, "mv", "old.md", "plan.md")
    commit(repo, "rename", "2025-10-03T10:00:00+00:00")
    (repo / "plan.md").write_text(SPRINT.format(extra="- [ ] Export to CSV (6h)\n"))
    data = diff_json(repo, "HEAD~1")
    assert changes(data, "added") == ["Export to CSV"]
    assert diff_json(repo, "HEAD~1:old.md")["status"] == "changed"


@pytest.mark.parametrize("setup, message", [
    ("nogit", "not inside a git repository"),
    ("badrev", "revision 'no-such-branch' not found"),
])
def test_git_errors_are_one_line_and_exit_2(tmp_path, setup, message):
    if setup == "nogit":
        (tmp_path / "plan.md").write_text(SPRINT.format(extra=""))
        cwd = tmp_path
        against = "HEAD~1"
    else:
        cwd = synthetic(tmp_path)
        against = "no-such-branch"
    for args in (["diff", "plan.md", "--against", against], ["check", "--against", against, "plan.md"]):
        result = run_cli(*args, cwd=cwd)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_shallow_clone_without_the_baseline_says_to_fetch(tmp_path):
    repo = synthetic(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    first = git(repo, "rev-parse", "HEAD~1").stdout.strip()
    result = run_cli("check", "--against", first, "plan.md", cwd=clone)
    assert result.returncode == 2 and "fetch-depth: 0" in result.stderr, result.stderr


def test_ci_and_pre_commit_environment_give_the_baseline(tmp_path):
    repo = synthetic(tmp_path)
    base = git(repo, "rev-parse", "HEAD~1").stdout.strip()
    result = run_cli("check", "--select", "PL701", "plan.md", cwd=repo, env={"PRE_COMMIT_FROM_REF": base})
    assert result.returncode == 1 and "PL701" in result.stdout
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    result = run_cli("check", "--select", "PL701", "plan.md", cwd=repo, env={"GITHUB_BASE_REF": "main"})
    assert result.returncode == 1 and "PL701" in result.stdout


def test_automatic_baseline_per_started_sprint(tmp_path):
    repo = init_repo(tmp_path / "repo")
    planned = SPRINT.format(extra="").replace("(In Progress)", "(Planned)")
    (repo / "plan.md").write_text(planned)
    commit(repo, "plan", "2025-10-01T10:00:00+00:00")
    (repo / "plan.md").write_text(planned.replace("- [ ] Login page (12h)", "- [ ] Login page (12h)\n- [ ] Extra before start (2h)"))
    commit(repo, "add before start", "2025-10-02T10:00:00+00:00")
    started = SPRINT.format(extra="- [ ] Extra before start (2h)\n")
    (repo / "plan.md").write_text(started)
    commit(repo, "start sprint 1", "2025-10-03T10:00:00+00:00")
    (repo / "plan.md").write_text(started.replace("- [ ] Extra before start (2h)", "- [ ] Extra before start (2h)\n- [ ] Added after start (5h)"))
    commit(repo, "grow", "2025-10-04T10:00:00+00:00", author="Bo")
    result = run_cli("diff", "plan.md", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert changes(data, "added") == ["Added after start"]


def test_nothing_is_written_to_the_repository(tmp_path):
    repo = synthetic(tmp_path)
    before = git(repo, "status", "--porcelain").stdout, git(repo, "rev-parse", "HEAD").stdout
    objects = sorted(p.name for p in (repo / ".git" / "objects").rglob("*"))
    assert run_cli("check", "--against", "HEAD~1", "plan.md", cwd=repo).returncode == 1
    assert run_cli("history", "plan.md", cwd=repo).returncode == 0
    assert run_cli("diff", "plan.md", cwd=repo).returncode == 0
    assert (git(repo, "status", "--porcelain").stdout, git(repo, "rev-parse", "HEAD").stdout) == before
    assert sorted(p.name for p in (repo / ".git" / "objects").rglob("*")) == objects


def test_scope_rules_selected_without_a_baseline_use_the_automatic_one(tmp_path):
    """`--select PL7` (the pre-commit scope hook run by hand) and `--extend-select PL701`
    with no baseline compare each started sprint with the last revision before it started."""
    repo = init_repo(tmp_path / "repo")
    planned = SPRINT.format(extra="").replace("(In Progress)", "(Planned)")
    (repo / "plan.md").write_text(planned)
    commit(repo, "plan", "2025-10-01T10:00:00+00:00")
    started = SPRINT.format(extra="")
    (repo / "plan.md").write_text(started)
    commit(repo, "start sprint 1", "2025-10-03T10:00:00+00:00")
    (repo / "plan.md").write_text(SPRINT.format(extra="- [ ] Added after start (5h)\n"))
    commit(repo, "grow", "2025-10-04T10:00:00+00:00", author="Bo")
    for args in (["--select", "PL7"], ["--extend-select", "PL701"]):
        result = run_cli("check", *args, "--format", "json", "plan.md", cwd=repo)
        assert result.returncode == 1, result.stderr
        [found] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "PL701"]
        assert "'Added after start'" in found["message"] and "by Bo on 2025-10-04" in found["message"]


def test_a_revision_given_as_a_commit_is_named_once(tmp_path):
    repo = synthetic(tmp_path)
    base = git(repo, "rev-parse", "HEAD~1").stdout.strip()
    result = run_cli("check", "--against", base, "--select", "PL701", "plan.md", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert base not in result.stdout and f"({base[:8]})" not in result.stdout
    assert f"added since {base[:8]} (+10h" in result.stdout
    result = run_cli("check", "--against", "HEAD~1", "--select", "PL701", "plan.md", cwd=repo)
    assert f"added since HEAD~1 ({base[:8]}) " in result.stdout
def test_shallow_clone_history_and_automatic_diff_say_so(tmp_path):
    repo = synthetic(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    for args in (["diff", "plan.md"], ["history", "plan.md"]):
        result = run_cli(*args, cwd=clone)
        assert result.returncode == 2, (args, result.stdout)
        assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("against, message", [
    ("HEAD~1:typo.md", "typo.md: no such file at HEAD~1"),
    ("HEAD~1:docs", "docs: a directory at"),
])
def test_against_a_path_missing_at_the_revision_is_an_error(tmp_path, against, message):
    repo = synthetic(tmp_path)
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text("# Notes\n")
    commit(repo, "notes", "2025-10-04T10:00:00+00:00")
    git(repo, "commit", "-q", "--allow-empty", "-m", "later")
    for args in (["diff", "plan.md", "--against", against], ["check", "--against", against, "plan.md"]):
        result = run_cli(*args, cwd=repo)
        assert result.returncode == 2 and message in result.stderr, (args, result.stdout, result.stderr)


def test_head_behind_the_baseline_compares_with_the_revision_asked_for(tmp_path):
    repo = init_repo(tmp_path / "repo")
    text = SPRINT.format(extra="")
    for n, item in enumerate(["- [ ] Export to CSV (6h)\n", "- [ ] Audit log (4h)\n", "- [ ] Dark mode (3h)\n"]):
        (repo / "plan.md").write_text(text)
        commit(repo, f"revision {n}", f"2025-10-0{n + 1}T10:00:00+00:00")
        text = text.replace("### Success Criteria", item + "### Success Criteria")
    (repo / "plan.md").write_text(text)
    tip = commit(repo, "revision 3", "2025-10-05T10:00:00+00:00")
    git(repo, "checkout", "-q", "--detach", "main~3")
    data = diff_json(repo, "main")
    assert data["baseline"] == f"main ({tip[:8]})"
    assert changes(data, "removed") == ["Audit log", "Dark mode", "Export to CSV"]


def test_bare_repository_is_an_error(tmp_path):
    repo = synthetic(tmp_path)
    bare = tmp_path / "bare.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
    result = run_cli("diff", "plan.md", "--against", "HEAD~1", cwd=bare)
    assert result.returncode == 2 and "is a bare repository" in result.stderr, result.stdout


def test_empty_against_is_an_error(tmp_path):
    repo = synthetic(tmp_path)
    for args in (["diff", "plan.md", "--against", ""], ["check", "--against", "", "plan.md"]):
        result = run_cli(*args, cwd=repo)
        assert result.returncode == 2 and "--against: the revision is empty" in result.stderr, (args, result.stdout)


def test_a_copied_plan_in_a_pull_request_is_a_new_plan(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text(SPRINT.format(extra=""))
    base = commit(repo, "Plan sprint 1", "2025-10-01T10:00:00+00:00", author="Ana")
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    # the new plan starts as a copy of the old one, then grows: git log --follow takes it for the same file
    (repo / "plan-2.md").write_text(SPRINT.format(extra=""))
    commit(repo, "Start the next plan from the last one", "2025-10-02T10:00:00+00:00", author="Bo")
    (repo / "plan-2.md").write_text(SPRINT.format(extra="- [ ] Export to CSV (6h)\n- [ ] Audit log (4h)\n"))
    commit(repo, "Plan the next sprint", "2025-10-03T10:00:00+00:00", author="Bo")
    result = run_cli("diff", "plan-2.md", "--against", "origin/main", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "new"
    check = run_cli("check", "--against", "origin/main", "--select", "PL701", "plan-2.md", cwd=repo)
    assert check.returncode == 0 and "PL701" not in check.stdout, check.stdout
    history = json.loads(run_cli("history", "plan-2.md", "--format", "json", cwd=repo).stdout)["revisions"]
    assert [r["subject"] for r in history] == ["Start the next plan from the last one", "Plan the next sprint"]


def test_a_renamed_plan_keeps_its_history(tmp_path):
    repo = synthetic(tmp_path)
    git(repo, "mv", "plan.md", "sprint.md")
    commit(repo, "Rename the plan", "2025-10-04T10:00:00+00:00")
    history = json.loads(run_cli("history", "sprint.md", "--format", "json", cwd=repo).stdout)["revisions"]
    assert len(history) == 3
    check = run_cli("check", "--against", "HEAD~2", "--select", "PL701", "sprint.md", cwd=repo)
    assert check.returncode == 1 and "PL701" in check.stdout
