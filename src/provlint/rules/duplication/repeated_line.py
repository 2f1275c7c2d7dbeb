from __future__ import annotations

from typing import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


def line_key(text: str) -> str:
    """Whitespace-folded, case-folded form under which two lines count as the same."""
    return " ".join(text.split()).casefold()


class RepeatedLine(DocumentRule):
    """
    ## What it does
    Reports every line that repeats an earlier line of the same document,
    compared with whitespace folded and case ignored. Lines shorter than
    ``min-chars`` characters are passed over. The fix deletes the repeat.

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
        for line in doc.lines:
            stripped = line.text.strip()
            if len(stripped) < min_chars:
                continue
            key = line_key(stripped)
            if key in first_seen:
                lead = len(line.text) - len(line.text.lstrip())
                yield self.finding(
                    doc,
                    line.start + lead,
                    line.start + lead + len(stripped),
                    f"line repeats line {first_seen[key] + 1}",
                    fix=self.delete_line_fix(doc, line.index, "delete the repeated line"),
                )
            else:
                first_seen[key] = line.index
