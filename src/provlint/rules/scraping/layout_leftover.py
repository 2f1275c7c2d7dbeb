from __future__ import annotations

from collections.abc import Iterable

from ...analyses.line_memo import LineMemo
from ...analyses.page_layout import LEFTOVER
from ...analyses.page_lines import line_span
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class LayoutLeftover(DocumentRule):
    """
    ## What it does
    Reports lines that hold only list glyphs or separators ("•", "»", "|",
    "---") or only a number or a counter ("3", "2/12", "4 of 9"): the bullets,
    pagination, slide counters and comment counts of the page layout, left
    without the text they belonged to. A number next to another lone number
    (blank lines skipped) is a column of a table, not a leftover, and is
    passed over; with ``numbers = false`` all lone numbers are. The fix
    deletes the line.

    ## Why it matters
    Such lines carry no content. In training data and search indexes they are
    noise; to a reader they look like a broken page.

    ## Example
    ```
    The council approved the budget on Monday.
    •                  <- PL104 stray list glyph
    16                 <- PL104 lone number
    ```
    """

    code = "PL104"
    name = "layout-leftover"
    category = Category.SCRAPING
    severity = Severity.WARNING
    summary = "A line holds only a stray bullet, separator or a lone number."
    options = {"numbers": True}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        numbers = bool(self.opts["numbers"])
        rows = [line for line in doc.lines if line.text and not line.text.isspace()]
        leftover = [len(r.text) <= 40 and _is_leftover(r.text) for r in rows]
        numeric = [hit and any(ch.isdigit() for ch in r.text) for hit, r in zip(leftover, rows)]
        for k, line in enumerate(rows):
            if not leftover[k]:
                continue
            is_number = numeric[k]
            if is_number and (not numbers or (k > 0 and numeric[k - 1]) or (k + 1 < len(rows) and numeric[k + 1])):
                continue
            what = "lone number or counter" if is_number else "stray list glyph or separator"
            start, end = line_span(doc, line.index)
            yield self.finding(doc, start, end, what, fix=self.delete_line_fix(doc, line.index, f"delete the {what}"))


def _leftover(text: str) -> bool:
    return LEFTOVER.match(text, timeout=PATTERN_TIMEOUT) is not None


#: Short lines recur (a page's bullets and counters, a site's separators): each distinct text is matched once.
_is_leftover = LineMemo(_leftover)
