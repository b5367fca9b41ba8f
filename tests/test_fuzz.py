"""A short, deterministic run of bench/fuzz.py: mutated and generated plans and raw bytes
through the whole pipeline (`python bench/fuzz.py --examples 20000` runs it longer)."""

import importlib.util

from conftest import ROOT

spec = importlib.util.spec_from_file_location("fuzz", ROOT / "bench" / "fuzz.py")
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)


def test_fuzz_short_run():
    fuzz.run(examples=200)  # derandomised: the same documents on every run

