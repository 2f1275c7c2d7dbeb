from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class DuplicateDocumentId(DocumentRule):
    """
    ## What it does
    Reports a document whose id was already used by an earlier document of
    the same run (the same JSON Lines ``id`` twice, or one file given twice).
    The run keeps a 64-bit hash of every id it has seen, so memory stays
    bounded (about 70 bytes per document) however long the ids are.

    ## Why it matters
    Findings, fixes and downstream joins are keyed by document id: two
    documents with one id cannot be told apart, and a re-exported or
    double-scraped record skews the source's scorecard.

    ## Example
    A JSON Lines file whose lines 1 and 9 both say ``"id": "story-17"`` gives,
    on line 9, ``PL006 [duplicate-document-id] document id 'story-17' was
    already used by an earlier document in this run``.
    """

    code = "PL006"
    name = "duplicate-document-id"
    category = Category.ENGINE
    severity = Severity.WARNING
    summary = "The document's id was already used by an earlier document in this run."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        # Needs the whole run's ids: the engine reports it (see provlint.seen_ids).
        return ()
