from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class BinaryInputSkipped(DocumentRule):
    """
    ## What it does
    Reports files that are binary (a known signature such as PDF, PNG, ZIP or
    ELF, or NUL bytes in the first 8 KiB) and were therefore skipped, not read
    as text.

    ## Why it matters
    Reading binary data as text produces garbage findings and garbage
    scorecards; skipping it silently loses track of the input.

    ## Example
    ``scraped/logo.png`` in a folder of articles gives
    ``PL003 [binary-input-skipped] binary file skipped (PNG image)``.
    """

    code = "PL003"
    name = "binary-input-skipped"
    category = Category.ENGINE
    severity = Severity.WARNING
    summary = "Binary input skipped instead of being read as text."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        # Binary inputs never become documents; the engine reports the reader's
        # ReadProblem with this rule's metadata.
        return ()
