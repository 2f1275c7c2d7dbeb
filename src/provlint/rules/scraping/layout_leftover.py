from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...analyses.code_listings import code_lines
from ...analyses.line_memo import LineMemo
from ...analyses.page_layout import LEFTOVER, LEFTOVER_FIRST, may_be_leftover
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument, Span
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
    ``numbers = false`` all lone numbers are passed over. Lines of a code
    listing (an HTML page's ``<pre>``, a fenced or plainly code-shaped block
    of plain text) are code, not layout. The fix deletes the line.

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
        lines = doc.lines
        code = code_lines(doc)
        # Most lines can be no leftover (too long, or a letter first): only the others, and the non-blank
        # lines on either side of a leftover, are looked at (they were three passes over every line).
        for index in _leftover_lines(lines):
            if index in code:
                continue  # a listing's lone brace, number or "---" is code
            text = lines[index].text
            is_number = any(ch.isdigit() for ch in text)
            if is_number:
                if not numbers:
                    continue
                before, after = _neighbour(lines, index, -1), _neighbour(lines, index, 1)
                if (before is not None and _is_cell_row(before)) or (after is not None and _is_cell_row(after)):
                    continue
            elif _is_section_break(text):
                before = _neighbour(lines, index, -1)
                if before is not None and _is_prose(before):
                    continue
            what = "lone number or counter" if is_number else "stray list glyph or separator"
            yield self.line_finding(doc, index, what, f"delete the {what}")


def _leftover_lines(lines: Sequence[Span]) -> list[int]:
    """Indexes of the lines of at most 40 characters that :data:`LEFTOVER` matches (never a blank one).

    :func:`may_be_leftover`'s test of the first character comes first, spelled out for a line that does
    not start with a space.
    """
    out = []
    for index, line in enumerate(lines):
        text = line.text
        if not text or len(text) > 40:
            continue
        first = text[0]
        if first.isspace():
            if not may_be_leftover(text):
                continue
        elif first not in LEFTOVER_FIRST and not first.isdigit():
            continue
        if _is_leftover(text):
            out.append(index)
    return out


def _neighbour(lines: Sequence[Span], index: int, step: int) -> str | None:
    """The text of the nearest non-blank line before (``step`` -1) or after (1) line ``index``, if any."""
    index += step
    while 0 <= index < len(lines):
        text = lines[index].text
        if text and not text.isspace():
            return text
        index += step
    return None


def _is_cell_row(text: str) -> bool:
    """A number-like table cell: a leftover holding a digit, or a :data:`_CELL` of at most 20 characters."""
    if len(text) <= 40 and may_be_leftover(text) and _is_leftover(text) and any(ch.isdigit() for ch in text):
        return True
    return len(text) <= 20 and _may_be_cell(text) and _is_cell(text)


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
