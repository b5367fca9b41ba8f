"""The result cache and parallel checking give the same findings as a plain serial run."""

import json
import shutil
import subprocess
import sys

from conftest import ROOT, SEEDS, run_cli
from planlint import cache
from planlint.config import Config
from planlint.engine import registry

BAD = "# P\n\n- [ ] Load testing (12-10 hours)\n"


def report(*args, cwd=None, env=None):
    result = run_cli("check", "--format", "json", *args, cwd=cwd, env=env)
    return json.loads(result.stdout)["findings"]


def test_unchanged_file_is_served_from_the_cache(tmp_path):
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "plan.md").write_text(BAD)
    first = report("plan.md", cwd=tmp_path, env=env)
    entries = list((tmp_path / "cache").rglob("*"))
    assert first and any(p.is_file() for p in entries)
    assert report("plan.md", cwd=tmp_path, env=env) == first
    assert list((tmp_path / "cache").rglob("*")) == entries


def test_changed_file_and_changed_config_invalidate(tmp_path):
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    plan = tmp_path / "plan.md"
    plan.write_text(BAD)
    assert {f["rule"] for f in report("plan.md", cwd=tmp_path, env=env)} == {"PL206"}
    plan.write_text(BAD.replace("12-10", "10-12"))
    assert report("plan.md", cwd=tmp_path, env=env) == []
    plan.write_text(BAD)
    (tmp_path / "planlint.toml").write_text('ignore = ["PL206"]\n')
    assert report("plan.md", cwd=tmp_path, env=env) == []


def test_changed_version_changes_the_key(monkeypatch):
    config, rules = Config(), list(registry().rules.values())
    before = cache.fingerprint(config, rules, "2025-01-01")
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert cache.fingerprint(config, rules, "2025-01-01") != before
    assert cache.fingerprint(config, rules[:-1], "2025-01-01") != before


def test_corrupt_entries_are_misses(tmp_path):
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "plan.md").write_text(BAD)
    first = report("plan.md", cwd=tmp_path, env=env)
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"\x00{not json")
    assert report("plan.md", cwd=tmp_path, env=env) == first


def test_a_link_target_appearing_invalidates(tmp_path):
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "plan.md").write_text("# P\n\nSee [the spec](spec.md).\n")
    assert [f["rule"] for f in report("--select", "PL603", "plan.md", cwd=tmp_path, env=env)] == ["PL603"]
    (tmp_path / "spec.md").write_text("# Spec\n")
    assert report("--select", "PL603", "plan.md", cwd=tmp_path, env=env) == []


def test_concurrent_runs_share_the_cache_safely(tmp_path):
    for n in range(12):
        shutil.copy(SEEDS / "ollamamax-sprint-plan.md", tmp_path / f"plan{n}.md")
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    import os
    procs = [subprocess.Popen([sys.executable, "-m", "planlint", "check", "--format", "json", "-j", "1", str(tmp_path)],
                              stdout=subprocess.PIPE, env={**os.environ, **env}) for _ in range(4)]
    outputs = [json.loads(p.communicate(timeout=120)[0])["findings"] for p in procs]
    assert all(o == outputs[0] for o in outputs) and outputs[0]
    assert report(tmp_path, env=env) == outputs[0]


def test_parallel_run_equals_serial_run(tmp_path):
    for n in range(4):
        for seed in SEEDS.glob("*.md"):
            shutil.copy(seed, tmp_path / f"{n}-{seed.name}")
    serial = report("--no-cache", "-j", "1", tmp_path)
    parallel = report("--no-cache", "-j", "2", tmp_path)
    assert parallel == serial and len({f["path"] for f in serial}) == 20


def test_the_same_file_named_two_ways_keeps_its_name(tmp_path):
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "plan.md").write_text(BAD)
    assert {f["path"] for f in report("plan.md", cwd=tmp_path, env=env)} == {"plan.md"}
    assert {f["path"] for f in report(tmp_path / "plan.md", cwd=tmp_path, env=env)} == {str(tmp_path / "plan.md")}


def entries(cache_dir):
    return [p for p in cache_dir.rglob("*") if p.is_file()]


def test_an_entry_rewritten_by_hand_is_a_miss(tmp_path):
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "plan.md").write_text(BAD)
    first = report("plan.md", cwd=tmp_path, env=env)
    [entry] = entries(tmp_path / "cache")
    entry.write_text('{"findings": [], "file_checks": []}')  # would make the file pass
    assert report("plan.md", cwd=tmp_path, env=env) == first

    # a well-formed checksum over an entry of the wrong shape is a miss too, not an error
    import hashlib
    finding = {**first[0], "severity": "bogus", "key": ""}
    del finding["end_line"]
    body = json.dumps({"findings": [finding], "file_checks": []}).encode()
    entry.write_bytes(hashlib.sha256(entry.name.encode() + b"\0" + body).hexdigest().encode() + b"\n" + body)
    result = run_cli("check", "--format", "json", "plan.md", cwd=tmp_path, env=env)
    assert result.returncode == 1 and json.loads(result.stdout)["findings"] == first, result.stderr


def test_a_fifo_in_place_of_an_entry_is_a_miss(tmp_path):
    import os
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache")}
    (tmp_path / "plan.md").write_text(BAD)
    first = report("plan.md", cwd=tmp_path, env=env)
    [entry] = entries(tmp_path / "cache")
    entry.unlink()
    os.mkfifo(entry)
    result = run_cli("check", "--format", "json", "plan.md", cwd=tmp_path, env=env)  # would wait for a writer
    assert json.loads(result.stdout)["findings"] == first


def test_a_changed_planlint_with_the_same_version_does_not_read_stale_results(tmp_path):
    """A copy of planlint first on the path, as an upgrade in place leaves it; one rule's
    wording changes between two runs sharing a cache."""
    copy = tmp_path / "site" / "planlint"
    shutil.copytree(ROOT / "planlint", copy, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", copy / "rules", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", copy / "schemas", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PLANLINT_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(tmp_path / "site")}
    (tmp_path / "plan.md").write_text(BAD)
    assert "is written backwards" in report("plan.md", cwd=tmp_path, env=env)[0]["message"]
    numbers = copy / "rules" / "numbers.py"
    numbers.write_text(numbers.read_text().replace("is written backwards", "runs from high to low"))
    assert "runs from high to low" in report("plan.md", cwd=tmp_path, env=env)[0]["message"]


def test_an_entry_holds_every_field_of_a_finding(tmp_path):
    """What put writes, get reads back: a finding of any severity, fixable or not (an entry
    that get refused would make every run a cold one)."""
    from planlint.findings import Finding

    store = cache.Cache("fp", tmp_path)
    findings = [Finding("plan.md", 3, 1, "PL601", "mojibake", "warning", "m", 3, "k1", True),
                Finding("plan.md", 5, 2, "PL001", "policy", "info", "n", None, "k2", False)]
    key = store.key("plan.md", b"# Plan\n")
    store.put(key, findings)
    assert store.get(key, "plan.md") == findings
    assert list(Finding.__dataclass_fields__) == list(cache._FIELDS)
