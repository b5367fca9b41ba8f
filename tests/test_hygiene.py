"""PL601-PL603 (rules/hygiene.py) beyond their fixtures: --fix on a real file, root-relative
links against a real repository directory, and the findings on the bundled seeds."""

import json
import re
import shutil
from datetime import date

from conftest import ROOT, SEEDS, git, init_repo, run_cli
from planlint.engine import RuleContext, registry
from planlint.parser import parse_plan
from planlint.source import decode, read_source

OLLAMAMAX = SEEDS / "ollamamax-sprint-plan.md"
# UTF-8 read as cp1252: the character of a lead byte (â Ã Â ð) followed by that of a
# continuation byte (0x80-0xBF); read as Mac Roman: "‚" (0xE2) followed by any non-ASCII
# character, U+F8FF (0xF0, the Apple logo), or "Ô∏" (EF B8, a variation selector).
GARBLED = re.compile(
    "[âÃÂð][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
    "|\u201a[^\x00-\x7f]|\uf8ff|\u00d4\u220f"
)


def garbled_lines(path):
    text = path.read_bytes().decode("utf-8")
    return {n for n, line in enumerate(text.splitlines(), 1) if GARBLED.search(line)}


def check_json(*args, cwd=ROOT):
    result = run_cli("check", *args, "--format", "json", cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def by_file(findings, rule):
    out = {}
    for f in findings:
        if f["rule"] == rule:
            out.setdefault(f["path"].rsplit("/", 1)[-1], {})[f["line"]] = f["message"]
    return out


# -- PL601 ------------------------------------------------------------------------------

def crlf_copy(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_bytes(OLLAMAMAX.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return plan


def test_fix_rewrites_only_the_garbled_lines_byte_for_byte(tmp_path):
    plan = crlf_copy(tmp_path)
    before = plan.read_bytes()
    garbled = garbled_lines(OLLAMAMAX)
    assert garbled == {7, 8, 9, 379}

    result = run_cli("check", "--fix", "--select", "PL601", plan, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    after = plan.read_bytes()
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(old_lines) == len(new_lines)
    assert after.count(b"\r\n") == before.count(b"\r\n") and b"\n" not in after.replace(b"\r\n", b"")
    changed = {n for n, (a, b) in enumerate(zip(old_lines, new_lines), 1) if a != b}
    assert changed == garbled
    expected = {7: "- **Sprint A**: \u2705 Foundation", 8: "- **Sprint B**: \u2705 UI Components",
                9: "- **Sprint C**: \U0001f6a7 Page Implementation", 379: "- **Priority**: Critical \u2192 High \u2192 Medium"}
    for n, start in expected.items():
        assert new_lines[n - 1].decode("utf-8").startswith(start), new_lines[n - 1]

    again = run_cli("check", "--select", "PL601", "--format", "json", plan, cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert json.loads(again.stdout)["findings"] == []


def test_fix_diff_previews_the_change_and_writes_nothing(tmp_path):
    preview, fixed = init_repo(tmp_path / "preview"), tmp_path / "fixed"
    fixed.mkdir()
    for directory in (preview, fixed):
        (directory / "plan.md").write_bytes(OLLAMAMAX.read_bytes())
    result = run_cli("check", "--fix", "--diff", "plan.md", cwd=preview)
    assert result.returncode == 1, result.stderr
    assert (preview / "plan.md").read_bytes() == OLLAMAMAX.read_bytes()
    assert result.stdout.startswith("--- a/plan.md\n+++ b/plan.md\n@@ ")
    assert result.stderr == "Would fix 4 lines in 1 file.\n"
    assert run_cli("check", "--fix", "plan.md", cwd=fixed).returncode in (0, 1)
    (tmp_path / "change.diff").write_text(result.stdout, encoding="utf-8")
    git(preview, "apply", str(tmp_path / "change.diff"))  # the preview is exactly what --fix writes
    assert (preview / "plan.md").read_bytes() == (fixed / "plan.md").read_bytes() != OLLAMAMAX.read_bytes()
    clean = run_cli("check", "--fix", "--diff", "plan.md", cwd=fixed)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "Nothing to fix.\n")


def test_fix_keeps_the_byte_order_mark(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"\xef\xbb\xbf# Plan\r\n- Sprint A: \xc3\xa2\xc5\x93\xe2\x80\xa6 done\r\n- plain\r\n")
    run_cli("check", "--fix", "--select", "PL601", plan, cwd=tmp_path)
    assert plan.read_bytes() == "\ufeff# Plan\r\n- Sprint A: \u2705 done\r\n- plain\r\n".encode("utf-8")


def test_without_fix_nothing_on_disk_changes(tmp_path):
    plan = crlf_copy(tmp_path)
    before = plan.read_bytes()
    result = run_cli("check", "--select", "PL601", plan, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.count(": PL601 ") == 4
    assert plan.read_bytes() == before


def test_a_lost_byte_is_reported_but_not_guessed_by_fix(tmp_path):
    plan = tmp_path / "plan.md"
    # U+1F50D is F0 9F 94 8D; cp1252 has no 0x8D, so the garbled text lost it
    text = "### \u00f0\u0178\u201d **Quality Agent**\n- **Sprint A**: \u00e2\u0153\u2026 done\n"
    plan.write_text(text, encoding="utf-8")
    run_cli("check", "--fix", "--select", "PL601", plan, cwd=tmp_path)
    assert plan.read_text(encoding="utf-8") == "### \u00f0\u0178\u201d **Quality Agent**\n- **Sprint A**: \u2705 done\n"
    findings = check_json(plan, "--select", "PL601", cwd=tmp_path)["findings"]
    assert [f["line"] for f in findings] == [1]
    assert findings[0]["message"] == ('mojibake: "\u00f0\u0178\u201d " lost a byte and cannot be repaired for certain '
                                      '(perhaps "\U0001f520"; correct it by hand)')


def test_message_quotes_each_garbled_sequence_and_its_column():
    source = decode("x \u00e2\u0153\u2026 and \u00e2\u2020\u2019 y\n".encode("utf-8"), "plan.md")
    rule = registry().lookup("PL601")
    ctx = RuleContext(rule, source, dict(rule.options), rule.severity, date(2026, 1, 1))
    [finding] = list(rule.func(parse_plan(source), ctx))
    assert finding.message == 'mojibake: "\u00e2\u0153\u2026" should read "\u2705", "\u00e2\u2020\u2019" should read "\u2192"'
    assert finding.column == 3


# -- PL603 ------------------------------------------------------------------------------

def run_broken_link(plan_path, repo_root, **options):
    rule = registry().lookup("PL603")
    source = read_source(plan_path)
    ctx = RuleContext(rule, source, {**rule.options, **options}, rule.severity, date(2026, 1, 1),
                      extra={"repo_root": repo_root})
    return sorted((f.line, f.message) for f in rule.func(parse_plan(source), ctx))


def root_link_repo(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "FRD.md").write_text("# FRD\n")
    (tmp_path / "docs" / "My Notes.md").write_text("# Notes\n")
    plan = tmp_path / "plans" / "sprint.md"
    plan.parent.mkdir()
    plan.write_text("# Sprint\n"
                    "- [FRD](/docs/FRD.md#scope)\n"
                    "- [Gone](/FRD_QUANTUMLAYER_V2.md)\n"
                    "- [Notes](/docs/My%20Notes.md)\n"
                    "- [Relative](../docs/FRD.md)\n"
                    "- [Relative gone](FRD.md)\n", encoding="utf-8")
    return plan


def test_root_relative_links_resolve_against_the_repository_root(tmp_path):
    plan = root_link_repo(tmp_path)
    assert run_broken_link(plan, tmp_path) == [
        (3, 'link "Gone" points to /FRD_QUANTUMLAYER_V2.md, which does not exist'),
        (6, 'link "Relative gone" points to FRD.md, which does not exist'),
    ]


def test_root_relative_links_are_skipped_without_a_root_or_when_switched_off(tmp_path):
    plan = root_link_repo(tmp_path)
    only_relative = [(6, 'link "Relative gone" points to FRD.md, which does not exist')]
    assert run_broken_link(plan, None) == only_relative
    assert run_broken_link(plan, tmp_path, **{"check-root-links": False}) == only_relative


# -- the seeds --------------------------------------------------------------------------

def test_seed_findings():
    data = check_json(SEEDS, "--select", "PL601,PL602,PL603")
    mojibake = by_file(data["findings"], "PL601")
    for name in ("ollamamax-sprint-plan.md", "leanvibe-next-sprint-plan.md", "somaagent-sprint-coordination.md"):
        assert set(mojibake[name]) == garbled_lines(SEEDS / name), name
    assert set(mojibake["ollamamax-sprint-plan.md"]) == {7, 8, 9, 379}
    assert "ollamamax-development-workflow.md" not in mojibake
    assert "quantumlayer-sprint-tracker.md" not in mojibake
    assert mojibake["ollamamax-sprint-plan.md"][379] == 'mojibake: "\u00e2\u2020\u2019" should read "\u2192" (2 times)'
    # one finding per line, in the text a reader sees: Mac Roman's Apple logo as it is, not "\uf8ff"
    lines = [(f["path"], f["line"]) for f in data["findings"] if f["rule"] == "PL601"]
    assert len(lines) == len(set(lines)) == 110
    assert not [f["message"] for f in data["findings"] if f["rule"] == "PL601" and "\\" in f["message"]]
    assert mojibake["somaagent-sprint-coordination.md"][293] == 'mojibake: "\uf8ff\u00fc\u00fc\u00a2" should read "\U0001f7e2"'

    placeholders = {name: sorted(lines) for name, lines in by_file(data["findings"], "PL602").items()}
    soma = SEEDS / "somaagent-sprint-coordination.md"
    to_be_filled = [n for n, line in enumerate(soma.read_text(encoding="utf-8").splitlines(), 1)
                    if "(To be filled during retrospective)" in line]
    assert len(to_be_filled) == 3
    assert placeholders == {
        "ollamamax-sprint-plan.md": [628],
        "quantumlayer-sprint-tracker.md": [135, 345, 346, 350],
        # 274: "## LESSONS LEARNED (To Be Updated)"
        "somaagent-sprint-coordination.md": sorted([274, *to_be_filled]),
    }
    messages = by_file(data["findings"], "PL602")
    assert messages["ollamamax-sprint-plan.md"][628] == "placeholder \"Current Date\" left in 'Last Updated'"
    assert messages["quantumlayer-sprint-tracker.md"][135] == "placeholder \"Current\" left in 'Date'"
    assert messages["quantumlayer-sprint-tracker.md"][345] == 'link "Grafana Dashboard" points nowhere (target "#")'

    # the repository root is that of this checkout, which holds none of these documents
    links = by_file(data["findings"], "PL603")
    assert links == {"quantumlayer-sprint-tracker.md": {
        337: 'link "FRD" points to /FRD_QUANTUMLAYER_V2.md, which does not exist',
        338: 'link "Architecture" points to /QUANTUMLAYER_V2_ARCHITECTURE.md, which does not exist',
        339: 'link "Implementation Plan" points to /MASTER_IMPLEMENTATION_PLAN.md, which does not exist',
        340: 'link "Progress Tracker" points to /PROGRESS_TRACKER.md, which does not exist',
    }}


def test_seeds_due_today_and_todo_status_are_not_placeholders():
    data = check_json(SEEDS / "quantumlayer-sprint-tracker.md", "--select", "PL602")
    lines = {f["line"] for f in data["findings"]}
    text = (SEEDS / "quantumlayer-sprint-tracker.md").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(text, 1):
        if "| Today |" in line or "Todo |" in line:
            assert n not in lines, line


def test_seeds_are_not_modified_by_a_check(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    run_cli("check", copy, "--select", "PL601,PL602,PL603", cwd=tmp_path)
    for path in SEEDS.glob("*.md"):
        assert (copy / path.name).read_bytes() == path.read_bytes()


def test_a_bracketed_instruction_with_the_verb_last_is_a_placeholder():
    def marks(text, languages):
        plan = parse_plan(decode(text.encode("utf-8"), "plan.md"), languages)
        return [m.text for m in plan.placeholders]

    assert marks("# Plan\n\nDatum: [Datum einfügen]\n", ("de", "en")) == ["[Datum einfügen]"]
    assert marks("# Plan\n\nDate: [Insert date]\n", ("en",)) == ["[Insert date]"]
    # the verb as part of another word, or a link text, is no instruction
    assert marks("# Plan\n\nSiehe [Wiedereinfügen](doc.md) und [Neueinfügungen]\n", ("de", "en")) == []
    assert marks("# Plan\n\nTarih: [Tarih ekleyin], bkz. [Ekler]\n", ("tr", "en")) == ["[Tarih ekleyin]"]
    assert marks("# Plan\n\nSee [Insertion sort]\n", ("en",)) == []


def test_a_file_outside_git_whose_every_link_fails_gets_one_note(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n- [PRD](PRD.md)\n- [Backlog](./BACKLOG.md)\n\nSee [agents](../AGENTS.md).\n",
                    encoding="utf-8")
    rule = registry().lookup("PL603")
    source = read_source(plan)
    ctx = RuleContext(rule, source, dict(rule.options), rule.severity, date(2026, 1, 1), extra={"repo_root": None})
    [note] = list(rule.func(parse_plan(source), ctx))
    assert (note.line, note.severity) == (2, "info")
    assert "none of the 3 relative links resolve" in note.message and "lines 2, 3, 5" in note.message
    # one link that resolves shows the others are meant to: each broken one is a warning
    (tmp_path / "PRD.md").write_text("# PRD\n")
    found = list(rule.func(parse_plan(read_source(plan)), ctx))
    assert [f.line for f in found] == [3, 5] and all(f.severity != "info" for f in found)
    # inside a repository the links are meant to resolve: one warning each
    (tmp_path / "PRD.md").unlink()
    assert len(run_broken_link(plan, tmp_path)) == 3
