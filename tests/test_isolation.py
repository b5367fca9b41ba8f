"""One bad file is one error line: the other files are still checked and reported, the
exit code is 2, and nothing ends in a traceback. Through the real command."""

import json
import os

import pytest

from conftest import SPRINT, commit, git, init_repo, run_cli

DEFECT = "# P\n\n- [ ] Load testing (12-10 hours)\n"  # PL206 on line 3


def errors_of(result):
    assert "Traceback" not in result.stderr
    return result.stderr.strip().splitlines()


def assert_other_file_checked(result, name="good.md"):
    assert any(line.startswith(f"{name}:3:") and "PL206" in line for line in result.stdout.splitlines()), result.stdout


@pytest.mark.parametrize("team", ["9" * 309, "4" * 4300])
def test_huge_team_size_is_that_files_error(tmp_path, team):
    (tmp_path / "good.md").write_text(DEFECT)
    (tmp_path / "team.md").write_text(f"# P\n\n## Sprint 1: Build\n**Team Size**: {team}\n")
    (tmp_path / "zlast.md").write_text(DEFECT)
    result = run_cli("check", "good.md", "team.md", "zlast.md", cwd=tmp_path)
    assert result.returncode == 2
    [error] = errors_of(result)
    assert error.startswith("planlint: error: team.md: internal error while checking this file: ")
    assert_other_file_checked(result)
    assert_other_file_checked(result, "zlast.md")


@pytest.mark.parametrize("in_git", [False, True])
def test_symlink_loop_in_a_checked_directory(tmp_path, in_git):
    if in_git:
        init_repo(tmp_path)
    (tmp_path / "good.md").write_text(DEFECT)
    os.symlink("loop.md", tmp_path / "loop.md")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    [error] = errors_of(result)
    assert error.startswith("planlint: error: ") and "loop.md: cannot read (" in error
    assert_other_file_checked(result, "./good.md" if not in_git else "good.md")


def test_file_name_that_is_not_utf8_in_sarif_and_json_reports(tmp_path):
    name = b"plan-\xff.md"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
        handle.write(DEFECT.encode())
    (tmp_path / "good.md").write_text(DEFECT)

    result = run_cli("check", "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(result.stdout)["runs"][0]["results"]}
    assert uris == {"good.md", "plan-%FF.md"}

    result = run_cli("check", "--format", "json", "--output-file", tmp_path / "report.json", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    paths = {f["path"] for f in json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["findings"]}
    assert paths == {"./good.md", "./plan-\udcff.md"}  # the byte written as an escape, \udcff

    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 1 and "./plan-\\udcff.md:3:" in result.stdout


def test_a_file_name_with_a_newline_stays_one_error_line(tmp_path):
    (tmp_path / "good.md").write_text(DEFECT)
    (tmp_path / "bad\n::error::forged.md").write_bytes(b"\x00binary")
    result = run_cli("check", ".", cwd=tmp_path)
    assert result.returncode == 2
    [error] = errors_of(result)
    assert error == "planlint: error: ./bad\\n::error::forged.md: binary file, not a Markdown plan"


def test_commit_message_with_a_record_separator(tmp_path):
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text(SPRINT.format(extra=""))
    commit(repo, "Plan \x1e sprint\x1f 1", "2025-10-01T10:00:00+00:00")
    (repo / "plan.md").write_text(SPRINT.format(extra="- [ ] Export to CSV (6h)\n"))
    commit(repo, "Grow \x1e\x1e sprint 1", "2025-10-03T10:00:00+00:00", author="Bo")

    history = run_cli("history", "plan.md", "--format", "json", cwd=repo)
    assert history.returncode == 0, history.stderr
    rows = json.loads(history.stdout)["revisions"]
    assert [r["subject"] for r in rows] == ["Plan \x1e sprint\x1f 1", "Grow \x1e\x1e sprint 1"]
    diff = run_cli("diff", "plan.md", "--against", "HEAD~1", "--format", "json", cwd=repo)
    assert diff.returncode == 0, diff.stderr
    [added] = [c for s in json.loads(diff.stdout)["sprints"] for c in s["changes"] if c["kind"] == "added"]
    assert added["title"] == "Export to CSV" and added["attribution"]["author"] == "Bo"
    check = run_cli("check", "--against", "HEAD~1", "--select", "PL701", "plan.md", cwd=repo)
    assert check.returncode == 1 and "PL701" in check.stdout, check.stderr


@pytest.mark.parametrize("files, message", [
    ({"pyproject.toml": "[tool]\nplanlint = 1\n"}, "'tool.planlint' must be a table"),
    ({"../pyproject.toml": "tool = 1\n"}, "'tool' must be a table"),
    ({"planlint.toml": '[per-file-ignores]\n"*.md" = [1]\n'}, "per-file-ignores '*.md' must be a list of rule codes"),
    ({"planlint.toml": 'policy = "."\n'}, "'policy'"),
    ({"planlint.toml": 'baseline = "."\n'}, "'baseline' must be the path of a baseline file"),
    ({"planlint.toml": "select = []\n"}, "'select' is empty"),
])
def test_broken_configs_are_one_line_config_errors(tmp_path, files, message):
    project = tmp_path / "project"
    project.mkdir()
    (project / "plan.md").write_text(DEFECT)
    for name, text in files.items():
        (project / name).write_text(text)
    result = run_cli("check", "plan.md", cwd=project)
    assert result.returncode == 2, result.stdout
    [error] = errors_of(result)
    assert error.startswith("planlint: error: ") and message in error and "toml" in error, error


def test_empty_select_flag_says_so(tmp_path):
    (tmp_path / "plan.md").write_text(DEFECT)
    result = run_cli("check", "--select", "", "plan.md", cwd=tmp_path)
    assert result.returncode == 2 and "--select: no rule given" in result.stderr


def test_a_nul_byte_after_the_first_8_kb_makes_a_file_binary(tmp_path):
    (tmp_path / "good.md").write_text(DEFECT)
    (tmp_path / "late.md").write_bytes(b"# Plan\n\n" + b"Some text.\n" * 1000 + b"\x00\x01tail\n")
    result = run_cli("check", "good.md", "late.md", cwd=tmp_path)
    assert result.returncode == 2
    assert errors_of(result) == ["planlint: error: late.md: binary file, not a Markdown plan"]
    assert_other_file_checked(result)
