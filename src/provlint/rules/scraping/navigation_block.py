from __future__ import annotations

from collections.abc import Iterable

from ...analyses.page_layout import layout
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument, line_span
from ...rule import DocumentRule


class NavigationBlock(DocumentRule):
    """
    ## What it does
    Reports runs of short lines that are not sentences: menus, section
    lists, link lists, footers. A run is at least ``min-lines`` consecutive
    non-blank lines (blank lines between them do not break it), each a
    navigation label, a stray glyph or number, or a label of at most ten
    words that does not end like a sentence. One finding covers the run's
    label lines that no more specific rule explains (navigation labels are
    PL101's, glyphs PL104's, fragments PL102's); the document's headline is
    left out. So is the article's headline when navigation surrounds it:
    the label line just before the article's first paragraph, or the one
    before it that shares most of its words with the first paragraphs (with
    a byline right after it), and any line repeating the document's title;
    such a line splits the run in two. A document without a single sentence line has no article for
    such lines to surround and gets no finding, and neither does a run that
    follows a sentence ending in a colon and holds no navigation or widget
    line: that is a list the article announces ("The results:", "You will
    need:"), perhaps after a code listing the sentence also announced. The
    lines of a code listing (an HTML page's ``<pre>``, a fenced or plainly
    code-shaped block of plain text) are article content: they end a run
    like a sentence does and are never part of a block. No fix: a run of
    short lines can be a legitimate list.

    ## Why it matters
    Extraction tools that keep a page's menus and footers leave dozens of
    short lines ("World", "Business", "Markets", "Opinion") around the
    article. They are the bulk of boilerplate by line count and carry no
    content.

    ## Example
    ```
    World
    Business          <- PL103 navigation block of 4 short lines (lines 1-4)
    Markets
    Opinion
    The central bank raised rates on Tuesday, citing inflation.
    ```
    """

    code = "PL103"
    name = "navigation-block"
    category = Category.SCRAPING
    severity = Severity.INFO
    summary = "A run of short non-sentence lines: a menu, link list or footer."
    options = {"min_lines": 3}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        for first, last, count in layout(doc, min_block=int(self.opts["min_lines"])).blocks:
            start, _ = line_span(doc, first)
            _, end = line_span(doc, last)
            where = f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"
            noun = "line" if count == 1 else "lines"
            yield self.finding(doc, start, end, f"navigation block: {count} short non-sentence {noun} ({where})")
