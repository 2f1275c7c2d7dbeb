"""No rule is worse than linear: every registered rule on pathological input, under a generous timeout.

A quadratic rule on these inputs (200,000 to 1,000,000 characters) needs
10^10 steps or more, hours; a linear one needs well under a second. The
timeout (20 s per rule and input) separates the two on any machine without
timing anything tightly. The parametrization is over every registered rule
class, so rules that land later are covered automatically.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest

from provlint import Document
from provlint.prepare import PreparedDocument
from provlint.registry import get_registry
from provlint.rule import DocumentRule, SourceRule, is_runnable

TIMEOUT_SECONDS = 20

PATHOLOGICAL = {
    "one-char-run": "a" * 200_000,
    "space-run": "x" + " " * 200_000 + "y",
    "newline-run": "\n" * 200_000,
    "brackets": "(" * 50_000 + "[" * 50_000 + "]" * 50_000 + ")" * 50_000,
    "citation-markers": "[1]" * 60_000,
    "dots": "." * 100_000 + "!?" * 50_000,
    "one-sentence-1mb": "word, other word and " * 50_000,
    "repeated-lines": "The same boilerplate line appears here.\n" * 10_000,
    "quotes": '"' * 100_000 + "\u201c" * 50_000,
    "urls": "http://" + "a." * 100_000 + "com",
    "uppercase": "SHOUTING " * 30_000,
    "digits": "1234567890" * 20_000,
}
#: Covers every installed rule and format, plugins included (see tests/conftest.py).
# Slow: every rule at two sizes; test_linear_scaling.py keeps a CPU-time check of the same property in the quick loop.
pytestmark = [pytest.mark.installed_plugins, pytest.mark.slow]
RULES = sorted((c for c in get_registry().rule_classes() if is_runnable(c)), key=lambda c: c.code)


@cache
def prepared(name: str) -> PreparedDocument:
    doc = PreparedDocument(Document(id=name, text=PATHOLOGICAL[name], path=name, source="example.org"))
    for attr in ("lines", "paragraphs", "sentences", "words"):  # shared splits, as the engine shares them
        getattr(doc, attr)
    return doc


class RuleTooSlow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise RuleTooSlow


def run_rule(rule: Any, doc: PreparedDocument) -> int:
    """All of one rule's work on one document; the number of findings and candidates."""
    if isinstance(rule, SourceRule):
        state = rule.new_state()
        candidates = list(rule.observe(doc, state))
        return len(candidates) + sum(1 for c in candidates if rule.decide(c, state) is not None)
    assert isinstance(rule, DocumentRule)
    return len(list(rule.check(doc)))


@pytest.fixture
def deadline() -> Iterator[None]:
    old = signal.signal(signal.SIGALRM, _alarm)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("cls", RULES, ids=[c.code for c in RULES])
def test_rule_is_not_worse_than_linear(cls: type, deadline: None) -> None:
    rule = cls()
    slow = []
    for name in PATHOLOGICAL:
        doc = prepared(name)
        signal.setitimer(signal.ITIMER_REAL, TIMEOUT_SECONDS)
        try:
            run_rule(rule, doc)
        except RuleTooSlow:
            slow.append(name)
        except TimeoutError:
            slow.append(f"{name} (pattern timeout)")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    assert slow == [], f"{cls.code} did not finish within {TIMEOUT_SECONDS} s on: {', '.join(slow)}"


def test_preparation_is_linear_on_pathological_input(deadline: None) -> None:
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT_SECONDS * 3)
    for name in PATHOLOGICAL:
        prepared(name)
    signal.setitimer(signal.ITIMER_REAL, 0)
