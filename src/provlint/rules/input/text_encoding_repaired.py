from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class TextEncodingRepaired(DocumentRule):
    """
    ## What it does
    Reports a file whose bytes were not valid in the configured encoding and
    were decoded by the fallback policy (a byte-order mark, Windows-1252, or
    replacement characters), saying which.

    ## Why it matters
    A wrong decoding changes the text every other rule reads; replacement
    characters mean text was lost. The source's export deserves a look.

    ## Example
    A Latin-1 file containing ``caf\\xe9`` gives
    ``PL002 [text-encoding-repaired] not valid utf-8 (byte 3); decoded as Windows-1252``.
    """

    code = "PL002"
    name = "text-encoding-repaired"
    category = Category.ENGINE
    severity = Severity.WARNING
    summary = "The input's bytes were not valid text and were decoded by the fallback policy."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        note = doc.document.metadata.get("decode_note")
        if isinstance(note, str) and note:
            yield self.finding(doc, 0, 0, note)
