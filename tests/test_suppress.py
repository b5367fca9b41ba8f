"""Inline suppression comments, through the real command."""

import json

from conftest import run_cli

BAD = "- [ ] Load testing (12-10 hours)"


def findings(tmp_path, text, *args):
    plan = tmp_path / "plan.md"
    plan.write_text(text)
    result = run_cli("check", "--select", "PL206,PL002", "--format", "json", *args, plan)
    return sorted((f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"])


def test_disable_enable_range(tmp_path):
    text = f"# P\n\n<!-- planlint-disable PL206 -->\n{BAD}\n<!-- planlint-enable PL206 -->\n{BAD}\n"
    assert findings(tmp_path, text) == [(6, "PL206")]


def test_disable_by_name_and_without_codes(tmp_path):
    text = f"# P\n<!-- planlint-disable backwards-range -->\n{BAD}\n<!-- planlint-enable -->\n<!-- planlint-disable -->\n{BAD}\n"
    assert findings(tmp_path, text) == []


def test_disable_next_line_and_line(tmp_path):
    text = f"# P\n<!-- planlint-disable-next-line PL206 -->\n{BAD}\n{BAD} <!-- planlint-disable-line PL206 -->\n{BAD}\n"
    assert findings(tmp_path, text) == [(5, "PL206")]


def test_disable_file(tmp_path):
    text = f"# P\n{BAD}\n\n<!-- planlint-disable-file PL206 -->\n{BAD}\n"
    assert findings(tmp_path, text) == []


def test_unused_and_unknown_suppressions_are_reported(tmp_path):
    text = f"# P\n<!-- planlint-disable-next-line PL206 -->\nfine\n<!-- planlint-disable PL9999 -->\n"
    assert findings(tmp_path, text) == [(2, "PL002"), (4, "PL002")]


def test_comments_inside_code_fences_are_not_suppressions(tmp_path):
    text = f"# P\n```\n<!-- planlint-disable-file -->\n```\n{BAD}\n"
    assert findings(tmp_path, text) == [(5, "PL206")]


def test_a_suppression_above_a_table_row_keeps_the_table_whole(tmp_path):
    table = "# P\n\n| Task | Hours |\n|------|-------|\n| API | 20h |\n| UI | 16h |\n{comment}| **Total** | **40h** |\n"
    plan = tmp_path / "plan.md"
    plan.write_text(table.format(comment=""))
    result = run_cli("check", "--select", "PL202,PL002", "--format", "json", plan)
    assert [(f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"]] == [(7, "PL202")]
    plan.write_text(table.format(comment="<!-- planlint-disable-next-line PL202 -->\n"))
    result = run_cli("check", "--select", "PL202,PL002", "--format", "json", plan)
    assert result.returncode == 0 and json.loads(result.stdout)["findings"] == []
    parsed = json.loads(run_cli("parse", plan).stdout)
    assert [row["line"] for row in parsed["tables"][0]["rows"]] == [5, 6, 8]


def test_a_comment_can_silence_pl002_on_the_next_comment(tmp_path):
    text = ("# P\n<!-- planlint-disable-next-line PL002 -->\n<!-- planlint-disable-next-line PL206 -->\nfine\n"
            "<!-- planlint-disable-next-line PL002 -->\nnot a comment\n")
    assert findings(tmp_path, text) == [(5, "PL002")]


def test_pl002_ignored_or_not_selected_reports_nothing(tmp_path):
    text = f"# P\n<!-- planlint-disable-next-line PL206 -->\nfine\n{BAD}\n"
    assert findings(tmp_path, text) == [(2, "PL002"), (4, "PL206")]
    assert findings(tmp_path, text, "--ignore", "unused-suppression") == [(4, "PL206")]
