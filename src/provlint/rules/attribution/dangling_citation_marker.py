from __future__ import annotations

from typing import Iterable

import regex

from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule

# A numeric reference marker such as [3] or [12] (each of [3][5] separately).
_MARKER = regex.compile(r"\[(\d{1,3})\]")
# A heading that opens a reference list.
_REFERENCE_HEADING = regex.compile(
    r"^\s*(?:#+\s*)?(?:references?|notes|footnotes|sources|bibliography|works cited|citations)\s*:?\s*$",
    regex.IGNORECASE,
)


class DanglingCitationMarker(DocumentRule):
    """
    ## What it does
    Reports numeric citation markers such as ``[3]`` or ``[3][5]`` in a
    document that has no reference list (no "References", "Notes", "Sources"
    or similar heading). Each marker is its own finding, at its own column.
    The fix deletes the marker and the space before it.

    ## Why it matters
    Markers without references are the residue of text copied from a source
    that had them (an encyclopedia, a generated answer with sources). They
    promise evidence that the document does not carry.

    ## Example
    ```
    They aim to deepen their cooperation on defense [3].
    ```
    with no reference list gives ``PL301 citation marker [3] has no reference list``.
    """

    code = "PL301"
    name = "dangling-citation-marker"
    category = Category.ATTRIBUTION
    severity = Severity.WARNING
    summary = "A citation marker like [3] points to a reference list the document does not have."
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        if "[" not in text:
            return
        if any(_REFERENCE_HEADING.match(line.text, timeout=PATTERN_TIMEOUT) for line in doc.lines if len(line.text) < 40):
            return
        for m in _MARKER.finditer(text, timeout=PATTERN_TIMEOUT):
            start, end = m.span()
            fix_start = start - 1 if start > 0 and text[start - 1] == " " and not _after_marker(text, start) else start
            yield self.finding(
                doc,
                start,
                end,
                f"citation marker [{m.group(1)}] has no reference list",
                fix=self.delete_fix(doc, fix_start, end, f"delete citation marker [{m.group(1)}]"),
            )


def _after_marker(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] == "]"
