from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class DocumentTooLarge(DocumentRule):
    """
    ## What it does
    Reports a document longer than ``[tool.provlint.limits]
    max-document-chars`` (default 10,000,000 characters; 0 means no limit).
    The document is skipped, not linted, and counted as skipped.

    ## Why it matters
    No article is ten million characters long: such input is a database dump,
    a concatenation gone wrong or a hostile file. Linting it would hold
    millions of line, sentence and word objects in memory and stall an
    unattended run; skipping it with a finding keeps the run bounded and the
    input accounted for.

    ## Example
    A file holding one 100 MB line gives ``PL008 [document-too-large]
    document has 100,000,000 characters, over the limit of 10,000,000
    ([limits] max-document-chars); skipped``.
    """

    code = "PL008"
    name = "document-too-large"
    category = Category.ENGINE
    severity = Severity.WARNING
    summary = "The document is over the size limit and was skipped."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        # Too-large documents never reach the rules; the engine reports them.
        return ()
