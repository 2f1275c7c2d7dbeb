from __future__ import annotations

from collections.abc import Iterable

from ...analyses.line_memo import LineMemo
from ...analyses.page_layout import LEFTOVER, may_be_leftover
from ...lazy_pattern import lazy_compile
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
    without the text they belonged to. Two kinds of such lines belong to the
    article and are passed over: a section break (a run of one repeated mark,
    "___", "***", "* * *") right after a line of prose, as wire copy separates
    its sections; and table cells: a lone number next to another number-like
    cell ("12", "85%", "3.5", "1:23"; blank lines skipped). A column of
    numbers between names or headlines is not told apart from a ranked
    "Most popular" list (1, headline, 2, headline) and stays reported. With
    ``numbers = false`` all lone numbers are passed over. The fix deletes the
    line.

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
        leftover = [len(r.text) <= 40 and may_be_leftover(r.text) and _is_leftover(r.text) for r in rows]
        numeric = [hit and any(ch.isdigit() for ch in r.text) for hit, r in zip(leftover, rows)]
        cell = [
            hit or (len(r.text) <= 20 and _may_be_cell(r.text) and _is_cell(r.text)) for hit, r in zip(numeric, rows)
        ]
        for k, line in enumerate(rows):
            if not leftover[k]:
                continue
            is_number = numeric[k]
            if is_number and (not numbers or (k > 0 and cell[k - 1]) or (k + 1 < len(rows) and cell[k + 1])):
                continue
            if not is_number and k > 0 and _is_section_break(line.text) and _is_prose(rows[k - 1].text):
                continue
            what = "lone number or counter" if is_number else "stray list glyph or separator"
            yield self.line_finding(doc, line.index, what, f"delete the {what}")


def _leftover(text: str) -> bool:
    return LEFTOVER.match(text, timeout=PATTERN_TIMEOUT) is not None


#: A table cell that is a number: an amount, a share, a score or a time ("5040", "85%", "$3.20", "2-1", "1:23").
_CELL = lazy_compile(r"^\s*[-+\u2212]?[$€£¥]?\d[\d.,:/\-]*\s*(?:%|[\p{L}]{1,3}\.?)?\s*$")
#: A section break: one mark repeated ("___", "***", "===", "* * *").
_BREAK = lazy_compile(r"^\s*(?:([_=\-~*#\u2014\u2013])(?:\s?\1){2,})\s*$")
#: The end of a line of prose: terminal punctuation, perhaps inside closing quotes or brackets.
_PROSE_END = lazy_compile(r"[.!?\u2026:][\"'\u201d\u2019)\]]*\s*$")


#: What a cell can start with besides a digit (after spaces).
_CELL_FIRST = frozenset("-+\u2212$€£¥")


def _may_be_cell(text: str) -> bool:
    """False when :data:`_CELL` cannot match: after its spaces a cell starts with a sign, a currency or a digit
    (``str.lstrip`` strips every character ``\\s`` matches)."""
    first = text.lstrip()[:1]
    return first in _CELL_FIRST or first.isdigit()


def _is_cell(text: str) -> bool:
    return _CELL.match(text, timeout=PATTERN_TIMEOUT) is not None


def _is_section_break(text: str) -> bool:
    return _BREAK.match(text, timeout=PATTERN_TIMEOUT) is not None


def _is_prose(text: str) -> bool:
    """A line of prose or a sentence-like heading: at least five words, ending like a sentence."""
    return len(text.split()) >= 5 and _PROSE_END.search(text, timeout=PATTERN_TIMEOUT) is not None


#: Short lines recur (a page's bullets and counters, a site's separators): each distinct text is matched once.
_is_leftover = LineMemo(_leftover)
