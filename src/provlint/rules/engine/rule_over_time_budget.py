from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class RuleOverTimeBudget(DocumentRule):
    """
    ## What it does
    Reports a rule (built-in or from a plugin) that took longer than the
    configured per-document budget (``[tool.provlint.limits]
    rule-time-budget``, seconds; default 5, 0 switches the check off) on one
    document. The rule is not stopped: its findings are kept and the run goes
    on. The engine times every rule call with two clock reads, so the check
    costs nothing noticeable when rules are fast.

    ## Why it matters
    A rule that is slow on some inputs (a plugin with a quadratic loop, a
    pattern close to its timeout) turns a corpus run of hours into days. The
    finding names the rule and the document so the cause can be found and
    the rule fixed, configured or switched off.

    ## Example
    ``PL007 [rule-over-time-budget] rule PL901 (shouting-headline) took 7.31 s
    on this document (budget 5.00 s)``.
    """

    code = "PL007"
    name = "rule-over-time-budget"
    category = Category.ENGINE
    severity = Severity.WARNING
    summary = "A rule took longer than the per-document time budget on this document."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        # Reported by the engine, which times every rule call.
        return ()
