"""--fix writes safely, and planlint reads and writes only inside the repository (outside
git: inside the directory given). Through the real command, on real files and links."""

import os
import stat

from conftest import commit, git, init_repo, run_cli
from test_plugins import make_plugin

MOJIBAKE = "# P\n\n- **Sprint A**: \u00e2\u0153\u2026 Foundation (Complete)\n"
FIXED = "# P\n\n- **Sprint A**: \u2705 Foundation (Complete)\n"
SECRET = "# Notes\n\n## Sprint 1 'API_TOKEN=hunter2'\n- [ ] Load testing (12-10 hours)\n"


def fix(*args, cwd, env=None):
    return run_cli("check", "--fix", "--select", "PL601", *args, cwd=cwd, env=env)


def test_fix_keeps_the_mode_and_replaces_the_file_whole(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text(MOJIBAKE, encoding="utf-8")
    plan.chmod(0o640)
    os.link(plan, tmp_path / "old-copy.md")  # a hard link keeps the bytes that were there
    result = fix("plan.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert plan.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert (tmp_path / "old-copy.md").read_text(encoding="utf-8") == MOJIBAKE  # renamed into place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old-copy.md", "plan.md"]  # no temporary file left


def test_fix_through_a_link_inside_the_repository_fixes_its_target(tmp_path):
    init_repo(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.md").write_text(MOJIBAKE, encoding="utf-8")
    os.symlink("docs/plan.md", tmp_path / "PLAN.md")
    result = fix("PLAN.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "PLAN.md").is_symlink() and (tmp_path / "docs" / "plan.md").read_text(encoding="utf-8") == FIXED


EDITOR = '''
from planlint.engine import rule


@rule("XY201", "edits-the-plan", severity="info")
def edits_the_plan(plan, ctx):
    """Appends a line to the file being checked, as a person editing it meanwhile would.

    What it does:
        Edits.

    Why it matters:
        Tests.

    Example:
        x

    Use instead:
        y

    Options:
        None.
    """
    with open(ctx.source.path, "a", encoding="utf-8") as handle:
        handle.write("- an edit made while planlint ran\\n")
    return []
'''


def test_fix_leaves_a_file_edited_while_it_ran(tmp_path):
    make_plugin(tmp_path, "planlint_editor", EDITOR, "planlint_editor")
    plan = tmp_path / "plan.md"
    plan.write_text(MOJIBAKE, encoding="utf-8")
    result = run_cli("check", "--fix", "--select", "PL601,XY201", "plan.md", cwd=tmp_path,
                     env={"PYTHONPATH": str(tmp_path)})
    assert result.returncode == 2
    assert "planlint: error: plan.md: changed while planlint was checking it, not fixed (run --fix again)" in result.stderr
    assert plan.read_text(encoding="utf-8") == MOJIBAKE + "- an edit made while planlint ran\n"


def test_fix_on_a_read_only_file_among_others(tmp_path):
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(MOJIBAKE, encoding="utf-8")
    (tmp_path / "b.md").chmod(0o444)
    result = fix("a.md", "b.md", "c.md", cwd=tmp_path)
    assert result.returncode == 2
    assert [line for line in result.stderr.splitlines() if "error" in line] == ["planlint: error: b.md: read-only, not fixed"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "c.md").read_text(encoding="utf-8") == FIXED
    assert (tmp_path / "b.md").read_text(encoding="utf-8") == MOJIBAKE
    assert "b.md:3:" in result.stdout  # its finding is still reported


def leaky_repo(tmp_path):
    """A repository whose docs/ holds a plan and a link to a file outside it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "notes.md").write_text(SECRET + MOJIBAKE, encoding="utf-8")
    repo = init_repo(tmp_path / "repo")
    (repo / "docs").mkdir()
    (repo / "docs" / "plan.md").write_text("# P\n\n- [ ] Load testing (12-10 hours)\n")
    os.symlink("../../outside/notes.md", repo / "docs" / "notes.md")
    commit(repo, "plans", "2025-10-01T10:00:00+00:00")
    return repo


def test_a_link_out_of_the_repository_is_skipped_not_read(tmp_path):
    repo = leaky_repo(tmp_path)
    for args in (["docs"], ["docs/plan.md", "docs/notes.md"]):  # a directory, or names as pre-commit passes them
        result = run_cli("check", *args, cwd=repo)
        assert result.returncode == 1, result.stderr
        assert "hunter2" not in result.stdout + result.stderr and "docs/plan.md:3:" in result.stdout
        assert result.stderr.splitlines() == [
            f"planlint: warning: docs/notes.md: skipped, a symbolic link leading out of the repository ({repo})"]


def test_fix_never_writes_through_a_link_out_of_the_repository(tmp_path):
    repo = leaky_repo(tmp_path)
    result = fix("docs", cwd=repo)
    assert result.returncode == 0 and "skipped" in result.stderr
    assert (tmp_path / "outside" / "notes.md").read_text(encoding="utf-8") == SECRET + MOJIBAKE


def test_outside_git_a_link_out_of_the_directory_given_is_skipped(tmp_path):
    (tmp_path / "secret.md").write_text(SECRET)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "sub").mkdir()
    (tmp_path / "plans" / "sub" / "plan.md").write_text("# P\n")
    os.symlink("../secret.md", tmp_path / "plans" / "leak.md")
    os.symlink("sub/plan.md", tmp_path / "plans" / "inside.md")
    result = run_cli("check", "plans", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hunter2" not in result.stdout
    assert result.stderr.splitlines() == [
        "planlint: warning: plans/leak.md: skipped, a symbolic link leading out of the directory given (plans)"]
    assert "All checks passed (2 files)." in result.stdout  # the link inside the directory is checked


def test_plans_inside_submodules_are_checked(tmp_path):
    sub = init_repo(tmp_path / "component")
    (sub / "PLAN.md").write_text("# P\n\n- [ ] Load testing (12-10 hours)\n")
    commit(sub, "plan", "2025-10-01T10:00:00+00:00")
    repo = init_repo(tmp_path / "repo")
    (repo / "README.md").write_text("# Project\n")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(sub), "vendor/component")
    commit(repo, "add the component", "2025-10-02T10:00:00+00:00")
    result = run_cli("check", ".", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert "vendor/component/PLAN.md:3:" in result.stdout and "PL206" in result.stdout
