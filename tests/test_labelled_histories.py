"""`planlint diff --against` on the labelled real histories of ../shared: each history
replayed into a real repository (one commit per revision, with its author date and
subject), each certain pair scored against its answer key (truth.json) by
bench/histories.py."""

import json
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, run_cli

sys.path.insert(0, str(ROOT / "bench"))
import histories as bench  # noqa: E402

LABELLED = SHARED / "corpus" / "labelled" / "histories"
needs_labelled = pytest.mark.skipif(
    not LABELLED.is_dir() or not any(LABELLED.glob("*/truth.json")),
    reason=f"the labelled histories are not beside this clone ({LABELLED}); CI has them",
)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return bench.summary(bench.score(LABELLED))["all"]


@needs_labelled
@pytest.mark.parametrize("measure", ["added", "estimate", "status_only"])
def test_nine_in_ten_of_the_labelled_changes_are_reported(scored, measure):
    # added: reported as added, by id or title; estimate: the sprint's or the document's
    # total before and after, with the answer key's numbers; status_only: no added or
    # removed item where only statuses, ticks, struck risks or notes changed
    hits, total = scored[measure]
    assert total and hits / total >= 0.9, f"{measure}: {hits}/{total}"


def chart(repo: Path, out: Path):
    result = run_cli("history", "plan.md", "--output", out, cwd=repo)
    assert result.returncode == 0, result.stderr
    svg = ET.parse(out).getroot()
    points = [(float(c.get("cx")), datetime.fromisoformat(c.get("data-date")).timestamp())
              for c in svg.iter(SVG + "circle") if c.get("class") == "scope-point"]
    markers = [m for m in svg.iter(SVG + "line") if m.get("class") == "sprint-start"]
    labels = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "axis-label"]
    return svg, points, markers, labels


def assert_time_scaled(points):
    (x0, t0), (x1, t1) = points[0], points[-1]
    assert t1 > t0 and x1 > x0
    for x, t in points:
        assert abs((x - x0) / (x1 - x0) - (t - t0) / (t1 - t0)) < 0.002


@needs_labelled
def test_chart_of_a_rolling_current_sprint_file(tmp_path):
    history = LABELLED / "gitwalter__ai-dev-agent__docs__agile__sprints__current_sprint"
    bench.replay(history, tmp_path / "repo")
    svg, points, markers, labels = chart(tmp_path / "repo", tmp_path / "scope.svg")
    assert len(points) == len(json.loads((history / "revisions.json").read_text())["revisions"])
    assert_time_scaled(points)
    assert {m.get("data-sprint") for m in markers} >= {"Sprint 7", "Sprint 8"}
    assert any("date" in t for t in labels) and any("points" in t for t in labels)
    paths = {p.get("class") for p in svg.iter(SVG + "path")}
    assert {"scope", "done"} <= paths


@pytest.mark.skipif(not (SHARED / "corpus" / "histories" / "LeanVibe__bee-hive__docs__PLAN").is_dir(),
                    reason="the shared corpus is not beside this clone; CI has it")
def test_chart_of_the_79_revision_bee_hive_plan(tmp_path):
    from conftest import replay
    replay("LeanVibe__bee-hive__docs__PLAN", tmp_path / "repo")
    svg, points, markers, labels = chart(tmp_path / "repo", tmp_path / "scope.svg")
    assert len(points) == 79
    assert_time_scaled(points)
    # the gaps between revisions differ, so the points are not evenly spaced
    gaps = sorted(b[0] - a[0] for a, b in zip(points, points[1:]))
    assert gaps[-1] > 5 * max(gaps[len(gaps) // 2], 0.1)
    assert markers and all(float(m.get("x1")) >= points[0][0] - 0.1 for m in markers)
    assert [t.text for t in svg.iter(SVG + "text") if t.get("class") == "value"]


def test_a_chart_name_planlint_cannot_write_is_a_one_line_error(tmp_path):
    from conftest import SPRINT, commit, init_repo
    repo = init_repo(tmp_path / "repo")
    (repo / "plan.md").write_text(SPRINT.format(extra=""))
    commit(repo, "plan", "2025-10-01T10:00:00+00:00")
    result = run_cli("history", "plan.md", "--output", tmp_path / "scope.png", cwd=repo)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert ".png" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "scope.png").exists()
