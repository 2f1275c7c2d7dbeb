from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class RuleCrashed(DocumentRule):
    """
    ## What it does
    Reports a rule (built-in or from a plugin) that raised an exception or
    whose pattern timed out on a document. The message names the rule and the
    exception; ``--verbose`` prints the traceback.

    ## Why it matters
    One faulty rule must not stop a run over millions of documents, but its
    failure must not pass unseen either: the document was only partly checked.

    ## Example
    ``PL004 [rule-crashed] rule PL901 (shouting-headline) crashed: ZeroDivisionError: division by zero``.
    """

    code = "PL004"
    name = "rule-crashed"
    category = Category.ENGINE
    severity = Severity.ERROR
    summary = "A rule raised an exception or timed out on this document."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        # Reported by the engine around every rule call.
        return ()
