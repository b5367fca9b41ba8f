"""Every matcher is linear: no line of a plan, however it is built, takes much longer to
check than a plain line of the same length. A pre-commit hook must never hang on one
line (before this test, `1 - 2 - ... - 26 => done` took minutes).

The one timed test of the suite: each generated line is run through the whole check
(every rule) and compared with a line of ordinary prose of the same length."""

import random
import signal
import time

import pytest

from planlint.check import check_source
from planlint.config import Config
from planlint.engine import registry
from planlint.source import decode

LENGTH = 10_000
# Times a plain line's time. Linear lines that give a finding or a quantity every few
# characters take up to ~12x; the quadratic and exponential matchers this test caught
# took 36x to many thousand times.
LIMIT = 25

# What the rules and recognisers react to: runs of digits, separators, spaces, markup,
# nested markers, and each rule's trigger characters.
UNITS = [
    "1", " ", "\t", "1-", "1 - ", "- ", "-", "*", "**", "_", "__", "#", "|", " | ", "a", "a ", "A1", "1.", "1,",
    ".", ",", "(", ")", "[", "]", "<!--", "-->", "`", "``", "~", "x ", "1 x ", "1 of ", "Aa1-", ">", "> ", ":", ": ",
    "**a**: ", "*a*: ", "1h ", "1 hours ", "1-2 days ", "~3 weeks ", "Sprint 1 ", "Week 2 ", "\\", "[a](", "![",
    "](", "@", "/", "'", '"', "1%", "=", "= 1 ", "Oct 1 ", "1 Oct 2025 ", "2025-01-01 ", "1 to ", "- [ ] ",
    "  - ", "a-", "a_", "*a", "a*", "T1", "!", "A-1.", "1.1", "TBD ", "YYYY-MM-DD ", "(to be ", "[insert ",
    "\u00e2\u0153\u2026", "\u00c3", "\u2014", "\u00a0", "Monday ", "total ", "12 tasks ", "p95 < 100ms ",
]
WRAPS = [
    ("", ""), ("", "!"), ("# a", "x"), ("- [ ] A", "!"), ("x", "x"), ("= ", ""), ("<!-- planlint-disable", ""),
    ("**", ""), ("| ", " |"), ("- ", "x"), ("Weeks 1", " => done"), ("**Team Size**: ", ""), ("1. ", " = 5"),
    ("> ", ""), ("**Total**: ", "h"), ("## Sprint 1: ", " (In Progress)"),
]
TOKENS = ["1", "2", " ", "  ", "-", " - ", "x", "*", "**", "_", ":", "|", "#", "(", ")", "[", "]", "=", "%", ".",
          ",", "h", "hours", "days", "Sprint", "Week", "of", "to", "TBD", "`", "<!--", "-->", ">", "~", "\t", "a", "A",
          "Oct", "2025", "/", "@", "!", "\\", "\u2013", "\u00e2\u0153"]


def line_of(unit, prefix="", suffix=""):
    return prefix + unit * ((LENGTH - len(prefix) - len(suffix)) // len(unit)) + suffix


def adversarial_lines():
    lines = [line_of(unit, *WRAPS[i % len(WRAPS)]) for i, unit in enumerate(UNITS)]
    lines += [line_of(unit, *wrap) for wrap in WRAPS for unit in (" ", "1", "1-", "1 - ", "**a**: ")]
    rng = random.Random(10)
    for _ in range(40):  # mixes of trigger characters, as a fuzzer would write them
        parts = rng.sample(TOKENS, 6)
        lines.append(line_of("".join(parts), *rng.choice(WRAPS)))
    return sorted(set(lines))


SENTENCE = "Build the reporting service and review it with the platform team before release; "


def prose(length):
    return (SENTENCE * (length // len(SENTENCE) + 1))[:length]


DOCUMENTS = {
    "a list nested 1,000 levels deep": "".join("  " * i + "- item\n" for i in range(1000)),
    "a quote nested 1,000 levels deep": "".join("> " * i + "text\n" for i in range(1, 1000)),
    "100,000 leading spaces": " " * 100_000 + "x\n",
}


class TooSlow(Exception):
    pass


def _stop(*_):
    raise TooSlow


def timed(text, budget=30.0):
    """Best of up to three runs of the whole check; a run past `budget` seconds is
    stopped (an exponential matcher would otherwise hang the suite)."""
    rules, config, reg = setup()
    source = decode(text.encode("utf-8"), "plan.md")
    best = float("inf")
    previous = signal.signal(signal.SIGALRM, _stop)
    try:
        for _ in range(3):
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                check_source(source, rules, config, reg)
            except TooSlow:
                return float("inf")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.perf_counter() - start)
            if best < 0.05:
                break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return best


def setup():
    config = Config()
    reg = registry()
    return config.selected(reg), config, reg


def test_no_line_takes_much_longer_than_a_plain_line():
    baseline = timed(f"# Plan\n\n{prose(LENGTH)}\n")
    slow = []
    for line in adversarial_lines():
        budget = max(1.0, 2 * LIMIT * baseline)
        took = timed(f"# Plan\n\n{line}\n", budget)
        if took > LIMIT * baseline:
            took = min(took, timed(f"# Plan\n\n{line}\n", budget))  # once more, in case the machine was busy
            if took > LIMIT * baseline:
                slow.append(f"{took / baseline:.0f}x: {line[:60]!r}...")
    assert not slow, f"plain line: {baseline * 1000:.0f} ms; slower than {LIMIT}x:\n" + "\n".join(slow)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_deep_nesting_and_long_indentation(name):
    text = DOCUMENTS[name]
    baseline = timed("".join(prose(len(line)) + "\n" for line in text.splitlines()))
    took = timed(text, max(1.0, 2 * LIMIT * baseline))
    assert took <= LIMIT * baseline, f"{name}: {took * 1000:.0f} ms, a plain document of that shape {baseline * 1000:.0f} ms"
