"""A plugin source rule whose merge or decide never returns: reported as timed out, and the run goes on.

Plugin ``check``/``observe`` calls run in the killable rule host; ``merge`` and
``decide`` work on the run's states in this process, under
:func:`provlint.time_limit.time_limit` (``[limits] plugin-rule-timeout``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import pytest

from provlint import Config, Document, lint_documents
from provlint.config import LimitsSection
from provlint.model import Category, Finding, Severity
from provlint.prepare import PreparedDocument
from provlint.rule import Candidate, SourceRule, SourceState
from provlint.time_limit import can_limit
from tests.reliability.helpers import plugin_rules

pytestmark = pytest.mark.skipif(not can_limit(), reason="needs POSIX interval timers in the main thread")


class Stubborn(SourceState):
    """Its merge loops forever and swallows every ordinary exception."""

    def merge(self, other: Any) -> None:
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # a plugin that swallows errors must still be stopped
                continue

    def to_dict(self) -> dict[str, Any]:
        return {}


class Plain(SourceState):
    def merge(self, other: Any) -> None:
        return None

    def to_dict(self) -> dict[str, Any]:
        return {}


class _Base(SourceRule[Any]):
    """
    ## What it does
    Proposes one candidate per document.

    ## Why it matters
    Tests the time limit on plugin code that runs in the main process.

    ## Example
    Any two documents of one source.
    """

    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Hangs on purpose."

    def observe(self, doc: PreparedDocument, state: Any) -> Iterable[Candidate]:
        yield Candidate(doc.document.id, self.finding(doc, 0, 0, "seen"))


class HangingMerge(_Base):
    __doc__ = _Base.__doc__
    code = "PL971"
    name = "hanging-merge"

    def new_state(self) -> Stubborn:
        return Stubborn()

    def decide(self, candidate: Candidate, state: Any) -> Finding | None:
        return candidate.finding


class HangingDecide(_Base):
    __doc__ = _Base.__doc__
    code = "PL972"
    name = "hanging-decide"

    def new_state(self) -> Plain:
        return Plain()

    def decide(self, candidate: Candidate, state: Any) -> Finding | None:
        while True:
            time.sleep(0.01)


DOCS = [Document(id=f"d{i}", text=f"Page {i} of the site.", source="site") for i in range(4)]


def _config(*codes: str) -> Config:
    return Config(select=(*codes, "PL004"), limits=LimitsSection(plugin_rule_timeout=0.3))


def test_a_merge_that_never_returns_is_a_timed_out_rule_and_the_run_goes_on() -> None:
    began = time.monotonic()
    with plugin_rules(HangingMerge):
        result = lint_documents(DOCS, _config("PL971"))
    assert time.monotonic() - began < 10
    assert [(f.code, f.document_id, f.message) for f in result.findings] == [
        ("PL004", f"d{i}", "rule PL971 (hanging-merge) timed out: CallTimedOut: merge took longer than 0.3 s")
        for i in range(4)
    ]
    assert result.stats.to_dict()["linted"] == 4


def test_a_decide_that_never_returns_times_out_once_for_its_source() -> None:
    began = time.monotonic()
    with plugin_rules(HangingDecide):
        result = lint_documents(DOCS, _config("PL972"))
    assert time.monotonic() - began < 10  # one wait for the source, not one per candidate
    assert [(f.code, f.document_id, f.message) for f in result.findings] == [
        ("PL004", f"d{i}", "rule PL972 (hanging-decide) timed out: CallTimedOut: decide took longer than 0.3 s")
        for i in range(4)
    ]
    assert result.stats.to_dict()["rule_errors"] == 4
