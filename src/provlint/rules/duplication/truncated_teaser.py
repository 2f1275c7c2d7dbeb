from __future__ import annotations

from collections.abc import Iterable

from ...analyses.page_lines import line_key, line_span
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule

_ELLIPSES = ("...", "…")


class TruncatedTeaser(DocumentRule):
    """
    ## What it does
    Reports a line ending in "..." or "…" whose text before the ellipsis
    (at least ``min-chars`` characters, whitespace and case ignored) is the
    beginning of another, longer line or paragraph of the same document, before
    or after it. That is a teaser (a cut-off preview) of text the document
    also carries in full. The fix deletes the teaser.

    ## Why it matters
    Listing pages and article templates show a shortened preview of the
    article next to the article itself. Kept together, the start of the text
    appears twice, once cut off mid-sentence.

    ## Example
    ```
    Macron and Meloni haven't exactly been buddy-buddy. In a...            <- PL203 truncated teaser of line 2
    Macron and Meloni haven't exactly been buddy-buddy. In a recent visit to Rome, ...
    ```
    """

    code = "PL203"
    name = "truncated-teaser"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line cut off with an ellipsis repeats the start of a longer line or paragraph."
    options = {"min_chars": 20}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        min_chars = int(self.opts["min_chars"])
        teasers: list[tuple[int, str]] = []
        for line in doc.lines:
            text = line.text.rstrip()
            if not text.endswith(_ELLIPSES):
                continue
            prefix = line_key(text.rstrip(".… "))
            if len(prefix) >= min_chars:
                teasers.append((line.index, prefix))
        if not teasers:
            return
        blocks = [
            (line.index, line_key(line.text))
            for line in doc.lines
            if len(line.text) > min_chars and not line.text.rstrip().endswith(_ELLIPSES)
        ]
        blocks += [(p.line, line_key(p.text)) for p in doc.paragraphs if "\n" in p.text]
        for index, prefix in teasers:
            full = next(
                (i for i, key in blocks if i != index and len(key) > len(prefix) + 1 and key.startswith(prefix)), None
            )
            if full is None:
                continue
            start, end = line_span(doc, index)
            yield self.finding(
                doc,
                start,
                end,
                f"truncated teaser of line {full + 1}",
                fix=self.delete_line_fix(doc, index, "delete the teaser"),
            )
