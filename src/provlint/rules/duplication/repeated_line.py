from __future__ import annotations

from typing import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from ..page_lines import headline_repeats, line_key, lines_of, paragraph_repeats

__all__ = ["RepeatedLine", "line_key"]


class RepeatedLine(DocumentRule):
    """
    ## What it does
    Reports every line that repeats an earlier line of the same document,
    compared with whitespace folded and case ignored. Lines shorter than
    ``min-chars`` characters are passed over. Repeats that a more specific
    rule reports are left to it: a repeated headline (PL202) and the lines of
    a repeated multi-line paragraph (PL204). The fix deletes the repeat.

    ## Why it matters
    Scrapers and syndication pipelines duplicate widgets, teasers and
    headlines. Repeats inflate the document, bias training data toward
    boilerplate and read as sloppy to a human reader.

    ## Example
    ```
    No time to read?        <- line 3
    Get a summary
    ...
    No time to read?        <- line 16: PL201 repeats line 3
    ```
    """

    code = "PL201"
    name = "repeated-line"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line repeats an earlier line of the same document."
    options = {"min_chars": 10}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        first_seen: dict[str, int] = {}
        min_chars = int(self.opts["min_chars"])
        skip: set[int] | None = None
        for line in doc.lines:
            stripped = line.text.strip()
            if len(stripped) < min_chars:
                continue
            key = line_key(stripped)
            if key not in first_seen:
                first_seen[key] = line.index
                continue
            if skip is None:  # only documents with a repeat pay for this
                skip = set(headline_repeats(doc)) | lines_of(doc, [p for p, _ in paragraph_repeats(doc)])
            if line.index in skip:
                continue
            lead = len(line.text) - len(line.text.lstrip())
            yield self.finding(
                doc,
                line.start + lead,
                line.start + lead + len(stripped),
                f"line repeats line {first_seen[key] + 1}",
                fix=self.delete_line_fix(doc, line.index, "delete the repeated line"),
            )
