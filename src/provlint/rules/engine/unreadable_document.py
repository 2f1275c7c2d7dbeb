from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class UnreadableDocument(DocumentRule):
    """
    ## What it does
    Reports input that could not become a document: a file that cannot be
    opened, a JSON Lines record that is malformed, is not an object, or has no
    string ``text`` field. The finding names the file and line and says why.

    ## Why it matters
    A corpus run must account for every input. A record that silently vanishes
    skews counts and scorecards and hides broken exports upstream.

    ## Example
    A JSON Lines file whose line 7 reads ``{"id": 3, "text": }`` gives
    ``corpus.jsonl:7:1: PL001 [unreadable-document] line 7: malformed JSON: Expecting value at column 20``.
    """

    code = "PL001"
    name = "unreadable-document"
    category = Category.ENGINE
    severity = Severity.ERROR
    summary = "Input that could not be read or parsed into a document."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        # Read problems never reach the rules: the engine reports them with
        # this rule's metadata when the reader hands over a ReadProblem.
        return ()
