from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class EmptyDocument(DocumentRule):
    """
    ## What it does
    Reports a document with no text at all, or only whitespace (spaces, tabs,
    newlines, no-break spaces), saying how many whitespace characters it holds.

    ## Why it matters
    An empty page usually means the scraper's extraction failed (a paywall, a
    script-rendered page, a changed template). Such documents pass every other
    rule silently and pull a source's scorecard towards "clean" while adding
    nothing to the corpus.

    ## Example
    A JSON Lines record ``{"id": "a1", "text": "  \\n\\n "}`` gives
    ``PL005 [empty-document] document contains only whitespace (5 characters)``.
    """

    code = "PL005"
    name = "empty-document"
    category = Category.ENGINE
    severity = Severity.WARNING
    summary = "The document has no text, or only whitespace."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        raw = doc.document.text
        if not raw:
            yield self.finding(doc, 0, 0, "document is empty")
        elif not raw.strip() and not doc.text.strip():
            yield self.finding(
                doc, 0, 0, f"document contains only whitespace ({len(raw)} character{'s' if len(raw) != 1 else ''})"
            )
