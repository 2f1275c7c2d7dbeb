from __future__ import annotations

from typing import Iterable

from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from ..page_lines import line_span
from ..page_layout import LEFTOVER


class LayoutLeftover(DocumentRule):
    """
    ## What it does
    Reports lines that hold only list glyphs or separators ("•", "»", "|",
    "---") or only a number or a counter ("3", "2/12", "4 of 9"): the bullets,
    pagination, slide counters and comment counts of the page layout, left
    without the text they belonged to. With ``numbers = false`` lone numbers
    are passed over. The fix deletes the line.

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
        for line in doc.lines:
            text = line.text
            if not text or len(text) > 40 or text.isspace():
                continue
            if not LEFTOVER.match(text, timeout=PATTERN_TIMEOUT):
                continue
            is_number = any(ch.isdigit() for ch in text)
            if is_number and not numbers:
                continue
            what = "lone number or counter" if is_number else "stray list glyph or separator"
            start, end = line_span(doc, line.index)
            yield self.finding(doc, start, end, what, fix=self.delete_line_fix(doc, line.index, f"delete the {what}"))
