"""Plans whose every claim is right: planlint must stay silent on all of them."""

import json
from pathlib import Path

import pytest

from conftest import run_cli

PLANS = sorted(p.name for p in (Path(__file__).parent / "fixtures" / "right").glob("*.md") if p.name != "README.md")


def test_the_set_is_there():
    assert len(PLANS) >= 167


@pytest.mark.parametrize("name", PLANS)
def test_no_finding_on_a_right_plan(name):
    result = run_cli("check", "--no-cache", "--format", "json", "--today", "2026-12-01", name,
                     cwd=Path(__file__).parent / "fixtures" / "right")
    assert result.returncode in (0, 1), result.stderr
    found = [f"{f['line']}: {f['rule']} {f['message']}" for f in json.loads(result.stdout)["findings"]
             if f["severity"] != "info"]
    assert found == []
