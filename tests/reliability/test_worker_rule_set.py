"""A worker runs exactly the parent's rule set, whatever plugins its own process would load.

A Dask worker is started elsewhere, with its own environment: with plugin autoload on there and off in the
parent (or another ``--plugins`` choice), rebuilding the selection from the worker's registry used to add the
worker's plugins' findings to a ``--scheduler`` run (tests/test_dask.py caught PL901 findings there).
"""

from __future__ import annotations

from collections.abc import Iterable

from provlint import Config
from provlint.batch import EngineSpec
from provlint.engine import Engine
from provlint.model import Category, Finding, Severity
from provlint.prepare import PreparedDocument
from provlint.rule import DocumentRule
from tests.reliability.helpers import plugin_rules


class OnlyInTheWorker(DocumentRule):
    """
    ## What it does
    Reports nothing; installed only where the worker runs.

    ## Why it matters
    Tests that a worker's extra plugins do not join the parent's rule set.

    ## Example
    Any text.
    """

    code = "PL979"
    name = "only-in-the-worker"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "A plugin rule the parent did not load."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        return ()


def test_a_worker_selects_exactly_the_parents_rules_and_diagnostics() -> None:
    parent = Engine(Config(ignore=("PL3", "PL006")))
    spec = EngineSpec.of(parent)
    with plugin_rules(OnlyInTheWorker):  # the worker's process loads one more plugin rule
        worker = spec.build()
    assert "PL979" in {cls.code for cls in worker.registry.rule_classes()}
    assert [cls.code for cls in worker.rule_classes] == [cls.code for cls in parent.rule_classes]
    assert worker.selection.diagnostics == parent.selection.diagnostics
    assert not any(code.startswith("PL3") for code in worker.selection.codes)
